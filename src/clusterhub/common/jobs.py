"""Background jobs: long work (imports, backups, mail) run by a worker, watched on a page.

An area registers what a kind of job does, and starts jobs from its pages:

    @register_job("registry.import")
    def import_job(job: Job, on_progress: OnProgress) -> dict:
        ...  # read job.params, call on_progress(done, total), return a JSON-able result

    job = start_job("registry.import", owner=request.user, title=..., params={...},
                    dedupe_key=f"registry.import:{cluster.pk}")
    return redirect(job_url(job))

`start_job` saves a queued Job and hands its id to the django-tasks queue once the surrounding
transaction commits (settings.TASKS: the database queue, RQ, or in tests the immediate backend).
A worker claims the job (queued -> running, one worker only), runs the function, and stores its
result or a readable reason for the failure. While it runs, a thread of the worker writes the
progress and a heartbeat every second on its own database connection, so the job page sees them
even while the function holds a transaction open. A running job whose heartbeat is older than
CLUSTERHUB_JOB_STALE_SECONDS lost its worker: `reap_stale_jobs` fails it with a reason (or
queues it again, for kinds registered with retries). Modules registering kinds are imported at
start-up: every area's `jobs.py`, and the common modules imported in autodiscover(). See docs/jobs.md.
"""

import logging
import os
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.db import IntegrityError
from django.db import connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django_tasks import task

from clusterhub.common.models import Job
from clusterhub.common.progress import OnProgress

logger = logging.getLogger(__name__)

JobFunction = Callable[[Job, OnProgress], dict]
ACTIVE_STATES = (Job.State.QUEUED, Job.State.RUNNING)


class JobFailed(Exception):
    """Raised by a job function: the message is shown to the user as the reason."""


class DuplicateJob(ValidationError):
    """start_job refused: a job with the same dedupe key is waiting or running (`.job`)."""

    def __init__(self, job: Job):
        super().__init__(
            _(
                "The same job is already %(state)s (started %(started)s); wait until it ends "
                "before starting it again."
            ),
            code="duplicate_job",
            params={
                "state": job.get_state_display(),
                "started": timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M"),
            },
        )
        self.job = job


@dataclass(frozen=True)
class _Kind:
    function: JobFunction
    retries: int
    result_template: str | None


_KINDS: dict[str, _Kind] = {}
_FINISHED_HOOKS: list[Callable[[Job], None]] = []


def register_job(
    kind: str, *, retries: int = 0, result_template: str | None = None
) -> Callable[[JobFunction], JobFunction]:
    """Register `fn(job, on_progress) -> dict` as what a job of `kind` does.

    `retries`: how many times a job whose worker died is queued again before it is failed;
    only for functions that are safe to run again from the start (all-or-nothing writes).
    `result_template`: how the job page shows the result dict (context: job, result); by
    default its "summary" text and, when the job stored a file, a download link."""

    def decorate(function: JobFunction) -> JobFunction:
        known = _KINDS.get(kind)
        if known is not None and known.function.__qualname__ != function.__qualname__:
            raise ImproperlyConfigured(f"Job kind {kind!r} is registered twice.")
        _KINDS[kind] = _Kind(function, retries, result_template)
        return function

    return decorate


def on_job_finished(hook: Callable[[Job], None]) -> Callable[[Job], None]:
    """Call `hook(job)` when a job ends (done or failed); the site app notifies the owner."""
    _FINISHED_HOOKS.append(hook)
    return hook


def known_kinds() -> list[str]:
    return sorted(_KINDS)


def result_template(job: Job) -> str | None:
    kind = _KINDS.get(job.kind)
    return kind.result_template if kind is not None else None


def autodiscover() -> None:
    """Import every module that registers kinds (called from CommonConfig.ready())."""
    from clusterhub.common import backup  # noqa: F401  (they register their kinds)
    from clusterhub.common import mail  # noqa: F401  (they register their kinds)

    autodiscover_modules("jobs")


