"""Sign-in throttling per username-from-address, per address and per username (issue 13, item 8).

Before, five wrong passwords for a username from anywhere locked that username everywhere for 15
minutes: anyone could lock the admin out. Now failures from other addresses never lock a user
out of an address they signed in from before.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterhub.accounts import throttling
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import KnownAddress
from clusterhub.accounts.models import SignInThrottle
from tests.conftest import PASSWORD

LOCKED = "Too many failed sign-in attempts. Please wait 15 minutes and try again."


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, settable instead of sleeping."""
    now = {"at": timezone.now()}
    monkeypatch.setattr(throttling, "_now", lambda: now["at"])
    return now


def _login(username, password, ip="10.0.0.1"):
    return Client().post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _signed_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_five_failures_from_elsewhere_do_not_lock_the_user_out(world, clock):
    """The targeted lockout of the issue: an attacker's address is locked, not the admin."""
    for _ in range(5):
        assert _login("admin", "wrong", ip="203.0.113.66").status_code == 200
    assert _login("admin", PASSWORD, ip="203.0.113.66").status_code == 429
    assert _signed_in(_login("admin", PASSWORD, ip="10.0.0.1"))


def test_five_failures_lock_the_username_from_that_address_without_checking(
    world, clock, monkeypatch
):
    for _ in range(5):
        assert _login("manager_a", "wrong").status_code == 200
    checked = []
    monkeypatch.setattr(
        "django.contrib.auth.forms.authenticate",
        lambda *args, **kwargs: checked.append(kwargs) or None,
    )
    response = _login("manager_a", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert checked == []  # no password check while locked


def test_four_failures_do_not_lock_and_success_clears_the_counter(world, clock):
    for _ in range(4):
        assert _login("manager_a", "wrong").status_code == 200
    assert _signed_in(_login("manager_a", PASSWORD))
    for _ in range(4):
        assert _login("manager_a", "wrong").status_code == 200
    assert _signed_in(_login("manager_a", PASSWORD))


def test_twenty_failures_from_one_address_lock_it_for_every_username(world, clock, settings):
    settings.CLUSTERHUB_LOGIN_ADDRESS_MAX_FAILURES = 20
    for n in range(20):
        assert _login(f"user{n}", "Winter2026!", ip="10.9.9.9").status_code == 200
    locked = _login("manager_a", PASSWORD, ip="10.9.9.9")
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert _signed_in(_login("manager_a", PASSWORD, ip="10.9.9.8"))


def test_a_known_address_gets_in_through_an_address_lock(world, clock):
    assert _signed_in(_login("manager_a", PASSWORD, ip="10.9.9.9"))
    for n in range(20):
        _login(f"user{n}", "Winter2026!", ip="10.9.9.9")
    # manager_a signed in from this office address before; a stranger did not.
    assert _login("staff_a", PASSWORD, ip="10.9.9.9").status_code == 429
    assert _signed_in(_login("manager_a", PASSWORD, ip="10.9.9.9"))
    # The known address does not let guessing through: a wrong password is still refused.
    assert _login("manager_a", "wrong", ip="10.9.9.9").status_code == 429


def test_many_addresses_lock_the_username_except_for_its_known_addresses(world, clock, settings):
    settings.CLUSTERHUB_LOGIN_USERNAME_MAX_FAILURES = 50
    assert _signed_in(_login("admin", PASSWORD, ip="192.0.2.10"))
    for n in range(50):  # a botnet: one guess per address
        assert _login("admin", f"guess{n}", ip=f"198.51.100.{n}").status_code == 200
    # From a new address the admin is locked like the attacker...
    assert _login("admin", PASSWORD, ip="198.51.100.200").status_code == 429
    # ...but the correct password from an address used before signs in and lifts the lock.
    assert _signed_in(_login("admin", PASSWORD, ip="192.0.2.10"))
    assert _signed_in(_login("admin", PASSWORD, ip="198.51.100.200"))
    [lifted] = AuditEntry.objects.filter(action="sign_in_unlocked")
    assert (lifted.actor_name, lifted.details["scope"], lifted.details["lifted_by"]) == (
        "admin",
        "username",
        "known_address",
    )


def test_username_keys_are_case_insensitive(world, clock):
    for name in ("Manager_A", "MANAGER_A", "manager_a", "manager_A", "mAnager_a"):
        assert _login(name, "wrong").status_code == 200
    assert _login("manager_a", PASSWORD).status_code == 429


def test_lock_lasts_fifteen_minutes(world, clock):
    for _ in range(5):
        _login("manager_a", "wrong")
    start = clock["at"]
    clock["at"] = start + timedelta(minutes=14)
    assert _login("manager_a", PASSWORD).status_code == 429
    clock["at"] = start + timedelta(minutes=15, seconds=1)
    assert _signed_in(_login("manager_a", PASSWORD))


def test_failures_outside_the_window_are_forgotten(world, clock):
    for _ in range(4):
        _login("manager_a", "wrong")
    clock["at"] += timedelta(minutes=16)
    assert _login("manager_a", "wrong").status_code == 200
    assert SignInThrottle.objects.get(scope="pair").failures == 1
    assert _signed_in(_login("manager_a", PASSWORD))


def test_empty_fields_are_not_counted(world, clock):
    for _ in range(6):
        assert _login("manager_a", "").status_code == 200
    assert _signed_in(_login("manager_a", PASSWORD))


def test_a_lock_is_audited_with_its_key(world, clock):
    for _ in range(5):
        _login("manager_a", "wrong", ip="203.0.113.5")
    [entry] = AuditEntry.objects.filter(action="sign_in_locked")
    assert (entry.actor_name, entry.ip, entry.details["scope"], entry.details["failures"]) == (
        "manager_a",
        "203.0.113.5",
        "pair",
        5,
    )
    assert entry.details["address"] == "203.0.113.5"


def test_known_addresses_are_hashed_and_at_most_ten(world, clock):
    for n in range(12):
        clock["at"] += timedelta(seconds=1)
        assert _signed_in(_login("outsider", PASSWORD, ip=f"192.0.2.{n}"))
    digests = list(
        KnownAddress.objects.filter(user=world["outsider"]).values_list("digest", flat=True)
    )
    assert len(digests) == 10
    assert not any("192.0.2" in digest for digest in digests)
    # The two oldest were forgotten.
    assert not throttling.is_known_address(world["outsider"], "192.0.2.0")
    assert throttling.is_known_address(world["outsider"], "192.0.2.11")


def test_a_username_with_a_nul_byte_is_refused_without_error(world, clock):
    for n in range(20):
        _login(f"user{n}", "Winter2026!", ip="10.9.9.7")
    assert _login("adm\x00in", "x", ip="10.9.9.7").status_code == 429
