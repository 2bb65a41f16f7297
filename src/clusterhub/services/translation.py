"""Service names and descriptions in several languages (docs/translation.md)."""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from clusterhub.services.models import Service


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description")
