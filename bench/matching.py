"""Benchmark of partner matching (issue 4): speed on synthetic vectors, quality on IO data.

Speed, for --n N organisations with synthetic unit vectors (384 dimensions, like the model's),
random NACE divisions, size classes and regions:
- indexing: vectors from stored bytes into the search matrix (rows a second);
- one query: the combined score of one organisation against all N, exact top 10 (p50, p95);
- the batch: top 10 for every organisation (blocked matrix products), seconds;
- peak memory of the process (MB).

Quality, built from the input-output data (the complementarity table the package ships): 500
generated organisations in 25 sectors, each with an offer describing its own trade and a
request in vague business words (a third of the requests also name what they need). The right
partners of an organisation are those in other sections whose sector supplies it strongly
(score >= 0.7 in the table). recall@10 of the combined ranking (core.matching.score_pair with
TF-IDF text) against keyword overlap (what partnering databases do) and text similarity alone.

Writes bench/results/matching.json. Run: .venv/bin/python bench/matching.py --n 100000
"""

import argparse
import json
import platform
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from clusterhub.core.complementarity import Complementarity  # noqa: E402
from clusterhub.core.matching import Party  # noqa: E402
from clusterhub.core.matching import Weights  # noqa: E402
from clusterhub.core.matching import block_top_k  # noqa: E402
from clusterhub.core.matching import fold_candidates  # noqa: E402
from clusterhub.core.matching import fold_queries  # noqa: E402
from clusterhub.core.matching import idf_weights  # noqa: E402
from clusterhub.core.matching import normalise_rows  # noqa: E402
from clusterhub.core.matching import pair_matrices  # noqa: E402
from clusterhub.core.matching import score_pair  # noqa: E402
from clusterhub.core.matching import term_vector  # noqa: E402
from clusterhub.core.matching import tokens  # noqa: E402
from clusterhub.core.matching import top_k  # noqa: E402

DIM = 384
K = 10
SEED = 4
REGIONS = 32
TABLE_PATH = ROOT / "src" / "clusterhub" / "matchmaking" / "data" / "complementarity.csv"

# Sections of the NACE divisions used (enough for the cross-industry rule).
SECTION = {
    "01": "A",
    "03": "A",
    "10": "C",
    "11": "C",
    "17": "C",
    "20": "C",
    "22": "C",
    "25": "C",
    "28": "C",
    "35": "D",
    "41": "F",
    "46": "G",
    "47": "G",
    "49": "H",
    "52": "H",
    "53": "H",
    "55": "I",
    "62": "J",
    "63": "J",
    "64": "K",
    "69": "M",
    "71": "M",
    "73": "M",
    "77": "N",
    "85": "P",
}
# Words of each trade, for the generated texts.
TRADE_WORDS = {
    "01": "farm crops livestock milk grain harvest",
    "03": "fishing aquaculture fish catch",
    "10": "food processing dairy meat bakery",
    "11": "beverages brewery drinks juice",
    "17": "paper cardboard packaging boxes",
    "20": "chemicals fertiliser coatings",
    "22": "plastic packaging film moulding",
    "25": "metal fabrication welding parts",
    "28": "machinery equipment automation",
    "35": "electricity energy power supply",
    "41": "construction buildings contractor",
    "46": "wholesale distribution trading",
    "47": "retail shops stores consumers",
    "49": "trucking freight road transport haulage",
    "52": "warehousing storage cold store terminal",
    "53": "courier parcels delivery post",
    "55": "hotel accommodation guests",
    "62": "software development programming apps",
    "63": "data hosting cloud information",
    "64": "bank loans finance credit",
    "69": "legal accounting audit tax",
    "71": "engineering design testing",
    "73": "advertising marketing campaigns",
    "77": "leasing rental equipment",
    "85": "training education courses",
}
VAGUE = (
    "looking for partners to grow our business improve efficiency and reach new markets",
    "we want to cooperate with reliable companies for long term growth",
    "seeking cooperation to expand operations and reduce costs",
    "interested in new business partners across the baltic sea region",
)


def section_of(division: str) -> str:
    return SECTION.get(division[:2], division[:2])


def load_table() -> Complementarity:
    lines = [x for x in TABLE_PATH.read_text().splitlines() if x and not x.startswith("#")]
    scores = {}
    for line in lines[1:]:
        s, b, v = line.split(",")
        scores[(s, b)] = float(v)
    return Complementarity(scores)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- speed ---------------------------------------------------------------------------------


