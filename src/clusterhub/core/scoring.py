"""Scoring of cluster management assessments and the label rules, in pure Python.

An indicator's answer is placed on one of its *levels* (a scoring band, a choice option, yes/no),
each worth some points; levels are ordered by points. Everything here works on those levels, so
the same code scores numbers, choices and evidence lists. The thresholds of the label rules are
arguments (the framework file holds them), never constants.

Smallest set of improvements (Gold): we minimise the *number of indicators* that must change.
Indicators below their minimum requirement must change anyway; they are raised to their top
level for free (they are already in the set). The remaining point deficit is covered by the
indicators with the largest possible gain: taking the k largest gains is optimal for "fewest
indicators whose gains sum to at least D" (any other k-subset sums to no more), so the count is
exact. Each chosen indicator's target is then lowered to the smallest level that still reaches
the goal, so the advice asks for no more than needed.
"""

from bisect import bisect_left
from bisect import bisect_right
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from clusterhub.core.months import add_months
from clusterhub.core.months import within_months

ONE_DECIMAL = Decimal("0.1")
HUNDRED = Decimal(100)


def percent(points: Decimal, maximum: Decimal) -> Decimal:
    """points / maximum in percent, one decimal (0 when nothing can be scored)."""
    if maximum <= 0:
        return Decimal("0.0")
    return (Decimal(points) * HUNDRED / Decimal(maximum)).quantize(ONE_DECIMAL, ROUND_HALF_UP)


# --- bands --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """Measures from `lower` (inclusive) up to `upper` (exclusive; None = no upper end)."""

    lower: Decimal
    upper: Decimal | None
    points: Decimal

    def holds(self, measure: Decimal) -> bool:
        return measure >= self.lower and (self.upper is None or measure < self.upper)


class BandError(ValueError):
    pass


def check_bands(bands: Sequence[Band]) -> None:
    """Bands must be in ascending order, touch each other without gaps or overlaps."""
    if not bands:
        raise BandError("no bands")
    for i, band in enumerate(bands):
        if band.upper is not None and band.upper <= band.lower:
            raise BandError(f"band {i + 1}: upper bound {band.upper} is not above {band.lower}")
        if band.upper is None and i != len(bands) - 1:
            raise BandError(f"band {i + 1}: only the last band may be open-ended")
        if i > 0:
            previous = bands[i - 1]
            if previous.upper != band.lower:
                raise BandError(
                    f"band {i + 1}: starts at {band.lower} but band {i} ends at {previous.upper}"
                    " (gap or overlap)"
                )


def band_level(bands: Sequence[Band], measure: Decimal) -> int | None:
    """Index of the band holding the measure, None when it lies outside every band."""
    for i, band in enumerate(bands):
        if band.holds(measure):
            return i
    return None


