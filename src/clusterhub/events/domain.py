"""The verbs of the events app. Forms, API handlers, the CLI and the demo all call these.

Each verb validates (model clean() through full_clean, plus the rules that need the database)
and writes in one transaction. Registration and cancellation lock the event row first
(SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers), so
parallel registrations can never confirm more people than the capacity.
"""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.notifications import notify
from clusterhub.common.progress import OnProgress
from clusterhub.core import scheduling
from clusterhub.events import follow_ups
from clusterhub.events.enums import (
    MeetingStatus,
    QuestionKind,
    RegistrationStatus,
    RequestStatus,
)
from clusterhub.events.models import (
    Availability,
    Event,
    Feedback,
    FollowUp,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Question,
    Registration,
    SchedulingRun,
    Session,
)
from clusterhub.matchmaking.domain import record_event_agreement
from clusterhub.matchmaking.recommend import recommendations_for

log = logging.getLogger(__name__)

FOLLOW_UP_AFTER = dt.timedelta(days=182)
ACTIVE = (RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING)


def _save(instance: Model, m2m: dict[str, list] | None = None) -> Model:
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        for name, values in (m2m or {}).items():
            getattr(instance, name).set(values)
    return instance


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


# Events, agenda, questions ------------------------------------------------------------------


def save_event(
    *,
    event: Event,
    audience_clusters: list | None = None,
    by=None,
    now: dt.datetime | None = None,
) -> Event:
    """Create or update an event, and replace its audience clusters when given.

    With `by` (the user making the change; None for the demo and commands), each audience
    cluster added must be one `by` acts for (events.add_event_for_cluster); clusters the event
    already invites may stay, so an organiser can edit an event an administrator widened.
    A changed capacity applies to the people registered already: raised, it confirms those
    waiting in the order they registered and notifies each (as a cancellation does); lowered
    below the number confirmed, it is refused, since nobody's confirmed place is taken away.
    """
    with transaction.atomic():
        previous = None
        if event.pk is not None:
            # The lock register() takes: no registration slips in between count and save.
            previous = (
                Event.objects.select_for_update()
                .filter(pk=event.pk)
                .values_list("capacity", flat=True)
                .first()
            )
        # An invalid capacity (None) is left to full_clean's field error.
        changed = (
            previous is not None and isinstance(event.capacity, int) and event.capacity != previous
        )
        if changed:
            confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if event.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(n)s people are confirmed; the capacity cannot be lower than "
                            "%(n)s. Cancel registrations first."
                        )
                        % {"n": confirmed}
                    }
                )
        if by is not None and audience_clusters is not None:
            _check_audience(event, audience_clusters, by)
        _save(
            event,
            None if audience_clusters is None else {"audience_clusters": audience_clusters},
        )
        if changed and event.capacity > previous:
            _promote_waiting(event, _now(now))
    return event


def _check_audience(event: Event, clusters: list, by) -> None:
    kept = set(event.audience_clusters.values_list("pk", flat=True)) if event.pk else set()
    refused = [
        c
        for c in clusters
        if c.pk not in kept and not by.has_perm("events.add_event_for_cluster", c)
    ]
    if refused:
        raise ValidationError(
            {
                "audience_clusters": _("You may only invite clusters you act for, not %(c)s.")
                % {"c": ", ".join(str(c) for c in refused)}
            }
        )


def save_session(*, session: Session, speakers: list | None = None) -> Session:
    """Create or update an agenda session, and replace its speakers when given."""
    return _save(session, None if speakers is None else {"speakers": speakers})


