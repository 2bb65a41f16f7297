"""The B2B scheduler: the pure instance an event's requests make, the background job that
solves it, and publishing the result."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.notifications import notify
from clusterhub.common.progress import OnProgress
from clusterhub.core import scheduling
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.models import Availability
from clusterhub.events.models import Event
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import MeetingSlot
from clusterhub.events.models import SchedulingRun


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
