"""Membership statistics: retention rate and leaving reasons per year.

Retention in a year: of the organisations that were members on its first day, the share still
members on its last day (or today, for the current year), in percent. An organisation counts
once per cluster, whatever periods it has. Leaving reasons: the memberships that ended in the
year, by the reason recorded when the member left ("not recorded" when none was).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.db.models import Count
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.membership.enums import LeavingReason
from clusterhub.membership.fees import add_years
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership


def _members_on(clusters: Sequence[Cluster], day: date) -> set[tuple[int, int]]:
    """(cluster, organisation) pairs that are members on the day."""
    return set(
        Membership.objects.filter(
            Q(until__isnull=True) | Q(until__gte=day), cluster__in=clusters, since__lte=day
        ).values_list("cluster_id", "organisation_id")
    )


def retention_rate(clusters: Sequence[Cluster], start: date, end: date) -> Decimal | None:
    """Percent of the members on `start` still members on `end`, one decimal; None when there
    were no members on `start`."""
    before = _members_on(clusters, start)
    if not before:
        return None
    kept = before & _members_on(clusters, end)
    return (Decimal(100) * len(kept) / len(before)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def retention_over_year_to(clusters: Sequence[Cluster], on: date) -> Decimal | None:
    """The KPI: retention over the year that ends on `on`."""
    return retention_rate(clusters, add_years(on, -1), on)


@dataclass(frozen=True)
class YearFigures:
    year: int
    members_at_start: int
    retention: Decimal | None
    left: int
    reasons: list[tuple[str, int]]


def yearly_figures(
    cluster: Cluster, years: int = 5, today: date | None = None
) -> list[YearFigures]:
    """The last `years` years, newest first."""
    today = today or timezone.localdate()
    labels = dict(LeavingReason.choices)
    rows = []
    for year in range(today.year, today.year - years, -1):
        start, end = date(year, 1, 1), min(date(year, 12, 31), today)
        ended = Membership.objects.filter(cluster=cluster, until__gte=start, until__lte=end)
        counts = ended.values("terms__leaving_reason").annotate(n=Count("pk")).order_by()
        # Most frequent first; "not recorded" after the recorded reasons of the same count.
        reasons = sorted(
            (
                (str(labels.get(row["terms__leaving_reason"] or "", _("not recorded"))), row["n"])
                for row in counts
            ),
            key=lambda item: (-item[1], item[0] == _("not recorded"), item[0]),
        )
        rows.append(
            YearFigures(
                year=year,
                members_at_start=len(_members_on([cluster], start)),
                retention=retention_rate([cluster], start, end),
                left=sum(n for _label, n in reasons),
                reasons=reasons,
            )
        )
    return rows
