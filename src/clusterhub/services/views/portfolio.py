"""Pages of the services area: portfolio, pipeline board, gap analysis,
programme comparison, exports (the needs surveys are in surveys.py).

Thin: visibility from services/queries.py (not visible: 404), rights from services/rules.py
(visible but not allowed: 403), every write through services/domain.py.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Avg
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts import audit
from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import object_for
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.downloads import table_download
from clusterhub.common.pages import carry_out_if_valid
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import page_of
from clusterhub.common.pages import saving_form_page
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.services import domain
from clusterhub.services import exports
from clusterhub.services import reports
from clusterhub.services.analysis import portfolio_comparison
from clusterhub.services.enums import PIPELINE_STAGES
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.enums import SurveyStatus
from clusterhub.services.filters import ServiceFilters
from clusterhub.services.forms import GuidanceForm
from clusterhub.services.forms import MoveForm
from clusterhub.services.forms import ServiceFilterForm
from clusterhub.services.forms import ServiceForm
from clusterhub.services.forms import UptakeForm
from clusterhub.services.models import Service
from clusterhub.services.models import field_label
from clusterhub.services.queries import cluster_team
from clusterhub.services.queries import clusters_with_portfolio_for
from clusterhub.services.queries import programmes_to_compare_for
from clusterhub.services.queries import services_visible_to
from clusterhub.services.queries import surveys_visible_to
from clusterhub.services.views.base import FORMATS
from clusterhub.services.views.base import cluster_tabs
from clusterhub.services.views.base import visible_cluster


def _members(cluster: Cluster):
    return Organisation.objects.filter(memberships__cluster=cluster).distinct()


# --- index, portfolio ----------------------------------------------------------------------


@login_required
def index(request):
    r = roles_of(request.user)
    to_answer = (
        surveys_visible_to(request.user)
        .filter(
            status=SurveyStatus.OPEN,
            cluster_id__in=r.clusters_with(Role.MEMBER_REPRESENTATIVE),
        )
        .exclude(responses__respondent=request.user)
    )
    # Paginated: a platform admin reads every cluster's portfolio (thousands of cards).
    clusters = page_of(
        request,
        clusters_with_portfolio_for(request.user).order_by("name").only("pk", "name", "acronym"),
    )
    return render(
        request,
        "services/index.html",
        {
            "clusters": clusters,
            "page_obj": clusters,
            "programmes": programmes_to_compare_for(request.user).order_by("acronym"),
            "to_answer": to_answer,
        },
    )


@login_required
def portfolio(request, pk: int):
    cluster = visible_cluster(request, pk, "services.view_portfolio")
    services = (
        services_visible_to(request.user)
        .filter(cluster=cluster)
        .annotate(uptake_count=Count("uptakes"), satisfaction=Avg("uptakes__satisfaction"))
    )
    # The API's filters; an invalid one (a status that does not exist) is ignored and the whole
    # portfolio shows.
    filters = ServiceFilters.chosen(request.GET)
    return render(
        request,
        "services/portfolio.html",
        {
            **cluster_tabs(request, cluster),
            "services": filters.apply(services, user=request.user),
            "filter_form": ServiceFilterForm(request.GET),
        },
    )


@login_required
def service_create(request, pk: int):
    cluster = visible_cluster(request, pk, "services.manage_portfolio")
    service = Service(cluster=cluster, owner=request.user)
    form = ServiceForm(request.POST or None, instance=service, owners=cluster_team(cluster))
    return _saving_page(
        request,
        form,
        done=lambda saved: _("Service %(name)s was added.") % {"name": saved},
        title=_("New service"),
        back_url=reverse("services:portfolio", args=[pk]),
    )


def _saving_page(request, form, **page):
    """A service's form page, inside the services' layout: saved through the domain, then on
    to the service's page."""
    return saving_form_page(
        request,
        form,
        lambda: domain.save_service(service=form.instance),
        then=lambda saved: reverse("services:service_detail", args=[saved.pk]),
        base_template="services/base.html",
        **page,
    )


