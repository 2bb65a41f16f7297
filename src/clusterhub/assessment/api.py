"""REST API of the assessment area: frameworks, assessments, answers, scores, reviews, awards.

Every handler starts from the user's visible queryset (not visible: 404), asks rules.py before
acting (visible but not allowed: 403), and writes through domain.py (ValidationError: 422).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Path
from ninja import Query
from ninja import Router
from ninja import Status
from ninja.pagination import paginate

from clusterhub.assessment import domain
from clusterhub.assessment.benchmark import GROUPS
from clusterhub.assessment.benchmark import benchmark
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.presentation import readiness_view
from clusterhub.assessment.queries import assessments_visible_to
from clusterhub.assessment.queries import awards_visible_to
from clusterhub.assessment.queries import frameworks_visible_to
from clusterhub.assessment.reports import lookups
from clusterhub.assessment.schemas import MAX_ID
from clusterhub.assessment.schemas import AnswerOut
from clusterhub.assessment.schemas import AnswerReview
from clusterhub.assessment.schemas import AnswerUpdate
from clusterhub.assessment.schemas import AssessmentCreate
from clusterhub.assessment.schemas import AssessmentOut
from clusterhub.assessment.schemas import AwardCreate
from clusterhub.assessment.schemas import AwardOut
from clusterhub.assessment.schemas import BenchmarkOut
from clusterhub.assessment.schemas import FindingsUpdate
from clusterhub.assessment.schemas import FrameworkDetailOut
from clusterhub.assessment.schemas import FrameworkOut
from clusterhub.assessment.schemas import LinkCreate
from clusterhub.assessment.schemas import ReviewCreate
from clusterhub.assessment.schemas import ReviewOut
from clusterhub.assessment.schemas import ScoreOut
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import path_id
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.pagination import PageNumber
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import clusters_visible_to

router = Router(tags=["assessment"])


def _assessment(request, pk: int, perm: str = "assessment.view_assessment") -> Assessment:
    return object_for(request.user, assessments_visible_to(request.user), pk, perm)


def _answer(assessment: Assessment, code: str):
    answer = (
        assessment.answers.filter(indicator__code=code)
        .select_related("indicator", "indicator__area")
        .prefetch_related("evidence")
        .first()
    )
    if answer is None:
        raise Http404
    return answer


def _answer_to_change(request, pk: int, code: str) -> tuple[Assessment, Answer]:
    """An assessment the user may change (else 404 / 403) and its answer to indicator `code`."""
    assessment = _assessment(request, pk, "assessment.change_assessment")
    return assessment, _answer(assessment, code)


def _of_cluster(queryset, cluster: int | None):
    """A list narrowed to one cluster's records when the query names a cluster."""
    return queryset if cluster is None else queryset.filter(cluster_id=cluster)


# --- frameworks ---------------------------------------------------------------------------------


@router.get("/assessment/frameworks", response=list[FrameworkOut])
@paginate(PageNumber)
def list_frameworks(request):
    return frameworks_visible_to(request.user).order_by("code", "-created_at")


@router.get("/assessment/frameworks/{pk}", response={200: FrameworkDetailOut, **ERRORS})
def get_framework(request, pk: int = path_id("Framework id")):
    return object_for(request.user, frameworks_visible_to(request.user), pk)


# --- assessments --------------------------------------------------------------------------------


@router.get("/assessment/assessments", response=list[AssessmentOut])
@paginate(PageNumber)
def list_assessments(request, cluster: int | None = Query(None, ge=1, le=MAX_ID)):
    return _of_cluster(assessments_visible_to(request.user).order_by("-period_end", "-pk"), cluster)


