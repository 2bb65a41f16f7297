"""B2B scheduling from the organiser's desk runs as a job: the request returns at once with the
job page, which then shows the result and links back to the schedule."""

import pytest
from django.urls import reverse

from clusterhub.common.models import Job
from clusterhub.events import domain
from clusterhub.events.models import Meeting
from clusterhub.events.models import SchedulingRun
from tests.events.conftest import accepted

pytestmark = pytest.mark.django_db


def test_the_desk_starts_a_job_and_the_job_page_then_shows_the_schedule(
    b2b, client_for, world, django_capture_on_commit_callbacks
):
    event, _slots, (a, b, c, d) = b2b
    for sender, receiver in ((a, b), (c, d)):
        accepted(sender, receiver)
    client = client_for(world["manager_a"])
    url = reverse("events:run_scheduler", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"time_limit": "600"})
    job = Job.objects.get(kind=domain.SCHEDULE_JOB)
    assert response.status_code == 302
    assert response.url == f"/jobs/{job.pk}/"
    assert (job.state, job.params) == (Job.State.QUEUED, {"event": event.pk, "time_limit": 600.0})
    assert not SchedulingRun.objects.filter(event=event).exists()  # the request did not wait
    desk = client.get(reverse("events:b2b_desk", args=[event.pk])).content.decode()
    assert "The scheduler is running" in desk
    # A second run while the first waits goes to the waiting job with a message.
    again = client.post(url, {"time_limit": "5"}, follow=True)
    assert again.redirect_chain[-1][0] == f"/jobs/{job.pk}/"
    assert "already" in again.content.decode()
    assert Job.objects.filter(kind=domain.SCHEDULE_JOB).count() == 1

    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert Meeting.objects.filter(request__event=event).count() == 2
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "2 of 2 accepted requests placed" in page
    assert reverse("events:b2b_desk", args=[event.pk]) in page
    assert (
        "The scheduler is running"
        not in client.get(reverse("events:b2b_desk", args=[event.pk])).content.decode()
    )


def test_what_makes_scheduling_impossible_is_said_on_the_desk_without_a_job(b2b, client_for, world):
    event, _slots, _people = b2b
    event.slots.all().delete()
    client = client_for(world["manager_a"])
    url = reverse("events:run_scheduler", args=[event.pk])
    response = client.post(url, {"time_limit": "5"}, follow=True)
    assert "Add meeting slots before scheduling." in response.content.decode()
    assert not Job.objects.filter(kind=domain.SCHEDULE_JOB).exists()


def test_outsiders_cannot_start_it_or_see_the_job(b2b, client_for, world):
    event, _slots, _people = b2b
    url = reverse("events:run_scheduler", args=[event.pk])
    assert client_for(world["manager_b"]).post(url, {"time_limit": "5"}).status_code in (403, 404)
    assert not Job.objects.filter(kind=domain.SCHEDULE_JOB).exists()
    client_for(world["manager_a"]).post(url, {"time_limit": "5"})
    job = Job.objects.get(kind=domain.SCHEDULE_JOB)
    assert client_for(world["manager_b"]).get(f"/jobs/{job.pk}/").status_code == 404


def test_a_job_whose_event_lost_its_slots_fails_with_the_reason(
    b2b, client_for, world, django_capture_on_commit_callbacks
):
    event, _slots, _people = b2b
    url = reverse("events:run_scheduler", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(world["manager_a"]).post(url, {"time_limit": "5"})
        event.slots.all().delete()
    for callback in callbacks:
        callback()
    job = Job.objects.get(kind=domain.SCHEDULE_JOB)
    assert job.state == Job.State.FAILED
    assert job.error == "Add meeting slots before scheduling."
