"""Bearer-token throttling: wrong tokens lock their prefix (10) and the address (50) for 15 min."""

import time

import pytest
from django.core.cache.backends import locmem
from django.test import Client
from django.urls import reverse

from clusterhub.accounts.domain import create_token
from tests.conftest import PASSWORD
from tests.factories import UserFactory

ME = "/api/v1/me"
LOCKED = {
    "detail": "Too many requests with a wrong API token. Try again in 900 seconds.",
    "errors": {},
}
UNAUTHENTICATED = {"detail": "Sign in or send a valid API token.", "errors": {}}


@pytest.fixture
def frozen_clock(monkeypatch):
    """LocMemCache and the throttle both read time.time(); a settable clock replaces sleeping."""
    clock = {"now": time.time()}
    monkeypatch.setattr(locmem.time, "time", lambda: clock["now"])
    return clock


@pytest.fixture
def alice_token(db):
    return create_token(user=UserFactory(username="alice"), name="cli")[1]


@pytest.fixture
def bob_token(db):
    return create_token(user=UserFactory(username="bob"), name="cli")[1]


def _me(token: str, ip: str = "10.1.0.1"):
    return Client().get(ME, headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=ip)


def _wrong(token: str, n: int) -> str:
    """A wrong token with the same 12-character prefix as `token`."""
    return token[:12] + f"wrong{n:040d}"


def test_ten_wrong_tokens_for_one_prefix_lock_it_even_for_the_right_token(
    alice_token, frozen_clock, django_assert_num_queries
):
    for n in range(10):
        response = _me(_wrong(alice_token, n), ip=f"10.2.0.{n}")
        assert response.status_code == 401
        assert response.json() == UNAUTHENTICATED
    with django_assert_num_queries(0):  # refused before the token is looked up
        response = _me(alice_token, ip="10.2.1.1")
    assert response.status_code == 429
    assert response.json() == LOCKED
    assert response["Retry-After"] == "900"


def test_nine_wrong_tokens_do_not_lock_the_prefix(alice_token, frozen_clock):
    for n in range(9):
        assert _me(_wrong(alice_token, n), ip=f"10.3.0.{n}").status_code == 401
    response = _me(alice_token, ip="10.3.1.1")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_a_good_token_of_another_prefix_still_works_from_the_same_address(
    alice_token, bob_token, frozen_clock
):
    for n in range(10):
        assert _me(_wrong(alice_token, n), ip="10.4.0.1").status_code == 401
    assert _me(alice_token, ip="10.4.0.1").status_code == 429
    # Ten failures are far below the address limit of fifty: bob is not affected.
    response = _me(bob_token, ip="10.4.0.1")
    assert response.status_code == 200
    assert response.json()["username"] == "bob"


def test_fifty_wrong_tokens_from_one_address_lock_that_address(
    bob_token, frozen_clock, django_assert_num_queries
):
    # Each wrong token has its own prefix, so only the address counter reaches its limit.
    for n in range(50):
        assert _me(f"chub_{n:07d}-wrong", ip="10.5.0.1").status_code == 401
    with django_assert_num_queries(0):
        response = _me(bob_token, ip="10.5.0.1")
    assert response.status_code == 429
    assert response.json() == LOCKED
    assert response["Retry-After"] == "900"
    # Another address with the same token is served.
    assert _me(bob_token, ip="10.5.0.2").status_code == 200


def test_the_address_limit_counts_forty_nine_without_locking(bob_token, frozen_clock):
    for n in range(49):
        assert _me(f"chub_{n:07d}-wrong", ip="10.6.0.1").status_code == 401
    assert _me(bob_token, ip="10.6.0.1").status_code == 200


def test_the_lock_ends_after_the_window_and_retry_after_counts_down(alice_token, frozen_clock):
    for n in range(10):
        _me(_wrong(alice_token, n), ip="10.7.0.1")
    start = frozen_clock["now"]
    frozen_clock["now"] = start + 899.5
    response = _me(alice_token, ip="10.7.0.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    frozen_clock["now"] = start + 901
    assert _me(alice_token, ip="10.7.0.1").status_code == 200
    # A fresh window: one more failure does not lock again.
    assert _me(_wrong(alice_token, 99), ip="10.7.0.1").status_code == 401
    assert _me(alice_token, ip="10.7.0.1").status_code == 200


def test_limits_come_from_the_settings(alice_token, frozen_clock, settings):
    settings.CLUSTERHUB_API_TOKEN_MAX_FAILURES = 2
    settings.CLUSTERHUB_API_LOCKOUT_SECONDS = 60
    assert _me(_wrong(alice_token, 1)).status_code == 401
    assert _me(_wrong(alice_token, 2)).status_code == 401
    response = _me(alice_token)
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_the_client_address_header_is_used_behind_a_proxy(bob_token, frozen_clock, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(50):
        response = Client().get(
            ME,
            headers={"Authorization": f"Bearer chub_{n:07d}-x", "X-Forwarded-For": "203.0.113.9"},
            REMOTE_ADDR="127.0.0.1",
        )
        assert response.status_code == 401
    locked = {"Authorization": f"Bearer {bob_token}", "X-Forwarded-For": "203.0.113.9"}
    assert Client().get(ME, headers=locked, REMOTE_ADDR="127.0.0.1").status_code == 429
    other = {"Authorization": f"Bearer {bob_token}", "X-Forwarded-For": "203.0.113.10"}
    assert Client().get(ME, headers=other, REMOTE_ADDR="127.0.0.1").status_code == 200


def test_api_failures_do_not_lock_sign_in_from_the_address(db, frozen_clock):
    UserFactory(username="carol")
    for n in range(50):
        _me(f"chub_{n:07d}-wrong", ip="10.8.0.1")
    response = Client().post(
        reverse("accounts:login"),
        {"username": "carol", "password": PASSWORD},
        REMOTE_ADDR="10.8.0.1",
    )
    assert response.status_code == 302
