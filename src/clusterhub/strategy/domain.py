"""The verbs of strategies. Pages, API handlers, the command and the demo all call these.

Each verb validates with the model's own rules (`full_clean`) and writes in one transaction, so a
failure leaves nothing half-saved.
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from decimal import ROUND_CEILING
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterhub.assessment import insights
from clusterhub.common.numbers import format_percent
from clusterhub.common.saving import save
from clusterhub.registry.models import Cluster
from clusterhub.strategy import kpi_sources
from clusterhub.strategy.enums import Direction
from clusterhub.strategy.enums import Frequency
from clusterhub.strategy.enums import Origin
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import ActionLink
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy

CENT = Decimal("0.01")


def save_strategy(*, strategy: Strategy) -> Strategy:
    """Create or update a strategy; a shorter period must still hold its measurements."""
    return save(strategy)


@transaction.atomic
def delete_strategy(*, strategy: Strategy) -> None:
    """Delete a strategy with its objectives, actions, KPIs and measurements."""
    strategy.delete()


def save_objective(*, objective: Objective) -> Objective:
    if objective.pk is None and not objective.position and objective.strategy_id:
        objective.position = objective.strategy.objectives.count() + 1
    return save(objective)


@transaction.atomic
def delete_objective(*, objective: Objective) -> None:
    """Delete an objective with its actions; its KPIs stay with the strategy."""
    objective.delete()


def save_action(*, action: Action) -> Action:
    return save(action)


@transaction.atomic
def delete_action(*, action: Action) -> None:
    action.delete()


def link_action(*, action: Action, app_label: str, model: str, object_id: int) -> ActionLink:
    """Link an action to a service, event or training by app label, model name and id."""
    content_type = ContentType.objects.filter(app_label=app_label, model=model.lower()).first()
    if content_type is None or content_type.model_class() is None:
        raise ValidationError(
            {
                "model": _("%(app)s.%(model)s is not a kind of object the platform knows.")
                % {"app": app_label, "model": model}
            }
        )
    link = ActionLink(action=action, content_type=content_type, object_id=object_id)
    existing = ActionLink.objects.filter(
        action=action, content_type=content_type, object_id=object_id
    ).first()
    if existing is not None:
        return existing
    return save(link)


@transaction.atomic
def unlink_action(*, link: ActionLink) -> None:
    link.delete()


def save_kpi(*, kpi: Kpi) -> Kpi:
    """Create or update a KPI; the target must lie in its direction from the baseline."""
    return save(kpi)


@transaction.atomic
def delete_kpi(*, kpi: Kpi) -> None:
    kpi.delete()


def record_measurement(*, measurement: Measurement) -> Measurement:
    """Record a KPI value; its date must fall within the strategy period, one per day."""
    return save(measurement)


@transaction.atomic
def delete_measurement(*, measurement: Measurement) -> None:
    measurement.delete()


# --- computing KPIs from the platform ----------------------------------------------------------


@dataclass
class ComputeReport:
    on: date
    recorded: list[Measurement] = field(default_factory=list)
    # (KPI, why it got no value)
    skipped: list[tuple[Kpi, str]] = field(default_factory=list)


def compute_measurements(*, strategy: Strategy, on: date | None = None) -> ComputeReport:
    """Record, for each computed KPI of the strategy, the platform's value on `on` (today).

    A computed value on a day that already has one is replaced; a value entered by hand on that
    day is kept and the KPI skipped. A day outside the strategy period is refused.
    """
    on = on or timezone.localdate()
    if not strategy.contains(on):
        raise ValidationError(
            {
                "date": _(
                    "%(date)s is outside the strategy period (%(start)s to %(end)s); "
                    "KPIs are measured within it."
                )
                % {"date": on, "start": strategy.start, "end": strategy.end}
            }
        )
    report = ComputeReport(on=on)
    clusters = strategy.scope_clusters()
    with transaction.atomic():
        for kpi in strategy.kpis.exclude(source=""):
            source = kpi_sources.SOURCES.get(kpi.source)
            if source is None or not source.available():
                report.skipped.append((kpi, _("its source is not available")))
                continue
            value = kpi_sources.compute(kpi.source, clusters, on)
            if value is None:
                report.skipped.append((kpi, _("the platform holds no data for it yet")))
                continue
            existing = Measurement.objects.filter(kpi=kpi, date=on).first()
            if existing is not None and existing.origin == Origin.MANUAL:
                report.skipped.append((kpi, _("a value entered by hand exists on that day")))
                continue
            measurement = existing or Measurement(kpi=kpi, date=on, origin=Origin.COMPUTED)
            # Stored with the column's two decimals, rounded half up, so what is returned is
            # what is kept.
            measurement.value = value.quantize(CENT, rounding=ROUND_HALF_UP)
            measurement.note = _("Computed on %(day)s") % {"day": timezone.localdate()}
            report.recorded.append(save(measurement))
    return report


# --- starting a strategy from a template --------------------------------------------------------

# The six ECEI benchmarking areas (DOMAIN.md §2), for a cluster without an assessment.
GENERIC_AREAS = (
    ("structure", gettext_lazy("Structure of the cluster")),
    ("governance", gettext_lazy("Cluster management and governance")),
    ("financing", gettext_lazy("Financing of the cluster management")),
    ("services", gettext_lazy("Services of the cluster management")),
    ("interaction", gettext_lazy("Contacts and interaction within the cluster")),
    ("achievements", gettext_lazy("Achievements and recognition")),
)

# KPIs every template strategy starts with: (source, name, growth of the target over the baseline).
TEMPLATE_KPIS = (
    ("members", gettext_lazy("Members"), Decimal("0.20")),
    ("committed_members", gettext_lazy("Committed members"), Decimal("0.20")),
    ("assessment_score", gettext_lazy("Assessment score"), Decimal("0.15")),
)


def _target_for(source: str, baseline: Decimal, growth: Decimal) -> Decimal:
    if source == "assessment_score":
        return min(Decimal(100), (baseline * (1 + growth)).quantize(Decimal("0.1")))
    # Counts: at least one more, rounded up to a whole number.
    return max(baseline + 1, (baseline * (1 + growth)).to_integral_value(ROUND_CEILING))


def start_from_template(
    *, cluster: Cluster, title: str, start: date, end: date, today: date | None = None
) -> Strategy:
    """A new cluster strategy with an objective per weak area of its latest assessment (the six
    ECEI areas when it has none) and KPIs for members, committed members and assessment score,
    their baselines measured now and their targets 15-20 % higher."""
    weak = insights.weak_areas(cluster)
    if weak:
        areas = [
            (
                area.code,
                _("Improve %(area)s") % {"area": area.title},
                _("The latest assessment scored this area %(percent)s.")
                % {"percent": format_percent(area.percent)},
            )
            for area in weak
        ]
    else:
        areas = [
            (code, _("Strengthen: %(area)s") % {"area": title}, "") for code, title in GENERIC_AREAS
        ]
    today = today or timezone.localdate()
    with transaction.atomic():
        strategy = save_strategy(
            strategy=Strategy(cluster=cluster, title=title, start=start, end=end)
        )
        for position, (code, objective_title, description) in enumerate(areas, start=1):
            save_objective(
                objective=Objective(
                    strategy=strategy,
                    position=position,
                    title=objective_title[:200],
                    description=description,
                    area_code=code,
                )
            )
        for source, name, growth in TEMPLATE_KPIS:
            baseline = kpi_sources.compute(source, [cluster], today)
            if baseline is None:
                continue
            target = _target_for(source, baseline, growth)
            if target == baseline:
                continue
            save_kpi(
                kpi=Kpi(
                    strategy=strategy,
                    name=str(name),
                    unit=str(kpi_sources.SOURCES[source].unit),
                    baseline=baseline,
                    target=target,
                    direction=Direction.UP,
                    frequency=Frequency.QUARTERLY,
                    source=source,
                )
            )
    return strategy
