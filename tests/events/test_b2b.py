import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from clusterhub.common.models import Notification
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import SchedulingRun
from tests.events.conftest import NOW
from tests.events.conftest import accepted as _accepted


def test_slots_are_consecutive_and_never_overlap(b2b):
    event, slots, _regs = b2b
    assert [(s.ends_at - s.starts_at) for s in slots] == [dt.timedelta(minutes=20)] * 3
    assert slots[1].starts_at - slots[0].ends_at == dt.timedelta(minutes=5)
    with pytest.raises(ValidationError, match="overlap"):
        domain.add_slots(event=event, starts_at=slots[1].starts_at, count=1)
    with pytest.raises(ValidationError, match="within the event"):
        domain.add_slots(event=event, starts_at=event.ends_at, count=1)
    with pytest.raises(ValidationError):
        domain.add_slots(event=event, starts_at=event.ends_at, count=0)


def test_availability_outside_the_event_is_refused(b2b, make_event):
    _event, _slots, regs = b2b
    other = make_event(title="Other", b2b_enabled=True)
    foreign = domain.add_slots(event=other, starts_at=other.starts_at, count=1)
    with pytest.raises(ValidationError, match="outside this event"):
        domain.opt_in(registration=regs[0], slots=foreign)


def test_request_answer_and_expiry(b2b):
    _event, _slots, (a, b, c, _d) = b2b
    req = domain.send_meeting_request(sender=a, receiver=b, message="Hi", now=NOW)
    assert (
        Notification.objects.filter(user=b.user, subject__startswith="Meeting request").count() == 1
    )
    with pytest.raises(ValidationError, match="already open"):
        domain.send_meeting_request(sender=b, receiver=a, message="Hi back", now=NOW)
    with pytest.raises(ValidationError, match="yourself"):
        domain.send_meeting_request(sender=a, receiver=a, message="me")
    late = NOW + dt.timedelta(hours=73)
    with pytest.raises(ValidationError, match="no longer be answered"):
        domain.answer_meeting_request(request=req, accept=True, now=late)
    req.refresh_from_db()
    assert req.status == "expired"
    req2 = domain.send_meeting_request(sender=a, receiver=c, message="Hi", now=NOW)
    assert domain.expire_requests(event=a.event, now=late) == 1
    req2.refresh_from_db()
    assert req2.status == "expired"
    fresh = domain.send_meeting_request(sender=a, receiver=b, message="Again", now=late)
    domain.answer_meeting_request(request=fresh, accept=False, now=late)
    assert Notification.objects.filter(user=a.user, subject__contains="declined").count() == 1


def test_not_opted_in_cannot_request(b2b):
    _event, _slots, (a, b, _c, _d) = b2b
    domain.opt_in(registration=b, opt_in=False)
    with pytest.raises(ValidationError, match="Both sides"):
        domain.send_meeting_request(sender=a, receiver=b, message="Hi")


def test_schedule_places_meetings_and_reschedule_keeps_published(b2b):
    event, slots, (a, b, c, d) = b2b
    r1 = _accepted(a, b)
    r2 = _accepted(c, d)
    r3 = _accepted(a, c)
    run = domain.schedule_meetings(event=event, time_limit=5)
    assert (run.placed, run.upper_bound, run.optimal) == (3, 3, True)
    meetings = {m.request_id: m for m in Meeting.objects.filter(status="scheduled")}
    assert set(meetings) == {r1.pk, r2.pk, r3.pk}
    # One table: three meetings in three different slots.
    assert len({m.slot_id for m in meetings.values()}) == 3
    domain.publish_schedule(event=event)
    kept = {rid: m.slot_id for rid, m in meetings.items() if rid != r1.pk}
    domain.cancel_meeting(meeting=meetings[r1.pk])
    r4 = _accepted(b, d)  # a standby request arrives
    run = domain.schedule_meetings(event=event, time_limit=5)
    now_placed = {m.request_id: m.slot_id for m in Meeting.objects.filter(status="scheduled")}
    assert {rid: now_placed[rid] for rid in kept} == kept
    assert now_placed[r4.pk] == meetings[r1.pk].slot_id
    assert run.placed == 3
    with pytest.raises(ValidationError, match="already cancelled"):
        domain.cancel_meeting(meeting=Meeting.objects.get(request=r1))


