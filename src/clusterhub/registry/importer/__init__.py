"""Import organisations with their memberships into one cluster from a CSV or XLSX file.

Every row is validated first, with the models' own rules (unsaved objects + `full_clean`), and
every problem is reported by spreadsheet row (the header is row 1) and column. Only when no row
has a problem are the rows written, all in one transaction.

Fast for large files (issue 16.6): what validation needs from the database (NACE, NUTS, the
organisations the file names, the cluster's memberships, their secondary NACE codes) is fetched
once before the rows are read, in chunks, and the rows are written with bulk_create/bulk_update
with their history rows in bulk; the query count does not grow with the rows (only by chunk).

Matching existing organisations (so a re-import updates instead of duplicating); names are
compared after Unicode NFC normalisation and case-folding (`name_key`), so a file saved in NFD or
in capitals makes no duplicates, and the registry's spelling of a matched name is kept:
- a row with a registration number matches the organisation with that number in that country;
  failing that, one with the same name in that country and no number (which then gets it);
  a number that belongs to an organisation with another name is refused, since renaming through
  an import is more often a typing error than a real rename (rename on the edit page);
- a row without a number matches the organisation with exactly the same name in that country.
Empty cells leave an existing organisation's values alone. A membership with the same start date
as an existing one in this cluster updates it; so does an open one (no end date): an open
membership is the same membership, whatever the start date, so re-importing a file on a later day
updates it. The file's start date then replaces the registry's when the row gives one; a row
without a start date keeps it. Any other start date adds a membership, which must not overlap an
existing one.

A missing required column (name, country) is one message naming the column. An empty type is
read from the name where the name says it (`org_types.type_from_name`: university, association,
municipality... in English, Latvian, Estonian and Swedish); otherwise the row gets one question,
or, without a type column, the file gets one message listing the rows.

A CSV file that is not UTF-8 is read as cp1252, cp1257 or latin-1, whichever reads its letters
best, with a note; a file that is UTF-8 except on some rows is refused naming each such row and
its line. A dry run notes the best NACE suggestion (`nace_suggest`) for up to
SUGGESTION_ROWS rows that have a description and no code.

Organisation types are read by keyword (see TYPE_KEYWORDS). A science park is read as "other":
it runs innovation premises and services rather than doing research itself. A text that names
a cluster or an association ("science park / cluster organisation") is read as an association.
"""

import csv
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from clusterhub.common.spreadsheets import Table, TableError, normalise_header, read_table
from clusterhub.registry.countries import country_code_for
from clusterhub.registry.enums import CommitmentGround, OrganisationType, SizeClass
from clusterhub.registry.importer import writing
from clusterhub.registry.importer.cells import (
    ALIASES,
    DEFAULT_HEADERS,
    DESCRIPTION_EXTRAS,
    FIELD_COLUMNS,
    choice_list,
    compose_description,
    keyword_choice,
    match_choice,
    parse_bool,
    parse_date,
    parse_number,
    read_country,
    read_nace,
    read_nace_list,
    read_nuts,
    type_by_keyword,
    validate_url,
)
from clusterhub.registry.importer.org_types import type_from_name
from clusterhub.registry.importer.writing import _chunks
from clusterhub.registry.models import Cluster, Membership, NaceCode, NutsRegion, Organisation

# How often (rows) validation reports progress.
PROGRESS_EVERY = 200
# A dry run suggests a NACE code for at most this many rows (each costs a model call).
SUGGESTION_ROWS = 50
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

Progress = Callable[[int, int], None]


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

    def summary(self) -> str:
        counts = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "added": self.memberships_added,
            "mupdated": self.memberships_updated,
        }
        if self.dry_run:
            text = _(
                "Dry run: %(rows)s rows are valid. Importing would create %(created)s "
                "organisations, update %(updated)s, leave %(unchanged)s unchanged, add "
                "%(added)s memberships and update %(mupdated)s. Nothing was written."
            )
        else:
            text = _(
                "Imported %(rows)s rows: %(created)s organisations created, %(updated)s updated, "
                "%(unchanged)s unchanged; %(added)s memberships added, %(mupdated)s updated."
            )
        return text % counts


