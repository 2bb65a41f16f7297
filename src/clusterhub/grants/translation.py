"""The public project page's texts and news in several languages (docs/translation.md).

The change history of these models is registered here, after their per-language columns exist,
so that django-simple-history's copy has the columns too (its documented way of working with
django-modeltranslation); a `HistoricalRecords()` on the model would be built without them.
"""

import simple_history
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import translator

from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project


class ProjectTranslation(TranslationOptions):
    fields = ("title", "description")


class NewsArticleTranslation(TranslationOptions):
    fields = ("title", "body")


translator.register(Project, ProjectTranslation)
translator.register(NewsArticle, NewsArticleTranslation)
simple_history.register(Project)
simple_history.register(NewsArticle)
