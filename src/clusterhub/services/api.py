"""The services REST API under /api/v1/services/: portfolio, pipeline, surveys, gap analysis,
programme comparison.

Handlers are thin: objects come from the user's visible querysets (not visible: 404), rights
from services/rules.py (visible but not allowed: 403), writes through services/domain.py
(invalid: 422 with the field named).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path
from ninja import Query
from ninja import Router
from ninja import Status
from ninja.pagination import paginate

from clusterhub.accounts.models import User
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
from clusterhub.common.pagination import PageNumber
from clusterhub.common.text import parse_id
from clusterhub.registry.models import Organisation
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.services import domain
from clusterhub.services.analysis import gap_analysis
from clusterhub.services.analysis import portfolio_comparison
from clusterhub.services.analysis import survey_results
from clusterhub.services.filters import ServiceFilters
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from clusterhub.services.models import Survey
from clusterhub.services.queries import cluster_team
from clusterhub.services.queries import represented_member
from clusterhub.services.queries import services_visible_to
from clusterhub.services.queries import surveys_visible_to
from clusterhub.services.schemas import ComparisonOut
from clusterhub.services.schemas import DecisionOut
from clusterhub.services.schemas import GapsOut
from clusterhub.services.schemas import GuidanceIn
from clusterhub.services.schemas import GuidanceOut
from clusterhub.services.schemas import MoveIn
from clusterhub.services.schemas import QuestionIn
from clusterhub.services.schemas import ResponseIn
from clusterhub.services.schemas import ResponseOut
from clusterhub.services.schemas import ResultsOut
from clusterhub.services.schemas import ServiceCreate
from clusterhub.services.schemas import ServiceOut
from clusterhub.services.schemas import ServiceUpdate
from clusterhub.services.schemas import SurveyCreate
from clusterhub.services.schemas import SurveyDetailOut
from clusterhub.services.schemas import SurveyOut
from clusterhub.services.schemas import SurveyQuestionOut
from clusterhub.services.schemas import SurveyTokenOut
from clusterhub.services.schemas import TokensIn
from clusterhub.services.schemas import UptakeIn
from clusterhub.services.schemas import UptakeOut

router = Router(tags=["services"])


def _cluster(request, pk: int, permission: str):
    cluster = object_for(request.user, clusters_visible_to(request.user), pk, permission)
    return cluster


def _service(request, pk: int, permission: str = "") -> Service:
    return object_for(request.user, services_visible_to(request.user), pk, permission)


def _survey(request, pk: int, permission: str = "") -> Survey:
    return object_for(request.user, surveys_visible_to(request.user), pk, permission)


def _pipeline_service(request, pk: int) -> Service:
    """A service whose pipeline record (stage decisions, guidance notes) the user may read:
    the right is on the service's cluster, not on the service."""
    service = _service(request, pk)
    require(request.user, "services.view_pipeline", service.cluster)
    return service


def _owner(cluster, pk: int | None) -> User | None:
    """The owner must be on the cluster's team (manager or staff)."""
    return chosen(
        cluster_team(cluster),
        pk,
        field="owner",
        message=_("The owner must be a manager or staff of the cluster."),
    )


def _as_model_values(data: dict) -> dict:
    if "price_model" in data and data["price_model"] is None:
        data["price_model"] = ""
    for name in ("target_org_types", "target_size_classes"):
        if data.get(name) is not None:
            data[name] = [str(v) for v in data[name]]
    return data


# --- services ------------------------------------------------------------------------------


@router.get("/services/clusters/{cluster_id}/services", response=list[ServiceOut])
@paginate(PageNumber)
def list_services(request, filters: Query[ServiceFilters], cluster_id: int = path_id("Cluster id")):
    """A cluster's services the user may see. Permission: services.view_portfolio."""
    cluster = _cluster(request, cluster_id, "services.view_portfolio")
    return filters.apply(
        services_visible_to(request.user).filter(cluster=cluster), user=request.user
    )


