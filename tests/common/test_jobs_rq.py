"""Jobs on RQ: an organisation import queued on the real Redis at 127.0.0.1:6379 and run by a
real `rqworker` process. Marked `workers`: only `make workers` (its own `.ci/run` stage) runs it;
`make test` leaves it out, so the suite needs no Redis."""

import os
import uuid

import pytest

from tests.common.test_jobs_worker import SETUP  # noqa: F401  (fixtures)
from tests.common.test_jobs_worker import _clusterhub  # noqa: F401  (fixtures)
from tests.common.test_jobs_worker import scratch  # noqa: F401  (fixtures)

pytestmark = pytest.mark.workers

ROWS = 50


def test_an_import_runs_on_a_real_rq_worker(scratch, tmp_path):  # noqa: F811
    import redis

    url, query, _locked = scratch
    # A database of its own on the Redis server, emptied afterwards.
    redis_url = "redis://127.0.0.1:6379/13"
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **os.environ,
        "CLUSTERHUB_DATABASE_URL": url,
        "CLUSTERHUB_TASKS": "rq",
        "CLUSTERHUB_REDIS_URL": redis_url,
        "CLUSTERHUB_VAR_DIR": str(tmp_path / "var"),
        "CLUSTERHUB_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "clusterhub.settings",
    }
    try:
        out = _clusterhub(env, "shell", "-c", SETUP.replace("ROWS", str(ROWS))).stdout
        job_id = int(out.strip().splitlines()[-1])
        job_row = "SELECT state, attempts, error, task_id FROM common_job WHERE id = %s"
        state, attempts, error, task_id = query(job_row, (job_id,))[0]
        assert state == "queued"
        assert task_id  # the RQ job id
        assert redis.Redis.from_url(redis_url).llen("rq:queue:default") == 1
        # --burst: the worker runs what is queued, then exits.
        name = f"test-{uuid.uuid4().hex[:8]}"
        _clusterhub(env, "rqworker", "default", "--burst", "--name", name)
        state, attempts, error, _task = query(job_row, (job_id,))[0]
        assert (state, attempts, error) == ("done", 1, "")
        orgs = "SELECT COUNT(*) FROM registry_organisation WHERE name LIKE 'Worker Org %%'"
        assert query(orgs)[0][0] == ROWS
    finally:
        redis.Redis.from_url(redis_url).flushdb()
