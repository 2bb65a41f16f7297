"""Reading tables as CSV and XLSX, the same way for every import; writing them (every export)
is in spreadsheet_writing.py, whose names this module publishes too.

Reading accepts UTF-8 with or without a BOM and `;` or `,` separators, and matches columns by
header name. Writing neutralises formula injection with an apostrophe before a text a
spreadsheet would evaluate (= + - @, a tab or carriage return); reading removes that apostrophe
again, so that an exported file imports back unchanged.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.reader.excel import SHARED_STRINGS
from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

from clusterhub.common.spreadsheet_writing import FORMULA_PREFIXES
from clusterhub.common.spreadsheet_writing import Percent
from clusterhub.common.spreadsheet_writing import Sheet
from clusterhub.common.spreadsheet_writing import safe_cell
from clusterhub.common.spreadsheet_writing import write_csv
from clusterhub.common.spreadsheet_writing import write_xlsx
from clusterhub.common.spreadsheet_writing import write_xlsx_sheets
from clusterhub.common.spreadsheet_writing import xlsx_cell

# Writing lives in spreadsheet_writing.py; its names are published here too, for one import.
__all__ = [
    "FORMULA_PREFIXES",
    "Percent",
    "Sheet",
    "Table",
    "TableError",
    "check_size",
    "normalise_header",
    "read_table",
    "safe_cell",
    "unescape_cell",
    "write_csv",
    "write_xlsx",
    "write_xlsx_sheets",
    "xlsx_cell",
]

# Limits on what an upload may hold, checked while reading so that a small file cannot claim or
# unpack into a huge sheet. 50,000 rows below the header is ten times the largest cluster
# registry we know of.
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_SHARED_STRINGS = 500_000  # ten different texts per row of the largest accepted sheet
_MAX_SHEET_ROWS = 1_048_576  # Excel's last row: rows beyond it, even empty, are no real sheet
_MAX_CELLS_IN_ROW = 16_384  # Excel's last column, XFD: more cells in a row is no real sheet
_MAX_NODES_IN_CELL = 10_000  # rich-text runs in one cell
_SI_TAG = f"{{{SHEET_MAIN_NS}}}si"
# The start of an <si> element, with or without a namespace prefix ("<" cannot occur in text).
_SI_START = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")
_T_TAG = f"{{{SHEET_MAIN_NS}}}t"
_R_TAG = f"{{{SHEET_MAIN_NS}}}r"
_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_C_TAG = f"{{{SHEET_MAIN_NS}}}c"


class TableError(ValueError):
    """The file as a whole can't be read as a table (not a row-level problem)."""


@dataclass(frozen=True)
class CellProblem:
    """A cell the reader refuses (a control character): its spreadsheet row and column."""

    row: int
    column: str  # the normalised header, or the column number where the header is empty
    message: str


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[dict[str, str]]  # keyed by normalised header; values stripped strings
    first_data_row: int = 2  # the spreadsheet row number of rows[0], for messages
    # The spreadsheet row number of each row (blank rows are skipped, so numbers may jump).
    row_numbers: tuple[int, ...] = ()
    # Cells holding control characters. An importer reports them and writes nothing: a NUL
    # cannot be stored on PostgreSQL (not even looked up), and none of them can go into XLSX.
    problems: tuple[CellProblem, ...] = ()

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
    """Read a CSV or XLSX file into rows keyed by normalised header names.

    A file beyond the limits (rows, columns, characters in a cell, unpacked size) is refused
    with a TableError naming the limit; cells with control characters are reported by row and
    column in Table.problems.
    """
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = []
    try:
        for number, record in enumerate(reader, start=1):
            cells = _capped_record(number, dict(enumerate(record, start=1)))
            if cells is not None:
                records.append((number, cells))
    except csv.Error as exc:
        raise TableError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc
    return _to_table(records)


