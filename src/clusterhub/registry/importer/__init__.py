"""Import organisations with their memberships into one cluster from a CSV or XLSX file.

Every row is validated first, with the models' own rules (unsaved objects + `full_clean`), and
every problem is reported by spreadsheet row (the header is row 1) and column. Only when no row
has a problem are the rows written, all in one transaction.

Fast for large files (issue 16.6): what validation needs from the database (NACE, NUTS, the
organisations the file names, the cluster's memberships, their secondary NACE codes) is fetched
once before the rows are read, in chunks, and the rows are written with bulk_create/bulk_update
with their history rows in bulk; the query count does not grow with the rows (only by chunk).

Matching existing organisations (so a re-import updates instead of duplicating):
- a row with a registration number matches the organisation with that number in that country;
  failing that, one with the same name in that country and no number (which then gets it);
  a number that belongs to an organisation with another name is refused, since renaming through
  an import is more often a typing error than a real rename (rename on the edit page);
- a row without a number matches the organisation with exactly the same name in that country.
Empty cells leave an existing organisation's values alone. A membership with the same start date
as an existing one in this cluster updates it; any other start date adds a membership, which must
not overlap an existing one.

Organisation types are read by keyword (see TYPE_KEYWORDS). A science park is read as "other":
it runs innovation premises and services rather than doing research itself. A text that names
a cluster or an association ("science park / cluster organisation") is read as an association.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.spreadsheets import Table, TableError, read_table
from clusterhub.common.text import is_ascii_number
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
    type_by_keyword,
    validate_url,
)
from clusterhub.registry.importer.writing import _chunks
from clusterhub.registry.models import Cluster, Membership, NaceCode, NutsRegion, Organisation

# How often (rows) validation reports progress.
PROGRESS_EVERY = 200

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
    try:
        table = read_table(data, filename, max_bytes=settings.CLUSTERHUB_MAX_IMPORT_BYTES)
    except TableError as exc:
        result.problems.append(Problem(None, "", str(exc)))
        return result
    if table.problems:
        result.problems.extend(Problem(p.row, p.column, p.message) for p in table.problems)
        return result
    rows = len(table.rows)
    total = rows if dry_run else 2 * rows

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    importer = _Importer(cluster, table)
    plans = importer.validate(result, report)
    if result.problems or dry_run:
        _count(result, plans)
        report(total)
        return result
    try:
        with transaction.atomic():
            writing.write(plans, lambda done: report(rows + done))
    except (ValidationError, IntegrityError) as exc:
        # Another user changed the registry between validation and writing: nothing is kept.
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        result.problems.append(
            Problem(
                None,
                "",
                _("The registry changed while importing; nothing was written: %(error)s")
                % {"error": " ".join(messages)},
            )
        )
        return result
    _count(result, plans)
    report(total)
    return result


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
    def __init__(self, cluster: Cluster, table: Table):
        self.cluster = cluster
        self.table = table
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
        known = {a for aliases in ALIASES.values() for a in aliases} | set(DESCRIPTION_EXTRAS)
        result.ignored_columns = [h for h in self.table.headers if h not in known]

    # -- validation --------------------------------------------------------------------------

    def _prefetch(self, rows: list[dict[str, str]]) -> None:
        """Fetch every organisation the file may name, with its memberships and NACE codes.

        A superset is fine (a name in another country, say): matching below is exact.
        """
        names_header = self.columns["name"]
        number_header = self.columns.get("registration_number")
        names = sorted({" ".join(row.get(names_header, "").split()) for row in rows} - {""})
        numbers = (
            sorted({row.get(number_header, "") for row in rows} - {""}) if number_header else []
        )
        found: dict[int, Organisation] = {}
        for chunk in _chunks(names):
            found.update((o.pk, o) for o in Organisation.objects.filter(name__in=chunk))
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
            self.by_name[(organisation.country, organisation.name)].append(organisation)
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
        return plans

    def _check_repeats(self, plan: _RowPlan, seen: dict[tuple, int], problems) -> None:
        """The same organisation twice in one file would be written twice: refuse the repeat.

        Two rows name the same organisation when they have the same registration number, match
        the same organisation in the registry, or (for a row without a number) the same name.
        """
        org = plan.organisation
        number_key = ("number", org.country, org.registration_number)
        pk_key = ("pk", org.pk)
        name_key = ("name", org.country, org.name)
        candidates = []
        if org.registration_number:
            candidates.append(number_key)
        if not plan.is_new:
            candidates.append(pk_key)
        if not org.registration_number:
            candidates.append(name_key)
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
        for key in (number_key if org.registration_number else None, pk_key, name_key):
            if key is not None and key[-1] is not None:
                seen.setdefault(key, plan.row)

    def _plan_row(self, number: int, row: dict[str, str], problems: list[Problem]) -> _RowPlan:
        def cell(canonical: str) -> str:
            header = self.columns.get(canonical)
            return row.get(header, "") if header else ""

        def problem(canonical: str, message: str) -> None:
            problems.append(Problem(number, self.header(canonical), message))

        values: dict[str, object] = {}
        name = " ".join(cell("name").split())
        if not name:
            problem("name", _("The name is missing."))
        values["name"] = name
        number_text = cell("registration_number")
        if number_text:
            values["registration_number"] = number_text

        country_text = cell("country")
        country = country_code_for(country_text) if country_text else ""
        if country is None:
            problem("country", _("Unknown country: %(value)s.") % {"value": country_text})
            country = ""
        values["country"] = country

        if nuts_text := cell("nuts_region"):
            region = self.nuts.get(nuts_text.upper().replace(" ", ""))
            if region is None:
                problem("nuts_region", _("Unknown NUTS code: %(value)s.") % {"value": nuts_text})
            values["nuts_region"] = region

        if nace_text := cell("primary_nace"):
            values["primary_nace"] = self._nace(nace_text, "primary_nace", problem)
        secondary = None
        if secondary_text := cell("secondary_nace"):
            secondary = [
                self._nace(code, "secondary_nace", problem)
                for code in re.split(r"[;,]", secondary_text)
                if code.strip()
            ]

        if type_text := cell("org_type"):
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

        since = parse_date(cell("member_since"), "member_since", problem) or self.today
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
        self._clean(organisation, problems, number, exclude=["nuts_region", "primary_nace"])

        membership, membership_is_new = self._membership(organisation, is_new, since)
        membership_changed = membership_is_new or (
            (membership.until, membership.committed, membership.commitment_ground)
            != (until, committed, ground if committed else "")
        )
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

    def _nace(self, text: str, canonical: str, problem) -> NaceCode | None:
        code = text.strip().upper()
        if is_ascii_number(code) and len(code) in (3, 4):
            code = f"{code[:2]}.{code[2:]}"  # 6201 -> 62.01, as people often type it
        found = self.nace.get(code)
        if found is None:
            problem(canonical, _("Unknown NACE code: %(value)s.") % {"value": text.strip()})
        return found

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
                if by_number.name != name:
                    problem(
                        "registration_number",
                        _(
                            "Registration number %(n)s already belongs to %(other)s in "
                            "%(country)s. Check the number, or use that name."
                        )
                        % {"n": number, "other": by_number.name, "country": country},
                    )
                return by_number, False
            found = [o for o in self.by_name[(country, name)] if o.registration_number is None][:2]
        else:
            found = self.by_name[(country, name)][:2]
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
            return found[0], False
        return Organisation(), True

    def _membership(
        self, organisation: Organisation, is_new: bool, since: date
    ) -> tuple[Membership, bool]:
        others = [] if is_new else self.memberships[organisation.pk]
        existing = next((m for m in others if m.since == since), None)
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
