"""A file answered as a download (attachment), a stored file streamed, and a table answered as
CSV or XLSX: written once for every area's pages and API."""

from collections.abc import Iterable
from collections.abc import Sequence

from django.core.files import File
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse

from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON = "application/json; charset=utf-8"
MARKDOWN = "text/markdown; charset=utf-8"


def download(
    content: bytes | str, filename: str, content_type: str, *, inline: bool = False
) -> HttpResponse:
    """`content` as a file the browser saves under `filename`; `inline`, one it shows (and
    saves under that name if asked)."""
    response = HttpResponse(content, content_type=content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def file_download(stored: File | None, filename: str | None) -> FileResponse:
    """A stored file (the value of a FileField) streamed as an attachment named `filename`:
    404 when the record has no file or storage no longer has it, never a 500."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=filename)


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
