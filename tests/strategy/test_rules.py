"""Who may read and edit which strategy, and what each user's list shows."""

import pytest

from clusterhub.strategy.queries import strategies_visible_to

# user -> (reads A, edits A, reads B, reads programme, edits programme)
EXPECTED = {
    "admin": (True, True, True, True, True),
    "coordinator": (True, False, False, True, True),
    "manager_a": (True, True, False, True, False),
    "staff_a": (True, True, False, True, False),
    "member_a": (True, False, False, True, False),
    "expert_a": (True, False, False, True, False),
    "observer_a": (True, False, False, True, False),
    "manager_b": (False, False, True, False, False),
    "outsider": (False, False, False, False, False),
}


@pytest.mark.parametrize("username", EXPECTED)
def test_permissions_follow_the_owner_of_the_strategy(world, plans, username):
    user = world[username]
    got = (
        user.has_perm("strategy.view_strategy", plans.a),
        user.has_perm("strategy.change_strategy", plans.a),
        user.has_perm("strategy.view_strategy", plans.b),
        user.has_perm("strategy.view_strategy", plans.programme),
        user.has_perm("strategy.change_strategy", plans.programme),
    )
    assert got == EXPECTED[username]


@pytest.mark.parametrize("username", EXPECTED)
def test_the_visible_list_matches_the_view_permission(world, plans, username):
    user = world[username]
    visible = set(strategies_visible_to(user).values_list("pk", flat=True))
    expected = {
        s.pk
        for s in (plans.a, plans.b, plans.programme)
        if user.has_perm("strategy.view_strategy", s)
    }
    assert visible == expected


@pytest.mark.parametrize(
    ("username", "cluster_a", "cluster_b", "programme"),
    [
        ("admin", True, True, True),
        ("coordinator", False, False, True),
        ("manager_a", True, False, False),
        ("staff_a", True, False, False),
        ("member_a", False, False, False),
        ("manager_b", False, True, False),
        ("outsider", False, False, False),
    ],
)
def test_who_may_start_a_strategy(world, username, cluster_a, cluster_b, programme):
    user = world[username]
    assert user.has_perm("strategy.add_cluster_strategy", world.cluster_a) is cluster_a
    assert user.has_perm("strategy.add_cluster_strategy", world.cluster_b) is cluster_b
    assert user.has_perm("strategy.add_programme_strategy", world.programme) is programme
