"""Import clusters from a CSV or XLSX file, and the sector and acronym rules it needs.

The same contract as the organisation import (importer/__init__.py): every row is checked first,
every problem named by row and column, a dry run writes nothing, and a real run writes all rows
in one transaction or none. Clusters are few (hundreds, not tens of thousands), so rows are
written one by one with `save()`, each with its history row.

Matching (so a re-import updates instead of duplicating): a row with an acronym matches the
cluster with that acronym (case ignored); a row without one matches the cluster of the same name
(NFC, case-folded). An acronym that belongs to a cluster of another name is refused (renaming
through an import is more often a typing error). A new cluster without an acronym gets one made
from the name's initials (`make_acronym`), unique in the registry and in the file.

Sector group: one of the 14 ESCA sector groups (value or English label), or NACE codes (a
division "62" or a class "62.10", several separated by ";"): the codes become the cluster's
sectors and the group is read from the first one that maps to a group (`DIVISION_GROUPS`).

Programme: the row's programme column (an acronym), else the programme given to the import. The
cluster is added to it; an importer may only name programmes `may_use_programme` allows, and may
only update clusters `may_update_cluster` allows (the page passes the user's rules).

Label: `label` (Bronze, Silver, Gold) and `label_valid_until` record a label award. Awards live
in the assessment area, above the registry: it registers a `LabelStore` here at start-up
(`register_label_store`); without one the label columns are refused.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusterhub.common.spreadsheets import Table
from clusterhub.common.text import search_key
from clusterhub.registry.countries import country_code_for
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.importer import (
    ImportResult,
    Problem,
    _row_list,
    changed_meanwhile,
    name_key,
    read_upload,
)
from clusterhub.registry.importer.cells import parse_date, read_nace, read_nuts, validate_url
from clusterhub.registry.models import Cluster, NaceCode, NutsRegion, Programme

# Canonical column -> the header names (normalised) that mean it.
CLUSTER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("name", "cluster", "cluster_name"),
    "acronym": ("acronym", "short_name", "abbreviation"),
    "country": ("country", "country_code"),
    "nuts_region": ("nuts_region", "nuts", "nuts_code", "region", "nuts3", "nuts3_2024_derived"),
    "sector_group": ("sector_group", "sector", "sectors", "nace", "nace_divisions"),
    "website": ("website", "url", "homepage"),
    "city": ("city", "town"),
    "description": ("description",),
    "label": ("label", "label_level", "esca_label"),
    "label_valid_until": ("label_valid_until", "label_validity", "label_valid", "valid_until"),
    "programme": ("programme", "program", "programme_acronym"),
}
REQUIRED = ("name", "country", "sector_group")

# The columns an export writes and an import reads back, in order.
CLUSTER_HEADERS = (
    "name",
    "acronym",
    "country",
    "nuts_region",
    "sector_group",
    "website",
    "city",
    "description",
    "label",
    "label_valid_until",
    "programme",
)

# NACE 2.1 division -> ESCA sector group, where the division clearly belongs to one; a class
# listed in CLASS_GROUPS overrides its division. Divisions without a group (trade, finance,
# public administration...) leave the group to be written in words.
_DIVISION_RANGES: tuple[tuple[int, int, str], ...] = (
    (1, 3, SectorGroup.FOOD),
    (5, 6, SectorGroup.ENERGY_ENVIRONMENT),
    (7, 9, SectorGroup.MATERIALS),
    (10, 12, SectorGroup.FOOD),
    (13, 17, SectorGroup.PRODUCTION),
    (18, 18, SectorGroup.CREATIVE),
    (19, 20, SectorGroup.MATERIALS),
    (21, 21, SectorGroup.HEALTH),
    (22, 23, SectorGroup.MATERIALS),
    (24, 25, SectorGroup.PRODUCTION),
    (26, 26, SectorGroup.MICRO_NANO),
    (27, 28, SectorGroup.PRODUCTION),
    (29, 30, SectorGroup.TRANSPORT),
    (31, 33, SectorGroup.PRODUCTION),
    (35, 35, SectorGroup.ENERGY_ENVIRONMENT),
    (36, 36, SectorGroup.MARITIME),
    (37, 39, SectorGroup.ENERGY_ENVIRONMENT),
    (41, 43, SectorGroup.CONSTRUCTION),
    (49, 49, SectorGroup.TRANSPORT),
    (50, 50, SectorGroup.MARITIME),
    (51, 51, SectorGroup.AVIATION_SPACE),
    (52, 53, SectorGroup.TRANSPORT),
    (55, 56, SectorGroup.TOURISM),
    (58, 60, SectorGroup.CREATIVE),
    (61, 63, SectorGroup.ICT),
    (73, 74, SectorGroup.CREATIVE),
    (75, 75, SectorGroup.HEALTH),
    (79, 79, SectorGroup.TOURISM),
    (86, 88, SectorGroup.HEALTH),
    (90, 91, SectorGroup.CREATIVE),
    (92, 93, SectorGroup.TOURISM),
)
DIVISION_GROUPS: dict[str, str] = {
    f"{d:02d}": group for low, high, group in _DIVISION_RANGES for d in range(low, high + 1)
}
CLASS_GROUPS: dict[str, str] = {
    "21.10": SectorGroup.BIOTECHNOLOGY,  # basic pharmaceutical products
    "30.11": SectorGroup.MARITIME,  # ships
    "30.12": SectorGroup.MARITIME,  # boats
    "30.30": SectorGroup.AVIATION_SPACE,  # aircraft and spacecraft
    "32.50": SectorGroup.HEALTH,  # medical instruments
    "58.29": SectorGroup.ICT,  # software publishing
    "72.10": SectorGroup.BIOTECHNOLOGY,  # R&D in natural sciences and engineering
}
LABEL_LEVELS = ("bronze", "silver", "gold")

# Words left out of a made acronym ("Cluster of Food and Drinks" -> CFD).
_SMALL_WORDS = {
    "of", "and", "the", "for", "in", "on", "a", "an", "&", "und", "der", "die", "das", "für",
    "och", "för", "i", "av", "un", "ja", "de", "des", "du", "la", "le", "et", "del", "y", "e",
    "di", "per", "van", "het", "en",
}  # fmt: skip
MAX_ACRONYM = 12


class LabelStore(Protocol):
    """Where label awards live (filled by the assessment area at start-up)."""

    def current(self, cluster_ids: list[int]) -> dict[int, set[tuple[str, date]]]:
        """(level, valid_until) of the awards each cluster already holds."""

    def record(self, cluster: Cluster, level: str, valid_until: date) -> None:
        """Record an award valid until that day (with its history)."""


_label_store: list[LabelStore] = []


def register_label_store(store: LabelStore) -> None:
    _label_store[:] = [store]


def label_store() -> LabelStore | None:
    return _label_store[0] if _label_store else None


def group_for_nace(code: str) -> str | None:
    """The ESCA sector group of a NACE class or division, if it clearly has one."""
    return CLASS_GROUPS.get(code) or DIVISION_GROUPS.get(code[:2])


def make_acronym(name: str, taken: set[str], country: str = "") -> str:
    """A readable acronym from the name's initials, not in `taken` (upper-cased acronyms).

    Words in capitals are kept whole ("Latvian IT Cluster" -> LITC); a name of one word gives
    its first letters. A taken acronym gets the country ("LITC-LV"), then a number.
    """
    words = [w for w in re.split(r"[^\w&]+", name) if w]
    parts = []
    for word in words:
        if word.casefold() in _SMALL_WORDS:
            continue
        if word.isupper() and len(word) <= 4:
            parts.append(word)
        else:
            parts.append(word[0])
    base = search_key("".join(parts)).replace(" ", "").upper()
    if len(base) < 2:
        base = search_key(name).replace(" ", "").upper()[:5] or "CL"
    base = base[:MAX_ACRONYM]
    candidates = [base] + ([f"{base}-{country}"] if country else [])
    candidates += [f"{base}-{n}" for n in range(2, 1000)]
    return next(c for c in candidates if c.upper() not in taken)


@dataclass
class ClusterImportResult(ImportResult):
    """As for organisations; memberships_* count clusters added to a programme, and labels."""

    labels_added: int = 0
    acronyms_made: list[tuple[int, str]] = field(default_factory=list)

    def summary(self) -> str:
        counts = {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "labels": self.labels_added,
        }
        if self.dry_run:
            text = _(
                "Dry run: %(rows)s rows are valid. Importing would create %(created)s clusters, "
                "update %(updated)s, leave %(unchanged)s unchanged and record %(labels)s labels. "
                "Nothing was written."
            )
        else:
            text = _(
                "Imported %(rows)s rows: %(created)s clusters created, %(updated)s updated, "
                "%(unchanged)s unchanged; %(labels)s labels recorded."
            )
        return text % counts


@dataclass
class _Plan:
    row: int
    cluster: Cluster
    is_new: bool
    changed: bool
    sectors: list[NaceCode] | None
    programmes: list[Programme]
    label: tuple[str, date] | None
    fields_changed: bool = False  # the cluster's own fields (else only sectors, programmes)


class _RowProblems(Exception):
    pass


def import_clusters(
    *,
    data: bytes,
    filename: str,
    dry_run: bool,
    programme: Programme | None = None,
    may_use_programme: Callable[[Programme], bool] | None = None,
    may_update_cluster: Callable[[Cluster], bool] | None = None,
) -> ClusterImportResult:
    """Validate every row; unless dry_run or any problem, write all rows in one transaction.

    `programme`: the programme a row without a programme column joins. The two callables are
    the importing user's rights (None: the operator at the command line, who may do all).
    Side effects (real run without problems only): creates or updates clusters, their sectors,
    their programme and label awards (clusters with their history rows).
    """
    result = ClusterImportResult(dry_run=dry_run)
    table = read_upload(data, filename, result)
    if table is None:
        return result
    importer = _ClusterImporter(
        table,
        programme=programme,
        may_use_programme=may_use_programme or (lambda _p: True),
        may_update_cluster=may_update_cluster or (lambda _c: True),
    )
    plans = importer.validate(result)
    if not result.problems and not dry_run:
        try:
            with transaction.atomic():
                _write(plans)
        except (ValidationError, IntegrityError) as exc:
            result.problems.append(changed_meanwhile(exc))
            return result
    if not result.problems:
        for plan in plans:
            if plan.is_new:
                result.created += 1
            elif plan.changed:
                result.updated += 1
            else:
                result.unchanged += 1
            result.labels_added += plan.label is not None
    return result


def _write(plans: list[_Plan]) -> None:
    for plan in plans:
        if plan.is_new or plan.fields_changed:
            plan.cluster.save()
        if plan.sectors is not None:
            plan.cluster.sectors.set(plan.sectors)
        for programme in plan.programmes:
            programme.clusters.add(plan.cluster)
        if plan.label is not None:
            _label_store[0].record(plan.cluster, *plan.label)


class _ClusterImporter:
    def __init__(self, table: Table, *, programme, may_use_programme, may_update_cluster):
        self.table = table
        self.programme = programme
        self.may_use_programme = may_use_programme
        self.may_update_cluster = may_update_cluster
        self.columns: dict[str, str] = {}
        self.nuts = {r.code: r for r in NutsRegion.objects.all()}
        self.nace = {c.code: c for c in NaceCode.objects.filter(level__in=(2, 4))}
        self.programmes = {p.acronym.upper(): p for p in Programme.objects.all()}
        clusters = list(Cluster.objects.all())
        self.by_acronym = {c.acronym.upper(): c for c in clusters}
        self.by_name: dict[str, list[Cluster]] = {}
        for cluster in clusters:
            self.by_name.setdefault(name_key(cluster.name), []).append(cluster)
        self.taken = set(self.by_acronym)
        self.in_programme: dict[int, set[int]] = {}
        through = Programme.clusters.through
        for programme_id, cluster_id in through.objects.values_list("programme_id", "cluster_id"):
            self.in_programme.setdefault(cluster_id, set()).add(programme_id)
        self.sectors: dict[int, set[str]] = {}
        for cluster_id, code in Cluster.sectors.through.objects.values_list(
            "cluster_id", "nacecode_id"
        ):
            self.sectors.setdefault(cluster_id, set()).add(code)
        self.labels: dict[int, set[tuple[str, date]]] = {}
        self.new_rows: dict[int, int] = {}  # id() of a cluster new in this file -> its row

    def header(self, canonical: str) -> str:
        return self.columns.get(canonical, canonical)

    def _map_columns(self, result: ImportResult) -> None:
        for canonical, aliases in CLUSTER_ALIASES.items():
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
        messages = {
            "name": _("The file has no name column (the cluster's name)."),
            "country": _("The file has no country column (ISO code or name, e.g. LV or Latvija)."),
            "sector_group": _(
                "The file has no sector_group column (an ESCA sector group, or NACE divisions "
                "such as 62; 63)."
            ),
        }
        for canonical in REQUIRED:
            if canonical not in self.columns:
                result.problems.append(Problem(1, canonical, messages[canonical]))
        if ("label" in self.columns) != ("label_valid_until" in self.columns):
            missing = "label_valid_until" if "label" in self.columns else "label"
            result.problems.append(
                Problem(
                    1,
                    missing,
                    _("Give both the label and label_valid_until columns, or neither."),
                )
            )
        elif "label" in self.columns and not _label_store:
            result.problems.append(
                Problem(1, self.header("label"), _("Labels cannot be recorded here."))
            )
        known = {a for aliases in CLUSTER_ALIASES.values() for a in aliases}
        result.ignored_columns = [h for h in self.table.headers if h not in known]

    def validate(self, result: ClusterImportResult) -> list[_Plan]:
        self._map_columns(result)
        if result.problems:
            return []
        numbered = self.table.numbered_rows()
        result.rows = len(numbered)
        if "label" in self.columns:
            self.labels = _label_store[0].current(sorted(c.pk for c in self.by_acronym.values()))
        plans: list[_Plan] = []
        seen: dict[int, int] = {}  # id() of the matched or new cluster -> row
        for number, row in numbered:
            problems: list[Problem] = []
            try:
                plan = self._plan_row(number, row, problems, result)
            except _RowProblems:
                plan = None
            if plan is not None:
                first = seen.setdefault(id(plan.cluster), number)
                if first != number:
                    problems.append(
                        Problem(
                            number,
                            self.header("name"),
                            _("%(name)s is already in row %(row)s.")
                            % {"name": plan.cluster.name, "row": first},
                        )
                    )
            result.problems.extend(problems)
            if plan is not None and not problems:
                plans.append(plan)
        if result.acronyms_made:
            rows = [row for row, _acronym in result.acronyms_made]
            result.notes.append(
                Problem(
                    None,
                    "",
                    _(
                        "Acronyms were made from the names of the clusters in rows %(rows)s: %(list)s."
                    )
                    % {
                        "rows": _row_list(rows),
                        "list": ", ".join(a for _row, a in result.acronyms_made[:10]),
                    },
                )
            )
        return plans

    def _plan_row(self, number, row, problems, result) -> _Plan:
        def cell(canonical: str) -> str:
            header = self.columns.get(canonical)
            return row.get(header, "").strip() if header else ""

        def problem(canonical: str, message: str) -> None:
            problems.append(Problem(number, self.header(canonical), message))

        def note(canonical: str, message: str) -> None:
            result.notes.append(Problem(number, self.header(canonical), message))

        values: dict[str, object] = {}
        name = unicodedata.normalize("NFC", " ".join(cell("name").split()))
        if not name:
            problem("name", _("The name is missing."))
        values["name"] = name

        country_text = cell("country")
        country = country_code_for(country_text) if country_text else None
        if not country_text:
            problem("country", _("The country is missing."))
        elif country is None:
            problem("country", _("Unknown country: %(value)s.") % {"value": country_text})
        values["country"] = country or ""

        if nuts_text := cell("nuts_region"):
            # A NUTS 2021 code converts with a note, or lists the regions to choose from.
            values["nuts_region"] = read_nuts(nuts_text, self.nuts, "nuts_region", problem, note)

        sectors = None
        if sector_text := cell("sector_group"):
            group, sectors = self._sector(sector_text, problem, note)
            if group:
                values["sector_group"] = group

        if website := cell("website"):
            try:
                validate_url(website)
            except ValidationError:
                problem("website", _("Not a valid web address: %(value)s.") % {"value": website})
            values["website"] = website
        for canonical in ("city", "description"):
            if text := cell(canonical):
                values[canonical] = text

        programmes = [self.programme] if self.programme is not None else []
        if programme_text := cell("programme"):
            programmes = []
            for acronym in [a.strip() for a in re.split(r"[;,]", programme_text) if a.strip()]:
                found = self.programmes.get(acronym.upper())
                if found is None:
                    problem("programme", _("Unknown programme: %(value)s.") % {"value": acronym})
                else:
                    programmes.append(found)
        for programme in programmes:
            if not self.may_use_programme(programme):
                problem(
                    "programme",
                    _("You may not add clusters to the programme %(programme)s.")
                    % {"programme": programme.acronym},
                )

        label = None
        if self.columns.get("label"):
            label = self._label(cell("label"), cell("label_valid_until"), problem)
        if problems:
            raise _RowProblems

        cluster, is_new = self._match(number, values, cell("acronym"), problem, result)
        if problems:
            raise _RowProblems
        if not is_new and not self.may_update_cluster(cluster):
            problem(
                "name",
                _(
                    "%(name)s is already in the registry, and you may not change it; ask its "
                    "manager or an administrator."
                )
                % {"name": cluster.name},
            )
            raise _RowProblems
        changed = False
        for key, value in values.items():
            if is_new or getattr(cluster, key) != value:
                setattr(cluster, key, value)
                changed = True
        fields_changed = changed
        if not is_new and sectors is not None:
            if self.sectors.get(cluster.pk, set()) == {c.code for c in sectors}:
                sectors = None
            else:
                changed = True
        if not is_new:
            already = self.in_programme.get(cluster.pk, set())
            programmes = [p for p in programmes if p.pk not in already]
            changed = changed or bool(programmes)
        if label is not None and not is_new and label in self.labels.get(cluster.pk, set()):
            label = None
        if is_new and not cluster.sector_group and "sector_group" not in values:
            problem(
                "sector_group",
                _("The sector group is missing: write one of %(groups)s, or NACE divisions.")
                % {"groups": ", ".join(SectorGroup.values)},
            )
        reported = {p.column for p in problems}
        self._clean(cluster, problems, number, reported)
        if problems:
            raise _RowProblems
        return _Plan(number, cluster, is_new, changed, sectors, programmes, label, fields_changed)

    def _sector(self, text: str, problem, note) -> tuple[str | None, list[NaceCode] | None]:
        """An ESCA group and/or NACE codes separated by ";" ("ict; 62.10; 63"): the group
        written, else the first code's; the codes (if any) are the cluster's sectors."""
        tokens = []
        for token in (t.strip() for t in text.split(";")):
            if re.fullmatch(r"[\d.,\s]+", token):
                tokens.extend(t.strip() for t in token.split(",") if t.strip())
            elif token:
                tokens.append(token)
        found, group, from_codes = [], None, None
        for token in tokens:
            wanted = " ".join(token.casefold().replace("_", " ").split())
            named = next(
                (
                    value
                    for value, label in SectorGroup.choices
                    if wanted in (value.replace("_", " "), str(label).casefold())
                ),
                None,
            )
            if named:
                group = group or named
                continue
            code = f"{token[:2]}.{token[2:]}" if re.fullmatch(r"\d{4}", token) else token
            if re.fullmatch(r"\d\d\.\d\d?", code):
                # A class: a NACE Rev. 2 code converts with a note, or lists its candidates.
                nace = read_nace(code, self.nace, "sector_group", problem, note)
                if nace is None:
                    return None, None
                code = nace.code
            else:
                nace = self.nace.get(code)
            if nace is None:
                problem(
                    "sector_group",
                    _(
                        "Unknown sector group or NACE division: %(value)s. Use one of "
                        "%(groups)s, or NACE divisions such as 62; 63."
                    )
                    % {"value": token, "groups": ", ".join(SectorGroup.values)},
                )
                return None, None
            found.append(nace)
            from_codes = from_codes or group_for_nace(code)
        group = group or from_codes
        if group is None:
            problem(
                "sector_group",
                _(
                    "NACE %(codes)s belongs to no ESCA sector group; add the group (one of "
                    "%(groups)s), e.g. ict; %(codes)s."
                )
                % {
                    "codes": "; ".join(c.code for c in found),
                    "groups": ", ".join(SectorGroup.values),
                },
            )
        return group, (found or None)

    def _label(self, level_text: str, until_text: str, problem) -> tuple[str, date] | None:
        if not level_text and not until_text:
            return None
        words = set(re.findall(r"\w+", level_text.casefold()))
        level = next((lv for lv in LABEL_LEVELS if lv in words), None)
        if level is None:
            problem(
                "label",
                _("Unknown label: %(value)s. Write Bronze, Silver or Gold.")
                % {"value": level_text or "—"},
            )
        until = parse_date(until_text, "label_valid_until", problem)
        if until is None and not until_text:
            problem("label_valid_until", _("Give the day the label is valid until."))
        if level is None or until is None:
            return None
        return level, until

    def _match(self, number, values, acronym_text, problem, result) -> tuple[Cluster, bool]:
        name = str(values["name"])
        found = self.by_acronym.get(acronym_text.upper()) if acronym_text else None
        if found is not None and found.pk is None and name_key(found.name) != name_key(name):
            problem(
                "acronym",
                _("The acronym %(acronym)s is already used in row %(row)s.")
                % {"acronym": found.acronym, "row": self.new_rows[id(found)]},
            )
            return found, False
        if found is not None and name_key(found.name) != name_key(name):
            problem(
                "acronym",
                _(
                    "The acronym %(acronym)s already belongs to %(other)s. Check the acronym, "
                    "or use that name."
                )
                % {"acronym": found.acronym, "other": found.name},
            )
        if found is None:
            same_name = self.by_name.get(name_key(name), [])
            if len(same_name) > 1:
                problem(
                    "name",
                    _("Several clusters are called %(name)s; add the acronym to say which one.")
                    % {"name": name},
                )
            found = same_name[0] if same_name else None
            if found is not None and acronym_text:
                problem(
                    "acronym",
                    _(
                        "%(name)s is already in the registry with the acronym %(acronym)s; "
                        "change the acronym on its page, or write %(acronym)s here."
                    )
                    % {"name": found.name, "acronym": found.acronym},
                )
        if found is not None:
            if found.pk is None:  # made by an earlier row of this file
                problem(
                    "name",
                    _("%(name)s is already in row %(row)s.")
                    % {"name": found.name, "row": self.new_rows[id(found)]},
                )
            values["name"] = found.name
            return found, False
        if acronym_text:
            acronym = acronym_text
        else:
            acronym = make_acronym(name, self.taken, str(values["country"]))
            result.acronyms_made.append((number, acronym))
        self.taken.add(acronym.upper())
        cluster = Cluster(acronym=acronym)
        self.new_rows[id(cluster)] = number
        # A second row with the same name or acronym finds this one and is reported as a repeat.
        self.by_acronym[acronym.upper()] = cluster
        self.by_name.setdefault(name_key(name), []).append(cluster)
        return cluster, True

    def _clean(self, cluster: Cluster, problems: list[Problem], number: int, reported) -> None:
        """The model's own rules, for the columns not already reported."""
        try:
            cluster.full_clean(exclude=["nuts_region"], validate_unique=False)
        except ValidationError as exc:
            for field_name, messages in exc.message_dict.items():
                column = "" if field_name == NON_FIELD_ERRORS else self.header(field_name)
                if column and column in reported:
                    continue
                problems.extend(Problem(number, column, m) for m in messages)
