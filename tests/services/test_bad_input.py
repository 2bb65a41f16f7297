"""No input answers 500: odd answers to the domain, odd form posts to every page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from clusterhub.services import domain
from clusterhub.services.models import Service
from clusterhub.services.models import SurveyResponse

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(JSON, min_size=4, max_size=4))
def test_any_answer_values_are_accepted_or_refused_cleanly(world, survey_a, values):
    questions = list(survey_a.questions.all())
    answers = {q.pk: v for q, v in zip(questions, values, strict=True)}
    try:
        response = domain.submit_response(survey=survey_a, answers=answers, user=world["member_a"])
    except ValidationError:
        return
    # Accepted answers are stored in their own shape; remove them so the next example may answer.
    assert response.answers.count() >= 2
    SurveyResponse.objects.all().delete()


BAD_POSTS = [
    ("service_create", "cluster", {"name": "x" * 500, "category": "nope", "status": "zzz"}),
    (
        "service_create",
        "cluster",
        {
            "name": "A",
            "category": "finance",
            "status": "idea",
            "price_eur": "1e40",
            "launch_date": "31/31/2020",
        },
    ),
    (
        "service_create",
        "cluster",
        {
            "name": "A",
            "category": "finance",
            "status": "idea",
            "target_org_types": ["alien"],
            "target_sectors": "\x00, 99.99.99",
        },
    ),
    ("service_edit", "service", {"name": "", "category": ""}),
    ("service_move", "service", {"to_status": "nowhere", "reason": "x" * 5000}),
    ("service_move", "service", {}),
    ("guidance_add", "service", {"text": ""}),
    ("uptake_add", "service", {"organisation": "abc", "used_on": "never", "satisfaction": "9"}),
    ("uptake_add", "service", {"organisation": "99999999999999999999999", "used_on": "2020-01-01"}),
    ("survey_create", "cluster", {"title": "x" * 1000}),
    ("survey_detail", "survey", {"text": "", "kind": "choice", "choices": "one"}),
    ("survey_tokens", "survey", {"labels": ""}),
    ("survey_tokens", "survey", {"labels": "\n".join(["x"] * 600)}),
    ("survey_status", "survey_open", {}),
    ("survey_answer", "survey", {}),
]


@pytest.mark.parametrize(("name", "target", "data"), BAD_POSTS, ids=[b[0] for b in BAD_POSTS])
def test_bad_form_posts_are_refused_without_500(
    world, client_for, active_a, survey_a, name, target, data
):
    user = "member_a" if name == "survey_answer" else "manager_a"
    args = {
        "cluster": [world.cluster_a.pk],
        "service": [active_a.pk],
        "survey": [survey_a.pk],
        "survey_open": [survey_a.pk, "open"],
    }[target]
    before = Service.objects.count(), SurveyResponse.objects.count(), survey_a.tokens.count()
    response = client_for(world[user]).post(reverse(f"services:{name}", args=args), data)
    assert response.status_code in (200, 302, 400, 409), response.status_code
    assert (
        Service.objects.count(),
        SurveyResponse.objects.count(),
        survey_a.tokens.count(),
    ) == before


def test_answer_with_odd_values_on_the_token_page(world, client, survey_a):
    [(_r, token)] = domain.issue_tokens(survey=survey_a, labels=["x"])
    q = {x.kind: x.pk for x in survey_a.questions.all()}
    response = client.post(
        reverse("services:survey_token", args=[token]),
        {f"q{q['rating']}": "7", f"q{q['choice']}": "Sometimes", f"q{q['text']}": "y" * 6000},
    )
    assert response.status_code == 400
    assert not SurveyResponse.objects.exists()
