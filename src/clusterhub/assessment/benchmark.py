"""Peer benchmarking: where an assessment stands among other clusters' latest assessments.

Peers are the latest approved (else submitted) assessment of every *other* cluster made with the
same framework version. Only anonymous aggregates leave this module: percentiles, medians, the
group's size. A group of fewer than MIN_PEERS clusters is not shown at all, so no single peer's
score can be inferred. The excellence group is the top decile of the group by total score.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.models import Area
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Indicator
from clusterhub.core.scoring import median
from clusterhub.core.scoring import median_of_sorted
from clusterhub.core.scoring import percentile_in_sorted
from clusterhub.core.scoring import top_decile

MIN_PEERS = 5
_ROWS: dict[int, tuple[str, list["PeerRow"]]] = {}
GROUPS = {
    "sector": _("Same sector group"),
    "country": _("Same country"),
    "size": _("Same size band"),
    "all": _("All clusters"),
}
# Size bands by committed members, as in ESCA's reports (small, medium, large clusters).
SIZE_BANDS = ((0, 25), (25, 50), (50, 100), (100, 250), (250, None))


def size_band(committed: int) -> str:
    for low, high in SIZE_BANDS:
        if high is None or committed < high:
            return f"{low}+" if high is None else f"{low}-{high - 1}"
    return ""  # pragma: no cover - the last band is open


@dataclass(frozen=True)
class PeerRow:
    cluster_id: int
    sector_group: str
    country: str
    size: str
    total: Decimal
    areas: dict[str, Decimal]
    indicators: dict[str, Decimal]


@dataclass(frozen=True)
class Position:
    code: str
    value: Decimal
    percentile: Decimal | None
    peer_median: Decimal | None
    excellence_median: Decimal | None


@dataclass(frozen=True)
class Benchmark:
    group: str
    group_size: int
    shown: bool
    total: Position | None
    areas: list[Position]
    indicators: list[Position]


def _decimals(values: dict) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in (values or {}).items()}


def _in_order(values: dict, codes) -> dict[str, Decimal]:
    return {code: Decimal(str(values[code])) for code in codes if code in (values or {})}


def peer_rows(assessment: Assessment) -> list[PeerRow]:
    """Latest approved-else-submitted assessment of each other cluster, same framework version."""
    return [r for r in _all_rows(assessment.framework_id) if r.cluster_id != assessment.cluster_id]


def _all_rows(framework_id: int) -> list[PeerRow]:
    """Every cluster's latest row, cached until an assessment of the framework changes (the key
    holds the newest change time and the count, so a new or edited assessment misses it)."""
    results = Assessment.objects.filter(framework_id=framework_id).exclude(
        status=AssessmentStatus.DRAFT
    )
    stamp = results.aggregate(n=Count("pk"), last=Max("updated_at"))
    last = stamp["last"].timestamp() if stamp["last"] else 0
    key = f"assessment-peers-{framework_id}-{stamp['n']}-{last}"
    # A plain per-process dict, not Django's cache: unpickling 1,300 rows costs as much as
    # reading them. One entry per framework; a changed key replaces it.
    kept = _ROWS.get(framework_id)
    if kept is None or kept[0] != key:
        kept = (key, _load_rows(results))
        _ROWS[framework_id] = kept
    return kept[1]


def _load_rows(results) -> list[PeerRow]:
    rows = results.order_by("-period_end", "-pk").values_list(
        "cluster_id",
        "status",
        "cluster__sector_group",
        "cluster__country",
        "committed_members",
        "total_percent",
        "area_percents",
        "indicator_percents",
    )
    best: dict[int, tuple] = {}
    for row in rows:
        cluster_id, status = row[0], row[1]
        kept = best.get(cluster_id)
        if kept is None or (kept[1] != AssessmentStatus.APPROVED and status == "approved"):
            best[cluster_id] = row
    return [
        PeerRow(
            cluster_id=r[0],
            sector_group=r[2],
            country=r[3],
            size=size_band(r[4]),
            total=Decimal(r[5]),
            areas=_decimals(r[6]),
            indicators=_decimals(r[7]),
        )
        for r in best.values()
    ]


def _in_group(row: PeerRow, group: str, assessment: Assessment) -> bool:
    cluster = assessment.cluster
    if group == "sector":
        return row.sector_group == cluster.sector_group
    if group == "country":
        return row.country == cluster.country
    if group == "size":
        return row.size == size_band(assessment.committed_members)
    return True


def _position(code: str, value: Decimal, peers: list[Decimal], excellent: list[Decimal]):
    peers = sorted(peers)
    return Position(
        code, value, percentile_in_sorted(value, peers), median_of_sorted(peers), median(excellent)
    )


def benchmark(assessment: Assessment, group: str = "all", rows: list[PeerRow] | None = None):
    """The assessment's percentile on total, every area and every indicator within a group."""
    if group not in GROUPS:
        group = "all"
    rows = peer_rows(assessment) if rows is None else rows
    peers = [r for r in rows if _in_group(r, group, assessment)]
    if len(peers) < MIN_PEERS:
        return Benchmark(group, len(peers), False, None, [], [])
    cut = min(top_decile([p.total for p in peers]))
    excellent = [p for p in peers if p.total >= cut]
    # Framework order, not the stored dicts' order (PostgreSQL's jsonb does not keep key order).
    area_order = Area.objects.filter(framework_id=assessment.framework_id).order_by("position")
    indicator_order = Indicator.objects.filter(framework_id=assessment.framework_id).order_by(
        "position"
    )
    own_areas = _in_order(assessment.area_percents, area_order.values_list("code", flat=True))
    own_indicators = _in_order(
        assessment.indicator_percents, indicator_order.values_list("code", flat=True)
    )
    excellent_ids = {id(p) for p in excellent}

    def positions(own: dict[str, Decimal], attr: str) -> list[Position]:
        # One pass over the peers collects every code's values (all, and excellence group).
        values: dict[str, list[Decimal]] = {code: [] for code in own}
        best: dict[str, list[Decimal]] = {code: [] for code in own}
        for p in peers:
            theirs = getattr(p, attr)
            top = id(p) in excellent_ids
            for code, bucket in values.items():
                v = theirs.get(code)
                if v is not None:
                    bucket.append(v)
                    if top:
                        best[code].append(v)
        return [_position(code, value, values[code], best[code]) for code, value in own.items()]

    return Benchmark(
        group=group,
        group_size=len(peers),
        shown=True,
        total=_position(
            "total",
            Decimal(assessment.total_percent),
            [p.total for p in peers],
            [p.total for p in excellent],
        ),
        areas=positions(own_areas, "areas"),
        indicators=positions(own_indicators, "indicators"),
    )
