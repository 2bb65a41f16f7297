"""The services API: CRUD, stage moves, surveys and answers, results, gaps, comparison; every
denied case, bad input as 422 with the field named, and a fixed query count per list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterhub.services import domain
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import SurveyResponse
from tests.services.conftest import V1
from tests.services.conftest import answers_for
from tests.services.conftest import make_service

NEW_SERVICE = {"name": "Finance desk", "category": "finance"}


def test_list_services_by_role(world, api_as, active_a, idea_a):
    a = world.cluster_a.pk
    names = lambda r: sorted(i["name"] for i in r.json()["items"])  # noqa: E731
    assert names(api_as("manager_a").get(f"/clusters/{a}/services")) == [
        "Export desk",
        "Funding clinic",
    ]
    assert names(api_as("member_a").get(f"/clusters/{a}/services")) == ["Export desk"]
    assert api_as("outsider").get(f"/clusters/{a}/services").status_code == 403
    assert api_as("manager_a").get("/clusters/999999/services").status_code == 404
    assert Client().get(f"{V1}/clusters/{a}/services").status_code == 401


def test_create_update_delete_service(world, api_as):
    api = api_as("staff_a")
    a = world.cluster_a.pk
    created = api.post(f"/clusters/{a}/services", {**NEW_SERVICE, "owner": world["manager_a"].pk})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["status"], body["owner"], body["price_model"]) == (
        "idea",
        world["manager_a"].pk,
        "",
    )
    pk = body["id"]
    changed = api.patch(f"/services/{pk}", {"description": "Desk", "target_sectors": ["62"]})
    assert changed.status_code == 200
    assert changed.json()["target_sectors"] == ["62"]
    assert api.delete(f"/services/{pk}").status_code == 204
    assert not Service.objects.exists()


def test_create_service_bad_input(world, api_as):
    api = api_as("manager_a")
    a = world.cluster_a.pk
    cases = [
        ({**NEW_SERVICE, "category": "space"}, "category"),
        ({**NEW_SERVICE, "owner": world["outsider"].pk}, "owner"),
        ({**NEW_SERVICE, "target_sectors": ["ZZ9"]}, "target_sectors"),
        ({**NEW_SERVICE, "price_model": "fixed_fee"}, "price_eur"),
        ({**NEW_SERVICE, "price_eur": "1e30"}, "price_eur"),
        ({**NEW_SERVICE, "status": "active"}, "status"),
        ({**NEW_SERVICE, "surprise": 1}, "surprise"),
        ({"category": "finance"}, "name"),
    ]
    for body, field in cases:
        response = api.post(f"/clusters/{a}/services", body)
        assert response.status_code == 422, body
        assert field in response.json()["errors"], (body, response.json())
    assert api.post(f"/clusters/{a}/services", "not json").status_code in (400, 422)
    assert not Service.objects.exists()


def test_create_service_denied(world, api_as):
    a, b = world.cluster_a.pk, world.cluster_b.pk
    for user in ("member_a", "expert_a", "observer_a", "coordinator", "manager_b"):
        assert api_as(user).post(f"/clusters/{a}/services", NEW_SERVICE).status_code == 403, user
    assert api_as("manager_a").post(f"/clusters/{b}/services", NEW_SERVICE).status_code == 403


def test_service_of_another_cluster_is_404(world, api_as, service_b, idea_a):
    api = api_as("manager_a")
    assert api.get(f"/services/{service_b.pk}").status_code == 404
    assert api.patch(f"/services/{service_b.pk}", {"name": "x"}).status_code == 404
    assert (
        api.post(
            f"/services/{service_b.pk}/move", {"to_status": "retired", "reason": "x"}
        ).status_code
        == 404
    )
    assert api.delete(f"/services/{service_b.pk}").status_code == 404
    assert api_as("member_a").get(f"/services/{idea_a.pk}").status_code == 404


def test_move_refused_with_missing_fields_then_logged(world, api_as, idea_a):
    api = api_as("manager_a")
    refused = api.post(f"/services/{idea_a.pk}/move", {"to_status": "pilot", "reason": "Go"})
    assert refused.status_code == 422
    assert refused.json()["errors"]["status"] == [
        "To be at stage Pilot the service needs: owner, description, target members, "
        "resources, price model."
    ]
    api.patch(f"/services/{idea_a.pk}", {"owner": world["manager_a"].pk, "description": "Clinic"})
    moved = api.post(f"/services/{idea_a.pk}/move", {"to_status": "design", "reason": "Go"})
    assert moved.status_code == 201
    assert moved.json()["decided_by"] == world["manager_a"].pk
    log = api_as("expert_a").get(f"/services/{idea_a.pk}/decisions")
    assert [d["to_status"] for d in log.json()["items"]] == ["design"]
    assert (
        api.post(f"/services/{idea_a.pk}/move", {"to_status": "design", "reason": ""}).status_code
        == 422
    )
    assert (
        api_as("expert_a")
        .post(f"/services/{idea_a.pk}/move", {"to_status": "idea", "reason": "x"})
        .status_code
        == 403
    )
    assert StageDecision.objects.count() == 1


def test_patch_cannot_change_the_stage(world, api_as, idea_a):
    response = api_as("manager_a").patch(f"/services/{idea_a.pk}", {"status": "active"})
    assert response.status_code == 422
    assert "status" in response.json()["errors"]


def test_guidance_and_uptake(world, api_as, idea_a, active_a):
    note = api_as("expert_a").post(f"/services/{idea_a.pk}/guidance", {"text": "Pilot first"})
    assert note.status_code == 201
    assert (
        api_as("observer_a").post(f"/services/{active_a.pk}/guidance", {"text": "x"}).status_code
        == 403
    )
    assert (
        api_as("expert_a").post(f"/services/{idea_a.pk}/guidance", {"text": " "}).status_code == 422
    )
    api = api_as("manager_a")
    body = {"organisation": world.member_a.pk, "used_on": "2026-01-10", "satisfaction": 5}
    assert api.post(f"/services/{active_a.pk}/uptake", body).status_code == 201
    assert api.post(f"/services/{idea_a.pk}/uptake", body).json()["errors"] == {
        "service": ["Uptake is recorded for services in pilot or active only."]
    }
    bad = api.post(f"/services/{active_a.pk}/uptake", {**body, "satisfaction": 9})
    assert list(bad.json()["errors"]) == ["satisfaction"]
    assert (
        api.post(
            f"/services/{active_a.pk}/uptake", {**body, "organisation": world.member_b.pk}
        ).status_code
        == 422
    )
    assert (
        api.post(f"/services/{active_a.pk}/uptake", {**body, "organisation": 10**12}).status_code
        == 422
    )
    assert api.get(f"/services/{active_a.pk}/uptake").json()["count"] == 1
    assert api_as("member_a").get(f"/services/{active_a.pk}/uptake").status_code == 403


def test_survey_lifecycle_through_the_api(world, api_as):
    api = api_as("manager_a")
    created = api.post(f"/clusters/{world.cluster_a.pk}/surveys", {"from_template": True})
    assert created.status_code == 201
    survey = created.json()
    assert len(survey["questions"]) == 11
    added = api.post(
        f"/surveys/{survey['id']}/questions",
        {"text": "Fair?", "kind": "multiple", "choices": ["A", "B"], "required": False},
    )
    assert added.status_code == 201
    assert (
        api.post(
            f"/surveys/{survey['id']}/questions", {"text": "X", "kind": "choice", "choices": ["A"]}
        ).status_code
        == 422
    )
    assert api.post(f"/surveys/{survey['id']}/open").json()["status"] == "open"
    assert api.post(f"/surveys/{survey['id']}/open").status_code == 422
    assert api.delete(f"/questions/{added.json()['id']}").status_code == 422
    tokens = api.post(f"/surveys/{survey['id']}/tokens", {"labels": ["A", "B"]})
    assert tokens.status_code == 201
    assert [t["label"] for t in tokens.json()] == ["A", "B"]
    assert api.post(f"/surveys/{survey['id']}/close").json()["status"] == "closed"


def test_surveys_denied(world, api_as, survey_a):
    a = world.cluster_a.pk
    for user in ("member_a", "expert_a", "coordinator"):
        assert api_as(user).post(f"/clusters/{a}/surveys", {"title": "x"}).status_code == 403, user
        assert api_as(user).post(f"/surveys/{survey_a.pk}/close").status_code in (403, 404), user
    assert api_as("member_a").get(f"/surveys/{survey_a.pk}").status_code == 200
    assert api_as("member_a").get(f"/surveys/{survey_a.pk}/results").status_code == 403
    assert api_as("manager_b").get(f"/surveys/{survey_a.pk}").status_code == 404
    assert (
        api_as("manager_b").post(f"/surveys/{survey_a.pk}/tokens", {"labels": ["x"]}).status_code
        == 404
    )


def _json_answers(survey, **kwargs):
    return {"answers": {str(k): v for k, v in answers_for(survey, **kwargs).items()}}


def test_member_answers_once_through_the_api(world, api_as, survey_a):
    api = api_as("member_a")
    assert api.post(f"/surveys/{survey_a.pk}/responses", _json_answers(survey_a)).status_code == 201
    again = api.post(f"/surveys/{survey_a.pk}/responses", _json_answers(survey_a))
    assert again.status_code == 422
    assert again.json()["errors"] == {"__all__": ["You have already answered this survey."]}
    assert (
        api_as("observer_a")
        .post(f"/surveys/{survey_a.pk}/responses", _json_answers(survey_a))
        .status_code
        == 404
    )
    assert (
        api_as("manager_a")
        .post(f"/surveys/{survey_a.pk}/responses", _json_answers(survey_a))
        .status_code
        == 403
    )
    bad = api.post(f"/surveys/{survey_a.pk}/responses", {"answers": {"abc": 1}})
    assert bad.status_code == 422
    assert SurveyResponse.objects.count() == 1


def test_token_answers_without_auth(world, survey_a, api_as):
    [(_r, token)] = domain.issue_tokens(survey=survey_a, labels=["x"])
    anonymous = api_as(None)
    assert anonymous.post(f"/answer/{token}", _json_answers(survey_a)).status_code == 201
    reused = anonymous.post(f"/answer/{token}", _json_answers(survey_a))
    assert reused.status_code == 422
    assert reused.json()["errors"] == {
        "__all__": ["This link has already been used to answer the survey."]
    }
    assert anonymous.post("/answer/forged", _json_answers(survey_a)).status_code == 404
    assert anonymous.post("/answer/" + "x" * 200, _json_answers(survey_a)).status_code in (404, 422)
    [(_r, token2)] = domain.issue_tokens(survey=survey_a, labels=["y"])
    domain.close_survey(survey=survey_a)
    closed = anonymous.post(f"/answer/{token2}", _json_answers(survey_a))
    assert closed.json()["errors"] == {
        "__all__": ["This survey is closed; answers are no longer accepted."]
    }


def test_results_gaps_and_comparison(world, api_as, survey_a, active_a):
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=5), user=world["member_a"]
    )
    results = api_as("manager_a").get(f"/surveys/{survey_a.pk}/results").json()
    assert results["responses"] == 1
    assert results["category_means"] == [{"category": "finance", "mean": "5.00", "ratings": 1}]
    gaps = api_as("expert_a").get(f"/clusters/{world.cluster_a.pk}/gaps").json()
    assert gaps["requests_available"] is True
    assert [(o["category"], o["kind"]) for o in gaps["opportunities"]] == [("finance", "new")]
    assert api_as("member_a").get(f"/clusters/{world.cluster_a.pk}/gaps").status_code == 403
    comparison = api_as("coordinator").get(f"/programmes/{world.programme.pk}/comparison").json()
    row = next(r for r in comparison["rows"] if r["category"] == "internationalisation")
    assert row["clusters"] == [
        {"cluster": world.cluster_a.pk, "acronym": "CLA", "services": ["Export desk"]}
    ]
    assert (
        api_as("manager_b").get(f"/programmes/{world.programme.pk}/comparison").status_code == 403
    )
    assert api_as("coordinator").get("/programmes/999999/comparison").status_code == 404


@pytest.mark.parametrize("bad", ["0", "-1", "99999999999999999999999", "abc"])
def test_bad_ids_are_not_500(world, api_as, bad):
    api = api_as("admin")
    for path in (f"/services/{bad}", f"/clusters/{bad}/services", f"/surveys/{bad}/results"):
        assert api.get(path).status_code in (404, 422), path


def test_service_list_has_a_fixed_query_count(world):
    client = Client()
    client.force_login(world["manager_a"])
    url = f"{V1}/clusters/{world.cluster_a.pk}/services"

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"page_size": 200}).status_code == 200
        return len(queries)

    make_service(world.cluster_a, world["manager_a"], name="One")
    one = count()
    make_service(world.cluster_a, world["manager_a"], name="Two")
    make_service(world.cluster_a, world["manager_a"], name="Three")
    assert count() == one
