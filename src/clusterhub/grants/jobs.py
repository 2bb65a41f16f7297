"""Grants' background jobs (common/jobs.py): the project report as PDF or XLSX. A PDF of a
project with a few hundred expenditure lines takes seconds to lay out, so the reports page starts
a job and the job page offers the file (docs/performance.md)."""

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from clusterhub.common.jobs import JobFailed
from clusterhub.common.jobs import register_job
from clusterhub.common.jobs import report_step
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.queries import projects_visible_to
from clusterhub.grants.reports import build_report
from clusterhub.grants.reports import report_pdf

REPORT_JOB = "grants.report"
FORMATS = {"pdf": report_pdf, "xlsx": report_xlsx}


@register_job(REPORT_JOB, retries=1)
def report_job(job, on_progress) -> dict:
    params = job.params
    fmt = params.get("format")
    if fmt not in FORMATS:
        raise JobFailed(_("Unknown report format %(format)s.") % {"format": fmt})
    # Who started it must still see the project when the worker runs it.
    project = (
        projects_visible_to(job.owner).filter(pk=params.get("project")).first()
        if job.owner is not None
        else None
    )
    if project is None:
        raise JobFailed(_("The project is gone or no longer visible to you."))
    period = None
    if params.get("period"):
        period = project.periods.filter(number=params["period"]).first()
        if period is None:
            raise JobFailed(
                _("The project has no reporting period %(n)s.") % {"n": params["period"]}
            )
    on_progress(0, 2)
    report_step(on_progress, _("Collecting the figures"))
    report = build_report(project, period)
    on_progress(1, 2)
    report_step(on_progress, _("Writing the file"))
    content = FORMATS[fmt](report)
    name = f"{project.acronym}-report-{period.number if period else 'final'}.{fmt}"
    job.result_file.save(name, ContentFile(content), save=False)
    on_progress(2, 2)
    return {
        "summary": _("%(report)s of %(project)s is ready.")
        % {"report": report.title, "project": project.acronym},
        "bytes": len(content),
    }
