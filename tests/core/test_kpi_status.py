from datetime import date
from decimal import Decimal

import pytest

from clusterhub.core.kpi_status import KpiStatus
from clusterhub.core.kpi_status import achieved_share
from clusterhub.core.kpi_status import expected_share
from clusterhub.core.kpi_status import kpi_status

START, END = date(2020, 1, 1), date(2020, 12, 31)  # 365 days apart


def test_expected_share_runs_from_zero_to_one_and_is_clamped():
    assert expected_share(start=START, end=END, on=date(2019, 6, 1)) == 0
    assert expected_share(start=START, end=END, on=START) == 0
    assert expected_share(start=START, end=END, on=END) == 1
    assert expected_share(start=START, end=END, on=date(2022, 1, 1)) == 1
    assert expected_share(start=START, end=END, on=date(2020, 7, 1)) == Decimal(182) / 365


def test_expected_share_of_a_one_day_period_is_one():
    assert expected_share(start=START, end=START, on=START) == 1


def test_achieved_share_follows_the_direction_of_the_target():
    up = achieved_share(baseline=Decimal(10), target=Decimal(20), value=Decimal(15))
    down = achieved_share(baseline=Decimal(20), target=Decimal(10), value=Decimal(15))
    assert up == Decimal("0.5")
    assert down == Decimal("0.5")
    assert achieved_share(baseline=Decimal(20), target=Decimal(10), value=Decimal(25)) == -Decimal(
        "0.5"
    )


def test_achieved_share_refuses_a_target_equal_to_the_baseline():
    with pytest.raises(ValueError, match="target equals baseline"):
        achieved_share(baseline=Decimal(5), target=Decimal(5), value=Decimal(5))


def _status(value: str, on: date) -> KpiStatus:
    return kpi_status(
        baseline=Decimal(0), target=Decimal(100), start=START, end=END, latest=(on, Decimal(value))
    )


def test_no_measurement_is_no_data():
    assert (
        kpi_status(baseline=Decimal(0), target=Decimal(1), start=START, end=END, latest=None)
        == KpiStatus.NO_DATA
    )


@pytest.mark.parametrize(
    ("value", "on", "expected"),
    [
        ("50", date(2020, 7, 1), KpiStatus.ON_TRACK),  # 0.50 achieved vs 0.4986 expected
        ("40", date(2020, 7, 1), KpiStatus.AT_RISK),  # 0.10 behind
        ("30", date(2020, 7, 1), KpiStatus.AT_RISK),  # 0.1986 behind: within the margin
        ("29", date(2020, 7, 1), KpiStatus.OFF_TRACK),  # 0.2086 behind
        ("100", date(2020, 3, 1), KpiStatus.ON_TRACK),  # reached early
        ("99", END, KpiStatus.AT_RISK),
        ("0", START, KpiStatus.ON_TRACK),  # nothing expected yet
        ("120", END, KpiStatus.ON_TRACK),  # beyond the target
        ("-10", date(2020, 2, 1), KpiStatus.AT_RISK),  # -0.10 vs 0.0849 expected
    ],
)
def test_status_compares_achieved_with_expected(value, on, expected):
    assert _status(value, on) == expected


def test_lower_is_better_kpis_use_the_same_rule():
    status = kpi_status(
        baseline=Decimal(100),
        target=Decimal(50),
        start=START,
        end=END,
        latest=(END, Decimal(95)),
    )
    assert status == KpiStatus.OFF_TRACK
