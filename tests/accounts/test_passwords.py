"""Passwords "not like the username" (docs/security.md): `staff12345` is refused for `staff`.

Django's UserAttributeSimilarityValidator compares the whole password with the username, so
a username with digits appended passed it (issue 13, item 8).
"""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusterhub.accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

REFUSED = "The password must not contain the username."


@pytest.mark.parametrize(
    "username, password",
    [
        ("staff", "staff12345"),
        ("staff", "STAFF-2026-!!"),
        ("staff", "12345staff!"),
        ("staff", "my-staff-password"),
        ("Anna.Berzina", "anna.berzina99"),
        ("Anna.Berzina", "12annaberzina34"),
        ("jo", "JO!!1234567"),
        ("jo", "jo12345678"),
    ],
)
def test_a_password_containing_the_username_is_refused(username, password):
    with pytest.raises(ValidationError) as caught:
        validate_password(password, User(username=username))
    assert REFUSED in caught.value.messages


@pytest.mark.parametrize(
    "username, password",
    [
        ("staff", "correct-horse-battery"),
        # A two-letter name inside a longer word is chance, not the username.
        ("jo", "major-blue-teapot-7"),
    ],
)
def test_a_password_unlike_the_username_is_accepted(username, password):
    validate_password(password, User(username=username))


def test_the_password_change_page_refuses_the_username_with_digits(db, client):
    user = UserFactory(username="staff")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "staff12345", "new_password2": "staff12345"},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_the_admin_cannot_create_a_user_whose_password_contains_the_username(world, client):
    client.force_login(world["admin"])
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "staff",
            "usable_password": "true",
            "password1": "staff12345",
            "password2": "staff12345",
        },
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not User.objects.filter(username="staff").exists()


def test_the_admin_cannot_set_such_a_password(world, client):
    client.force_login(world["admin"])
    user = world["staff_a"]
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"usable_password": "true", "password1": "staff_a-2026", "password2": "staff_a-2026"},
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
