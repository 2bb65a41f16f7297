"""Whether a KPI is on track: its latest measurement against a straight path to its target.

The rule (docs/strategy.md says the same in words):

- expected share = the part of the strategy period that has passed on the measurement's date
  (0 at the start, 1 at the end, clamped to that range);
- achieved share = how far the value has moved from the baseline towards the target,
  (value - baseline) / (target - baseline); the sign of target - baseline carries the direction,
  so "lower is better" KPIs need no special case;
- on track: the target is reached, or achieved >= expected;
- at risk: achieved is behind expected by at most AT_RISK_MARGIN (20 percentage points);
- off track: further behind;
- no data: no measurement yet.
"""

from datetime import date
from decimal import Decimal
from enum import StrEnum

AT_RISK_MARGIN = Decimal("0.20")


class KpiStatus(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


def expected_share(*, start: date, end: date, on: date) -> Decimal:
    """The part of the period [start, end] that has passed on `on`, between 0 and 1."""
    if end <= start:
        return Decimal(1)
    share = Decimal((on - start).days) / Decimal((end - start).days)
    return min(max(share, Decimal(0)), Decimal(1))


def achieved_share(*, baseline: Decimal, target: Decimal, value: Decimal) -> Decimal:
    """How far `value` has moved from baseline towards target (1 = reached; may exceed 1)."""
    if target == baseline:
        raise ValueError("target equals baseline: there is no distance to cover")
    return (value - baseline) / (target - baseline)


def kpi_status(
    *,
    baseline: Decimal,
    target: Decimal,
    start: date,
    end: date,
    latest: tuple[date, Decimal] | None,
) -> KpiStatus:
    """The status of a KPI given its latest (date, value) measurement, or None."""
    if latest is None:
        return KpiStatus.NO_DATA
    on, value = latest
    achieved = achieved_share(baseline=baseline, target=target, value=value)
    expected = expected_share(start=start, end=end, on=on)
    if achieved >= 1 or achieved >= expected:
        return KpiStatus.ON_TRACK
    if achieved >= expected - AT_RISK_MARGIN:
        return KpiStatus.AT_RISK
    return KpiStatus.OFF_TRACK
