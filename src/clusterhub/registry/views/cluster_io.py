"""Pages to import and export clusters (CSV, XLSX): for a programme's coordinators (into and
from their programme) and for admins (any programme, or none). Imports run as background jobs
(registry/jobs.py), as the member import does."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.models import Job
from clusterhub.registry.exports import FORMATS
from clusterhub.registry.exports import export_clusters
from clusterhub.registry.importer.clusters import CLUSTER_HEADERS
from clusterhub.registry.jobs import CLUSTER_IMPORT_KIND
from clusterhub.registry.jobs import cluster_import_dedupe_key
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.registry.views.io import export_download
from clusterhub.registry.views.io import export_links
from clusterhub.registry.views.io import import_page
from clusterhub.registry.views.io import post_import


def _programme_with(request, pk: int | None, perm: str) -> Programme | None:
    """The programme (404 if none has that id), when the user has `perm` on it (else 403);
    None for the registry as a whole (admins)."""
    programme = object_for(request.user, programmes_visible_to(request.user), pk) if pk else None
    require(request.user, perm, programme)
    return programme


@login_required
def clusters_import(request, pk: int | None = None):
    """As the member import: the file is checked or imported by a background job whose page
    shows progress and result, with "Import now" after a clean dry run."""
    programme = _programme_with(request, pk, "registry.import_clusters")

    def title(dry_run: bool, filename: str) -> str:
        if dry_run:
            return _("Check of the clusters in %(file)s") % {"file": filename}
        if programme is None:
            return _("Import of the clusters in %(file)s") % {"file": filename}
        return _("Import of the clusters in %(file)s into %(programme)s") % {
            "file": filename,
            "programme": programme.acronym,
        }

    scope = {"programme": programme.pk if programme is not None else None}
    posted = post_import(
        request,
        kind=CLUSTER_IMPORT_KIND,
        scope=scope,
        title=title,
        dedupe_key=lambda **how: cluster_import_dedupe_key(programme, **how),
    )
    if programme is not None:
        heading = _("Import clusters into %(name)s") % {"name": programme.acronym}
        exports = ("registry:programme_clusters_export", programme.pk)
    else:
        heading, exports = _("Import clusters"), ("registry:clusters_export",)
    can_export = request.user.has_perm("registry.export_clusters", programme)
    return import_page(
        request,
        posted,
        {
            "title": heading,
            "programme": programme,
            "columns": CLUSTER_HEADERS,
            "recent_jobs": Job.objects.filter(
                owner=request.user, kind=CLUSTER_IMPORT_KIND, params__programme=scope["programme"]
            )[:5],
            **(export_links(_("Export the clusters:"), *exports) if can_export else {}),
        },
    )


@login_required
def clusters_export(request, fmt: str, pk: int | None = None):
    if fmt not in FORMATS:
        raise Http404
    programme = _programme_with(request, pk, "registry.export_clusters")
    return export_download(export_clusters(programme=programme, fmt=fmt))