@router.post("/services/clusters/{cluster_id}/services", response={201: ServiceOut, **ERRORS})
def create_service(request, payload: ServiceCreate, cluster_id: int = path_id("Cluster id")):
    """Add a service. Permission: services.manage_portfolio."""
    cluster = _cluster(request, cluster_id, "services.manage_portfolio")
    data = _as_model_values(payload.dict())
    data["owner"] = _owner(cluster, data.get("owner"))
    service = domain.save_service(service=Service(cluster=cluster, **data))
    return Status(201, service)


@router.get("/services/services/{service_id}", response={200: ServiceOut, **ERRORS})
def get_service(request, response: HttpResponse, service_id: int = path_id("Service id")):
    return with_etag(response, _service(request, service_id))


@router.patch("/services/services/{service_id}", response={200: ServiceOut, **ERRORS})
@transaction.atomic
def update_service(
    request, response: HttpResponse, payload: ServiceUpdate, service_id: int = path_id("Service id")
):
    """Change a service (not its stage: see /move). Permission: services.change_service."""
    service = _service(request, service_id, "services.change_service")
    if_match(request, service)
    values = _as_model_values(patch_values(payload))
    if "owner" in values:
        values["owner"] = _owner(service.cluster, values["owner"])
    apply_patch(service, values)
    return with_etag(response, domain.save_service(service=service))


@router.delete("/services/services/{service_id}", response=NO_CONTENT)
def delete_service(request, service_id: int = path_id("Service id")):
    service = _service(request, service_id, "services.change_service")
    domain.delete_service(service=service)
    return Status(204, None)


@router.post("/services/services/{service_id}/move", response={201: DecisionOut, **ERRORS})
def move_service(request, payload: MoveIn, service_id: int = path_id("Service id")):
    """Move to another stage; refused (422) naming the missing fields. Logged with the reason."""
    service = _service(request, service_id, "services.change_service")
    decision = domain.move_service(
        service=service, to_status=payload.to_status, actor=request.user, reason=payload.reason
    )
    return Status(201, decision)


@router.get("/services/services/{service_id}/decisions", response=list[DecisionOut])
@paginate(PageNumber)
def list_decisions(request, service_id: int = path_id("Service id")):
    return _pipeline_service(request, service_id).decisions.all()


@router.get("/services/services/{service_id}/guidance", response=list[GuidanceOut])
@paginate(PageNumber)
def list_guidance(request, service_id: int = path_id("Service id")):
    return _pipeline_service(request, service_id).guidance_notes.all()


@router.post("/services/services/{service_id}/guidance", response={201: GuidanceOut, **ERRORS})
def add_guidance(request, payload: GuidanceIn, service_id: int = path_id("Service id")):
    """An expert's guidance note. Permission: services.add_guidance."""
    service = _service(request, service_id, "services.add_guidance")
    return Status(201, domain.add_guidance(service=service, author=request.user, text=payload.text))


@router.get("/services/services/{service_id}/uptake", response=list[UptakeOut])
@paginate(PageNumber)
def list_uptake(request, service_id: int = path_id("Service id")):
    service = _service(request, service_id, "services.change_service")
    return service.uptakes.all()


@router.post("/services/services/{service_id}/uptake", response={201: UptakeOut, **ERRORS})
def add_uptake(request, payload: UptakeIn, service_id: int = path_id("Service id")):
    service = _service(request, service_id, "services.change_service")
    organisation = chosen(
        Organisation.objects.all(),
        payload.organisation,
        field="organisation",
        message=_("There is no such organisation."),
    )
    uptake = domain.record_uptake(
        service=service,
        organisation=organisation,
        used_on=payload.used_on,
        satisfaction=payload.satisfaction,
        comment=payload.comment,
        actor=request.user,
    )
    return Status(201, uptake)


# --- surveys -------------------------------------------------------------------------------


