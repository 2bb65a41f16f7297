"""Pages to import and export a cluster's member organisations (CSV, XLSX), and the import
flow both import pages share (post_import, import_page; clusters in cluster_io.py):
imports run as background jobs (registry/jobs.py)."""

import uuid
from dataclasses import dataclass
from dataclasses import field

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterhub.common.downloads import download
from clusterhub.common.job_views import visible_job_or_404
from clusterhub.common.jobs import DuplicateJob
from clusterhub.common.jobs import job_url
from clusterhub.common.jobs import start_job
from clusterhub.common.models import Job
from clusterhub.common.models import job_files_storage
from clusterhub.common.pages import id_or_404
from clusterhub.common.spreadsheets import TableError
from clusterhub.common.spreadsheets import check_size
from clusterhub.registry.exports import FORMATS
from clusterhub.registry.exports import HEADERS
from clusterhub.registry.exports import export_organisations
from clusterhub.registry.importer import ImportResult
from clusterhub.registry.importer import Problem
from clusterhub.registry.jobs import IMPORT_KIND
from clusterhub.registry.jobs import file_digest
from clusterhub.registry.jobs import import_dedupe_key
from clusterhub.registry.views.base import cluster_with


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


def oversized(upload, dry_run: bool) -> ImportResult | None:
    """The result refusing an upload over the import size limit, before it is read into memory;
    None when it is within the limit."""
    try:
        check_size(upload.size, max_bytes=settings.CLUSTERHUB_MAX_IMPORT_BYTES)
    except TableError as exc:
        return ImportResult(dry_run=dry_run, problems=[Problem(None, "", str(exc))])
    return None


def export_download(export) -> HttpResponse:
    """An export (registry/exports.py) as a file to save."""
    return download(export.content, export.filename, export.content_type)


def export_links(label: str, url_name: str, *args) -> dict:
    """The page's export links, one per format."""
    urls = [(fmt.upper(), reverse(url_name, args=[*args, fmt])) for fmt in ("csv", "xlsx")]
    return {"exports_label": label, "exports": urls}


def _store_upload(upload, data: bytes) -> str:
    """Keep the upload under VAR_DIR/jobs/imports for the worker (and for "Import now")."""
    safe = get_valid_filename(upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1])[:100] or "upload"
    return job_files_storage().save(f"imports/{uuid.uuid4().hex}-{safe}", ContentFile(data))


@dataclass
class ImportPost:
    """What an import page's POST led to: a redirect to the job started, or the page again
    with the form, a refusal before reading (too large) or a duplicate job refused."""

    response: HttpResponse | None = None
    form: ImportForm = field(default_factory=ImportForm)
    result: ImportResult | None = None
    refused: DuplicateJob | None = None


def confirmed_dry_run(request, kind: str, **scope) -> Job:
    """The clean dry run "Import now" refers to: the user's own, of this kind and scope
    (cluster=pk, or programme=pk or None)."""
    job = visible_job_or_404(request.user, id_or_404(request.POST.get("confirm_job")))
    result = job.result or {}
    if (
        job.kind != kind
        or job.owner_id != request.user.pk
        or any(job.params.get(key) != value for key, value in scope.items())
        or job.state != Job.State.DONE
        or not (result.get("dry_run") and result.get("ok"))
    ):
        raise Http404
    return job


def post_import(request, *, kind: str, scope: dict, title, dedupe_key) -> ImportPost:
    """What an import page was sent, for members and clusters alike (nothing for a GET): an
    upload is checked for size, stored, and checked (dry run) or imported by a background job;
    "Import now" posts `confirm_job` and imports the file a clean dry run stored, without a new
    upload.

    `scope`: the job's target (cluster=pk, or programme=pk or None); `title(dry_run, filename)`
    names the job; `dedupe_key(dry_run=, digest=)` keeps two jobs from racing."""

    def start(*, stored: str, filename: str, digest: str, dry_run: bool) -> Job:
        return start_job(
            kind,
            owner=request.user,
            title=title(dry_run, filename),
            params={
                **scope,
                "file": stored,
                "filename": filename,
                "dry_run": dry_run,
                "sha256": digest,
            },
            dedupe_key=dedupe_key(dry_run=dry_run, digest=digest),
        )

    if request.method != "POST":
        return ImportPost()
    if request.POST.get("confirm_job"):
        checked = confirmed_dry_run(request, kind, **scope)
        try:
            job = start(
                stored=checked.params["file"],
                filename=checked.params.get("filename", ""),
                digest=checked.params.get("sha256", ""),
                dry_run=False,
            )
        except DuplicateJob as exc:
            return ImportPost(refused=exc)
        return ImportPost(response=redirect(job_url(job)))
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return ImportPost(form=form)
    upload, dry_run = form.cleaned_data["file"], form.cleaned_data["dry_run"]
    result = oversized(upload, dry_run)
    if result is not None:
        return ImportPost(form=form, result=result)
    data = upload.read()
    stored = _store_upload(upload, data)
    try:
        job = start(stored=stored, filename=upload.name, digest=file_digest(data), dry_run=dry_run)
    except DuplicateJob as exc:
        job_files_storage().delete(stored)
        return ImportPost(form=form, refused=exc)
    return ImportPost(response=redirect(job_url(job)))


def import_page(request, posted: ImportPost, context: dict):
    """The one import page (registry/import.html), for members and for clusters; once a job
    was started, the redirect to its page instead."""
    if posted.response is not None:
        return posted.response
    refused = posted.refused
    context = {
        "max_bytes": settings.CLUSTERHUB_MAX_IMPORT_BYTES,
        "form": posted.form,
        "result": posted.result,
        "refused": refused,
        "refused_url": job_url(refused.job)
        if refused is not None and request.user.has_perm("common.view_job", refused.job)
        else "",
        **context,
    }
    return render(request, "registry/import.html", context)


@login_required
def organisations_import(request, pk: int):
    """Upload a file: it is stored and checked (dry run) or imported by a background job, and
    the job page shows progress and result, with "Import now" after a clean dry run."""
    cluster = cluster_with(request, pk, "registry.import_members")

    def title(dry_run: bool, filename: str) -> str:
        if dry_run:
            return gettext("Check of %(file)s for %(cluster)s") % {
                "file": filename,
                "cluster": cluster.name,
            }
        return gettext("Import of %(file)s into %(cluster)s") % {
            "file": filename,
            "cluster": cluster.name,
        }

    posted = post_import(
        request,
        kind=IMPORT_KIND,
        scope={"cluster": cluster.pk},
        title=title,
        dedupe_key=lambda **how: import_dedupe_key(cluster, **how),
    )
    can_export = request.user.has_perm("registry.export_members", cluster)
    return import_page(
        request,
        posted,
        {
            "title": gettext("Import members of %(name)s") % {"name": cluster.name},
            "cluster": cluster,
            "columns": HEADERS,
            "recent_jobs": Job.objects.filter(
                owner=request.user, kind=IMPORT_KIND, params__cluster=cluster.pk
            )[:5],
            **(
                export_links(
                    gettext("Export the current members:"),
                    "registry:organisations_export",
                    cluster.pk,
                )
                if can_export
                else {}
            ),
        },
    )


@login_required
def organisations_export(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    cluster = cluster_with(request, pk, "registry.export_members")
    return export_download(export_organisations(cluster=cluster, fmt=fmt, user=request.user))
