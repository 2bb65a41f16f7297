"""A new password revokes the user's API tokens (issue 13, item 8).

Someone who learnt a password and made a token kept access through the token after the owner
changed the password. Now every active token is revoked when the password changes, whoever sets
it (the owner on the password page, an admin in the admin site), the page names the revoked
tokens, and the audit log records them.
"""

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from tests.conftest import PASSWORD

NEW = "another-long-passphrase-42"


def _tokens(user):
    sync = create_token(user=user, name="member sync")[1]
    laptop = create_token(user=user, name="laptop")[1]
    old, _raw = create_token(user=user, name="old one")
    ApiToken.objects.filter(pk=old.pk).update(revoked_at=timezone.now())
    return sync, laptop


def _works(token: str) -> bool:
    return (
        Client().get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )


def test_changing_ones_password_revokes_every_token_and_says_which(world, client_for):
    user = world["outsider"]
    sync, laptop = _tokens(user)
    client = client_for(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("accounts:password_change_done"), 302)]
    page = response.content.decode()
    assert (
        "Your password changed, so your API tokens were revoked: laptop, member sync. "
        "Create new ones for your scripts." in page
    )
    assert "old one" not in page
    assert not _works(sync)
    assert not _works(laptop)
    assert set(ApiToken.objects.filter(user=user).values_list("revoked_at", flat=True)) != {None}
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == 0
    # Still signed in with the new password's session.
    assert client.get(reverse("accounts:profile")).status_code == 200
    [entry] = AuditEntry.objects.filter(action="token_revoked")
    assert (entry.actor_name, entry.target_id, entry.details) == (
        "outsider",
        str(user.pk),
        {"count": 2, "tokens": ["laptop", "member sync"], "reason": "password_changed"},
    )
    assert AuditEntry.objects.filter(action="password_changed").count() == 1


def test_a_password_change_without_tokens_says_nothing_about_tokens(world, client_for):
    response = client_for(world["outsider"]).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "API tokens were revoked" not in response.content.decode()
    assert not AuditEntry.objects.filter(action="token_revoked").exists()


def test_a_refused_password_change_keeps_the_tokens(world, client_for):
    sync, _laptop = _tokens(world["outsider"])
    response = client_for(world["outsider"]).post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW},
    )
    assert response.status_code == 200
    assert _works(sync)


def test_an_admin_setting_a_password_revokes_the_tokens(world, client_for):
    user = world["staff_a"]
    sync, laptop = _tokens(user)
    response = client_for(world["admin"]).post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": NEW, "password2": NEW},
        follow=True,
    )
    assert response.status_code == 200
    assert (
        "The API tokens of staff_a were revoked: laptop, member sync." in response.content.decode()
    )
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert not _works(sync)
    assert not _works(laptop)
    [entry] = AuditEntry.objects.filter(action="token_revoked")
    assert (entry.actor_name, entry.target_id, entry.details["tokens"]) == (
        "admin",
        str(user.pk),
        ["laptop", "member sync"],
    )
    [changed] = AuditEntry.objects.filter(action="password_changed")
    assert (changed.actor_name, changed.target_id) == ("admin", str(user.pk))


def test_an_admin_turning_off_password_sign_in_revokes_the_tokens(world, client_for):
    user = world["staff_a"]
    sync, _laptop = _tokens(user)
    response = client_for(world["admin"]).post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "false", "unset-password": "1"},
        follow=True,
    )
    assert response.status_code == 200
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not _works(sync)
