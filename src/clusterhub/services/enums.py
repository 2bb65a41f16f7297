from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCategory(models.TextChoices):
    """What kind of help a cluster offers its members. The codes are a contract: the assessment
    framework maps weak indicators to them (assessment.insights.WeakIndicator.service_categories).
    """

    INFORMATION = "information", _("Information")
    NETWORKING = "networking", _("Networking and matchmaking")
    TRAINING = "training", _("Training")
    INTERNATIONALISATION = "internationalisation", _("Internationalisation")
    INNOVATION = "innovation", _("Innovation and R&D support")
    FINANCE = "finance", _("Access to finance")
    ADVOCACY = "advocacy", _("Advocacy")
    INFRASTRUCTURE = "infrastructure", _("Shared infrastructure")
    OTHER = "other", _("Other")


class PriceModel(models.TextChoices):
    FREE = "free", _("Free")
    MEMBERSHIP = "membership", _("Included in the membership fee")
    FIXED_FEE = "fixed_fee", _("Fixed fee")
    PER_USE = "per_use", _("Per use")
    SUBSIDISED = "subsidised", _("Subsidised")


# Price models that only make sense with an amount.
PRICED_MODELS = frozenset({PriceModel.FIXED_FEE, PriceModel.PER_USE})


class ServiceStatus(models.TextChoices):
    """The life of a service: the first four are the stages of the development pipeline."""

    IDEA = "idea", _("Idea")
    DESIGN = "design", _("Design")
    PILOT = "pilot", _("Pilot")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


PIPELINE_STAGES = (
    ServiceStatus.IDEA,
    ServiceStatus.DESIGN,
    ServiceStatus.PILOT,
    ServiceStatus.ACTIVE,
)
# Stages in which a service is in use by members (uptake may be recorded).
LAUNCHED = frozenset({ServiceStatus.PILOT, ServiceStatus.ACTIVE})
# Stages that only the cluster team and its experts see; the portfolio shows the others.
IN_DEVELOPMENT = frozenset({ServiceStatus.IDEA, ServiceStatus.DESIGN})


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for answers")
    CLOSED = "closed", _("Closed")


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating 1 to 5")
    CHOICE = "choice", _("Choice (one answer)")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Text")


CHOICE_KINDS = frozenset({QuestionKind.CHOICE, QuestionKind.MULTIPLE})
