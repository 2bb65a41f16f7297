"""The strategy REST API under /api/v1/strategy/.

Handlers are thin: each starts from what the user may see (queries.py: not visible is 404), asks
rules.py before a write (visible but not allowed is 403), turns ids into objects (unknown ones are
422 on their field) and writes through domain.py.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.accounts import audit
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.downloads import MARKDOWN
from clusterhub.common.pagination import PageNumber
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import people_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.strategy import domain
from clusterhub.strategy.kpi_sources import SOURCES
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
from clusterhub.strategy.queries import possible_action_owners
from clusterhub.strategy.queries import strategies_visible_to
from clusterhub.strategy.reports import to_markdown
from clusterhub.strategy.schemas import ActionCreate
from clusterhub.strategy.schemas import ActionLinkCreate
from clusterhub.strategy.schemas import ActionOut
from clusterhub.strategy.schemas import ActionUpdate
from clusterhub.strategy.schemas import ComputeIn
from clusterhub.strategy.schemas import ComputeOut
from clusterhub.strategy.schemas import KpiCreate
from clusterhub.strategy.schemas import KpiOut
from clusterhub.strategy.schemas import KpiSourceOut
from clusterhub.strategy.schemas import KpiUpdate
from clusterhub.strategy.schemas import MeasurementCreate
from clusterhub.strategy.schemas import MeasurementOut
from clusterhub.strategy.schemas import ObjectiveCreate
from clusterhub.strategy.schemas import ObjectiveOut
from clusterhub.strategy.schemas import ObjectiveUpdate
from clusterhub.strategy.schemas import ProgressOut
from clusterhub.strategy.schemas import StrategyCreate
from clusterhub.strategy.schemas import StrategyFromTemplate
from clusterhub.strategy.schemas import StrategyOut
from clusterhub.strategy.schemas import StrategyUpdate

router = Router(tags=["strategy"])


def _strategy(user, pk: int, permission: str = "strategy.view_strategy") -> Strategy:
    return object_for(user, strategies_visible_to(user), pk, permission)


def _chosen(queryset, pk: int, field: str, kind: str):
    """The record a payload names by id in `field`, among those `queryset` offers the user;
    any other id is refused on that field (422) naming the kind of record looked for."""
    message = _("There is no %(kind)s with id %(id)s.") % {"kind": kind, "id": pk}
    return chosen(queryset, pk, field=field, message=message)


def _actions(user):
    return actions_visible_to(user).prefetch_related("links__content_type")


# --- strategies ----------------------------------------------------------------------------


@router.get("/strategy/strategies", response=list[StrategyOut])
@paginate(PageNumber)
def list_strategies(request):
    """Strategies the user may read. Permission: strategy.view_strategy."""
    return strategies_visible_to(request.user).order_by("-start", "pk")


@router.post("/strategy/strategies", response={201: StrategyOut, **ERRORS})
def create_strategy(request, payload: StrategyCreate):
    """Start a strategy for a cluster (strategy.add_cluster_strategy: its manager or staff) or a
    programme (strategy.add_programme_strategy: its coordinators). Give exactly one owner."""
    data = payload.model_dump()
    if (data["cluster"] is None) == (data["programme"] is None):
        raise ValidationError(
            {"cluster": _("A strategy belongs to a cluster or to a programme: give one.")}
        )
    if data["cluster"] is not None:
        owner = _chosen(clusters_visible_to(request.user), data["cluster"], "cluster", _("cluster"))
        require(request.user, "strategy.add_cluster_strategy", owner)
        data["cluster"] = owner
    else:
        owner = _chosen(
            programmes_visible_to(request.user), data["programme"], "programme", _("programme")
        )
        require(request.user, "strategy.add_programme_strategy", owner)
        data["programme"] = owner
    data["output_of"] = _programme(request.user, data["output_of"])
    strategy = domain.save_strategy(strategy=Strategy(**data))
    return Status(201, strategies_visible_to(request.user).get(pk=strategy.pk))


def _programme(user, pk: int | None):
    if pk is None:
        return None
    return _chosen(programmes_visible_to(user), pk, "output_of", _("programme"))


@router.post("/strategy/strategies/from-template", response={201: StrategyOut, **ERRORS})
def create_strategy_from_template(request, payload: StrategyFromTemplate):
    """Start a cluster's strategy with objectives from its latest assessment's weak areas (the
    six ECEI areas without an assessment). Permission: strategy.add_cluster_strategy."""
    cluster = _chosen(clusters_visible_to(request.user), payload.cluster, "cluster", _("cluster"))
    require(request.user, "strategy.add_cluster_strategy", cluster)
    data = payload.model_dump()
    data["cluster"] = cluster
    strategy = domain.start_from_template(**data)
    return Status(201, strategies_visible_to(request.user).get(pk=strategy.pk))


@router.get("/strategy/strategies/{strategy_id}", response={200: StrategyOut, **ERRORS})
def get_strategy(request, response: HttpResponse, strategy_id: int = path_id("Strategy id")):
    """One strategy. Permission: strategy.view_strategy."""
    return with_etag(response, _strategy(request.user, strategy_id))


@router.patch("/strategy/strategies/{strategy_id}", response={200: StrategyOut, **ERRORS})
@transaction.atomic
def update_strategy(
    request,
    response: HttpResponse,
    payload: StrategyUpdate,
    strategy_id: int = path_id("Strategy id"),
):
    """Change the fields given. Permission: strategy.change_strategy."""
    strategy = _strategy(request.user, strategy_id, "strategy.change_strategy")
    data = patch_values(payload)
    if_match(request, strategy)
    if "output_of" in data:
        data["output_of"] = _programme(request.user, data["output_of"])
    for required in ("title", "start", "end"):
        if required in data and data[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    apply_patch(strategy, data)
    domain.save_strategy(strategy=strategy)
    return with_etag(response, strategies_visible_to(request.user).get(pk=strategy.pk))


@router.delete("/strategy/strategies/{strategy_id}", response=NO_CONTENT)
def delete_strategy(request, strategy_id: int = path_id("Strategy id")):
    """Delete a strategy with everything in it. Permission: strategy.delete_strategy."""
    strategy = _strategy(request.user, strategy_id, "strategy.delete_strategy")
    domain.delete_strategy(strategy=strategy)
    return Status(204, None)


@router.get(
    "/strategy/strategies/{strategy_id}/markdown",
    # The 200 answer is Markdown, not JSON, so it is described here alone: declaring it in
    # `response` too wrote a second "200" key that made the document invalid.
    response=ERRORS,
    openapi_extra={
        "responses": {
            "200": {
                "description": "The strategy as Markdown.",
                "content": {"text/markdown": {"schema": {"type": "string"}}},
            }
        }
    },
)
def strategy_markdown(request, strategy_id: int = path_id("Strategy id")):
    """The strategy as a Markdown document, with the funding notice when it is a project output."""
    strategy = _strategy(request.user, strategy_id)
    audit.exported("strategy.md", target=strategy)  # action owners are people
    return HttpResponse(to_markdown(strategy), content_type=MARKDOWN)


@router.get("/strategy/strategies/{strategy_id}/progress", response={200: ProgressOut, **ERRORS})
def strategy_progress(request, strategy_id: int = path_id("Strategy id")):
    """Each KPI's measurements and status, and the overdue actions."""
    strategy = _strategy(request.user, strategy_id)
    progress = progress_of(strategy)
    return {
        "strategy": strategy,
        "today": progress.today,
        "kpis": [
            {
                "kpi": item.kpi,
                "status": item.status.value,
                "achieved_percent": item.achieved_percent,
                "latest": item.latest,
                "measurements": item.measurements,
            }
            for item in progress.kpis
        ],
        "overdue_actions": progress.overdue,
    }


