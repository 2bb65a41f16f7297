"""Pages of funded projects: overview with budget against spending, expenditure, timeline,
reports, news, and the public project page.

Thin views: visibility from grants/queries.py (not visible => 404), permissions from
grants/rules.py (visible but not allowed => 403), writes through grants/domain.py.
"""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusterhub.common import concurrency
from clusterhub.common.pages import delete_page, id_or_404
from clusterhub.grants import domain
from clusterhub.grants.charts import cumulative_spending, plan_vs_spent
from clusterhub.grants.charts import timeline as gantt
from clusterhub.grants.enums import DIRECT_CATEGORIES, CostCategory
from clusterhub.grants.finance import budget_table, monthly_spending
from clusterhub.grants.forms import (
    BudgetForm,
    ConsortiumTotalForm,
    DeliverableForm,
    ExpenditureForm,
    MilestoneForm,
    NewsForm,
    PartnerFormSet,
    ProjectForm,
    TaskForm,
    WorkPackageForm,
)
from clusterhub.grants.models import (
    BudgetLine,
    Deliverable,
    DeliverableLink,
    Milestone,
    Project,
    Task,
    WorkPackage,
)
from clusterhub.grants.queries import (
    expenditures_visible_to,
    link_candidates,
    partner_organisations_of,
    projects_visible_to,
    public_projects,
    public_results,
    published_news,
)
from clusterhub.grants.reports import build_report, report_pdf, report_xlsx
from clusterhub.registry.funding import funding_notice


def _project(request, pk: int) -> Project:
    return get_object_or_404(projects_visible_to(request.user).select_related("programme"), pk=pk)


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _bookable_partners(request, project: Project):
    """Partners the user may enter expenditure for: all when they manage the project."""
    partners = project.partners.select_related("organisation")
    if request.user.has_perm("grants.change_project", project):
        return partners
    return partners.filter(organisation_id__in=partner_organisations_of(request.user))


def index(request):
    """Projects the user works on, and every public project page."""
    visible = (
        projects_visible_to(request.user).select_related("programme")
        if request.user.is_authenticated
        else Project.objects.none()
    )
    return render(
        request,
        "grants/index.html",
        {"projects": visible, "public": public_projects().exclude(pk__in=visible)},
    )


@login_required
def project_detail(request, pk: int):
    project = _project(request, pk)
    table = budget_table(project)
    today = timezone.localdate()
    current = project.month_of(today) if today <= project.end_date else project.duration_months
    monthly = monthly_spending(project)
    context = {
        "project": project,
        "finance": table,
        "alerts": [
            (row.partner, table.category_label(cat), cell)
            for row in table.rows
            for cat, cell in row.cells.items()
            if cell.needs_attention
        ],
        "monthly_chart": cumulative_spending(
            monthly,
            title=_("Cumulative costs against an even plan (EUR)"),
            current_month=current,
        ),
        "partner_chart": plan_vs_spent(
            [(str(r.partner.organisation), r.total.planned, r.total.spent) for r in table.rows],
            title=_("Budget and costs by partner (EUR)"),
            plan_label=_("planned"),
            spent_label=_("spent"),
        ),
        "category_chart": plan_vs_spent(
            [
                (table.category_label(c), cell.planned, cell.spent)
                for c, cell in table.by_category.items()
            ],
            title=_("Budget and costs by cost category (EUR)"),
            plan_label=_("planned"),
            spent_label=_("spent"),
        ),
        "monthly": monthly,
        "can_change": request.user.has_perm("grants.change_project", project),
        "can_book": _bookable_partners(request, project).exists(),
        "news": project.news.all(),
        "funding": funding_notice(project.programme),
    }
    return render(request, "grants/project_detail.html", context)


