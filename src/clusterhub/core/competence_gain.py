"""Competence gain from before/after self-assessments, per person and per cohort.

Pure Python: scores in, gains out. A competence counts towards a gain only when the person rated
it both before and after; a cohort figure is the mean over the people who did, and says how many
they were, so a mean of one person is not mistaken for a cohort trend.
"""

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP
from decimal import Decimal

Scores = Mapping[str, int]  # competence code -> score


@dataclass(frozen=True)
class Gain:
    competence: str
    before: Decimal | None
    after: Decimal | None
    gain: Decimal | None
    # People whose before and after both exist (1 for a person's own row).
    people: int


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def person_gains(before: Scores, after: Scores, competences: Sequence[str]) -> list[Gain]:
    """One row per competence: the person's before and after scores and their difference."""
    rows = []
    for code in competences:
        b, a = before.get(code), after.get(code)
        both = b is not None and a is not None
        rows.append(
            Gain(
                competence=code,
                before=None if b is None else Decimal(b),
                after=None if a is None else Decimal(a),
                gain=Decimal(a - b) if a is not None and b is not None else None,
                people=1 if both else 0,
            )
        )
    return rows


def cohort_gains(people: Sequence[tuple[Scores, Scores]], competences: Sequence[str]) -> list[Gain]:
    """Mean before, after and gain per competence over the people who rated it both times."""
    rows = []
    for code in competences:
        pairs = [(b[code], a[code]) for b, a in people if code in b and code in a]
        if not pairs:
            rows.append(Gain(code, None, None, None, 0))
            continue
        n = Decimal(len(pairs))
        before = sum(Decimal(b) for b, _a in pairs) / n
        after = sum(Decimal(a) for _b, a in pairs) / n
        rows.append(Gain(code, _round(before), _round(after), _round(after - before), len(pairs)))
    return rows


def mean_gain(rows: Sequence[Gain]) -> Decimal | None:
    """The average gain over the competences that have one (a one-number summary)."""
    gains = [r.gain for r in rows if r.gain is not None]
    if not gains:
        return None
    return _round(sum(gains, Decimal(0)) / Decimal(len(gains)))
