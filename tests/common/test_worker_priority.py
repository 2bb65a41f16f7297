"""The worker `clusterhub serve` starts runs at a lower CPU priority than the web server, so a
long import does not slow the pages down on a small machine (docs/jobs.md)."""

import os
import subprocess
import sys

import pytest

from clusterhub.site import workers


@pytest.mark.django_db
def test_the_served_worker_runs_ten_steps_nicer(monkeypatch):
    monkeypatch.setattr(
        workers, "worker_command", lambda: [sys.executable, "-c", "import os; print(os.nice(0))"]
    )
    process = workers.start_worker(stdout=subprocess.PIPE)
    out, _ = process.communicate(timeout=30)
    assert int(out) == min(os.nice(0) + workers.WORKER_NICENESS, 19)
