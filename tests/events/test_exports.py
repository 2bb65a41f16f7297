"""Calendars parse back with icalendar; attendee lists and badges carry odd names intact."""

import datetime as dt
import io

import openpyxl
from icalendar import Calendar

from clusterhub.events import calendars
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.models import Question
from clusterhub.events.models import Session
from tests.factories import UserFactory

ODD = 'Ōla "Ġ; ,\\ Ņ’Brien =1+2 ' + "x" * 60


def _parse(data: bytes) -> Calendar:
    assert b"\r\n" in data
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
    return Calendar.from_ical(data)


def test_event_calendar_is_valid_rfc5545(make_event, world):
    event = make_event(title=ODD, description="Line one\nLine two; with, punctuation")
    start = event.starts_at
    session = domain.save_session(
        session=Session(
            event=event,
            title="Opening; keynote",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            room="Hall, 2",
        ),
        speakers=[world.person_a],
    )
    cal = _parse(calendars.event_calendar(event))
    assert str(cal["version"]) == "2.0"
    vevents = cal.walk("VEVENT")
    assert [str(v["summary"]) for v in vevents] == [ODD, f"Opening; keynote ({ODD})"]
    assert str(vevents[0]["description"]) == "Line one\nLine two; with, punctuation"
    assert vevents[0].decoded("dtstart") == event.starts_at
    assert str(vevents[1]["uid"]) == f"session-{session.pk}@clusterhub.events"
    assert "Alda Ozola" in str(vevents[1]["description"])
    assert all("dtstamp" in v for v in vevents)


def test_personal_agenda_and_meetings_calendar(make_event, people):
    event = make_event(b2b_enabled=True, capacity=5)
    start = event.starts_at
    talk = domain.save_session(
        session=Session(
            event=event, title="Talk", starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
    )
    domain.save_session(
        session=Session(
            event=event, title="Other", starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
    )
    odd_user = UserFactory(username="odd", first_name="Zoë", last_name="O’Ñeill; =SUM(A1)")
    a = domain.register(event=event, user=people[0])
    b = domain.register(event=event, user=odd_user)
    domain.set_personal_agenda(registration=a, sessions=[talk])
    slots = domain.add_slots(event=event, starts_at=start, count=2)
    for reg in (a, b):
        domain.opt_in(registration=reg, slots=slots)
    req = domain.send_meeting_request(sender=a, receiver=b, message="Hello")
    domain.answer_meeting_request(request=req, accept=True)
    domain.schedule_meetings(event=event, time_limit=3)
    # Unpublished schedule: only the session.
    assert [str(v["summary"]) for v in _parse(calendars.personal_calendar(a)).walk("VEVENT")] == [
        f"Talk ({event.title})"
    ]
    domain.publish_schedule(event=event)
    summaries = [str(v["summary"]) for v in _parse(calendars.personal_calendar(a)).walk("VEVENT")]
    assert summaries == [f"Talk ({event.title})", "B2B meeting with Zoë O’Ñeill; =SUM(A1)"]
    meetings = _parse(calendars.meetings_calendar(b)).walk("VEVENT")
    assert len(meetings) == 1 and str(meetings[0]["location"]).startswith("Table 1")
    assert reports.schedule_rows(a)[0]["partner"] == "Zoë O’Ñeill; =SUM(A1)"
    pdf = reports.schedule_pdf(a)
    assert pdf.startswith(b"%PDF")


def test_attendee_xlsx_neutralises_formulas_and_keeps_odd_names(make_event, people):
    event = make_event(capacity=1)
    q = domain.save_question(question=Question(event=event, label="Diet"))
    odd = UserFactory(username="odd2", first_name='=HYPERLINK("x")', last_name="Åsa-Ñ")
    domain.register(event=event, user=odd, answers={str(q.pk): "@vegan"})
    domain.register(event=event, user=people[0])
    wb = openpyxl.load_workbook(io.BytesIO(reports.attendees_xlsx(event)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Name", "Email", "Organisation", "Status")
    assert rows[0][-1] == "Diet"
    assert rows[1][0] == '\'=HYPERLINK("x") Åsa-Ñ'
    assert rows[1][3] == "Confirmed" and rows[1][-1] == "'@vegan"
    assert rows[2][3] == "On the waiting list"


def test_attendee_and_badge_pdfs(make_event, people):
    event = make_event()
    domain.register(
        event=event, user=UserFactory(username="odd3", first_name="Jūratė <b>", last_name="Ø&Æ")
    )
    assert reports.attendees_pdf(event).startswith(b"%PDF")
    assert reports.badges_pdf(event).startswith(b"%PDF")


def test_feedback_summary_chart(make_event, people):
    event = make_event(capacity=5)
    later = event.ends_at
    for user, score in zip(people[:3], (5, 5, 3), strict=True):
        reg = domain.register(event=event, user=user)
        domain.submit_feedback(
            registration=reg,
            overall=score,
            content=4,
            organisation=4,
            comment="ok" if score == 3 else "",
            now=later,
        )
    summary = reports.feedback_summary(event)
    overall = summary["ratings"][0]
    assert summary["count"] == 3
    assert round(overall["average"], 2) == 4.33
    assert overall["counts"] == [("5 ★", 2), ("4 ★", 0), ("3 ★", 1), ("2 ★", 0), ("1 ★", 0)]
    assert overall["chart"].startswith("<svg")
    assert summary["comments"] == ["ok"]