def _capped_record(number: int, values: dict[int, object]) -> list[str] | None:
    """The non-blank cells of row `number` (keyed by 1-based column) as texts, within the limits.

    None for a row without any value. Refuses a row beyond MAX_ROWS, a value beyond MAX_COLUMNS
    and a text longer than MAX_CELL_CHARS, so that no limit depends on the file's own claims.
    """
    texts = {}
    for column, value in values.items():
        text = "" if value is None else _cell_text(value)
        if not text.strip():
            continue
        if number > MAX_ROWS + 1:  # row 1 is the header
            raise TableError(_("The sheet has more than %(max)s rows.") % {"max": MAX_ROWS})
        if column > MAX_COLUMNS:
            raise TableError(
                _(
                    "The sheet has more than %(max)s columns (row %(row)s has a value in "
                    "column %(column)s)."
                )
                % {"max": MAX_COLUMNS, "row": number, "column": column}
            )
        if len(text) > MAX_CELL_CHARS:
            raise TableError(
                _(
                    "Row %(row)s, column %(column)s: the cell holds %(n)s characters; the most "
                    "accepted is %(max)s."
                )
                % {"row": number, "column": column, "n": len(text), "max": MAX_CELL_CHARS}
            )
        texts[column] = text
    if not texts:
        return None
    return [texts.get(column, "") for column in range(1, max(texts) + 1)]


