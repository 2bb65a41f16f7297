from django.db import models
from django.utils.translation import gettext_lazy as _


class CostCategory(models.TextChoices):
    """Cost categories of an EU action grant. Indirect costs are a flat rate of the direct ones."""

    STAFF = "staff", _("Staff")
    TRAVEL = "travel", _("Travel and subsistence")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    EQUIPMENT = "equipment", _("Equipment")
    OTHER = "other", _("Other direct costs")
    INDIRECT = "indirect", _("Indirect costs (flat rate)")


# Categories a budget line or an expenditure may name; indirect costs are computed.
DIRECT_CATEGORIES = tuple(c for c in CostCategory if c != CostCategory.INDIRECT)


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Lead partner (coordinator)")
    PARTNER = "partner", _("Partner")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")


class Dissemination(models.TextChoices):
    PUBLIC = "public", _("Public")
    CONFIDENTIAL = "confidential", _("Confidential (consortium and Commission)")


class ReportKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic report")
    FINAL = "final", _("Final report")
