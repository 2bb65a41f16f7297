"""Pages to import and export clusters (CSV, XLSX): for a programme's coordinators (into and
from their programme) and for admins (any programme, or none)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext as _

from clusterhub.common.access import object_for, require
from clusterhub.registry.exporter import FORMATS, export_clusters
from clusterhub.registry.importer.clusters import (
    CLUSTER_HEADERS,
    ClusterImportResult,
    import_clusters,
)
from clusterhub.registry.io_views import (
    ImportForm,
    download,
    export_links,
    import_page,
    oversized,
)
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import programmes_visible_to


def _programme_with(request, pk: int | None, perm: str) -> Programme | None:
    """The programme (404 if none has that id), when the user has `perm` on it (else 403);
    None for the registry as a whole (admins)."""
    programme = object_for(request.user, programmes_visible_to(request.user), pk) if pk else None
    require(request.user, perm, programme)
    return programme


@login_required
def clusters_import(request, pk: int | None = None):
    programme = _programme_with(request, pk, "registry.import_clusters")
    user = request.user
    result: ClusterImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            result = oversized(upload, ClusterImportResult, dry_run)
            if result is None:
                result = import_clusters(
                    data=upload.read(),
                    filename=upload.name,
                    dry_run=dry_run,
                    programme=programme,
                    may_use_programme=lambda p: user.has_perm("registry.import_clusters", p),
                    may_update_cluster=lambda c: user.has_perm(
                        "registry.update_cluster_by_import", c
                    ),
                )
            if result.written:
                form = ImportForm()  # reloading the page does not suggest importing again
    else:
        form = ImportForm()
    if programme is not None:
        title = _("Import clusters into %(name)s") % {"name": programme.acronym}
        exports = ("registry:programme_clusters_export", programme.pk)
    else:
        title, exports = _("Import clusters"), ("registry:clusters_export",)
    can_export = user.has_perm("registry.export_clusters", programme)
    return import_page(
        request,
        {
            "title": title,
            "programme": programme,
            "form": form,
            "result": result,
            "columns": CLUSTER_HEADERS,
            **(export_links(_("Export the clusters:"), *exports) if can_export else {}),
        },
    )


@login_required
def clusters_export(request, fmt: str, pk: int | None = None):
    if fmt not in FORMATS:
        raise Http404
    programme = _programme_with(request, pk, "registry.export_clusters")
    return download(export_clusters(programme=programme, fmt=fmt))
