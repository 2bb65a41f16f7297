"""Pages of the strategy area: the list, the document, the progress page, forms and exports.

Views stay thin: what a user may see comes from queries.py, what they may do from rules.py,
and every write goes through domain.py. Not visible is 404; visible but not allowed is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from clusterhub.accounts import audit
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.downloads import MARKDOWN
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import saving_form_page
from clusterhub.common.pages import show_refusal
from clusterhub.strategy import domain
from clusterhub.strategy import reports
from clusterhub.strategy.forms import ActionForm
from clusterhub.strategy.forms import ActionLinkForm
from clusterhub.strategy.forms import ComputeForm
from clusterhub.strategy.forms import KpiForm
from clusterhub.strategy.forms import MeasurementForm
from clusterhub.strategy.forms import ObjectiveForm
from clusterhub.strategy.forms import StrategyCreateForm
from clusterhub.strategy.forms import StrategyForm
from clusterhub.strategy.forms import TemplateForm
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.progress import progress_of
from clusterhub.strategy.queries import actions_visible_to
from clusterhub.strategy.queries import kpis_visible_to
from clusterhub.strategy.queries import measurements_visible_to
from clusterhub.strategy.queries import objectives_visible_to
from clusterhub.strategy.queries import strategies_visible_to
from clusterhub.strategy.reports import document_context
from clusterhub.strategy.reports import to_markdown

# --- helpers -------------------------------------------------------------------------------


def _strategy(request, pk: int, perm: str = "strategy.view_strategy") -> Strategy:
    return object_for(request.user, strategies_visible_to(request.user), pk, perm)


def _editable(request, queryset, pk: int, path: str):
    """An object inside a strategy (found by `path` to it), if the user may change that."""
    obj = object_for(request.user, queryset, pk)
    strategy = obj
    for step in path.split("."):
        strategy = getattr(strategy, step)
    require(request.user, "strategy.change_strategy", strategy)
    return obj, strategy


def _objective(request, pk: int) -> tuple[Objective, Strategy]:
    """An objective and its strategy, when the user may change the strategy."""
    return _editable(request, objectives_visible_to(request.user), pk, "strategy")


def _action(request, pk: int) -> tuple[Action, Strategy]:
    """An action and the strategy of its objective, when the user may change the strategy."""
    return _editable(request, actions_visible_to(request.user), pk, "objective.strategy")


def _kpi(request, pk: int) -> tuple[Kpi, Strategy]:
    """A KPI and its strategy, when the user may change the strategy."""
    return _editable(request, kpis_visible_to(request.user), pk, "strategy")


def _saving_page(request, form, save, *, strategy: Strategy | None = None, **page):
    """A form saved through the domain (common.pages.saving_form_page) inside the strategy's
    layout (its tabs need the strategy)."""
    return saving_form_page(
        request,
        form,
        save,
        base_template="strategy/base.html",
        extra={"strategy": strategy},
        **page,
    )


def _detail_url(strategy: Strategy) -> str:
    return reverse("strategy:strategy_detail", args=[strategy.pk])


def _progress_url(strategy: Strategy) -> str:
    return reverse("strategy:strategy_progress", args=[strategy.pk])


# --- strategies ----------------------------------------------------------------------------


@login_required
def index(request):
    strategies = strategies_visible_to(request.user).order_by("-start", "title")
    return render(
        request,
        "strategy/index.html",
        {"strategies": strategies, "can_add": request.user.has_perm("strategy.add_strategy")},
    )


@login_required
def strategy_create(request):
    require(request.user, "strategy.add_strategy")
    form = StrategyCreateForm(request.POST or None, user=request.user)
    return _saving_page(
        request,
        form,
        lambda: domain.save_strategy(strategy=form.instance),
        done=_("Strategy created."),
        then=_detail_url,
        title=_("New strategy"),
        back_url=reverse("strategy:index"),
    )


@login_required
def strategy_from_template(request):
    require(request.user, "strategy.add_strategy")
    form = TemplateForm(request.POST or None, user=request.user)
    return _saving_page(
        request,
        form,
        lambda: domain.start_from_template(**form.cleaned_data),
        done=_("Strategy started from the template: review its objectives and KPIs."),
        then=_detail_url,
        title=_("Start a cluster strategy from a template"),
        back_url=reverse("strategy:index"),
    )


@login_required
def strategy_detail(request, pk: int):
    strategy = _strategy(request, pk)
    context = document_context(strategy)
    context["can_change"] = request.user.has_perm("strategy.change_strategy", strategy)
    return render(request, "strategy/detail.html", context)


@login_required
def strategy_edit(request, pk: int):
    strategy = _strategy(request, pk, "strategy.change_strategy")
    form = StrategyForm(request.POST or None, instance=strategy)
    return _saving_page(
        request,
        form,
        lambda: domain.save_strategy(strategy=strategy),
        done=_("Strategy saved."),
        title=_("Edit %(s)s") % {"s": strategy},
        back_url=_detail_url(strategy),
    )


@login_required
def strategy_delete(request, pk: int):
    strategy = _strategy(request, pk, "strategy.delete_strategy")
    return deleting_page(
        request,
        strategy,
        lambda: domain.delete_strategy(strategy=strategy),
        back_url=_detail_url(strategy),
        question=lambda: {
            "dependents": [
                (_("objectives"), strategy.objectives.count()),
                (_("KPIs"), strategy.kpis.count()),
            ]
        },
        done=_("Strategy deleted."),
        then=reverse("strategy:index"),
    )


@login_required
def strategy_markdown(request, pk: int):
    strategy = _strategy(request, pk)
    markdown = to_markdown(strategy)
    audit.exported("strategy.md", target=strategy)  # action owners are people
    return download(markdown, reports.filename(strategy, "md"), MARKDOWN)


@login_required
def strategy_pdf(request, pk: int):
    strategy = _strategy(request, pk)
    pdf = reports.strategy_pdf(strategy, request=request)
    audit.exported("strategy.pdf", target=strategy)  # action owners are people
    return download(pdf, reports.filename(strategy, "pdf"), PDF)


# --- progress, measurements ----------------------------------------------------------------


@login_required
def strategy_progress(request, pk: int):
    strategy = _strategy(request, pk)
    return render(
        request,
        "strategy/progress.html",
        {
            "strategy": strategy,
            "progress": progress_of(strategy),
            "can_change": request.user.has_perm("strategy.change_strategy", strategy),
            "compute_form": ComputeForm(initial={"date": ComputeForm.default_date(strategy)}),
        },
    )


@login_required
@require_POST
def strategy_compute(request, pk: int):
    strategy = _strategy(request, pk, "strategy.change_strategy")
    form = ComputeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day to measure on as a date."))
        return redirect(_progress_url(strategy))
    try:
        report = domain.compute_measurements(strategy=strategy, on=form.cleaned_data["date"])
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect(_progress_url(strategy))
    messages.success(
        request,
        ngettext(
            "%(n)s KPI value computed for %(day)s.",
            "%(n)s KPI values computed for %(day)s.",
            len(report.recorded),
        )
        % {"n": len(report.recorded), "day": report.on},
    )
    for kpi, reason in report.skipped:
        messages.warning(
            request, _("%(kpi)s: skipped, %(reason)s.") % {"kpi": kpi, "reason": reason}
        )
    return redirect(_progress_url(strategy))


@login_required
def measurement_create(request, pk: int):
    kpi, strategy = _kpi(request, pk)
    form = MeasurementForm(request.POST or None, instance=Measurement(kpi=kpi))
    return _saving_page(
        request,
        form,
        lambda: domain.record_measurement(measurement=form.instance),
        title=_("Measurement of %(kpi)s") % {"kpi": kpi},
        back_url=_progress_url(strategy),
        strategy=strategy,
        done=_("Measurement recorded."),
    )


@login_required
def measurement_delete(request, pk: int):
    measurement, strategy = _editable(
        request, measurements_visible_to(request.user), pk, "kpi.strategy"
    )
    return deleting_page(
        request,
        measurement,
        lambda: domain.delete_measurement(measurement=measurement),
        back_url=_progress_url(strategy),
        done=_("Measurement deleted."),
    )


# --- objectives, actions, KPIs -------------------------------------------------------------


def _objective_page(request, objective, strategy: Strategy, title: str):
    """The objective form, for a new objective or an existing one."""
    form = ObjectiveForm(request.POST or None, instance=objective)
    return _saving_page(
        request,
        form,
        lambda: domain.save_objective(objective=objective),
        title=title,
        back_url=_detail_url(strategy),
        strategy=strategy,
    )


@login_required
def objective_create(request, pk: int):
    strategy = _strategy(request, pk, "strategy.change_strategy")
    return _objective_page(request, Objective(strategy=strategy), strategy, _("New objective"))


@login_required
def objective_edit(request, pk: int):
    objective, strategy = _objective(request, pk)
    return _objective_page(request, objective, strategy, _("Edit objective"))


@login_required
def objective_delete(request, pk: int):
    objective, strategy = _objective(request, pk)
    return deleting_page(
        request,
        objective,
        lambda: domain.delete_objective(objective=objective),
        back_url=_detail_url(strategy),
        question=lambda: {"dependents": [(_("actions"), objective.actions.count())]},
    )


def _action_page(request, action, strategy: Strategy, title: str, initial=None):
    """The action form, for a new action (`action` None) or an existing one."""
    form = ActionForm(
        request.POST or None, instance=action, strategy=strategy, user=request.user, initial=initial
    )
    return _saving_page(
        request,
        form,
        lambda: domain.save_action(action=form.instance),
        title=title,
        back_url=_detail_url(strategy),
        strategy=strategy,
    )


@login_required
def action_create(request, pk: int):
    strategy = _strategy(request, pk, "strategy.change_strategy")
    initial = {"objective": request.GET.get("objective")} if request.GET.get("objective") else {}
    return _action_page(request, None, strategy, _("New action"), initial=initial)


@login_required
def action_edit(request, pk: int):
    action, strategy = _action(request, pk)
    return _action_page(request, action, strategy, _("Edit action"))


@login_required
def action_delete(request, pk: int):
    action, strategy = _action(request, pk)
    return deleting_page(
        request, action, lambda: domain.delete_action(action=action), back_url=_detail_url(strategy)
    )


@login_required
def action_link_create(request, pk: int):
    action, strategy = _action(request, pk)
    form = ActionLinkForm(request.POST or None)

    def link():
        kind = form.cleaned_data["kind"]
        domain.link_action(
            action=action,
            app_label=kind.app_label,
            model=kind.model,
            object_id=form.cleaned_data["object_id"],
        )

    return _saving_page(
        request,
        form,
        link,
        title=_("Link %(action)s to a service, event or training") % {"action": action},
        back_url=_detail_url(strategy),
        strategy=strategy,
    )


@login_required
def action_link_delete(request, pk: int, link_pk: int):
    """GET asks, POST removes the link (the strategy page's button posts directly)."""
    action, strategy = _action(request, pk)
    link = object_for(request.user, action.links.all(), link_pk)
    return deleting_page(
        request, link, lambda: domain.unlink_action(link=link), back_url=_detail_url(strategy)
    )


def _kpi_page(request, kpi, strategy: Strategy, title: str):
    """The KPI form, for a new KPI or an existing one."""
    form = KpiForm(request.POST or None, instance=kpi)
    return _saving_page(
        request,
        form,
        lambda: domain.save_kpi(kpi=kpi),
        title=title,
        back_url=_progress_url(strategy),
        strategy=strategy,
    )


@login_required
def kpi_create(request, pk: int):
    strategy = _strategy(request, pk, "strategy.change_strategy")
    return _kpi_page(request, Kpi(strategy=strategy), strategy, _("New KPI"))


@login_required
def kpi_edit(request, pk: int):
    kpi, strategy = _kpi(request, pk)
    return _kpi_page(request, kpi, strategy, _("Edit KPI"))


@login_required
def kpi_delete(request, pk: int):
    kpi, strategy = _kpi(request, pk)
    return deleting_page(
        request,
        kpi,
        lambda: domain.delete_kpi(kpi=kpi),
        back_url=_progress_url(strategy),
        question=lambda: {"dependents": [(_("measurements"), kpi.measurements.count())]},
    )
