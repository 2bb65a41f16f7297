"""Account pages: sign in and out, password change, profile with roles and API tokens."""

from django.urls import reverse

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.models import ApiToken
from tests.conftest import PASSWORD


def test_login_page_labels_its_fields_and_signs_in(world, client):
    page = client.get(reverse("accounts:login"))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body
    response = client.post(
        reverse("accounts:login"), {"username": "manager_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_shows_an_error(world, client):
    response = client.post(reverse("accounts:login"), {"username": "manager_a", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(world, client_for):
    client = client_for(world["outsider"])
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_profile_lists_the_users_roles(world, client_for):
    body = client_for(world["member_a"]).get(reverse("accounts:profile")).content.decode()
    assert "Member representative" in body
    assert "Cluster A" in body
    assert "Member A Ltd" in body
    outsider = client_for(world["outsider"]).get(reverse("accounts:profile")).content.decode()
    assert "You hold no role yet." in outsider


def test_create_token_shows_it_once(world, client_for):
    client = client_for(world["outsider"])
    response = client.post(reverse("accounts:token_create"), {"name": "sync script"})
    body = response.content.decode()
    record = ApiToken.objects.get(user=world["outsider"])
    assert response.status_code == 200
    assert record.name == "sync script"
    token = body.split('<code id="new-token-value">')[1].split("</code>")[0]
    assert token.startswith(record.prefix)
    assert ApiToken.digest_of(token) == record.digest
    assert "it is shown only this once" in body
    again = client.get(reverse("accounts:profile")).content.decode()
    assert token not in again
    assert record.prefix in again


def test_token_needs_a_name(world, client_for):
    response = client_for(world["outsider"]).post(reverse("accounts:token_create"), {"name": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_revoke_own_token_but_not_someone_elses(world, client_for):
    mine, _ = create_token(user=world["outsider"], name="mine")
    theirs, _ = create_token(user=world["manager_a"], name="theirs")
    client = client_for(world["outsider"])
    assert client.post(reverse("accounts:token_revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert client.get(reverse("accounts:token_revoke", args=[mine.pk])).status_code == 405
    response = client.post(reverse("accounts:token_revoke", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None


def test_password_change(world, client_for):
    client = client_for(world["outsider"])
    assert client.get(reverse("accounts:password_change")).status_code == 200
    bad = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-phrase",
            "new_password2": "a-new-long-phrase",
        },
    )
    assert bad.status_code == 200
    assert 'id="id_old_password_error"' in bad.content.decode()
    ok = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-phrase",
            "new_password2": "a-new-long-phrase",
        },
    )
    assert ok.status_code == 302
    assert ok.url == reverse("accounts:password_change_done")
    world["outsider"].refresh_from_db()
    assert world["outsider"].check_password("a-new-long-phrase")
    assert client.get(ok.url).status_code == 200
