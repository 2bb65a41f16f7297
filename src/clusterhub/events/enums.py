"""Choices of the events app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    CONFERENCE = "conference", _("Conference")
    WEBINAR = "webinar", _("Webinar")
    STUDY_VISIT = "study_visit", _("Study visit")
    TRAINING_DAY = "training_day", _("Training day")


class Audience(models.TextChoices):
    PUBLIC = "public", _("Public: every signed-in user")
    MEMBERS = "members", _("Members of the chosen clusters")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration or meeting", "Cancelled")


class QuestionKind(models.TextChoices):
    TEXT = "text", _("Free text")
    CHOICE = "choice", _("One of a list")
    YES_NO = "yes_no", _("Yes or no")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", pgettext_lazy("registration or meeting", "Cancelled")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", pgettext_lazy("registration or meeting", "Cancelled")


MEETING_MINUTES = ((15, _("15 minutes")), (20, _("20 minutes")), (30, _("30 minutes")))
