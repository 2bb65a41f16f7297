"""Hostile tables: small files that declare or expand to huge sheets are refused, quickly.

The XLSX files are written part by part with zipfile, so that every part can lie: a dimension
that spans every column, a zip directory that understates a part's size, shared strings by the
million. Each one must be refused with a TableError naming the limit, without first building the
sheet in memory (the tests measure nothing; the limits keep every refusal well under a second).
"""

import io
import struct
import zipfile

import pytest

from clusterhub.common import spreadsheets
from clusterhub.common.spreadsheets import TableError
from clusterhub.common.spreadsheets import read_table

MAX_BYTES = 5 * 1024 * 1024
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)


def xlsx(sheet_data: str, *, dimension: str = "A1", shared: str | None = None) -> bytes:
    """A one-sheet workbook whose sheetData (and optionally sharedStrings) is given as XML."""
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    if shared is None:
        shared = f'<sst xmlns="{NS}" count="0" uniqueCount="0"></sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        zf.writestr("xl/sharedStrings.xml", shared)
    return out.getvalue()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, *cells: str) -> str:
    return f'<row r="{number}">{"".join(cells)}</row>'


HEADER = row(1, inline("A1", "name"), inline("B1", "country"))


def test_a_handmade_workbook_reads():
    data = xlsx(HEADER + row(2, inline("A2", "Alpha SIA"), inline("B2", "LV")), dimension="A1:B2")
    table = read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    assert table.rows == [{"name": "Alpha SIA", "country": "LV"}]


def test_a_dimension_spanning_every_column_reads_only_the_cells_present():
    # 8,000 rows that each hold two cells, in a sheet that claims 16,384 columns: the importer
    # used to pad every row to the claimed width (13 s and +1 GB for this file).
    body = "".join(
        row(n, inline(f"A{n}", f"Org {n}"), inline(f"B{n}", "LV")) for n in range(2, 8002)
    )
    data = xlsx(HEADER + body, dimension="A1:XFD8001")
    assert len(data) < 100_000
    table = read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    assert len(table.rows) == 8000
    assert table.rows[-1] == {"name": "Org 8001", "country": "LV"}


def test_empty_styled_cells_far_to_the_right_do_not_count_as_columns():
    # LibreOffice writes styled empty cells as far as a column's formatting reaches.
    data = xlsx(HEADER + row(2, inline("A2", "Alpha"), inline("B2", "LV"), '<c r="XFD2" s="0"/>'))
    table = read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    assert table.rows == [{"name": "Alpha", "country": "LV"}]


def test_a_cell_in_the_last_column_on_every_row_is_refused():
    body = "".join(row(n, inline(f"A{n}", "x"), inline(f"XFD{n}", "y")) for n in range(2, 8002))
    data = xlsx(HEADER + body, dimension="A1:XFD8001")
    with pytest.raises(
        TableError,
        match="^The sheet has more than 200 columns \\(row 2 has a value in column 16384\\)\\.$",
    ):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_too_many_rows_is_refused_while_reading(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 1000)
    body = "".join(row(n, inline(f"A{n}", "x")) for n in range(2, 1100))
    data = xlsx(HEADER + body)
    with pytest.raises(TableError, match="^The sheet has more than 1000 rows\\.$"):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_the_row_limit_counts_the_rows_below_the_header(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 1000)
    body = "".join(row(n, inline(f"A{n}", "x")) for n in range(2, 1002))
    assert len(read_table(xlsx(HEADER + body), "t.xlsx", max_bytes=MAX_BYTES).rows) == 1000
    with pytest.raises(TableError, match="^The sheet has more than 1000 rows\\.$"):
        read_table(
            xlsx(HEADER + body + row(1002, inline("A1002", "x"))), "t.xlsx", max_bytes=MAX_BYTES
        )


def test_a_value_on_a_far_row_is_refused_without_reading_the_rows_before():
    data = xlsx(HEADER + row(1_048_576, inline("A1048576", "x")))
    with pytest.raises(TableError, match="^The sheet has more than 50000 rows\\.$"):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_rows_beyond_excels_last_row_are_refused_even_empty():
    data = xlsx(HEADER + "<row/>" * 10 + '<row r="1048577"/>')
    with pytest.raises(TableError, match="^The file is not a readable XLSX workbook\\.$"):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_shared_strings_rich_text_booleans_and_numbers_read_as_text():
    shared = (
        f'<sst xmlns="{NS}"><si><t>Alpha</t></si>'
        "<si><r><t>Be</t></r><r><t>ta</t></r><rPh><t>x</t></rPh></si></sst>"
    )
    data = xlsx(
        HEADER
        + row(2, '<c r="A2" t="s"><v>0</v></c>', '<c r="B2" t="s"><v>1</v></c>')
        + row(3, '<c r="A3" t="b"><v>1</v></c>', '<c r="B3"><v>12.0</v></c>'),
        shared=shared,
    )
    table = read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    assert table.rows == [{"name": "Alpha", "country": "Beta"}, {"name": "True", "country": "12"}]


def test_too_many_csv_rows_and_columns_are_refused():
    with pytest.raises(TableError, match="^The sheet has more than 50000 rows\\.$"):
        # 50,000 rows below the header are allowed; one more is refused.
        read_table(b"name\n" + b"x\n" * 50_001, "t.csv", max_bytes=MAX_BYTES)
    with pytest.raises(
        TableError,
        match="^The sheet has more than 200 columns \\(row 1 has a value in column 201\\)\\.$",
    ):
        read_table(b"," * 200 + b"x\n", "t.csv", max_bytes=MAX_BYTES)
    # Empty cells beyond the limit (a row of separators) are no value and pass.
    table = read_table(b"name" + b"," * 300 + b"\nAlpha\n", "t.csv", max_bytes=MAX_BYTES)
    assert table.rows == [{"name": "Alpha"}]


