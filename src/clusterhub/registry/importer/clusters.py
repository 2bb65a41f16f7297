"""Import clusters from a CSV or XLSX file (the sector, acronym and label rules are in
importer/cluster_rules.py).

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
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterhub.common.progress import OnProgress
from clusterhub.common.spreadsheets import Table
from clusterhub.registry.countries import country_code_for
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.importer.base import Importer
from clusterhub.registry.importer.base import ImportResult
from clusterhub.registry.importer.base import Problem
from clusterhub.registry.importer.base import Row
from clusterhub.registry.importer.base import RowProblems
from clusterhub.registry.importer.base import apply_values
from clusterhub.registry.importer.base import name_key
from clusterhub.registry.importer.base import read_upload
from clusterhub.registry.importer.base import row_list
from clusterhub.registry.importer.base import write_all
from clusterhub.registry.importer.cells import read_nuts
from clusterhub.registry.importer.cells import validate_url
from clusterhub.registry.importer.cluster_rules import LabelStore
from clusterhub.registry.importer.cluster_rules import group_for_nace
from clusterhub.registry.importer.cluster_rules import label_store
from clusterhub.registry.importer.cluster_rules import make_acronym
from clusterhub.registry.importer.cluster_rules import read_label
from clusterhub.registry.importer.cluster_rules import read_sectors
from clusterhub.registry.importer.cluster_rules import register_label_store
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Programme

# Published here for the pages, the command and the assessment area (defined in cluster_rules).
__all__ = [
    "CLUSTER_HEADERS",
    "ClusterImportResult",
    "LabelStore",
    "group_for_nace",
    "import_clusters",
    "label_store",
    "make_acronym",
    "register_label_store",
]

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


@dataclass
class ClusterImportResult(ImportResult):
    """As for organisations; memberships_* count clusters added to a programme, and labels."""

    labels_added: int = 0
    acronyms_made: list[tuple[int, str]] = field(default_factory=list)

    SUMMARIES = (
        gettext_lazy(
            "Dry run: %(rows)s rows are valid. Importing would create %(created)s clusters, "
            "update %(updated)s, leave %(unchanged)s unchanged and record %(labels)s labels. "
            "Nothing was written."
        ),
        gettext_lazy(
            "Imported %(rows)s rows: %(created)s clusters created, %(updated)s updated, "
            "%(unchanged)s unchanged; %(labels)s labels recorded."
        ),
    )

    def _counts(self) -> dict[str, int]:
        return {**super()._counts(), "labels": self.labels_added}


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


def import_clusters(
    *,
    data: bytes,
    filename: str,
    dry_run: bool,
    programme: Programme | None = None,
    may_use_programme: Callable[[Programme], bool] | None = None,
    may_update_cluster: Callable[[Cluster], bool] | None = None,
    on_progress: OnProgress | None = None,
) -> ClusterImportResult:
    """Validate every row; unless dry_run or any problem, write all rows in one transaction.

    `programme`: the programme a row without a programme column joins. The two callables are
    the importing user's rights (None: the operator at the command line, who may do all).
    Side effects (real run without problems only): creates or updates clusters, their sectors,
    their programme and label awards (clusters with their history rows). `on_progress(done,
    total)` as for organisations: total is the row count, twice it for a real import.
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
    total = len(table.rows) * (1 if dry_run else 2)

    def report(done: int) -> None:
        if on_progress is not None:
            on_progress(done, total)

    plans = importer.validate(result, report)
    write = lambda: _write(plans, lambda done: report(len(table.rows) + done))  # noqa: E731
    if not result.problems and not dry_run and not write_all(result, write):
        return result
    if not result.problems:
        for plan in plans:
            result.count(plan)
            result.labels_added += plan.label is not None
    report(total)
    return result


def _write(plans: list[_Plan], report: Callable[[int], None]) -> None:
    for done, plan in enumerate(plans, 1):
        if done % _ClusterImporter.progress_every == 0:
            report(done)
        # Not common.saving.save: validate() already cleaned each row, and a savepoint per
        # cluster inside write_all's one transaction would only add queries.
        if plan.is_new or plan.fields_changed:
            plan.cluster.save()
        if plan.sectors is not None:
            plan.cluster.sectors.set(plan.sectors)
        for programme in plan.programmes:
            programme.clusters.add(plan.cluster)
        if plan.label is not None:
            label_store().record(plan.cluster, *plan.label)


