"""Registry API answers found wrong by the schema fuzzer (tests/security/test_api_fuzz.py)."""

import json

import pytest
from django.test import Client

from clusterhub.accounts.domain import create_token


def _patch(user, path, body):
    token = create_token(user=user, name="test")[1]
    return Client().patch(
        f"/api/v1{path}",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_null_for_a_required_text_is_422_on_the_field(world, field):
    # It was a 409 "conflicts with existing data": the NOT NULL column refused the null. Null
    # clears a text (common.api_helpers.apply_patch), which a required one refuses.
    response = _patch(world["admin"], f"/people/{world.person_a.pk}", {field: None})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The data is not valid.",
        "errors": {field: ["This field cannot be blank."]},
    }
    world.person_a.refresh_from_db()
    assert world.person_a.email == "alda@member-a.example"


@pytest.mark.parametrize("field", ["email", "job_title"])
def test_null_clears_an_optional_text(world, field):
    response = _patch(world["admin"], f"/people/{world.person_a.pk}", {field: None})
    assert response.status_code == 200
    assert response.json()[field] == ""
    world.person_a.refresh_from_db()
    assert getattr(world.person_a, field) == ""
