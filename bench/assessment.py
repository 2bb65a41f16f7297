"""Benchmark of the assessment area (issue 3).

Creates 1,300 clusters (the size of ESCA's database) with one submitted assessment each, in a
fresh SQLite database under /tmp (or the database CLUSTERHUB_DATABASE_URL names), then measures:

- scoring all 1,300 assessments (domain.rescore_all: bands, levels, areas, totals, cached);
- one peer-benchmark page (GET /assessment/<id>/peers/?group=all, 1,299 peers), with the peer
  rows cached in the process (the usual case) and with the cache emptied (after any change);
- one PDF report (GET /assessment/<id>/report.pdf).

Targets on the 2-core machine: < 2 s, < 200 ms, < 3 s. Prints a table and writes
bench/results/assessment.json. Run: .venv/bin/python bench/assessment.py
"""

import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLUSTERS = 1300
SEED = 3


def setup_django() -> None:
    if "CLUSTERHUB_DATABASE_URL" not in os.environ:
        db = Path(tempfile.gettempdir()) / "clusterhub-bench-assessment.sqlite3"
        db.unlink(missing_ok=True)
        os.environ["CLUSTERHUB_DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build() -> tuple[int, object]:
    """Bulk-create clusters, assessments and answers (fast; the demo uses the domain verbs)."""
    from django.utils import timezone

    from clusterhub.accounts.domain import grant_role
    from clusterhub.accounts.models import User
    from clusterhub.assessment import domain
    from clusterhub.assessment import loader
    from clusterhub.assessment.enums import AnswerType
    from clusterhub.assessment.models import Answer
    from clusterhub.assessment.models import Assessment
    from clusterhub.registry.enums import SectorGroup
    from clusterhub.registry.models import Cluster

    rng = random.Random(SEED)
    framework = domain.import_framework(
        definition=loader.read_file(
            ROOT / "src/clusterhub/assessment/frameworks/clusterhub-ecei-2026.yaml"
        )
    )
    indicators = list(framework.indicators.all())
    countries = ["LV", "EE", "SE", "LT", "FI", "DE", "PL", "DK", "FR", "ES", "IT", "AT"]
    sectors = list(SectorGroup.values)
    Cluster.objects.bulk_create(
        [
            Cluster(
                name=f"Bench cluster {n}",
                acronym=f"BENCH-{n:04d}",
                country=countries[n % len(countries)],
                sector_group=sectors[n % len(sectors)],
                management_fte=Decimal(n % 7),
            )
            for n in range(CLUSTERS)
        ],
        batch_size=500,
    )
    clusters = list(Cluster.objects.order_by("pk"))
    now = timezone.now()
    Assessment.objects.bulk_create(
        [
            Assessment(
                cluster=c,
                framework=framework,
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
                status="submitted",
                submitted_at=now,
                committed_members=rng.randint(5, 400),
            )
            for c in clusters
        ],
        batch_size=500,
    )
    answers = []
    for a in Assessment.objects.order_by("pk"):
        quality = rng.random()
        for ind in indicators:
            ans = Answer(assessment=a, indicator=ind, answered=True)
            kind = ind.answer_type
            if kind == AnswerType.CHOICE:
                options = ind.scoring["options"]
                ans.choice = options[min(len(options) - 1, int(quality * len(options)))][0]
            elif kind == AnswerType.YES_NO:
                ans.flag = rng.random() < quality
            elif kind == AnswerType.TEXT:
                ans.text = "\n".join("story" for _ in range(int(quality * 6)))
            elif kind == AnswerType.EVIDENCE:
                ans.answered = True
            else:
                high = Decimal(ind.scoring.get("max") or "100")
                ans.number = (high * Decimal(str(quality)) * Decimal(rng.uniform(0.5, 1))).quantize(
                    Decimal("0.01")
                )
            answers.append(ans)
    Answer.objects.bulk_create(answers, batch_size=2000)
    target = Assessment.objects.order_by("pk").first()
    manager = User.objects.create_user("bench-manager", password="x")
    grant_role(user=manager, role="cluster_manager", cluster=target.cluster)
    return target.pk, manager


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    setup_django()
    from django.conf import settings
    from django.test import Client

    from clusterhub.assessment import domain
    from clusterhub.assessment.models import Assessment

    settings.ALLOWED_HOSTS = ["*"]
    start = time.perf_counter()
    target, manager = build()
    setup_s = time.perf_counter() - start

    score_times = timed(lambda: domain.rescore_all(Assessment.objects.all()), 3)
    client = Client()
    client.force_login(manager)

    def page():
        response = client.get(f"/assessment/{target}/peers/", {"group": "all"})
        assert response.status_code == 200, response.status_code
        assert b"1299" in response.content

    def pdf():
        response = client.get(f"/assessment/{target}/report.pdf")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")

    page()  # warm: templates, URL resolver
    page_times = timed(page, 10)
    from clusterhub.assessment import benchmark as peer_module

    def cold_page():
        peer_module._ROWS.clear()  # as after any assessment changed: rows are read again
        page()

    cold_times = timed(cold_page, 5)
    pdf()
    pdf_times = timed(pdf, 3)

    rows = [
        ("score all 1,300 assessments", statistics.median(score_times), 2.0),
        ("peer-benchmark page (1,299 peers)", statistics.median(page_times), 0.2),
        ("same page, peer rows not cached", statistics.median(cold_times), 0.2),
        ("PDF report", statistics.median(pdf_times), 3.0),
    ]
    print(f"setup (bulk create {CLUSTERS} clusters, {CLUSTERS * 36} answers): {setup_s:.1f} s")
    print(f"{'measure':40} {'median':>10} {'target':>10}  ok")
    for name, value, limit in rows:
        print(
            f"{name:40} {value * 1000:8.0f} ms {limit * 1000:8.0f} ms  {'yes' if value < limit else 'NO'}"
        )
    result = {
        "clusters": CLUSTERS,
        "answers": CLUSTERS * 36,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "results": [
            {
                "measure": name,
                "median_ms": round(value * 1000, 1),
                "target_ms": limit * 1000,
                "met": value < limit,
            }
            for name, value, limit in rows
        ],
        "runs": {
            "score_all_s": [round(t, 3) for t in score_times],
            "page_ms": [round(t * 1000, 1) for t in page_times],
            "cold_page_ms": [round(t * 1000, 1) for t in cold_times],
            "pdf_s": [round(t, 3) for t in pdf_times],
        },
    }
    out = ROOT / "bench" / "results" / "assessment.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