def speed(n: int, table: Complementarity) -> dict:
    rng = np.random.default_rng(SEED)
    divisions = sorted(SECTION)
    weights = Weights()
    stored = [v.tobytes() for v in normalise_rows(rng.standard_normal((n, DIM)).astype(np.float32))]
    div_idx = rng.integers(0, len(divisions), n)
    size_idx = rng.integers(0, 4, n)
    region_idx = rng.integers(0, REGIONS, n)
    # Region centroids on a line 0..1,500 km: affinity exp(-d / 300 km).
    centres = np.linspace(0, 1500, REGIONS)
    affinity = np.exp(-np.abs(centres[:, None] - centres[None, :]) / 300).astype(np.float32)
    pairs = pair_matrices(divisions, table, section_of, weights)

    t0 = time.perf_counter()
    vectors = np.vstack([np.frombuffer(b, dtype=np.float32) for b in stored])
    vectors = normalise_rows(vectors)
    candidates = fold_candidates(
        vectors, div_idx, size_idx, region_idx, n_divisions=len(divisions), n_regions=REGIONS
    )
    queries = fold_queries(
        vectors,
        div_idx,
        size_idx,
        region_idx,
        pairs=pairs,
        region_affinity=affinity,
        weights=weights,
    )
    index_s = time.perf_counter() - t0
    del stored

    times = []
    for q in rng.integers(0, n, 200):
        t = time.perf_counter()
        scores = candidates @ queries[q]
        scores[q] = -np.inf
        top_k(scores, K)
        times.append((time.perf_counter() - t) * 1000)

    block = 512
    t0 = time.perf_counter()
    first_rows = None
    for start in range(0, n, block):
        s = queries[start : start + block] @ candidates.T
        rows = np.arange(s.shape[0])
        s[rows, start + rows] = -np.inf  # never recommend yourself
        idx, _val = block_top_k(s, K)
        if first_rows is None:
            first_rows = idx
    batch_s = time.perf_counter() - t0
    # The blocked batch agrees with the single query on the first row.
    check = candidates @ queries[0]
    check[0] = -np.inf
    assert first_rows[0].tolist() == top_k(check, K).tolist()
    return {
        "n": n,
        "index_s": round(index_s, 3),
        "index_rows_per_s": round(n / index_s),
        "query_p50_ms": round(statistics.median(times), 2),
        "query_p95_ms": round(float(np.percentile(times, 95)), 2),
        "batch_s": round(batch_s, 2),
        "peak_mb": round(peak_mb(), 1),
    }


# --- quality -------------------------------------------------------------------------------


def quality(table: Complementarity, per_sector: int = 20) -> dict:
    rnd = random.Random(SEED)
    orgs = []
    for division in sorted(TRADE_WORDS):
        words = TRADE_WORDS[division].split()
        for i in range(per_sector):
            offer_kw = rnd.sample(words, 2)
            offer = f"We offer {' '.join(offer_kw)} services. {rnd.choice(VAGUE)}"
            request = rnd.choice(VAGUE)
            request_kw = []
            suppliers = [s for s, v in table.top_suppliers(division, 25) if s in TRADE_WORDS]
            suppliers = [s for s in suppliers if section_of(s) != section_of(division)]
            if suppliers and i % 3 == 0:
                need = rnd.choice(TRADE_WORDS[rnd.choice(suppliers[:4])].split())
                request += f" we need {need}"
                request_kw = [need]
            orgs.append(
                {
                    "division": division,
                    "offer": offer,
                    "request": request,
                    "offer_kw": set(offer_kw),
                    "request_kw": set(request_kw) | set(tokens(request)[:3]),
                }
            )
    offers = np.vstack([term_vector(o["offer"]) for o in orgs])
    requests = np.vstack([term_vector(o["request"]) for o in orgs])
    idf = idf_weights(np.vstack([offers, requests]))
    offers, requests = normalise_rows(offers * idf), normalise_rows(requests * idf)
    text = requests @ offers.T

    recalls = {"combined": [], "keyword": [], "text": []}
    weights = Weights()
    for q, org in enumerate(orgs):
        relevant = {
            c
            for c, other in enumerate(orgs)
            if c != q
            and section_of(other["division"]) != section_of(org["division"])
            and table.supplies(other["division"], org["division"]) >= 0.7
        }
        if not relevant:
            continue
        me = Party((org["division"],))
        combined = np.array(
            [
                score_pair(
                    me=me,
                    other=Party((other["division"],)),
                    text_similarity=float(text[q, c]),
                    table=table,
                    section_of=section_of,
                    weights=weights,
                ).score
                for c, other in enumerate(orgs)
            ]
        )
        keyword = np.array(
            [
                len(org["request_kw"] & other["offer_kw"])
                / max(1, len(org["request_kw"] | other["offer_kw"]))
                for other in orgs
            ],
            dtype=np.float64,
        )
        for name, scores in (
            ("combined", combined),
            ("keyword", keyword),
            ("text", text[q].astype(np.float64)),
        ):
            scores = scores.copy()
            scores[q] = -np.inf
            top = set(top_k(scores, K).tolist())
            recalls[name].append(len(top & relevant) / min(K, len(relevant)))
    return {name: round(statistics.mean(values), 3) for name, values in recalls.items()} | {
        "queries": len(recalls["combined"]),
        "organisations": len(orgs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "matching.json"))
    args = parser.parse_args()
    table = load_table()
    result = speed(args.n, table)
    q = quality(table)
    result["recall_at_10"] = {k: q[k] for k in ("combined", "keyword", "text")}
    result["quality_queries"] = q["queries"]
    result["machine"] = f"{platform.machine()}, {__import__('os').cpu_count()} cores"
    print(
        f"{'n':>8} {'index rows/s':>13} {'p50 ms':>8} {'p95 ms':>8} {'batch s':>8} {'peak MB':>8}"
    )
    print(
        f"{result['n']:>8} {result['index_rows_per_s']:>13} {result['query_p50_ms']:>8} "
        f"{result['query_p95_ms']:>8} {result['batch_s']:>8} {result['peak_mb']:>8}"
    )
    print("recall@10:", result["recall_at_10"], f"over {q['queries']} queries")
    out = Path(args.out)
    runs = {}
    if out.is_file():
        previous = json.loads(out.read_text())
        runs = {str(r["n"]): r for r in previous.get("runs", [])}
    runs[str(args.n)] = result
    # The top level reports the largest N measured; every N is kept under "runs".
    summary = dict(runs[max(runs, key=int)])
    summary["runs"] = [runs[k] for k in sorted(runs, key=int)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
