"""Tables of the services area for CSV and XLSX (through common/spreadsheets), and the context
of its PDFs. Callers check permissions first."""

from django.utils.translation import gettext as _

from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.services.analysis import gap_analysis
from clusterhub.services.analysis import portfolio_comparison
from clusterhub.services.analysis import survey_results
from clusterhub.services.domain import category_label
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import Survey
from clusterhub.services.models import Uptake

Table = tuple[list[str], list[list[object]]]


def portfolio_table(services) -> Table:
    headers = [
        _("Name"),
        _("Category"),
        _("Status"),
        _("Description"),
        _("Owner"),
        _("Target organisation types"),
        _("Target size classes"),
        _("Target sectors"),
        _("Price model"),
        _("Price (EUR)"),
        _("Launch date"),
        _("Success KPI"),
        _("Retired on"),
    ]
    rows = [
        [
            s.name,
            s.get_category_display(),
            s.get_status_display(),
            s.description,
            s.owner.display_name if s.owner else "",
            ", ".join(s.target_org_types),
            ", ".join(s.target_size_classes),
            ", ".join(s.target_sectors),
            s.get_price_model_display(),
            s.price_eur,
            s.launch_date.isoformat() if s.launch_date else "",
            s.success_kpi,
            s.retired_on.isoformat() if s.retired_on else "",
        ]
        for s in services
    ]
    return headers, rows


def _records_of(model, services, other: str, date: str):
    """The decisions or uptakes of the services: service by service, then by date."""
    return (
        model.objects.filter(service__in=services)
        .select_related("service", other)
        .order_by("service__name", date, "pk")
    )


def decisions_table(cluster: Cluster, services) -> Table:
    decisions = _records_of(StageDecision, services, "decided_by", "decided_at")
    headers = [_("Service"), _("From"), _("To"), _("Decided by"), _("Decided at"), _("Why")]
    rows = [
        [
            d.service.name,
            d.get_from_status_display(),
            d.get_to_status_display(),
            d.decided_by.display_name,
            d.decided_at,
            d.reason,
        ]
        for d in decisions
    ]
    return headers, rows


def uptake_table(cluster: Cluster, services) -> Table:
    uptakes = _records_of(Uptake, services, "organisation", "used_on")
    headers = [
        _("Service"),
        _("Member organisation"),
        _("Used on"),
        _("Satisfaction"),
        _("Comment"),
    ]
    rows = [
        [u.service.name, u.organisation.name, u.used_on, u.satisfaction, u.comment] for u in uptakes
    ]
    return headers, rows


def gaps_table(cluster: Cluster) -> Table:
    analysis = gap_analysis(cluster)
    headers = [
        _("Rank"),
        _("Category"),
        _("Opportunity"),
        _("Score"),
        _("Mean importance (survey)"),
        _("Ratings"),
        _("Weak indicators"),
        _("Unmet member requests"),
        _("Active services"),
        _("In development"),
        _("Mean satisfaction"),
    ]
    rows = [
        [
            rank,
            category_label(o.category),
            _("New service") if o.kind == "new" else _("Improve a service"),
            o.score,
            o.demand.mean_rating,
            o.demand.ratings,
            "; ".join(o.demand.weak_indicators),
            "" if o.demand.unmet_requests is None else o.demand.unmet_requests,
            "; ".join(o.supply.active),
            "; ".join(o.supply.in_development),
            o.supply.mean_satisfaction,
        ]
        for rank, o in enumerate(analysis.opportunities, start=1)
    ]
    return headers, rows


def survey_table(survey: Survey) -> Table:
    """One row per response, one column per question."""
    questions = list(survey.questions.all())
    headers = [_("Response"), _("Submitted"), _("Organisation"), _("Through")]
    headers += [q.text for q in questions]
    rows = []
    for response in survey.responses.select_related("organisation").prefetch_related("answers"):
        answers = {a.question_id: a.display for a in response.answers.all()}
        rows.append(
            [
                response.pk,
                response.submitted_at,
                response.organisation.name if response.organisation else "",
                _("link") if response.token_id else _("signed in"),
            ]
            + [answers.get(q.pk, "") for q in questions]
        )
    return headers, rows


def survey_summary_table(survey: Survey) -> Table:
    results = survey_results(survey)
    headers = [_("Question"), _("Option"), _("Answers"), _("Mean")]
    rows: list[list[object]] = []
    for q in results.questions:
        for option, count in q.counts:
            rows.append([q.text, option, count, q.mean if q.kind == "rating" else ""])
        for text in q.texts:
            rows.append([q.text, text, 1, ""])
    return headers, rows


def comparison_table(programme: Programme) -> Table:
    clusters, rows = portfolio_comparison(programme)
    headers = [_("Category")] + [c.acronym for c in clusters] + [_("Clusters offering")]
    return headers, [
        [r.label] + ["; ".join(cell) for cell in r.cells] + [r.offered_by] for r in rows
    ]


def cluster_services(cluster: Cluster, visible) -> list[Service]:
    return list(visible.filter(cluster=cluster).order_by("category", "name"))
