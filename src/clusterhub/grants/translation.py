"""The public project page's texts and news in several languages (docs/translation.md)."""

from clusterhub.common.content_languages import translate
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project

translate(Project, "title", "description", history=True)
translate(NewsArticle, "title", "body", history=True)
