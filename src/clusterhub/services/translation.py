"""Service names and descriptions in several languages (docs/translation.md)."""

from clusterhub.common.content_languages import translate
from clusterhub.services.models import Service

translate(Service, "name", "description")