# --- scores -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one assessment, placed on its levels.

    `levels` holds each level's points in ascending order; `level` is the reached level (None =
    unanswered, 0 points); `points` may differ from levels[level] after an expert's adjustment.
    `minimum_level` is the lowest level that meets the minimum requirement (None = no minimum).
    """

    code: str
    area: str
    levels: tuple[Decimal, ...]
    level: int | None
    points: Decimal
    minimum_level: int | None = None

    @property
    def max_points(self) -> Decimal:
        return max(self.levels) if self.levels else Decimal(0)

    @property
    def meets_minimum(self) -> bool:
        if self.minimum_level is None:
            return True
        return self.level is not None and self.level >= self.minimum_level


@dataclass(frozen=True)
class AreaScore:
    code: str
    points: Decimal
    max_points: Decimal

    @property
    def percent(self) -> Decimal:
        return percent(self.points, self.max_points)


@dataclass(frozen=True)
class Score:
    points: Decimal
    max_points: Decimal
    areas: dict[str, AreaScore]
    unmet_minimums: tuple[str, ...]

    @property
    def percent(self) -> Decimal:
        return percent(self.points, self.max_points)

    def area_percents(self) -> dict[str, Decimal]:
        return {code: a.percent for code, a in self.areas.items()}


def score(results: Iterable[IndicatorResult], area_order: Sequence[str] = ()) -> Score:
    """Points per area and in total; areas appear in `area_order`, then as first met."""
    points: dict[str, Decimal] = {code: Decimal(0) for code in area_order}
    maxima: dict[str, Decimal] = {code: Decimal(0) for code in area_order}
    unmet = []
    for r in results:
        points[r.area] = points.get(r.area, Decimal(0)) + r.points
        maxima[r.area] = maxima.get(r.area, Decimal(0)) + r.max_points
        if not r.meets_minimum:
            unmet.append(r.code)
    areas = {code: AreaScore(code, points[code], maxima[code]) for code in points}
    return Score(
        points=sum(points.values(), Decimal(0)),
        max_points=sum(maxima.values(), Decimal(0)),
        areas=areas,
        unmet_minimums=tuple(unmet),
    )


# --- label readiness ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """Something that stands between the cluster and a label.

    kind: "criterion" (an eligibility criterion of an indicator), "minimum" (an indicator's
    minimum requirement), "points" (total below the pass mark), "previous" (no earlier
    assessment in the time window), "areas" (too few improved areas).
    """

    kind: str
    subject: str
    required: Decimal
    actual: Decimal | None


@dataclass(frozen=True)
class Improvement:
    """Raise `subject` (an indicator or an area) from `current` to at least `target`.

    For indicators, current/target are levels' points; for criteria, the measure; for areas,
    percent (target = strictly above the previous assessment's percent).
    """

    kind: str
    subject: str
    current: Decimal | None
    target: Decimal


@dataclass(frozen=True)
class Readiness:
    label: str
    ready: bool
    gaps: tuple[Gap, ...] = ()
    improvements: tuple[Improvement, ...] = field(default=())


@dataclass(frozen=True)
class Criterion:
    """An eligibility criterion: the measure of `indicator` must be at least `minimum`."""

    indicator: str
    minimum: Decimal


def bronze_readiness(
    criteria: Sequence[Criterion], measures: dict[str, Decimal | None]
) -> Readiness:
    """Bronze eligibility (ECCP criteria): each criterion's measure at least its minimum."""
    gaps = []
    for c in criteria:
        actual = measures.get(c.indicator)
        if actual is None or actual < c.minimum:
            gaps.append(Gap("criterion", c.indicator, c.minimum, actual))
    improvements = tuple(Improvement("criterion", g.subject, g.actual, g.required) for g in gaps)
    return Readiness("bronze", not gaps, tuple(gaps), improvements)


def _minimum_gaps(results: Sequence[IndicatorResult]) -> list[Gap]:
    return [
        Gap(
            "minimum",
            r.code,
            r.levels[r.minimum_level],  # type: ignore[index]
            r.levels[r.level] if r.level is not None else None,
        )
        for r in results
        if not r.meets_minimum
    ]


def gold_readiness(
    results: Sequence[IndicatorResult], *, min_percent: Decimal, require_minimums: bool = True
) -> Readiness:
    """Gold: at least `min_percent` of all points, and (if required) every minimum met."""
    current = score(results)
    needed = current.max_points * min_percent / HUNDRED
    gaps = _minimum_gaps(results) if require_minimums else []
    if current.points < needed:
        gaps.append(Gap("points", "total", min_percent, current.percent))
    if not gaps:
        return Readiness("gold", True)
    return Readiness(
        "gold", False, tuple(gaps), tuple(_cheapest_raise(results, needed, require_minimums))
    )


def _cheapest_raise(
    results: Sequence[IndicatorResult], needed: Decimal, require_minimums: bool
) -> list[Improvement]:
    """Fewest indicators to raise so that the total reaches `needed` and minimums are met."""
    forced = [r for r in results if require_minimums and not r.meets_minimum]
    forced_codes = {r.code for r in forced}
    total = sum((r.points for r in results), Decimal(0))
    # Forced indicators first: their whole headroom is available without adding to the count.
    gain_forced = sum((r.max_points - r.points for r in forced), Decimal(0))
    others = sorted(
        (r for r in results if r.code not in forced_codes and r.max_points > r.points),
        key=lambda r: (-(r.max_points - r.points), r.code),
    )
    chosen = list(forced)
    reach = total + gain_forced
    for r in others:
        if reach >= needed:
            break
        chosen.append(r)
        reach += r.max_points - r.points
    # Lower each target to the smallest level that keeps the goal (last chosen first, as it
    # usually has the smallest headroom). If even every gain falls short, keep the maxima.
    targets: dict[str, Decimal] = {r.code: r.max_points for r in chosen}
    surplus = reach - needed
    for r in reversed(chosen):
        if surplus <= 0:
            break
        if r.code in forced_codes:
            allowed = [p for p in r.levels if p >= r.levels[r.minimum_level]]  # type: ignore[index]
        else:
            allowed = [p for p in r.levels if p > r.points]
        for level_points in sorted(allowed):
            saving = targets[r.code] - level_points
            if saving <= surplus:
                surplus -= saving
                targets[r.code] = level_points
                break
    return [
        Improvement("indicator", r.code, r.points, targets[r.code])
        for r in chosen
        if targets[r.code] > r.points or r.code in forced_codes
    ]


@dataclass(frozen=True)
class PastAssessment:
    assessed_on: date
    area_percents: dict[str, Decimal]


def silver_readiness(
    *,
    assessed_on: date,
    area_percents: dict[str, Decimal],
    previous: Sequence[PastAssessment],
    months_min: int,
    months_max: int,
    improved_areas_min: int,
    unmet_minimums: Sequence[Gap] = (),
) -> Readiness:
    """Silver: an earlier assessment (the caller passes those that earned a Bronze label)
    `months_min`..`months_max` calendar months before (inclusive, clusterhub.core.months), at
    least `improved_areas_min` areas improved against it, and no unmet minimum requirement."""
    in_window = [
        p
        for p in previous
        if within_months(p.assessed_on, assessed_on, at_least=months_min, at_most=months_max)
    ]
    gaps: list[Gap] = list(unmet_minimums)
    improvements: list[Improvement] = [
        Improvement("indicator", g.subject, g.actual, g.required) for g in unmet_minimums
    ]
    if not in_window:
        gaps.append(Gap("previous", "assessment", Decimal(months_min), None))
        return Readiness("silver", False, tuple(gaps), tuple(improvements))

    def improved(p: PastAssessment) -> list[str]:
        return [
            code
            for code, pct in area_percents.items()
            if code in p.area_percents and pct > p.area_percents[code]
        ]

    best = max(in_window, key=lambda p: (len(improved(p)), p.assessed_on))
    up = improved(best)
    if len(up) < improved_areas_min:
        gaps.append(Gap("areas", "improved", Decimal(improved_areas_min), Decimal(len(up))))
        # The areas closest to beating their previous percent are the cheapest to improve.
        candidates = sorted(
            (c for c in area_percents if c in best.area_percents and c not in up),
            key=lambda c: (best.area_percents[c] - area_percents[c], c),
        )
        for code in candidates[: improved_areas_min - len(up)]:
            improvements.append(
                Improvement("area", code, area_percents[code], best.area_percents[code])
            )
    return Readiness("silver", not gaps, tuple(gaps), tuple(improvements))


# --- label validity -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Validity:
    valid_from: date
    valid_until: date
    is_renewal: bool


def award_validity(
    *,
    awarded_on: date,
    validity_months: int,
    previous_until: date | None = None,
    renewal_grace_months: int | None = None,
    renewal_extension_months: int | None = None,
) -> Validity:
    """Validity of a label awarded on `awarded_on`.

    A renewal (a previous award of the same label that ended at most `renewal_grace_months`
    before, or has not ended yet) extends seamlessly by `renewal_extension_months` from the end
    of the previous period; otherwise the label runs `validity_months` from the award.
    """
    if (
        previous_until is not None
        and renewal_grace_months is not None
        and renewal_extension_months is not None
        and awarded_on <= add_months(previous_until, renewal_grace_months)
    ):
        return Validity(previous_until, add_months(previous_until, renewal_extension_months), True)
    return Validity(awarded_on, add_months(awarded_on, validity_months), False)


# --- peers --------------------------------------------------------------------------------------


def percentile_rank(value: Decimal, peers: Sequence[Decimal]) -> Decimal | None:
    """Share of peers below the value, counting ties as half (0-100, one decimal)."""
    if not peers:
        return None
    below = sum(1 for p in peers if p < value)
    equal = sum(1 for p in peers if p == value)
    return percent(Decimal(below) + Decimal(equal) / 2, Decimal(len(peers)))


def percentile_in_sorted(value: Decimal, ordered: Sequence[Decimal]) -> Decimal | None:
    """percentile_rank for values already sorted ascending, by bisection (O(log n))."""
    if not ordered:
        return None
    below = bisect_left(ordered, value)
    equal = bisect_right(ordered, value) - below
    return percent(Decimal(below) + Decimal(equal) / 2, Decimal(len(ordered)))


def median_of_sorted(ordered: Sequence[Decimal]) -> Decimal | None:
    if not ordered:
        return None
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[mid])
    return ((Decimal(ordered[mid - 1]) + Decimal(ordered[mid])) / 2).quantize(ONE_DECIMAL)


def top_decile(values: Sequence[Decimal]) -> list[Decimal]:
    """The best tenth of the values (at least one value when there are any)."""
    ordered = sorted(values, reverse=True)
    size = max(1, -(-len(ordered) // 10)) if ordered else 0
    return ordered[:size]


def median(values: Sequence[Decimal]) -> Decimal | None:
    return median_of_sorted(sorted(values))
