"""Background jobs (common/jobs.py): start, run, progress, failure, dedupe, stale workers, the
job page and who may see it. The suite runs jobs with django-tasks' immediate backend, after the
starting transaction commits (django_capture_on_commit_callbacks(execute=True))."""

import tarfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clusterhub.common import jobs
from clusterhub.common.jobs import DuplicateJob
from clusterhub.common.jobs import JobFailed
from clusterhub.common.jobs import execute_job
from clusterhub.common.jobs import job_url
from clusterhub.common.jobs import reap_stale_jobs
from clusterhub.common.jobs import register_job
from clusterhub.common.jobs import start_job
from clusterhub.common.models import Job
from clusterhub.common.models import Notification
from tests.conftest import PASSWORD
from tests.factories import UserFactory

calls: list[int] = []
SEEN_PROGRESS: list[tuple[int, int]] = []


@register_job("tests.echo")
def echo_job(job, on_progress):
    calls.append(job.pk)
    total = job.params.get("steps", 3)
    for done in range(1, total + 1):
        on_progress(done, total)
        row = Job.objects.get(pk=job.pk)
        SEEN_PROGRESS.append((row.progress_done, row.progress_total))
    return {"summary": f"echo {job.params.get('text', '')}", "steps": total}


@register_job("tests.refuse")
def refusing_job(job, on_progress):
    raise JobFailed("Row 3, column name: the name is empty.")


@register_job("tests.crash")
def crashing_job(job, on_progress):
    raise ZeroDivisionError("secret internals")


@register_job("tests.retry", retries=1)
def retry_job(job, on_progress):
    return {}


@pytest.fixture(autouse=True)
def _clear_calls():
    calls.clear()
    SEEN_PROGRESS.clear()


def _start(kind, owner, capture, **params):
    with capture(execute=True):
        job = start_job(kind, owner=owner, title=f"{kind} job", params=params)
    job.refresh_from_db()
    return job


@pytest.mark.django_db
def test_a_started_job_runs_after_commit_and_stores_its_result(django_capture_on_commit_callbacks):
    owner = UserFactory(username="owner")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job("tests.echo", owner=owner, title="Echo", params={"text": "hi"})
        assert Job.objects.get(pk=job.pk).state == Job.State.QUEUED
    assert calls == []  # nothing runs before the starting transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    job.refresh_from_db()
    assert calls == [job.pk]
    assert job.state == Job.State.DONE
    assert job.result == {"summary": "echo hi", "steps": 3}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.attempts == 1
    assert job.started_at <= job.finished_at
    assert job.task_id != ""
    assert job.error == ""


@pytest.mark.django_db
def test_progress_is_written_while_the_job_runs(django_capture_on_commit_callbacks):
    owner = UserFactory(username="owner")
    _start("tests.echo", owner, django_capture_on_commit_callbacks, steps=3)
    # The first and the last report are written at once; the middle one within a second.
    assert SEEN_PROGRESS[0] == (1, 3)
    assert SEEN_PROGRESS[-1] == (3, 3)


@pytest.mark.django_db
def test_a_job_refused_by_its_function_keeps_the_reason(django_capture_on_commit_callbacks):
    job = _start("tests.refuse", UserFactory(username="owner"), django_capture_on_commit_callbacks)
    assert job.state == Job.State.FAILED
    assert job.error == "Row 3, column name: the name is empty."
    assert job.finished_at is not None


@pytest.mark.django_db
def test_an_unexpected_error_is_named_without_its_internals(django_capture_on_commit_callbacks):
    job = _start("tests.crash", UserFactory(username="owner"), django_capture_on_commit_callbacks)
    assert job.state == Job.State.FAILED
    assert "ZeroDivisionError" in job.error
    assert "server log" in job.error
    assert "secret internals" not in job.error


