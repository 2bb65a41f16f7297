from django.db import models
from django.utils.translation import gettext_lazy as _


class AnswerType(models.TextChoices):
    NUMBER = "number", _("Number")
    PERCENTAGE = "percentage", _("Percentage")
    CHOICE = "choice", _("Choice")
    YES_NO = "yes_no", _("Yes / no")
    TEXT = "text", _("Text (one item per line)")
    EVIDENCE = "evidence", _("Evidence list")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class LabelLevel(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


# The service categories and training topics (competences) that the services and training apps
# use; the framework maps weak indicators onto these codes (issue 3, point 7).
SERVICE_CATEGORIES = (
    "information",
    "networking",
    "training",
    "internationalisation",
    "innovation",
    "finance",
    "advocacy",
    "infrastructure",
)
TRAINING_TOPICS = (
    "strategy",
    "service_development",
    "financing",
    "internationalisation",
    "communication",
    "cross_industry",
    "governance",
    "digital",
    "green",
)