def _service(request, pk: int, perm: str = "") -> Service:
    """A service the user may see, or 404; and the right `perm` on it (when given), or 403."""
    return object_for(request.user, services_visible_to(request.user), pk, perm)


@login_required
def service_detail(request, pk: int):
    service = _service(request, pk)
    user = request.user
    can_change = user.has_perm("services.change_service", service)
    # The decision log and guidance notes are pipeline data, and uptake (which member used the
    # service, and what it said) is the team's: the same permissions as their API lists and
    # exports, so a reader of the portfolio does not see them here either.
    can_see_pipeline = user.has_perm("services.view_pipeline", service.cluster)
    return render(
        request,
        "services/service_detail.html",
        {
            **cluster_tabs(request, service.cluster),
            "service": service,
            "can_change": can_change,
            "can_see_pipeline": can_see_pipeline,
            "can_guide": user.has_perm("services.add_guidance", service),
            "notes": service.guidance_notes.select_related("author") if can_see_pipeline else [],
            "decisions": (
                service.decisions.select_related("decided_by") if can_see_pipeline else []
            ),
            "uptakes": service.uptakes.select_related("organisation") if can_change else [],
            "move_form": MoveForm(),
            "guidance_form": GuidanceForm(),
            "uptake_form": UptakeForm(members=_members(service.cluster)),
            "next_missing": {
                stage: [str(field_label(n)) for n in service.missing_for(stage)]
                for stage in PIPELINE_STAGES
            },
        },
    )


@login_required
def service_edit(request, pk: int):
    service = _service(request, pk, "services.change_service")
    form = ServiceForm(request.POST or None, instance=service, owners=cluster_team(service.cluster))
    return _saving_page(
        request,
        form,
        done=_("Your changes were saved."),
        title=_("Edit %(name)s") % {"name": service},
        back_url=reverse("services:service_detail", args=[pk]),
    )


@login_required
def service_delete(request, pk: int):
    service = _service(request, pk, "services.change_service")

    def dependents():
        counts = [
            (_("decision log entries"), service.decisions.count()),
            (_("guidance notes"), service.guidance_notes.count()),
            (_("uptake records"), service.uptakes.count()),
        ]
        return {"dependents": [(label, n) for label, n in counts if n]}

    return deleting_page(
        request,
        service,
        lambda: domain.delete_service(service=service),
        back_url=reverse("services:service_detail", args=[pk]),
        then=reverse("services:portfolio", args=[service.cluster_id]),
        done=_("The service was deleted."),
        question=dependents,
    )


@login_required
@require_POST
def service_move(request, pk: int):
    service = _service(request, pk, "services.change_service")
    form = MoveForm(request.POST)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.move_service(
            service=service,
            to_status=form.cleaned_data["to_status"],
            actor=request.user,
            reason=form.cleaned_data["reason"],
        ),
        done=lambda decision: (
            _("%(name)s moved to %(stage)s.")
            % {"name": service, "stage": decision.get_to_status_display()}
        ),
        joined=False,
    )
    back = request.POST.get("back")
    if back == "pipeline":
        return redirect("services:pipeline", pk=service.cluster_id)
    return redirect("services:service_detail", pk=service.pk)


@login_required
@require_POST
def guidance_add(request, pk: int):
    service = _service(request, pk, "services.add_guidance")
    form = GuidanceForm(request.POST)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.add_guidance(
            service=service, author=request.user, text=form.cleaned_data["text"]
        ),
        done=_("Your guidance note was added."),
        invalid=_("Write the guidance."),
        joined=False,
    )
    return redirect("services:service_detail", pk=service.pk)


@login_required
@require_POST
def uptake_add(request, pk: int):
    service = _service(request, pk, "services.change_service")
    form = UptakeForm(request.POST, members=_members(service.cluster))
    carry_out_if_valid(
        request,
        form,
        lambda: domain.record_uptake(service=service, actor=request.user, **form.cleaned_data),
        done=_("The uptake was recorded."),
        labelled=True,
        joined=False,
    )
    return redirect("services:service_detail", pk=service.pk)


