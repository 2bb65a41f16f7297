"""Writing tables as CSV and XLSX, the same way for every export (reading: spreadsheets.py).

Every XLSX goes through write_xlsx_sheets, which also drops the control characters XML cannot
hold. Writing neutralises formula injection: a text cell that a spreadsheet would evaluate
(starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe, which
reading removes again (spreadsheets.unescape_cell), so that an exported file imports back
unchanged.
"""

import csv
import io
import re
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from datetime import time
from decimal import Decimal

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from clusterhub.common.xlsx_types import Percent
from clusterhub.common.xlsx_types import typed_value

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value as it may go into a spreadsheet cell without being run as a formula."""
    if value is None:
        return ""
    if isinstance(value, Decimal | int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def _csv_value(value: object) -> object:
    """CSV is a machine format: dates stay ISO, times local and to the minute, never localised."""
    if isinstance(value, Percent):
        return "" if value.value is None else value.value
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date | time):
        return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()
    return safe_cell(value)


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV with a UTF-8 BOM, so that Excel opens non-ASCII names correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_cell(value: object) -> object:
    """A value as it may go into an XLSX cell: without the control characters XML refuses.

    Such characters (a vertical tab pasted from Word, say) may be stored from before input was
    cleaned; openpyxl raises on them, which would break the whole export. Removing them comes
    before safe_cell, so that a text which then starts with "=" is still neutralised.
    """
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def _typed_cell(ws, value: object) -> WriteOnlyCell:
    """A cell holding a real number, date or share with its number format; text neutralised."""
    typed = typed_value(value)
    if typed is None:
        return WriteOnlyCell(ws, value=xlsx_cell(value))
    cell = WriteOnlyCell(ws, value=typed[0])
    if typed[1]:
        cell.number_format = typed[1]
    return cell


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: a bold header row, then the rows; widths of columns A, B, ..."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str) -> bytes:
    """A workbook of one sheet; see write_xlsx_sheets."""
    return write_xlsx_sheets([Sheet(title=title, headers=headers, rows=rows)])


def write_xlsx_sheets(sheets: Iterable[Sheet]) -> bytes:
    """The one XLSX writer every export uses: numbers, dates and Percent shares become typed
    cells with a number format; every other cell goes through xlsx_cell."""
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(title=_sheet_title(sheet.title))
        for i, width in enumerate(sheet.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        header = []
        for name in sheet.headers:
            cell = WriteOnlyCell(ws, value=xlsx_cell(name))
            cell.font = bold
            header.append(cell)
        ws.append(header)
        for row in sheet.rows:
            ws.append([_typed_cell(ws, v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """A title Excel accepts: no control or []:*?/\\ characters, at most 31 of them."""
    cleaned = re.sub(r"[\\/*?:\[\]]", "", ILLEGAL_CHARACTERS_RE.sub("", str(title)))[:31]
    return cleaned.strip() or "Sheet"
