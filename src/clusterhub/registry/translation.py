"""NACE titles in four languages (docs/translation.md, "NACE titles").

django-modeltranslation adds `title_en`, `title_lv`, `title_et`, `title_sv`; `title` reads the
reader's language and falls back to English where a code has no translated title (a NACE 2.1
code that is new or changed since Rev. 2), so every page, picker and API answer that shows
`title` is in the reader's language without knowing it.
"""

from clusterhub.common.content_languages import translate
from clusterhub.registry.models import NaceCode

translate(NaceCode, "title")
