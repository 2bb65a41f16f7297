"""Periodic and final reports of a funded project: technical and financial, as PDF (the
workbook of the same report is in exports.py).

The technical part reads the areas below grants: strategy's KPIs (its models), and the
published contracts of training and events (`training/insights.py`, `events/insights.py`).
"""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.pdf import render_pdf
from clusterhub.events import insights as events_insights
from clusterhub.grants.charts import plan_vs_spent
from clusterhub.grants.enums import ReportKind
from clusterhub.grants.finance import BudgetTable
from clusterhub.grants.finance import budget_table
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Milestone
from clusterhub.grants.models import Project
from clusterhub.grants.models import ReportingPeriod
from clusterhub.registry.funding import funding_notice
from clusterhub.strategy.models import Kpi
from clusterhub.training import insights as training_insights


@dataclass
class KpiLine:
    strategy: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    latest: Decimal | None
    latest_date: date | None


@dataclass
class Report:
    project: Project
    kind: str
    title: str
    first_month: int
    last_month: int
    since: date
    until: date
    finance: BudgetTable
    deliverables: list[Deliverable]
    milestones: list[Milestone]
    kpis: list[KpiLine] = field(default_factory=list)
    activities: list[tuple[str, int, int]] = field(default_factory=list)  # (name, items, people)
    generated: date = field(default_factory=timezone.localdate)


def build_report(project: Project, period: ReportingPeriod | None = None) -> Report:
    """The report for a reporting period, or the final report over the whole project."""
    first, last = (period.start_month, period.end_month) if period else (1, project.duration_months)
    kind = period.kind if period else ReportKind.FINAL
    since = project.start_date if first == 1 else project.month_end(first - 1) + timedelta(days=1)
    until = project.month_end(last)
    title = (
        _("%(kind)s %(n)s, months %(first)s-%(last)s")
        % {"kind": period.get_kind_display(), "n": period.number, "first": first, "last": last}
        if period
        else _("Final report, months 1-%(last)s") % {"last": last}
    )
    deliverables = list(
        Deliverable.objects.filter(work_package__project=project, due_month__lte=last)
        .select_related("work_package__project")
        .order_by("due_month", "number")
    )
    milestones = list(project.milestones.filter(due_month__lte=last).order_by("due_month"))
    return Report(
        project=project,
        kind=kind,
        title=title,
        first_month=first,
        last_month=last,
        since=since,
        until=until,
        finance=budget_table(project, since=since, until=until),
        deliverables=deliverables,
        milestones=milestones,
        kpis=_kpis(project),
        activities=_activities(project),
    )


def _kpis(project: Project) -> list[KpiLine]:
    """KPIs of strategies that belong to or result from the project's programme."""
    rows = []
    kpis = Kpi.objects.filter(
        Q(strategy__programme=project.programme) | Q(strategy__output_of=project.programme)
    ).select_related("strategy")
    for k in kpis.prefetch_related("measurements"):
        measured = sorted(k.measurements.all(), key=lambda m: m.date)
        last = measured[-1] if measured else None
        rows.append(
            KpiLine(
                strategy=str(k.strategy),
                name=k.name,
                unit=k.unit,
                baseline=k.baseline,
                target=k.target,
                latest=last.value if last else None,
                latest_date=last.date if last else None,
            )
        )
    return rows


def _activities(project: Project) -> list[tuple[str, int, int]]:
    """Trainings and events of the programme: how many, and how many people took part."""
    training = training_insights.programme_activity(project.programme)
    events = events_insights.programme_activity(project.programme)
    return [
        (_("Training programmes"), training.items, training.people),
        (_("Events"), events.items, events.people),
    ]


def report_context(report: Report) -> dict:
    finance = report.finance
    chart = plan_vs_spent(
        [(str(r.partner.organisation), r.total.planned, r.total.spent) for r in finance.rows],
        title=_("Budget and costs by partner (EUR)"),
        plan_label=_("planned"),
        spent_label=_("spent"),
    )
    return {
        "report": report,
        "project": report.project,
        "finance": finance,
        "chart": chart,
        "funding_notice": funding_notice(report.project.programme),
    }


def report_pdf(report: Report) -> bytes:
    return render_pdf("grants/report_pdf.html", report_context(report))
