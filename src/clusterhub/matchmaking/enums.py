from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileKind(models.TextChoices):
    """The five Enterprise Europe Network partnering profile types."""

    BUSINESS_OFFER = "business_offer", _("Business offer")
    BUSINESS_REQUEST = "business_request", _("Business request")
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_REQUEST = "technology_request", _("Technology request")
    RD_REQUEST = "rd_request", _("R&D request")


OFFER_KINDS = frozenset({ProfileKind.BUSINESS_OFFER, ProfileKind.TECHNOLOGY_OFFER})


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: every signed-in user")
    CLUSTERS = "clusters", _("Members of my clusters")
    ANONYMOUS = "anonymous", _("Anonymous: introductions through the cluster manager")


class IntroductionStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    FORWARDED = "forwarded", _("Forwarded by the cluster manager")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class CollaborationStatus(models.TextChoices):
    EXPLORING = "exploring", _("Exploring")
    NEGOTIATING = "negotiating", _("Negotiating")
    AGREED = "agreed", _("Agreed")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")
    DROPPED = "dropped", _("Dropped")
