"""Services permission matrix: portfolio, pipeline, gap analysis, surveys, exports and the API.

Expectations follow services/rules.py and services/queries.py: insiders of a cluster read its
launched services; manager and staff manage the portfolio, surveys and uptake; the cluster's
experts also see the pipeline (ideas and designs) and write guidance; member representatives
answer open surveys; coordinators and the teams of a programme's clusters see its comparison.
A service or survey the user may not see answers 404.
"""

import datetime as dt

import pytest

from clusterhub.services import domain
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from clusterhub.services.models import Survey
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import NOBODY
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests
from tests.services.conftest import make_service

TEAM_B = frozenset({"admin", "manager_b"})
# Those who see a cluster's services in development (ideas, designs): team and experts.
DEVELOPERS_A = EDITORS_A | {"expert_a"}
NOT_INSIDER_A = SIGNED_IN - INSIDERS_A
NOT_DEVELOPER_A = SIGNED_IN - DEVELOPERS_A
# An open survey of A is seen by its team and by its member representatives (to answer it).
SEES_SURVEY_A = EDITORS_A | {"member_a"}
NOT_SURVEY_A = SIGNED_IN - SEES_SURVEY_A
NOT_EDITOR_A = SIGNED_IN - EDITORS_A
# Superusers hold every permission, answering included (services.answer_survey).
ANSWERS_SURVEY_A = frozenset({"admin", "member_a"})

SECRETS = (
    "decision-secret-a",
    "active-guidance-a",
    "idea-secret-a",
    "guidance-secret-a",
    "uptake-secret-a",
    "response-secret-a",
    "service-b-secret",
)


@pytest.fixture(scope="module")
def objects(world):
    active_a = make_service(world.cluster_a, world["manager_a"], status="pilot")
    domain.move_service(
        service=active_a, to_status="active", actor=world["manager_a"], reason="decision-secret-a"
    )
    domain.add_guidance(service=active_a, author=world["expert_a"], text="active-guidance-a")
    domain.record_uptake(
        service=active_a,
        organisation=world.member_a,
        used_on=dt.date(2025, 5, 1),
        satisfaction=4,
        comment="uptake-secret-a",
    )
    idea_a = domain.save_service(
        service=Service(
            cluster=world.cluster_a,
            name="Funding clinic",
            category="finance",
            description="idea-secret-a",
            owner=world["manager_a"],
        )
    )
    domain.add_guidance(service=idea_a, author=world["expert_a"], text="guidance-secret-a")
    service_b = make_service(
        world.cluster_b, world["manager_b"], name="B service", description="service-b-secret"
    )
    survey = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="Needs 2026"))
    rating = domain.save_question(
        question=Question(survey=survey, text="Finance?", kind="rating", category="finance")
    )
    text = domain.save_question(
        question=Question(survey=survey, text="Else?", kind="text", required=False)
    )
    extra = domain.save_question(
        question=Question(survey=survey, text="Extra?", kind="text", required=False)
    )
    domain.open_survey(survey=survey)
    draft = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="Draft 2027"))
    draft_q = domain.save_question(
        question=Question(survey=draft, text="Later?", kind="text", required=False)
    )
    (_used, used_token), (_fresh, fresh_token) = domain.issue_tokens(
        survey=survey, labels=["Used link", "Fresh link"]
    )
    # Answered through a link, so member A's own answer is still to come.
    domain.submit_response(
        survey=survey, answers={rating.pk: 4, text.pk: "response-secret-a"}, token=used_token
    )
    return {
        "cluster_a": world.cluster_a,
        "cluster_b": world.cluster_b,
        "programme": world.programme,
        "member_a": world.member_a,
        "active_a": active_a,
        "idea_a": idea_a,
        "service_b": service_b,
        "survey_a": survey,
        "rating_q": rating,
        "extra_q": extra,
        "draft_survey": draft,
        "draft_q": draft_q,
        "token_a": fresh_token,
    }


def _answers(o):
    return {"answers": {str(o["rating_q"].pk): 5}}


