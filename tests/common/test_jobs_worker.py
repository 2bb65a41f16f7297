"""A real worker process (`clusterhub db_worker`) killed in the middle of an organisation import:
nothing of the import is written, the job is queued again once its heartbeat is stale (imports
are all or nothing, so they may run again), the next worker imports every row, and a second
delivery of the same job changes nothing.

The worker needs a database it can reach from another process: a copy of the test database
(SQLite: the backup API into a file; PostgreSQL: pg_dump into a new database), dropped afterwards."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

# Real worker processes: `make workers` runs these one at a time, on an otherwise idle machine
# (under `make test`'s two busy cores a worker can take minutes only to start).
pytestmark = pytest.mark.workers

ROWS = 1000  # two chunks of the importer's bulk writes (CHUNK = 500)
ROOT = Path(__file__).resolve().parents[2]


def _scratch_database(tmp_path):
    """(url, query function, cleanup) for a copy of the migrated test database."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "worker.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()

        def query(sql, params=()):
            with sqlite3.connect(path, timeout=30) as db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()

        def write_locked() -> bool:
            db = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
                return False
            except sqlite3.OperationalError:
                return True
            finally:
                db.close()

        return f"sqlite:///{path}", query, write_locked, lambda: None
    import psycopg

    name = f"clusterhub_jobs_{uuid.uuid4().hex[:12]}"
    params = {
        "host": settings_dict["HOST"] or "127.0.0.1",
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"] or "postgres",
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    where = ["-h", str(params["host"]), "-p", str(params["port"]), "-U", params["user"]]
    dump = subprocess.run(  # noqa: S603
        ["pg_dump", *where, "--no-owner", settings_dict["NAME"]],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=120,
    )
    subprocess.run(  # noqa: S603
        ["psql", *where, "-q", "-v", "ON_ERROR_STOP=1", name],  # noqa: S607
        input=dump.stdout,
        capture_output=True,
        check=True,
        timeout=120,
    )

    def query(sql, params_=()):
        with psycopg.connect(dbname=name, autocommit=True, **params) as db:
            return db.execute(sql, params_).fetchall()

    def cleanup():
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    url = f"postgres://{params['user']}@{params['host']}:{params['port']}/{name}"
    return url, query, lambda: False, cleanup


SETUP = """
from django.db import transaction
from clusterhub.accounts.models import User
from clusterhub.common.jobs import start_job
from clusterhub.common.models import job_files_storage
from django.core.files.base import ContentFile
from tests.factories import ClusterFactory

owner = User.objects.create_user("job-owner", is_superuser=True, is_staff=True)
cluster = ClusterFactory(name="Worker Cluster", acronym="WRK")
header = "name,registration number,country,region,nace,secondary nace,type,headcount,website,email,phone,member since,member until,is_startup,notes"
rows = [f"Worker Org {i:05d} SIA,,LV,LV00A,62.10,,SME,5,,,,2021-01-01,,no," for i in range(ROWS)]
stored = job_files_storage().save("imports/worker.csv", ContentFile(("\\n".join([header, *rows]) + "\\n").encode()))
with transaction.atomic():
    job = start_job("registry.import_organisations", owner=owner, title="Worker import",
                    params={"cluster": cluster.pk, "file": stored, "filename": "worker.csv", "dry_run": False},
                    dedupe_key="worker")
print(job.pk)
"""


def _clusterhub(env, *args, **kwargs):
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "clusterhub.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        **kwargs,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def _worker(env):
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "clusterhub.cli",
            "db_worker",
            "--no-startup-delay",
            "--interval",
            "0.2",
            "--no-reload",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def scratch(transactional_db, tmp_path):
    """A copy of the test database for worker processes. The test runs outside a transaction
    (a copy cannot be taken inside one); after the teardown's flush, tests/conftest.py loads the
    reference data again for the tests that follow."""
    url, query, write_locked, cleanup = _scratch_database(tmp_path)
    yield url, query, write_locked
    cleanup()


def test_a_worker_killed_mid_import_writes_nothing_and_the_job_runs_again(scratch, tmp_path):
    url, query, _locked = scratch
    env = {
        **os.environ,
        "CLUSTERHUB_DATABASE_URL": url,
        "CLUSTERHUB_TASKS": "database",
        "CLUSTERHUB_VAR_DIR": str(tmp_path / "var"),
        "CLUSTERHUB_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_SETTINGS_MODULE": "clusterhub.settings",
    }
    worker = None
    try:
        out = _clusterhub(env, "shell", "-c", SETUP.replace("ROWS", str(ROWS))).stdout
        job_id = int(out.strip().splitlines()[-1])
        orgs = "SELECT COUNT(*) FROM registry_organisation WHERE name LIKE 'Worker Org %%'"
        job_row = "SELECT state, progress_done, progress_total, attempts, error FROM common_job WHERE id = %s"
        assert query(orgs)[0][0] == 0

        # The worker pauses (common.jobs._test_pause) once the import has written its first
        # chunk of rows inside its transaction, and says so by creating `paused`; killed there
        # without warning, it dies in the middle of writing, whatever the machine's load.
        paused = tmp_path / "paused"
        worker = _worker({**env, "CLUSTERHUB_TEST_JOB_PAUSE": f"{ROWS + 1}:{paused}"})
        _wait(paused.exists, 240, "the worker to write the first rows")
        assert int(paused.read_text()) == ROWS + 500  # checked every row, wrote 500
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        worker = None

        assert query(orgs)[0][0] == 0  # the write transaction died with the worker
        state, done, total, attempts, error = query(job_row, (job_id,))[0]
        assert (state, attempts) == ("running", 1)
        # The heartbeat thread shows the progress unless SQLite's writer lock (held by the
        # import's transaction) kept it out before it could write.
        assert (done, total) in {(0, 0), (ROWS + 500, 2 * ROWS)} or (done <= ROWS, total) == (
            True,
            2 * ROWS,
        )

        # The heartbeat is stale at once with a 0-second limit: the import is queued again.
        time.sleep(1.1)
        reaped = _clusterhub(
            {**env, "CLUSTERHUB_JOB_STALE_SECONDS": "0"},
            "shell",
            "-c",
            "from clusterhub.common.jobs import reap_stale_jobs; print(reap_stale_jobs())",
        ).stdout
        assert reaped.strip().splitlines()[-1] == "1"
        assert query(job_row, (job_id,))[0][0] == "queued"

        # The next worker imports every row, once.
        _clusterhub(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        state, done, total, attempts, error = query(job_row, (job_id,))[0]
        assert (state, attempts, error) == ("done", 2, "")
        assert query(orgs)[0][0] == ROWS

        # The same job delivered again does nothing.
        _clusterhub(
            env,
            "shell",
            "-c",
            f"from clusterhub.common.jobs import run_job; run_job.enqueue({job_id})",
        )
        _clusterhub(env, "db_worker", "--batch", "--no-startup-delay", "--no-reload")
        assert query(job_row, (job_id,))[0][:1] + query(job_row, (job_id,))[0][3:4] == (
            "done",
            2,
        )
        assert query(orgs)[0][0] == ROWS
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)


@pytest.mark.parametrize("queue", ["database"])
def test_serve_starts_a_worker_and_stops_it(queue, monkeypatch, settings):
    from clusterhub.site import workers

    settings.CLUSTERHUB_TASKS = queue
    command = workers.worker_command()
    assert command[:3] == [sys.executable, "-m", "clusterhub.cli"]
    assert command[3] == "db_worker"
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])  # noqa: S603
    assert workers.stop_worker(process, timeout=10) == -signal.SIGTERM
    settings.CLUSTERHUB_TASKS = "immediate"
    assert workers.worker_command() is None
