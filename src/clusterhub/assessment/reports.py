"""The assessment's documents and page figures: progress, peer benchmark, the report, the
before/after comparison. Pages, the PDF view and the `assessment report` command share them."""

from decimal import Decimal

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clusterhub.assessment.benchmark import GROUPS
from clusterhub.assessment.benchmark import MIN_PEERS
from clusterhub.assessment.benchmark import benchmark
from clusterhub.assessment.benchmark import peer_rows
from clusterhub.assessment.charts import percentile_chart
from clusterhub.assessment.charts import radar_chart
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.presentation import readiness_view
from clusterhub.common.pdf import render_pdf
from clusterhub.registry.funding import funding_notice


def svg(markup: str):
    # Charts are built from escaped text in assessment/charts.py, so they are safe to embed.
    return mark_safe(markup)  # noqa: S308  # nosec B308 B703  # charts escape their text


def progress(evaluation) -> list[dict]:
    areas = list(evaluation.assessment.framework.areas.all())
    rows = []
    for area in areas:
        answers = [a for a in evaluation.answers if a.indicator.area_id == area.pk]
        done = sum(1 for a in answers if a.answered or a.evidence.all())
        s = evaluation.score.areas.get(area.code)
        rows.append(
            {
                "area": area,
                "done": done,
                "total": len(answers),
                "percent": s.percent if s else Decimal(0),
                "points": s.points if s else Decimal(0),
                "max_points": s.max_points if s else Decimal(0),
            }
        )
    return rows


def lookups(assessment):
    indicators = {i.code: i for i in assessment.framework.indicators.all()}
    areas = {a.code: a.local_title for a in assessment.framework.areas.all()}
    return indicators, areas


def benchmark_context(assessment: Assessment, group: str) -> dict:
    bench = benchmark(assessment, group, peer_rows(assessment))
    indicators, areas = lookups(assessment)
    ctx = {"bench": bench, "groups": GROUPS, "group": bench.group, "min_peers": MIN_PEERS}
    if bench.shown:
        ctx["area_chart"] = svg(
            percentile_chart(
                [(areas.get(p.code, p.code), p.percentile) for p in bench.areas],
                title=_("Percentile per area among peers"),
            )
        )
        ctx["indicator_chart"] = svg(
            percentile_chart(
                [
                    (
                        f"{p.code} {indicators[p.code].local_title}"
                        if p.code in indicators
                        else p.code,
                        p.percentile,
                    )
                    for p in bench.indicators
                ],
                title=_("Percentile per indicator among peers"),
            )
        )
        ctx["area_rows"] = [(areas.get(p.code, p.code), p) for p in bench.areas]
        ctx["indicator_rows"] = [(indicators.get(p.code), p) for p in bench.indicators]
    return ctx


def _funding_programme(assessment: Assessment):
    """The assessment's programme, else an EU-funded programme the cluster takes part in."""
    if assessment.programme is not None:
        return assessment.programme
    return assessment.cluster.programmes.exclude(eu_funding_programme="").order_by("pk").first()


def report_context(assessment: Assessment, group: str = "all") -> dict:
    evaluation = evaluate(assessment)
    indicators, areas = lookups(assessment)
    bench = benchmark(assessment, group)
    peer_by_indicator = {p.code: p for p in bench.indicators} if bench.shown else {}
    peer_by_area = {p.code: p for p in bench.areas} if bench.shown else {}
    axes = [(areas[c], s.percent) for c, s in evaluation.score.areas.items()]
    compare = [
        peer_by_area[c].peer_median if c in peer_by_area else None for c in evaluation.score.areas
    ]
    reviews = list(assessment.reviews.select_related("expert"))
    return {
        "assessment": assessment,
        "cluster": assessment.cluster,
        "evaluation": evaluation,
        "score": evaluation.score,
        "areas": areas,
        "area_rows": [
            (areas[c], s, peer_by_area.get(c)) for c, s in evaluation.score.areas.items()
        ],
        "radar": svg(
            radar_chart(
                axes,
                title=_("Score per area (%)"),
                compare=compare if bench.shown else None,
                own_label=assessment.cluster.acronym,
                compare_label=_("Peer median"),
            )
        ),
        "rows": [
            {"answer": a, "indicator": a.indicator, "peer": peer_by_indicator.get(a.indicator.code)}
            for a in evaluation.answers
        ],
        "bench": bench,
        "readiness": readiness_view(readiness(evaluation), indicators, areas),
        "reviews": reviews,
        "approved_reviews": [r for r in reviews if r.approved_at],
        "funding_notice": funding_notice(_funding_programme(assessment)),
        "generated": timezone.now(),
    }


def report_pdf(assessment: Assessment) -> bytes:
    """The assessment report as a PDF: the page's content, for print."""
    return render_pdf("assessment/report_pdf.html", report_context(assessment))


def report_filename(assessment: Assessment) -> str:
    return f"assessment-{assessment.cluster.acronym}-{assessment.period_end}.pdf"


def comparison_context(before: Assessment, after: Assessment) -> dict:
    areas = {a.code: a.local_title for a in after.framework.areas.all()}
    rows = []
    for code, title in areas.items():
        b = Decimal(str(before.area_percents.get(code, "0")))
        a = Decimal(str(after.area_percents.get(code, "0")))
        rows.append({"title": title, "before": b, "after": a, "delta": a - b})
    ind_titles = {i.code: i.local_title for i in after.framework.indicators.all()}
    indicator_rows = []
    for code, title in ind_titles.items():
        b = Decimal(str(before.indicator_percents.get(code, "0")))
        a = Decimal(str(after.indicator_percents.get(code, "0")))
        if a != b:
            indicator_rows.append(
                {"code": code, "title": title, "before": b, "after": a, "delta": a - b}
            )
    return {
        "before": before,
        "after": after,
        "rows": rows,
        "indicator_rows": indicator_rows,
        "improved": sum(1 for r in rows if r["delta"] > 0),
        "same_framework": before.framework_id == after.framework_id,
        "radar": svg(
            radar_chart(
                [(r["title"], r["after"]) for r in rows],
                compare=[r["before"] for r in rows],
                title=_("Before and after, per area (%)"),
                own_label=str(after.period_end),
                compare_label=str(before.period_end),
            )
        ),
    }
