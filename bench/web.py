"""Web load benchmark on PostgreSQL (issue 8, point 7).

    .venv/bin/python bench/web.py            fill the bench database if needed, then run the load
    .venv/bin/python bench/web.py fill       only fill (--refill empties and fills again)
    .venv/bin/python bench/web.py run        only run the load (the database must be filled)
    .venv/bin/python bench/web.py run --duration 20 --users 10     a short trial

The fill puts 3,000 clusters, 150,000 organisations, 300,000 memberships, 100,000 people, a year
of events (2,000 events with sessions and 60,000 registrations), 15,000 services, 10,000
partnering profiles and 20 funded projects into its own PostgreSQL database (`clusterhub_bench`
beside the `clusterhub` database CI uses; CLUSTERHUB_BENCH_DATABASE_URL names another). Rows are
bulk-created in batches, so no history rows are written: no measured page reads them. The bench
database gets random_page_cost = 1.1, the usual setting on SSD (docs/performance.md).

The run collects the static files into a temporary folder, starts gunicorn with 2 workers and the
production settings (plain http on 127.0.0.1: the HTTPS redirect and the Secure cookie flag are
switched off, nothing else), and drives it with locust, headless: 20 users started at once, each
signing in as a platform admin, a cluster manager, a programme coordinator or a member
representative (pages with the session, the API with a bearer token) and waiting 1-3 s between
requests (--think). The 60 s are measured once every user has signed in and 10 s of warm-up
have passed. gunicorn is stopped on exit, also after an error or Ctrl-C. Writes bench/results/web.json and prints a table;
the target is p95 < 300 ms for every measured page and no failed request.
"""

import argparse
import csv
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results" / "web.json"
JOBS_RESULTS = ROOT / "bench" / "results" / "web_jobs.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/clusterhub_bench"
SEED = 8
PASSWORD = "bench-load-password-2026"  # noqa: S105 - a throwaway database's test users
TARGET_P95_MS = 300.0
RANDOM_PAGE_COST = 1.1
WARMUP_S = 10  # not measured: each worker's first requests import modules, compile templates

SIZES = {
    "clusters": 3_000,
    "organisations": 150_000,
    "memberships": 300_000,
    "people": 100_000,
    "users": 5_000,
    "programmes": 20,
    "events": 2_000,
    "sessions_per_event": 3,
    "registrations_per_event": 30,
    "services_per_cluster": 5,
    "profiles": 10_000,
    "grant_partners_per_project": 12,
}
# The countries the generated clusters and organisations lie in (their NUTS 3 regions are real).
COUNTRIES = ["LV", "EE", "LT", "FI", "SE", "DK", "DE", "PL", "NL", "BE", "FR", "ES", "IT", "AT"]
BIG_CLUSTER_MEMBERS = 2_500  # the cluster the manager and the member representative belong to
BENCH_USERS = ("bench-admin", "bench-manager", "bench-coordinator", "bench-member")


def database_url() -> str:
    return os.environ.get("CLUSTERHUB_BENCH_DATABASE_URL", DEFAULT_URL)


def ensure_database(url: str) -> None:
    """Create the bench database when it is missing (never touches any other database)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    if name in {"clusterhub", "postgres", "test_clusterhub"}:
        raise SystemExit(f"refusing to use the database {name!r} for the load benchmark")
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")
        # The usual setting for a database on SSD or in memory (docs/performance.md): with the
        # default 4, PostgreSQL reads all 150,000 organisations to join a few thousand members.
        conn.execute(
            sql.SQL("ALTER DATABASE {} SET random_page_cost = {}").format(
                sql.Identifier(name), sql.Literal(RANDOM_PAGE_COST)
            )
        )


def setup_django(url: str) -> None:
    os.environ["CLUSTERHUB_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# Fill


def is_filled() -> bool:
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import Organisation

    return (
        Cluster.objects.filter(acronym__startswith="BC-").count() >= SIZES["clusters"]
        and Organisation.objects.count() >= SIZES["organisations"]
        and Membership.objects.count() >= SIZES["memberships"]
    )


def empty_database() -> None:
    """Drop every table by recreating the public schema (only ever the bench database)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _batches(rows: list, model, size: int = 5_000) -> None:
    for start in range(0, len(rows), size):
        model.objects.bulk_create(rows[start : start + size])


def _cluster_sizes(rng: random.Random) -> list[int]:
    """Member counts: one big cluster, the rest spread like real ones (a few large, many small)."""
    n = SIZES["clusters"]
    rest = SIZES["memberships"] - BIG_CLUSTER_MEMBERS
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n - 1)]
    scale = rest / sum(weights)
    sizes = [max(5, round(w * scale)) for w in weights]
    sizes[-1] += rest - sum(sizes)
    return [BIG_CLUSTER_MEMBERS, *sizes]


