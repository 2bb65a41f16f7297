"""Stored text with every control character, as old data may hold it, and the XLSX read back.

Exports must drop these characters (openpyxl refuses them) rather than answer 500. PostgreSQL
cannot store a NUL at all, so the text planted there lacks only that one.
"""

import io

from django.db import connection
from openpyxl import load_workbook

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]


def control_text(stem: str) -> str:
    """`stem`, every C0 control character but tab and line breaks, then "end"."""
    controls = CONTROLS[1:] if connection.vendor == "postgresql" else CONTROLS
    return stem + "".join(controls) + "end"


def cleaned(stem: str) -> str:
    """What control_text(stem) becomes in an export."""
    return stem + "end"


def xlsx_texts(content: bytes) -> set[str]:
    """Every text cell of every sheet of the workbook."""
    wb = load_workbook(io.BytesIO(content))
    return {
        value
        for ws in wb.worksheets
        for row in ws.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    }
