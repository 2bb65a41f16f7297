"""Benchmark of NACE 2.1 suggestion from free text (issue 17): quality per language and latency.

Two sets of company self-descriptions in English, Latvian, Estonian and Swedish, each labelled
with the acceptable NACE 2.1 classes: the development set (bench/data/nace_suggest_dev.yaml),
on which the embedding weight is swept and word lists were checked, and the evaluation set
(bench/data/nace_suggest_eval.yaml, other companies), which is only scored, never tuned on.
For each language: top-1 and top-5 accuracy at division level (the right division among the
divisions of the first k suggested classes) and at class level, for the fused ranking and for
each signal alone (embeddings, lexical). Latency: warm suggest() calls over the evaluation
texts, p50 and p95, with the machine's load beside them.

Needs the class vectors (`clusterhub build_nace_vectors`). Writes bench/results/nace_suggest.json.
Run: .venv/bin/python bench/nace_suggest.py  (--dev-only: the development figures, no file)
"""

import json
import os
import platform
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterhub.settings")

import django  # noqa: E402

django.setup()

from clusterhub.core.nace_text import lexical_scores  # noqa: E402
from clusterhub.registry import nace_suggest as ns  # noqa: E402

WEIGHTS = [round(w, 1) for w in np.arange(0.0, 1.01, 0.1)]


def load_items(name: str) -> list[dict]:
    path = ROOT / f"bench/data/nace_suggest_{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        {"lang": lang, "text": it["text"], "classes": set(it["classes"])}
        for lang, items in data.items()
        for it in items
    ]


def signals(items: list[dict]) -> None:
    """Attach each item's lexical scores and embedding signal (computed once, fused many times)."""
    for it in items:
        it["lexical"], _ = lexical_scores(ns.lexical_index(), it["text"])
        sims = ns.embedding_scores(it["text"])
        it["embed"] = None if sims is None else ns._embedding_signal(sims)


def ranking(it: dict, weight: float) -> list[int]:
    """Class positions in suggestion order, as suggest() ranks them for this weight."""
    embed = it["embed"] if weight > 0 else None
    return ns.rank(ns.combine(it["lexical"], embed, weight), top=5)


def accuracy(items: list[dict], weight: float) -> dict:
    codes = [c.code for c in ns.classes()]
    hits = {"division_top1": 0, "division_top5": 0, "class_top1": 0, "class_top5": 0}
    for it in items:
        top = [codes[i] for i in ranking(it, weight)[:5]] or ["--"]
        divisions = {c[:2] for c in it["classes"]}
        hits["division_top1"] += top[0][:2] in divisions
        hits["division_top5"] += any(c[:2] in divisions for c in top)
        hits["class_top1"] += top[0] in it["classes"]
        hits["class_top5"] += any(c in it["classes"] for c in top)
    return {k: round(v / len(items), 3) for k, v in hits.items()} | {"n": len(items)}


def per_language(items: list[dict], weight: float) -> dict:
    langs = sorted({it["lang"] for it in items}, key=["en", "lv", "et", "sv"].index)
    return {lang: accuracy([it for it in items if it["lang"] == lang], weight) for lang in langs}


def latency(texts: list[str]) -> dict:
    """Warm suggest() calls: wall-clock time, and the process's CPU time, which a shared machine's
    load inflates far less (the wall time on an idle machine is close to the CPU time)."""
    ns.suggest(texts[0])  # warm-up: model load, index build
    wall, cpu = [], []
    load_before = os.getloadavg()[0]
    for text in texts:
        w0, c0 = time.perf_counter(), time.process_time()
        ns.suggest(text)
        wall.append((time.perf_counter() - w0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)

    def pct(values: list[float], q: float) -> float:
        values = sorted(values)
        return round(values[round(q * (len(values) - 1))], 1)

    return {
        "calls": len(texts),
        "p50_ms": pct(wall, 0.5),
        "p95_ms": pct(wall, 0.95),
        "cpu_p50_ms": pct(cpu, 0.5),
        "cpu_p95_ms": pct(cpu, 0.95),
        # The shared machine's load during the run: wall-clock latency means little without it.
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }


def sweep(items: list[dict], has_model: bool) -> tuple[float, dict]:
    """Accuracy on `items` per embedding weight, and the weight with the best sum of division
    top-1 and top-5 (the issue's two targets) over the languages' means; ties go to the lower."""
    table = {w: accuracy(items, w) for w in (WEIGHTS if has_model else [0.0])}
    best = max(table, key=lambda w: table[w]["division_top1"] + table[w]["division_top5"])
    return best, {str(w): a for w, a in table.items()}


def main() -> None:
    dev = load_items("dev")
    signals(dev)
    has_model = dev[0]["embed"] is not None
    best, table = sweep(dev, has_model)
    if "--dev-only" in sys.argv:
        show({"dev": per_language(dev, ns.EMBED_WEIGHT)})
        print(f"best weight on dev: {best}; shipped: {ns.EMBED_WEIGHT}")
        return
    items = load_items("eval")
    signals(items)
    result = {
        "machine": platform.platform(),
        "embeddings": has_model,
        "classes": len(ns.classes()),
        "items_dev": len(dev),
        "items_eval": len(items),
        "weight_shipped": ns.EMBED_WEIGHT,
        "weight_best_on_dev": best,
        "weight_sweep_dev": table,
        "dev": per_language(dev, ns.EMBED_WEIGHT),
        "eval": per_language(items, ns.EMBED_WEIGHT),
        "eval_lexical_only": per_language(items, 0.0),
        "eval_embeddings_only": per_language(items, 1.0) if has_model else None,
        "latency": latency([it["text"] for it in items]),
    }
    out = ROOT / "bench/results/nace_suggest.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    show(result)
    print(f"best weight on dev: {best}; shipped: {ns.EMBED_WEIGHT}")
    print(f"latency: {result['latency']}; written to {out}")


def show(result: dict) -> None:
    print(f"{'':22} {'lang':4} {'div@1':>6} {'div@5':>6} {'cls@1':>6} {'cls@5':>6}")
    for name in ("dev", "eval", "eval_lexical_only", "eval_embeddings_only"):
        for lang, acc in (result.get(name) or {}).items():
            print(
                f"{name:22} {lang:4} {acc['division_top1']:6.2f} {acc['division_top5']:6.2f} "
                f"{acc['class_top1']:6.2f} {acc['class_top5']:6.2f}"
            )


if __name__ == "__main__":
    main()