def fill() -> dict[str, float]:  # noqa: PLR0915 - one straight sequence of bulk inserts
    """Bulk-create the data set; returns the seconds each step took."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db import transaction
    from django.utils import timezone

    from clusterhub.accounts.enums import Role
    from clusterhub.accounts.models import RoleAssignment
    from clusterhub.accounts.models import User
    from clusterhub.events.models import Event
    from clusterhub.events.models import Registration
    from clusterhub.events.models import Session
    from clusterhub.grants.models import Partner
    from clusterhub.grants.models import Project
    from clusterhub.matchmaking.models import Profile
    from clusterhub.registry.enums import CommitmentGround
    from clusterhub.registry.enums import LegalForm
    from clusterhub.registry.enums import OrganisationType
    from clusterhub.registry.enums import SectorGroup
    from clusterhub.registry.enums import SizeClass
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import NaceCode
    from clusterhub.registry.models import NutsRegion
    from clusterhub.registry.models import Organisation
    from clusterhub.registry.models import Person
    from clusterhub.registry.models import Programme
    from clusterhub.registry.models import fill_search_text
    from clusterhub.registry.reference import load_reference_data
    from clusterhub.services.enums import PriceModel
    from clusterhub.services.enums import ServiceCategory
    from clusterhub.services.enums import ServiceStatus
    from clusterhub.services.models import Service

    rng = random.Random(SEED)
    times: dict[str, float] = {}
    clock = time.perf_counter()

    def step(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        times[name] = round(now - clock, 1)
        print(f"  {name}: {times[name]:.1f} s", flush=True)
        clock = now

    load_reference_data()
    step("reference data")

    regions = {
        c: list(
            NutsRegion.objects.filter(country_code="EL" if c == "GR" else c, level=3).values_list(
                "code", "name"
            )
        )
        for c in COUNTRIES
    }
    classes = list(NaceCode.objects.filter(level=4).values_list("code", flat=True))
    divisions = list(NaceCode.objects.filter(level=2).values_list("code", flat=True))
    sector_groups = list(SectorGroup.values)
    org_types = list(OrganisationType.values)
    now = timezone.now()
    today = timezone.localdate()
    password = make_password(PASSWORD)

    with transaction.atomic():
        users = [
            User(
                username=f"user{n:05d}",
                first_name=rng.choice(["Anna", "Jānis", "Liis", "Erik", "Marta", "Tomas"]),
                last_name=f"Member{n}",
                email=f"user{n:05d}@bench.invalid",
                password="!",  # unusable: only the four bench users sign in
            )
            for n in range(SIZES["users"])
        ]
        users += [
            User(
                username=name,
                password=password,
                is_superuser=name == "bench-admin",
                is_staff=name == "bench-admin",
            )
            for name in BENCH_USERS
        ]
        _batches(users, User)
        user_ids = list(
            User.objects.filter(username__startswith="user")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        bench = {u.username: u for u in User.objects.filter(username__in=BENCH_USERS)}
        step("users")

        orgs = []
        for n in range(SIZES["organisations"]):
            country = COUNTRIES[n % len(COUNTRIES)]
            region_code, region_name = rng.choice(regions[country])
            headcount = int(rng.paretovariate(1.2) * 3)
            size = (
                SizeClass.MICRO
                if headcount < 10
                else SizeClass.SMALL
                if headcount < 50
                else SizeClass.MEDIUM
                if headcount < 250
                else SizeClass.LARGE
            )
            orgs.append(
                Organisation(
                    name=f"{rng.choice(['Nordic', 'Baltic', 'Alpine', 'Delta', 'Green', 'Smart'])}"
                    f" {rng.choice(['Systems', 'Foods', 'Labs', 'Works', 'Solutions', 'Logistics'])}"
                    f" {n:06d}",
                    registration_number=f"B{n:08d}",
                    country=country,
                    nuts_region_id=region_code,
                    primary_nace_id=rng.choice(classes),
                    org_type=rng.choice(org_types),
                    size_class=size,
                    headcount=headcount,
                    city=region_name[:100],
                    website=f"https://org{n}.example.org",
                    description="Generated for the load benchmark.",
                )
            )
        # bulk_create skips save(): the folded search column is filled here, or no search
        # would find these rows (registry/search.py).
        _batches(fill_search_text(orgs), Organisation)
        org_ids = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
        through = Organisation.secondary_nace.through
        _batches(
            [
                through(organisation_id=o, nacecode_id=rng.choice(classes))
                for o in rng.sample(org_ids, 50_000)
            ],
            through,
        )
        step("organisations")

        clusters = []
        for n in range(SIZES["clusters"]):
            country = COUNTRIES[n % len(COUNTRIES)]
            region_code, region_name = rng.choice(regions[country])
            group = sector_groups[n % len(sector_groups)]
            clusters.append(
                Cluster(
                    name=f"{group.replace('_', ' ').title()} cluster {region_name[:60]} {n:04d}",
                    acronym=f"BC-{n:04d}",
                    country=country,
                    nuts_region_id=region_code,
                    sector_group=group,
                    city=region_name[:100],
                    founded=rng.randint(1995, 2024),
                    legal_form=rng.choice(LegalForm.values),
                    management_fte=Decimal(rng.randint(1, 30)) / 2,
                    managing_organisation_id=rng.choice(org_ids),
                    website=f"https://cluster{n}.example.org",
                    description="Generated for the load benchmark.",
                )
            )
        _batches(fill_search_text(clusters), Cluster)
        cluster_ids = list(
            Cluster.objects.filter(acronym__startswith="BC-")
            .order_by("acronym")
            .values_list("pk", flat=True)
        )
        through = Cluster.sectors.through
        _batches(
            [
                through(cluster_id=c, nacecode_id=code)
                for c in cluster_ids
                for code in rng.sample(divisions, 2)
            ],
            through,
        )
        programmes = [
            Programme(
                name=f"Bench programme {n}", acronym=f"BP-{n:02d}", eu_funding_programme="COSME"
            )
            for n in range(SIZES["programmes"])
        ]
        _batches(programmes, Programme)
        programme_ids = list(
            Programme.objects.filter(acronym__startswith="BP-")
            .order_by("acronym")
            .values_list("pk", flat=True)
        )
        through = Programme.clusters.through
        _batches(
            [
                through(programme_id=p, cluster_id=c)
                for i, p in enumerate(programme_ids)
                for c in cluster_ids[i * 100 : i * 100 + 150]
            ],
            through,
        )
        step("clusters and programmes")

        memberships = []
        big_members: list[int] = []
        for cluster_id, size in zip(cluster_ids, _cluster_sizes(rng), strict=True):
            members = rng.sample(org_ids, size)
            if cluster_id == cluster_ids[0]:
                big_members = members
            for org_id in members:
                since = date(2008, 1, 1) + timedelta(days=rng.randint(0, 6500))
                until = None
                if rng.random() < 0.15:
                    until = min(today, since + timedelta(days=rng.randint(30, 2000)))
                committed = rng.random() < 0.4
                memberships.append(
                    Membership(
                        cluster_id=cluster_id,
                        organisation_id=org_id,
                        since=since,
                        until=until,
                        committed=committed,
                        commitment_ground=rng.choice(CommitmentGround.values) if committed else "",
                    )
                )
        _batches(memberships, Membership, 10_000)
        del memberships
        step("memberships")

        people = [
            Person(
                organisation_id=org_ids[n * len(org_ids) // SIZES["people"]],
                first_name=rng.choice(["Anna", "Jānis", "Liis", "Erik", "Marta", "Tomas"]),
                last_name=f"Contact{n:06d}",
                job_title=rng.choice(["CEO", "CTO", "Project manager", "Researcher"]),
                email=f"contact{n}@bench.invalid",
            )
            for n in range(SIZES["people"])
        ]
        people.append(
            Person(
                organisation_id=big_members[0],
                user=bench["bench-member"],
                first_name="Bench",
                last_name="Member",
                email="bench-member@bench.invalid",
            )
        )
        _batches(fill_search_text(people), Person)
        step("people")

        roles = [
            RoleAssignment(user_id=user_ids[n], role=Role.CLUSTER_MANAGER, cluster_id=c)
            for n, c in enumerate(cluster_ids)
        ]
        roles += [
            RoleAssignment(user=bench["bench-manager"], role=Role.CLUSTER_MANAGER, cluster_id=c)
            for c in cluster_ids[:3]
        ]
        roles += [
            RoleAssignment(
                user=bench["bench-coordinator"],
                role=Role.PROGRAMME_COORDINATOR,
                programme_id=programme_ids[0],
            ),
            RoleAssignment(
                user=bench["bench-member"],
                role=Role.MEMBER_REPRESENTATIVE,
                cluster_id=cluster_ids[0],
                organisation_id=big_members[0],
            ),
        ]
        _batches(roles, RoleAssignment)
        step("role assignments")

        year_ago = now - timedelta(days=300)
        events = []
        for n in range(SIZES["events"]):
            starts = year_ago + timedelta(hours=rng.randint(0, 365 * 24))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            by_programme = rng.random() < 0.1
            events.append(
                Event(
                    title=f"{rng.choice(['Workshop', 'Matchmaking day', 'Webinar', 'Forum'])}"
                    f" {n:04d}",
                    kind=rng.choice(["workshop", "conference", "webinar", "study_visit"]),
                    description="Generated for the load benchmark.",
                    cluster_id=None if by_programme else rng.choice(cluster_ids),
                    programme_id=rng.choice(programme_ids) if by_programme else None,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=6),
                    venue="Conference centre",
                    city="Riga",
                    capacity=rng.choice([40, 80, 150]),
                    registration_opens=starts - timedelta(days=60),
                    registration_closes=starts - timedelta(hours=2),
                    audience="public" if rng.random() < 0.7 else "members",
                    b2b_enabled=rng.random() < 0.2,
                )
            )
        _batches(events, Event)
        events = list(Event.objects.order_by("pk").only("pk", "starts_at", "cluster_id"))
        through = Event.audience_clusters.through
        _batches(
            [
                through(event_id=e.pk, cluster_id=e.cluster_id)
                for e in events
                if e.cluster_id is not None
            ],
            through,
        )
        sessions = [
            Session(
                event_id=e.pk,
                title=f"Session {k + 1}",
                starts_at=e.starts_at + timedelta(hours=2 * k),
                ends_at=e.starts_at + timedelta(hours=2 * k + 1, minutes=30),
                room=f"Room {k + 1}",
            )
            for e in events
            for k in range(SIZES["sessions_per_event"])
        ]
        _batches(sessions, Session)
        registrations = []
        for e in events:
            for user_id in rng.sample(user_ids, SIZES["registrations_per_event"]):
                registrations.append(
                    Registration(event_id=e.pk, user_id=user_id, status="confirmed")
                )
            if rng.random() < 0.05:
                registrations.append(
                    Registration(event_id=e.pk, user=bench["bench-member"], status="confirmed")
                )
        _batches(registrations, Registration)
        step("events")

        services = [
            Service(
                cluster_id=c,
                name=f"{category.replace('_', ' ').title()} service {c}-{k}",
                category=category,
                status=rng.choice(ServiceStatus.values),
                price_model=rng.choice(PriceModel.values),
                description="Generated for the load benchmark.",
            )
            for c in cluster_ids
            for k, category in enumerate(
                rng.sample(ServiceCategory.values, SIZES["services_per_cluster"])
            )
        ]
        _batches(services, Service)
        profiles = [
            Profile(
                organisation_id=rng.choice(org_ids),
                cluster_id=rng.choice(cluster_ids),
                kind=rng.choice(
                    ["business_offer", "business_request", "technology_offer", "rd_request"]
                ),
                title=f"Partner sought for project {n}",
                description="Generated for the load benchmark: looking for partners.",
                keywords="logistics, sensors, food",
                visibility="public",
            )
            for n in range(SIZES["profiles"])
        ]
        _batches(profiles, Profile)
        projects = [
            Project(
                programme_id=p,
                funding_programme="COSME 2014-2020",
                grant_agreement_number=f"GA-{n:06d}",
                acronym=f"BENCH-PRJ-{n:02d}",
                title=f"Bench project {n}",
                start_date=date(2025, 1, 1),
                duration_months=36,
                total_budget=Decimal("1200000.00"),
                grant_amount=Decimal("1000000.00"),
            )
            for n, p in enumerate(programme_ids)
        ]
        _batches(projects, Project)
        partners = [
            Partner(
                project_id=project.pk,
                organisation_id=org_id,
                role="lead" if k == 0 else "partner",
                number=k + 1,
                budget_share=Decimal("100000.00"),
            )
            for project in Project.objects.filter(acronym__startswith="BENCH-PRJ-")
            for k, org_id in enumerate(rng.sample(org_ids, SIZES["grant_partners_per_project"]))
        ]
        _batches(partners, Partner)
        step("services, profiles, projects")

    with connection.cursor() as cur:
        # As autovacuum would have done on a live site: statistics, and the visibility map that
        # lets COUNT(*) read an index only.
        cur.execute("VACUUM ANALYZE")
    step("vacuum analyze")
    return times


# Run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_env(url: str, static_root: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CLUSTERHUB_DATABASE_URL=url,
        CLUSTERHUB_PRODUCTION="1",
        CLUSTERHUB_DEBUG="0",
        CLUSTERHUB_SECRET_KEY="bench-" + os.urandom(24).hex(),
        CLUSTERHUB_ALLOWED_HOSTS="127.0.0.1",
        # Plain http on the loopback: no redirect to https, and cookies the client sends back.
        CLUSTERHUB_SSL_REDIRECT="0",
        CLUSTERHUB_SECURE_COOKIES="0",
        CLUSTERHUB_STATIC_ROOT=static_root,
        CLUSTERHUB_LOG_LEVEL="ERROR",
        DJANGO_SETTINGS_MODULE="clusterhub.settings",
    )
    return env


def plan() -> dict:
    """What the locust users request: ids of real rows, and an API token per signed-in user."""
    from clusterhub.accounts.domain import create_token
    from clusterhub.accounts.models import User
    from clusterhub.events.models import Event
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import Organisation
    from clusterhub.registry.models import Programme
    from clusterhub.services.models import Service

    rng = random.Random(SEED + 1)
    big = Cluster.objects.get(acronym="BC-0000")
    small = list(
        Cluster.objects.filter(acronym__startswith="BC-")
        .order_by("?")
        .values_list("pk", flat=True)[:200]
    )
    top = Organisation.objects.order_by("pk").values_list("pk", flat=True)
    orgs = list(top[: SIZES["organisations"] : 100])
    member_org = (
        Membership.objects.filter(cluster=big)
        .order_by("pk")
        .values_list("organisation_id", flat=True)
    )
    users = {}
    for user in User.objects.filter(username__in=BENCH_USERS):
        _, token = create_token(user=user, name="bench/web.py")
        users[user.username] = {"password": PASSWORD, "token": token}
    return {
        "users": users,
        "big_cluster": big.pk,
        "clusters": [big.pk, *small],
        "organisations": orgs + list(member_org[:50]),
        "events": list(
            Event.objects.filter(audience="public", published=True)
            .order_by("?")
            .values_list("pk", flat=True)[:300]
        ),
        "programmes": list(Programme.objects.values_list("pk", flat=True)[:5]),
        "services": list(Service.objects.order_by("?").values_list("pk", flat=True)[:200]),
        "countries": COUNTRIES,
        "names": ["Nordic", "Baltic Systems", "Green F", "Smart Labs 00", "Delta"],
        "seed": rng.randint(0, 10**6),
    }


def revoke_tokens() -> None:
    from clusterhub.accounts.models import ApiToken

    ApiToken.objects.filter(name="bench/web.py").delete()


def wait_until_up(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn stopped with exit code {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/accounts/login/", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen | None) -> None:
    """Stop a process group started here: TERM, then KILL after 10 s."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def read_stats(path: Path) -> tuple[list[dict], dict]:
    def ms(value: str) -> float | None:
        return None if value in ("", "N/A") else float(value)

    rows, total = [], {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            if row["Name"].startswith("(sign-in)") and row["Request Count"] == "0":
                continue  # signed in before the measured window
            item = {
                "name": row["Name"],
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "req_per_s": round(float(row["Requests/s"]), 2),
                "p50_ms": ms(row["50%"]),
                "p95_ms": ms(row["95%"]),
                "p99_ms": ms(row["99%"]),
                "mean_ms": round(float(row["Average Response Time"]), 1),
                "max_ms": ms(row["Max Response Time"]),
            }
            if row["Name"] == "Aggregated":
                total = item
            else:
                p95 = item["p95_ms"]
                item["met"] = p95 is not None and p95 < TARGET_P95_MS and item["failures"] == 0
                rows.append(item)
    return rows, total


# The jobs run (issue 16.7): background work in a database-queue worker while the users browse.

JOBS_ROWS = 50_000
JOBS_CLUSTER = "BENCH-JOBS"
JOBS_FILE = "imports/bench-web-jobs.csv"
JOBS_ENV = {
    # The database queue, as `clusterhub serve` and `make run` use (docs/jobs.md).
    "CLUSTERHUB_TASKS": "database",
    # 50,000 rows of bench/imports.py's generator are 8 MB, over the web upload's 5 MB.
    "CLUSTERHUB_MAX_IMPORT_BYTES": str(32 * 1024 * 1024),
}


def cleanup_jobs() -> None:
    """Back to the filled state: the jobs run's cluster, the organisations its import created
    (their memberships, people, codes and suggestions go with them), and its stored file."""
    from django.db import connection

    from clusterhub.common.models import Job
    from clusterhub.common.models import job_files_storage
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import Organisation

    # A job the window's end cut off (its worker is stopped) is failed, so no reaper queues it
    # again on this database.
    Job.objects.filter(
        title__startswith="Bench:", state__in=[Job.State.QUEUED, Job.State.RUNNING]
    ).update(state=Job.State.FAILED, error="The bench window ended before the job.")
    imported = Organisation.objects.filter(memberships__cluster__acronym=JOBS_CLUSTER)
    ids = list(imported.values_list("pk", flat=True))
    Membership.objects.filter(cluster__acronym=JOBS_CLUSTER).delete()  # protects organisations
    for start in range(0, len(ids), 5_000):
        Organisation.objects.filter(pk__in=ids[start : start + 5_000]).delete()
    Cluster.objects.filter(acronym=JOBS_CLUSTER).delete()
    job_files_storage().delete(JOBS_FILE)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")  # as autovacuum would, before the next run's plans


def queue_jobs(work: Path) -> dict[str, int]:
    """Queue a real import of a 50,000-row file (bench/imports.py's generator) into a new cluster
    and `matchmaking recommend --all`, as the bench admin; no worker runs them yet."""
    from django.core.files.base import ContentFile

    from clusterhub.accounts.models import User
    from clusterhub.common.jobs import start_job
    from clusterhub.common.models import job_files_storage
    from clusterhub.matchmaking.jobs import RECOMMEND_ALL_JOB
    from clusterhub.matchmaking.models import Profile
    from clusterhub.registry.enums import SectorGroup
    from clusterhub.registry.jobs import IMPORT_KIND
    from clusterhub.registry.jobs import file_digest
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import NaceCode
    from clusterhub.registry.models import NutsRegion

    sys.path.insert(0, str(ROOT / "bench"))
    from imports import FIRST
    from imports import generate

    cleanup_jobs()  # a run stopped half-way left its import behind
    regions: dict[str, list[str]] = {c: [] for c in FIRST}
    for code, country in NutsRegion.objects.filter(level=3).values_list("code", "country_code"):
        if country in regions:
            regions[country].append(code)
    nace = list(NaceCode.objects.filter(level=4).values_list("code", flat=True))
    data = generate(JOBS_ROWS, regions, nace)
    (work / "import.csv").write_bytes(data)
    storage = job_files_storage()
    storage.delete(JOBS_FILE)
    stored = storage.save(JOBS_FILE, ContentFile(data))
    cluster = Cluster.objects.create(
        name="Bench jobs import",
        acronym=JOBS_CLUSTER,
        country="LV",
        sector_group=SectorGroup.values[0],
    )
    # Every profile is embedded again (as after a change of model), so each run does the same work.
    Profile.objects.update(text_hash="")
    admin = User.objects.get(username="bench-admin")
    imported = start_job(
        IMPORT_KIND,
        owner=admin,
        title=f"Bench: import of {JOBS_ROWS} rows",
        params={
            "cluster": cluster.pk,
            "file": stored,
            "filename": "bench-web-jobs.csv",
            "dry_run": False,
            "sha256": file_digest(data),
        },
    )
    recommend = start_job(
        RECOMMEND_ALL_JOB, owner=admin, title="Bench: recommend --all", params={"top": 10}
    )
    print(f"queued: import of {JOBS_ROWS} rows ({len(data) / 1e6:.1f} MB), recommend --all")
    return {"import": imported.pk, "recommend_all": recommend.pk}


def _job_rows(job_ids: dict[str, int]) -> dict[str, dict]:
    from clusterhub.common.models import Job

    out = {}
    for name, pk in job_ids.items():
        job = Job.objects.get(pk=pk)
        seconds = None
        if job.started_at and job.finished_at:
            seconds = round((job.finished_at - job.started_at).total_seconds(), 1)
        out[name] = {
            "state": job.state,
            "seconds": seconds,
            "progress": [job.progress_done, job.progress_total],
            "step": job.progress_label,
            "error": job.error,
            "result": {
                k: v
                for k, v in (job.result or {}).items()
                if k in ("rows", "created", "memberships_added", "embedded", "stored", "ok")
            },
        }
    return out


def run_jobs(
    job_ids: dict[str, int],
    *,
    env: dict[str, str],
    work: Path,
    locust: subprocess.Popen,
    worker_holder: list,
    min_seconds: int,
    max_seconds: int,
) -> dict:
    """Once locust measures, start one `clusterhub db_worker` (as `clusterhub serve` does); when
    both jobs have ended and at least `min_seconds` passed, end the measured window."""
    from django.db import connection

    from clusterhub.common.models import Job
    from clusterhub.site.workers import WORKER_NICENESS
    from clusterhub.site.workers import lower_priority

    measuring = work / "measuring"
    while not measuring.exists():
        if locust.poll() is not None:
            raise SystemExit("locust stopped before the measured window")
        time.sleep(0.2)
    started = time.monotonic()
    print("measuring: starting the job worker", flush=True)
    worker_holder[0] = subprocess.Popen(
        [
            str(BIN / "clusterhub"),
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "1",
            "--no-reload",
        ],
        env=env,
        stdout=(work / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=lower_priority,
    )
    loads = []
    ended_at = None
    while time.monotonic() - started < max_seconds and locust.poll() is None:
        time.sleep(2)
        loads.append(round(os.getloadavg()[0], 2))
        states = set(Job.objects.filter(pk__in=job_ids.values()).values_list("state", flat=True))
        connection.close()
        if ended_at is None and states <= {Job.State.DONE, Job.State.FAILED}:
            ended_at = time.monotonic() - started
            print(f"both jobs ended after {ended_at:.0f} s", flush=True)
        if ended_at is not None and time.monotonic() - started >= min_seconds:
            break
    (work / "stop").write_text("stop\n")
    measured = round(time.monotonic() - started, 1)
    return {
        "worker": "clusterhub db_worker (database queue), one process at nice "
        f"{WORKER_NICENESS} (as clusterhub serve and the systemd unit start it), production "
        "settings",
        "measured_s": measured,
        "jobs_ended_after_s": None if ended_at is None else round(ended_at, 1),
        "load_average_1min_during": {
            "min": min(loads, default=None),
            "max": max(loads, default=None),
        },
        "jobs": _job_rows(job_ids),
    }


def run(
    url: str,
    *,
    users: int,
    duration: int,
    think: tuple[float, float],
    fill_times: dict | None,
    workers: int,
    jobs: bool = False,
    jobs_timeout: int = 900,
) -> dict:
    from django.db import connection

    from clusterhub.accounts.models import User
    from clusterhub.events.models import Event
    from clusterhub.events.models import Registration
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import Membership
    from clusterhub.registry.models import Organisation
    from clusterhub.registry.models import Person

    sizes = {
        "clusters": Cluster.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "people": Person.objects.count(),
        "users": User.objects.count(),
        "events": Event.objects.count(),
        "registrations": Registration.objects.count(),
    }
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    work = Path(tempfile.mkdtemp(prefix="clusterhub-bench-web-"))
    port = _free_port()
    host = f"http://127.0.0.1:{port}"
    server = locust = None
    worker_holder: list[subprocess.Popen | None] = [None]
    job_ids: dict[str, int] = {}
    job_figures: dict | None = None
    try:
        (work / "plan.json").write_text(json.dumps(plan()))
        if jobs:
            job_ids = queue_jobs(work)
        connection.close()
        env = _server_env(url, str(work / "static"))
        if jobs:
            env.update(JOBS_ENV)
        print("collectstatic ...", flush=True)
        subprocess.run(
            [str(BIN / "clusterhub"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
        )
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "clusterhub.wsgi",
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "--error-logfile",
                str(work / "gunicorn.log"),
            ],
            env=env,
            start_new_session=True,
        )
        wait_until_up(host, server)
        # The jobs run lasts until the worker is done (at least `duration`, at most the timeout).
        window = max(duration, jobs_timeout) if jobs else duration
        print(f"gunicorn ({workers} workers) on {host}; locust {users} users for {duration} s")
        locust_env = dict(
            os.environ,
            BENCH_WEB_PLAN=str(work / "plan.json"),
            BENCH_WEB_DURATION=str(window),
            BENCH_WEB_WARMUP=str(WARMUP_S),
            BENCH_WEB_THINK=f"{think[0]},{think[1]}",
        )
        if jobs:
            locust_env.update(
                BENCH_WEB_MEASURING_FILE=str(work / "measuring"),
                BENCH_WEB_STOP_FILE=str(work / "stop"),
            )
        locust = subprocess.Popen(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "web_locust.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                # The locustfile stops the run `duration` s after the last user signed in; this is
                # only the safety net.
                "--run-time",
                f"{window + WARMUP_S + 180}s",
                "--host",
                host,
                "--csv",
                str(work / "locust"),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "5",
            ],
            env=locust_env,
            start_new_session=True,
        )
        if jobs:
            job_figures = run_jobs(
                job_ids,
                env=env,
                work=work,
                locust=locust,
                worker_holder=worker_holder,
                min_seconds=duration,
                max_seconds=jobs_timeout,
            )
        locust.wait()
    finally:
        stop(locust)
        stop(worker_holder[0] if jobs else None)
        stop(server)
        revoke_tokens()
    shutil.rmtree(work / "static", ignore_errors=True)
    print(f"locust's CSV files and gunicorn's error log: {work}")
    rows, total = read_stats(work / "locust_stats.csv")
    failures = []
    failures_csv = work / "locust_failures.csv"
    if failures_csv.exists():
        with failures_csv.open() as handle:
            failures = [
                {"name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
                for r in csv.DictReader(handle)
            ]
    result = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        # 1, 5 and 15 minute load averages: on 2 cores, anything else running shows here.
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "database": f"postgresql, random_page_cost {RANDOM_PAGE_COST}",
        "server": f"gunicorn, {workers} sync workers, production settings, plain http",
        "load": {
            "tool": "locust (headless)",
            "users": users,
            "spawn_rate": users,
            "duration_s": duration,
            "think_time_s": list(think),
            "measured": f"after every user has signed in and {WARMUP_S} s of warm-up",
        },
        "data": sizes,
        "fill_seconds": fill_times,
        "target_p95_ms": TARGET_P95_MS,
        "all_met": bool(rows) and all(r["met"] for r in rows) and total.get("failures") == 0,
        "total": total,
        "endpoints": rows,
        "failures": failures,
    }
    if jobs:
        result["load"]["duration_s"] = (job_figures or {}).get("measured_s")
        result["background_jobs"] = job_figures
    return result


def print_table(result: dict) -> None:
    print(
        f"\n{'endpoint':<44} {'req':>6} {'fail':>5} {'req/s':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
    )

    def ms(value: float | None) -> str:
        return f"{value:>6.0f}" if value is not None else f"{'-':>6}"

    for r in [*result["endpoints"], result["total"]]:
        mark = "" if r.get("met", True) else "  <-- over target"
        print(
            f"{r['name'][:44]:<44} {r['requests']:>6} {r['failures']:>5} {r['req_per_s']:>6.1f}"
            f" {ms(r['p50_ms'])} {ms(r['p95_ms'])} {ms(r['p99_ms'])}{mark}"
        )
    print(f"\np95 < {TARGET_P95_MS:.0f} ms and no errors everywhere: {result['all_met']}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Fill a PostgreSQL database with a large registry and drive the production "
        "server (gunicorn) with locust; writes bench/results/web.json.",
    )
    parser.add_argument(
        "step",
        nargs="?",
        choices=["all", "fill", "run"],
        default="all",
        help="all (default): fill if needed, then run; fill: only fill; run: only run",
    )
    parser.add_argument("--refill", action="store_true", help="empty the bench database first")
    parser.add_argument("--users", type=int, default=20, help="concurrent clients (20)")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument(
        "--think",
        default="1,3",
        help="each user's wait between requests, MIN,MAX seconds (1,3); 0,0 saturates the server",
    )
    parser.add_argument(
        "--jobs",
        action="store_true",
        help="while the users browse, a db_worker runs a 50,000-row import and recommend --all; "
        "the window lasts until both end (writes web_jobs.json)",
    )
    parser.add_argument(
        "--jobs-timeout",
        type=int,
        default=300,
        help="the jobs run's window ends here even if a job still runs, seconds (300)",
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print the table without writing web.json"
    )
    args = parser.parse_args()
    # A TERM (a CI timeout, say) unwinds like Ctrl-C, so gunicorn is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    url = database_url()
    ensure_database(url)
    setup_django(url)
    from django.core.management import call_command

    if args.refill and args.step in ("all", "fill"):
        empty_database()
    # Always: the run must measure the current schema (indexes added since the fill included).
    call_command("migrate", interactive=False, verbosity=0)

    fill_times = None
    if args.step in ("all", "fill"):
        if is_filled():
            print("bench database already filled (use --refill to fill it again)")
        else:
            print("filling the bench database ...", flush=True)
            started = time.perf_counter()
            fill_times = fill()
            fill_times["total"] = round(time.perf_counter() - started, 1)
            print(f"filled in {fill_times['total']:.0f} s")
            (ROOT / "var").mkdir(exist_ok=True)
            (ROOT / "var" / "bench-web-fill.json").write_text(json.dumps(fill_times))
    if args.step == "fill":
        return
    if not is_filled():
        raise SystemExit("the bench database is not filled: run `bench/web.py fill` first")
    if fill_times is None:
        saved = ROOT / "var" / "bench-web-fill.json"
        fill_times = json.loads(saved.read_text()) if saved.exists() else None
    try:
        think = tuple(float(x) for x in args.think.split(","))
        low, high = think
    except ValueError:
        parser.error("--think takes two numbers, MIN,MAX, e.g. 1,3")
    if not 0 <= low <= high:
        parser.error("--think: MIN must be at least 0 and at most MAX")
    result = run(
        url,
        users=args.users,
        duration=args.duration,
        think=(low, high),
        fill_times=fill_times,
        workers=args.workers,
        jobs=args.jobs,
        jobs_timeout=args.jobs_timeout,
    )
    print_table(result)
    if args.jobs:
        print(json.dumps(result["background_jobs"], indent=2))
    if not args.no_write:
        out = JOBS_RESULTS if args.jobs else RESULTS
        if args.jobs:
            # Each jobs run is kept (the machine is shared: one run alone says little).
            old = json.loads(out.read_text()) if out.exists() else {}
            result = {"runs": [*old.get("runs", []), result]}
        out.write_text(json.dumps(result, indent=2) + "\n")
        print(f"wrote {out.relative_to(ROOT)}")
    if args.jobs:
        cleanup_jobs()  # after the figures are safe


if __name__ == "__main__":
    main()
