"""The work plan and the project setup: timeline, deliverable links, the project, its
consortium, budget and work-plan items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST

from clusterhub.common import concurrency
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.grants import domain
from clusterhub.grants.charts import timeline as gantt
from clusterhub.grants.enums import DIRECT_CATEGORIES
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.forms import BudgetForm
from clusterhub.grants.forms import ConsortiumTotalForm
from clusterhub.grants.forms import DeliverableForm
from clusterhub.grants.forms import MilestoneForm
from clusterhub.grants.forms import PartnerFormSet
from clusterhub.grants.forms import ProjectForm
from clusterhub.grants.forms import TaskForm
from clusterhub.grants.forms import WorkPackageForm
from clusterhub.grants.models import BudgetLine
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import DeliverableLink
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import Project
from clusterhub.grants.models import Task
from clusterhub.grants.models import WorkPackage
from clusterhub.grants.queries import link_candidates
from clusterhub.grants.queries import projects_visible_to
from clusterhub.grants.views.base import managed_project
from clusterhub.grants.views.base import project_for
from clusterhub.grants.views.base import render_form
from clusterhub.grants.views.base import setup_form_page
from clusterhub.grants.views.base import setup_page


@login_required
def timeline_page(request, pk: int):
    project = project_for(request, pk)
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
    deliverable = object_for(
        request.user,
        Deliverable.objects.filter(work_package__project__in=projects_visible_to(request.user)),
        pk,
    )
    project = deliverable.work_package.project
    require(request.user, "grants.change_project", project)
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
    link = object_for(
        request.user,
        DeliverableLink.objects.filter(
            deliverable__work_package__project__in=projects_visible_to(request.user)
        ).select_related("deliverable__work_package__project"),
        pk,
    )
    project = link.deliverable.work_package.project
    require(request.user, "grants.change_project", project)
    domain.unlink_deliverable(link=link)
    return redirect("grants:timeline", pk=project.pk)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, pk: int):
    project = managed_project(request, pk)
    # The form edits a copy, so a refused change does not show in the page head.
    form = ProjectForm(request.POST or None, instance=Project.objects.get(pk=project.pk))
    return setup_form_page(
        request,
        project,
        form,
        lambda: domain.save_project(project=form.instance),
        heading=_("Edit the project"),
        done=_("The project was saved."),
        back=reverse("grants:project_detail", args=[project.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def consortium_edit(request, pk: int):
    project = managed_project(request, pk)
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
    return render_form(
        request,
        "grants/consortium_form.html",
        {"project": project, "total_form": total_form, "formset": formset, "errors": errors},
        invalid=invalid,
    )


@login_required
@require_http_methods(["GET", "POST"])
def budget_edit(request, pk: int):
    project = managed_project(request, pk)
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
    return setup_page(
        request,
        form,
        lambda: domain.set_budget(project=project, lines=form.lines()),
        template="grants/budget_form.html",
        context={
            "project": project,
            "categories": [CostCategory(c).label for c in DIRECT_CATEGORIES],
        },
        done=_("The budget was saved."),
        then=reverse("grants:project_detail", args=[project.pk]),
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
    project = managed_project(request, pk)
    items = _plan_items(project, kind)
    model, form_class, save = PLAN_ITEMS[kind]
    if item is None:
        instance = model(project=project) if model in (WorkPackage, Milestone) else model()
    else:
        instance = object_for(request.user, items, item)
    form = form_class(request.POST or None, instance=instance, project=project)
    argument = "work_package" if kind == "workpackage" else kind
    heading = (
        _("New %(kind)s") % {"kind": model._meta.verbose_name}
        if item is None
        else _("Edit %(item)s") % {"item": instance}
    )
    return setup_form_page(
        request,
        project,
        form,
        lambda: save(**{argument: form.instance}),
        heading=heading,
        done=lambda saved: _("%(item)s was saved.") % {"item": saved},
        back=reverse("grants:timeline", args=[project.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_item_delete(request, pk: int, kind: str, item: int):
    """Ask, then delete a part of the work plan."""
    project = managed_project(request, pk)
    obj = object_for(request.user, _plan_items(project, kind), item)
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
