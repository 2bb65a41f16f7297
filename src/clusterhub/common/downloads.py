"""A file answered as a download (attachment), and a table answered as CSV or XLSX: written
once for every area's pages and API."""

from collections.abc import Iterable
from collections.abc import Sequence

from django.http import HttpResponse

from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """`content` as a file the browser saves under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    fmt: str,
    name: str,
    title: str,
) -> HttpResponse:
    """A table as `<name>.xlsx` (one sheet called `title`) or, for any other `fmt`, `<name>.csv`;
    both through the shared writers (formula injection neutralised)."""
    if fmt == "xlsx":
        return download(write_xlsx(headers, rows, title=title), f"{name}.xlsx", XLSX)
    return download(write_csv(headers, rows), f"{name}.{fmt}", CSV)
