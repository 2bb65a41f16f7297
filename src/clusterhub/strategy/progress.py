"""A strategy's progress: each KPI's measurements, chart and status, and its overdue actions."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterhub.core.kpi_status import KpiStatus
from clusterhub.core.kpi_status import achieved_share
from clusterhub.core.kpi_status import kpi_status
from clusterhub.strategy.charts import kpi_chart
from clusterhub.strategy.enums import CLOSED_ACTION_STATUSES
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Strategy

STATUS_LABELS = {
    KpiStatus.ON_TRACK: _("On track"),
    KpiStatus.AT_RISK: _("At risk"),
    KpiStatus.OFF_TRACK: _("Off track"),
    KpiStatus.NO_DATA: _("No data"),
}


# Badge classes of the shared stylesheet, so status colour matches the rest of the platform.
STATUS_CLASSES = {
    KpiStatus.ON_TRACK: "ok",
    KpiStatus.AT_RISK: "warn",
    KpiStatus.OFF_TRACK: "kind-deleted",
    KpiStatus.NO_DATA: "",
}


@dataclass
class KpiProgress:
    kpi: Kpi
    measurements: list[Measurement]
    status: KpiStatus
    achieved_percent: int | None
    chart: str

    @property
    def latest(self) -> Measurement | None:
        return self.measurements[-1] if self.measurements else None

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def status_class(self) -> str:
        return STATUS_CLASSES[self.status]


@dataclass
class Progress:
    strategy: Strategy
    kpis: list[KpiProgress]
    overdue: list[Action]
    today: date


def kpi_progress(kpi: Kpi, strategy: Strategy, measurements: list[Measurement]) -> KpiProgress:
    latest = (measurements[-1].date, measurements[-1].value) if measurements else None
    status = kpi_status(
        baseline=kpi.baseline,
        target=kpi.target,
        start=strategy.start,
        end=strategy.end,
        latest=latest,
    )
    achieved = None
    if latest is not None:
        share = achieved_share(baseline=kpi.baseline, target=kpi.target, value=latest[1])
        achieved = int((share * 100).to_integral_value(rounding=ROUND_HALF_UP))
    chart = kpi_chart(
        title=kpi.name,
        start=strategy.start,
        end=strategy.end,
        baseline=kpi.baseline,
        target=kpi.target,
        points=[(m.date, m.value) for m in measurements],
    )
    return KpiProgress(kpi, measurements, status, achieved, chart)


def progress_of(strategy: Strategy, *, today: date | None = None) -> Progress:
    """Everything the progress page, its API and the document show, in three queries."""
    today = today or timezone.localdate()
    kpis = list(strategy.kpis.prefetch_related("measurements"))
    overdue = list(
        Action.objects.filter(objective__strategy=strategy, due_date__lt=today)
        .exclude(status__in=CLOSED_ACTION_STATUSES)
        .select_related("objective", "owner_user", "owner_person")
        .order_by("due_date", "pk")
    )
    return Progress(
        strategy=strategy,
        kpis=[
            kpi_progress(k, strategy, sorted(k.measurements.all(), key=lambda m: m.date))
            for k in kpis
        ],
        overdue=overdue,
        today=today,
    )
