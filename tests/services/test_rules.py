"""Every permission of the services area against every role of the world fixture."""

import pytest

from clusterhub.services.queries import clusters_with_portfolio_for
from clusterhub.services.queries import programmes_to_compare_for
from clusterhub.services.queries import services_visible_to
from clusterhub.services.queries import surveys_visible_to

ALL = [
    "admin",
    "coordinator",
    "manager_a",
    "staff_a",
    "member_a",
    "expert_a",
    "observer_a",
    "manager_b",
    "outsider",
]


def allowed(world, perm, obj) -> set[str]:
    return {name for name in ALL if world[name].has_perm(perm, obj)}


CLUSTER_A = {
    "services.view_portfolio": {
        "admin",
        "coordinator",
        "manager_a",
        "staff_a",
        "member_a",
        "expert_a",
        "observer_a",
    },
    "services.manage_portfolio": {"admin", "manager_a", "staff_a"},
    "services.view_pipeline": {"admin", "manager_a", "staff_a", "expert_a"},
    "services.view_gap_analysis": {"admin", "manager_a", "staff_a", "expert_a"},
    "services.manage_surveys": {"admin", "manager_a", "staff_a"},
}


@pytest.mark.parametrize(("perm", "expected"), CLUSTER_A.items())
def test_cluster_permissions(world, perm, expected):
    assert allowed(world, perm, world.cluster_a) == expected


def test_service_permissions(world, idea_a):
    assert allowed(world, "services.change_service", idea_a) == {"admin", "manager_a", "staff_a"}
    assert allowed(world, "services.add_guidance", idea_a) == {
        "admin",
        "manager_a",
        "staff_a",
        "expert_a",
    }


def test_survey_permissions(world, survey_a):
    assert allowed(world, "services.change_survey", survey_a) == {"admin", "manager_a", "staff_a"}
    assert allowed(world, "services.view_survey_results", survey_a) == {
        "admin",
        "manager_a",
        "staff_a",
    }
    # Django grants an active superuser every permission; no other role answers.
    assert allowed(world, "services.answer_survey", survey_a) == {"admin", "member_a"}


def test_comparison_permission(world):
    assert allowed(world, "services.view_comparison", world.programme) == {
        "admin",
        "coordinator",
        "manager_a",
        "staff_a",
    }


def test_services_in_development_are_hidden_from_portfolio_readers(
    world, idea_a, active_a, service_b
):
    def names(user):
        return sorted(services_visible_to(world[user]).values_list("name", flat=True))

    assert names("manager_a") == ["Export desk", "Funding clinic"]
    assert names("expert_a") == ["Export desk", "Funding clinic"]
    assert names("member_a") == ["Export desk"]
    assert names("observer_a") == ["Export desk"]
    assert names("coordinator") == ["Export desk"]
    assert names("manager_b") == ["B service"]
    assert names("outsider") == []
    assert names("admin") == ["B service", "Export desk", "Funding clinic"]


def test_draft_surveys_are_hidden_from_members(world, survey_a):
    from clusterhub.services import domain

    domain.create_survey_from_template(cluster=world.cluster_a, actor=world["manager_a"])
    assert surveys_visible_to(world["manager_a"]).count() == 2
    assert list(surveys_visible_to(world["member_a"])) == [survey_a]
    assert surveys_visible_to(world["observer_a"]).count() == 0
    assert surveys_visible_to(world["manager_b"]).count() == 0


def test_index_lists(world):
    assert list(clusters_with_portfolio_for(world["outsider"])) == []
    assert list(clusters_with_portfolio_for(world["member_a"])) == [world.cluster_a]
    assert list(programmes_to_compare_for(world["coordinator"])) == [world.programme]
    assert list(programmes_to_compare_for(world["staff_a"])) == [world.programme]
    assert list(programmes_to_compare_for(world["manager_b"])) == []
    assert list(programmes_to_compare_for(world["member_a"])) == []
