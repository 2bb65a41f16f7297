"""Assessment permission matrix: every assessment page and API operation against every role.

Expectations follow assessment/rules.py and docs/assessment.md: the cluster's team (manager,
staff, programme coordinator) sees drafts; manager and staff fill and submit them; other insiders
(member representative, observer) see submitted results; an expert sees only what is assigned to
them and reviews it while submitted; admins and coordinators assign experts and award labels.
An assessment the user may not see answers 404, whatever they try to do with it.
"""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterhub.accounts.domain import grant_role
from clusterhub.assessment import domain
from tests.assessment.conftest import FRAMEWORK_FILE
from tests.assessment.conftest import GOOD_ANSWERS
from tests.assessment.conftest import fill
from tests.factories import UserFactory
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import NOBODY
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

TEAM_B = frozenset({"admin", "manager_b"})
# A submitted assessment of A (expert_a assigned to it) is seen by every insider of A.
SEES_SUBMITTED = INSIDERS_A
NOT_SUBMITTED = SIGNED_IN - SEES_SUBMITTED
NOT_DRAFT = SIGNED_IN - TEAM_A
ASSIGNERS = frozenset({"admin", "coordinator"})
EXPERT = frozenset({"expert_a"})

# Django grants a superuser every permission before the rules run, so a rule's state condition
# ("only a draft") does not stop an admin; the domain verb does, with a 422 naming the reason.
SUPERUSER_REACHES_DOMAIN = {"admin": 422}

SECRETS = ("draft-story-a", "submitted-story-a", "draft-story-b", "evidence-note-a")


def _stories(text: str) -> dict:
    return {**GOOD_ANSWERS, "AC01": f"{text}\nsecond\nthird\nfourth\nfifth"}


@pytest.fixture(scope="module")
def objects(world):
    from clusterhub.assessment import loader

    framework = domain.import_framework(definition=loader.read_file(FRAMEWORK_FILE))
    period = {"period_start": date(2025, 1, 1), "period_end": date(2025, 12, 31)}
    draft_a = domain.start_assessment(
        cluster=world.cluster_a, framework=framework, programme=world.programme, **period
    )
    fill(draft_a, _stories("draft-story-a"))
    go03 = draft_a.answers.get(indicator__code="GO03")
    evidence = domain.add_evidence(
        answer=go03,
        upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"),
        description="evidence-note-a",
    )
    submitted_a = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        programme=world.programme,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    fill(submitted_a, _stories("submitted-story-a"))
    domain.submit_assessment(assessment=submitted_a)
    review = domain.assign_expert(assessment=submitted_a, expert=world["expert_a"])
    domain.save_findings(review=review, strengths="s", weaknesses="w", recommendations="r")
    draft_b = domain.start_assessment(cluster=world.cluster_b, framework=framework, **period)
    domain.save_answer(answer=draft_b.answers.get(indicator__code="AC01"), value="draft-story-b")
    # A second expert, not yet assigned: the valid body for assigning one.
    second_expert = UserFactory(username="expert_x")
    grant_role(user=second_expert, role="expert", cluster=world.cluster_a)
    return {
        "framework": framework,
        "draft_a": draft_a,
        "submitted_a": submitted_a,
        "draft_b": draft_b,
        "evidence_a": evidence,
        "expert_x": second_expert,
        "expert_a": world["expert_a"],
        "cluster_a": world.cluster_a,
        "programme": world.programme,
    }