@router.post(
    "/strategy/strategies/{strategy_id}/compute-kpis", response={200: ComputeOut, **ERRORS}
)
def compute_kpis(request, payload: ComputeIn, strategy_id: int = path_id("Strategy id")):
    """Record each computed KPI's value from the platform, dated today (or the date given).
    Permission: strategy.change_strategy."""
    strategy = _strategy(request.user, strategy_id, "strategy.change_strategy")
    report = domain.compute_measurements(strategy=strategy, on=payload.date)
    return {
        "date": report.on,
        "recorded": report.recorded,
        "skipped": {str(kpi.pk): reason for kpi, reason in report.skipped},
    }


@router.get("/strategy/kpi-sources", response=list[KpiSourceOut])
def list_kpi_sources(request):
    """The sources a KPI can be computed from, and whether each is available now."""
    return [
        {
            "key": s.key,
            "label": str(s.label),
            "unit": str(s.unit),
            "reads": s.reads,
            "available": s.available(),
        }
        for s in SOURCES.values()
    ]


# --- objectives ----------------------------------------------------------------------------


@router.get("/strategy/strategies/{strategy_id}/objectives", response=list[ObjectiveOut])
@paginate(PageNumber)
def list_objectives(request, strategy_id: int = path_id("Strategy id")):
    strategy = _strategy(request.user, strategy_id)
    return strategy.objectives.all()


