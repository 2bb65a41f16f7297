"""The strategy API: CRUD, permissions (404 for what may not be seen, 403 for what may not be
changed), bad input as 422 with the field named, progress, compute, Markdown, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterhub.registry.models import NaceCode
from clusterhub.strategy import domain
from clusterhub.strategy import kpi_sources
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from tests.conftest import area_api
from tests.strategy.conftest import make_strategy

V1 = "/api/v1/strategy"
api_as = area_api(V1)


NEW = {"title": "Next strategy", "start": "2025-01-01", "end": "2027-12-31", "vision": "Better"}


def test_anonymous_calls_are_401(plans):
    response = Client().get(V1 + "/strategies")
    assert response.status_code == 401


def test_the_list_shows_only_visible_strategies(plans, api_as):
    body = api_as("manager_b").get("/strategies").json()
    assert body["count"] == 1
    assert [s["title"] for s in body["items"]] == ["Strategy of B"]
    titles = {s["title"] for s in api_as("staff_a").get("/strategies").json()["items"]}
    assert titles == {"Strategy of A", "Programme strategy"}


def test_a_manager_creates_a_cluster_strategy(world, api_as):
    response = api_as("manager_a").post("/strategies", {**NEW, "cluster": world.cluster_a.pk})
    assert response.status_code == 201
    body = response.json()
    assert (body["cluster"], body["programme"], body["title"], body["project_output"]) == (
        world.cluster_a.pk,
        None,
        "Next strategy",
        False,
    )


@pytest.mark.parametrize(
    ("username", "owner", "status"),
    [
        ("manager_b", "cluster_a", 403),
        ("member_a", "cluster_a", 403),
        ("coordinator", "cluster_a", 403),
        ("staff_a", "programme", 403),
        ("coordinator", "programme", 201),
        ("admin", "cluster_b", 201),
    ],
)
def test_who_may_create_which_strategy(world, api_as, username, owner, status):
    field = "programme" if owner == "programme" else "cluster"
    target = world.programme if owner == "programme" else getattr(world, owner)
    response = api_as(username).post("/strategies", {**NEW, field: target.pk})
    assert response.status_code == status
    assert Strategy.objects.count() == (1 if status == 201 else 0)


def test_creation_errors_are_422_on_their_field(world, api_as):
    api = api_as("manager_a")
    response = api.post("/strategies", {**NEW, "cluster": world.cluster_a.pk, "end": "2024-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "end": ["The end (2024-01-01) is before the start (2025-01-01)."]
    }
    response = api.post("/strategies", NEW)
    assert response.json()["errors"] == {
        "cluster": ["A strategy belongs to a cluster or to a programme: give one."]
    }
    response = api.post("/strategies", {**NEW, "cluster": 999_999})
    assert response.json()["errors"] == {"cluster": ["There is no cluster with id 999999."]}
    response = api.post("/strategies", {**NEW, "cluster": world.cluster_a.pk, "colour": "red"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["colour"]
    assert Strategy.objects.count() == 0


@pytest.mark.parametrize(
    ("username", "status"),
    [("manager_b", 404), ("outsider", 404), ("member_a", 403), ("coordinator", 403)],
)
def test_another_users_strategy_cannot_be_changed(plans, api_as, username, status):
    api = api_as(username)
    assert api.patch(f"/strategies/{plans.a.pk}", {"title": "Hijacked"}).status_code == status
    assert api.delete(f"/strategies/{plans.a.pk}").status_code == status
    assert api.post(f"/strategies/{plans.a.pk}/objectives", {"title": "X"}).status_code == status
    assert api.patch(f"/objectives/{plans.objective_a.pk}", {"title": "X"}).status_code == status
    assert api.patch(f"/actions/{plans.action_a.pk}", {"title": "X"}).status_code == status
    assert api.patch(f"/kpis/{plans.kpi_a.pk}", {"name": "X"}).status_code == status
    measurement = {"date": "2024-05-01", "value": "12"}
    assert api.post(f"/kpis/{plans.kpi_a.pk}/measurements", measurement).status_code == status
    assert api.post(f"/strategies/{plans.a.pk}/compute-kpis", {}).status_code == status
    plans.a.refresh_from_db()
    assert plans.a.title == "Strategy of A"
    assert Measurement.objects.count() == 0


def test_reading_another_clusters_strategy_by_id_is_404(plans, api_as):
    api = api_as("manager_b")
    for path in (
        f"/strategies/{plans.a.pk}",
        f"/strategies/{plans.a.pk}/progress",
        f"/strategies/{plans.a.pk}/markdown",
        f"/strategies/{plans.a.pk}/objectives",
        f"/strategies/{plans.a.pk}/actions",
        f"/strategies/{plans.a.pk}/kpis",
        f"/kpis/{plans.kpi_a.pk}/measurements",
    ):
        assert api.get(path).status_code == 404, path


def test_an_insider_reads_but_a_member_cannot_write(plans, api_as):
    api = api_as("member_a")
    assert api.get(f"/strategies/{plans.a.pk}").json()["vision"] == "Vision A"
    assert api.get(f"/strategies/{plans.programme.pk}").status_code == 200


def test_staff_build_a_strategy_through_the_api(plans, world, api_as):
    api = api_as("staff_a")
    objective = api.post(f"/strategies/{plans.a.pk}/objectives", {"title": "Serve members"})
    assert objective.status_code == 201
    objective_id = objective.json()["id"]
    assert objective.json()["position"] == 2
    action = api.post(
        f"/objectives/{objective_id}/actions",
        {"title": "Survey", "owner_user": world["manager_a"].pk, "due_date": "2020-01-01"},
    )
    assert action.status_code == 201
    assert (action.json()["owner_name"], action.json()["overdue"]) == (
        world["manager_a"].display_name,
        True,
    )
    done = api.patch(f"/actions/{action.json()['id']}", {"status": "done"})
    assert (done.json()["status"], done.json()["overdue"]) == ("done", False)
    kpi = api.post(
        f"/strategies/{plans.a.pk}/kpis",
        {
            "name": "Services",
            "baseline": "2",
            "target": "6",
            "objective": objective_id,
            "frequency": "yearly",
        },
    )
    assert kpi.status_code == 201
    assert (kpi.json()["baseline"], kpi.json()["target"]) == ("2.00", "6.00")
    measurement = api.post(
        f"/kpis/{kpi.json()['id']}/measurements", {"date": "2025-01-01", "value": "3.5"}
    )
    assert measurement.status_code == 201
    assert measurement.json()["value"] == "3.50"
    assert measurement.json()["origin"] == "manual"
    listed = api.get(f"/kpis/{kpi.json()['id']}/measurements").json()
    assert [m["value"] for m in listed["items"]] == ["3.50"]
    assert api.delete(f"/measurements/{measurement.json()['id']}").status_code == 204
    assert api.delete(f"/kpis/{kpi.json()['id']}").status_code == 204
    assert api.delete(f"/objectives/{objective_id}").status_code == 204
    assert Action.objects.filter(title="Survey").count() == 0


def test_bad_kpi_and_measurement_input_is_422_with_the_message(plans, api_as):
    api = api_as("manager_a")
    equal = api.post(
        f"/strategies/{plans.a.pk}/kpis",
        {"name": "Flat", "baseline": "5", "target": "5.00", "direction": "down"},
    )
    assert equal.status_code == 422
    assert equal.json()["errors"] == {
        "target": [
            "The target equals the baseline, so there is nothing to achieve; set a target "
            "above or below 5."
        ]
    }
    for value in ("1e400", "NaN", "12.345", "not a number", "1234567890123"):
        response = api.post(
            f"/strategies/{plans.a.pk}/kpis", {"name": "Big", "baseline": "0", "target": value}
        )
        assert response.status_code == 422, value
        assert list(response.json()["errors"]) == ["target"], value
    outside = api.post(f"/kpis/{plans.kpi_a.pk}/measurements", {"date": "2030-01-01", "value": "3"})
    assert outside.status_code == 422
    assert outside.json()["errors"] == {
        "date": ["2030-01-01 is outside the strategy period (2024-01-01 to 2026-12-31)."]
    }
    other = make_strategy(cluster=plans.a.cluster, title="Other")
    foreign = Objective.objects.create(strategy=other, title="Elsewhere")
    response = api.post(
        f"/strategies/{plans.a.pk}/kpis",
        {"name": "X", "baseline": "0", "target": "1", "objective": foreign.pk},
    )
    assert response.json()["errors"] == {
        "objective": ["The objective belongs to another strategy."]
    }
    assert Kpi.objects.count() == 1


def test_action_owners_must_work_with_the_strategy(plans, world, api_as):
    api = api_as("manager_a")
    response = api.post(
        f"/objectives/{plans.objective_a.pk}/actions",
        {"title": "X", "owner_user": world["manager_b"].pk},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "owner_user": [f"User {world['manager_b'].pk} holds no role in the strategy's clusters."]
    }
    response = api.post(
        f"/objectives/{plans.objective_a.pk}/actions",
        {"title": "X", "owner_person": world.person_b.pk},
    )
    assert response.json()["errors"] == {
        "owner_person": [f"There is no person with id {world.person_b.pk}."]
    }


def test_progress_and_compute(plans, api_as):
    api = api_as("manager_a")
    computed = api.post(f"/strategies/{plans.a.pk}/compute-kpis", {"date": "2025-03-01"})
    assert computed.status_code == 200
    assert computed.json()["recorded"][0]["value"] == "1.00"
    assert computed.json()["skipped"] == {}
    outside = api.post(f"/strategies/{plans.a.pk}/compute-kpis", {"date": "2031-03-01"})
    assert outside.status_code == 422
    progress = api_as("observer_a").get(f"/strategies/{plans.a.pk}/progress").json()
    assert [(k["kpi"]["name"], k["status"]) for k in progress["kpis"]] == [("Members", "off_track")]
    assert [a["title"] for a in progress["overdue_actions"]] == ["Recruit members"]


def test_template_through_the_api(world, api_as):
    body = {"cluster": world.cluster_a.pk, "title": "T", "start": "2025-01-01", "end": "2026-01-01"}
    assert api_as("member_a").post("/strategies/from-template", body).status_code == 403
    response = api_as("manager_a").post("/strategies/from-template", body)
    assert response.status_code == 201
    strategy = Strategy.objects.get(pk=response.json()["id"])
    assert strategy.objectives.count() == 6


def test_kpi_sources_say_which_are_available(world, api_as, monkeypatch):
    missing = kpi_sources._counted(
        kpi_sources._Counted(NaceCode), "events_held", "Events held", "events"
    )
    monkeypatch.setitem(kpi_sources.SOURCES, "events_held", missing)
    sources = {s["key"]: s["available"] for s in api_as("outsider").get("/kpi-sources").json()}
    assert sources["members"] is True
    assert sources["events_held"] is False
    assert set(sources) == {
        "members",
        "committed_members",
        "assessment_score",
        "active_services",
        "events_held",
        "people_trained",
        "introductions",
        "collaborations",
        "b2b_meetings_held",
        "event_agreements",
        "event_collaborations",
        "membership_retention",
        "membership_income",
    }
    assert sources["event_agreements"] is True


def test_markdown_carries_the_funding_notice_only_for_project_outputs(plans, world, api_as):
    api = api_as("coordinator")
    text = api.get(f"/strategies/{plans.programme.pk}/markdown").content.decode()
    assert "received funding" not in text
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    text = api.get(f"/strategies/{plans.programme.pk}/markdown").content.decode()
    assert "The 5FX project has received funding from the European Union's COSME programme." in text
    assert "EASME do not accept any responsibility" in text


def test_no_input_answers_500(plans, api_as):
    api = api_as("manager_a")
    assert api.post("/strategies", "not json").status_code == 400
    for path, body in (
        ("/strategies", {"title": "x" * 500, "start": "2025-13-01", "end": "x"}),
        (f"/strategies/{plans.a.pk}/kpis", {"name": "\x00", "baseline": "0", "target": "1"}),
        (f"/strategies/{plans.a.pk}/compute-kpis", {"date": "yesterday"}),
        (f"/actions/{plans.action_a.pk}/links", {"app_label": "x", "model": "y", "object_id": 1}),
        (f"/actions/{plans.action_a.pk}/links", {"app_label": "x", "model": "y", "object_id": -1}),
    ):
        assert api.post(path, body).status_code == 422, (path, body)
    assert api.get("/strategies/99999999999999999999").status_code == 422
    assert api.patch(f"/strategies/{plans.a.pk}", {"start": None}).status_code == 422


@pytest.mark.parametrize("path", ["/strategies", "/strategies/{a}/actions"])
def test_lists_cost_the_same_queries_for_one_and_three_rows(plans, world, api_as, path):
    api = api_as("admin")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path.format(a=plans.a.pk)).status_code == 200
        return len(queries)

    count()  # the first call also records the token's use
    one = count()
    for n in range(2):
        make_strategy(cluster=world.cluster_a, title=f"Extra {n}")
        domain.save_action(
            action=Action(
                objective=plans.objective_a, title=f"Extra {n}", due_date=date(2025, 1, 1)
            )
        )
    assert count() == one


def test_the_coordinator_may_own_an_action_of_the_programme_strategy(plans, world, api_as):
    api = api_as("coordinator")
    objective = api.post(f"/strategies/{plans.programme.pk}/objectives", {"title": "Share"})
    response = api.post(
        f"/objectives/{objective.json()['id']}/actions",
        {"title": "Workshops", "owner_user": world["coordinator"].pk},
    )
    assert response.status_code == 201
    assert response.json()["owner_user"] == world["coordinator"].pk
    refused = api.post(
        f"/objectives/{objective.json()['id']}/actions",
        {"title": "Workshops", "owner_user": world["manager_b"].pk},
    )
    assert refused.status_code == 422
