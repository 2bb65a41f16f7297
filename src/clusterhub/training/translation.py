"""Training programme texts in several languages (docs/translation.md)."""

from clusterhub.common.content_languages import translate
from clusterhub.training.models import Module
from clusterhub.training.models import TrainingProgramme

translate(TrainingProgramme, "title", "description", history=True)
translate(Module, "title", history=True)
