"""Pages to import and export a cluster's member organisations (CSV, XLSX)."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from clusterhub.common.spreadsheets import TableError, check_size
from clusterhub.registry.exporter import FORMATS, HEADERS, export_organisations
from clusterhub.registry.importer import ImportResult, Problem, import_organisations
from clusterhub.registry.queries import clusters_visible_to


class ImportForm(forms.Form):
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


def _cluster_with(request, pk: int, perm: str):
    """The cluster, if visible (else 404), when the user has `perm` on it (else 403)."""
    cluster = get_object_or_404(clusters_visible_to(request.user), pk=pk)
    if not request.user.has_perm(perm, cluster):
        raise PermissionDenied
    return cluster


@login_required
def organisations_import(request, pk: int):
    cluster = _cluster_with(request, pk, "registry.import_members")
    result: ImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            try:
                # Refuse before reading an oversized upload into memory.
                check_size(upload.size, max_bytes=settings.CLUSTERHUB_MAX_IMPORT_BYTES)
            except TableError as exc:
                result = ImportResult(dry_run=dry_run, problems=[Problem(None, "", str(exc))])
            else:
                result = import_organisations(
                    cluster=cluster, data=upload.read(), filename=upload.name, dry_run=dry_run
                )
            if result.written:
                # A fresh form, so that reloading the page does not suggest importing again.
                form = ImportForm()
    else:
        form = ImportForm()
    return render(
        request,
        "registry/io_import.html",
        {
            "cluster": cluster,
            "form": form,
            "result": result,
            "columns": HEADERS,
            "can_export": request.user.has_perm("registry.export_members", cluster),
            "max_bytes": settings.CLUSTERHUB_MAX_IMPORT_BYTES,
        },
    )


@login_required
def organisations_export(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    cluster = _cluster_with(request, pk, "registry.export_members")
    export = export_organisations(cluster=cluster, fmt=fmt, user=request.user)
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
