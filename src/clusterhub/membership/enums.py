"""Choices of the membership area."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class LeavingReason(models.TextChoices):
    """Why a member left; kept for the leaving statistics per year."""

    COST = "cost", _("Fee too high")
    VALUE = "value", _("Not enough value from the membership")
    CLOSED = "closed", _("Organisation closed or merged")
    STRATEGY = "strategy", _("Change of strategy or sector")
    OTHER_CLUSTER = "other_cluster", _("Joined another cluster")
    EXCLUDED = "excluded", _("Excluded by the cluster")
    OTHER = "other", _("Other")