# --- pipeline ------------------------------------------------------------------------------


@login_required
def pipeline(request, pk: int):
    cluster = visible_cluster(request, pk, "services.view_pipeline")
    services = list(
        services_visible_to(request.user)
        .filter(cluster=cluster, status__in=PIPELINE_STAGES)
        .prefetch_related("guidance_notes", "decisions")
    )
    columns = []
    for index, stage in enumerate(PIPELINE_STAGES):
        previous = PIPELINE_STAGES[index - 1] if index else None
        following = PIPELINE_STAGES[index + 1] if index + 1 < len(PIPELINE_STAGES) else None
        columns.append(
            {
                "stage": stage,
                "label": ServiceStatus(stage).label,
                "previous": previous and ServiceStatus(previous),
                "next": following and ServiceStatus(following),
                "items": [s for s in services if s.status == stage],
            }
        )
    return render(
        request,
        "services/pipeline.html",
        {**cluster_tabs(request, cluster), "columns": columns},
    )


# --- gap analysis and comparison ------------------------------------------------------------


@login_required
def gaps(request, pk: int):
    cluster = visible_cluster(request, pk, "services.view_gap_analysis")
    return render(
        request,
        "services/gaps.html",
        {**cluster_tabs(request, cluster), **reports.gap_context(cluster)},
    )


@login_required
def gaps_pdf(request, pk: int):
    cluster = visible_cluster(request, pk, "services.view_gap_analysis")
    return download(reports.gaps_pdf(cluster), f"gap-analysis-{cluster.acronym}.pdf", PDF)


@login_required
def portfolio_pdf(request, pk: int):
    cluster = visible_cluster(request, pk, "services.view_portfolio")
    services = services_visible_to(request.user).filter(cluster=cluster)
    pdf = reports.portfolio_pdf(cluster, services)
    return download(pdf, f"service-portfolio-{cluster.acronym}.pdf", PDF)


@login_required
def comparison(request, pk: int):
    programme = object_for(
        request.user, programmes_visible_to(request.user), pk, "services.view_comparison"
    )
    clusters, rows = portfolio_comparison(programme)
    return render(
        request,
        "services/comparison.html",
        {"programme": programme, "clusters": clusters, "rows": rows},
    )


@login_required
def comparison_export(request, pk: int, fmt: str):
    programme = object_for(
        request.user, programmes_visible_to(request.user), pk, "services.view_comparison"
    )
    if fmt not in FORMATS:
        raise Http404
    return table_download(
        *exports.comparison_table(programme),
        fmt=fmt,
        name=f"portfolio-comparison-{programme.acronym}",
        title=_("Comparison"),
    )


# Cluster exports: name -> (permission, table builder, file name)
CLUSTER_EXPORTS = {
    "portfolio": ("services.view_portfolio", "portfolio"),
    "decisions": ("services.view_pipeline", "decision-log"),
    "uptake": ("services.manage_portfolio", "uptake"),
    "gaps": ("services.view_gap_analysis", "gap-analysis"),
}


@login_required
def cluster_export(request, pk: int, what: str, fmt: str):
    if what not in CLUSTER_EXPORTS or fmt not in FORMATS:
        raise Http404
    perm, name = CLUSTER_EXPORTS[what]
    cluster = visible_cluster(request, pk, perm)
    visible = services_visible_to(request.user).filter(cluster=cluster)
    if what == "portfolio":
        table = exports.portfolio_table(visible)
    elif what == "decisions":
        table = exports.decisions_table(cluster, visible)
        # The decision log names the staff who decided.
        audit.exported(f"{name}.{fmt}", cluster=cluster)
    elif what == "uptake":
        table = exports.uptake_table(cluster, visible)
    else:
        table = exports.gaps_table(cluster)
    return table_download(*table, fmt=fmt, name=f"{name}-{cluster.acronym}", title=name)
