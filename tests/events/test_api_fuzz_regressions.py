"""Events API answers found wrong by the schema fuzzer (tests/security/test_api_fuzz.py)."""

import pytest
from django.test import Client

from clusterhub.accounts.domain import create_token


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/events/abc", "Input should be a valid integer, unable to parse string as an integer"),
        ("/events/0/sessions", "Input should be greater than or equal to 1"),
        (
            f"/registrations/{2**63}/meetings",
            "Input should be less than or equal to 9223372036854775807",
        ),
    ],
)
def test_a_bad_id_in_the_path_is_a_json_422(world, path, message):
    # The routes used Django's <int:pk> converter: a non-number was an HTML 404 page.
    token = create_token(user=world["admin"], name="test")[1]
    response = Client().get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {"detail": "The request is not valid.", "errors": {"pk": [message]}}


def test_a_missing_event_is_a_json_404(world):
    token = create_token(user=world["admin"], name="test")[1]
    response = Client().get("/api/v1/events/987654", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}
