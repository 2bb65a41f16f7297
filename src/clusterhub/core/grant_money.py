"""Money and calendar arithmetic of a funded project, in pure Python.

Every amount is a Decimal rounded to the cent with ROUND_HALF_UP, explicitly, at the one place
where a rounding happens: an EU share, an indirect cost at a flat rate, a conversion from another
currency. Sums of rounded amounts are exact, so reports balance to the cent.
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from enum import StrEnum

from clusterhub.core.months import add_months
from clusterhub.core.months import months_between

CENT = Decimal("0.01")
HUNDRED = Decimal(100)

# Budget line use that warns, and use that needs an explicit confirmation (docs/grants.md).
WARN_AT = Decimal("0.90")
CONFIRM_ABOVE = Decimal("1.00")


def cents(value: Decimal) -> Decimal:
    """A value rounded to the cent, half away from zero (the rule of EU grant reporting)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def funding_rate_percent(*, grant: Decimal, total: Decimal) -> Decimal:
    """The EU share of the eligible budget in per cent, to four decimals (94.9998 for the demo)."""
    if total <= 0:
        return Decimal(0)
    return (grant * HUNDRED / total).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def eu_share(amount: Decimal, *, grant: Decimal, total: Decimal) -> Decimal:
    """The EU share of one cost: amount x grant / total budget, rounded to the cent once.

    The unrounded ratio is used, so that the whole budget's EU share is exactly the grant.
    """
    if total <= 0:
        return Decimal("0.00")
    return cents(amount * grant / total)


def eu_share_within_grant(
    share: Decimal, *, grant: Decimal, already: Decimal = Decimal("0.00")
) -> Decimal:
    """The part of an EU share of costs that the grant pays: never more than what is left of the
    grant after the `already` paid share of earlier costs. Costs above the budget (a confirmed
    overrun) would otherwise take the EU share past the grant; the rest is own funding."""
    return max(Decimal("0.00"), min(share, grant - already))


def flat_rate(direct: Decimal, *, rate_percent: Decimal) -> Decimal:
    """Indirect costs at a flat rate of the direct costs, rounded to the cent."""
    return cents(direct * rate_percent / HUNDRED)


def to_eur(amount: Decimal, *, units_per_eur: Decimal) -> Decimal:
    """An amount in another currency converted to EUR at a rate in units per EUR (InforEuro)."""
    if units_per_eur <= 0:
        raise ValueError("units_per_eur must be positive")
    return cents(amount / units_per_eur)


class LineState(StrEnum):
    """How much of a budget line an amount uses."""

    OK = "ok"
    WARN = "warn"  # above 90 %
    OVER = "over"  # above 100 %: needs an explicit confirmation


def line_state(*, spent: Decimal, planned: Decimal) -> LineState:
    if spent > planned * CONFIRM_ABOVE:
        return LineState.OVER
    if spent > planned * WARN_AT:
        return LineState.WARN
    return LineState.OK


def use_percent(*, spent: Decimal, planned: Decimal) -> Decimal | None:
    """Spent as a share of planned in per cent to one decimal; None for an empty line."""
    if planned <= 0:
        return None
    return (spent * HUNDRED / planned).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def project_end(start: date, duration_months: int) -> date:
    """The last day of a project that starts on `start` and runs `duration_months` months."""
    after = add_months(start, duration_months)
    return date.fromordinal(after.toordinal() - 1)


def month_number(start: date, day: date) -> int:
    """The project month a day falls in, month 1 starting on the start date (the months are those
    of clusterhub.core.months, so month n ends on month_end(start, n))."""
    return months_between(start, day) + 1


def month_end(start: date, month: int) -> date:
    """The last day of project month `month` (month 1 is the first)."""
    return project_end(start, month)


@dataclass(frozen=True)
class Split:
    """A plan of direct costs whose total with flat-rate indirect costs hits a target exactly."""

    direct: Decimal
    indirect: Decimal


def direct_for_total(total: Decimal, *, rate_percent: Decimal) -> Split | None:
    """The direct costs d with d + flat_rate(d) == total, or None when no cent value hits it.

    Used to plan a budget from agreed partner shares (the demo does it); at rates above 0 %
    every cent of direct costs adds a little more than a cent, so a few totals are unreachable.
    """
    guess = cents(total * HUNDRED / (HUNDRED + rate_percent))
    for step in (0, -1, 1, -2, 2):
        direct = guess + CENT * step
        indirect = flat_rate(direct, rate_percent=rate_percent)
        if direct + indirect == total:
            return Split(direct=direct, indirect=indirect)
    return None
