"""Benchmark of the B2B meeting scheduler (issue 5): optimiser against first come, first served.

Generates four seeded instances (300 participants / 1,500 accepted requests / 16 slots;
1,000 / 5,000 / 20; 2,000 / 12,000 / 24; 5,000 / 30,000 / 30). Each participant is available in a random 75 % of the
slots and meets at most 12 partners; tables follow the organisers' rule of thumb (requests /
slots + 15 %). For each, the same run places the meetings first come, first served (requests in
arrival order, each in its first free slot: what b2b platforms do) and with
clusterhub.core.scheduling.schedule (LP bound + LP-guided greedy + CP-SAT slot-window search +
shorter days, 30 s limit), and reports meetings placed, the proven upper bound, the share of it
reached, and the wall time of the whole call (the limit is a promise: seconds <= limit).

Target: >= 99 % of the bound within the 30 s limit at every size on the 2-core machine, and more
meetings than greedy. Prints a table and writes bench/results/scheduling.json (with the load
average seen before and after, since the machine may be shared).
Run: .venv/bin/python bench/scheduling.py [--quick] [--time-limit S]
"""

import argparse
import json
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from clusterhub.core.scheduling import Instance  # noqa: E402
from clusterhub.core.scheduling import Request  # noqa: E402
from clusterhub.core.scheduling import check  # noqa: E402
from clusterhub.core.scheduling import first_come_first_served  # noqa: E402
from clusterhub.core.scheduling import schedule  # noqa: E402

SIZES = ((300, 1500, 16), (1000, 5000, 20), (2000, 12000, 24), (5000, 30000, 30))
AVAILABLE = 0.75
CAP = 12


def make_instance(participants: int, requests: int, slots: int, seed: int) -> Instance:
    rng = random.Random(seed)
    availability = {
        p: frozenset(rng.sample(range(slots), round(slots * AVAILABLE)))
        for p in range(participants)
    }
    pairs: set[tuple[int, int]] = set()
    ordered = []
    while len(ordered) < requests:
        a, b = rng.sample(range(participants), 2)
        if (a, b) in pairs or (b, a) in pairs:
            continue
        pairs.add((a, b))
        ordered.append(Request(len(ordered), a, b))
    tables = math.ceil(1.15 * requests / slots)
    return Instance(slots, tables, availability, tuple(ordered), cap=CAP)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="the smallest instance only")
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args()
    rows = []
    load_before = os.getloadavg()
    header = f"{'people':>7} {'requests':>8} {'slots':>5} {'greedy':>7} {'placed':>7} {'bound':>7} {'share':>7} {'greedy %':>8} {'seconds':>8}"
    print(header)
    for i, (participants, requests, slots) in enumerate(SIZES[:1] if args.quick else SIZES):
        instance = make_instance(participants, requests, slots, seed=100 + i)
        t0 = time.monotonic()
        greedy = len(first_come_first_served(instance))
        greedy_seconds = time.monotonic() - t0
        t0 = time.monotonic()
        result = schedule(instance, time_limit=args.time_limit)
        wall = time.monotonic() - t0
        assert check(instance, result.placements) == [], "invalid schedule"
        row = {
            "participants": participants,
            "requests": requests,
            "slots": slots,
            "tables": instance.tables,
            "placed": result.placed,
            "greedy": greedy,
            "upper_bound": result.upper_bound,
            "share_of_bound": round(result.objective / result.upper_bound, 4),
            "greedy_share_of_bound": round(greedy / result.upper_bound, 4),
            "optimal": result.optimal,
            "idle_slots": result.idle_slots,
            "seconds": round(wall, 2),
            "time_limit": args.time_limit,
            "greedy_seconds": round(greedy_seconds, 3),
        }
        rows.append(row)
        print(
            f"{participants:>7} {requests:>8} {slots:>5} {greedy:>7} {result.placed:>7} "
            f"{result.upper_bound:>7} {100 * row['share_of_bound']:>6.2f}% "
            f"{100 * row['greedy_share_of_bound']:>7.2f}% {wall:>8.2f}",
            flush=True,
        )
    out = ROOT / "bench" / "results" / "scheduling.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    load = {"load_average_before": load_before, "load_average_after": os.getloadavg()}
    out.write_text(json.dumps({"runs": rows, **load}, indent=2) + "\n")
    print(f"load average before {load_before}, after {load['load_average_after']}")
    print(f"wrote {out.relative_to(ROOT)} ({platform.processor() or platform.machine()})")


if __name__ == "__main__":
    main()
