"""Registration and what follows it: the waiting list, cancellation, check-in, the personal
agenda, feedback and the six-month follow-up.

Registration and cancellation lock the event row first (SELECT ... FOR UPDATE on PostgreSQL;
SQLite's IMMEDIATE transactions serialise writers), so parallel registrations can never confirm
more people than the capacity.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.notifications import notify
from clusterhub.common.saving import save
from clusterhub.events import follow_ups
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import QuestionKind
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.models import Event
from clusterhub.events.models import Feedback
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import Registration
from clusterhub.events.models import Session
from clusterhub.matchmaking.domain import record_event_agreement

FOLLOW_UP_AFTER = dt.timedelta(days=182)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def clean_answers(event: Event, answers: dict) -> dict:
    """The answers to the event's questions, keyed by question id; a field error per bad one."""
    answers = answers or {}
    cleaned, errors = {}, {}
    for q in event.questions.all():
        raw = answers.get(str(q.pk), answers.get(q.pk, ""))
        value = raw if isinstance(raw, str | bool) else str(raw)
        key = f"question_{q.pk}"
        if q.kind == QuestionKind.YES_NO:
            if value in ("", None) and q.required:
                errors[key] = _("Please answer: %(q)s") % {"q": q.label}
                continue
            value = {
                "true": True,
                "yes": True,
                "1": True,
                "false": False,
                "no": False,
                "0": False,
            }.get(str(value).lower(), value)
            if value not in (True, False, ""):
                errors[key] = _("Answer yes or no.")
                continue
        elif q.kind == QuestionKind.CHOICE and value and value not in q.choice_list:
            errors[key] = _("Choose one of the listed answers.")
            continue
        if isinstance(value, str):
            value = value.strip()[:2000]
        if q.required and value in ("", None):
            errors[key] = _("Please answer: %(q)s") % {"q": q.label}
            continue
        cleaned[str(q.pk)] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


# Registration -------------------------------------------------------------------------------


def register(
    *, event: Event, user, answers: dict | None = None, now: dt.datetime | None = None
) -> Registration:
    """Register a user: confirmed while places are left, else on the waiting list.

    Side effects: a notification telling the user which of the two it is.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The lock that makes capacity hold under parallel registrations.
        event = Event.objects.select_for_update().get(pk=event.pk)
        if now < event.registration_opens:
            raise ValidationError(_("Registration for this event has not opened yet."))
        if now > event.registration_closes:
            raise ValidationError(_("Registration for this event is closed."))
        if event.registrations.filter(user=user, status__in=ACTIVE).exists():
            raise ValidationError(_("You are already registered for this event."))
        cleaned = clean_answers(event, answers or {})
        # Places free while people wait (a capacity raised outside save_event, say the admin
        # site) are theirs first: a newcomer is confirmed only behind everyone waiting.
        confirmed = _promote_waiting(event, now)
        status = (
            RegistrationStatus.CONFIRMED
            if confirmed < event.capacity
            else RegistrationStatus.WAITING
        )
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event, user=user, status=status, answers=cleaned
                )
        except IntegrityError as exc:
            raise ValidationError(_("You are already registered for this event.")) from exc
        with in_language_of(user):
            if status == RegistrationStatus.CONFIRMED:
                subject = _("Your place at %(e)s is confirmed") % {"e": event.title}
                body = _("You are registered for %(e)s.") % {"e": event.title}
            else:
                subject = _("You are on the waiting list for %(e)s") % {"e": event.title}
                body = _(
                    "The event is full. You are on the waiting list and will be told as soon "
                    "as a place frees up."
                )
        # robust: the registration stands even if the notification cannot be written.
        transaction.on_commit(
            lambda: notify(user=user, event=event, subject=subject, body=body), robust=True
        )
    return registration


def cancel_registration(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Cancel a registration; a confirmed place goes to the first person waiting.

    Side effects: the promoted person is notified; the canceller's meetings are cancelled.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == RegistrationStatus.CANCELLED:
            raise ValidationError(_("This registration is already cancelled."))
        was_confirmed = registration.status == RegistrationStatus.CONFIRMED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        Meeting.objects.filter(
            Q(request__sender=registration) | Q(request__receiver=registration),
            status=MeetingStatus.SCHEDULED,
        ).update(status=MeetingStatus.CANCELLED)
        MeetingRequest.objects.filter(
            Q(sender=registration) | Q(receiver=registration),
            status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED),
        ).update(status=RequestStatus.CANCELLED)
        if was_confirmed:
            _promote_waiting(event, now)
    return registration


def withdraw_user(*, user, now: dt.datetime | None = None, **_signal) -> int:
    """Cancel the user's registrations for events that have not ended (an account deleted).

    Each goes through cancel_registration, so the user's open meeting requests and scheduled
    meetings there are cancelled too (freeing their slots) and those waiting are confirmed and
    told. Past events keep their registrations. Returns how many were cancelled. Connected to
    accounts' `account_leaving` signal (apps.py); `_signal` takes the signal's own arguments.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registrations = Registration.objects.filter(
            user=user, status__in=ACTIVE, event__ends_at__gt=now
        ).order_by("pk")
        for registration in registrations:
            cancel_registration(registration=registration, now=now)
    return len(registrations)


