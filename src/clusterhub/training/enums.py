from django.db import models
from django.utils.translation import gettext_lazy as _


class Competence(models.TextChoices):
    """Competences of cluster management that training modules build and participants rate.

    The codes are a contract: the assessment framework maps weak indicators to these codes
    (`training_topics`), so a code is never renamed, only added.
    """

    STRATEGY = "strategy", _("Strategy development")
    SERVICE_DEVELOPMENT = "service_development", _("Service development")
    FINANCING = "financing", _("Financing of the cluster management")
    INTERNATIONALISATION = "internationalisation", _("Internationalisation")
    COMMUNICATION = "communication", _("Communication and marketing")
    CROSS_INDUSTRY = "cross_industry", _("Cross-industry cooperation")
    GOVERNANCE = "governance", _("Governance and management")
    DIGITAL = "digital", _("Digital transformation")
    GREEN = "green", _("Green transition")


class Phase(models.TextChoices):
    """When a participant rates their competences: before the programme and after it."""

    BEFORE = "before", _("Before the programme")
    AFTER = "after", _("After the programme")


# Self-assessment and feedback scale.
MIN_SCORE = 1
MAX_SCORE = 5