def start_job(
    kind: str,
    *,
    owner,
    title: str,
    params: dict,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
) -> Job:
    """Save a queued job and enqueue it when the current transaction commits.

    Raises DuplicateJob (a ValidationError) when a job with the same dedupe key is waiting or
    running; a unique constraint on (dedupe_key, active) closes the race between two requests.
    `run_after`: not before then, on a queue that can defer (the database and RQ queues); on
    one that cannot, at once, so the function must leave alone what is not yet due (and a
    command run by cron does it later, as `clusterhub mailings send-due`)."""
    if kind not in _KINDS:
        raise ImproperlyConfigured(f"Unknown job kind {kind!r}; register it with register_job.")
    key = dedupe_key or ""
    if key:
        active = Job.objects.filter(dedupe_key=key, state__in=ACTIVE_STATES).first()
        if active is not None:
            raise DuplicateJob(active)
    try:
        with transaction.atomic():
            job = Job.objects.create(
                kind=kind, owner=owner, title=title[:200], params=params, dedupe_key=key
            )
    except IntegrityError:
        active = Job.objects.filter(dedupe_key=key, state__in=ACTIVE_STATES).first()
        if active is None:
            raise
        raise DuplicateJob(active) from None
    job_id = job.pk
    transaction.on_commit(lambda: _enqueue(job_id, run_after))
    return job


def job_url(job: Job) -> str:
    return reverse("jobs:detail", args=[job.pk])


def _enqueue(job_id: int, run_after: datetime | None = None) -> None:
    queued = run_job
    if run_after is not None and run_job.get_backend().supports_defer:
        queued = run_job.using(run_after=run_after)
    try:
        result = queued.enqueue(job_id)
    except Exception:
        logger.exception("Could not enqueue job %s", job_id)
        _fail(
            job_id,
            _("The job could not be queued: the job queue is not reachable. Try again later."),
            from_states=(Job.State.QUEUED,),
        )
        return
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


@task()
def run_job(job_id: int) -> None:
    """The django-tasks task: every job goes through this one entry point."""
    execute_job(job_id)


class _Progress:
    """The `on_progress(done, total)` a job function gets, and the heartbeat.

    `threaded`: a thread writes progress and heartbeat every second on its own connection (a
    worker). Otherwise (the job runs inside a transaction already, as in a test) progress is
    written on the caller's connection, at most once a second."""

    def __init__(self, job_id: int, *, threaded: bool):
        self.job_id = job_id
        self.threaded = threaded
        self.done = 0
        self.total = 0
        self.label = ""
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_write = 0.0

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self.done, self.total = max(0, int(done)), max(0, int(total))
        _test_pause(self.done)
        if not self.threaded:
            now = timezone.now().timestamp()
            if now - self._last_write >= 1 or done >= total:
                self._last_write = now
                self._write()

    def step(self, label: str) -> None:
        """Name the current step (shown above the bar)."""
        with self._lock:
            self.label = str(label)[:200]
        if not self.threaded:
            self._write()

    def _write(self) -> None:
        with self._lock:
            values = {
                "progress_done": self.done,
                "progress_total": self.total,
                "progress_label": self.label,
            }
        Job.objects.filter(pk=self.job_id, state=Job.State.RUNNING).update(
            heartbeat_at=timezone.now(), **values
        )

    def _beat(self) -> None:
        interval = getattr(settings, "CLUSTERHUB_JOB_HEARTBEAT_SECONDS", 1.0)
        try:
            while not self._stop.wait(interval):
                try:
                    self._write()
                except DatabaseError:  # busy (SQLite writer lock): the next beat tries again
                    logger.debug("Job %s: heartbeat not written", self.job_id, exc_info=True)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self):
        if self.threaded:
            self._thread = threading.Thread(
                target=self._beat, name=f"job-{self.job_id}-heartbeat", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc):
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
        return False


_TEST_PAUSED: list[int] = []


def _test_pause(done: int) -> None:
    """Test hook (tests/common/test_jobs_worker.py), off unless CLUSTERHUB_TEST_JOB_PAUSE is set
    to "N:path": once progress reaches N, create `path` and wait (at most 10 minutes) until the
    test removes it, so the test can kill the worker at a known point in the job. Once only."""
    spec = os.environ.get("CLUSTERHUB_TEST_JOB_PAUSE", "")
    at, _sep, path = spec.partition(":")
    if not path or done < int(at) or _TEST_PAUSED:
        return
    _TEST_PAUSED.append(done)
    with open(path, "w") as marker:
        marker.write(str(done))
    deadline = time.monotonic() + 600
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.05)


