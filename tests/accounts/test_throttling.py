"""Login throttling: five failures per username or per address lock that key for 15 minutes."""

import time

import pytest
from django.core.cache import cache
from django.core.cache.backends import locmem
from django.urls import reverse

from clusterhub.accounts import throttling
from tests.conftest import PASSWORD

LOCKED = "Too many failed sign-in attempts. Please wait 15 minutes and try again."


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_five_failures_lock_the_username_even_with_the_right_password(world, client, monkeypatch):
    for n in range(5):
        response = _login(client, "manager_a", "wrong", ip=f"10.0.0.{n + 1}")
        assert response.status_code == 200
    checked = []
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate",
        lambda *args, **kwargs: checked.append(kwargs) or None,
    )
    response = _login(client, "manager_a", PASSWORD, ip="10.0.0.99")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert checked == []  # no password check while locked
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock_and_success_clears_the_counter(world, client):
    for n in range(4):
        assert _login(client, "manager_a", "wrong", ip=f"10.0.1.{n}").status_code == 200
    assert _login(client, "manager_a", PASSWORD, ip="10.0.2.1").status_code == 302
    client.logout()
    # The counter restarted: four more failures still leave the account open.
    for n in range(4):
        assert _login(client, "manager_a", "wrong", ip=f"10.0.3.{n}").status_code == 200
    assert _login(client, "manager_a", PASSWORD, ip="10.0.4.1").status_code == 302


def test_five_failures_from_one_address_lock_that_address_for_every_username(world, client):
    for name in ("staff_a", "member_a", "expert_a", "observer_a", "nobody"):
        assert _login(client, name, "wrong", ip="10.9.9.9").status_code == 200
    locked = _login(client, "manager_a", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    # Another address and the same, un-locked username still signs in.
    assert _login(client, "manager_a", PASSWORD, ip="10.9.9.8").status_code == 302


def test_username_lock_is_case_insensitive(world, client):
    for n, name in enumerate(("Manager_A", "MANAGER_A", "manager_a", "manager_A", "mAnager_a")):
        assert _login(client, name, "wrong", ip=f"10.0.5.{n}").status_code == 200
    assert _login(client, "manager_a", PASSWORD, ip="10.0.6.1").status_code == 429


def test_lock_lasts_fifteen_minutes(world, client, monkeypatch):
    for n in range(5):
        _login(client, "manager_a", "wrong", ip=f"10.0.7.{n}")
    now = time.time()
    # LocMemCache compares expiry times with time.time(); move its clock instead of sleeping.
    monkeypatch.setattr(locmem.time, "time", lambda: now + 14 * 60)
    assert _login(client, "manager_a", PASSWORD, ip="10.0.8.1").status_code == 429
    monkeypatch.setattr(locmem.time, "time", lambda: now + 15 * 60 + 1)
    assert _login(client, "manager_a", PASSWORD, ip="10.0.8.1").status_code == 302


def test_empty_fields_are_not_counted(world, client):
    for _ in range(6):
        assert _login(client, "manager_a", "", ip="10.0.9.1").status_code == 200
    assert _login(client, "manager_a", PASSWORD, ip="10.0.9.1").status_code == 302


def test_client_ip_takes_the_configured_proxy_header(rf, settings):
    settings.CLUSTERHUB_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8", REMOTE_ADDR="127.0.0.1")
    assert throttling.client_ip(request) == "5.6.7.8"
    assert throttling.client_ip(rf.get("/", REMOTE_ADDR="9.9.9.9")) == "9.9.9.9"