@router.get("/services/clusters/{cluster_id}/surveys", response=list[SurveyOut])
@paginate(PageNumber)
def list_surveys(request, cluster_id: int = path_id("Cluster id")):
    cluster = _cluster(request, cluster_id, "services.manage_surveys")
    return surveys_visible_to(request.user).filter(cluster=cluster)


@router.post("/services/clusters/{cluster_id}/surveys", response={201: SurveyDetailOut, **ERRORS})
def create_survey(request, payload: SurveyCreate, cluster_id: int = path_id("Cluster id")):
    """A blank survey, or one from the shipped template (from_template: true)."""
    cluster = _cluster(request, cluster_id, "services.manage_surveys")
    if payload.from_template:
        survey = domain.create_survey_from_template(
            cluster=cluster, actor=request.user, title=payload.title, language=payload.language
        )
    else:
        survey = domain.save_survey(
            survey=Survey(
                cluster=cluster,
                title=payload.title,
                introduction=payload.introduction,
                language=domain.survey_language(payload.language),
                created_by=request.user,
            )
        )
    return Status(201, _survey_detail(survey))


def _survey_detail(survey: Survey) -> dict:
    return {
        "id": survey.pk,
        "cluster_id": survey.cluster_id,
        "title": survey.title,
        "introduction": survey.introduction,
        "language": survey.language,
        "status": survey.status,
        "opened_at": survey.opened_at,
        "closed_at": survey.closed_at,
        "questions": list(survey.questions.all()),
    }


@router.get("/services/surveys/{survey_id}", response={200: SurveyDetailOut, **ERRORS})
def get_survey(request, survey_id: int = path_id("Survey id")):
    """A survey with its questions: its team, and member representatives who may answer it."""
    survey = _survey(request, survey_id)
    return _survey_detail(survey)


@router.post("/services/surveys/{survey_id}/questions", response={201: SurveyQuestionOut, **ERRORS})
def add_question(request, payload: QuestionIn, survey_id: int = path_id("Survey id")):
    survey = _survey(request, survey_id, "services.change_survey")
    data = payload.dict()
    data["category"] = data["category"] or ""
    return Status(201, domain.save_question(question=Question(survey=survey, **data)))


@router.delete("/services/questions/{question_id}", response=NO_CONTENT)
def delete_question(request, question_id: int = path_id("Question id")):
    question = object_for(
        request.user,
        Question.objects.filter(survey__in=surveys_visible_to(request.user)),
        question_id,
    )
    require(request.user, "services.change_survey", question.survey)
    domain.delete_question(question=question)
    return Status(204, None)


@router.post("/services/surveys/{survey_id}/open", response={200: SurveyOut, **ERRORS})
def open_survey(request, survey_id: int = path_id("Survey id")):
    survey = _survey(request, survey_id, "services.change_survey")
    return domain.open_survey(survey=survey)


@router.post("/services/surveys/{survey_id}/close", response={200: SurveyOut, **ERRORS})
def close_survey(request, survey_id: int = path_id("Survey id")):
    survey = _survey(request, survey_id, "services.change_survey")
    return domain.close_survey(survey=survey)


@router.post("/services/surveys/{survey_id}/tokens", response={201: list[SurveyTokenOut], **ERRORS})
def issue_tokens(request, payload: TokensIn, survey_id: int = path_id("Survey id")):
    """One-time answer links; each token is in this answer only (its digest is stored)."""
    survey = _survey(request, survey_id, "services.change_survey")
    issued = domain.issue_tokens(survey=survey, labels=payload.labels)
    links = [
        {
            "id": record.pk,
            "label": record.label,
            "token": token,
            "url": request.build_absolute_uri(reverse("services:survey_token", args=[token])),
        }
        for record, token in issued
    ]
    return Status(201, links)


def _answers(payload: ResponseIn) -> dict[int, object]:
    answers: dict[int, object] = {}
    for key, value in payload.answers.items():
        question_id = parse_id(key)
        if question_id is None:
            raise ValidationError({"answers": _("Answer keys are question ids.")})
        answers[question_id] = value
    return answers


