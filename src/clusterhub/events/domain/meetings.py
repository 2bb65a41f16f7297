"""B2B meetings: slots, taking part, requests and their answers, fixing and cancelling
meetings."""

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.notifications import notify
from clusterhub.common.saving import save
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.models import Availability
from clusterhub.events.models import Event
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import MeetingSlot
from clusterhub.events.models import Registration
from clusterhub.matchmaking.recommend import recommendations_for

log = logging.getLogger(__name__)


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


@transaction.atomic
def opt_in(
    *,
    registration: Registration,
    profile: str = "",
    cap: int | None = None,
    opt_in: bool = True,
    slots: list[MeetingSlot] | None = None,
) -> Registration:
    """Join (or leave) the B2B meetings of an event, with a short profile, a personal limit and,
    when `slots` is given, the slots one can meet in (replacing the earlier ones; None keeps
    them). The one verb behind the B2B page's form and the API's opt-in and availability."""
    if slots is not None and not opt_in:
        raise ValidationError(_("Join the B2B meetings first."))
    if not registration.event.b2b_enabled:
        raise ValidationError(_("This event has no B2B meetings."))
    if registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationError(_("Only confirmed participants take part in B2B meetings."))
    if slots is not None and any(s.event_id != registration.event_id for s in slots):
        raise ValidationError({"slots": _("A slot is outside this event.")})
    registration.b2b_opt_in = opt_in
    registration.b2b_profile = profile
    registration.b2b_cap = cap
    save(registration)
    if slots is not None:
        registration.availability.all().delete()
        Availability.objects.bulk_create(
            [
                Availability(registration=registration, slot=s)
                for s in {s.pk: s for s in slots}.values()
            ]
        )
    return registration


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
    now = now or timezone.now()
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
    save(request)
    with in_language_of(receiver.user):
        subject = _("Meeting request from %(who)s") % {"who": sender.display_name}
    notify(user=receiver.user, event=event, subject=subject, body=message)
    return request


def expire_requests(*, event: Event, now: dt.datetime | None = None) -> int:
    """Mark unanswered requests past their time as expired, so they block no slot."""
    return event.meeting_requests.filter(
        status=RequestStatus.PENDING, expires_at__lte=now or timezone.now()
    ).update(status=RequestStatus.EXPIRED)


def answer_meeting_request(
    *, request: MeetingRequest, accept: bool, now: dt.datetime | None = None
) -> MeetingRequest:
    """The receiver accepts or declines. Side effects: the sender is notified."""
    now = now or timezone.now()
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