def session_conflicts(event: Event) -> list[dict]:
    """Sessions that overlap in time and share a room or a speaker, in words for the organiser."""
    sessions = list(event.sessions.prefetch_related("speakers"))
    conflicts = []
    for i, a in enumerate(sessions):
        for b in sessions[i + 1 :]:
            if b.starts_at >= a.ends_at or a.starts_at >= b.ends_at:
                continue
            if a.room and a.room.casefold() == b.room.casefold():
                conflicts.append(
                    {
                        "kind": "room",
                        "sessions": (a, b),
                        "message": _("Room %(room)s is booked twice: %(a)s and %(b)s.")
                        % {"room": a.room, "a": a.title, "b": b.title},
                    }
                )
            shared = {p.pk: p for p in a.speakers.all()}.keys() & {p.pk for p in b.speakers.all()}
            for person in (p for p in a.speakers.all() if p.pk in shared):
                conflicts.append(
                    {
                        "kind": "speaker",
                        "sessions": (a, b),
                        "message": _("%(who)s speaks in two places at once: %(a)s and %(b)s.")
                        % {
                            "who": f"{person.first_name} {person.last_name}",
                            "a": a.title,
                            "b": b.title,
                        },
                    }
                )
    return conflicts


def save_question(*, question: Question) -> Question:
    """Create or update an extra registration question."""
    return _save(question)


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
    now = _now(now)
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
    now = _now(now)
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
    now = _now(now)
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
        registration.checked_in_at = _now(now)
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
    if _now(now) < registration.event.starts_at:
        raise ValidationError(_("Feedback opens when the event starts."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only participants give feedback."))
    feedback = Feedback.objects.filter(registration=registration).first() or Feedback(
        registration=registration
    )
    feedback.overall, feedback.content, feedback.organisation = overall, content, organisation
    feedback.comment = comment
    return _save(feedback)


def send_follow_ups(*, event: Event, now: dt.datetime | None = None) -> int:
    """Six months after the event, ask each participant whether meetings led to agreements.

    Side effects: a FollowUp record and a notification per confirmed participant not yet asked.
    Returns how many were asked. Sending again asks nobody twice: the event row is locked, so
    two sends at once (a double click, the page and the CLI) run one after the other.
    """
    now = _now(now)
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
    follow_up.answered_at = _now(now)
    _save(follow_up)
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


def recommended_partners(*, registration: Registration, limit: int = 5) -> list:
    """Matchmaking's recommendations for a participant among the others taking part in the
    event's B2B meetings (those one can ask); none when matchmaking fails."""
    others = (
        registration.event.registrations.filter(
            status=RegistrationStatus.CONFIRMED, b2b_opt_in=True
        )
        .exclude(pk=registration.pk)
        .values_list("user_id", flat=True)
    )
    try:
        return list(recommendations_for(registration.user, limit=limit, among_users=others))
    except Exception:  # an optional neighbour's failure must not break the B2B page
        log.exception("matchmaking recommendations failed")
        return []


# B2B meetings -------------------------------------------------------------------------------


def add_slots(
    *, event: Event, starts_at: dt.datetime, count: int, gap_minutes: int = 0
) -> list[MeetingSlot]:
    """Add `count` consecutive meeting slots of the event's meeting length from `starts_at`."""
    if count < 1 or count > 96:
        raise ValidationError({"count": _("Add between 1 and 96 slots at a time.")})
    if gap_minutes < 0 or gap_minutes > 240:
        raise ValidationError({"gap_minutes": _("The pause between slots is 0 to 240 minutes.")})
    length = dt.timedelta(minutes=event.meeting_minutes)
    step = length + dt.timedelta(minutes=gap_minutes)
    new = [(starts_at + i * step, starts_at + i * step + length) for i in range(count)]
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        if new[0][0] < event.starts_at or new[-1][1] > event.ends_at:
            raise ValidationError(
                {"starts_at": _("Meeting slots must lie within the event's dates.")}
            )
        for s in event.slots.all():
            for start, end in new:
                if start < s.ends_at and s.starts_at < end:
                    raise ValidationError(
                        {
                            "starts_at": _("These slots overlap an existing slot (%(s)s).")
                            % {"s": str(s)}
                        }
                    )
        return [MeetingSlot.objects.create(event=event, starts_at=a, ends_at=b) for a, b in new]


def opt_in(
    *, registration: Registration, profile: str = "", cap: int | None = None, opt_in: bool = True
) -> Registration:
    """Join (or leave) the B2B meetings of an event, with a short profile and a personal limit."""
    if not registration.event.b2b_enabled:
        raise ValidationError(_("This event has no B2B meetings."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants take part in B2B meetings."))
    registration.b2b_opt_in = opt_in
    registration.b2b_profile = profile
    registration.b2b_cap = cap
    return _save(registration)


def set_availability(*, registration: Registration, slots: list[MeetingSlot]) -> None:
    """Replace the slots in which a participant can meet."""
    if not registration.b2b_opt_in:
        raise ValidationError(_("Join the B2B meetings first."))
    if any(s.event_id != registration.event_id for s in slots):
        raise ValidationError({"slots": _("A slot is outside this event.")})
    with transaction.atomic():
        registration.availability.all().delete()
        Availability.objects.bulk_create(
            [
                Availability(registration=registration, slot=s)
                for s in {s.pk: s for s in slots}.values()
            ]
        )


@transaction.atomic
def send_meeting_request(
    *,
    sender: Registration,
    receiver: Registration,
    message: str,
    priority: int = 1,
    now: dt.datetime | None = None,
) -> MeetingRequest:
    """Ask another participant for a meeting; the request expires after the event's set time.

    Side effects: the receiver is notified.
    """
    now = _now(now)
    event = sender.event
    if receiver.event_id != event.pk:
        raise ValidationError({"receiver": _("That person is not at this event.")})
    if sender.pk == receiver.pk:
        raise ValidationError({"receiver": _("You cannot request a meeting with yourself.")})
    if not (sender.b2b_opt_in and receiver.b2b_opt_in):
        raise ValidationError({"receiver": _("Both sides must take part in the B2B meetings.")})
    if (
        RegistrationStatus.CONFIRMED not in (sender.status,)
        or receiver.status != RegistrationStatus.CONFIRMED
    ):
        raise ValidationError({"receiver": _("Both sides must be confirmed participants.")})
    pair = Q(sender=sender, receiver=receiver) | Q(sender=receiver, receiver=sender)
    if (
        MeetingRequest.objects.filter(
            pair, status__in=(RequestStatus.PENDING, RequestStatus.ACCEPTED), expires_at__gt=now
        ).exists()
        or MeetingRequest.objects.filter(pair, status=RequestStatus.ACCEPTED).exists()
    ):
        raise ValidationError(
            {"receiver": _("A request between you two is already open or accepted.")}
        )
    request = MeetingRequest(
        event=event,
        sender=sender,
        receiver=receiver,
        message=message,
        priority=priority,
        expires_at=now + dt.timedelta(hours=event.request_expiry_hours),
    )
    _save(request)
    with in_language_of(receiver.user):
        subject = _("Meeting request from %(who)s") % {"who": sender.display_name}
    notify(user=receiver.user, event=event, subject=subject, body=message)
    return request


def expire_requests(*, event: Event, now: dt.datetime | None = None) -> int:
    """Mark unanswered requests past their time as expired, so they block no slot."""
    return event.meeting_requests.filter(
        status=RequestStatus.PENDING, expires_at__lte=_now(now)
    ).update(status=RequestStatus.EXPIRED)


def answer_meeting_request(
    *, request: MeetingRequest, accept: bool, now: dt.datetime | None = None
) -> MeetingRequest:
    """The receiver accepts or declines. Side effects: the sender is notified."""
    now = _now(now)
    if request.status == RequestStatus.PENDING and request.expires_at <= now:
        # Kept although the answer is refused below: the request has expired either way.
        request.status = RequestStatus.EXPIRED
        request.save(update_fields=["status", "updated_at"])
    if request.status != RequestStatus.PENDING:
        raise ValidationError(
            _("This request can no longer be answered (%(s)s).")
            % {"s": request.get_status_display()}
        )
    with transaction.atomic():
        request.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        request.answered_at = now
        request.save(update_fields=["status", "answered_at", "updated_at"])
        with in_language_of(request.sender.user):
            subject = (
                _("%(who)s accepted your meeting request")
                if accept
                else _("%(who)s declined your meeting request")
            ) % {"who": request.receiver.display_name}
            body = _("Event: %(e)s") % {"e": request.event.title}
        notify(user=request.sender.user, event=request.event, subject=subject, body=body)
    return request


@transaction.atomic
def lock_meeting(*, request: MeetingRequest, slot: MeetingSlot, table: int) -> Meeting:
    """The organiser fixes an accepted meeting at a slot and table; the scheduler keeps it there."""
    if request.status != RequestStatus.ACCEPTED:
        raise ValidationError(_("Only accepted requests become meetings."))
    if slot.event_id != request.event_id:
        raise ValidationError({"slot": _("That slot is not part of this event.")})
    if not 1 <= table <= request.event.b2b_tables:
        raise ValidationError({"table": _("Table %(t)s does not exist.") % {"t": table}})
    for side in (request.sender, request.receiver):
        if not side.availability.filter(slot=slot).exists():
            raise ValidationError(
                {"slot": _("%(who)s is not available then.") % {"who": side.display_name}}
            )
    clash = Meeting.objects.filter(slot=slot, status=MeetingStatus.SCHEDULED).exclude(
        request=request
    )
    if clash.filter(table=table).exists():
        raise ValidationError({"table": _("That table is taken in this slot.")})
    people = (request.sender_id, request.receiver_id)
    if clash.filter(Q(request__sender_id__in=people) | Q(request__receiver_id__in=people)).exists():
        raise ValidationError({"slot": _("One of the two already has a meeting in this slot.")})
    meeting, _created = Meeting.objects.update_or_create(
        request=request,
        defaults={"slot": slot, "table": table, "locked": True, "status": MeetingStatus.SCHEDULED},
    )
    return meeting


def cancel_meeting(*, meeting: Meeting) -> Meeting:
    """Cancel a scheduled meeting; its slot is free for standby requests at the next scheduling."""
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("This meeting is already cancelled."))
    with transaction.atomic():
        meeting.status = MeetingStatus.CANCELLED
        meeting.locked = False
        meeting.save(update_fields=["status", "locked", "updated_at"])
        meeting.request.status = RequestStatus.CANCELLED
        meeting.request.save(update_fields=["status", "updated_at"])
    return meeting


def build_instance(
    event: Event,
) -> tuple[scheduling.Instance, list[MeetingSlot], dict[int, MeetingRequest]]:
    """The event's accepted requests, availability, caps and locked meetings as a pure instance."""
    slots = list(event.slots.order_by("starts_at", "id"))
    index = {s.pk: i for i, s in enumerate(slots)}
    regs = event.registrations.filter(status=RegistrationStatus.CONFIRMED, b2b_opt_in=True)
    availability: dict[int, set[int]] = {r.pk: set() for r in regs}
    for reg_id, slot_id in Availability.objects.filter(registration__in=regs).values_list(
        "registration_id", "slot_id"
    ):
        if slot_id in index:
            availability[reg_id].add(index[slot_id])
    requests = {
        r.pk: r
        for r in event.meeting_requests.filter(
            status=RequestStatus.ACCEPTED, sender__in=regs, receiver__in=regs
        ).select_related("sender__user", "receiver__user")
    }
    caps = {r.pk: r.b2b_cap for r in regs if r.b2b_cap is not None}
    meetings = Meeting.objects.filter(request_id__in=requests, status=MeetingStatus.SCHEDULED)
    locked, previous = {}, {}
    for m in meetings:
        if m.slot_id not in index:
            continue
        if m.locked:
            locked[m.request_id] = (index[m.slot_id], m.table - 1)
        elif event.b2b_published:
            previous[m.request_id] = (index[m.slot_id], m.table - 1)
    instance = scheduling.Instance(
        slots=len(slots),
        tables=event.b2b_tables,
        availability={k: frozenset(v) for k, v in availability.items()},
        requests=tuple(
            scheduling.Request(id=r.pk, a=r.sender_id, b=r.receiver_id, weight=r.priority)
            for r in requests.values()
        ),
        cap=event.b2b_cap,
        caps=caps,
        locked=locked,
        previous=previous,
    )
    return instance, slots, requests


def check_can_schedule(*, event: Event, time_limit: float) -> None:
    """Refuse (ValidationError naming the field) what makes scheduling impossible: checked in
    the request before a scheduling job is started, and again by the job."""
    if not event.b2b_enabled:
        raise ValidationError(_("This event has no B2B meetings."))
    if not 0 < time_limit <= 600:
        raise ValidationError({"time_limit": _("The time limit is between 0 and 600 seconds.")})
    if not event.slots.exists():
        raise ValidationError(_("Add meeting slots before scheduling."))
    if event.b2b_tables < 1:
        raise ValidationError({"b2b_tables": _("Set at least one table.")})


SCHEDULE_JOB = "events.schedule_meetings"


def schedule_later(*, event: Event, time_limit: float, user):
    """Check, then start the scheduling job for `event` (one at a time per event; raises
    common.jobs.DuplicateJob naming the waiting one). Returns the job."""
    from clusterhub.common.jobs import start_job

    check_can_schedule(event=event, time_limit=time_limit)
    return start_job(
        SCHEDULE_JOB,
        owner=user,
        title=_("B2B schedule of %(event)s") % {"event": event.title},
        params={"event": event.pk, "time_limit": time_limit},
        dedupe_key=f"{SCHEDULE_JOB}:{event.pk}",
    )


def schedule_meetings(
    *, event: Event, time_limit: float = 10.0, on_progress: OnProgress | None = None
) -> SchedulingRun:
    """Run the scheduler and store its meetings (published meetings stay where they can).

    The solver reports no steps, so `on_progress(done, 3)` counts the phases: instance built,
    solved, stored.

    Side effects: Meeting rows created, moved or cancelled; a SchedulingRun with the figures;
    when the schedule is published, participants whose meeting moved or appeared are notified.
    """
    check_can_schedule(event=event, time_limit=time_limit)
    instance, slots, requests = build_instance(event)
    if not slots:
        raise ValidationError(_("Add meeting slots before scheduling."))
    report = on_progress or (lambda done, total: None)
    report(1, 3)
    try:
        result = scheduling.schedule(instance, time_limit=time_limit)
    except scheduling.SchedulingError as exc:
        raise ValidationError(str(exc)) from exc
    report(2, 3)
    with transaction.atomic():
        existing = {m.request_id: m for m in Meeting.objects.filter(request__event=event)}
        placed = set()
        for p in result.placements:
            placed.add(p.request_id)
            slot, table = slots[p.slot], p.table + 1
            m = existing.get(p.request_id)
            if m is None:
                m = Meeting(request=requests[p.request_id], slot=slot, table=table)
            elif (m.slot_id, m.table, m.status) == (slot.pk, table, MeetingStatus.SCHEDULED):
                continue
            moved = m.pk is not None and m.status == MeetingStatus.SCHEDULED
            m.slot, m.table, m.status = slot, table, MeetingStatus.SCHEDULED
            m.save()
            if event.b2b_published:
                r = requests[p.request_id]
                for reg in (r.sender, r.receiver):
                    # str(slot) formats the time in the recipient's language too.
                    with in_language_of(reg.user):
                        subject = _("Meeting moved") if moved else _("New meeting")
                        body = _("%(a)s and %(b)s meet at %(t)s, table %(n)s.") % {
                            "a": r.sender.display_name,
                            "b": r.receiver.display_name,
                            "t": str(slot),
                            "n": table,
                        }
                    notify(user=reg.user, event=event, subject=subject, body=body)
        for rid, m in existing.items():
            if rid not in placed and m.status == MeetingStatus.SCHEDULED:
                m.status = MeetingStatus.CANCELLED
                m.save(update_fields=["status", "updated_at"])
        run = SchedulingRun.objects.create(
            event=event,
            placed=result.placed,
            objective=result.objective,
            upper_bound=result.upper_bound,
            optimal=result.optimal,
            greedy=result.greedy,
            idle_slots=result.idle_slots,
            seconds=round(result.seconds, 3),
        )
    report(3, 3)
    return run


@transaction.atomic
def publish_schedule(*, event: Event, published: bool = True) -> Event:
    """Show the meeting schedule to participants; later runs keep these meetings where they can."""
    event.b2b_published = published
    event.save(update_fields=["b2b_published", "updated_at"])
    return event