@dataclass
class _RowPlan:
    """What one valid row will write: an organisation (new or changed) and a membership."""

    row: int
    organisation: Organisation
    is_new: bool
    changed: bool
    secondary_nace: list[NaceCode] | None
    membership: Membership
    membership_is_new: bool
    membership_changed: bool


class _RowProblems(Exception):
    pass


def import_organisations(
    *,
    cluster: Cluster,
    data: bytes,
    filename: str,
    dry_run: bool,
    on_progress: Progress | None = None,
) -> ImportResult:
    """Validate every row; unless dry_run or any problem, write all rows in one transaction.

    Side effects (real run without problems only): creates or updates organisations, replaces
    the secondary NACE codes given, creates or updates memberships in `cluster`, each with its
    history row. `on_progress(done, total)` is called as rows are validated and written: total
    is the row count for a dry run and twice it for a real import (validate, then write).
    """
    result = ImportResult(dry_run=dry_run)
    table = read_upload(data, filename, result)
    if table is None:
        return result
    rows = len(table.rows)
    total = rows if dry_run else 2 * rows

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    importer = _Importer(cluster, table, dry_run=dry_run)
    plans = importer.validate(result, report)
    if result.problems or dry_run:
        _count(result, plans)
        report(total)
        return result
    try:
        with transaction.atomic():
            writing.write(plans, lambda done: report(rows + done))
    except (ValidationError, IntegrityError) as exc:
        result.problems.append(changed_meanwhile(exc))
        return result
    _count(result, plans)
    report(total)
    return result


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


def _count(result: ImportResult, plans: list["_RowPlan"]) -> None:
    for plan in plans:
        if plan.is_new:
            result.created += 1
        elif plan.changed:
            result.updated += 1
        else:
            result.unchanged += 1
        if plan.membership_is_new:
            result.memberships_added += 1
        elif plan.membership_changed:
            result.memberships_updated += 1