@router.post(
    "/strategy/strategies/{strategy_id}/objectives", response={201: ObjectiveOut, **ERRORS}
)
def create_objective(request, payload: ObjectiveCreate, strategy_id: int = path_id("Strategy id")):
    """Permission: strategy.change_strategy."""
    strategy = _strategy(request.user, strategy_id, "strategy.change_strategy")
    objective = domain.save_objective(objective=Objective(strategy=strategy, **payload.dict()))
    return Status(201, objective)


def _objective(user, pk: int) -> Objective:
    objective = object_for(user, objectives_visible_to(user).select_related("strategy"), pk)
    require(user, "strategy.change_strategy", objective.strategy)
    return objective


@router.patch("/strategy/objectives/{objective_id}", response={200: ObjectiveOut, **ERRORS})
@transaction.atomic
def update_objective(
    request,
    response: HttpResponse,
    payload: ObjectiveUpdate,
    objective_id: int = path_id("Objective id"),
):
    objective = _objective(request.user, objective_id)
    if_match(request, objective)
    data = patch_values(payload)
    if data.get("title", "") is None or data.get("position", 0) is None:
        raise ValidationError(_("Title and position cannot be empty."))
    apply_patch(objective, data)
    return with_etag(response, domain.save_objective(objective=objective))


@router.delete("/strategy/objectives/{objective_id}", response=NO_CONTENT)
def delete_objective(request, objective_id: int = path_id("Objective id")):
    domain.delete_objective(objective=_objective(request.user, objective_id))
    return Status(204, None)


# --- actions -------------------------------------------------------------------------------


def _owners(user, strategy: Strategy, data: dict) -> dict:
    """Turn owner ids into a user who works with the strategy's clusters or a visible person."""
    if data.get("owner_user") is not None:
        data["owner_user"] = chosen(
            possible_action_owners(strategy),
            data["owner_user"],
            field="owner_user",
            message=_("User %(id)s holds no role in the strategy's clusters."),
        )
    if data.get("owner_person") is not None:
        data["owner_person"] = _chosen(
            people_visible_to(user), data["owner_person"], "owner_person", _("person")
        )
    return data


@router.get("/strategy/strategies/{strategy_id}/actions", response=list[ActionOut])
@paginate(PageNumber)
def list_actions(request, strategy_id: int = path_id("Strategy id")):
    """The strategy's actions, by objective then due date; `overdue` flags late ones."""
    strategy = _strategy(request.user, strategy_id)
    return _actions(request.user).filter(objective__strategy=strategy)


@router.post("/strategy/objectives/{objective_id}/actions", response={201: ActionOut, **ERRORS})
def create_action(request, payload: ActionCreate, objective_id: int = path_id("Objective id")):
    objective = _objective(request.user, objective_id)
    data = _owners(request.user, objective.strategy, payload.model_dump())
    action = domain.save_action(action=Action(objective=objective, **data))
    return Status(201, _actions(request.user).get(pk=action.pk))


def _action(user, pk: int) -> Action:
    action = object_for(user, _actions(user), pk)
    require(user, "strategy.change_strategy", action.objective.strategy)
    return action


