"""Organisers' texts of events in several languages (docs/translation.md).

django-modeltranslation adds `title_en`, `title_lv`, `title_et`, `title_sv`... columns; `title`
reads the reader's language and falls back to the original (English column), never to "".
"""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from clusterhub.events.models import Event
from clusterhub.events.models import Session


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("title",)
