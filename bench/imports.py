"""Benchmark of organisation imports (issue 16.6).

Generates CSV files of 1,000, 10,000 and 50,000 realistic member rows (Latvian, Estonian and
Swedish names with their accents, NUTS 3 regions of the right country, NACE classes, secondary
codes, figures, websites, coordinates, membership dates), and times a dry run and a real import
of each into an empty cluster, on SQLite (a fresh file under /tmp) and on PostgreSQL (a database
`clusterhub_bench_imports` created on postgres://postgres@127.0.0.1:5432 and dropped after).

Targets on PostgreSQL on the 2-core machine: 10,000 rows < 15 s, 50,000 rows < 75 s, the dry
run at least twice as fast as the real import, and the cost per row not growing with the file
(ratio of seconds per row, 50k / 1k). Prints a table and writes bench/results/imports.json.

Run: .venv/bin/python bench/imports.py [--sizes 1000,10000] [--backends sqlite,postgresql]
"""

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1000, 10000, 50000)
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "clusterhub_bench_imports"
SEED = 16

FIRST = {
    "LV": ["Bērzu", "Ozollapu", "Daugavas", "Līvānu", "Rīgas", "Kurzemes", "Zaļā", "Vējš"],
    "EE": ["Põltsamaa", "Tartu", "Pärnu", "Võru", "Järve", "Kõrve", "Rõuge", "Saare"],
    "SE": ["Östersjö", "Åkers", "Malmö", "Göta", "Västra", "Umeå", "Skåne", "Sörmlands"],
}
SECOND = ["Tehnoloģijas", "Robotics", "Digital", "Energi", "Bioteh", "Logistics", "Design", "Agro"]
FORM = {"LV": "SIA", "EE": "OÜ", "SE": "AB"}
TYPES = ["SME", "large company", "research organisation", "university", "public authority"]


def generate(rows: int, regions: dict[str, list[str]], nace: list[str]) -> bytes:
    rng = random.Random(SEED + rows)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Name",
            "Reg No",
            "Country",
            "NUTS",
            "NACE",
            "Secondary NACE",
            "Type",
            "Headcount",
            "Turnover EUR",
            "Website",
            "City",
            "Latitude",
            "Longitude",
            "Member since",
            "Committed",
            "Commitment ground",
        ]
    )
    for n in range(rows):
        country = ("LV", "EE", "SE")[n % 3]
        committed = rng.random() < 0.3
        writer.writerow(
            [
                f"{rng.choice(FIRST[country])} {rng.choice(SECOND)} {rows}-{n} {FORM[country]}",
                f"{40000000000 + rows * 10 + n}" if rng.random() < 0.8 else "",
                country,
                rng.choice(regions[country]),
                rng.choice(nace),
                "; ".join(rng.sample(nace, rng.randint(0, 3))),
                rng.choice(TYPES),
                rng.randint(1, 400),
                rng.randint(10_000, 90_000_000),
                f"https://member-{n}.example",
                "Rīga" if country == "LV" else ("Tartu" if country == "EE" else "Umeå"),
                f"{rng.uniform(55, 66):.5f}",
                f"{rng.uniform(12, 28):.5f}",
                f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
                "yes" if committed else "no",
                "fee" if committed else "",
            ]
        )
    return out.getvalue().encode("utf-8")


def worker(url: str, sizes: list[int]) -> list[dict]:
    """Runs in a child process: one database per process, as Django binds it at setup."""
    os.environ["CLUSTERHUB_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from clusterhub.common import spreadsheets
    from clusterhub.registry.enums import SectorGroup
    from clusterhub.registry.importer import import_organisations
    from clusterhub.registry.models import Cluster
    from clusterhub.registry.models import NaceCode
    from clusterhub.registry.models import NutsRegion
    from clusterhub.registry.reference import load_reference_data

    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    settings.CLUSTERHUB_MAX_IMPORT_BYTES = 100 * 1024 * 1024  # the web's 5 MB is not measured
    spreadsheets.MAX_ROWS = max(spreadsheets.MAX_ROWS, max(sizes))
    regions = {c: [] for c in FIRST}
    for code, country in NutsRegion.objects.filter(level=3).values_list("code", "country_code"):
        if country in regions:
            regions[country].append(code)
    nace = list(NaceCode.objects.filter(level=4).values_list("code", flat=True))
    results = []
    for rows in sizes:
        data = generate(rows, regions, nace)
        cluster = Cluster.objects.create(
            name=f"Bench {rows}",
            acronym=f"BENCH{rows}",
            country="LV",
            sector_group=SectorGroup.values[0],
        )
        figures = {"rows": rows, "megabytes": round(len(data) / 1e6, 2)}
        for mode, dry_run in (("dry_run", True), ("import", False)):
            start = time.perf_counter()
            result = import_organisations(
                cluster=cluster, data=data, filename="bench.csv", dry_run=dry_run
            )
            seconds = time.perf_counter() - start
            if result.problems:
                raise SystemExit(f"{rows} rows: {[str(p) for p in result.problems[:5]]}")
            figures[mode] = {"seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}
        print(json.dumps(figures), flush=True)
        results.append(figures)
    return results


def run_backend(name: str, sizes: list[int]) -> list[dict]:
    if name == "sqlite":
        db = Path(tempfile.gettempdir()) / "clusterhub-bench-imports.sqlite3"
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
            [sys.executable, __file__, "--worker", url, "--sizes", ",".join(map(str, sizes))],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        )
    finally:
        if name != "sqlite":
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
    return [json.loads(line) for line in child.stdout.splitlines() if line.startswith("{")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--worker")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if args.worker:
        worker(args.worker, sizes)
        return
    load_before = os.getloadavg()
    report = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_before": [round(x, 2) for x in load_before],
        },
        "backends": {},
    }
    print(f"{'backend':<11}{'rows':>7}{'dry run s':>11}{'rows/s':>8}{'import s':>10}{'rows/s':>8}")
    for backend in args.backends.split(","):
        figures = run_backend(backend, sizes)
        by_rows = {f["rows"]: f for f in figures}
        for f in figures:
            print(
                f"{backend:<11}{f['rows']:>7}{f['dry_run']['seconds']:>11}"
                f"{f['dry_run']['rows_per_s']:>8}{f['import']['seconds']:>10}"
                f"{f['import']['rows_per_s']:>8}"
            )
        entry = {"runs": figures}
        smallest, largest = min(by_rows), max(by_rows)
        if largest > smallest:
            # Seconds per row of the largest file over that of the smallest: 1.0 = linear.
            entry[f"per_row_ratio_{largest}_{smallest}"] = {
                mode: round(
                    (by_rows[largest][mode]["seconds"] / largest)
                    / (by_rows[smallest][mode]["seconds"] / smallest),
                    2,
                )
                for mode in ("dry_run", "import")
            }
        report["backends"][backend] = entry
    report["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    out = ROOT / "bench/results/imports.json"
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
