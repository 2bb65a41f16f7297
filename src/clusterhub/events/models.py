"""Events, their agenda, registrations, feedback and B2B meetings.

Times are stored timezone-aware (UTC in the database); each event names the timezone its
programme is printed in, so a Riga workshop shows 10:00 wherever the reader sits.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clusterhub.common.models import TimeStampedModel
from clusterhub.events.enums import MEETING_MINUTES
from clusterhub.events.enums import Audience
from clusterhub.events.enums import EventKind
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import QuestionKind
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus

LANGUAGES = (("en", "English"), ("lv", "Latviešu"), ("et", "Eesti"), ("sv", "Svenska"))


def validate_timezone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(_("%(tz)s is not a known timezone."), params={"tz": value}) from exc


class Event(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    description = models.TextField(_("description"), blank=True)
    cluster = models.ForeignKey(
        "registry.Cluster",
        verbose_name=_("host cluster"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    programme = models.ForeignKey(
        "registry.Programme",
        verbose_name=_("host programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    timezone = models.CharField(
        _("timezone"), max_length=64, default="Europe/Riga", validators=[validate_timezone]
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("registration opens"))
    registration_closes = models.DateTimeField(_("registration closes"))
    audience = models.CharField(
        _("audience"), max_length=10, choices=Audience.choices, default=Audience.PUBLIC
    )
    audience_clusters = models.ManyToManyField(
        "registry.Cluster", verbose_name=_("audience clusters"), blank=True, related_name="+"
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="en")
    published = models.BooleanField(_("published"), default=True)
    # B2B meetings
    b2b_enabled = models.BooleanField(_("B2B meetings"), default=False)
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length"), choices=MEETING_MINUTES, default=20
    )
    b2b_tables = models.PositiveIntegerField(_("tables"), default=10)
    b2b_cap = models.PositiveIntegerField(
        _("meetings per participant at most"), default=8, validators=[MinValueValidator(1)]
    )
    request_expiry_hours = models.PositiveIntegerField(
        _("requests expire after (hours)"), default=72, validators=[MinValueValidator(1)]
    )
    b2b_published = models.BooleanField(_("meeting schedule published"), default=False)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    @property
    def host(self):
        return self.cluster or self.programme

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        try:
            return zoneinfo.ZoneInfo(self.timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return zoneinfo.ZoneInfo("UTC")

    def clean(self) -> None:
        errors = {}
        if (self.cluster_id is None) == (self.programme_id is None):
            errors["cluster"] = _(
                "An event is hosted by a cluster or by a programme (one of them)."
            )
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes <= self.registration_opens
        ):
            errors["registration_closes"] = _("Registration must close after it opens.")
        if self.registration_closes and self.ends_at and self.registration_closes > self.ends_at:
            errors["registration_closes"] = _("Registration cannot close after the event ends.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Give a venue, an online link, or both.")
        if errors:
            raise ValidationError(errors)


class Session(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    speakers = models.ManyToManyField(
        "registry.Person", verbose_name=_("speakers"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "room", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        event = self.event if self.event_id else None
        if (
            event
            and self.starts_at
            and self.ends_at
            and (self.starts_at < event.starts_at or self.ends_at > event.ends_at)
        ):
            raise ValidationError({"starts_at": _("A session must lie within the event's dates.")})


class Question(models.Model):
    """An extra question the organiser adds to the registration form."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(_("choices, one a line"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [c.strip() for c in self.choices.splitlines() if c.strip()]

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE and len(self.choice_list) < 2:
            raise ValidationError({"choices": _("A choice question needs at least two choices.")})


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("status"), max_length=10, choices=RegistrationStatus.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("promoted from the waiting list"), null=True, blank=True)
    # B2B
    b2b_opt_in = models.BooleanField(_("takes part in B2B meetings"), default=False)
    b2b_profile = models.TextField(_("what I offer and look for"), blank=True)
    b2b_cap = models.PositiveIntegerField(
        _("my meeting limit"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    agenda = models.ManyToManyField(Session, verbose_name=_("personal agenda"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="events_one_active_registration",
            )
        ]

    def __str__(self) -> str:
        return f"{self.display_name} - {self.event}"

    @property
    def display_name(self) -> str:
        return self.user.get_full_name() or self.user.username

    @property
    def organisation(self):
        person = getattr(self.user, "person", None)
        return person.organisation if person is not None else None


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Feedback(TimeStampedModel):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(_("overall (1-5)"), validators=RATING)
    content = models.PositiveSmallIntegerField(_("content (1-5)"), validators=RATING)
    organisation = models.PositiveSmallIntegerField(_("organisation (1-5)"), validators=RATING)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")


class FollowUp(TimeStampedModel):
    """Six months after the event: did the meetings lead to agreements?"""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="follow_up"
    )
    led_to_agreement = models.BooleanField(_("a meeting led to an agreement"), null=True)
    agreements = models.PositiveIntegerField(_("number of agreements"), default=0)
    notes = models.TextField(_("what was agreed"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")


class MeetingSlot(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")

    def __str__(self) -> str:
        local = self.starts_at.astimezone(self.event.tz)
        return date_format(local, "SHORT_DATETIME_FORMAT")


class Availability(models.Model):
    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="availability"
    )
    slot = models.ForeignKey(MeetingSlot, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="events_one_avail")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id}@{self.slot_id}"


class MeetingRequest(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    sender = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="sent")
    receiver = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="received")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    expires_at = models.DateTimeField(_("expires"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")

    def __str__(self) -> str:
        return f"{self.sender.display_name} -> {self.receiver.display_name}"


class Meeting(TimeStampedModel):
    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    slot = models.ForeignKey(MeetingSlot, on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveIntegerField(_("table"), validators=[MinValueValidator(1)])
    locked = models.BooleanField(_("locked by the organiser"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )

    class Meta:
        ordering = ["slot__starts_at", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot} T{self.table}"


class SchedulingRun(models.Model):
    """What the scheduler achieved, kept for the organiser's statistics."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="scheduling_runs")
    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    placed = models.PositiveIntegerField(_("meetings placed"))
    # Objective, bound and greedy are priority-weighted (equal to counts when all priorities are 1).
    objective = models.PositiveIntegerField(_("priority-weighted meetings"), default=0)
    upper_bound = models.PositiveIntegerField(_("proven upper bound"))
    optimal = models.BooleanField(_("proven optimal"))
    greedy = models.PositiveIntegerField(_("first-come-first-served would place"))
    idle_slots = models.PositiveIntegerField(_("idle slots between meetings"))
    seconds = models.FloatField(_("seconds"))

    class Meta:
        ordering = ["-ran_at", "-id"]
        verbose_name = _("scheduling run")
        verbose_name_plural = _("scheduling runs")

    def __str__(self) -> str:
        return f"{self.event_id}: {self.placed}/{self.upper_bound}"
