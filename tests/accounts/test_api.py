"""The accounts API: who am I, and personal API tokens (list, create once, revoke own only)."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.models import ApiToken
from tests.factories import UserFactory

V1 = "/api/v1"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", first_name="Alice", last_name="Liepa")


def test_me_with_a_token(alice):
    _, token = create_token(user=alice, name="cli")
    response = Client().get(V1 + "/me", headers=bearer(token))
    assert response.status_code == 200
    assert response.json() == {
        "id": alice.pk,
        "username": "alice",
        "display_name": "Alice Liepa",
        "email": "alice@example.org",
        "is_platform_admin": False,
    }


def test_me_with_the_session(alice):
    client = Client()
    client.force_login(alice)
    assert client.get(V1 + "/me").json()["username"] == "alice"


def test_me_without_credentials_is_401(db):
    response = Client().get(V1 + "/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send a valid API token.", "errors": {}}


def test_create_token_shows_it_once_and_it_works(alice):
    client = Client()
    client.force_login(alice)
    response = client.post(
        V1 + "/tokens", json.dumps({"name": "  laptop  "}), content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    record = ApiToken.objects.get(user=alice)
    assert body["id"] == record.pk
    assert body["name"] == "laptop"
    assert body["token"].startswith("chub_")
    assert body["prefix"] == body["token"][:12] == record.prefix
    assert (body["is_active"], body["revoked_at"], body["last_used_at"]) == (True, None, None)
    assert record.digest == ApiToken.digest_of(body["token"])
    me = Client().get(V1 + "/me", headers=bearer(body["token"]))
    assert me.json()["username"] == "alice"
    listing = client.get(V1 + "/tokens")
    assert body["token"].encode() not in listing.content
    assert record.digest.encode() not in listing.content
    assert set(listing.json()["items"][0]) == {
        "id",
        "name",
        "prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
        "is_active",
    }


def test_list_shows_only_own_tokens_newest_first(alice):
    first, token = create_token(user=alice, name="first")
    second, _ = create_token(user=alice, name="second")
    create_token(user=UserFactory(username="bob"), name="bob's")
    response = Client().get(V1 + "/tokens", headers=bearer(token))
    assert [t["name"] for t in response.json()["items"]] == ["second", "first"]
    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "tab\tname"}, "name"),
        ({"name": 5}, "name"),
        ({}, "name"),
        ({"name": "ok", "scope": "admin"}, "scope"),
    ],
)
def test_bad_token_names_are_422(alice, body, field):
    _, token = create_token(user=alice, name="cli")
    response = Client().post(
        V1 + "/tokens", json.dumps(body), content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert ApiToken.objects.filter(user=alice).count() == 1


def test_revoke_own_token_then_it_no_longer_works(alice):
    record, token = create_token(user=alice, name="old")
    _, other = create_token(user=alice, name="new")
    response = Client().delete(V1 + f"/tokens/{record.pk}", headers=bearer(other))
    assert response.status_code == 204
    record.refresh_from_db()
    assert record.revoked_at is not None
    assert Client().get(V1 + "/me", headers=bearer(token)).status_code == 401
    listing = Client().get(V1 + "/tokens", headers=bearer(other)).json()["items"]
    assert [(t["name"], t["is_active"]) for t in listing] == [("new", True), ("old", False)]


def test_a_token_may_revoke_itself(alice):
    record, token = create_token(user=alice, name="self")
    assert Client().delete(V1 + f"/tokens/{record.pk}", headers=bearer(token)).status_code == 204
    assert Client().get(V1 + "/me", headers=bearer(token)).status_code == 401


def test_revoking_another_users_token_is_404(alice):
    bobs, bob_token = create_token(user=UserFactory(username="bob"), name="bob's")
    _, token = create_token(user=alice, name="cli")
    response = Client().delete(V1 + f"/tokens/{bobs.pk}", headers=bearer(token))
    assert response.status_code == 404
    bobs.refresh_from_db()
    assert bobs.revoked_at is None
    assert Client().get(V1 + "/me", headers=bearer(bob_token)).status_code == 200


@pytest.mark.parametrize("token_id", ["0", "-3", "abc", str(10**30)])
def test_impossible_token_ids_are_422(alice, token_id):
    _, token = create_token(user=alice, name="cli")
    response = Client().delete(V1 + f"/tokens/{token_id}", headers=bearer(token))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["token_id"]


def test_token_endpoints_need_credentials(db):
    client = Client(enforce_csrf_checks=True)
    assert client.get(V1 + "/tokens").status_code == 401
    created = client.post(V1 + "/tokens", '{"name": "x"}', content_type="application/json")
    assert created.status_code == 401
    assert client.delete(V1 + "/tokens/1").status_code == 401
    assert ApiToken.objects.count() == 0


def test_session_needs_csrf_to_create_a_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(V1 + "/tokens", '{"name": "x"}', content_type="application/json")
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_token_list_has_a_fixed_query_count(alice):
    client = Client()
    client.force_login(alice)
    create_token(user=alice, name="one")
    client.get(V1 + "/tokens")
    with CaptureQueriesContext(connection) as one:
        assert client.get(V1 + "/tokens").json()["count"] == 1
    create_token(user=alice, name="two")
    create_token(user=alice, name="three")
    with CaptureQueriesContext(connection) as three:
        assert client.get(V1 + "/tokens").json()["count"] == 3
    assert len(one) == len(three)
