"""Pages to import and export clusters (CSV, XLSX): for a programme's coordinators (into and
from their programme) and for admins (any programme, or none)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from clusterhub.common.spreadsheets import TableError, check_size
from clusterhub.registry.exporter import FORMATS, export_clusters
from clusterhub.registry.importer import Problem
from clusterhub.registry.importer.clusters import (
    CLUSTER_HEADERS,
    ClusterImportResult,
    import_clusters,
)
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import programmes_visible_to


class ClusterImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("The first row names the columns; see the list of columns below."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check every row and write nothing"),
        required=False,
        initial=True,
    )


def _programme_with(request, pk: int | None, perm: str) -> Programme | None:
    """The programme (404 if none has that id), when the user has `perm` on it (else 403);
    None for the registry as a whole (admins)."""
    programme = get_object_or_404(programmes_visible_to(request.user), pk=pk) if pk else None
    if not request.user.has_perm(perm, programme):
        raise PermissionDenied
    return programme


@login_required
def clusters_import(request, pk: int | None = None):
    programme = _programme_with(request, pk, "registry.import_clusters")
    user = request.user
    result: ClusterImportResult | None = None
    if request.method == "POST":
        form = ClusterImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            try:
                # Refuse before reading an oversized upload into memory.
                check_size(upload.size, max_bytes=settings.CLUSTERHUB_MAX_IMPORT_BYTES)
            except TableError as exc:
                result = ClusterImportResult(
                    dry_run=dry_run, problems=[Problem(None, "", str(exc))]
                )
            else:
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
                form = ClusterImportForm()  # reloading the page does not suggest importing again
    else:
        form = ClusterImportForm()
    return render(
        request,
        "registry/cluster_io_import.html",
        {
            "programme": programme,
            "form": form,
            "result": result,
            "columns": CLUSTER_HEADERS,
            "can_export": user.has_perm("registry.export_clusters", programme),
            "max_bytes": settings.CLUSTERHUB_MAX_IMPORT_BYTES,
        },
    )


@login_required
def clusters_export(request, fmt: str, pk: int | None = None):
    if fmt not in FORMATS:
        raise Http404
    programme = _programme_with(request, pk, "registry.export_clusters")
    export = export_clusters(programme=programme, fmt=fmt)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