@pytest.mark.django_db
def test_the_same_dedupe_key_is_refused_while_the_first_job_waits():
    owner = UserFactory(username="owner")
    first = start_job("tests.echo", owner=owner, title="A", params={}, dedupe_key="k1")
    with pytest.raises(DuplicateJob) as refused:
        start_job("tests.echo", owner=owner, title="B", params={}, dedupe_key="k1")
    assert isinstance(refused.value, ValidationError)
    assert refused.value.job == first
    assert "already waiting" in refused.value.messages[0]
    # Another key, or no key, is fine; and once the first ended, the key is free again.
    start_job("tests.echo", owner=owner, title="C", params={}, dedupe_key="k2")
    start_job("tests.echo", owner=owner, title="D", params={})
    Job.objects.filter(pk=first.pk).update(state=Job.State.DONE)
    start_job("tests.echo", owner=owner, title="E", params={}, dedupe_key="k1")
    assert Job.objects.filter(dedupe_key="k1").count() == 2


@pytest.mark.django_db
def test_the_database_refuses_two_active_jobs_with_one_key_even_past_the_check():
    from django.db import IntegrityError
    from django.db import transaction

    owner = UserFactory(username="owner")
    Job.objects.create(kind="tests.echo", owner=owner, title="A", dedupe_key="race")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="tests.echo", owner=owner, title="B", dedupe_key="race")


@pytest.mark.django_db
def test_an_unknown_kind_cannot_be_started():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        start_job("tests.nope", owner=None, title="x", params={})
    assert not Job.objects.exists()


@pytest.mark.django_db
def test_a_job_delivered_twice_runs_once(django_capture_on_commit_callbacks):
    job = _start("tests.echo", UserFactory(username="owner"), django_capture_on_commit_callbacks)
    assert execute_job(job.pk) is None
    job.refresh_from_db()
    assert calls == [job.pk]
    assert job.attempts == 1
    assert job.state == Job.State.DONE


@pytest.mark.django_db
def test_a_running_job_is_not_taken_by_a_second_worker():
    job = Job.objects.create(
        kind="tests.echo", title="x", state=Job.State.RUNNING, heartbeat_at=timezone.now()
    )
    assert execute_job(job.pk) is None
    assert calls == []


@pytest.mark.django_db
def test_a_job_whose_worker_died_is_failed_with_a_reason(settings):
    settings.CLUSTERHUB_JOB_STALE_SECONDS = 60
    owner = UserFactory(username="owner")
    old = timezone.now() - timedelta(seconds=61)
    dead = Job.objects.create(
        kind="tests.echo",
        owner=owner,
        title="x",
        state=Job.State.RUNNING,
        heartbeat_at=old,
        attempts=1,
    )
    alive = Job.objects.create(
        kind="tests.echo",
        owner=owner,
        title="y",
        state=Job.State.RUNNING,
        heartbeat_at=timezone.now() - timedelta(seconds=30),
        attempts=1,
    )
    assert reap_stale_jobs() == 1
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.state == Job.State.FAILED
    assert "worker running this job stopped" in dead.error
    assert alive.state == Job.State.RUNNING
    assert Notification.objects.filter(user=owner, subject="Failed: x").count() == 1


@pytest.mark.django_db
def test_a_retryable_job_whose_worker_died_runs_again(settings, django_capture_on_commit_callbacks):
    settings.CLUSTERHUB_JOB_STALE_SECONDS = 60
    old = timezone.now() - timedelta(minutes=5)
    job = Job.objects.create(
        kind="tests.retry", title="x", state=Job.State.RUNNING, heartbeat_at=old, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reap_stale_jobs() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    assert job.attempts == 2
    # A second death after the last retry fails it.
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, heartbeat_at=old)
    assert reap_stale_jobs() == 1
    job.refresh_from_db()
    assert job.state == Job.State.FAILED


@pytest.mark.django_db
def test_the_owner_is_notified_when_a_job_ends(django_capture_on_commit_callbacks, mailoutbox):
    owner = UserFactory(username="owner")
    job = _start("tests.echo", owner, django_capture_on_commit_callbacks, text="x")
    note = Notification.objects.get(user=owner)
    assert note.subject == "Finished: tests.echo job"
    assert job_url(job) in note.body
    assert [m.to for m in mailoutbox] == [[owner.email]]