def _promote_waiting(event: Event, now: dt.datetime) -> int:
    """Confirm those waiting, first come first served, while places are free; notify each.

    Returns how many are confirmed afterwards.
    """
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    waiting = event.registrations.filter(status=RegistrationStatus.WAITING).order_by(
        "created_at", "id"
    )
    for nxt in waiting[: max(event.capacity - confirmed, 0)]:
        confirmed += 1
        nxt.status = RegistrationStatus.CONFIRMED
        nxt.promoted_at = now
        nxt.save(update_fields=["status", "promoted_at", "updated_at"])
        user = nxt.user
        with in_language_of(user):
            subject = _("A place at %(e)s is yours") % {"e": event.title}
            body = _("A place freed up at %(e)s: your registration is now confirmed.") % {
                "e": event.title
            }
        transaction.on_commit(
            lambda u=user, s=subject, b=body: notify(user=u, event=event, subject=s, body=b),
            robust=True,
        )
    return confirmed


@transaction.atomic
def check_in(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """Mark a confirmed participant as arrived (idempotent: a second check-in keeps the first time)."""
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants can be checked in."))
    if registration.checked_in_at is None:
        registration.checked_in_at = now or timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def set_personal_agenda(*, registration: Registration, sessions: list[Session]) -> Registration:
    """Replace the sessions a participant plans to attend."""
    if any(s.event_id != registration.event_id for s in sessions):
        raise ValidationError({"sessions": _("Pick sessions of this event only.")})
    if registration.status == RegistrationStatus.CANCELLED:
        raise ValidationError(_("This registration is cancelled."))
    registration.agenda.set(sessions)
    return registration


# Feedback and follow-up ---------------------------------------------------------------------


def submit_feedback(
    *,
    registration: Registration,
    overall: int,
    content: int,
    organisation: int,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Feedback:
    """Record (or replace) a participant's feedback, once the event has started."""
    if (now or timezone.now()) < registration.event.starts_at:
        raise ValidationError(_("Feedback opens when the event starts."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only participants give feedback."))
    feedback = Feedback.objects.filter(registration=registration).first() or Feedback(
        registration=registration
    )
    feedback.overall, feedback.content, feedback.organisation = overall, content, organisation
    feedback.comment = comment
    return save(feedback)


def send_follow_ups(*, event: Event, now: dt.datetime | None = None) -> int:
    """Six months after the event, ask each participant whether meetings led to agreements.

    Side effects: a FollowUp record and a notification per confirmed participant not yet asked.
    Returns how many were asked. Sending again asks nobody twice: the event row is locked, so
    two sends at once (a double click, the page and the CLI) run one after the other.
    """
    now = now or timezone.now()
    if now < event.ends_at + FOLLOW_UP_AFTER:
        raise ValidationError(_("The follow-up is sent six months after the event."))
    asked = 0
    with transaction.atomic():
        Event.objects.select_for_update().filter(pk=event.pk).first()
        for reg in event.registrations.filter(
            status=RegistrationStatus.CONFIRMED, follow_up__isnull=True
        ).select_related("user"):
            FollowUp.objects.create(registration=reg)
            with in_language_of(reg.user):
                subject = _("%(e)s, six months on") % {"e": event.title}
                body = _(
                    "Did the meetings at %(e)s lead to an agreement? Tell us in ClusterHub."
                ) % {"e": event.title}
            notify(user=reg.user, event=event, subject=subject, body=body)
            asked += 1
    return asked


def answer_follow_up(
    *,
    follow_up: FollowUp,
    led_to_agreement: bool,
    agreements: int = 0,
    notes: str = "",
    now: dt.datetime | None = None,
) -> FollowUp:
    """Record the answer; where matchmaking offers it, the agreement feeds its collaborations."""
    if led_to_agreement and agreements < 1:
        raise ValidationError({"agreements": _("How many agreements were made?")})
    if not led_to_agreement:
        agreements = 0
    follow_up.led_to_agreement = led_to_agreement
    follow_up.agreements = agreements
    follow_up.notes = notes
    follow_up.answered_at = now or timezone.now()
    save(follow_up)
    if led_to_agreement:
        registration = follow_up.registration
        record_event_agreement(
            organisation=registration.organisation,
            partners=follow_ups.organisations_met(registration),
            event_id=registration.event_id,
            event_title=registration.event.title,
            agreements=agreements,
            notes=notes,
        )
    return follow_up