class _ClusterImporter(Importer):
    aliases = CLUSTER_ALIASES
    strip_cells = True

    def __init__(self, table: Table, *, programme, may_use_programme, may_update_cluster):
        super().__init__(table)
        self.programme = programme
        self.may_use_programme = may_use_programme
        self.may_update_cluster = may_update_cluster
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
        self.acronyms_made: list[tuple[int, str]] = []  # (row, acronym) made from names

    def required(self) -> dict[str, str]:
        return {
            "name": _("The file has no name column (the cluster's name)."),
            "country": _("The file has no country column (ISO code or name, e.g. LV or Latvija)."),
            "sector_group": _(
                "The file has no sector_group column (an ESCA sector group, or NACE divisions "
                "such as 62; 63)."
            ),
        }

    def check_columns(self, result: ImportResult) -> None:
        if ("label" in self.columns) != ("label_valid_until" in self.columns):
            missing = "label_valid_until" if "label" in self.columns else "label"
            result.problems.append(
                Problem(
                    1,
                    missing,
                    _("Give both the label and label_valid_until columns, or neither."),
                )
            )
        elif "label" in self.columns and label_store() is None:
            result.problems.append(
                Problem(1, self.header("label"), _("Labels cannot be recorded here."))
            )

    def validate(
        self, result: ClusterImportResult, report: Callable[[int], None] | None = None
    ) -> list[_Plan]:
        numbered = self.mapped_rows(result)
        if numbered is None:
            return []
        if "label" in self.columns:
            self.labels = label_store().current(sorted(c.pk for c in self.by_acronym.values()))
        plans = self.plan_rows(result, numbered, report)
        result.notes.extend(self.notes)
        result.acronyms_made = self.acronyms_made
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
                        "rows": row_list(rows),
                        "list": ", ".join(a for _row, a in result.acronyms_made[:10]),
                    },
                )
            )
        return plans

    def check_repeat(self, plan: _Plan, seen: dict[int, int], row: Row) -> None:
        """A cluster matched or made by an earlier row is a repeat (seen: id() -> row)."""
        first = seen.setdefault(id(plan.cluster), row.number)
        if first != row.number:
            row.problem(
                "name",
                _("%(name)s is already in row %(row)s.")
                % {"name": plan.cluster.name, "row": first},
            )

    def plan_row(self, row: Row) -> _Plan:
        values, sectors = self._values(row)
        programmes = self._programmes(row)
        label = None
        if self.columns.get("label"):
            label = read_label(row.cell("label"), row.cell("label_valid_until"), row.problem)
        row.stop_if_problems()
        cluster, is_new = self._match(row.number, values, row.cell("acronym"), row.problem)
        row.stop_if_problems()
        if not is_new and not self.may_update_cluster(cluster):
            row.problem(
                "name",
                _(
                    "%(name)s is already in the registry, and you may not change it; ask its "
                    "manager or an administrator."
                )
                % {"name": cluster.name},
            )
            raise RowProblems
        changed = fields_changed = apply_values(cluster, values, is_new)
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
            row.problem(
                "sector_group",
                _("The sector group is missing: write one of %(groups)s, or NACE divisions.")
                % {"groups": ", ".join(SectorGroup.values)},
            )
        reported = {p.column for p in row.problems}
        self.clean(cluster, row, exclude=["nuts_region"], reported=reported)
        row.stop_if_problems()
        return _Plan(
            row.number, cluster, is_new, changed, sectors, programmes, label, fields_changed
        )

    def _values(self, row: Row) -> tuple[dict[str, object], list[NaceCode] | None]:
        """The cluster's values the row gives, and its sectors (None: not given)."""
        cell, problem = row.cell, row.problem
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
            values["nuts_region"] = read_nuts(
                nuts_text, self.nuts, "nuts_region", problem, row.note
            )

        sectors = None
        if sector_text := cell("sector_group"):
            group, sectors = read_sectors(sector_text, self.nace, problem, row.note)
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
        return values, sectors

    def _programmes(self, row: Row) -> list[Programme]:
        """The programmes the row's cluster joins: its own column, else the import's."""
        programmes = [self.programme] if self.programme is not None else []
        if programme_text := row.cell("programme"):
            programmes = []
            for acronym in [a.strip() for a in re.split(r"[;,]", programme_text) if a.strip()]:
                found = self.programmes.get(acronym.upper())
                if found is None:
                    row.problem(
                        "programme", _("Unknown programme: %(value)s.") % {"value": acronym}
                    )
                else:
                    programmes.append(found)
        for programme in programmes:
            if not self.may_use_programme(programme):
                row.problem(
                    "programme",
                    _("You may not add clusters to the programme %(programme)s.")
                    % {"programme": programme.acronym},
                )
        return programmes

    def _match(self, number, values, acronym_text, problem) -> tuple[Cluster, bool]:
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
            self.acronyms_made.append((number, acronym))
        self.taken.add(acronym.upper())
        cluster = Cluster(acronym=acronym)
        self.new_rows[id(cluster)] = number
        # A second row with the same name or acronym finds this one and is reported as a repeat.
        self.by_acronym[acronym.upper()] = cluster
        self.by_name.setdefault(name_key(name), []).append(cluster)
        return cluster, True