class _Importer:
    def __init__(self, cluster: Cluster, table: Table, *, dry_run: bool = False):
        self.cluster = cluster
        self.table = table
        self.dry_run = dry_run
        self.typed_by_name: list[int] = []  # rows whose type was read from the name
        self.untyped: list[int] = []  # rows without a type, in a file without a type column
        self.suggested = 0  # NACE suggestions made (dry run)
        self.unsuggested = 0  # rows beyond SUGGESTION_ROWS that would have had one
        self.notes: list[Problem] = []  # per-row notes, in row order
        self.columns: dict[str, str] = {}  # canonical -> header in this file
        self.nuts = {r.code: r for r in NutsRegion.objects.all()}
        self.nace = {c.code: c for c in NaceCode.objects.all()}
        self.today = timezone.localdate()
        # Filled by _prefetch from the names and numbers in the file.
        self.by_number: dict[tuple[str, str], Organisation] = {}
        self.by_name: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
        self.memberships: dict[int, list[Membership]] = defaultdict(list)
        self.secondary: dict[int, set[str]] = defaultdict(set)

    # -- columns -----------------------------------------------------------------------------

    def header(self, canonical: str) -> str:
        """The column name to show for a canonical column: the file's own header if present."""
        return self.columns.get(canonical) or DEFAULT_HEADERS.get(canonical, canonical)

    def _map_columns(self, result: ImportResult) -> None:
        for canonical, aliases in ALIASES.items():
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
        if "name" not in self.columns:
            result.problems.append(
                Problem(1, "name", _("The file has no name column (the organisation's name)."))
            )
        if "country" not in self.columns:
            result.problems.append(
                Problem(
                    1,
                    "country",
                    _("The file has no country column (ISO code or name, e.g. LV or Latvija)."),
                )
            )
        known = {a for aliases in ALIASES.values() for a in aliases} | set(DESCRIPTION_EXTRAS)
        result.ignored_columns = [h for h in self.table.headers if h not in known]

    # -- validation --------------------------------------------------------------------------

    def _prefetch(self, rows: list[dict[str, str]]) -> None:
        """Fetch every organisation the file may name, with its memberships and NACE codes.

        A superset is fine (a name in another country, say): matching below is exact.
        """
        names_header = self.columns["name"]
        number_header = self.columns.get("registration_number")
        country_header = self.columns["country"]
        wanted = {name_key(row.get(names_header, "")) for row in rows} - {""}
        countries = {
            country_code_for(text) for text in {row.get(country_header, "") for row in rows} - {""}
        } - {None}
        numbers = (
            sorted({row.get(number_header, "") for row in rows} - {""}) if number_header else []
        )
        # Names are compared folded (NFC, case), which neither database does alike in SQL: read
        # the names of the file's countries (three columns) and fetch the matching rows by key.
        named = [
            pk
            for pk, name in Organisation.objects.filter(country__in=sorted(countries)).values_list(
                "pk", "name"
            )
            if name_key(name) in wanted
        ]
        found: dict[int, Organisation] = {}
        for chunk in _chunks(sorted(named)):
            found.update((o.pk, o) for o in Organisation.objects.filter(pk__in=chunk))
        for chunk in _chunks(numbers):
            found.update(
                (o.pk, o) for o in Organisation.objects.filter(registration_number__in=chunk)
            )
        for organisation in sorted(found.values(), key=lambda o: o.pk):
            # From the prefetched tables, so comparing and cleaning need no lookup.
            if organisation.nuts_region_id:
                organisation.nuts_region = self.nuts[organisation.nuts_region_id]
            if organisation.primary_nace_id:
                organisation.primary_nace = self.nace[organisation.primary_nace_id]
            if organisation.registration_number is not None:
                key = (organisation.country, organisation.registration_number)
                self.by_number[key] = organisation
            self.by_name[(organisation.country, name_key(organisation.name))].append(organisation)
        for membership in Membership.objects.filter(cluster=self.cluster):
            self.memberships[membership.organisation_id].append(membership)
        through = Organisation.secondary_nace.through
        for chunk in _chunks(sorted(found)):
            pairs = through.objects.filter(organisation_id__in=chunk).values_list(
                "organisation_id", "nacecode_id"
            )
            for organisation_id, code in pairs:
                self.secondary[organisation_id].add(code)

    def validate(self, result: ImportResult, report: Callable[[int], None]) -> list[_RowPlan]:
        self._map_columns(result)
        if result.problems:
            return []
        numbered = self.table.numbered_rows()
        result.rows = len(numbered)
        self._prefetch([row for _number, row in numbered])
        plans: list[_RowPlan] = []
        seen: dict[tuple, int] = {}
        for done, (number, row) in enumerate(numbered, 1):
            if done % PROGRESS_EVERY == 0:
                report(done)
            problems: list[Problem] = []
            try:
                plan = self._plan_row(number, row, problems)
            except _RowProblems:
                plan = None
            if plan is not None:
                self._check_repeats(plan, seen, problems)
            result.problems.extend(problems)
            if plan is not None and not problems:
                plans.append(plan)
        self._summarise(result)
        return plans

    def _summarise(self, result: ImportResult) -> None:
        """The file-wide message and notes gathered while reading the rows."""
        result.notes.extend(self.notes)
        if self.untyped:
            result.problems.append(
                Problem(
                    1,
                    "type",
                    _(
                        "The file has no type column, and the names in rows %(rows)s do not say "
                        "what kind of organisation each is. Add a type column (%(choices)s); a "
                        "row whose name says it (university, association, municipality...) may "
                        "leave it empty."
                    )
                    % {"rows": _row_list(self.untyped), "choices": choice_list(OrganisationType)},
                )
            )
        if self.typed_by_name:
            result.notes.append(
                Problem(
                    None,
                    "",
                    ngettext(
                        "The type of %(n)s row was read from its name (row %(rows)s).",
                        "The type of %(n)s rows was read from their names (rows %(rows)s).",
                        len(self.typed_by_name),
                    )
                    % {"n": len(self.typed_by_name), "rows": _row_list(self.typed_by_name)},
                )
            )
        if self.unsuggested:
            result.notes.append(
                Problem(
                    None,
                    "",
                    _(
                        "NACE codes are suggested for the first %(cap)s rows without one only; "
                        "%(n)s more rows have a description and no NACE code."
                    )
                    % {"cap": SUGGESTION_ROWS, "n": self.unsuggested},
                )
            )

    def _check_repeats(self, plan: _RowPlan, seen: dict[tuple, int], problems) -> None:
        """The same organisation twice in one file would be written twice: refuse the repeat.

        Two rows name the same organisation when they have the same registration number, match
        the same organisation in the registry, or (for a row without a number) the same name.
        """
        org = plan.organisation
        number_key = ("number", org.country, org.registration_number)
        pk_key = ("pk", org.pk)
        folded_key = ("name", org.country, name_key(org.name))
        candidates = []
        if org.registration_number:
            candidates.append(number_key)
        if not plan.is_new:
            candidates.append(pk_key)
        if not org.registration_number:
            candidates.append(folded_key)
        for key in candidates:
            if key not in seen:
                continue
            if key is number_key:
                message = _("Registration number %(n)s is already used in row %(row)s.") % {
                    "n": org.registration_number,
                    "row": seen[key],
                }
                problems.append(Problem(plan.row, self.header("registration_number"), message))
            else:
                message = _("%(name)s (%(country)s) is already in row %(row)s.") % {
                    "name": org.name,
                    "country": org.country,
                    "row": seen[key],
                }
                problems.append(Problem(plan.row, self.header("name"), message))
            return
        for key in (number_key if org.registration_number else None, pk_key, folded_key):
            if key is not None and key[-1] is not None:
                seen.setdefault(key, plan.row)

    def _plan_row(self, number: int, row: dict[str, str], problems: list[Problem]) -> _RowPlan:
        def cell(canonical: str) -> str:
            header = self.columns.get(canonical)
            return row.get(header, "") if header else ""

        def problem(canonical: str, message: str) -> None:
            problems.append(Problem(number, self.header(canonical), message))

        def note(canonical: str, message: str) -> None:
            self.notes.append(Problem(number, self.header(canonical), message))

        values: dict[str, object] = {}
        name = unicodedata.normalize("NFC", " ".join(cell("name").split()))
        if not name:
            problem("name", _("The name is missing."))
        values["name"] = name
        number_text = cell("registration_number")
        if number_text:
            values["registration_number"] = number_text

        # Old codes (NACE Rev. 2, NUTS 2021) convert with a note, or list the choices (cells.py).
        values["country"] = read_country(cell("country"), "country", problem)
        if nuts_text := cell("nuts_region"):
            values["nuts_region"] = read_nuts(nuts_text, self.nuts, "nuts_region", problem, note)
        described = cell("description")
        if nace_text := cell("primary_nace"):
            values["primary_nace"] = read_nace(
                nace_text, self.nace, "primary_nace", problem, note, description=described
            )
        secondary = None
        if secondary_text := cell("secondary_nace"):
            secondary = read_nace_list(
                secondary_text, self.nace, "secondary_nace", problem, note, description=described
            )

        type_text = cell("org_type")
        if type_text:
            values["org_type"] = match_choice(type_text, OrganisationType) or type_by_keyword(
                type_text
            )
            if not values["org_type"]:
                problem(
                    "org_type",
                    _("Unknown organisation type: %(value)s. Use one of: %(choices)s.")
                    % {"value": type_text, "choices": choice_list(OrganisationType)},
                )
        if size_text := cell("size_class"):
            values["size_class"] = match_choice(size_text, SizeClass) or keyword_choice(
                size_text, SizeClass
            )
            if not values["size_class"]:
                problem(
                    "size_class",
                    _("Unknown size class: %(value)s. Use one of: %(choices)s.")
                    % {"value": size_text, "choices": choice_list(SizeClass)},
                )

        for canonical in ("headcount", "turnover_eur", "balance_sheet_eur"):
            if text := cell(canonical):
                values[canonical] = parse_number(
                    text, canonical, problem, whole=canonical == "headcount"
                )
        for canonical in ("latitude", "longitude"):
            if text := cell(canonical):
                coordinate = parse_number(text, canonical, problem, whole=False)
                # Five decimals (about a metre) is what the model keeps.
                values[canonical] = (
                    None
                    if coordinate is None
                    else coordinate.quantize(Decimal("0.00001"), ROUND_HALF_UP)
                )
        for canonical in ("city", "address"):
            if text := cell(canonical):
                values[canonical] = text

        website, sources = self._urls(cell("website"), problem)
        if website:
            values["website"] = website
        description = compose_description(cell("description"), row, sources)
        if description:
            values["description"] = description

        since_given = parse_date(cell("member_since"), "member_since", problem)
        since = since_given or self.today
        until = parse_date(cell("member_until"), "member_until", problem)
        committed = parse_bool(cell("committed"), problem)
        ground = ""
        if ground_text := cell("commitment_ground"):
            ground = match_choice(ground_text, CommitmentGround) or ""
            if not ground:
                problem(
                    "commitment_ground",
                    _("Unknown ground of commitment: %(value)s. Use one of: %(choices)s.")
                    % {"value": ground_text, "choices": choice_list(CommitmentGround)},
                )
        if problems:
            raise _RowProblems

        organisation, is_new = self._match(values, problem)
        if problems:
            raise _RowProblems
        type_reported = False
        if not type_text and (is_new or not organisation.org_type):
            type_reported = self._type_from_name(number, values, problem)
        if (
            self.dry_run
            and "primary_nace" not in values
            and (is_new or organisation.primary_nace_id is None)
            and cell("description")
        ):
            self._suggest_nace(number, cell("description"))
        changed = False
        for key, value in values.items():
            if is_new or getattr(organisation, key) != value:
                setattr(organisation, key, value)
                changed = True
        if not is_new and secondary is not None:
            current = self.secondary[organisation.pk]
            if current == {c.code for c in secondary}:
                secondary = None  # nothing to replace
            else:
                changed = True
        # The number was checked against the prefetched organisations in _match; the NACE and
        # NUTS objects come from the prefetched tables, so they need no lookup either.
        organisation.registration_checked = True
        exclude = ["nuts_region", "primary_nace"] + (["org_type"] if type_reported else [])
        self._clean(organisation, problems, number, exclude=exclude)

        membership, membership_is_new = self._membership(organisation, is_new, since, since_given)
        membership_changed = membership_is_new or (
            (membership.since, membership.until, membership.committed, membership.commitment_ground)
            != (since_given or membership.since, until, committed, ground if committed else "")
        )
        if since_given:
            membership.since = since_given
        membership.until = until
        membership.committed = committed
        membership.commitment_ground = ground
        self._clean(membership, problems, number, exclude=["cluster", "organisation"])
        if problems:
            raise _RowProblems
        return _RowPlan(
            row=number,
            organisation=organisation,
            is_new=is_new,
            changed=changed,
            secondary_nace=secondary,
            membership=membership,
            membership_is_new=membership_is_new,
            membership_changed=membership_changed,
        )

    def _type_from_name(self, number: int, values: dict, problem) -> bool:
        """Read an empty type from the name; else ask. True when the row's type was reported."""
        inferred = type_from_name(str(values["name"]))
        if inferred:
            values["org_type"] = inferred
            self.typed_by_name.append(number)
            return False
        if "org_type" not in self.columns:
            self.untyped.append(number)  # one message for the file, in _summarise
            raise _RowProblems
        problem(
            "org_type",
            _(
                "What kind of organisation is %(name)s? Its name does not say; write one of: "
                "%(choices)s."
            )
            % {"name": values["name"], "choices": choice_list(OrganisationType)},
        )
        return True

    def _suggest_nace(self, number: int, description: str) -> None:
        if self.suggested >= SUGGESTION_ROWS:
            self.unsuggested += 1
            return
        from clusterhub.registry.nace_suggest import LANGS, suggest  # loads numpy: when needed

        self.suggested += 1
        lang = (get_language() or "en")[:2]
        found, _truncated = suggest(description, lang=lang if lang in LANGS else "en", top=1)
        if found:
            best = found[0]
            self.notes.append(
                Problem(
                    number,
                    self.header("primary_nace"),
                    _("No NACE code; the description suggests %(code)s %(title)s (%(reason)s).")
                    % {"code": best.code, "title": best.title, "reason": best.reason},
                )
            )

    def _urls(self, text: str, problem) -> tuple[str, list[str]]:
        """The first valid URL is the website; the other URLs are sources for the description."""
        parts = [p for p in re.split(r"[\s;]+", text) if p]
        valid = []
        for part in parts:
            try:
                validate_url(part)
            except ValidationError:
                continue
            valid.append(part)
        if parts and not valid:
            problem("website", _("Not a valid web address: %(value)s.") % {"value": text})
            return "", []
        return (valid[0], valid[1:]) if valid else ("", [])

    def _match(self, values: dict, problem) -> tuple[Organisation, bool]:
        """The existing organisation this row describes, or a new one (see the module doc)."""
        country, name = values["country"], values["name"]
        number = values.get("registration_number")
        if number:
            by_number = self.by_number.get((country, number))
            if by_number is not None:
                if name_key(by_number.name) != name_key(name):
                    problem(
                        "registration_number",
                        _(
                            "Registration number %(n)s already belongs to %(other)s in "
                            "%(country)s. Check the number, or use that name."
                        )
                        % {"n": number, "other": by_number.name, "country": country},
                    )
                return by_number, False
            found = [
                o for o in self.by_name[(country, name_key(name))] if o.registration_number is None
            ][:2]
        else:
            found = self.by_name[(country, name_key(name))][:2]
        if len(found) > 1:
            problem(
                "name",
                _(
                    "Several organisations are called %(name)s in %(country)s; add the "
                    "registration number to say which one."
                )
                % {"name": name, "country": country},
            )
        if found:
            values["name"] = found[0].name  # the registry's spelling stays
            return found[0], False
        return Organisation(), True

    def _membership(
        self, organisation: Organisation, is_new: bool, since: date, since_given: date | None
    ) -> tuple[Membership, bool]:
        """The membership the row describes: the one starting that day, else the open one (an
        open membership is the same membership, whatever day the file is imported), else new."""
        others = [] if is_new else self.memberships[organisation.pk]
        existing = next((m for m in others if m.since == since), None)
        if existing is None:
            existing = next((m for m in others if m.until is None), None)
        membership = existing or Membership(cluster=self.cluster, since=since)
        if not is_new:
            membership.organisation = organisation
        membership.known_others = [m for m in others if m is not membership]
        return membership, existing is None

    def _clean(self, instance, problems: list[Problem], number: int, *, exclude) -> None:
        """Run the model's own rules and turn each message into a row/column problem."""
        try:
            # The constraints' rules are also in clean(); checking them again would cost two
            # queries per row.
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                if field_name == NON_FIELD_ERRORS:
                    column = ""
                else:
                    column = self.header(FIELD_COLUMNS.get(field_name, field_name))
                problems.extend(Problem(number, column, m) for m in messages)


def _row_list(rows: list[int]) -> str:
    """'2, 5, 9' or '2, 5, ... 31 (and 20 more)': the first ROWS_NAMED row numbers."""
    shown = ", ".join(str(r) for r in rows[:ROWS_NAMED])
    if len(rows) > ROWS_NAMED:
        return _("%(rows)s and %(n)s more") % {"rows": shown, "n": len(rows) - ROWS_NAMED}
    return shown