def _read_xlsx(data: bytes) -> Table:
    _check_unpacked_size(data)
    unreadable = TableError(_("The file is not a readable XLSX workbook."))
    try:
        reader = _CappedExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # not a zip, or no workbook in it
        raise unreadable from exc
    try:
        reader.read()
        ws = reader.wb.worksheets[0]
        with ws._get_source() as source:
            records = _xlsx_records(ws, source)
    except TableError:
        raise
    except Exception as exc:  # openpyxl and the XML parsers raise many types for a broken file
        # openpyxl wraps a ValueError (so a TableError from read_strings) in its own.
        if isinstance(exc.__cause__, TableError):
            raise exc.__cause__ from None
        raise unreadable from exc
    finally:
        reader.archive.close()
    return _to_table(records)


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook that unpacks to more than MAX_XLSX_UNPACKED_BYTES (a zip bomb).

    The sizes in the zip directory are checked first; then every part is unpacked in chunks and
    counted, since a directory can understate them (zipfile stops at the stated size and then
    fails the checksum, which is refused as an unreadable file).
    """
    too_big = TableError(
        _("The workbook expands to more than %(max)s bytes when unpacked; it is not accepted.")
        % {"max": MAX_XLSX_UNPACKED_BYTES}
    )
    total = strings = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED_BYTES:
                raise too_big
            for info in infos:
                with archive.open(info) as part:
                    pending = b""
                    while chunk := part.read(1024 * 1024):
                        total += len(chunk)
                        if total > MAX_XLSX_UNPACKED_BYTES:
                            raise too_big
                        # Count shared-string starts on the way (a tag split between chunks
                        # is counted with the next one), so that a strings bomb is refused
                        # before openpyxl spends seconds parsing it.
                        text = pending + chunk
                        cut = max(len(text) - 64, 0)
                        strings += sum(1 for m in _SI_START.finditer(text) if m.start() < cut)
                        pending = text[cut:]
                    strings += len(_SI_START.findall(pending))
    except TableError:
        raise
    except Exception as exc:  # BadZipFile, a bad checksum, encryption, unknown compression
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    if strings > MAX_SHARED_STRINGS:
        raise _too_many_strings()


def _too_many_strings() -> TableError:
    return TableError(
        _("The workbook holds more than %(max)s different texts; it is not accepted.")
        % {"max": MAX_SHARED_STRINGS}
    )


class _CappedExcelReader(ExcelReader):
    """openpyxl's reader with a shared-strings table of at most MAX_SHARED_STRINGS texts.

    openpyxl keeps every shared string in memory before any cell is read; millions of short
    distinct strings fit in a small upload.
    """

    def read_strings(self):
        ct = self.package.find(SHARED_STRINGS)
        if ct is None:
            return
        strings: list[str] = []
        root = None
        with self.archive.open(ct.PartName[1:]) as source:
            for event, element in iterparse(source, events=("start", "end")):
                if event == "start":
                    root = element if root is None else root
                    continue
                if element.tag != _SI_TAG:
                    continue
                if len(strings) >= MAX_SHARED_STRINGS:
                    raise TableError(
                        _(
                            "The workbook holds more than %(max)s different texts; it is not accepted."
                        )
                        % {"max": MAX_SHARED_STRINGS}
                    )
                # The text runs, without phonetic hints (rPh), as openpyxl reads them.
                strings.append(
                    "".join(
                        (child.text or "")
                        if child.tag == _T_TAG
                        else (child.findtext(_T_TAG) or "")
                        for child in element
                        if child.tag in (_T_TAG, _R_TAG)
                    )
                )
                element.clear()
                if root is not None and len(root) and root[-1] is element:
                    del root[-1]  # keep the tree from growing with every string read
        self.shared_strings = strings


def _xlsx_records(ws, source) -> list[tuple[int, list[str]]]:
    """Read the sheet cell by cell, keeping only cells with a value, whatever it declares.

    openpyxl's own row iteration pads each row to the declared dimension (or to the last cell
    present) and holds a whole row's cells at once; here each cell is converted by openpyxl's
    parser and dropped from the XML tree at once, so memory stays bounded by one row's values.
    """
    parser = WorkSheetParser(
        source,
        ws._shared_strings,
        data_only=True,
        epoch=ws.parent.epoch,
        date_formats=ws.parent._date_formats,
        timedelta_formats=ws.parent._timedelta_formats,
    )
    records = []
    stack: list = []  # the open elements, the root first
    values: dict[int, object] = {}
    cells_in_row = nodes_in_cell = 0
    cell_depth = 0  # len(stack) with the cell being read open; 0 outside a cell
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            stack.append(element)
            if cell_depth:
                nodes_in_cell += 1
                if nodes_in_cell > _MAX_NODES_IN_CELL:
                    raise TableError(_("The file is not a readable XLSX workbook."))
            elif element.tag == _ROW_TAG:
                parser.row_counter = int(element.get("r", parser.row_counter + 1))
                if parser.row_counter > _MAX_SHEET_ROWS:
                    raise TableError(_("The file is not a readable XLSX workbook."))
                parser.col_counter = 0
                values, cells_in_row = {}, 0
            elif element.tag == _C_TAG:
                cell_depth, nodes_in_cell = len(stack), 0
                cells_in_row += 1
                if cells_in_row > _MAX_CELLS_IN_ROW:
                    raise TableError(_("The file is not a readable XLSX workbook."))
            continue
        stack.pop()
        if cell_depth and len(stack) >= cell_depth:
            continue  # part of the cell being read: kept until the cell ends
        if element.tag == _C_TAG:
            cell_depth = 0
            cell = parser.parse_cell(element)
            if cell["value"] is not None:
                values[cell["column"]] = cell["value"]
        elif element.tag == _ROW_TAG:
            cells = _capped_record(parser.row_counter, values)
            if cells is not None:
                records.append((parser.row_counter, cells))
        # Drop the finished element from its parent (it is the last child there), so that the
        # tree never holds more than the cell being read.
        if stack:
            del stack[-1][-1]
    return records


def _cell_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and hasattr(value, "isoformat"):
        return value.date().isoformat() if hasattr(value, "hour") else value.isoformat()  # type: ignore[union-attr]
    return str(value)


def _to_table(records: list[tuple[int, list[str]]]) -> Table:
    """A table from the non-blank records, each with its spreadsheet row number (1-based)."""
    if not records:
        raise TableError(_("The file has no header row."))
    headers = [normalise_header(h) for h in records[0][1]]
    seen = set()
    for h in headers:
        if h and h in seen:
            raise TableError(_("The column %(name)s appears twice.") % {"name": h})
        seen.add(h)
    rows = []
    for number, record in records[1:]:
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
        first_data_row=records[1][0] if len(records) > 1 else records[0][0] + 1,
        row_numbers=tuple(n for n, _record in records[1:]),
        problems=_control_characters(records, headers),
    )


def _control_characters(
    records: list[tuple[int, list[str]]], headers: list[str]
) -> tuple[CellProblem, ...]:
    """Every cell holding a character XML 1.0 refuses (C0 controls but tab, LF and CR)."""
    problems = []
    for number, record in records:
        for i, text in enumerate(record):
            if found := ILLEGAL_CHARACTERS_RE.search(text):
                column = headers[i] if i < len(headers) and headers[i] else str(i + 1)
                message = _(
                    "The text holds the control character U+%(code)04X, which is not accepted; "
                    "remove it."
                ) % {"code": ord(found.group())}
                problems.append(CellProblem(number, column, message))
    return tuple(problems)


def unescape_cell(text: str) -> str:
    """Undo safe_cell on reading: drop the apostrophe written before a formula character."""
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
