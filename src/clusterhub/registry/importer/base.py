"""What every registry import shares: the problem and result records, reading the upload
(with the legacy-encoding fallback), the column mapping, the row loop and the model checks.

The organisation import (importer/__init__.py) and the cluster import (importer/clusters.py)
keep only what is their own: their columns, how a row is matched and what it writes.
"""

import csv
import io
import unicodedata
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterhub.common.spreadsheets import Table
from clusterhub.common.spreadsheets import TableError
from clusterhub.common.spreadsheets import normalise_header
from clusterhub.common.spreadsheets import read_table

# Rows named in one file-wide message before "and N more".
ROWS_NAMED = 10
# Single-byte encodings a CSV file may come in, in the order preferred on a tie.
LEGACY_ENCODINGS = ("cp1252", "cp1257", "latin-1")
# Letters (lower case) of the languages whose files arrive in those encodings.
_ALPHABETS = (
    "āčēģīķļņšūž",  # Latvian
    "ąčęėįšųūž",  # Lithuanian
    "äõöüšž",  # Estonian
    "åäöé",  # Swedish
    "äöüß",  # German
    "æøå",  # Danish, Norwegian
    "àçéèêœù",  # French, its frequent letters only (â, î, û are Latvian ā, ī, ū in cp1257)
    "áéíñóúü",  # Spanish
)


@dataclass(frozen=True)
class Problem:
    """One problem in the file: a spreadsheet row (None for the file as a whole) and a column."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if not self.column:
            return _("row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    dry_run: bool
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    memberships_added: int = 0
    memberships_updated: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    # What the user should know but need not fix (encoding read, types read from names, NACE
    # suggestions): same shape as problems.
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def count(self, plan) -> None:
        """Count a planned row's record as created, updated or unchanged."""
        if plan.is_new:
            self.created += 1
        elif plan.changed:
            self.updated += 1
        else:
            self.unchanged += 1

    # The summary of a dry run and of a real one, filled in with the counts (_counts).
    SUMMARIES = (
        gettext_lazy(
            "Dry run: %(rows)s rows are valid. Importing would create %(created)s "
            "organisations, update %(updated)s, leave %(unchanged)s unchanged, add "
            "%(added)s memberships and update %(mupdated)s. Nothing was written."
        ),
        gettext_lazy(
            "Imported %(rows)s rows: %(created)s organisations created, %(updated)s updated, "
            "%(unchanged)s unchanged; %(added)s memberships added, %(mupdated)s updated."
        ),
    )

    def _counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "added": self.memberships_added,
            "mupdated": self.memberships_updated,
        }

    def summary(self) -> str:
        dry_run, done = self.SUMMARIES
        return str(dry_run if self.dry_run else done) % self._counts()


def name_key(name: str) -> str:
    """A name as compared when matching: NFC, blanks collapsed, case-folded."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def changed_meanwhile(exc: Exception) -> Problem:
    """The problem for a write refused by the database after a clean validation."""
    # Another user changed the registry between validation and writing: nothing is kept.
    messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return Problem(
        None,
        "",
        _("The registry changed while importing; nothing was written: %(error)s")
        % {"error": " ".join(messages)},
    )


def read_upload(data: bytes, filename: str, result: ImportResult) -> Table | None:
    """The file as a table, or None with the reasons added to result.problems.

    A CSV file that is not UTF-8 is decoded as the likeliest legacy encoding, with a note.
    """
    data = _as_utf8(data, filename, result)
    if data is None:
        return None
    try:
        table = read_table(data, filename, max_bytes=settings.CLUSTERHUB_MAX_IMPORT_BYTES)
    except TableError as exc:
        result.problems.append(Problem(None, "", str(exc)))
        return None
    if table.problems:
        result.problems.extend(Problem(p.row, p.column, p.message) for p in table.problems)
        return None
    return table


def _as_utf8(data: bytes, filename: str, result: ImportResult) -> bytes | None:
    if not filename.lower().endswith((".csv", ".txt")) or len(data) > (
        settings.CLUSTERHUB_MAX_IMPORT_BYTES
    ):
        return data  # read_table reads XLSX itself and refuses an oversized file
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data
    text = data.decode("utf-8", errors="replace")
    if any(ord(ch) > 127 and ch != "\ufffd" for ch in text):
        # UTF-8 letters elsewhere: the file is UTF-8, spoilt on some rows (pasted text, say).
        result.problems.extend(_rows_not_utf8(text))
        return None
    encoding = max(LEGACY_ENCODINGS, key=lambda e: _letters_read(data, e))
    result.notes.append(
        Problem(
            None,
            "",
            _(
                "The file is not UTF-8 text; it was read as %(encoding)s. Check the accented "
                "letters in the result; to be sure, save the file as CSV UTF-8."
            )
            % {"encoding": encoding},
        )
    )
    return data.decode(encoding).encode("utf-8")


def _letters_read(data: bytes, encoding: str) -> tuple[float, int]:
    """How well a legacy encoding reads the file: the share of its non-ASCII characters that
    belong to one language's letters (the best language), then minus the tie-break order."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return (-1.0, 0)
    special = [ch.lower() for ch in text if ord(ch) > 127]
    if not special:
        return (0.0, -LEGACY_ENCODINGS.index(encoding))
    best = max(sum(ch in alphabet for ch in special) for alphabet in _ALPHABETS)
    return (best / len(special), -LEGACY_ENCODINGS.index(encoding))


