"""A B2B slot's time (schedule page and PDF) in the reader's date and time formats, in the
event's zone, never a hard-coded "%Y-%m-%d %H:%M"."""

from datetime import UTC
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from clusterhub.events.reports import local_span

START = datetime(2026, 12, 5, 7, 5, tzinfo=UTC)  # 09:05 in Riga and Tallinn, 08:05 in Umeå
END = datetime(2026, 12, 5, 7, 25, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "zone", "expected"),
    [
        ("en", "Europe/Riga", "5 Dec 2026 09:05–09:25"),
        ("lv", "Europe/Riga", "05.12.2026. 09:05–09:25"),
        ("et", "Europe/Tallinn", "05.12.2026 9:05–9:25"),
        ("sv", "Europe/Stockholm", "2026-12-05 08:05–08:25"),
    ],
)
def test_slot_times_follow_the_language_and_the_events_zone(language, zone, expected):
    with translation.override(language):
        assert local_span(START, END, ZoneInfo(zone)) == expected


def test_a_slot_past_midnight_utc_shows_the_events_day():
    late = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)  # 00:30 on 6 December in Riga
    with translation.override("lv"):
        assert local_span(late, late, ZoneInfo("Europe/Riga")) == "06.12.2026. 00:30–00:30"
