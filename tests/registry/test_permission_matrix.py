"""Every role against every cluster-scoped registry page and API operation, in one table.

Rows are (URL name, object, users allowed); every other role is denied with 403 (the object is
visible to them) or 404 (it is not). The secret strings of the world fixture must not appear in
a denied answer. The rules behind it are in registry/rules.py.
"""

import pytest
from django.urls import reverse

from clusterhub.accounts.domain import create_token
from tests.conftest import ROLE_USERS

TEAM_A = {"admin", "coordinator", "manager_a", "staff_a"}
INSIDERS_A = TEAM_A | {"member_a", "expert_a", "observer_a"}
EDITORS_A = {"admin", "manager_a", "staff_a"}
EVERYONE = set(ROLE_USERS)

# (url name, object key, allowed, status for the denied who can't see the object)
PAGES = [
    ("cluster_detail", "cluster_a", EVERYONE, None),
    ("cluster_edit", "cluster_a", {"admin", "manager_a"}, None),
    ("cluster_delete", "cluster_a", {"admin"}, None),
    ("cluster_dashboard", "cluster_a", INSIDERS_A, None),
    ("cluster_members", "cluster_a", INSIDERS_A, None),
    ("membership_create", "cluster_a", EDITORS_A, None),
    ("cluster_roles", "cluster_a", {"admin", "manager_a"}, None),
    ("cluster_history", "cluster_a", TEAM_A, None),
    ("organisations_import", "cluster_a", EDITORS_A, None),
    ("membership_edit", "membership_a", EDITORS_A, {"manager_b", "outsider"}),
    ("membership_history", "membership_a", TEAM_A, {"manager_b", "outsider"}),
    ("organisation_detail", "member_a", EVERYONE, None),
    ("organisation_edit", "member_a", EDITORS_A | {"member_a"}, None),
    ("organisation_delete", "member_a", {"admin"}, None),
    ("person_detail", "person_a", TEAM_A | {"member_a"}, "all"),
    (
        "person_edit",
        "person_a",
        EDITORS_A | {"member_a"},
        {"expert_a", "observer_a", "manager_b", "outsider"},
    ),
    ("person_history", "person_a", TEAM_A | {"member_a"}, "all"),
]


def _object(world, key):
    if key == "membership_a":
        return world.cluster_a.memberships.get()
    return getattr(world, key)


def _cases(table):
    for name, key, allowed, hidden in table:
        for user in ROLE_USERS:
            yield pytest.param(name, key, user, user in allowed, hidden, id=f"{name}-{user}")


@pytest.mark.parametrize(("name", "key", "username", "allowed", "hidden"), list(_cases(PAGES)))
def test_page(world, client_for, name, key, username, allowed, hidden):
    obj = _object(world, key)
    response = client_for(world[username]).get(reverse(f"registry:{name}", args=[obj.pk]))
    if allowed:
        assert response.status_code == 200
        return
    hidden_from = set() if hidden is None else (EVERYONE if hidden == "all" else hidden)
    assert response.status_code == (404 if username in hidden_from else 403)
    body = response.content.decode()
    for secret in ("secret-notes-a", "membership-note-a", "alda@member-a.example"):
        assert secret not in body


def test_export_matrix(world, client_for):
    allowed = {
        user
        for user in ROLE_USERS
        if client_for(world[user])
        .get(reverse("registry:organisations_export", args=[world.cluster_a.pk, "csv"]))
        .status_code
        == 200
    }
    assert allowed == TEAM_A


# (method, path template, allowed, who may see the object at all)
API = [
    ("get", "/api/v1/clusters/{cluster_a}", EVERYONE, EVERYONE),
    ("patch", "/api/v1/clusters/{cluster_a}", {"admin", "manager_a"}, EVERYONE),
    ("delete", "/api/v1/clusters/{cluster_a}", set(), EVERYONE),
    ("get", "/api/v1/memberships/{membership_a}", INSIDERS_A, INSIDERS_A),
    ("patch", "/api/v1/memberships/{membership_a}", EDITORS_A, INSIDERS_A),
    ("get", "/api/v1/people/{person_a}", TEAM_A | {"member_a"}, TEAM_A | {"member_a"}),
    ("patch", "/api/v1/people/{person_a}", EDITORS_A | {"member_a"}, TEAM_A | {"member_a"}),
    ("patch", "/api/v1/organisations/{member_a}", EDITORS_A | {"member_a"}, EVERYONE),
]


def _api_cases():
    for method, path, allowed, visible in API:
        for user in ROLE_USERS:
            if method == "delete" and user == "admin":
                continue  # deleting works for admins; tested in test_api.py without the matrix
            yield pytest.param(
                method, path, user, user in allowed, user in visible, id=f"{method}-{path}-{user}"
            )


@pytest.mark.parametrize(("method", "path", "username", "allowed", "visible"), list(_api_cases()))
def test_api(world, client, method, path, username, allowed, visible):
    ids = {
        "cluster_a": world.cluster_a.pk,
        "membership_a": world.cluster_a.memberships.get().pk,
        "person_a": world.person_a.pk,
        "member_a": world.member_a.pk,
    }
    _record, token = create_token(user=world[username], name="matrix")
    call = getattr(client, method)
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}", "content_type": "application/json"}
    response = call(path.format(**ids), data={} if method == "patch" else None, **kwargs)
    if allowed:
        assert response.status_code == 200, response.content
        return
    assert response.status_code == (403 if visible else 404)
    for secret in ("secret-notes-a", "membership-note-a", "alda@member-a.example"):
        assert secret not in response.content.decode()
