"""Saving a partnering profile on its page returns at once: the embedding and the refresh of
recommendations run as a job after the commit, and the page says so while it waits."""

import pytest

from clusterhub.common.models import Job
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.embedding import TFIDF
from clusterhub.matchmaking.models import Profile
from tests.matchmaking.test_recommend import market  # noqa: F401  (fixture)

UPDATING = "The recommendations are being updated for the changed text"


def _data(world, **changes):
    return {
        "cluster": world.cluster_a.pk,
        "kind": "technology_request",
        "title": "Traceability",
        "description": "Food traceability software for dairies.",
        "nace": "62.10",
        "visibility": "public",
        **changes,
    }


@pytest.mark.django_db
def test_the_saved_profile_is_embedded_by_a_job_after_the_commit(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world["member_a"])
    url = f"/matchmaking/organisations/{world.member_a.pk}/profiles/new/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, _data(world))
    assert response.status_code == 302
    profile = Profile.objects.get()
    assert profile.vector is None  # the request did not wait for the embedding
    job = Job.objects.get(kind=domain.EMBED_JOB)
    assert (job.state, job.owner, job.params) == (
        Job.State.QUEUED,
        world["member_a"],
        {"profile": profile.pk},
    )
    page = client.get(response.url).content.decode()
    assert UPDATING in page
    assert f"/jobs/{job.pk}/" in page
    # Someone else who may see the profile is told too, without the link to another's job.
    other = client_for(world["staff_a"]).get(response.url).content.decode()
    assert UPDATING in other
    assert f"/jobs/{job.pk}/" not in other

    for callback in callbacks:  # the commit: the queue runs the job
        callback()
    job.refresh_from_db()
    profile.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["embedded"] == 1
    assert profile.vector_model == TFIDF
    assert profile.text_hash == profile.text_digest()
    assert UPDATING not in client.get(response.url).content.decode()


@pytest.mark.django_db
def test_an_edit_while_a_job_waits_does_not_queue_a_second(world, client_for):
    client = client_for(world["member_a"])
    url = f"/matchmaking/organisations/{world.member_a.pk}/profiles/new/"
    client.post(url, _data(world))  # no commit in this test: the job waits
    profile = Profile.objects.get()
    edit = f"/matchmaking/profiles/{profile.pk}/edit/"
    assert client.post(edit, _data(world, title="Traceability 2")).status_code == 302
    assert Job.objects.filter(kind=domain.EMBED_JOB).count() == 1
    assert client_for(world["manager_b"]).post(edit, _data(world)).status_code == 403
    assert Job.objects.filter(kind=domain.EMBED_JOB).count() == 1


@pytest.mark.django_db
def test_a_job_for_a_deleted_profile_ends_quietly(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world["member_a"])
    url = f"/matchmaking/organisations/{world.member_a.pk}/profiles/new/"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(url, _data(world))
        Profile.objects.all().delete()
    for callback in callbacks:
        callback()
    job = Job.objects.get(kind=domain.EMBED_JOB)
    assert job.state == Job.State.DONE
    assert "deleted" in job.result["summary"]


@pytest.mark.django_db
@pytest.mark.usefixtures("market")
def test_recommend_all_runs_in_the_worker_from_the_command(
    world, django_capture_on_commit_callbacks
):
    from io import StringIO

    from django.core.management import CommandError
    from django.core.management import call_command

    from clusterhub.matchmaking.jobs import RECOMMEND_ALL_JOB
    from clusterhub.matchmaking.models import Suggestion

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        call_command("matchmaking", "recommend", "--all", "--top", "2", "--background", stdout=out)
        job = Job.objects.get(kind=RECOMMEND_ALL_JOB)
        assert out.getvalue().strip() == f"Queued as job {job.pk} for the worker."
        assert not Suggestion.objects.exists()  # nothing done in the command itself
        with pytest.raises(CommandError, match="already"):
            call_command("matchmaking", "recommend", "--all", "--background")
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.result["stored"] == Suggestion.objects.count() > 0
    assert job.result["summary"] == (
        f"Embedded 0 profiles; stored {job.result['stored']} suggestions."
    )
