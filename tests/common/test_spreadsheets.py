"""The shared table reader and writers: row numbers, size limit, formula safety both ways."""

import io

import pytest
from openpyxl import load_workbook

from clusterhub.common.spreadsheets import Table
from clusterhub.common.spreadsheets import TableError
from clusterhub.common.spreadsheets import check_size
from clusterhub.common.spreadsheets import read_table
from clusterhub.common.spreadsheets import safe_cell
from clusterhub.common.spreadsheets import unescape_cell
from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx


def test_row_numbers_count_blank_rows_like_a_spreadsheet():
    table = read_table(b"\nName,Country\nA,LV\n\n,\nB,EE\n", "t.csv", max_bytes=1000)
    assert table.headers == ["name", "country"]
    assert table.numbered_rows() == [
        (3, {"name": "A", "country": "LV"}),
        (6, {"name": "B", "country": "EE"}),
    ]
    assert table.first_data_row == 3


def test_table_made_by_hand_numbers_rows_from_first_data_row():
    table = Table(headers=["name"], rows=[{"name": "A"}, {"name": "B"}])
    assert table.numbered_rows() == [(2, {"name": "A"}), (3, {"name": "B"})]


def test_check_size_names_both_sizes():
    check_size(10, max_bytes=10)
    with pytest.raises(
        TableError, match="^The file is 11 bytes; the largest accepted is 10 bytes.$"
    ):
        check_size(11, max_bytes=10)


def test_too_many_cells_names_the_row():
    with pytest.raises(TableError, match="^Row 3 has more cells than the header has columns: x$"):
        read_table(b"a,b\n1,2\n1,2,x\n", "t.csv", max_bytes=1000)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@x", '=HYPERLINK("https://e.example")'])
def test_formulas_are_neutralised_on_writing_and_restored_on_reading(text):
    assert safe_cell(text) == "'" + text
    assert unescape_cell("'" + text) == text
    table = read_table(write_csv(["name"], [[text]]), "t.csv", max_bytes=1000)
    assert table.rows == [{"name": text}]
    table = read_table(write_xlsx(["name"], [[text]], title="T"), "t.xlsx", max_bytes=10**6)
    assert table.rows == [{"name": text}]


def test_an_ordinary_apostrophe_is_kept():
    assert unescape_cell("'s-Hertogenbosch") == "'s-Hertogenbosch"
    assert unescape_cell("'quoted'") == "'quoted'"


def test_xlsx_cells_are_text_with_apostrophe():
    content = write_xlsx(["name"], [["=1+1"], [-2]], title="T")
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    assert [c.value for c in ws["A"]] == ["name", "'=1+1", -2]
