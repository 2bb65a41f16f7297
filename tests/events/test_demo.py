from clusterhub.events.demo import CONFERENCE
from clusterhub.events.demo import load_demo as load_events_demo
from clusterhub.events.models import Event, Meeting, MeetingRequest, Registration, Session
from clusterhub.registry.demo import load_demo as load_registry_demo


def _counts():
    return (
        Event.objects.count(),
        Registration.objects.count(),
        Session.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.filter(status="scheduled").count(),
    )


def test_demo_loads_twice_with_the_same_counts(db):
    load_registry_demo()
    load_events_demo()
    first = _counts()
    load_registry_demo()
    load_events_demo()
    assert _counts() == first
    assert Event.objects.filter(kind="workshop").count() == 5
    conference = Event.objects.get(title=CONFERENCE)
    assert conference.programme.acronym == "5FOREXCELLENCE"
    assert conference.b2b_published
    assert conference.registrations.filter(status="waiting").count() == 3
    assert conference.registrations.filter(status="confirmed").count() == 40
    assert Registration.objects.filter(event__kind="workshop", status="waiting").exists()
    assert Registration.objects.filter(promoted_at__isnull=False).count() == 5
    placed = Meeting.objects.filter(request__event=conference, status="scheduled").count()
    run = conference.scheduling_runs.get()
    assert placed == run.placed > 0
    assert run.placed <= run.upper_bound
    assert Registration.objects.filter(user__username__startswith="guest-").count() > 36
    from clusterhub.events.reports import statistics

    stats = statistics(conference)
    assert stats["meetings"] == placed
    assert 0 < stats["meetings_held"] <= placed
