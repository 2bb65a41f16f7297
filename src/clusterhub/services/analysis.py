"""Read-only analyses: survey results, the gap analysis and the programme comparison.

No permission checks here: views and the API ask rules.py before they call these.
"""

from collections import Counter
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from decimal import ROUND_HALF_UP
from decimal import Decimal

from django.db.models import Avg
from django.db.models import Q
from django.utils import timezone

from clusterhub.assessment.insights import latest_assessment
from clusterhub.assessment.insights import weak_indicators
from clusterhub.common.numbers import format_percent
from clusterhub.core.service_gaps import CategoryDemand
from clusterhub.core.service_gaps import CategorySupply
from clusterhub.core.service_gaps import Opportunity
from clusterhub.core.service_gaps import rank_opportunities
from clusterhub.core.service_gaps import request_category
from clusterhub.matchmaking import insights as matchmaking_insights
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.services.enums import IN_DEVELOPMENT
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.enums import SurveyStatus
from clusterhub.services.models import QuestionAnswer
from clusterhub.services.models import Service
from clusterhub.services.models import Survey
from clusterhub.services.models import Uptake

TWO = Decimal("0.01")


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(TWO, ROUND_HALF_UP)


# --- survey results ------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    category: str
    answered: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)  # (option, how many)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list[QuestionResult]
    # (category code, mean importance rating, number of ratings), highest mean first
    category_means: list[tuple[str, Decimal, int]]


def survey_results(survey: Survey) -> SurveyResults:
    """Per-question distributions and the mean rating per service category."""
    questions = list(survey.questions.all())
    by_question: dict[int, list[QuestionAnswer]] = defaultdict(list)
    for answer in QuestionAnswer.objects.filter(response__survey=survey).order_by("pk"):
        by_question[answer.question_id].append(answer)
    results = []
    category_ratings: dict[str, list[int]] = defaultdict(list)
    for q in questions:
        answers = by_question.get(q.pk, [])
        result = QuestionResult(q.pk, q.text, q.kind, q.category, answered=len(answers))
        if q.kind == QuestionKind.RATING:
            ratings = [a.rating for a in answers if a.rating is not None]
            tally = Counter(ratings)
            result.counts = [(str(n), tally.get(n, 0)) for n in range(1, 6)]
            result.mean = _mean(ratings)
            if q.category:
                category_ratings[q.category].extend(ratings)
        elif q.kind in (QuestionKind.CHOICE, QuestionKind.MULTIPLE):
            tally = Counter(c for a in answers for c in a.selected)
            result.counts = [(c, tally.get(c, 0)) for c in q.choices]
        else:
            result.texts = [a.text for a in answers if a.text]
        results.append(result)
    means = [
        (code, _mean(values), len(values)) for code, values in category_ratings.items() if values
    ]
    means.sort(key=lambda row: (-row[1], row[0]))
    return SurveyResults(survey, survey.responses.count(), results, means)


def latest_answered_survey(cluster: Cluster) -> Survey | None:
    """The newest survey of the cluster that is open or closed and has answers."""
    return (
        Survey.objects.filter(cluster=cluster, responses__isnull=False)
        .exclude(status=SurveyStatus.DRAFT)
        .order_by("-created_at", "-pk")
        .distinct()
        .first()
    )


# --- gap analysis --------------------------------------------------------------------------


@dataclass
class GapAnalysis:
    cluster: Cluster
    survey: Survey | None
    survey_responses: int
    assessment_available: bool
    # None: the matchmaking area is not installed; the page says the source is not there yet.
    requests_available: bool
    opportunities: list[Opportunity]


def unmet_requests_by_category(cluster: Cluster) -> dict[str, int]:
    """Open requests of current members that no member's offer answers, per service category.

    Read from matchmaking's published contract (matchmaking/insights.py; services sit above
    matchmaking). A request is answered when some member's open offer works in one of the NACE
    divisions the request names; a request that names none is answered by any offer of its own
    kind of business (business or technology).
    """
    today = timezone.localdate()
    members = cluster.memberships.filter(
        Q(until__isnull=True) | Q(until__gte=today), since__lte=today
    ).values("organisation_id")
    offers, requests = [], []
    for profile in matchmaking_insights.open_profiles_of(members, on=today):
        (offers if profile.is_offer else requests).append(profile)
    offered = frozenset().union(*(p.divisions for p in offers)) if offers else frozenset()
    offered_kinds = {p.kind.split("_")[0] for p in offers}
    counts: Counter[str] = Counter()
    for profile in requests:
        divisions = profile.divisions
        answered = (
            bool(divisions & offered)
            if divisions
            else (profile.kind.split("_")[0] in offered_kinds)
        )
        if answered:
            continue
        abroad = any(region[:2] != cluster.country for region in profile.target_regions)
        counts[request_category(kind=profile.kind, divisions=divisions, abroad=abroad)] += 1
    return dict(counts)


