"""Label expiry reminders use the platform's month rule: within 6 calendar months ahead."""

from datetime import date

import pytest
from django.utils import timezone

from clusterhub.assessment import domain
from clusterhub.assessment.models import LabelAward
from clusterhub.assessment.queries import reminders_for


@pytest.mark.parametrize(
    ("valid_until", "reminded"),
    [
        (date(2026, 2, 28), True),  # 31 Aug + 6 months, clamped: the last day of the window
        (date(2026, 3, 1), False),
        (date(2024, 8, 31), True),  # expired 12 months ago
        (date(2024, 8, 30), False),
    ],
)
def test_reminder_window_in_calendar_months(submitted, world, monkeypatch, valid_until, reminded):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2025, 8, 31))
    award = domain.award_label(
        assessment=submitted, level="bronze", awarded_on=date(2023, 1, 1), check=False
    )
    LabelAward.objects.filter(pk=award.pk).update(valid_until=valid_until)
    assert bool(reminders_for(world["admin"])) is reminded
