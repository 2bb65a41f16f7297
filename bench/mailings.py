"""Benchmark of a mailing to 10,000 recipients sent in the background (issue 18 point 3).

Builds a cluster with 10,000 member organisations and a person (with an address) at each, a
mailing in English and Latvian (a third of the people chose Latvian), and sends it: the page's
verb queues it (one delivery row per recipient) on the database task queue, and a separate
`clusterhub db_worker --batch` process at nice 10 (as `clusterhub serve` and the systemd unit
start workers) sends it through Django's file mail backend (every
message written to a temporary directory) with no rate limit, so the figure is the platform's
own throughput. Meanwhile the bench process asks the mailing's page and the mailings list as
the cluster's manager, one request after the other, and reports their p95.

Figures: seconds to queue (segment + 10,000 rows), seconds the worker took from the queueing
to the last delivery, messages per second, the web p95 during the send. Target (issue 18):
the web p95 under 300 ms while sending. PostgreSQL only by default (the database
`clusterhub_bench_mailings` on postgres://postgres@127.0.0.1:5432, dropped after); SQLite with
--backends sqlite (one writer at a time: the pages wait for the worker's writes).

Run: .venv/bin/python bench/mailings.py [--recipients 10000] [--backends postgresql,sqlite]
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "clusterhub_bench_mailings"


def _environment(url: str, mail_dir: str) -> dict:
    env = dict(os.environ)
    env.update(
        CLUSTERHUB_DATABASE_URL=url,
        CLUSTERHUB_TASKS="database",
        CLUSTERHUB_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        CLUSTERHUB_MAILINGS_RATE="0",
        DJANGO_SETTINGS_MODULE="clusterhub.settings",
        CLUSTERHUB_VAR_DIR=mail_dir,  # the file backend writes under <var>/mail
    )
    return env


def worker(url: str, recipients: int) -> dict:
    """Runs in a child process whose environment names the database and the queue."""
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from clusterhub.accounts.domain import grant_role
    from clusterhub.accounts.models import User
    from clusterhub.mailings import domain
    from clusterhub.mailings.enums import MailingStatus
    from clusterhub.mailings.models import Mailing
    from clusterhub.mailings.sending import counts_of
    from clusterhub.registry.enums import SectorGroup
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import Organisation
    from clusterhub.registry.models import Person
    from clusterhub.site.workers import lower_priority

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", interactive=False, verbosity=0)
    cluster = Cluster.objects.create(
        name="Bench cluster", acronym="BENCHMAIL", country="LV", sector_group=SectorGroup.values[0]
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Member {n} SIA", country="LV", org_type="sme", size_class="small")
        for n in range(recipients)
    )
    Membership.objects.bulk_create(
        Membership(cluster=cluster, organisation=o, since="2020-01-01") for o in organisations
    )
    Person.objects.bulk_create(
        Person(
            organisation=o, first_name="Anna", last_name=f"Bērziņa {n}", email=f"m{n}@bench.example"
        )
        for n, o in enumerate(organisations)
    )
    latvians = User.objects.bulk_create(
        User(username=f"lv{n}", email=f"lv{n}@bench.example", language="lv")
        for n in range(recipients // 3)
    )
    people = list(Person.objects.order_by("pk")[: len(latvians)])
    for person, user in zip(people, latvians, strict=True):
        person.user = user
    Person.objects.bulk_update(people, ["user"], batch_size=1000)
    manager = User.objects.create_user("bench-manager", "manager@bench.example", "x")
    grant_role(user=manager, role="cluster_manager", cluster=cluster)
    mailing = domain.save_mailing(
        cluster=cluster,
        title="Bench newsletter",
        versions={
            "en": {
                "subject": "News",
                "body_html": "<h2>News</h2><p>Dear <strong>member</strong></p>",
            },
            "lv": {"subject": "Ziņas", "body_html": "<h2>Ziņas</h2><p>Sveiki, <em>biedri</em></p>"},
        },
    )
    client = Client()
    client.force_login(manager)
    pages = [f"/mailings/{mailing.pk}/", "/mailings/"]
    for page in pages:  # warm up
        assert client.get(page).status_code == 200, page
    # The same requests with nothing being sent: what the machine gives the pages anyway.
    idle = []
    for _round in range(100):
        for page in pages:
            t = time.perf_counter()
            client.get(page)
            idle.append((time.perf_counter() - t) * 1000)
    idle.sort()

    start = time.perf_counter()
    queued = domain.queue_mailing(mailing=mailing, base_url="https://hub.example/")
    queue_seconds = time.perf_counter() - start
    send_start = time.perf_counter()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "clusterhub",
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.2",
        ],
        env=os.environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lower_priority,  # as clusterhub serve and the systemd unit run workers
    )
    latencies = []
    finished = None
    while True:
        for page in pages:
            t = time.perf_counter()
            response = client.get(page)
            latencies.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200
        status = Mailing.objects.values_list("status", flat=True).get(pk=mailing.pk)
        if status == MailingStatus.SENT and finished is None:
            finished = Mailing.objects.get(pk=mailing.pk).finished_at
            break
        if child.poll() is not None and status != MailingStatus.SENT:
            raise SystemExit(
                f"the worker stopped before the mailing was sent: {child.stderr.read()}"
            )
        time.sleep(0.05)
    wall = time.perf_counter() - send_start
    child.wait(timeout=120)
    mailing.refresh_from_db()
    send_seconds = (mailing.finished_at - mailing.started_at).total_seconds()
    counts = counts_of(mailing)
    # The file backend writes each connection's messages into one file.
    written = 0
    for path in Path(settings.EMAIL_FILE_PATH).iterdir():
        written += path.read_text(encoding="utf-8", errors="replace").count("\nMessage-ID: ")
    latencies.sort()
    figures = {
        "recipients": queued,
        "queue_seconds": round(queue_seconds, 2),
        "send_seconds": round(send_seconds, 2),
        "until_sent_seconds": round(wall, 2),
        "messages_per_s": round(counts["sent"] / send_seconds),
        "delivered": counts["sent"],
        "failed": counts["failed"],
        "messages_written": written,
        "web_requests": len(latencies),
        "web_p50_ms": round(statistics.median(latencies), 1),
        "web_p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "idle_web_p50_ms": round(statistics.median(idle), 1),
        "idle_web_p95_ms": round(idle[int(len(idle) * 0.95) - 1], 1),
    }
    print(json.dumps(figures), flush=True)
    return figures


def run_backend(name: str, recipients: int) -> dict:
    mail_dir = tempfile.mkdtemp(prefix="clusterhub-bench-mail-")
    if name == "sqlite":
        db = Path(tempfile.gettempdir()) / "clusterhub-bench-mailings.sqlite3"
        db.unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    else:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
            conn.execute(f"CREATE DATABASE {PG_NAME}")
        url = PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_NAME
    try:
        child = subprocess.run(
            [sys.executable, __file__, "--worker", "--recipients", str(recipients)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
            env=_environment(url, mail_dir),
        )
    finally:
        if name != "sqlite":
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        subprocess.run(["rm", "-rf", mail_dir], check=False)
    return [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")][-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=10_000)
    parser.add_argument("--backends", default="postgresql")
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    if args.worker:
        worker(os.environ["CLUSTERHUB_DATABASE_URL"], args.recipients)
        return
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": [round(x, 2) for x in os.getloadavg()],
        },
        "backends": {},
    }
    for backend in args.backends.split(","):
        figures = run_backend(backend, args.recipients)
        figures["target_web_p95_ms"] = 300
        figures["web_p95_ok"] = figures["web_p95_ms"] < 300
        report["backends"][backend] = figures
        print(backend, json.dumps(figures))
    report["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    out = ROOT / "bench" / "results" / "mailings.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
