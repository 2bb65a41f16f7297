"""The one XLSX writer: control characters dropped, formulas still neutralised, titles safe."""

import io

import pytest
from openpyxl import load_workbook

from clusterhub.common.spreadsheets import Sheet
from clusterhub.common.spreadsheets import write_xlsx
from clusterhub.common.spreadsheets import write_xlsx_sheets
from clusterhub.common.spreadsheets import xlsx_cell
from tests.xlsx_controls import CONTROLS


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_dropped(char):
    content = write_xlsx(["name"], [[f"A{char}B"], [f"{char}=1+1"]], title=f"T{char}")
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert ws.title == "T"
    assert [c.value for c in ws["A"]] == ["name", "AB", "'=1+1"]


def test_tab_and_line_breaks_are_kept():
    assert xlsx_cell("a\tb\nc\rd") == "a\tb\nc\rd"
    assert xlsx_cell("\x0b\tx") == "'\tx"
    assert xlsx_cell(3) == 3
    assert xlsx_cell(None) == ""


def test_sheets_with_widths_bold_headers_and_safe_titles():
    content = write_xlsx_sheets(
        [
            Sheet("Costs/2026: [draft]?", ["Item", "Value"], [["a", 1]], widths=[22, 90]),
            Sheet("", ["x"], []),
        ]
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Costs2026 draft", "Sheet"]
    ws = wb["Costs2026 draft"]
    assert [ws.column_dimensions["A"].width, ws.column_dimensions["B"].width] == [22, 90]
    assert ws["A1"].font.bold is True
    assert [[c.value for c in r] for r in ws.iter_rows()] == [["Item", "Value"], ["a", 1]]
