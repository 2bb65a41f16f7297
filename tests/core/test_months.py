"""The one calendar rule of the platform: n months after a day is the same day n months later,
clamped to the month's end; "between 18 and 24 months after" means
add_months(first, 18) <= second <= add_months(first, 24)."""

from datetime import date
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterhub.core import grant_money
from clusterhub.core import scoring
from clusterhub.core.months import add_months
from clusterhub.core.months import months_between
from clusterhub.core.months import within_months

DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2020, 8, 31), 18, date(2022, 2, 28)),
        (date(2020, 8, 31), 24, date(2022, 8, 31)),
        (date(2020, 2, 29), 24, date(2022, 2, 28)),
        (date(2020, 2, 29), 48, date(2024, 2, 29)),
        (date(2020, 2, 29), 12, date(2021, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 15), 24, date(2026, 5, 15)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2025, 1, 1), -1, date(2024, 12, 1)),
    ],
)
def test_add_months_clamps_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (date(2020, 8, 31), date(2022, 2, 27), 17),
        (date(2020, 8, 31), date(2022, 2, 28), 18),
        (date(2020, 2, 29), date(2022, 2, 27), 23),
        (date(2020, 2, 29), date(2022, 2, 28), 24),
        (date(2020, 2, 29), date(2024, 2, 28), 47),
        (date(2020, 2, 29), date(2024, 2, 29), 48),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 1, 15), date(2024, 2, 14), 0),
        (date(2024, 1, 15), date(2024, 2, 15), 1),
        (date(2024, 1, 15), date(2024, 1, 15), 0),
        (date(2023, 12, 1), date(2025, 6, 1), 18),
    ],
)
def test_months_between_counts_whole_months_by_the_same_rule(earlier, later, months):
    assert months_between(earlier, later) == months


@pytest.mark.parametrize(
    ("first", "second", "inside"),
    [
        # The case of the issue: the platform calls this 18 months, so it is in the window.
        (date(2020, 8, 31), date(2022, 2, 28), True),
        (date(2020, 8, 31), date(2022, 2, 27), False),
        (date(2020, 8, 31), date(2022, 8, 31), True),
        (date(2020, 8, 31), date(2022, 9, 1), False),
        # Mid-month: one day before and after each boundary.
        (date(2024, 12, 15), date(2026, 6, 14), False),
        (date(2024, 12, 15), date(2026, 6, 15), True),
        (date(2024, 6, 15), date(2026, 6, 15), True),
        (date(2024, 6, 15), date(2026, 6, 16), False),
        # 24 whole months and 30 days is past 24 months.
        (date(2024, 5, 16), date(2026, 6, 15), False),
        # Leap days.
        (date(2020, 2, 29), date(2021, 8, 28), False),
        (date(2020, 2, 29), date(2021, 8, 29), True),
        (date(2020, 2, 29), date(2022, 2, 28), True),
        (date(2020, 2, 29), date(2022, 3, 1), False),
        (date(2022, 8, 29), date(2024, 2, 29), True),
        (date(2022, 2, 28), date(2024, 2, 28), True),
        (date(2022, 2, 28), date(2024, 2, 29), False),
    ],
)
def test_within_18_to_24_months(first, second, inside):
    assert within_months(first, second, at_least=18, at_most=24) is inside


@given(st.dates(date(1990, 1, 1), date(2100, 1, 1)), st.integers(0, 600))
def test_months_between_and_add_months_agree(day, months):
    later = add_months(day, months)
    assert months_between(day, later) == months
    if months:
        assert months_between(day, later - DAY) == months - 1


@given(st.dates(date(1990, 1, 1), date(2100, 1, 1)), st.dates(date(1990, 1, 1), date(2100, 1, 1)))
def test_months_between_is_the_largest_n_reached(earlier, later):
    n = months_between(earlier, later)
    assert add_months(earlier, n) <= later < add_months(earlier, n + 1)


def test_scoring_and_grants_use_the_same_rule():
    assert scoring.add_months is add_months
    assert grant_money.add_months is add_months
    start = date(2020, 8, 31)
    # Project month 2 starts the day after month 1 ends, by the same calendar.
    assert grant_money.month_end(start, 1) == date(2020, 9, 29)
    assert grant_money.month_number(start, date(2020, 9, 29)) == 1
    assert grant_money.month_number(start, date(2020, 9, 30)) == 2
    assert grant_money.month_number(start, date(2022, 2, 28)) == 19