@login_required
def expenditure_list(request, pk: int):
    project = _project(request, pk)
    rows = (
        expenditures_visible_to(request.user)
        .filter(partner__project=project)
        .select_related("partner__organisation", "partner__project__programme")
        .order_by("-date", "-pk")
    )
    partner = request.GET.get("partner", "")
    if partner:
        rows = rows.filter(partner_id=id_or_404(partner))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    user = request.user
    return render(
        request,
        "grants/expenditure_list.html",
        {
            "project": project,
            "rows": [
                (e, project.eu_share(e.amount_eur), user.has_perm("grants.change_expenditure", e))
                for e in page
            ],
            "page": page,
            "partners": project.partners.select_related("organisation"),
            "selected": partner,
            "can_book": _bookable_partners(request, project).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expenditure_create(request, pk: int):
    project = _project(request, pk)
    partners = _bookable_partners(request, project)
    if not partners.exists():
        raise PermissionDenied
    form = ExpenditureForm(request.POST or None, request.FILES or None, partners=partners)
    check = None
    if request.method == "POST" and form.is_valid():
        _require(request, "grants.add_expenditure_for", form.cleaned_data["partner"])
        try:
            check = domain.save_expenditure(
                expenditure=form.instance,
                confirm_overrun=form.cleaned_data["confirm_overrun"],
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The expenditure was recorded."))
            for warning in check.warnings:
                messages.warning(request, warning)
            return redirect("grants:expenditure_list", pk=project.pk)
    return render(
        request,
        "grants/expenditure_form.html",
        {"project": project, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def expenditure_delete(request, pk: int):
    """GET asks, POST deletes (the list's button posts directly)."""
    expenditure = get_object_or_404(expenditures_visible_to(request.user), pk=pk)
    _require(request, "grants.change_expenditure", expenditure)
    project_pk = expenditure.partner.project_id
    if request.method == "GET":
        back = reverse("grants:expenditure_list", args=[project_pk])
        return delete_page(request, expenditure, back_url=back)
    domain.delete_expenditure(expenditure=expenditure)
    messages.success(request, _("The expenditure was deleted."))
    return redirect("grants:expenditure_list", pk=project_pk)


@login_required
def receipt(request, pk: int):
    """A receipt, to those who see the project; never served from a public media URL."""
    expenditure = get_object_or_404(expenditures_visible_to(request.user), pk=pk)
    if not expenditure.receipt:
        raise Http404
    return FileResponse(
        expenditure.receipt.open("rb"),
        as_attachment=True,
        filename=f"receipt-{expenditure.pk}{PurePath(expenditure.receipt.name).suffix}",
    )


@login_required
def timeline_page(request, pk: int):
    project = _project(request, pk)
    wps = list(project.work_packages.select_related("lead__organisation").prefetch_related("tasks"))
    deliverables = list(
        Deliverable.objects.filter(work_package__project=project)
        .select_related("work_package__project")
        .prefetch_related("links__content_type")
        .order_by("due_month", "number")
    )
    milestones = list(project.milestones.all())
    markers = [(f"{d.number} {d.title}", d.due_month, "deliverable") for d in deliverables] + [
        (f"{m.number} {m.title}", m.due_month, "milestone") for m in milestones
    ]
    chart = gantt(
        months=project.duration_months,
        start=project.start_date,
        bars=[(f"WP{w.number} {w.title}", w.start_month, w.end_month) for w in wps],
        markers=sorted(markers, key=lambda m: m[1]),
        today=timezone.localdate(),
        title=_("Timeline of %(project)s") % {"project": project.acronym},
    )
    can_change = request.user.has_perm("grants.change_project", project)
    return render(
        request,
        "grants/timeline.html",
        {
            "project": project,
            "wps": wps,
            "deliverables": deliverables,
            "milestones": milestones,
            "chart": chart,
            "can_change": can_change,
            "candidates": link_candidates(project) if can_change else [],
        },
    )


@login_required
@require_POST
def deliverable_link(request, pk: int):
    """Link a deliverable to a platform object offered for the project (a strategy...)."""
    deliverable = get_object_or_404(
        Deliverable.objects.filter(work_package__project__in=projects_visible_to(request.user)),
        pk=pk,
    )
    project = deliverable.work_package.project
    _require(request, "grants.change_project", project)
    offered = dict(link_candidates(project))
    value = request.POST.get("target", "")
    if value not in offered:
        messages.error(request, _("Choose one of the objects offered."))
        return redirect("grants:timeline", pk=project.pk)
    label, object_id = value.split(":")
    app_label, model = label.split(".")
    target = ContentType.objects.get_by_natural_key(app_label, model).get_object_for_this_type(
        pk=int(object_id)
    )
    domain.link_deliverable(
        deliverable=deliverable, target=target, note=request.POST.get("note", "")[:200]
    )
    messages.success(
        request, _("%(d)s is now linked to %(t)s.") % {"d": deliverable.number, "t": offered[value]}
    )
    return redirect("grants:timeline", pk=project.pk)


@login_required
@require_POST
def deliverable_unlink(request, pk: int):
    link = get_object_or_404(
        DeliverableLink.objects.filter(
            deliverable__work_package__project__in=projects_visible_to(request.user)
        ).select_related("deliverable__work_package__project"),
        pk=pk,
    )
    project = link.deliverable.work_package.project
    _require(request, "grants.change_project", project)
    domain.unlink_deliverable(link=link)
    return redirect("grants:timeline", pk=project.pk)


@login_required
def reports_page(request, pk: int):
    project = _project(request, pk)
    return render(
        request,
        "grants/reports.html",
        {"project": project, "periods": project.periods.all(), "formats": ["pdf", "xlsx"]},
    )


@login_required
def report_download(request, pk: int, fmt: str):
    """GET: the report at once. POST (the reports page's buttons): a job makes it and its page
    offers the file, so a long PDF never holds the request (grants/jobs.py)."""
    project = _project(request, pk)
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
        return HttpResponse(
            report_pdf(report),
            content_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    if fmt == "xlsx":
        return HttpResponse(
            report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        )
    raise Http404


def _report_job(request, project, period, fmt: str):
    from clusterhub.common.jobs import DuplicateJob, job_url, start_job
    from clusterhub.grants.jobs import FORMATS, REPORT_JOB

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
    project = _project(request, pk)
    _require(request, "grants.change_project", project)
    form = NewsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        form.instance.author = request.user
        domain.save_news(article=form.instance)
        messages.success(request, _("The article was saved."))
        return redirect("grants:project_detail", pk=project.pk)
    return render(
        request,
        "grants/news_form.html",
        {"project": project, "form": form},
        status=400 if form.is_bound and form.errors else 200,
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
    article = get_object_or_404(published_news(project), pk=news_pk)
    return render(
        request,
        "grants/public_news.html",
        {"project": project, "article": article, "funding": funding_notice(project.programme)},
    )


# --- Project setup: the project, its consortium, budget and work plan ---------------------------
# Coordinators and admins only (grants.change_project); others who see the project get 403,
# everyone else 404. Forms collect input; the domain verbs validate and save in one transaction.


def _managed_project(request, pk: int) -> Project:
    project = _project(request, pk)
    _require(request, "grants.change_project", project)
    return project


def _add_errors(form, exc: ValidationError) -> None:
    """Show a domain error on its field when the form has that field, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        # The error itself, not its text, so its code (a stale record's) stays readable.
        form.add_error(None, exc)


def _render_form(request, template: str, context: dict, *, invalid: bool):
    """A setup form; 409 when the record changed after the form was opened (and nothing was
    saved), 400 for other errors."""
    forms = [f for f in (context.get("form"), context.get("total_form")) if f is not None]
    for form in forms:
        concurrency.protect(form)
    stale = any(concurrency.is_stale(form) for form in forms)
    return render(request, template, context, status=409 if stale else 400 if invalid else 200)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = _managed_project(request, pk)
    # The form edits a copy, so a refused change does not show in the page head.
    form = ProjectForm(request.POST or None, instance=Project.objects.get(pk=project.pk))
    if request.method == "POST" and form.is_valid():
        try:
            with concurrency.guard(form):
                domain.save_project(project=form.instance)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The project was saved."))
            return redirect("grants:project_detail", pk=project.pk)
    return _render_form(
        request,
        "grants/setup_form.html",
        {
            "project": project,
            "form": form,
            "heading": _("Edit the project"),
            "cancel": reverse("grants:project_detail", args=[project.pk]),
        },
        invalid=form.is_bound and bool(form.errors),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consortium_edit(request, pk: int):
    project = _managed_project(request, pk)
    partners = project.partners.select_related("organisation").order_by("number")
    if request.method == "POST":
        total_form = ConsortiumTotalForm(request.POST)
        formset = PartnerFormSet(request.POST, prefix="partners")
    else:
        total_form = ConsortiumTotalForm(initial={"total_budget": project.total_budget})
        formset = PartnerFormSet(
            prefix="partners",
            initial=[
                {"organisation": p.organisation, "role": p.role, "budget_share": p.budget_share}
                for p in partners
            ],
        )
    # The page edits the project's total and every partner row: any change to them is a conflict.
    consortium = (Project.objects.filter(pk=project.pk), project.partners.all())
    concurrency.protect(total_form, *consortium)
    errors: list[str] = []
    if request.method == "POST" and total_form.is_valid() and formset.is_valid():
        specs = [
            domain.PartnerSpec(
                organisation=row["organisation"], role=row["role"], budget_share=row["budget_share"]
            )
            for row in formset.cleaned_data
            if row.get("organisation") is not None
        ]
        changed = Project.objects.get(pk=project.pk)
        changed.total_budget = total_form.cleaned_data["total_budget"]
        try:
            # The shares and the total change together or not at all.
            with concurrency.guard(total_form):
                domain.set_consortium(project=changed, partners=specs)
                domain.save_project(project=changed)
        except concurrency.StaleRecord as exc:
            total_form.add_error(None, exc)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The consortium was saved."))
            return redirect("grants:project_detail", pk=project.pk)
    invalid = request.method == "POST" and bool(
        errors or total_form.errors or formset.total_error_count()
    )
    return _render_form(
        request,
        "grants/consortium_form.html",
        {"project": project, "total_form": total_form, "formset": formset, "errors": errors},
        invalid=invalid,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, pk: int):
    project = _managed_project(request, pk)
    partners = project.partners.select_related("organisation").order_by("number")
    initial = {
        BudgetForm.field_name(line.partner, line.category): line.amount
        for line in BudgetLine.objects.filter(partner__project=project).select_related("partner")
    }
    form = BudgetForm(request.POST or None, partners=partners, initial=initial)
    # The page edits every budget line against the partners' shares.
    concurrency.protect(
        form, BudgetLine.objects.filter(partner__project=project), project.partners.all()
    )
    if request.method == "POST" and form.is_valid():
        try:
            with concurrency.guard(form):
                domain.set_budget(project=project, lines=form.lines())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect("grants:project_detail", pk=project.pk)
    return _render_form(
        request,
        "grants/budget_form.html",
        {
            "project": project,
            "form": form,
            "categories": [CostCategory(c).label for c in DIRECT_CATEGORIES],
        },
        invalid=form.is_bound and bool(form.errors),
    )


# The work plan's parts: kind in the URL -> (model, form, domain verb that saves it).
PLAN_ITEMS = {
    "workpackage": (WorkPackage, WorkPackageForm, domain.save_work_package),
    "task": (Task, TaskForm, domain.save_task),
    "deliverable": (Deliverable, DeliverableForm, domain.save_deliverable),
    "milestone": (Milestone, MilestoneForm, domain.save_milestone),
}


# Kind -> the URL segment of its pages.
PLAN_SEGMENTS = {
    "workpackage": "work-packages",
    "task": "tasks",
    "deliverable": "deliverables",
    "milestone": "milestones",
}


def _plan_items(project: Project, kind: str):
    """The project's items of a kind; an unknown kind or another project's item is a 404."""
    if kind not in PLAN_ITEMS:
        raise Http404
    model = PLAN_ITEMS[kind][0]
    if model in (WorkPackage, Milestone):
        return model.objects.filter(project=project)
    return model.objects.filter(work_package__project=project)


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_edit(request, pk: int, kind: str, item: int | None = None):
    project = _managed_project(request, pk)
    items = _plan_items(project, kind)
    model, form_class, save = PLAN_ITEMS[kind]
    if item is None:
        instance = model(project=project) if model in (WorkPackage, Milestone) else model()
    else:
        instance = get_object_or_404(items, pk=item)
    form = form_class(request.POST or None, instance=instance, project=project)
    if request.method == "POST" and form.is_valid():
        try:
            with concurrency.guard(form):
                save(**{"work_package" if kind == "workpackage" else kind: form.instance})
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("%(item)s was saved.") % {"item": form.instance})
            return redirect("grants:timeline", pk=project.pk)
    verbose = model._meta.verbose_name
    return _render_form(
        request,
        "grants/setup_form.html",
        {
            "project": project,
            "form": form,
            "heading": (
                _("New %(kind)s") % {"kind": verbose}
                if item is None
                else _("Edit %(item)s") % {"item": instance}
            ),
            "cancel": reverse("grants:timeline", args=[project.pk]),
        },
        invalid=form.is_bound and bool(form.errors),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_delete(request, pk: int, kind: str, item: int):
    """Ask, then delete a part of the work plan."""
    project = _managed_project(request, pk)
    obj = get_object_or_404(_plan_items(project, kind), pk=item)
    if request.method == "GET":
        return render(
            request,
            "grants/plan_item_delete.html",
            {"project": project, "item": obj, "deletes_more": kind == "workpackage"},
        )
    label = str(obj)
    domain.delete_plan_item(item=obj)
    messages.success(request, _("%(item)s was deleted.") % {"item": label})
    return redirect("grants:timeline", pk=project.pk)
