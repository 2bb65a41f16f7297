"""The EU SME definition (Recommendation 2003/361/EC) at every ceiling, and its invariants."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterhub.core.sme import is_sme
from clusterhub.core.sme import size_class
from clusterhub.core.types import SizeClass

MICRO, SMALL, MEDIUM, LARGE = SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE
EUR = Decimal


def classify(headcount, turnover=None, balance_sheet=None):
    return size_class(headcount=headcount, turnover=turnover, balance_sheet=balance_sheet)


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [
        (0, MICRO),
        (9, MICRO),
        (10, SMALL),
        (49, SMALL),
        (50, MEDIUM),
        (249, MEDIUM),
        (250, LARGE),
        (100_000, LARGE),
    ],
)
def test_headcount_ceilings_decide_when_no_financial_figure_is_known(headcount, expected):
    assert classify(headcount) is expected


@pytest.mark.parametrize(
    ("headcount", "expected"),
    [(9, MICRO), (10, SMALL), (49, SMALL), (50, MEDIUM), (249, MEDIUM), (250, LARGE)],
)
def test_headcount_ceilings_with_a_turnover_inside_every_class(headcount, expected):
    assert classify(headcount, turnover=EUR("1000000")) is expected


@pytest.mark.parametrize(
    ("turnover", "expected"),
    [
        (EUR("0"), MICRO),
        (EUR("2000000"), MICRO),
        (EUR("2000000.01"), SMALL),
        (EUR("10000000"), SMALL),
        (EUR("10000000.01"), MEDIUM),
        (EUR("50000000"), MEDIUM),
        (EUR("50000000.01"), LARGE),
    ],
)
def test_turnover_limits_are_inclusive(turnover, expected):
    assert classify(5, turnover=turnover) is expected


@pytest.mark.parametrize(
    ("balance_sheet", "expected"),
    [
        (EUR("2000000"), MICRO),
        (EUR("2000000.01"), SMALL),
        (EUR("10000000"), SMALL),
        (EUR("10000000.01"), MEDIUM),
        (EUR("43000000"), MEDIUM),
        (EUR("43000000.01"), LARGE),
    ],
)
def test_balance_sheet_limits_are_inclusive_and_medium_stops_at_43_million(balance_sheet, expected):
    assert classify(5, balance_sheet=balance_sheet) is expected


def test_either_financial_figure_within_the_limit_is_enough():
    # Turnover is small-sized, balance sheet is micro-sized: micro wins.
    assert classify(9, turnover=EUR("2000000.01"), balance_sheet=EUR("2000000")) is MICRO
    # Turnover above the medium limit, balance sheet exactly at it: still medium.
    assert classify(249, turnover=EUR("60000000"), balance_sheet=EUR("43000000")) is MEDIUM


def test_both_financial_figures_above_the_medium_limits_make_a_small_team_large():
    assert classify(5, turnover=EUR("50000000.01"), balance_sheet=EUR("43000000.01")) is LARGE


def test_a_known_figure_above_the_limit_and_an_unknown_one_is_not_within_the_limit():
    assert classify(5, turnover=EUR("2000000.01"), balance_sheet=None) is SMALL
    assert classify(5, turnover=None, balance_sheet=EUR("3000000")) is SMALL


def test_headcount_is_a_hard_ceiling_whatever_the_finances():
    assert classify(10, turnover=EUR("1"), balance_sheet=EUR("1")) is SMALL
    assert classify(250, turnover=EUR("1"), balance_sheet=EUR("1")) is LARGE


def test_negative_headcount_is_refused():
    with pytest.raises(ValueError, match="headcount must not be negative"):
        classify(-1)


@pytest.mark.parametrize(
    ("cls", "expected"), [(MICRO, True), (SMALL, True), (MEDIUM, True), (LARGE, False)]
)
def test_is_sme(cls, expected):
    assert is_sme(cls) is expected


ORDER = [MICRO, SMALL, MEDIUM, LARGE]
money = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=EUR("100000000"), places=2, allow_nan=False),
)


@given(
    headcount=st.integers(min_value=0, max_value=1000),
    extra=st.integers(min_value=0, max_value=1000),
    turnover=money,
    balance_sheet=money,
)
def test_more_staff_never_makes_an_enterprise_smaller(headcount, extra, turnover, balance_sheet):
    before = classify(headcount, turnover, balance_sheet)
    after = classify(headcount + extra, turnover, balance_sheet)
    assert ORDER.index(after) >= ORDER.index(before)


@given(
    headcount=st.integers(min_value=0, max_value=1000),
    turnover=money,
    balance_sheet=money,
)
def test_sme_status_matches_the_medium_ceilings(headcount, turnover, balance_sheet):
    unknown = turnover is None and balance_sheet is None
    within = (turnover is not None and turnover <= EUR("50000000")) or (
        balance_sheet is not None and balance_sheet <= EUR("43000000")
    )
    expected = headcount < 250 and (unknown or within)
    assert is_sme(classify(headcount, turnover, balance_sheet)) is expected
