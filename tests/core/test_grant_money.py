from datetime import date
from decimal import Decimal

import pytest

from clusterhub.core import grant_money as gm

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.005", "0.01"),
        ("2.675", "2.68"),
        ("2.665", "2.67"),
        ("-0.005", "-0.01"),
        ("1.004", "1.00"),
    ],
)
def test_cents_round_half_up(value, expected):
    assert gm.cents(D(value)) == D(expected)


def test_funding_rate_of_the_demo_grant():
    assert gm.funding_rate_percent(grant=D("236944.25"), total=D("249415.52")) == D("94.9998")
    assert gm.funding_rate_percent(grant=D("1"), total=D("0")) == D("0")


def test_eu_share_of_the_whole_budget_is_the_grant():
    assert gm.eu_share(D("249415.52"), grant=D("236944.25"), total=D("249415.52")) == D("236944.25")
    assert gm.eu_share(D("1000.00"), grant=D("236944.25"), total=D("249415.52")) == D("950.00")
    assert gm.eu_share(D("0.01"), grant=D("95"), total=D("100")) == D("0.01")
    assert gm.eu_share(D("5"), grant=D("1"), total=D("0")) == D("0.00")


def test_flat_rate_and_conversion():
    assert gm.flat_rate(D("100.07"), rate_percent=D("7")) == D("7.00")  # 7.0049
    assert gm.flat_rate(D("100.08"), rate_percent=D("7")) == D("7.01")  # 7.0056
    assert gm.to_eur(D("1000.00"), units_per_eur=D("9.3512")) == D("106.94")
    with pytest.raises(ValueError):
        gm.to_eur(D("1"), units_per_eur=D("0"))


def test_line_state_thresholds():
    plan = D("1000.00")
    assert gm.line_state(spent=D("900.00"), planned=plan) == gm.LineState.OK
    assert gm.line_state(spent=D("900.01"), planned=plan) == gm.LineState.WARN
    assert gm.line_state(spent=D("1000.00"), planned=plan) == gm.LineState.WARN
    assert gm.line_state(spent=D("1000.01"), planned=plan) == gm.LineState.OVER
    assert gm.line_state(spent=D("0.01"), planned=D("0")) == gm.LineState.OVER
    assert gm.use_percent(spent=D("2"), planned=D("3")) == D("66.7")
    assert gm.use_percent(spent=D("2"), planned=D("0")) is None


def test_project_calendar():
    start = date(2016, 1, 1)
    assert gm.project_end(start, 18) == date(2017, 6, 30)
    assert gm.month_number(start, date(2016, 1, 31)) == 1
    assert gm.month_number(start, date(2017, 6, 30)) == 18
    assert gm.month_end(start, 2) == date(2016, 2, 29)
    assert gm.add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)
    mid = date(2016, 1, 15)
    assert gm.month_number(mid, date(2016, 2, 14)) == 1
    assert gm.month_number(mid, date(2016, 2, 15)) == 2
    assert gm.project_end(mid, 1) == date(2016, 2, 14)


def test_direct_for_total_hits_the_total_or_says_none():
    split = gm.direct_for_total(D("60000.00"), rate_percent=D("7"))
    assert split == gm.Split(direct=D("56074.77"), indirect=D("3925.23"))
    assert split.direct + split.indirect == D("60000.00")
    misses = [
        t
        for t in (D("100.00") + D("0.01") * i for i in range(200))
        if gm.direct_for_total(t, rate_percent=D("7")) is None
    ]
    for total in misses:
        assert all(
            d + gm.flat_rate(d, rate_percent=D("7")) != total
            for d in (D("93.00") + D("0.01") * i for i in range(300))
        )
    assert gm.direct_for_total(D("250.00"), rate_percent=D("0")) == gm.Split(D("250.00"), D("0.00"))