@router.post("/services/surveys/{survey_id}/responses", response={201: ResponseOut, **ERRORS})
def answer_survey(request, payload: ResponseIn, survey_id: int = path_id("Survey id")):
    """Answer as a signed-in member representative (once). Permission: services.answer_survey."""
    survey = _survey(request, survey_id, "services.answer_survey")
    response = domain.submit_response(
        survey=survey,
        answers=_answers(payload),
        user=request.user,
        organisation=represented_member(request.user, survey.cluster),
    )
    return Status(201, response)


@router.post("/services/answer/{token}", response={201: ResponseOut, **ERRORS}, auth=None)
def answer_with_token(request, payload: ResponseIn, token: str = Path(..., max_length=100)):
    """Answer through a one-time link, without signing in. A forged token is 404; a used one,
    or a closed survey, 422 with the reason."""
    record = domain.token_record(token)
    if record is None:
        raise Http404
    response = domain.submit_response(survey=record.survey, answers=_answers(payload), token=token)
    return Status(201, response)


@router.get("/services/surveys/{survey_id}/results", response={200: ResultsOut, **ERRORS})
def get_results(request, survey_id: int = path_id("Survey id")):
    survey = _survey(request, survey_id, "services.view_survey_results")
    results = survey_results(survey)
    return {
        "survey": survey.pk,
        "responses": results.responses,
        "questions": [
            {
                "question_id": q.question_id,
                "text": q.text,
                "kind": q.kind,
                "category": q.category,
                "answered": q.answered,
                "counts": [{"option": o, "count": c} for o, c in q.counts],
                "mean": q.mean,
                "texts": q.texts,
            }
            for q in results.questions
        ],
        "category_means": [
            {"category": code, "mean": mean, "ratings": n}
            for code, mean, n in results.category_means
        ],
    }


# --- gap analysis and comparison ------------------------------------------------------------


@router.get("/services/clusters/{cluster_id}/gaps", response={200: GapsOut, **ERRORS})
def get_gaps(request, cluster_id: int = path_id("Cluster id")):
    """Ranked opportunities with their evidence. Permission: services.view_gap_analysis."""
    cluster = _cluster(request, cluster_id, "services.view_gap_analysis")
    analysis = gap_analysis(cluster)
    return {
        "cluster": cluster.pk,
        "survey": analysis.survey.pk if analysis.survey else None,
        "survey_responses": analysis.survey_responses,
        "assessment_available": analysis.assessment_available,
        "requests_available": analysis.requests_available,
        "opportunities": [
            {
                "rank": rank,
                "category": o.category,
                "kind": str(o.kind),
                "score": o.score,
                "reasons": list(o.reasons),
                "mean_rating": o.demand.mean_rating,
                "ratings": o.demand.ratings,
                "weak_indicators": list(o.demand.weak_indicators),
                "unmet_requests": o.demand.unmet_requests,
                "active_services": list(o.supply.active),
                "in_development": list(o.supply.in_development),
                "mean_satisfaction": o.supply.mean_satisfaction,
            }
            for rank, o in enumerate(analysis.opportunities, start=1)
        ],
    }


@router.get(
    "/services/programmes/{programme_id}/comparison", response={200: ComparisonOut, **ERRORS}
)
def get_comparison(request, programme_id: int = path_id("Programme id")):
    """Categories x clusters of the programme. Permission: services.view_comparison."""
    programme = object_for(
        request.user, programmes_visible_to(request.user), programme_id, "services.view_comparison"
    )
    clusters, rows = portfolio_comparison(programme)
    return {
        "programme": programme.pk,
        "rows": [
            {
                "category": row.category,
                "label": row.label,
                "offered_by": row.offered_by,
                "clusters": [
                    {"cluster": c.pk, "acronym": c.acronym, "services": cell}
                    for c, cell in zip(clusters, row.cells, strict=True)
                ],
            }
            for row in rows
        ],
    }
