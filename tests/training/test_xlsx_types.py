"""Training exports write session times as real local datetimes (issue 14, point 5)."""

import datetime as dt
import io

from openpyxl import load_workbook

from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx
from clusterhub.training.exports import table_rows
from clusterhub.training.models import Enrolment


def test_session_times_are_local_datetimes_in_xlsx_and_iso_text_in_csv(tw, settings):
    settings.TIME_ZONE = "Europe/Riga"
    headers, rows = table_rows(
        "sessions", tw.tp, Enrolment.objects.filter(training_programme=tw.tp)
    )
    rows = list(rows)
    starts = headers.index("Starts")
    ws = load_workbook(io.BytesIO(write_xlsx(headers, rows, title="sessions"))).active
    first = ws.cell(row=2, column=starts + 1)
    # Stored as 07:00 UTC, shown as 10:00 in Riga (UTC+3 in May), without a zone.
    assert first.value == dt.datetime(2016, 5, 10, 10, 0)
    assert first.is_date and first.number_format == "yyyy-mm-dd hh:mm"
    text = write_csv(headers, rows).decode("utf-8-sig")
    assert "2016-05-10 10:00" in text
