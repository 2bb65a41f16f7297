"""The platform's one calendar rule for months, used by labels, grants and the demo alike.

`n` months after a day is the same day `n` months later, clamped to the month's end
(31 Aug + 18 months = 28 Feb; 29 Feb 2020 + 24 months = 28 Feb 2022). Whole months between two
days, and "between 18 and 24 months after", are defined by that same rule, so that no place
counts a month that another place does not.
"""

from calendar import monthrange
from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier when negative), clamped to the month's end."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later`: the largest n with add_months(earlier, n) <= later."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    # add_months(earlier, months) falls in later's month; one month less when it is past later.
    if add_months(earlier, months) > later:
        months -= 1
    return months


def within_months(first: date, second: date, *, at_least: int, at_most: int) -> bool:
    """Whether `second` is `at_least` to `at_most` months after `first`, both ends included."""
    return add_months(first, at_least) <= second <= add_months(first, at_most)
