"""Scores: each answer's points and the totals cached on the assessment, in one path.

Answers are read as plain rows, not model instances, and written with one executemany per
table: a single assessment costs five queries however many answers it has, and 1,300
assessments (after a framework fix, or for the benchmark) take about a second.
"""

import json
from collections.abc import Iterable
from decimal import Decimal
from types import SimpleNamespace

from django.db import connection
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from clusterhub.assessment.evaluation import indicator_result
from clusterhub.assessment.evaluation import placed_points
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import Indicator
from clusterhub.core.scoring import percent
from clusterhub.core.scoring import score

_ROW = (
    "pk",
    "assessment_id",
    "indicator_id",
    "number",
    "choice",
    "flag",
    "text",
    "answered",
    "points",
    "expert_points",
)


def rescore(assessment: Assessment) -> Assessment:
    """Recompute points of every answer and cache the totals on the assessment."""
    _rescore([assessment])
    return assessment


def rescore_all(assessments: Iterable[Assessment]) -> int:
    """Rescore many assessments with a handful of queries; returns how many."""
    assessments = list(assessments)
    _rescore(assessments)
    return len(assessments)


@transaction.atomic
def _rescore(assessments: list[Assessment]) -> None:
    """Score and store; the instances get their new totals."""
    by_id = {a.pk: a for a in assessments}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            framework_id__in={a.framework_id for a in assessments}
        ).select_related("area")
    }
    evidence = dict(
        Evidence.objects.filter(answer__assessment_id__in=by_id)
        .values_list("answer_id")
        .annotate(n=Count("pk"))
        .values_list("answer_id", "n")
    )
    changed: list[tuple[str, int]] = []
    now = timezone.now()
    for pk, answers in _answer_rows(by_id).items():
        results = []
        for ans in answers:
            indicator, n_evidence = indicators[ans.indicator_id], evidence.get(ans.pk, 0)
            reached = placed_points(indicator, ans, n_evidence)
            pts = reached or Decimal(0)
            if ans.points != pts:
                changed.append((str(pts), ans.pk))
            ans.points = pts
            ans.effective_points = ans.expert_points if ans.expert_points is not None else pts
            results.append(indicator_result(indicator, ans, n_evidence, reached))
        s = score(results)
        assessment = by_id[pk]
        assessment.total_points, assessment.max_points = s.points, s.max_points
        assessment.total_percent = s.percent
        assessment.area_percents = {k: str(v) for k, v in s.area_percents().items()}
        assessment.indicator_percents = {
            r.code: str(percent(r.points, r.max_points)) for r in results
        }
        assessment.updated_at = now
    _write(changed, assessments, now)


def _answer_rows(by_id: dict[int, Assessment]) -> dict[int, list[SimpleNamespace]]:
    rows: dict[int, list[SimpleNamespace]] = {pk: [] for pk in by_id}
    for values in (
        Answer.objects.filter(assessment_id__in=by_id)
        .order_by("assessment_id", "indicator_id")
        .values_list(*_ROW)
        .iterator(chunk_size=5000)
    ):
        row = SimpleNamespace(**dict(zip(_ROW, values, strict=True)))
        rows[row.assessment_id].append(row)
    return rows


def _write(changed: list[tuple[str, int]], assessments: list[Assessment], now) -> None:
    answer_table = connection.ops.quote_name(Answer._meta.db_table)
    table = connection.ops.quote_name(Assessment._meta.db_table)
    stamp = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        if changed:
            cursor.executemany(
                f"UPDATE {answer_table} SET points = %s WHERE id = %s",  # noqa: S608  # nosec B608  # quoted table name, values bound
                changed,
            )
        cursor.executemany(
            f"UPDATE {table} SET total_points = %s, max_points = %s, total_percent = %s, "  # noqa: S608  # nosec B608  # quoted table name, values bound
            "area_percents = %s, indicator_percents = %s, updated_at = %s WHERE id = %s",
            [
                (
                    str(a.total_points),
                    str(a.max_points),
                    str(a.total_percent),
                    json.dumps(a.area_percents),
                    json.dumps(a.indicator_percents),
                    stamp,
                    a.pk,
                )
                for a in assessments
            ],
        )
