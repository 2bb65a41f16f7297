"""Reports (PDF and spreadsheet, at once or as a job), news, and the public project page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clusterhub.common.access import object_for
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import XLSX
from clusterhub.common.downloads import download
from clusterhub.common.pages import id_or_404
from clusterhub.grants import domain
from clusterhub.grants.exports import report_xlsx
from clusterhub.grants.forms import NewsForm
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project
from clusterhub.grants.queries import public_projects
from clusterhub.grants.queries import public_results
from clusterhub.grants.queries import published_news
from clusterhub.grants.reports import build_report
from clusterhub.grants.reports import report_pdf
from clusterhub.grants.views.base import project_for
from clusterhub.grants.views.base import setup_form_page
from clusterhub.registry.funding import funding_notice


@login_required
def reports_page(request, pk: int):
    project = project_for(request, pk)
    return render(
        request,
        "grants/reports.html",
        {"project": project, "periods": project.periods.all(), "formats": ["pdf", "xlsx"]},
    )


@login_required
def report_download(request, pk: int, fmt: str):
    """GET: the report at once. POST (the reports page's buttons): a job makes it and its page
    offers the file, so a long PDF never holds the request (grants/jobs.py)."""
    project = project_for(request, pk)
    period = None
    number = request.POST.get("period", "") if request.method == "POST" else ""
    number = number or request.GET.get("period", "")
    if number:
        period = get_object_or_404(project.periods, number=id_or_404(number))
    if request.method == "POST":
        return _report_job(request, project, period, fmt)
    report = build_report(project, period)
    name = f"{project.acronym}-report-{period.number if period else 'final'}"
    if fmt == "pdf":
        return download(report_pdf(report), f"{name}.pdf", PDF)
    if fmt == "xlsx":
        return download(report_xlsx(report), f"{name}.xlsx", XLSX)
    raise Http404


def _report_job(request, project, period, fmt: str):
    from clusterhub.common.jobs import DuplicateJob
    from clusterhub.common.jobs import job_url
    from clusterhub.common.jobs import start_job
    from clusterhub.grants.jobs import FORMATS
    from clusterhub.grants.jobs import REPORT_JOB

    if fmt not in FORMATS:
        raise Http404
    key = f"{REPORT_JOB}:{request.user.pk}:{project.pk}:{period.number if period else 0}:{fmt}"
    try:
        job = start_job(
            REPORT_JOB,
            owner=request.user,
            title=_("Report %(format)s of %(project)s (%(period)s)")
            % {
                "format": fmt.upper(),
                "project": project.acronym,
                "period": period.number if period else _("whole project"),
            },
            params={
                "project": project.pk,
                "period": period.number if period else None,
                "format": fmt,
            },
            dedupe_key=key,
        )
    except DuplicateJob as exc:
        return redirect(job_url(exc.job))
    return redirect(job_url(job))


@login_required
@require_http_methods(["GET", "POST"])
def news_create(request, pk: int):
    project = project_for(request, pk, "grants.change_project")
    form = NewsForm(
        request.POST or None, instance=NewsArticle(project=project, author=request.user)
    )
    return setup_form_page(
        request,
        project,
        form,
        lambda: domain.save_news(article=form.instance),
        heading=_("Write news"),
        done=_("The article was saved."),
        back=reverse("grants:project_detail", args=[project.pk]),
    )


def _public(acronym: str) -> Project:
    if "\x00" in acronym or len(acronym) > 40:  # PostgreSQL refuses NUL in a query
        raise Http404
    return get_object_or_404(public_projects().select_related("programme"), acronym=acronym)


def public_project(request, acronym: str):
    """The project's public page (no sign-in): what it does, who does it, news and results.
    It shows no financial data."""
    project = _public(acronym)
    return render(
        request,
        "grants/public_project.html",
        {
            "project": project,
            "partners": project.partners.select_related("organisation").order_by("number"),
            "news": published_news(project),
            "results": public_results(project),
            "funding": funding_notice(project.programme),
        },
    )


def public_news(request, acronym: str, news_pk: int):
    project = _public(acronym)
    article = object_for(request.user, published_news(project), news_pk)
    return render(
        request,
        "grants/public_news.html",
        {"project": project, "article": article, "funding": funding_notice(project.programme)},
    )