def gap_analysis(cluster: Cluster) -> GapAnalysis:
    """Demand (survey, weak assessment indicators, unmet requests) against the portfolio."""
    survey = latest_answered_survey(cluster)
    results = survey_results(survey) if survey else None
    ratings = {code: (mean, n) for code, mean, n in (results.category_means if results else [])}
    weak = weak_indicators(cluster)
    indicators: dict[str, list[str]] = defaultdict(list)
    for indicator in weak:
        for code in indicator.service_categories:
            indicators[code].append(
                f"{indicator.code} {indicator.title} ({format_percent(indicator.percent)})"
            )
    requests = unmet_requests_by_category(cluster)
    demands = [
        CategoryDemand(
            category=code,
            mean_rating=ratings.get(code, (None, 0))[0],
            ratings=ratings.get(code, (None, 0))[1],
            weak_indicators=tuple(indicators.get(code, ())),
            unmet_requests=None if requests is None else requests.get(code, 0),  # nosec B113  # a dict
        )
        for code in ServiceCategory.values
    ]
    return GapAnalysis(
        cluster=cluster,
        survey=survey,
        survey_responses=results.responses if results else 0,
        assessment_available=bool(weak) or _has_assessment(cluster),
        requests_available=requests is not None,
        opportunities=rank_opportunities(demands, portfolio_supply(cluster)),
    )


def _has_assessment(cluster: Cluster) -> bool:
    return latest_assessment(cluster) is not None


def portfolio_supply(cluster: Cluster) -> list[CategorySupply]:
    """Per category: the active services, those in development, the active ones' satisfaction."""
    active: dict[str, list[str]] = defaultdict(list)
    developing: dict[str, list[str]] = defaultdict(list)
    for service in Service.objects.filter(cluster=cluster).only("name", "category", "status"):
        if service.status == ServiceStatus.ACTIVE:
            active[service.category].append(service.name)
        elif service.status in IN_DEVELOPMENT or service.status == ServiceStatus.PILOT:
            developing[service.category].append(service.name)
    satisfaction = {
        row["service__category"]: row["mean"]
        for row in Uptake.objects.filter(
            service__cluster=cluster,
            service__status=ServiceStatus.ACTIVE,
            satisfaction__isnull=False,
        )
        .values("service__category")
        .annotate(mean=Avg("satisfaction"))
    }
    return [
        CategorySupply(
            category=code,
            active=tuple(active.get(code, ())),
            in_development=tuple(developing.get(code, ())),
            mean_satisfaction=(
                None
                if satisfaction.get(code) is None
                else Decimal(str(satisfaction[code])).quantize(TWO, ROUND_HALF_UP)
            ),
        )
        for code in ServiceCategory.values
    ]


# --- programme comparison ------------------------------------------------------------------


@dataclass
class ComparisonRow:
    category: str
    label: str
    cells: list[list[str]]  # per cluster: names of its active services in the category
    offered_by: int


def portfolio_comparison(programme: Programme) -> tuple[list[Cluster], list[ComparisonRow]]:
    """Categories x clusters of the programme: which active services each cluster offers."""
    clusters = list(programme.clusters.order_by("acronym"))
    offers: dict[tuple[str, int], list[str]] = defaultdict(list)
    for name, category, cluster_id in Service.objects.filter(
        cluster__in=clusters, status=ServiceStatus.ACTIVE
    ).values_list("name", "category", "cluster_id"):
        offers[(category, cluster_id)].append(name)
    rows = []
    for code, label in ServiceCategory.choices:
        cells = [sorted(offers.get((code, c.pk), [])) for c in clusters]
        rows.append(ComparisonRow(code, str(label), cells, sum(1 for cell in cells if cell)))
    return clusters, rows
