"""The job worker started beside `clusterhub serve` (and so beside `clusterhub demo` and
`make run`): a local install needs no extra service to run imports and backups in the
background. Production runs its workers as services of their own (docs/deployment.md)."""

import os
import signal
import subprocess  # nosec B404  # starts our own worker command, no shell
import sys

from django.conf import settings

# What the worker runs for each queue (settings.CLUSTERHUB_TASKS); the immediate backend runs
# jobs inside the request and needs none.
WORKER_COMMANDS = {
    "database": ["db_worker", "--queue-name", "default", "--interval", "1", "--no-reload"],
    "rq": ["rqworker", "default", "--with-scheduler"],
}

# A worker runs at a lower CPU priority than the web server (as the systemd unit's Nice= does
# in production, docs/deployment.md): on a small machine a 50,000-row import would otherwise
# take a core the pages need, and a job may as well take a little longer.
WORKER_NICENESS = 10


def lower_priority() -> None:
    """Run in the worker's process before it starts (Popen's preexec_fn)."""
    os.nice(WORKER_NICENESS)


def worker_command() -> list[str] | None:
    args = WORKER_COMMANDS.get(settings.CLUSTERHUB_TASKS)
    if args is None:
        return None
    return [sys.executable, "-m", "clusterhub.cli", *args]


def start_worker(*, stdout=None) -> subprocess.Popen | None:
    """Start the worker as a child process (its own process group, so Ctrl-C in the terminal
    reaches it only through stop_worker, after the web server has stopped)."""
    from clusterhub.common.jobs import reap_stale_jobs

    # Jobs left running by a worker that died with the previous server are failed (or retried).
    reap_stale_jobs()
    command = worker_command()
    if command is None:
        return None
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "clusterhub.settings"),
    }
    # A fixed argument list of our own command, no shell.
    return subprocess.Popen(  # noqa: S603  # nosec B603
        command, env=env, stdout=stdout, start_new_session=True, preexec_fn=lower_priority
    )


def stop_worker(process: subprocess.Popen | None, *, timeout: float = 15) -> int | None:
    """Ask the worker to stop after its current job (SIGTERM), kill it if it does not."""
    if process is None or process.poll() is not None:
        return None if process is None else process.returncode
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()
