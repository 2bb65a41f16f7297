"""The owner of a background job hears when it ends (common/jobs.py calls this)."""

from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.models import Job
from clusterhub.common.notifications import notify


def notify_owner(job: Job) -> None:
    if job.owner is None:
        return
    with in_language_of(job.owner):
        link = _job_path(job)
        if job.state == Job.State.DONE:
            subject = _("Finished: %(title)s") % {"title": job.title}
            body = _("Your job “%(title)s” has finished. See the result on ClusterHub: %(link)s")
        else:
            subject = _("Failed: %(title)s") % {"title": job.title}
            body = _("Your job “%(title)s” failed: %(reason)s\nDetails on ClusterHub: %(link)s")
        body = body % {"title": job.title, "reason": job.error, "link": link}
        notify(user=job.owner, event=None, subject=subject, body=body)


def _job_path(job: Job) -> str:
    from clusterhub.common.jobs import job_url

    return job_url(job)