PAGES = [
    Page("services:index", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("services:portfolio", ("cluster_a",), INSIDERS_A, sees_secrets=DEVELOPERS_A),
    Page("services:portfolio", ("cluster_b",), TEAM_B, sees_secrets=TEAM_B),
    Page("services:service_create", ("cluster_a",), EDITORS_A),
    Page(
        "services:service_create",
        ("cluster_a",),
        EDITORS_A,
        method="post",
        data=lambda o: {"name": "New desk", "category": "finance", "status": "idea"},
        ok=(302,),
    ),
    Page("services:pipeline", ("cluster_a",), DEVELOPERS_A),
    Page("services:gaps", ("cluster_a",), DEVELOPERS_A),
    Page("services:gaps_pdf", ("cluster_a",), DEVELOPERS_A),
    Page("services:portfolio_pdf", ("cluster_a",), INSIDERS_A, sees_secrets=DEVELOPERS_A),
    Page("services:cluster_export", ("cluster_a", "portfolio", "csv"), INSIDERS_A),
    Page("services:cluster_export", ("cluster_a", "portfolio", "xlsx"), INSIDERS_A),
    Page("services:cluster_export", ("cluster_a", "decisions", "csv"), DEVELOPERS_A),
    Page("services:cluster_export", ("cluster_a", "uptake", "csv"), EDITORS_A),
    Page("services:cluster_export", ("cluster_a", "gaps", "csv"), DEVELOPERS_A),
    Page("services:cluster_export", ("cluster_b", "uptake", "csv"), TEAM_B),
    Page("services:survey_list", ("cluster_a",), EDITORS_A),
    Page(
        "services:survey_create",
        ("cluster_a",),
        EDITORS_A,
        method="post",
        data=lambda o: {"title": "Next survey"},
        ok=(302,),
    ),
    Page(
        "services:service_detail",
        ("active_a",),
        INSIDERS_A,
        hidden=NOT_INSIDER_A,
        sees_secrets=DEVELOPERS_A,
    ),
    Page("services:service_detail", ("idea_a",), DEVELOPERS_A, hidden=NOT_DEVELOPER_A),
    Page("services:service_detail", ("service_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("services:service_edit", ("active_a",), EDITORS_A, hidden=NOT_INSIDER_A),
    Page("services:service_edit", ("idea_a",), EDITORS_A, hidden=NOT_DEVELOPER_A),
    Page("services:service_delete", ("active_a",), EDITORS_A, hidden=NOT_INSIDER_A),
    Page(
        "services:service_delete",
        ("idea_a",),
        EDITORS_A,
        hidden=NOT_DEVELOPER_A,
        method="post",
        ok=(302,),
    ),
    Page(
        "services:service_move",
        ("idea_a",),
        EDITORS_A,
        hidden=NOT_DEVELOPER_A,
        method="post",
        data=lambda o: {"to_status": "design", "reason": "Worth designing"},
        ok=(302,),
    ),
    Page(
        "services:guidance_add",
        ("idea_a",),
        DEVELOPERS_A,
        hidden=NOT_DEVELOPER_A,
        method="post",
        data=lambda o: {"text": "Look at B's desk"},
        ok=(302,),
    ),
    Page(
        "services:uptake_add",
        ("active_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
        method="post",
        data=lambda o: {"organisation": o["member_a"].pk, "used_on": "2026-01-10"},
        ok=(302,),
    ),
    # A member representative who opens the survey is sent on to answer it.
    Page(
        "services:survey_detail",
        ("survey_a",),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        exact={"member_a": 302},
    ),
    Page(
        "services:survey_status",
        ("survey_a", "close"),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        method="post",
        ok=(302,),
    ),
    Page(
        "services:survey_tokens",
        ("survey_a",),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        method="post",
        data=lambda o: {"labels": "Member X"},
        ok=(200,),
    ),
    Page("services:survey_results", ("survey_a",), EDITORS_A, hidden=NOT_SURVEY_A),
    Page(
        "services:survey_export", ("survey_a", "responses", "csv"), EDITORS_A, hidden=NOT_SURVEY_A
    ),
    Page("services:survey_export", ("survey_a", "summary", "xlsx"), EDITORS_A, hidden=NOT_SURVEY_A),
    Page(
        "services:survey_answer",
        ("survey_a",),
        ANSWERS_SURVEY_A,
        hidden=NOT_SURVEY_A,
        sees_secrets=NOBODY,
    ),
    # Questions of a draft survey: only its team sees the draft at all.
    Page("services:question_delete", ("draft_q",), EDITORS_A, hidden=NOT_EDITOR_A),
    Page(
        "services:question_delete",
        ("draft_q",),
        EDITORS_A,
        hidden=NOT_EDITOR_A,
        method="post",
        ok=(302,),
    ),
    # An open survey's question cannot go; the team is told why (409), others never get there.
    Page(
        "services:question_delete",
        ("extra_q",),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        ok=(409,),
    ),
    # One-time links work without signing in; a forged one is not found, for anyone.
    Page("services:survey_token", ("token_a",), PUBLIC, sees_secrets=NOBODY),
    Page(
        "services:survey_token",
        ("forged-token-123",),
        NOBODY,
        hidden=SIGNED_IN,
        exact={"anonymous": 404},
    ),
    Page("services:comparison", ("programme",), TEAM_A, sees_secrets=NOBODY),
    Page("services:comparison_export", ("programme", "csv"), TEAM_A, sees_secrets=NOBODY),
]

_service = "clusterhub_services_api_"

OPERATIONS = [
    Operation(_service + "list_services", ("cluster_a",), INSIDERS_A, sees_secrets=DEVELOPERS_A),
    Operation(
        _service + "create_service",
        ("cluster_a",),
        EDITORS_A,
        body=lambda o: {"name": "API desk", "category": "finance"},
    ),
    Operation(_service + "get_service", ("active_a",), INSIDERS_A, hidden=NOT_INSIDER_A),
    Operation(_service + "get_service", ("idea_a",), DEVELOPERS_A, hidden=NOT_DEVELOPER_A),
    Operation(_service + "get_service", ("service_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Operation(
        _service + "update_service",
        ("active_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
        body=lambda o: {"resources": "0.3 FTE"},
    ),
    Operation(
        _service + "update_service",
        ("service_b",),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
        body=lambda o: {"resources": "0.3 FTE"},
    ),
    Operation(_service + "delete_service", ("idea_a",), EDITORS_A, hidden=NOT_DEVELOPER_A),
    Operation(
        _service + "move_service",
        ("idea_a",),
        EDITORS_A,
        hidden=NOT_DEVELOPER_A,
        body=lambda o: {"to_status": "design", "reason": "Worth designing"},
    ),
    Operation(_service + "list_decisions", ("idea_a",), DEVELOPERS_A, hidden=NOT_DEVELOPER_A),
    # The decision log of a launched service: those who see it but not the pipeline are refused.
    Operation(_service + "list_decisions", ("active_a",), DEVELOPERS_A, hidden=NOT_INSIDER_A),
    Operation(_service + "list_guidance", ("idea_a",), DEVELOPERS_A, hidden=NOT_DEVELOPER_A),
    Operation(_service + "list_guidance", ("active_a",), DEVELOPERS_A, hidden=NOT_INSIDER_A),
    Operation(
        _service + "add_guidance",
        ("idea_a",),
        DEVELOPERS_A,
        hidden=NOT_DEVELOPER_A,
        body=lambda o: {"text": "Look at B's desk"},
    ),
    Operation(_service + "list_uptake", ("active_a",), EDITORS_A, hidden=NOT_INSIDER_A),
    Operation(
        _service + "add_uptake",
        ("active_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
        body=lambda o: {"organisation": o["member_a"].pk, "used_on": "2026-01-10"},
    ),
    Operation(_service + "list_surveys", ("cluster_a",), EDITORS_A),
    Operation(
        _service + "create_survey", ("cluster_a",), EDITORS_A, body=lambda o: {"title": "API"}
    ),
    Operation(_service + "get_survey", ("survey_a",), SEES_SURVEY_A, hidden=NOT_SURVEY_A),
    Operation(_service + "get_survey", ("draft_survey",), EDITORS_A, hidden=NOT_EDITOR_A),
    Operation(
        _service + "add_question",
        ("draft_survey",),
        EDITORS_A,
        hidden=NOT_EDITOR_A,
        body=lambda o: {"text": "More?", "kind": "text", "required": False},
    ),
    # An open survey's questions are fixed: the team reaches that rule (422), others do not.
    Operation(
        _service + "add_question",
        ("survey_a",),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        body=lambda o: {"text": "More?", "kind": "text", "required": False},
        ok=(422,),
    ),
    Operation(_service + "delete_question", ("draft_q",), EDITORS_A, hidden=NOT_EDITOR_A),
    Operation(
        _service + "delete_question", ("extra_q",), EDITORS_A, hidden=NOT_SURVEY_A, ok=(422,)
    ),
    Operation(_service + "open_survey", ("draft_survey",), EDITORS_A, hidden=NOT_EDITOR_A),
    Operation(_service + "close_survey", ("survey_a",), EDITORS_A, hidden=NOT_SURVEY_A),
    Operation(
        _service + "issue_tokens",
        ("survey_a",),
        EDITORS_A,
        hidden=NOT_SURVEY_A,
        body=lambda o: {"labels": ["Member X"]},
    ),
    Operation(
        _service + "answer_survey",
        ("survey_a",),
        ANSWERS_SURVEY_A,
        hidden=NOT_SURVEY_A,
        body=_answers,
    ),
    Operation(_service + "answer_with_token", ("token_a",), PUBLIC, body=_answers),
    Operation(
        _service + "answer_with_token",
        ("forged-token-123",),
        NOBODY,
        hidden=SIGNED_IN,
        body=_answers,
        exact={"anonymous": 404},
    ),
    Operation(_service + "get_results", ("survey_a",), EDITORS_A, hidden=NOT_SURVEY_A),
    Operation(_service + "get_gaps", ("cluster_a",), DEVELOPERS_A),
    Operation(_service + "get_comparison", ("programme",), TEAM_A),
]


globals().update(
    area_tests(PAGES, OPERATIONS, SECRETS, namespaces=["services"], tags_or_prefixes=["services"])
)
