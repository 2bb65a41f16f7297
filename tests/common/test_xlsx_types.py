"""The XLSX writer types its cells: numbers, dates and shares are values with a number format
that Excel shows in its reader's locale, not text (issue 14, point 5); text stays neutralised."""

import csv
import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from clusterhub.common.spreadsheets import Percent
from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx

UTC = dt.UTC


def _cells(data: bytes):
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))[0]


def test_every_kind_of_value_gets_its_cell_type_and_format(settings):
    settings.TIME_ZONE = "Europe/Riga"
    row = [
        Decimal("1264.20"),
        Decimal("3.5"),
        Decimal("12"),
        2.25,
        2026,
        Percent(Decimal("12.5")),
        dt.date(2026, 12, 5),
        dt.datetime(2026, 12, 5, 8, 30, tzinfo=UTC),  # 10:30 in Riga (UTC+2 in December)
        dt.datetime(2026, 12, 5, 9, 15),  # already local and naive: kept
        dt.time(14, 5),
        "=SUM(A1:A9)",
        True,
        None,
        Percent(None),
    ]
    cells = _cells(write_xlsx([f"c{i}" for i in range(len(row))], [row], title="T"))
    got = [(c.value, c.data_type, c.number_format) for c in cells]
    assert got == [
        (1264.2, "n", "#,##0.00"),
        (3.5, "n", "#,##0.0"),
        (12, "n", "#,##0"),
        (2.25, "n", "#,##0.00"),
        (2026, "n", "General"),
        (0.125, "n", "0.0%"),
        (dt.datetime(2026, 12, 5, 0, 0), "d", "yyyy-mm-dd"),
        (dt.datetime(2026, 12, 5, 10, 30), "d", "yyyy-mm-dd hh:mm"),
        (dt.datetime(2026, 12, 5, 9, 15), "d", "yyyy-mm-dd hh:mm"),
        (dt.time(14, 5), "d", "hh:mm"),
        ("'=SUM(A1:A9)", "s", "General"),
        (True, "b", "General"),
        (None, "inlineStr", "General"),  # None is written as an empty text, as before
        (None, "n", "General"),
    ]


def test_an_aware_time_in_another_zone_is_written_in_the_sites_local_time(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    tallinn = dt.datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("Europe/Tallinn"))
    assert _cells(write_xlsx(["t"], [[tallinn]], title="T"))[0].value == dt.datetime(
        2026, 6, 1, 11, 0
    )


def test_a_share_keeps_its_decimals_when_asked():
    cell = _cells(write_xlsx(["r"], [[Percent(Decimal("94.9998"), decimals=4)]], title="T"))[0]
    assert (cell.value, cell.number_format) == (0.949998, "0.0000%")


def test_csv_stays_machine_readable(settings):
    settings.TIME_ZONE = "Europe/Riga"
    row = [
        Decimal("1264.20"),
        Percent(Decimal("12.5")),
        dt.date(2026, 12, 5),
        dt.datetime(2026, 12, 5, 8, 30, tzinfo=UTC),
        dt.time(14, 5),
        "=1+1",
    ]
    text = write_csv(["a", "b", "c", "d", "e", "f"], [row]).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == [
        "1264.20",
        "12.5",
        "2026-12-05",
        "2026-12-05 10:30",
        "14:05",
        "'=1+1",
    ]
