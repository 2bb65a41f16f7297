"""`clusterhub token create|revoke`: the token alone on stdout, and revoking all of a user's."""

import io

import pytest
from django.core.management import CommandError
from django.core.management import call_command

from clusterhub.accounts.domain import TOKEN_PREFIX
from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import user_for_token
from clusterhub.accounts.models import ApiToken
from tests.factories import UserFactory


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("token", *args, stdout=out, **options)
    return out.getvalue()


def test_create_prints_the_token_alone(db):
    user = UserFactory(username="alice")
    output = run("create", "alice", "--name", "laptop")
    token = output.removesuffix("\n")
    assert output == token + "\n"
    assert token.startswith(TOKEN_PREFIX)
    assert " " not in token
    assert user_for_token(token) == user
    assert list(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == ["laptop"]


def test_create_without_name_uses_cli(db):
    user = UserFactory(username="alice")
    run("create", "alice")
    assert ApiToken.objects.get(user=user).name == "cli"


def test_revoke_revokes_every_active_token_and_says_how_many(db):
    user = UserFactory(username="alice")
    other = UserFactory(username="bob")
    _record, first = create_token(user=user, name="one")
    _record, second = create_token(user=user, name="two")
    _record, kept = create_token(user=other, name="bob's")
    assert run("revoke", "alice") == "Revoked 2 active tokens of alice.\n"
    assert user_for_token(first) is None
    assert user_for_token(second) is None
    assert user_for_token(kept) == other
    assert run("revoke", "alice") == "Revoked 0 active tokens of alice.\n"


def test_unknown_user_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No user is called nobody."):
        run("create", "nobody")
    with pytest.raises(CommandError, match="No user is called nobody."):
        run("revoke", "nobody")


def test_deactivated_user_gets_no_token(db):
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="gone is deactivated; a token would not work."):
        run("create", "gone")
    assert ApiToken.objects.count() == 0
