"""Services fixtures on top of the world: a portfolio for cluster A, an open survey, helpers."""

import datetime as dt

import pytest

from clusterhub.services import domain
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from clusterhub.services.models import Survey
from tests.conftest import area_api

V1 = "/api/v1/services"
api_as = area_api(V1)


def make_service(cluster, owner, **fields) -> Service:
    """A service with what its status needs; override any field."""
    values = {
        "name": "Export desk",
        "category": "internationalisation",
        "status": "active",
        "description": "Help to export.",
        "owner": owner,
        "target_org_types": ["sme"],
        "resources": "0.2 FTE",
        "price_model": "free",
        "launch_date": dt.date(2020, 1, 1),
        "success_kpi": "10 users a year",
    }
    values.update(fields)
    return domain.save_service(service=Service(cluster=cluster, **values))


@pytest.fixture
def active_a(world) -> Service:
    return make_service(world.cluster_a, world["manager_a"])


@pytest.fixture
def idea_a(world) -> Service:
    return domain.save_service(
        service=Service(
            cluster=world.cluster_a, name="Funding clinic", category="finance", owner=None
        )
    )


@pytest.fixture
def service_b(world) -> Service:
    return make_service(world.cluster_b, world["manager_b"], name="B service")


@pytest.fixture
def survey_a(world) -> Survey:
    """An open survey of cluster A: a rating (finance), a choice, a multiple choice, a text."""
    survey = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="Needs 2026"))
    domain.save_question(
        question=Question(survey=survey, text="Finance?", kind="rating", category="finance")
    )
    domain.save_question(
        question=Question(
            survey=survey, text="How often?", kind="choice", choices=["Often", "Rarely"]
        )
    )
    domain.save_question(
        question=Question(
            survey=survey,
            text="Formats?",
            kind="multiple",
            choices=["Workshops", "Webinars", "Visits"],
            required=False,
        )
    )
    domain.save_question(
        question=Question(survey=survey, text="Else?", kind="text", required=False)
    )
    return domain.open_survey(survey=survey)


def answers_for(survey: Survey, rating=4, choice="Often") -> dict[int, object]:
    q = {x.kind: x.pk for x in survey.questions.all()}
    return {
        q["rating"]: rating,
        q["choice"]: choice,
        q["multiple"]: ["Workshops"],
        q["text"]: "More",
    }
