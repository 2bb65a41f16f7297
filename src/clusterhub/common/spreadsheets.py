"""Reading and writing tables as CSV and XLSX, the same way for every import and export.

Reading accepts UTF-8 with or without a BOM and `;` or `,` separators, and matches columns by
header name. Writing neutralises formula injection: a text cell that a spreadsheet would evaluate
(starting with = + - @, or a tab or carriage return) is prefixed with an apostrophe. Reading
removes that apostrophe again, so that an exported file imports back unchanged.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class TableError(ValueError):
    """The file as a whole can't be read as a table (not a row-level problem)."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[dict[str, str]]  # keyed by normalised header; values stripped strings
    first_data_row: int = 2  # the spreadsheet row number of rows[0], for messages
    # The spreadsheet row number of each row (blank rows are skipped, so numbers may jump).
    row_numbers: tuple[int, ...] = ()

    def numbered_rows(self) -> list[tuple[int, dict[str, str]]]:
        """(spreadsheet row number, row) pairs; the header is row 1 unless blank rows precede it."""
        numbers = self.row_numbers or range(
            self.first_data_row, self.first_data_row + len(self.rows)
        )
        return list(zip(numbers, self.rows, strict=True))


def normalise_header(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").replace("/", " ").split())


def check_size(size: int, *, max_bytes: int) -> None:
    """Refuse a file larger than max_bytes (call it before reading an upload into memory)."""
    if size > max_bytes:
        raise TableError(
            _("The file is %(size)s bytes; the largest accepted is %(max)s bytes.")
            % {"size": size, "max": max_bytes}
        )


def read_table(data: bytes, filename: str, *, max_bytes: int) -> Table:
    """Read a CSV or XLSX file into rows keyed by normalised header names."""
    check_size(len(data), max_bytes=max_bytes)
    if not data.strip():
        raise TableError(_("The file is empty."))
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _read_xlsx(data)
    if name.endswith((".csv", ".txt")):
        return _read_csv(data)
    raise TableError(_("Unsupported file type: use a .csv or .xlsx file."))


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(
            _("The file is not UTF-8 text (byte %(pos)s). Save it as CSV UTF-8 and try again.")
            % {"pos": exc.start}
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        raise TableError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return _to_table(records)


def _read_xlsx(data: bytes) -> Table:
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    ws = wb.worksheets[0]
    records = [
        ["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)
    ]
    wb.close()
    return _to_table(records)


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()  # type: ignore[union-attr]
    return str(value)


def _to_table(records: list[list[str]]) -> Table:
    # Number records as a spreadsheet does (1-based, blank rows counted) before dropping blanks.
    numbered = [(n, r) for n, r in enumerate(records, start=1) if any(c.strip() for c in r)]
    if not numbered:
        raise TableError(_("The file has no header row."))
    headers = [normalise_header(h) for h in numbered[0][1]]
    seen = set()
    for h in headers:
        if h and h in seen:
            raise TableError(_("The column %(name)s appears twice.") % {"name": h})
        seen.add(h)
    rows = []
    for number, record in numbered[1:]:
        if len(record) > len(headers):
            extra = [c for c in record[len(headers) :] if c.strip()]
            if extra:
                raise TableError(
                    _("Row %(row)s has more cells than the header has columns: %(cells)s")
                    % {"row": number, "cells": ", ".join(extra[:3])}
                )
        rows.append(
            {
                h: (unescape_cell(record[i].strip()) if i < len(record) else "")
                for i, h in enumerate(headers)
                if h
            }
        )
    return Table(
        headers=[h for h in headers if h],
        rows=rows,
        first_data_row=numbered[1][0] if len(numbered) > 1 else numbered[0][0] + 1,
        row_numbers=tuple(n for n, _record in numbered[1:]),
    )


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


def unescape_cell(text: str) -> str:
    """Undo safe_cell on reading: drop the apostrophe written before a formula character."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """CSV with a UTF-8 BOM, so that Excel opens non-ASCII names correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in headers])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31] or "Sheet")
    ws.append([safe_cell(h) for h in headers])
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