def _rows_not_utf8(text: str) -> list[Problem]:
    """One problem per row holding bytes that are not UTF-8, naming its row, line and column."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[Problem] = []
    headers: list[str] = []
    try:
        for number, record in enumerate(reader, start=1):
            if number == 1:
                headers = [normalise_header(h) for h in record]
            for index, cell in enumerate(record):
                if "\ufffd" not in cell:
                    continue
                column = headers[index] if index < len(headers) and number > 1 else ""
                message = _(
                    "line %(line)s: this text is not UTF-8 (shown with �): %(text)s. The rest "
                    "of the file is UTF-8; retype these letters or save the file as CSV UTF-8."
                ) % {"line": reader.line_num, "text": cell[:80]}
                problems.append(Problem(number, column, message))
                break
    except csv.Error:
        problems = []
    if problems:
        return problems
    # Unreadable as CSV: name the lines.
    return [
        Problem(
            None,
            "",
            _("Line %(line)s is not UTF-8 text; save the file as CSV UTF-8.") % {"line": line},
        )
        for line, content in enumerate(text.splitlines(), start=1)
        if "\ufffd" in content
    ][:ROWS_NAMED]


def row_list(rows: list[int]) -> str:
    """'2, 5, 9' or '2, 5, ... 31 (and 20 more)': the first ROWS_NAMED row numbers."""
    shown = ", ".join(str(r) for r in rows[:ROWS_NAMED])
    if len(rows) > ROWS_NAMED:
        return _("%(rows)s and %(n)s more") % {"rows": shown, "n": len(rows) - ROWS_NAMED}
    return shown


def write_all(result: ImportResult, write: Callable[[], None]) -> bool:
    """Run the writing of validated rows in one transaction; False (with the problem added to
    result) when the database refused it because someone changed the registry meanwhile."""
    try:
        with transaction.atomic():
            write()
    except (ValidationError, IntegrityError) as exc:
        result.problems.append(changed_meanwhile(exc))
        return False
    return True


class RowProblems(Exception):
    """A row has problems (already collected); the rest of the row is not read."""


class Row:
    """One numbered row of the file: its cells by canonical column, and where its problems and
    notes go."""

    def __init__(self, importer: "Importer", number: int, cells: dict[str, str], problems, notes):
        self.importer = importer
        self.number = number
        self.cells = cells
        self.problems: list[Problem] = problems
        self.notes: list[Problem] = notes

    def cell(self, canonical: str) -> str:
        header = self.importer.columns.get(canonical)
        text = self.cells.get(header, "") if header else ""
        return text.strip() if self.importer.strip_cells else text

    def problem(self, canonical: str, message: str) -> None:
        self.problems.append(Problem(self.number, self.importer.header(canonical), message))

    def note(self, canonical: str, message: str) -> None:
        self.notes.append(Problem(self.number, self.importer.header(canonical), message))

    def stop_if_problems(self) -> None:
        if self.problems:
            raise RowProblems


class Importer:
    """The column mapping, the row loop and the model checks of one import.

    A subclass names its columns (`aliases`, `required`), plans one row (`plan_row`) and may
    refuse a repeat of an earlier row (`check_repeat`)."""

    aliases: dict[str, tuple[str, ...]] = {}
    extra_known: tuple[str, ...] = ()  # headers read without being a column of their own
    default_headers: dict[str, str] = {}  # canonical -> the header shown when the file has none
    field_columns: dict[str, str] = {}  # model field -> canonical column, where they differ
    strip_cells = False

    def __init__(self, table: Table):
        self.table = table
        self.columns: dict[str, str] = {}  # canonical -> header in this file
        self.notes: list[Problem] = []  # per-row notes, in row order

    def header(self, canonical: str) -> str:
        """The column name to show for a canonical column: the file's own header if present."""
        return self.columns.get(canonical) or self.default_headers.get(canonical, canonical)

    def required(self) -> dict[str, str]:
        """Canonical column -> the message when the file lacks it."""
        return {}

    def check_columns(self, result: ImportResult) -> None:
        """Further file-wide checks of the columns (none by default)."""

    def map_columns(self, result: ImportResult) -> None:
        for canonical, aliases in self.aliases.items():
            present = [h for h in self.table.headers if h in aliases]
            if len(present) > 1:
                result.problems.append(
                    Problem(
                        1,
                        present[1],
                        _("The columns %(a)s and %(b)s mean the same thing; keep one.")
                        % {"a": present[0], "b": present[1]},
                    )
                )
            if present:
                self.columns[canonical] = present[0]
        for canonical, message in self.required().items():
            if canonical not in self.columns:
                result.problems.append(Problem(1, canonical, message))
        self.check_columns(result)
        known = {a for aliases in self.aliases.values() for a in aliases} | set(self.extra_known)
        result.ignored_columns = [h for h in self.table.headers if h not in known]

    def mapped_rows(self, result: ImportResult) -> list | None:
        """The file's numbered rows (counted in `result.rows`) once its columns are mapped;
        None when the columns have problems, and then no row is read."""
        self.map_columns(result)
        if result.problems:
            return None
        numbered = self.table.numbered_rows()
        result.rows = len(numbered)
        return numbered

    def plan_row(self, row: Row):
        raise NotImplementedError

    def check_repeat(self, plan, seen: dict, row: Row) -> None:
        """Add a problem to the row when its plan repeats an earlier row's (none by default)."""

    def plan_rows(
        self, result: ImportResult, numbered: Iterable, report: Callable[[int], None] | None = None
    ) -> list:
        """Plan every row, collecting its problems; the plans of the rows without any."""
        plans: list = []
        seen: dict = {}
        for done, (number, cells) in enumerate(numbered, 1):
            if report is not None and done % self.progress_every == 0:
                report(done)
            row = Row(self, number, cells, [], self.notes)
            try:
                plan = self.plan_row(row)
            except RowProblems:
                plan = None
            if plan is not None:
                self.check_repeat(plan, seen, row)
            result.problems.extend(row.problems)
            if plan is not None and not row.problems:
                plans.append(plan)
        return plans

    progress_every = 200  # rows between two progress reports

    def clean(self, instance, row: Row, *, exclude, constraints=True, reported=()) -> None:
        """Run the model's own rules and turn each message into a row/column problem, leaving
        out the columns in `reported` (already named by a clearer message)."""
        try:
            instance.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=constraints
            )
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                if field_name == NON_FIELD_ERRORS:
                    column = ""
                else:
                    column = self.header(self.field_columns.get(field_name, field_name))
                if column and column in reported:
                    continue
                row.problems.extend(Problem(row.number, column, m) for m in messages)


def apply_values(instance, values: dict, is_new: bool) -> bool:
    """Set the row's values on the record; True when any of them changes it (always when new)."""
    changed = False
    for key, value in values.items():
        if is_new or getattr(instance, key) != value:
            setattr(instance, key, value)
            changed = True
    return changed
