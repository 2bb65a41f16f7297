"""One way to run work off the request path: a kind registered with common.jobs.register_job
and started with start_job. A django-tasks task of an area's own would have no job page, no
progress, no retry when its worker dies, and no place in "My jobs" or the admin."""

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "clusterhub"
DEFINES_A_TASK = re.compile(r"^\s*@task\b|^from django_tasks import .*\btask\b", re.MULTILINE)


def test_only_common_jobs_defines_a_task():
    defining = sorted(
        path.relative_to(SRC).as_posix()
        for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and DEFINES_A_TASK.search(path.read_text())
    )
    assert defining == ["common/jobs.py"]
