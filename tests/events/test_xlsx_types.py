"""The attendee workbook holds real datetimes in the event's own zone (issue 14, point 5)."""

import datetime as dt
import io

import openpyxl

from clusterhub.events import domain
from clusterhub.events import reports


def test_registration_and_check_in_are_datetimes_in_the_events_zone(make_event, people):
    event = make_event(capacity=5, timezone="Europe/Stockholm")
    reg = domain.register(event=event, user=people[0])
    ws = openpyxl.load_workbook(io.BytesIO(reports.attendees_xlsx(event))).active
    header = [c.value for c in ws[1]]
    registered = ws.cell(row=2, column=header.index("Registered") + 1)
    checked_in = ws.cell(row=2, column=header.index("Checked in") + 1)
    expected = reg.created_at.astimezone(event.tz).replace(tzinfo=None)
    assert registered.is_date and registered.number_format == "yyyy-mm-dd hh:mm"
    assert abs(registered.value - expected) < dt.timedelta(milliseconds=2)
    assert checked_in.value is None  # not checked in: an empty cell, not "None"