@router.patch("/strategy/actions/{action_id}", response={200: ActionOut, **ERRORS})
@transaction.atomic
def update_action(
    request, response: HttpResponse, payload: ActionUpdate, action_id: int = path_id("Action id")
):
    action = _action(request.user, action_id)
    if_match(request, action)
    strategy = action.objective.strategy
    data = _owners(request.user, strategy, patch_values(payload))
    if "objective" in data:
        # A null objective is refused too: an action always belongs to one (0 names none).
        data["objective"] = chosen(
            strategy.objectives.all(),
            data["objective"] or 0,
            field="objective",
            message=_("Move an action only to an objective of the same strategy."),
        )
    for required in ("title", "status"):
        if required in data and data[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    apply_patch(action, data)
    domain.save_action(action=action)
    return with_etag(response, _actions(request.user).get(pk=action.pk))


@router.delete("/strategy/actions/{action_id}", response=NO_CONTENT)
def delete_action(request, action_id: int = path_id("Action id")):
    domain.delete_action(action=_action(request.user, action_id))
    return Status(204, None)


@router.post("/strategy/actions/{action_id}/links", response={201: ActionOut, **ERRORS})
def link_action(request, payload: ActionLinkCreate, action_id: int = path_id("Action id")):
    """Link an action to a service, event or training (app label, model name, id)."""
    action = _action(request.user, action_id)
    domain.link_action(action=action, **payload.model_dump())
    return Status(201, _actions(request.user).get(pk=action.pk))


@router.delete("/strategy/actions/{action_id}/links/{link_id}", response=NO_CONTENT)
def unlink_action(
    request, action_id: int = path_id("Action id"), link_id: int = path_id("Link id")
):
    action = _action(request.user, action_id)
    link = object_for(request.user, action.links.all(), link_id)
    domain.unlink_action(link=link)
    return Status(204, None)


# --- KPIs and measurements -----------------------------------------------------------------


def _kpi_objective(strategy: Strategy, data: dict) -> dict:
    if data.get("objective") is not None:
        data["objective"] = chosen(
            strategy.objectives.all(),
            data["objective"],
            field="objective",
            message=_("The objective belongs to another strategy."),
        )
    return data


@router.get("/strategy/strategies/{strategy_id}/kpis", response=list[KpiOut])
@paginate(PageNumber)
def list_kpis(request, strategy_id: int = path_id("Strategy id")):
    strategy = _strategy(request.user, strategy_id)
    return strategy.kpis.all()


@router.post("/strategy/strategies/{strategy_id}/kpis", response={201: KpiOut, **ERRORS})
def create_kpi(request, payload: KpiCreate, strategy_id: int = path_id("Strategy id")):
    """A KPI: a target above the baseline for "up", below it for "down". `source` empty for
    measurements by hand, else a key of /strategy/kpi-sources."""
    strategy = _strategy(request.user, strategy_id, "strategy.change_strategy")
    data = _kpi_objective(strategy, payload.model_dump())
    kpi = domain.save_kpi(kpi=Kpi(strategy=strategy, **data))
    return Status(201, Kpi.objects.get(pk=kpi.pk))  # as stored: figures with two decimals


def _kpi(user, pk: int, permission: str = "strategy.change_strategy") -> Kpi:
    kpi = object_for(user, kpis_visible_to(user).select_related("strategy"), pk)
    require(user, permission, kpi.strategy)
    return kpi


@router.patch("/strategy/kpis/{kpi_id}", response={200: KpiOut, **ERRORS})
@transaction.atomic
def update_kpi(
    request, response: HttpResponse, payload: KpiUpdate, kpi_id: int = path_id("KPI id")
):
    kpi = _kpi(request.user, kpi_id)
    if_match(request, kpi)
    data = _kpi_objective(kpi.strategy, patch_values(payload))
    for required in ("name", "baseline", "target", "direction", "frequency"):
        if required in data and data[required] is None:
            raise ValidationError({required: _("This field cannot be empty.")})
    apply_patch(kpi, data)
    domain.save_kpi(kpi=kpi)
    return with_etag(response, Kpi.objects.get(pk=kpi.pk))  # as stored: figures with two decimals


@router.delete("/strategy/kpis/{kpi_id}", response=NO_CONTENT)
def delete_kpi(request, kpi_id: int = path_id("KPI id")):
    domain.delete_kpi(kpi=_kpi(request.user, kpi_id))
    return Status(204, None)


@router.get("/strategy/kpis/{kpi_id}/measurements", response=list[MeasurementOut])
@paginate(PageNumber)
def list_measurements(request, kpi_id: int = path_id("KPI id")):
    kpi = _kpi(request.user, kpi_id, "strategy.view_strategy")
    return kpi.measurements.all()


@router.post("/strategy/kpis/{kpi_id}/measurements", response={201: MeasurementOut, **ERRORS})
def create_measurement(request, payload: MeasurementCreate, kpi_id: int = path_id("KPI id")):
    """Record a value by hand; its date must fall within the strategy period."""
    kpi = _kpi(request.user, kpi_id)
    measurement = domain.record_measurement(measurement=Measurement(kpi=kpi, **payload.dict()))
    return Status(201, Measurement.objects.get(pk=measurement.pk))


@router.delete("/strategy/measurements/{measurement_id}", response=NO_CONTENT)
def delete_measurement(request, measurement_id: int = path_id("Measurement id")):
    measurement = object_for(
        request.user,
        measurements_visible_to(request.user).select_related("kpi__strategy"),
        measurement_id,
    )
    require(request.user, "strategy.change_strategy", measurement.kpi.strategy)
    domain.delete_measurement(measurement=measurement)
    return Status(204, None)
