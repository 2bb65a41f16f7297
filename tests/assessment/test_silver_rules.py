"""Silver readiness: an earlier assessment that earned a Bronze label, 18 to 24 calendar months
before (the platform's one month rule, clusterhub.core.months)."""

from datetime import date
from datetime import datetime
from datetime import time

import pytest
from django.utils import timezone

from clusterhub.assessment import domain
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from tests.assessment.conftest import fill


def _submitted(world, framework, on: date):
    assessment = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(on.year - 1, on.month, 1),
        period_end=on,
        user=world["manager_a"],
    )
    fill(assessment)
    at = timezone.make_aware(datetime.combine(on, time(12, 0)))
    return domain.submit_assessment(assessment=assessment, on=at)


def _previous_gap(assessment) -> bool:
    silver = readiness(evaluate(assessment))["silver"]
    return any(g.kind == "previous" for g in silver.gaps)


def test_an_earlier_assessment_without_a_bronze_label_does_not_count(world, framework):
    earlier = _submitted(world, framework, date(2024, 6, 15))
    later = _submitted(world, framework, date(2026, 2, 15))
    assert _previous_gap(later) is True
    domain.award_label(assessment=earlier, level="bronze", awarded_on=date(2024, 7, 1), check=False)
    assert _previous_gap(later) is False


def test_a_silver_or_gold_label_alone_is_not_the_bronze_it_needs(world, framework):
    earlier = _submitted(world, framework, date(2024, 6, 15))
    later = _submitted(world, framework, date(2026, 2, 15))
    domain.award_label(assessment=earlier, level="gold", awarded_on=date(2024, 7, 1), check=False)
    assert _previous_gap(later) is True


@pytest.mark.parametrize(
    ("bronze_on", "second_on", "in_window"),
    [
        (date(2020, 8, 31), date(2022, 2, 28), True),  # 18 months by the platform's rule
        (date(2020, 8, 31), date(2022, 2, 27), False),
        (date(2020, 8, 31), date(2022, 8, 31), True),  # 24 months
        (date(2020, 8, 31), date(2022, 9, 1), False),
        (date(2020, 7, 16), date(2022, 8, 15), False),  # 24 whole months and 30 days
    ],
)
def test_silver_window_uses_the_calendar_rule(world, framework, bronze_on, second_on, in_window):
    earlier = _submitted(world, framework, bronze_on)
    domain.award_label(assessment=earlier, level="bronze", awarded_on=bronze_on, check=False)
    later = _submitted(world, framework, second_on)
    assert _previous_gap(later) is not in_window