def test_locked_meeting_stays_and_lock_errors(b2b):
    event, slots, (a, b, c, d) = b2b
    r1 = _accepted(a, b)
    r2 = _accepted(c, d)
    with pytest.raises(ValidationError, match="does not exist"):
        domain.lock_meeting(request=r1, slot=slots[2], table=2)
    domain.lock_meeting(request=r1, slot=slots[2], table=1)
    with pytest.raises(ValidationError, match="taken"):
        domain.lock_meeting(request=r2, slot=slots[2], table=1)
    domain.schedule_meetings(event=event, time_limit=5)
    assert Meeting.objects.get(request=r1).slot == slots[2]
    assert Meeting.objects.get(request=r2).slot != slots[2]


def test_schedule_bad_inputs(make_event, people):
    plain = make_event()
    with pytest.raises(ValidationError, match="no B2B"):
        domain.schedule_meetings(event=plain)
    event = make_event(title="B2B", b2b_enabled=True)
    with pytest.raises(ValidationError, match="Add meeting slots"):
        domain.schedule_meetings(event=event)
    domain.add_slots(event=event, starts_at=event.starts_at, count=2)
    phases = []
    run = domain.schedule_meetings(  # nobody: nothing fits, no error
        event=event, time_limit=2, on_progress=lambda done, total: phases.append((done, total))
    )
    assert (run.placed, run.upper_bound) == (0, 0)
    assert phases == [(1, 3), (2, 3), (3, 3)]


def test_cli_schedule_meetings(b2b, capsys):
    event, _slots, (a, b, _c, _d) = b2b
    _accepted(a, b)
    call_command("events", "schedule-meetings", str(event.pk), "--time-limit", "3")
    out, err = capsys.readouterr()
    assert err == ""  # the progress bar is drawn only on a terminal
    assert out.startswith(
        "1 of 1 accepted request placed; priority-weighted value 1, the best possible. "
        "First come, first served: 1; 0 idle slots; "
    )
    with pytest.raises(CommandError, match="No event has id 999999"):
        call_command("events", "schedule-meetings", "999999")


def test_scheduler_message_sets_meetings_against_requests_and_value_against_bound(
    b2b, client_for, world, django_capture_on_commit_callbacks
):
    # Four accepted requests, one table in three slots: three meetings, and that is provably best.
    event, _slots, (a, b, c, d) = b2b
    for sender, receiver in ((a, b), (c, d), (a, c), (b, d)):
        _accepted(sender, receiver)
    url = reverse("events:run_scheduler", args=[event.pk])
    client = client_for(world["manager_a"])
    with django_capture_on_commit_callbacks(execute=True):  # the scheduler runs as a job
        job_page = client.post(url, {"time_limit": "3"}).url
    response = client.get(job_page)
    assert (
        "3 of 4 accepted requests placed; priority-weighted value 3, the best possible."
        in response.content.decode()
    )


def test_scheduler_summary_of_a_run_short_of_its_bound(b2b):
    # The bound caps the priority-weighted value, so the share is value / bound, rounded down.
    event, _slots, (a, b, c, _d) = b2b
    _accepted(a, b)
    _accepted(a, c)
    run = SchedulingRun(event=event, placed=1, objective=2, upper_bound=3, optimal=False)
    assert reports.scheduler_summary(event, run) == (
        "1 of 2 accepted requests placed; priority-weighted value 2 of at most 3 (66.6 %)."
    )


def test_cancelling_registration_cancels_meetings(b2b):
    event, _slots, (a, b, _c, _d) = b2b
    req = _accepted(a, b)
    domain.schedule_meetings(event=event, time_limit=3)
    domain.cancel_registration(registration=a)
    assert Meeting.objects.get(request=req).status == "cancelled"
    assert MeetingRequest.objects.get(pk=req.pk).status == "cancelled"
