"""Export a cluster's current members as CSV or XLSX, in the columns the importer reads; and
clusters themselves (`export_clusters`), in the columns the cluster import reads.

One row per current membership (open, or ending today or later): the organisation's registry
fields and the membership's fields. People and contacts are left out on purpose: an export file
travels outside the platform, where the per-person visibility rules no longer hold. Internal
notes are left out for the same reason. An organisation's finances are left blank for a user the
registry's field rule hides them from (`organisation_fields_hidden_from`), as on its page. Cells go
through common.spreadsheets, which neutralises formula injection.
"""

import re
from dataclasses import dataclass

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.common.downloads import CSV
from clusterhub.common.downloads import XLSX
from clusterhub.common.progress import OnProgress
from clusterhub.common.spreadsheets import write_csv
from clusterhub.common.spreadsheets import write_xlsx
from clusterhub.registry.importer.clusters import CLUSTER_HEADERS
from clusterhub.registry.importer.clusters import label_store
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import team_clusters_prefetch
from clusterhub.registry.rules import organisation_fields_hidden_from

FORMATS = ("csv", "xlsx")

HEADERS = (
    "name",
    "registration_number",
    "country",
    "nuts_region",
    "primary_nace",
    "secondary_nace",
    "type",
    "size_class",
    "headcount",
    "turnover_eur",
    "balance_sheet_eur",
    "website",
    "city",
    "address",
    "latitude",
    "longitude",
    "description",
    "member_since",
    "member_until",
    "committed",
    "commitment_ground",
)

CONTENT_TYPES = {"csv": CSV, "xlsx": XLSX}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def _file_safe(acronym: str, fallback: str) -> str:
    """An acronym (user text) in the characters safe in a file name for Content-Disposition;
    `fallback` when none of its characters is."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", acronym).strip("-") or fallback


def _export_file(headers, rows, *, fmt: str, stem: str, sheet: str) -> ExportFile:
    """The rows as a CSV or XLSX (one sheet named `sheet`) file, named `stem` and today's date."""
    content = write_csv(headers, rows) if fmt == "csv" else write_xlsx(headers, rows, title=sheet)
    filename = f"{stem}-{timezone.localdate().isoformat()}.{fmt}"
    return ExportFile(content=content, content_type=CONTENT_TYPES[fmt], filename=filename)


def current_memberships(cluster: Cluster) -> QuerySet[Membership]:
    today = timezone.localdate()
    return (
        Membership.objects.filter(cluster=cluster)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("organisation")
        .prefetch_related(
            "organisation__secondary_nace", team_clusters_prefetch("organisation__memberships")
        )
        .order_by("organisation__name", "since")
    )


def _row(membership: Membership, hidden: tuple[str, ...]) -> list[object]:
    org = membership.organisation
    return [
        org.name,
        org.registration_number or "",
        org.country,
        org.nuts_region_id or "",
        org.primary_nace_id or "",
        "; ".join(sorted(c.code for c in org.secondary_nace.all())),
        org.org_type,
        org.size_class,
        org.headcount,
        None if "turnover_eur" in hidden else org.turnover_eur,
        None if "balance_sheet_eur" in hidden else org.balance_sheet_eur,
        org.website,
        org.city,
        org.address,
        org.latitude,
        org.longitude,
        org.description,
        membership.since,
        membership.until or "",
        "yes" if membership.committed else "no",
        membership.commitment_ground,
    ]


def export_organisations(
    *, cluster: Cluster, fmt: str, user, on_progress: OnProgress | None = None
) -> ExportFile:
    """The cluster's current members as a file in `fmt` ('csv' or 'xlsx') as `user` may see
    them; `user=None` is the command line (an operator, who holds the database anyway).
    `on_progress(done, total)` is called after each row. No side effects."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    memberships = list(current_memberships(cluster))
    rows = []
    for done, m in enumerate(memberships, start=1):
        hidden = () if user is None else organisation_fields_hidden_from(user, m.organisation)
        rows.append(_row(m, hidden))
        if on_progress is not None:
            on_progress(done, len(memberships))
    stem = f"{_file_safe(cluster.acronym, 'cluster')}-members"
    return _export_file(HEADERS, rows, fmt=fmt, stem=stem, sheet=cluster.acronym)


def export_clusters(
    *, programme: Programme | None, fmt: str, on_progress: OnProgress | None = None
) -> ExportFile:
    """The clusters of `programme` (every cluster when None) in the columns the cluster import
    reads (importer/clusters.py), so that the file imports back unchanged. Only directory
    fields are written (no internal notes). The label is the award valid longest, if any.
    No side effects."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    clusters = Cluster.objects.order_by("name").prefetch_related("programmes", "sectors")
    if programme is not None:
        clusters = clusters.filter(programmes=programme)
    clusters = list(clusters)
    labels = label_store().current([c.pk for c in clusters]) if label_store() else {}
    rows = []
    for done, cluster in enumerate(clusters, start=1):
        sectors = sorted(s.code for s in cluster.sectors.all())
        level, until = max(labels.get(cluster.pk, ()), key=lambda a: a[1], default=("", ""))
        in_programmes = (
            [programme.acronym]
            if programme is not None
            else sorted(p.acronym for p in cluster.programmes.all())
        )
        rows.append(
            [
                cluster.name,
                cluster.acronym,
                cluster.country,
                cluster.nuts_region_id or "",
                "; ".join([cluster.sector_group, *sectors]),
                cluster.website,
                cluster.city,
                cluster.description,
                level.capitalize(),
                until,
                "; ".join(in_programmes),
            ]
        )
        if on_progress is not None:
            on_progress(done, len(clusters))
    stem = "clusters"
    if programme is not None:
        stem = f"{_file_safe(programme.acronym, 'programme')}-clusters"
    return _export_file(CLUSTER_HEADERS, rows, fmt=fmt, stem=stem, sheet="clusters")
