"""iCal files: times in UTC whatever the event's zone, and a personal calendar in its holder's
language rather than the language of the page that triggered it (issue 14, point 5)."""

from django.utils import translation
from icalendar import Calendar

from clusterhub.events import calendars
from tests.events.test_calendar_hostile import hostile_event  # noqa: F401 (a fixture)


def _tagging_gettext(monkeypatch):
    """Mark every calendar word with the language active when it was translated."""
    monkeypatch.setattr(calendars, "_", lambda text: f"[{translation.get_language()}] {text}")


def test_times_are_utc_and_machine_readable(hostile_event):  # noqa: F811
    event, registration = hostile_event
    with translation.override("lv"):
        cal = Calendar.from_ical(calendars.personal_calendar(registration))
    starts = [c.get("dtstart") for c in cal.walk("VEVENT")]
    assert len(starts) == 2
    assert all(s.dt.utcoffset().total_seconds() == 0 for s in starts)
    raw = calendars.event_calendar(event).decode()
    assert "DTSTART:" in raw and raw.split("DTSTART:")[1].split("\r\n")[0].endswith("Z")


def test_a_personal_calendar_is_in_the_holders_language(hostile_event, monkeypatch):  # noqa: F811
    _event, registration = hostile_event
    registration.user.language = "sv"
    registration.user.save(update_fields=["language"])
    _tagging_gettext(monkeypatch)
    with translation.override("lv"):
        raw = calendars.meetings_calendar(registration).decode()
        assert translation.get_language() == "lv"  # the caller's language is restored
    assert "SUMMARY:[sv] B2B meeting with" in raw
    assert "[lv]" not in raw


def test_without_a_chosen_language_the_active_one_is_used(hostile_event, monkeypatch):  # noqa: F811
    _event, registration = hostile_event
    registration.user.language = ""
    registration.user.save(update_fields=["language"])
    _tagging_gettext(monkeypatch)
    with translation.override("et"):
        raw = calendars.personal_calendar(registration).decode()
    assert "SUMMARY:[et] B2B meeting with" in raw
    assert "X-WR-CALNAME:[et] My agenda" in raw