def _client(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_the_job_page_shows_the_result_to_its_owner_and_staff_only(
    client, django_capture_on_commit_callbacks
):
    owner = UserFactory(username="owner")
    job = _start("tests.echo", owner, django_capture_on_commit_callbacks, text="hello")
    page = _client(client, owner).get(job_url(job))
    assert page.status_code == 200
    assert "echo hello" in page.content.decode()
    assert "data-job-poll" not in page.content.decode()  # ended: no more polling
    staff = UserFactory(username="staffer", is_staff=True)
    assert _client(client, staff).get(job_url(job)).status_code == 200
    other = UserFactory(username="other")
    client.logout()
    _client(client, other)
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404, name
    assert client.get(reverse("jobs:detail", args=[99999])).status_code == 404
    listing = client.get(reverse("jobs:list")).content.decode()
    assert "tests.echo job" not in listing
    client.logout()
    assert client.get(job_url(job)).status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_a_waiting_job_page_polls_its_status_fragment(client):
    owner = UserFactory(username="owner")
    job = Job.objects.create(
        kind="tests.echo",
        owner=owner,
        title="Slow",
        state=Job.State.RUNNING,
        heartbeat_at=timezone.now(),
        progress_done=40,
        progress_total=200,
        progress_label="Checking rows",
    )
    _client(client, owner)
    html = client.get(job_url(job)).content.decode()
    assert f'data-job-poll="{reverse("jobs:status", args=[job.pk])}"' in html
    assert "clusterhub/jobs.js" in html
    fragment = client.get(reverse("jobs:status", args=[job.pk]))
    assert fragment["Cache-Control"] == "no-store"
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="job-status"')
    assert 'value="40"' in text and "40 of 200 (20%)" in text
    assert "Checking rows" in text


@pytest.mark.django_db
def test_the_failure_reason_is_shown_on_the_page(client, django_capture_on_commit_callbacks):
    owner = UserFactory(username="owner")
    job = _start("tests.refuse", owner, django_capture_on_commit_callbacks)
    html = _client(client, owner).get(job_url(job)).content.decode()
    assert "The job failed" in html
    assert "Row 3, column name: the name is empty." in html


@pytest.mark.django_db
def test_my_jobs_lists_only_my_jobs(client):
    me = UserFactory(username="me")
    other = UserFactory(username="other")
    Job.objects.create(kind="tests.echo", owner=me, title="Mine")
    Job.objects.create(kind="tests.echo", owner=other, title="Theirs")
    html = _client(client, me).get(reverse("jobs:list")).content.decode()
    assert "Mine" in html
    assert "Theirs" not in html
    assert "Back up the whole site" not in html


@pytest.mark.django_db
def test_an_admin_backs_up_the_site_as_a_job_and_downloads_it(
    client, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    _client(client, admin)
    assert "Back up the whole site" in client.get(reverse("jobs:list")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:backup"))
    job = Job.objects.get(kind="common.backup")
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    assert job.state == Job.State.DONE, job.error
    assert job.result["rows"] > 0
    assert job.result_file.name.startswith("backups/clusterhub-")
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200
    archive = tmp_path / "copy.tar.gz"
    archive.write_bytes(b"".join(download.streaming_content))
    with tarfile.open(archive) as tar:
        assert "header.json" in tar.getnames()
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*.tar.gz"))


@pytest.mark.django_db
def test_only_administrators_start_a_backup(client):
    staff = UserFactory(username="staffer", is_staff=True)
    _client(client, staff)
    assert client.post(reverse("jobs:backup")).status_code == 403
    assert client.get(reverse("jobs:backup")).status_code == 405
    assert not Job.objects.exists()


def test_the_registry_of_kinds_knows_the_common_kinds():
    assert "common.backup" in jobs.known_kinds()