def report_step(on_progress: OnProgress, label: str) -> None:
    """Name the step a job is in, when `on_progress` is a job's (no-op for a terminal's)."""
    step = getattr(on_progress, "step", None)
    if step is not None:
        step(label)


def execute_job(job_id: int) -> Job | None:
    """Claim and run one job. A job that is not waiting (done, failed, or claimed by another
    worker) is left alone, so a task delivered twice runs the job once."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=Job.State.QUEUED).update(
        state=Job.State.RUNNING,
        started_at=now,
        heartbeat_at=now,
        finished_at=None,
        attempts=F("attempts") + 1,
        error="",
    )
    if not claimed:
        logger.info("Job %s is not waiting; not run again", job_id)
        return None
    job = Job.objects.get(pk=job_id)
    kind = _KINDS.get(job.kind)
    if kind is None:
        return _fail(
            job_id,
            _("This kind of job (%(kind)s) is not known to the worker that took it.")
            % {"kind": job.kind},
        )
    # Texts a job writes into its result (summaries, problems) are in its owner's language.
    from clusterhub.common.mail import in_language_of

    language = in_language_of(job.owner) if job.owner is not None else nullcontext()
    progress = _Progress(job_id, threaded=not connection.in_atomic_block)
    try:
        with progress, language:
            result = kind.function(job, progress)
    except JobFailed as exc:
        return _fail(job_id, str(exc), progress=progress)
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        return _fail(
            job_id,
            _(
                "The job stopped on an unexpected error (%(error)s). An administrator finds "
                "the details in the server log."
            )
            % {"error": type(exc).__name__},
            progress=progress,
        )
    job.state = Job.State.DONE
    job.result = result or {}
    job.finished_at = timezone.now()
    job.heartbeat_at = job.finished_at
    job.progress_total = progress.total
    job.progress_done = progress.total if progress.total else progress.done
    job.progress_label = ""
    job.save(
        update_fields=[
            "state",
            "result",
            "result_file",
            "finished_at",
            "heartbeat_at",
            "progress_done",
            "progress_total",
            "progress_label",
        ]
    )
    _finished(job)
    return job


def _fail(
    job_id: int,
    reason: str,
    *,
    progress: _Progress | None = None,
    from_states=(Job.State.RUNNING,),
) -> Job | None:
    now = timezone.now()
    values = {"state": Job.State.FAILED, "error": reason, "finished_at": now, "heartbeat_at": now}
    if progress is not None:
        values.update(progress_done=progress.done, progress_total=progress.total)
    if not Job.objects.filter(pk=job_id, state__in=from_states).update(**values):
        return None
    job = Job.objects.get(pk=job_id)
    _finished(job)
    return job


def _finished(job: Job) -> None:
    for hook in _FINISHED_HOOKS:
        try:
            hook(job)
        except Exception:  # a notification must never undo the job's outcome
            logger.exception("Job %s: a finished hook failed", job.pk)


def stale_before(now=None):
    seconds = getattr(settings, "CLUSTERHUB_JOB_STALE_SECONDS", 120)
    return (now or timezone.now()) - timedelta(seconds=seconds)


def reap_stale_jobs(*, now=None, queryset=None) -> int:
    """Fail (or queue again, within the kind's retries) running jobs whose worker died.

    Returns how many jobs were reaped."""
    cutoff = stale_before(now)
    jobs = (queryset if queryset is not None else Job.objects.all()).filter(
        state=Job.State.RUNNING, heartbeat_at__lt=cutoff
    )
    reaped = 0
    for job in jobs:
        kind = _KINDS.get(job.kind)
        same = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat_at=job.heartbeat_at)
        if kind is not None and job.attempts <= kind.retries:
            if same.update(state=Job.State.QUEUED, heartbeat_at=None, progress_done=0):
                job_id = job.pk
                transaction.on_commit(lambda job_id=job_id: _enqueue(job_id))
                reaped += 1
            continue
        if same.exists():
            reaped += bool(
                _fail(
                    job.pk,
                    _(
                        "The worker running this job stopped (it was restarted or crashed) "
                        "before the job ended. Work that is written all at once, such as an "
                        "import, was not written; start the job again."
                    ),
                )
            )
    return reaped
