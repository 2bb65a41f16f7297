"""Supplier->buyer complementarity between NACE divisions, derived from input-output flows.

The formula (documented with figures in docs/matchmaking.md):

1. Pool the countries: Z(s, b) = sum over countries of the domestic plus imported intermediate
   flow from industry s to industry b (million USD); X(i) = sum over countries of the output
   of industry i.
2. Two views of one flow: the input coefficient a = Z(s, b) / X(b) (how much of a dollar of the
   buyer's output is bought from the supplier) and the output share o = Z(s, b) / X(s) (how much
   of the supplier's output goes to that buyer). A link is strong when it matters to either side,
   so the strength is max(a, o).
3. Log scale into [0, 1]: score = clamp((log10(max(a, o)) - log10(FLOOR)) / (log10(CEIL) -
   log10(FLOOR))), with FLOOR = 0.001 (a tenth of a cent a dollar: no link) and CEIL = 0.1 (ten
   cents a dollar: as strong as links get outside the core supply chain).
4. Every NACE division takes the score of the WIOD industry it belongs to.

No Django here: the command in matchmaking reads the files and writes the table.
"""

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from math import log10

FLOOR = 0.001
CEIL = 0.1


@dataclass(frozen=True)
class Flow:
    """One pooled-or-not intermediate flow from a WIOD industry to another, in million USD."""

    country: str
    supplier: str
    buyer: str
    amount: float
    buyer_output: float


def log_score(strength: float, *, floor: float = FLOOR, ceil: float = CEIL) -> float:
    """Map a coefficient onto [0, 1] on a log scale between floor and ceil."""
    if strength <= floor:
        return 0.0
    if strength >= ceil:
        return 1.0
    return (log10(strength) - log10(floor)) / (log10(ceil) - log10(floor))


def industry_scores(flows: Iterable[Flow]) -> dict[tuple[str, str], float]:
    """Complementarity score of every (supplier, buyer) pair of industries with a flow."""
    pooled: dict[tuple[str, str], float] = defaultdict(float)
    output_by_country: dict[tuple[str, str], float] = {}
    for f in flows:
        pooled[(f.supplier, f.buyer)] += f.amount
        output_by_country[(f.country, f.buyer)] = f.buyer_output
    output: dict[str, float] = defaultdict(float)
    for (_country, industry), value in output_by_country.items():
        output[industry] += value
    scores = {}
    for (s, b), z in pooled.items():
        a = z / output[b] if output.get(b) else 0.0
        o = z / output[s] if output.get(s) else 0.0
        scores[(s, b)] = round(log_score(max(a, o)), 3)
    return scores


def division_scores(
    industry: Mapping[tuple[str, str], float],
    division_to_industry: Mapping[str, str],
    *,
    minimum: float = 0.0,
) -> dict[tuple[str, str], float]:
    """Spread industry scores onto NACE divisions; keep the pairs scoring at least `minimum`."""
    result = {}
    for ds, s in division_to_industry.items():
        for db, b in division_to_industry.items():
            score = industry.get((s, b), 0.0)
            if score > 0 and score >= minimum:
                result[(ds, db)] = score
    return result


class Complementarity:
    """Lookup of supplier->buyer scores between NACE divisions (two-digit codes)."""

    def __init__(self, scores: Mapping[tuple[str, str], float]) -> None:
        self._scores = dict(scores)

    def __len__(self) -> int:
        return len(self._scores)

    def supplies(self, supplier: str, buyer: str) -> float:
        """How strongly division `supplier` sells to division `buyer` (0 when unknown)."""
        return self._scores.get((supplier[:2], buyer[:2]), 0.0)

    def both_ways(self, a: str, b: str) -> tuple[float, float]:
        """(a sells to b, b sells to a)."""
        return self.supplies(a, b), self.supplies(b, a)

    def top_suppliers(self, buyer: str, k: int = 10) -> list[tuple[str, float]]:
        """The divisions `buyer` buys most from, strongest first (ties by code)."""
        rows = [(s, v) for (s, b), v in self._scores.items() if b == buyer[:2]]
        return sorted(rows, key=lambda r: (-r[1], r[0]))[:k]

    def divisions(self) -> list[str]:
        return sorted({s for s, _ in self._scores} | {b for _, b in self._scores})
