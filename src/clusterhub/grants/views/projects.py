"""Project pages: the list, a project's overview (budget against spending) and its
expenditure."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError as PydanticValidationError

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import file_download
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import page_of
from clusterhub.common.pages import save_or_errors
from clusterhub.grants import domain
from clusterhub.grants.charts import cumulative_spending
from clusterhub.grants.charts import plan_vs_spent
from clusterhub.grants.filters import ExpenditureFilters
from clusterhub.grants.finance import budget_table
from clusterhub.grants.finance import monthly_spending
from clusterhub.grants.forms import ExpenditureFilterForm
from clusterhub.grants.forms import ExpenditureForm
from clusterhub.grants.queries import expenditures_visible_to
from clusterhub.grants.queries import projects_visible_to
from clusterhub.grants.queries import public_projects
from clusterhub.grants.views.base import bookable_partners
from clusterhub.grants.views.base import project_for
from clusterhub.registry.funding import funding_notice


def index(request):
    """Projects the user works on, and every public project page."""
    visible = projects_visible_to(request.user).select_related("programme")
    return render(
        request,
        "grants/index.html",
        {"projects": visible, "public": public_projects().exclude(pk__in=visible)},
    )


@login_required
def project_detail(request, pk: int):
    project = project_for(request, pk)
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
        "can_book": bookable_partners(request, project).exists(),
        "news": project.news.all(),
        "funding": funding_notice(project.programme),
    }
    return render(request, "grants/project_detail.html", context)


def _expenditure_filters(request) -> ExpenditureFilters:
    """The list's filters (the API's) from the query string; one that cannot be valid (a
    partner that is no id) names nothing: 404, as an unknown id."""
    params = {k: v for k, v in request.GET.items() if k != "page"}
    try:
        return ExpenditureFilters(**params)
    except PydanticValidationError:
        raise Http404 from None


@login_required
def expenditure_list(request, pk: int):
    project = project_for(request, pk)
    rows = (
        expenditures_visible_to(request.user)
        .filter(partner__project=project)
        .select_related("partner__organisation", "partner__project__programme")
        .order_by("-date", "-pk")
    )
    filters = _expenditure_filters(request)
    page = page_of(request, filters.apply(rows, user=request.user), 100)
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
            "filter_form": ExpenditureFilterForm(
                request.GET, partners=project.partners.select_related("organisation")
            ),
            "can_book": bookable_partners(request, project).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expenditure_create(request, pk: int):
    project = project_for(request, pk)
    partners = bookable_partners(request, project)
    if not partners.exists():
        raise PermissionDenied
    form = ExpenditureForm(request.POST or None, request.FILES or None, partners=partners)
    if request.method == "POST" and form.is_valid():
        require(request.user, "grants.add_expenditure_for", form.cleaned_data["partner"])
        checks = []

        def save():
            checks.append(
                domain.save_expenditure(
                    expenditure=form.instance,
                    confirm_overrun=form.cleaned_data["confirm_overrun"],
                    user=request.user,
                )
            )

        if save_or_errors(form, save):
            messages.success(request, _("The expenditure was recorded."))
            for warning in checks[0].warnings:
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
    expenditure = object_for(
        request.user, expenditures_visible_to(request.user), pk, "grants.change_expenditure"
    )
    back = reverse("grants:expenditure_list", args=[expenditure.partner.project_id])
    return deleting_page(
        request,
        expenditure,
        lambda: domain.delete_expenditure(expenditure=expenditure),
        back_url=back,
        done=_("The expenditure was deleted."),
    )


@login_required
def receipt(request, pk: int):
    """A receipt, to those who see the project; never served from a public media URL."""
    expenditure = object_for(request.user, expenditures_visible_to(request.user), pk)
    suffix = PurePath(expenditure.receipt.name or "").suffix
    return file_download(expenditure.receipt, f"receipt-{expenditure.pk}{suffix}")
