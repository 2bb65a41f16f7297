"""Background jobs of the registry: importing a cluster's member organisations, or clusters into
a programme (or the whole registry), from a stored upload (dry run or real), so a file of any
accepted size is checked and written by a worker while the page shows progress (common/jobs.py,
docs/jobs.md)."""

import hashlib

from django.utils.translation import gettext as _

from clusterhub.common.jobs import JobFailed
from clusterhub.common.jobs import register_job
from clusterhub.common.jobs import report_step
from clusterhub.common.models import Job
from clusterhub.common.models import job_files_storage
from clusterhub.common.progress import OnProgress
from clusterhub.registry.importer import ImportResult
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.importer.clusters import ClusterImportResult
from clusterhub.registry.importer.clusters import import_clusters
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme

IMPORT_KIND = "registry.import_organisations"
CLUSTER_IMPORT_KIND = "registry.import_clusters"


def import_dedupe_key(cluster: Cluster, *, dry_run: bool, digest: str) -> str:
    """One real import into a cluster at a time (two would race for the same memberships);
    a check of the same file into the same cluster at a time."""
    if dry_run:
        return f"{IMPORT_KIND}:check:{cluster.pk}:{digest[:40]}"
    return f"{IMPORT_KIND}:write:{cluster.pk}"


def cluster_import_dedupe_key(programme: Programme | None, *, dry_run: bool, digest: str) -> str:
    """One real cluster import at a time in the whole registry (two files may name the same
    cluster, whatever the programme); a check of the same file for the same programme at a time."""
    if dry_run:
        return f"{CLUSTER_IMPORT_KIND}:check:{programme.pk if programme else 0}:{digest[:40]}"
    return f"{CLUSTER_IMPORT_KIND}:write"


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _problem_rows(problems) -> list[dict]:
    return [{"row": p.row, "column": str(p.column), "message": str(p.message)} for p in problems]


def result_dict(result: ImportResult, *, params: dict, **scope) -> dict:
    """What the job page shows of an import; `scope` names where it went (cluster=pk, or
    programme=pk or None)."""
    return {
        "dry_run": result.dry_run,
        "ok": result.ok,
        "written": result.written,
        "summary": result.summary() if result.ok else "",
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "memberships_added": result.memberships_added,
        "memberships_updated": result.memberships_updated,
        "problems": _problem_rows(result.problems),
        "notes": _problem_rows(result.notes),
        "ignored_columns": [str(c) for c in result.ignored_columns],
        "filename": params.get("filename", ""),
        **scope,
    }


def _stored_upload(params: dict) -> bytes:
    try:
        with job_files_storage().open(params["file"], "rb") as handle:
            return handle.read()
    except (KeyError, OSError) as exc:
        raise JobFailed(_("The uploaded file is no longer stored; upload it again.")) from exc


def _report_checking(on_progress: OnProgress, params: dict) -> None:
    report_step(
        on_progress, _("Checking rows") if params.get("dry_run") else _("Checking and writing rows")
    )


# All or nothing (the importer writes every row in one transaction), so a job whose worker died
# may safely run again once from the start.
@register_job(IMPORT_KIND, retries=1, result_template="registry/_import_job_result.html")
def import_organisations_job(job: Job, on_progress: OnProgress) -> dict:
    params = job.params
    cluster = Cluster.objects.filter(pk=params.get("cluster")).first()
    if cluster is None:
        raise JobFailed(_("The cluster to import into no longer exists."))
    if job.owner is not None and not job.owner.has_perm("registry.import_members", cluster):
        raise JobFailed(
            _("You may no longer import members into %(cluster)s.") % {"cluster": cluster}
        )
    data = _stored_upload(params)
    _report_checking(on_progress, params)
    result = import_organisations(
        cluster=cluster,
        data=data,
        filename=params.get("filename", ""),
        dry_run=bool(params.get("dry_run")),
        on_progress=on_progress,
    )
    return result_dict(result, params=params, cluster=cluster.pk)


# All or nothing too: a job whose worker died runs again once from the start.
@register_job(CLUSTER_IMPORT_KIND, retries=1, result_template="registry/_import_job_result.html")
def import_clusters_job(job: Job, on_progress: OnProgress) -> dict:
    params = job.params
    programme = None
    if params.get("programme") is not None:
        programme = Programme.objects.filter(pk=params["programme"]).first()
        if programme is None:
            raise JobFailed(_("The programme to import into no longer exists."))
    owner = job.owner
    if owner is None or not owner.has_perm("registry.import_clusters", programme):
        raise JobFailed(_("You may no longer import clusters here."))
    data = _stored_upload(params)
    _report_checking(on_progress, params)
    result: ClusterImportResult = import_clusters(
        data=data,
        filename=params.get("filename", ""),
        dry_run=bool(params.get("dry_run")),
        programme=programme,
        may_use_programme=lambda p: owner.has_perm("registry.import_clusters", p),
        may_update_cluster=lambda c: owner.has_perm("registry.update_cluster_by_import", c),
        on_progress=on_progress,
    )
    return result_dict(result, params=params, programme=params.get("programme"))
