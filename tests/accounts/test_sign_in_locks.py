"""The platform admins' page of sign-in locks: list the locks in force and lift one."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import KnownAddress
from clusterhub.accounts.models import SignInThrottle
from tests.conftest import PASSWORD


def _lock(**fields) -> SignInThrottle:
    now = timezone.now()
    values = {
        "scope": "pair",
        "username": "manager_a",
        "address": "203.0.113.66",
        "failures": 5,
        "window_ends": now + timedelta(minutes=10),
        "locked_until": now + timedelta(minutes=10),
    }
    return SignInThrottle.objects.create(**(values | fields))


def test_the_page_lists_the_locks_in_force_only(world, client_for):
    _lock()
    _lock(scope="address", username="", address="198.51.100.7", failures=20)
    _lock(username="gone", locked_until=timezone.now() - timedelta(seconds=1))
    _lock(username="counting", locked_until=None, failures=2)
    page = client_for(world["admin"]).get(reverse("accounts:sign_in_locks")).content.decode()
    assert "203.0.113.66" in page
    assert "198.51.100.7" in page
    assert "Address, any username" in page
    assert "Username from one address" in page
    assert "gone" not in page
    assert "counting" not in page


def test_lifting_a_lock_lets_the_user_in_and_is_audited(world, client_for, client):
    lock = _lock()
    response = client_for(world["admin"]).post(
        reverse("accounts:sign_in_lock_lift", args=[lock.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("accounts:sign_in_locks"), 302)]
    assert "The lock on manager_a 203.0.113.66 was lifted." in response.content.decode()
    assert not SignInThrottle.objects.exists()
    [entry] = AuditEntry.objects.filter(action="sign_in_unlocked")
    assert (entry.actor_name, entry.details) == (
        "admin",
        {
            "scope": "pair",
            "username": "manager_a",
            "address": "203.0.113.66",
            "failures": 5,
            "lifted_by": "admin",
        },
    )
    signed_in = client.post(
        reverse("accounts:login"),
        {"username": "manager_a", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.66",
    )
    assert signed_in.status_code == 302


def test_an_ended_or_unknown_lock_is_not_found(world, client_for):
    ended = _lock(locked_until=timezone.now() - timedelta(seconds=1))
    client = client_for(world["admin"])
    assert client.post(reverse("accounts:sign_in_lock_lift", args=[ended.pk])).status_code == 404
    assert client.post(reverse("accounts:sign_in_lock_lift", args=[99999])).status_code == 404
    assert client.get(reverse("accounts:sign_in_lock_lift", args=[ended.pk])).status_code == 405


def test_deleting_an_account_forgets_its_sign_in_keys_and_known_addresses(world, client):
    user = world["outsider"]
    assert (
        client.post(
            reverse("accounts:login"), {"username": "outsider", "password": PASSWORD}
        ).status_code
        == 302
    )
    _lock(username="outsider")
    _lock(scope="address", username="", address="198.51.100.7")
    assert KnownAddress.objects.filter(user=user).count() == 1
    response = client.post(
        reverse("accounts:delete_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert list(SignInThrottle.objects.values_list("scope", "username")) == [("address", "")]
    assert not KnownAddress.objects.filter(user=user).exists()
