"""What other features (services, training, strategy, grants) read from a cluster's assessment.

This is a stable contract: other apps import only from this module. Every function takes a
cluster and answers from its *latest* assessment — the latest approved one, else the latest
submitted one (drafts never count) — and returns None / [] when there is none. No permission
check happens here: callers show the result only to people who may see the cluster's results.
"""

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.registry.models import Cluster

ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class WeakArea:
    code: str
    title: str
    percent: Decimal


@dataclass(frozen=True)
class WeakIndicator:
    code: str
    title: str
    area_code: str
    percent: Decimal
    service_categories: list[str] = field(default_factory=list)
    training_topics: list[str] = field(default_factory=list)


def latest_assessment(cluster: Cluster) -> Assessment | None:
    """The latest approved assessment of the cluster, else its latest submitted one."""
    base = Assessment.objects.filter(cluster=cluster).select_related("framework")
    for status in (AssessmentStatus.APPROVED, AssessmentStatus.SUBMITTED):
        found = base.filter(status=status).order_by("-period_end", "-pk").first()
        if found is not None:
            return found
    return None


def assessment_score(cluster: Cluster) -> Decimal | None:
    """Total score of the latest assessment in percent (0-100, one decimal)."""
    assessment = latest_assessment(cluster)
    if assessment is None:
        return None
    return Decimal(assessment.total_percent).quantize(ONE_DECIMAL)


def weak_areas(cluster: Cluster, threshold: Decimal = Decimal("60")) -> list[WeakArea]:
    """Areas scoring below `threshold` percent in the latest assessment, weakest first."""
    assessment = latest_assessment(cluster)
    if assessment is None:
        return []
    titles = {a.code: a.local_title for a in assessment.framework.areas.all()}
    weak = [
        WeakArea(code=code, title=titles.get(code, code), percent=Decimal(str(pct)))
        for code, pct in (assessment.area_percents or {}).items()
        if Decimal(str(pct)) < threshold
    ]
    return sorted(weak, key=lambda a: (a.percent, a.code))


def weak_indicators(cluster: Cluster, threshold: Decimal = Decimal("50")) -> list[WeakIndicator]:
    """Indicators scoring below `threshold` percent of their points, weakest first, each with
    the service categories and training topics the framework suggests for it."""
    assessment = latest_assessment(cluster)
    if assessment is None:
        return []
    result = []
    answers = Answer.objects.filter(assessment=assessment).select_related(
        "indicator", "indicator__area"
    )
    for answer in answers:
        ind = answer.indicator
        if not ind.max_points:
            continue
        percent = (answer.effective_points * 100 / ind.max_points).quantize(ONE_DECIMAL)
        if percent < threshold:
            result.append(
                WeakIndicator(
                    code=ind.code,
                    title=ind.local_title,
                    area_code=ind.area.code,
                    percent=percent,
                    service_categories=list(ind.service_categories),
                    training_topics=list(ind.training_topics),
                )
            )
    return sorted(result, key=lambda w: (w.percent, w.code))
