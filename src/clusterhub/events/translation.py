"""Organisers' texts of events in several languages (docs/translation.md).

django-modeltranslation adds `title_en`, `title_lv`, `title_et`, `title_sv`... columns; `title`
reads the reader's language and falls back to the original (English column), never to "".
"""

from clusterhub.common.content_languages import translate
from clusterhub.events.models import Event
from clusterhub.events.models import Session

translate(Event, "title", "description")
translate(Session, "title")