@router.post("/assessment/assessments", response={201: AssessmentOut, **ERRORS})
def create_assessment(request, payload: AssessmentCreate):
    cluster = chosen(
        clusters_visible_to(request.user),
        payload.cluster,
        field="cluster",
        message=_("There is no cluster with id %(id)s."),
    )
    require(request.user, "assessment.add_assessment", cluster)
    no_such_framework = _("There is no such framework.")
    framework = (
        chosen(
            frameworks_visible_to(request.user),
            payload.framework,
            field="framework",
            message=no_such_framework,
        )
        if payload.framework
        else domain.current_framework()
    )
    if framework is None:  # none is offered for new assessments
        raise ValidationError({"framework": no_such_framework})
    programme = chosen(
        Programme.objects.all(),
        payload.programme,
        field="programme",
        message=_("There is no such programme."),
    )
    assessment = domain.start_assessment(
        cluster=cluster,
        framework=framework,
        period_start=payload.period_start,
        period_end=payload.period_end,
        programme=programme,
        user=request.user,
    )
    return Status(201, assessment)


@router.get("/assessment/assessments/{pk}", response={200: AssessmentOut, **ERRORS})
def get_assessment(request, pk: int = path_id("Assessment id")):
    return _assessment(request, pk)


@router.post("/assessment/assessments/{pk}/submit", response={200: AssessmentOut, **ERRORS})
def submit_assessment(request, pk: int = path_id("Assessment id")):
    assessment = _assessment(request, pk, "assessment.submit_assessment")
    return domain.submit_assessment(assessment=assessment)


@router.get("/assessment/assessments/{pk}/answers", response=list[AnswerOut])
@paginate(PageNumber)
def list_answers(request, pk: int = path_id("Assessment id")):
    assessment = _assessment(request, pk)
    return (
        assessment.answers.select_related("indicator")
        .prefetch_related("evidence")
        .order_by("indicator__position")
    )


@router.get("/assessment/assessments/{pk}/answers/{code}", response={200: AnswerOut, **ERRORS})
def get_answer(
    request,
    response: HttpResponse,
    pk: int = path_id("Assessment id"),
    code: str = Path(..., max_length=20),
):
    """One answer, with its version (`ETag`) for the PUT's `If-Match`."""
    return with_etag(response, _answer(_assessment(request, pk), code))


@router.put("/assessment/assessments/{pk}/answers/{code}", response={200: AnswerOut, **ERRORS})
@transaction.atomic
def update_answer(
    request,
    response: HttpResponse,
    payload: AnswerUpdate,
    pk: int = path_id("Assessment id"),
    code: str = Path(..., max_length=20),
):
    """Answer an indicator of a draft (rescores it). Two people filling one assessment: send
    the answer's `ETag` as `If-Match`, and a stale one is 412 with nothing written."""
    assessment, answer = _answer_to_change(request, pk, code)
    if_match(request, answer)
    value = payload.value
    if isinstance(value, bool):
        value = "yes" if value else "no"
    elif value is not None:
        value = str(value)
    domain.save_answer(answer=answer, value=value, override_reason=payload.override_reason)
    return with_etag(response, _answer(assessment, code))


@router.post(
    "/assessment/assessments/{pk}/answers/{code}/links", response={201: AnswerOut, **ERRORS}
)
def add_link(
    request,
    payload: LinkCreate,
    pk: int = path_id("Assessment id"),
    code: str = Path(..., max_length=20),
):
    assessment, answer = _answer_to_change(request, pk, code)
    domain.add_evidence(
        answer=answer, link=payload.link, description=payload.description, user=request.user
    )
    return Status(201, _answer(assessment, code))


@router.get("/assessment/assessments/{pk}/score", response={200: ScoreOut, **ERRORS})
def get_score(request, pk: int = path_id("Assessment id")):
    assessment = _assessment(request, pk)
    evaluation = evaluate(assessment)
    indicators, areas = lookups(assessment)
    s = evaluation.score
    return {
        "points": s.points,
        "max_points": s.max_points,
        "percent": s.percent,
        "areas": [
            {"code": a.code, "points": a.points, "max_points": a.max_points, "percent": a.percent}
            for a in s.areas.values()
        ],
        "unmet_minimums": list(s.unmet_minimums),
        "readiness": [
            {
                "level": r["level"],
                "ready": r["ready"],
                "gaps": [{"kind": "gap", "subject": g.subject, "text": g.text} for g in r["gaps"]],
                "improvements": [
                    {"kind": "improvement", "subject": i.subject, "text": i.text}
                    for i in r["improvements"]
                ],
            }
            for r in readiness_view(readiness(evaluation), indicators, areas)
        ],
    }


