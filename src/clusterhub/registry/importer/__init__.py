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

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.common.spreadsheets import Table
from clusterhub.registry.enums import CommitmentGround
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.importer import writing
from clusterhub.registry.importer.base import Importer
from clusterhub.registry.importer.base import ImportResult
from clusterhub.registry.importer.base import Problem
from clusterhub.registry.importer.base import Row
from clusterhub.registry.importer.base import RowProblems
from clusterhub.registry.importer.base import apply_values
from clusterhub.registry.importer.base import changed_meanwhile
from clusterhub.registry.importer.base import name_key
from clusterhub.registry.importer.base import read_upload
from clusterhub.registry.importer.base import row_list
from clusterhub.registry.importer.base import write_all
from clusterhub.registry.importer.cells import ALIASES
from clusterhub.registry.importer.cells import DEFAULT_HEADERS
from clusterhub.registry.importer.cells import DESCRIPTION_EXTRAS
from clusterhub.registry.importer.cells import FIELD_COLUMNS
from clusterhub.registry.importer.cells import choice_list
from clusterhub.registry.importer.cells import compose_description
from clusterhub.registry.importer.cells import keyword_choice
from clusterhub.registry.importer.cells import match_choice
from clusterhub.registry.importer.cells import parse_bool
from clusterhub.registry.importer.cells import parse_date
from clusterhub.registry.importer.cells import parse_number
from clusterhub.registry.importer.cells import read_country
from clusterhub.registry.importer.cells import read_nace
from clusterhub.registry.importer.cells import read_nace_list
from clusterhub.registry.importer.cells import read_nuts
from clusterhub.registry.importer.cells import read_urls
from clusterhub.registry.importer.cells import type_by_keyword
from clusterhub.registry.importer.known import KnownOrganisations
from clusterhub.registry.importer.org_types import type_from_name
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation

# The names other modules import from here (the shared ones live in importer/base.py).
__all__ = [
    "ImportResult",
    "Problem",
    "changed_meanwhile",
    "import_organisations",
    "name_key",
    "read_upload",
]

# A dry run suggests a NACE code for at most this many rows (each costs a model call).
SUGGESTION_ROWS = 50
Progress = Callable[[int, int], None]


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

    plans = _Importer(cluster, table, dry_run=dry_run).validate(result, report)
    write = lambda: writing.write(plans, lambda done: report(rows + done))  # noqa: E731
    if not result.problems and not dry_run and not write_all(result, write):
        return result
    _count(result, plans)
    report(total)
    return result


def _count(result: ImportResult, plans: list["_RowPlan"]) -> None:
    for plan in plans:
        result.count(plan)
        if plan.membership_is_new:
            result.memberships_added += 1
        elif plan.membership_changed:
            result.memberships_updated += 1


def _choice(row: Row, canonical: str, enum, fallback, message: str):
    """The choice a cell names (by value or label, else `fallback(text)`), or a problem."""
    text = row.cell(canonical)
    if not text:
        return None
    value = match_choice(text, enum) or fallback(text)
    if not value:
        row.problem(canonical, message % {"value": text, "choices": choice_list(enum)})
    return value


