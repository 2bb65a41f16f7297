"""Training programme texts in several languages (docs/translation.md).

The change history of these models is registered here, after their per-language columns exist,
so that django-simple-history's copy has the columns too (its documented way of working with
django-modeltranslation); a `HistoricalRecords()` on the model would be built without them.
"""

import simple_history
from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import translator

from clusterhub.training.models import Module
from clusterhub.training.models import TrainingProgramme


class TrainingProgrammeTranslation(TranslationOptions):
    fields = ("title", "description")


class ModuleTranslation(TranslationOptions):
    fields = ("title",)


translator.register(TrainingProgramme, TrainingProgrammeTranslation)
translator.register(Module, ModuleTranslation)
simple_history.register(TrainingProgramme)
simple_history.register(Module)