def test_a_huge_inline_string_is_refused():
    data = xlsx(HEADER + row(2, inline("A2", "a" * 3_000_000)))
    assert len(data) < 20_000
    with pytest.raises(
        TableError,
        match="^Row 2, column 1: the cell holds 3000000 characters; the most accepted is 32767\\.$",
    ):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_a_huge_csv_cell_is_refused():
    with pytest.raises(
        TableError,
        match="^Row 2, column 1: the cell holds 40000 characters; the most accepted is 32767\\.$",
    ):
        read_table(b"name\n" + b"a" * 40_000 + b"\n", "t.csv", max_bytes=MAX_BYTES)


def test_a_zip_bomb_is_refused_from_the_zip_directory():
    # 1 GB of spaces inside the sheet compresses to about 1 MB (refused in milliseconds).
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(1024):
                part.write(chunk)
    data = out.getvalue()
    assert len(data) < MAX_BYTES
    with pytest.raises(
        TableError,
        match="^The workbook expands to more than 67108864 bytes when unpacked; it is not "
        "accepted\\.$",
    ):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def _understate_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """The zip with `name`'s uncompressed size set to `size` in both of its headers."""
    buf = bytearray(data)
    local = buf.find(b"PK\x03\x04")
    while local != -1:
        name_len, extra_len = struct.unpack("<HH", buf[local + 26 : local + 30])
        if bytes(buf[local + 30 : local + 30 + name_len]) == name:
            struct.pack_into("<I", buf, local + 22, size)
        local = buf.find(b"PK\x03\x04", local + 4)
    central = buf.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack("<H", buf[central + 28 : central + 30])[0]
        if bytes(buf[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", buf, central + 24, size)
        central = buf.find(b"PK\x01\x02", central + 4)
    return bytes(buf)


def test_a_zip_directory_that_understates_a_part_is_refused():
    # The directory says 100 bytes; the sheet really unpacks to about 80 MB.
    padding = "<!--" + " " * (80 * 1024 * 1024) + "-->"
    data = xlsx(HEADER)
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}">{padding}'
        f"<sheetData>{HEADER}</sheetData></worksheet>"
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = sheet if info.filename == "xl/worksheets/sheet1.xml" else src.read(info)
            dst.writestr(info.filename, content, zipfile.ZIP_DEFLATED)
    lying = _understate_sizes(out.getvalue(), b"xl/worksheets/sheet1.xml", 100)
    assert len(lying) < MAX_BYTES
    with pytest.raises(TableError, match="^The file is not a readable XLSX workbook\\.$"):
        read_table(lying, "t.xlsx", max_bytes=MAX_BYTES)


@pytest.mark.parametrize("prefix", ["", "x:"])
def test_a_shared_strings_bomb_is_refused(monkeypatch, prefix):
    # Millions of distinct shared strings fit in an upload; the limit is lowered here only to
    # keep the test fast. The count attribute claims more and is not trusted either way; the
    # strings are counted while unpacking, whatever namespace prefix they carry.
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 1000)
    strings = "".join(f"<{prefix}si><{prefix}t>{n}</{prefix}t></{prefix}si>" for n in range(1001))
    xmlns = f'xmlns:x="{NS}"' if prefix else f'xmlns="{NS}"'
    shared = f'<{prefix}sst {xmlns} count="999999999999">{strings}</{prefix}sst>'
    data = xlsx(HEADER, shared=shared)
    with pytest.raises(
        TableError,
        match="^The workbook holds more than 1000 different texts; it is not accepted\\.$",
    ):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    # Exactly at the limit, the strings are read (and the reader's own count agrees).
    strings = "".join(f"<{prefix}si><{prefix}t>{n}</{prefix}t></{prefix}si>" for n in range(1000))
    shared = f"<{prefix}sst {xmlns}>{strings}</{prefix}sst>"
    data = xlsx(HEADER + row(2, '<c r="A2" t="s"><v>999</v></c>'), shared=shared)
    assert read_table(data, "t.xlsx", max_bytes=MAX_BYTES).rows == [{"name": "999", "country": ""}]


def test_strings_split_between_unpacked_chunks_are_counted_once(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 100_000)
    # About 2.6 MB of shared strings: several 1 MB chunks, with tags across their borders.
    strings = "".join(f"<si><t>{n:019d}</t></si>" for n in range(100_001))
    data = xlsx(HEADER, shared=f'<sst xmlns="{NS}">{strings}</sst>')
    with pytest.raises(TableError, match="^The workbook holds more than 100000 different texts"):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
    strings = "".join(f"<si><t>{n:019d}</t></si>" for n in range(100_000))
    data = xlsx(HEADER, shared=f'<sst xmlns="{NS}">{strings}</sst>')
    assert read_table(data, "t.xlsx", max_bytes=MAX_BYTES).rows == []


def test_a_huge_shared_string_is_refused():
    shared = f'<sst xmlns="{NS}" count="1" uniqueCount="1"><si><t>{"b" * 3_000_000}</t></si></sst>'
    data = xlsx(HEADER + row(2, '<c r="A2" t="s"><v>0</v></c>'), shared=shared)
    with pytest.raises(
        TableError,
        match="^Row 2, column 1: the cell holds 3000000 characters; the most accepted is 32767\\.$",
    ):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)


def test_entity_expansion_is_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + f']><sst xmlns="{NS}"><si><t>&i;</t></si></sst>'
    )
    data = xlsx(HEADER, shared=bomb)
    with pytest.raises(TableError, match="^The file is not a readable XLSX workbook\\.$"):
        read_table(data, "t.xlsx", max_bytes=MAX_BYTES)