class _Importer(Importer):
    aliases = ALIASES
    extra_known = DESCRIPTION_EXTRAS
    default_headers = DEFAULT_HEADERS
    field_columns = FIELD_COLUMNS

    def __init__(self, cluster: Cluster, table: Table, *, dry_run: bool = False):
        super().__init__(table)
        self.cluster = cluster
        self.dry_run = dry_run
        self.typed_by_name: list[int] = []  # rows whose type was read from the name
        self.untyped: list[int] = []  # rows without a type, in a file without a type column
        self.suggested = 0  # NACE suggestions made (dry run)
        self.unsuggested = 0  # rows beyond SUGGESTION_ROWS that would have had one
        self.nuts = {r.code: r for r in NutsRegion.objects.all()}
        self.nace = {c.code: c for c in NaceCode.objects.all()}
        self.today = timezone.localdate()
        # Filled from the names and numbers in the file when validation starts.
        self.known = KnownOrganisations(cluster, self.nuts, self.nace)

    def required(self) -> dict[str, str]:
        return {
            "name": _("The file has no name column (the organisation's name)."),
            "country": _("The file has no country column (ISO code or name, e.g. LV or Latvija)."),
        }

    # -- validation --------------------------------------------------------------------------

    def validate(self, result: ImportResult, report: Callable[[int], None]) -> list[_RowPlan]:
        numbered = self.mapped_rows(result)
        if numbered is None:
            return []
        self.known.fetch([row for _number, row in numbered], self.columns)
        plans = self.plan_rows(result, numbered, report)
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
                    % {"rows": row_list(self.untyped), "choices": choice_list(OrganisationType)},
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
                    % {"n": len(self.typed_by_name), "rows": row_list(self.typed_by_name)},
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

    def check_repeat(self, plan: _RowPlan, seen: dict[tuple, int], row: Row) -> None:
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
                row.problem("registration_number", message)
            else:
                message = _("%(name)s (%(country)s) is already in row %(row)s.") % {
                    "name": org.name,
                    "country": org.country,
                    "row": seen[key],
                }
                row.problem("name", message)
            return
        for key in (number_key if org.registration_number else None, pk_key, folded_key):
            if key is not None and key[-1] is not None:
                seen.setdefault(key, plan.row)

    def plan_row(self, row: Row) -> _RowPlan:
        values, secondary = self._organisation_values(row)
        membership_values = self._membership_values(row)
        row.stop_if_problems()
        organisation, is_new = self.known.match(values, row.problem)
        row.stop_if_problems()
        type_reported = False
        if not row.cell("org_type") and (is_new or not organisation.org_type):
            type_reported = self._type_from_name(row.number, values, row.problem)
        if (
            self.dry_run
            and "primary_nace" not in values
            and (is_new or organisation.primary_nace_id is None)
            and row.cell("description")
        ):
            self._suggest_nace(row.number, row.cell("description"))
        changed = apply_values(organisation, values, is_new)
        if not is_new and secondary is not None:
            current = self.known.secondary[organisation.pk]
            if current == {c.code for c in secondary}:
                secondary = None  # nothing to replace
            else:
                changed = True
        # The number was checked against the prefetched organisations in known.match; the NACE and
        # NUTS objects come from the prefetched tables, so they need no lookup either.
        organisation.registration_checked = True
        exclude = ["nuts_region", "primary_nace"] + (["org_type"] if type_reported else [])
        self.clean(organisation, row, exclude=exclude, constraints=False)
        membership, membership_is_new, membership_changed = self._plan_membership(
            row, organisation, is_new, *membership_values
        )
        row.stop_if_problems()
        return _RowPlan(
            row=row.number,
            organisation=organisation,
            is_new=is_new,
            changed=changed,
            secondary_nace=secondary,
            membership=membership,
            membership_is_new=membership_is_new,
            membership_changed=membership_changed,
        )

    def _organisation_values(self, row: Row) -> tuple[dict[str, object], list | None]:
        """The organisation's values the row gives, and its secondary NACE codes (None: not
        given); each unreadable cell is a problem."""
        cell, problem, note = row.cell, row.problem, row.note
        values: dict[str, object] = {}
        name = unicodedata.normalize("NFC", " ".join(cell("name").split()))
        if not name:
            problem("name", _("The name is missing."))
        values["name"] = name
        if number_text := cell("registration_number"):
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
        if cell("org_type"):
            values["org_type"] = _choice(
                row,
                "org_type",
                OrganisationType,
                type_by_keyword,
                _("Unknown organisation type: %(value)s. Use one of: %(choices)s."),
            )
        if cell("size_class"):
            values["size_class"] = _choice(
                row,
                "size_class",
                SizeClass,
                lambda text: keyword_choice(text, SizeClass),
                _("Unknown size class: %(value)s. Use one of: %(choices)s."),
            )
        self._figures(row, values)
        website, sources = read_urls(cell("website"), problem)
        if website:
            values["website"] = website
        if description := compose_description(cell("description"), row.cells, sources):
            values["description"] = description
        return values, secondary

    def _figures(self, row: Row, values: dict[str, object]) -> None:
        """Headcount, money, coordinates and the address lines the row gives."""
        for canonical in ("headcount", "turnover_eur", "balance_sheet_eur"):
            if text := row.cell(canonical):
                values[canonical] = parse_number(
                    text, canonical, row.problem, whole=canonical == "headcount"
                )
        for canonical in ("latitude", "longitude"):
            if text := row.cell(canonical):
                coordinate = parse_number(text, canonical, row.problem, whole=False)
                # Five decimals (about a metre) is what the model keeps.
                values[canonical] = (
                    None
                    if coordinate is None
                    else coordinate.quantize(Decimal("0.00001"), ROUND_HALF_UP)
                )
        for canonical in ("city", "address"):
            if text := row.cell(canonical):
                values[canonical] = text

    def _membership_values(self, row: Row) -> tuple[date | None, date | None, bool, str]:
        """The membership's start (None: not given), end, commitment and its ground."""
        since_given = parse_date(row.cell("member_since"), "member_since", row.problem)
        until = parse_date(row.cell("member_until"), "member_until", row.problem)
        committed = parse_bool(row.cell("committed"), row.problem)
        ground = _choice(
            row,
            "commitment_ground",
            CommitmentGround,
            lambda _text: "",
            _("Unknown ground of commitment: %(value)s. Use one of: %(choices)s."),
        )
        return since_given, until, committed, ground or ""

    def _plan_membership(
        self, row: Row, organisation, is_new, since_given, until, committed, ground
    ) -> tuple[Membership, bool, bool]:
        """The membership the row writes, whether it is new and whether it changes."""
        membership, membership_is_new = self.known.membership(
            organisation, is_new, since_given or self.today, since_given
        )
        membership_changed = membership_is_new or (
            (membership.since, membership.until, membership.committed, membership.commitment_ground)
            != (since_given or membership.since, until, committed, ground if committed else "")
        )
        if since_given:
            membership.since = since_given
        membership.until = until
        membership.committed = committed
        membership.commitment_ground = ground
        self.clean(membership, row, exclude=["cluster", "organisation"], constraints=False)
        return membership, membership_is_new, membership_changed

    def _type_from_name(self, number: int, values: dict, problem) -> bool:
        """Read an empty type from the name; else ask. True when the row's type was reported."""
        inferred = type_from_name(str(values["name"]))
        if inferred:
            values["org_type"] = inferred
            self.typed_by_name.append(number)
            return False
        if "org_type" not in self.columns:
            self.untyped.append(number)  # one message for the file, in _summarise
            raise RowProblems
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
        from clusterhub.registry.nace_suggest import LANGS  # loads numpy: when needed
        from clusterhub.registry.nace_suggest import suggest  # loads numpy: when needed

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
