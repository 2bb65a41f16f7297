"""Pages of background jobs: one job (progress, result, failure), its progress fragment, its
file, the user's list of jobs, and the administrators' backup button (common/jobs.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.common.access import require
from clusterhub.common.downloads import file_download
from clusterhub.common.jobs import DuplicateJob
from clusterhub.common.jobs import job_url
from clusterhub.common.jobs import reap_stale_jobs
from clusterhub.common.jobs import result_template
from clusterhub.common.jobs import start_job
from clusterhub.common.models import Job
from clusterhub.common.pages import page_of

BACKUP_KIND = "common.backup"


def visible_job_or_404(user, pk: int) -> Job:
    """The job, if `user` may see it; otherwise 404, so nobody learns which ids exist."""
    job = get_object_or_404(Job.objects.select_related("owner"), pk=pk)
    if not user.has_perm("common.view_job", job):
        raise Http404
    if job.state == Job.State.RUNNING and reap_stale_jobs(queryset=Job.objects.filter(pk=pk)):
        job.refresh_from_db()
    return job


def _context(job: Job) -> dict:
    return {"job": job, "result": job.result, "result_template": result_template(job)}


@login_required
def job_detail(request, pk: int):
    job = visible_job_or_404(request.user, pk)
    return render(request, "common/job_detail.html", _context(job))


@login_required
def job_status(request, pk: int):
    """The part of the job page that changes; the page's script fetches it every second while
    the job waits or runs (without script the page reloads itself)."""
    job = visible_job_or_404(request.user, pk)
    response = render(request, "common/_job_status.html", _context(job))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def job_download(request, pk: int):
    job = visible_job_or_404(request.user, pk)
    if job.state != Job.State.DONE:
        raise Http404
    name = (job.result_file.name or "").rsplit("/", 1)[-1]
    return file_download(job.result_file, name)


@login_required
def job_list(request):
    """The signed-in user's own jobs, newest first (staff see everyone's in the admin)."""
    reap_stale_jobs(queryset=Job.objects.filter(owner=request.user))
    page = page_of(request, Job.objects.filter(owner=request.user))
    return render(
        request,
        "common/job_list.html",
        {
            "page_obj": page,
            "jobs": page.object_list,
            "can_back_up": request.user.has_perm("common.start_backup"),
        },
    )


@login_required
@require_POST
def backup_start(request):
    require(request.user, "common.start_backup")
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    try:
        job = start_job(
            BACKUP_KIND,
            owner=request.user,
            title=_("Backup of the whole site, %(when)s") % {"when": stamp},
            params={},
            dedupe_key=BACKUP_KIND,
        )
    except DuplicateJob as exc:
        messages.error(request, exc.messages[0])
        return redirect(
            job_url(exc.job) if request.user.has_perm("common.view_job", exc.job) else "jobs:list"
        )
    return redirect(job_url(job))