@router.get("/assessment/assessments/{pk}/peers", response={200: BenchmarkOut, **ERRORS})
def get_peers(
    request,
    pk: int = path_id("Assessment id"),
    group: str = Query("all", pattern="^(" + "|".join(GROUPS) + ")$"),
):
    """Anonymous percentiles only; `shown` is false for groups of fewer than five peers."""
    return benchmark(_assessment(request, pk), group)


# --- reviews ------------------------------------------------------------------------------------


@router.get("/assessment/assessments/{pk}/reviews", response={200: list[ReviewOut], **ERRORS})
def list_reviews(request, pk: int = path_id("Assessment id")):
    return list(_assessment(request, pk).reviews.all())


@router.post("/assessment/assessments/{pk}/reviews", response={201: ReviewOut, **ERRORS})
def assign_expert(request, payload: ReviewCreate, pk: int = path_id("Assessment id")):
    from django.contrib.auth import get_user_model

    assessment = _assessment(request, pk, "assessment.assign_experts")
    expert = chosen(
        get_user_model().objects.all(),
        payload.expert,
        field="expert",
        message=_("There is no such user."),
    )
    return Status(
        201, domain.assign_expert(assessment=assessment, expert=expert, assigned_by=request.user)
    )


def _my_review(request, pk: int):
    assessment = _assessment(request, pk, "assessment.review_assessment")
    review = assessment.reviews.filter(expert=request.user).first()
    if review is None:  # pragma: no cover - the permission implies an assigned review
        raise PermissionDenied
    return assessment, review


@router.put(
    "/assessment/assessments/{pk}/reviews/mine/answers/{code}",
    response={200: AnswerOut, **ERRORS},
)
def review_answer(
    request,
    payload: AnswerReview,
    pk: int = path_id("Assessment id"),
    code: str = Path(..., max_length=20),
):
    assessment, review = _my_review(request, pk)
    answer = _answer(assessment, code)
    domain.review_answer(
        review=review,
        answer=answer,
        comment=payload.comment,
        points=payload.points,
        reason=payload.reason,
    )
    return _answer(assessment, code)


@router.put("/assessment/assessments/{pk}/reviews/mine", response={200: ReviewOut, **ERRORS})
def save_findings(request, payload: FindingsUpdate, pk: int = path_id("Assessment id")):
    _assessment_obj, review = _my_review(request, pk)
    return domain.save_findings(review=review, **payload.dict())


@router.post(
    "/assessment/assessments/{pk}/reviews/mine/approve", response={200: ReviewOut, **ERRORS}
)
def approve(request, pk: int = path_id("Assessment id")):
    _assessment_obj, review = _my_review(request, pk)
    return domain.approve_review(review=review)


# --- awards -------------------------------------------------------------------------------------


@router.get("/assessment/awards", response=list[AwardOut])
@paginate(PageNumber)
def list_awards(request, cluster: int | None = Query(None, ge=1, le=MAX_ID)):
    return _of_cluster(awards_visible_to(request.user).order_by("-valid_until", "pk"), cluster)


@router.post("/assessment/assessments/{pk}/awards", response={201: AwardOut, **ERRORS})
def award_label(request, payload: AwardCreate, pk: int = path_id("Assessment id")):
    assessment = _assessment(request, pk, "assessment.award_label")
    award = domain.award_label(
        assessment=assessment,
        level=payload.level,
        awarded_on=payload.awarded_on,
        awarded_by=request.user,
    )
    return Status(201, award)
