"""The events demo on top of the registry demo: idempotent, and in the host city's language."""

import pytest
from django.utils import translation

from clusterhub.events.demo import CONFERENCE
from clusterhub.events.demo import load_demo as load_events_demo
from clusterhub.events.models import Event
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import Registration
from clusterhub.events.models import Session
from clusterhub.registry.demo import load_demo as load_registry_demo
from tests.conftest import kept_for_the_module


def _counts():
    return (
        Event.objects.count(),
        Registration.objects.count(),
        Session.objects.count(),
        MeetingRequest.objects.count(),
        Meeting.objects.filter(status="scheduled").count(),
    )


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The registry and events demos, loaded once for the module; their counts."""
    with kept_for_the_module(django_db_blocker):
        load_registry_demo()
        load_events_demo()
        yield _counts()


def test_demo_loads_twice_with_the_same_counts(demo, db):
    first = demo
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


def test_demo_events_speak_the_host_citys_language(demo, db):
    riga = Event.objects.get(title_en="Cluster management excellence: kick-off workshop")
    tallinn = Event.objects.get(
        title_en="Services for cluster members: experience-sharing workshop"
    )
    with translation.override("lv"):
        assert riga.title == "Klasteru vadības izcilība: ievada darbnīca"
        assert riga.description == "5FOREXCELLENCE klasteru pieredzes apmaiņas darbnīca."
        # No Latvian text for the Tallinn workshop: the English original.
        assert tallinn.title == "Services for cluster members: experience-sharing workshop"
    with translation.override("et"):
        assert tallinn.title == "Teenused klastri liikmetele: kogemuste vahetamise töötuba"
    with translation.override("sv"):
        conference = Event.objects.get(title_en=CONFERENCE)
        assert conference.title == (
            "5FOREXCELLENCE internationell konferens: branschöverskridande värdekedjor"
        )