PAGES = [
    Page("assessment:index", allowed=SIGNED_IN, sees_secrets=NOBODY),
    # Those who run a cluster start assessments, each for their own cluster only.
    Page("assessment:start", allowed=EDITORS_A | {"manager_b"}),
    Page(
        "assessment:start",
        allowed=EDITORS_A,
        method="post",
        data=lambda o: {
            "cluster": o["cluster_a"].pk,
            "framework": o["framework"].pk,
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
        ok=(302,),
        # Cluster A is not among B's manager's choices: the form refuses it (nothing created).
        exact={"manager_b": 200},
    ),
    Page("assessment:detail", ("draft_a",), TEAM_A, hidden=NOT_DRAFT),
    Page("assessment:detail", ("submitted_a",), SEES_SUBMITTED, hidden=NOT_SUBMITTED),
    Page("assessment:detail", ("draft_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("assessment:area", ("draft_a", "achievements"), TEAM_A, hidden=NOT_DRAFT),
    Page("assessment:area", ("submitted_a", "achievements"), SEES_SUBMITTED, hidden=NOT_SUBMITTED),
    Page("assessment:area", ("draft_b", "achievements"), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page(
        "assessment:area",
        ("draft_a", "governance"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        method="post",
        # The area form posts all its answers; one alone may come back with errors (200).
        data=lambda o: {"value-GO03": "action_plan"},
    ),
    Page(
        "assessment:autosave",
        ("draft_a", "GO03"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        method="post",
        data=lambda o: {"value": "action_plan"},
        json=True,
        ok=(200,),
    ),
    # Submitted: read-only even for its team.
    Page(
        "assessment:autosave",
        ("submitted_a", "GO03"),
        NOBODY,
        hidden=NOT_SUBMITTED,
        method="post",
        data=lambda o: {"value": "none"},
        json=True,
        exact=SUPERUSER_REACHES_DOMAIN,
    ),
    Page(
        "assessment:evidence_add",
        ("draft_a", "GO03"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        method="post",
        data=lambda o: {"link": "https://example.org/more", "description": "more"},
        ok=(302,),
    ),
    Page(
        "assessment:evidence_remove",
        ("draft_a", "evidence_a"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        method="post",
        ok=(302,),
    ),
    Page("assessment:evidence_file", ("draft_a", "evidence_a"), TEAM_A, hidden=NOT_DRAFT),
    # IDOR: A's evidence asked for under B's assessment is found by nobody, admins included.
    Page("assessment:evidence_file", ("draft_b", "evidence_a"), NOBODY, hidden=SIGNED_IN),
    Page(
        "assessment:submit",
        ("draft_a",),
        EDITORS_A,
        hidden=NOT_DRAFT,
        method="post",
        ok=(302,),
    ),
    Page("assessment:peers", ("submitted_a",), SEES_SUBMITTED, hidden=NOT_SUBMITTED),
    Page("assessment:report", ("submitted_a",), SEES_SUBMITTED, hidden=NOT_SUBMITTED),
    Page("assessment:report_pdf", ("submitted_a",), SEES_SUBMITTED, hidden=NOT_SUBMITTED),
    Page("assessment:compare", ("draft_a", "submitted_a"), TEAM_A, hidden=NOT_DRAFT),
    # IDOR: comparing with another cluster's assessment finds nothing, admins included.
    Page("assessment:compare", ("draft_a", "draft_b"), NOBODY, hidden=SIGNED_IN),
    Page(
        "assessment:assign",
        ("submitted_a",),
        ASSIGNERS,
        hidden=NOT_SUBMITTED,
        method="post",
        data=lambda o: {"expert": o["expert_x"].pk},
        ok=(302,),
    ),
    Page("assessment:review", ("submitted_a",), EXPERT, hidden=NOT_SUBMITTED),
    Page(
        "assessment:review",
        ("submitted_a",),
        EXPERT,
        hidden=NOT_SUBMITTED,
        method="post",
        data=lambda o: {"code": "GO03", "comment": "Fine"},
        ok=(302,),
    ),
    Page(
        "assessment:award",
        ("submitted_a",),
        ASSIGNERS,
        hidden=NOT_SUBMITTED,
        method="post",
        data=lambda o: {"level": "bronze", "awarded_on": "2026-01-05"},
        ok=(302,),
    ),
]

OPERATIONS = [
    Operation("clusterhub_assessment_api_list_frameworks", allowed=SIGNED_IN),
    Operation("clusterhub_assessment_api_get_framework", ("framework",), SIGNED_IN),
    Operation("clusterhub_assessment_api_list_assessments", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Operation(
        "clusterhub_assessment_api_create_assessment",
        allowed=EDITORS_A,
        body=lambda o: {
            "cluster": o["cluster_a"].pk,
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
        },
    ),
    Operation("clusterhub_assessment_api_get_assessment", ("draft_a",), TEAM_A, hidden=NOT_DRAFT),
    Operation(
        "clusterhub_assessment_api_get_assessment",
        ("submitted_a",),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
    ),
    Operation(
        "clusterhub_assessment_api_get_assessment",
        ("draft_b",),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
    ),
    Operation(
        "clusterhub_assessment_api_submit_assessment", ("draft_a",), EDITORS_A, hidden=NOT_DRAFT
    ),
    Operation("clusterhub_assessment_api_list_answers", ("draft_a",), TEAM_A, hidden=NOT_DRAFT),
    Operation(
        "clusterhub_assessment_api_list_answers",
        ("submitted_a",),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
        query={"page_size": 100},
    ),
    Operation(
        "clusterhub_assessment_api_list_answers",
        ("draft_b",),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
    ),
    Operation(
        "clusterhub_assessment_api_get_answer", ("draft_a", "GO03"), TEAM_A, hidden=NOT_DRAFT
    ),
    Operation(
        "clusterhub_assessment_api_get_answer",
        ("submitted_a", "GO03"),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
    ),
    Operation(
        "clusterhub_assessment_api_get_answer",
        ("draft_b", "GO03"),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
    ),
    Operation(
        "clusterhub_assessment_api_update_answer",
        ("draft_a", "GO03"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        body=lambda o: {"value": "action_plan"},
    ),
    Operation(
        "clusterhub_assessment_api_update_answer",
        ("draft_b", "GO03"),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
        body=lambda o: {"value": "action_plan"},
    ),
    Operation(
        "clusterhub_assessment_api_add_link",
        ("draft_a", "GO03"),
        EDITORS_A,
        hidden=NOT_DRAFT,
        body=lambda o: {"link": "https://example.org/more"},
    ),
    Operation("clusterhub_assessment_api_get_score", ("draft_a",), TEAM_A, hidden=NOT_DRAFT),
    Operation(
        "clusterhub_assessment_api_get_score",
        ("submitted_a",),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
    ),
    Operation(
        "clusterhub_assessment_api_get_peers",
        ("submitted_a",),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
    ),
    Operation(
        "clusterhub_assessment_api_list_reviews",
        ("submitted_a",),
        SEES_SUBMITTED,
        hidden=NOT_SUBMITTED,
    ),
    Operation(
        "clusterhub_assessment_api_assign_expert",
        ("submitted_a",),
        ASSIGNERS,
        hidden=NOT_SUBMITTED,
        body=lambda o: {"expert": o["expert_x"].pk},
    ),
    # A draft cannot be given to experts, not even by those who assign them.
    Operation(
        "clusterhub_assessment_api_assign_expert",
        ("draft_a",),
        NOBODY,
        hidden=NOT_DRAFT,
        body=lambda o: {"expert": o["expert_x"].pk},
        exact=SUPERUSER_REACHES_DOMAIN,
    ),
    Operation(
        "clusterhub_assessment_api_review_answer",
        ("submitted_a", "GO03"),
        EXPERT,
        hidden=NOT_SUBMITTED,
        body=lambda o: {"comment": "Fine"},
    ),
    Operation(
        "clusterhub_assessment_api_save_findings",
        ("submitted_a",),
        EXPERT,
        hidden=NOT_SUBMITTED,
        body=lambda o: {"strengths": "s", "weaknesses": "w", "recommendations": "Adopt it"},
    ),
    Operation("clusterhub_assessment_api_approve", ("submitted_a",), EXPERT, hidden=NOT_SUBMITTED),
    Operation("clusterhub_assessment_api_list_awards", allowed=SIGNED_IN, sees_secrets=NOBODY),
    # Allowed users reach the label rules, which refuse (422): cluster A has too few committed
    # members for Bronze. The denied never get that far.
    Operation(
        "clusterhub_assessment_api_award_label",
        ("submitted_a",),
        ASSIGNERS,
        hidden=NOT_SUBMITTED,
        body=lambda o: {"level": "bronze", "awarded_on": "2026-01-05"},
        ok=(422,),
    ),
]


globals().update(
    area_tests(
        PAGES, OPERATIONS, SECRETS, namespaces=["assessment"], tags_or_prefixes=["assessment"]
    )
)
