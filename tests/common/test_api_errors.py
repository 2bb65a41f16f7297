"""Every error an API handler can meet answers in one JSON shape, never as a 500."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import TooManyFieldsSent
from django.core.exceptions import ValidationError
from django.db import DataError
from django.db import IntegrityError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja import Query
from ninja import Schema
from ninja.errors import HttpError
from ninja.testing import TestClient
from pydantic import Field

from clusterhub.common.api_errors import install_error_handlers

RAISED = {
    "field": ValidationError({"name": ["Too short.", "Not unique."], "since": "Wrong."}),
    "plain": ValidationError("Still has members."),
    "conflict": IntegrityError("UNIQUE constraint failed"),
    "null_sqlite": IntegrityError("NOT NULL constraint failed: registry_person.email"),
    "null_postgres": IntegrityError(
        'null value in column "cluster_id" of relation "registry_membership" violates '
        "not-null constraint\nDETAIL:  Failing row contains (1, null)."
    ),
    "null_elsewhere": IntegrityError("NOT NULL constraint failed: unknown_table.some_column"),
    "overflow": OverflowError("Python int too large to convert to SQLite INTEGER"),
    "data": DataError("integer out of range"),
    "big": RequestDataTooBig("too big"),
    "form": MultiPartParserError("Request max total header size exceeded."),
    "fields": TooManyFieldsSent("too many fields"),
    "missing": Http404("no such thing"),
    "denied": PermissionDenied(),
    "unparsable": HttpError(400, "Cannot parse request body"),
    "teapot": HttpError(418, "I'm a teapot"),
}


class Item(Schema):
    name: str = Field(max_length=5)
    codes: list[str] = []


def make_api() -> NinjaAPI:
    api = NinjaAPI(urls_namespace="test-api-errors")
    install_error_handlers(api)

    @api.get("/raise/{kind}")
    def raise_it(request, kind: str):
        raise RAISED[kind]

    @api.post("/items")
    def create_item(request, payload: Item, page: int = Query(1, ge=1)):
        return {"ok": True}

    return api


@pytest.fixture(scope="module")
def client():
    return TestClient(make_api())


@pytest.mark.parametrize(
    ("kind", "status", "body"),
    [
        (
            "field",
            422,
            {
                "detail": "The data is not valid.",
                "errors": {"name": ["Too short.", "Not unique."], "since": ["Wrong."]},
            },
        ),
        (
            "plain",
            422,
            {"detail": "The data is not valid.", "errors": {"__all__": ["Still has members."]}},
        ),
        ("conflict", 409, {"detail": "The change conflicts with existing data.", "errors": {}}),
        # A null where the column needs a value is bad input: 422 naming the model field.
        (
            "null_sqlite",
            422,
            {
                "detail": "The data is not valid.",
                "errors": {"email": ["This field cannot be null."]},
            },
        ),
        (
            "null_postgres",
            422,
            {
                "detail": "The data is not valid.",
                "errors": {"cluster": ["This field cannot be null."]},
            },
        ),
        (
            "null_elsewhere",
            422,
            {
                "detail": "The data is not valid.",
                "errors": {"some_column": ["This field cannot be null."]},
            },
        ),
        ("overflow", 422, {"detail": "A number in the request is too large.", "errors": {}}),
        (
            "data",
            422,
            {"detail": "A value in the request does not fit the database.", "errors": {}},
        ),
        ("big", 413, {"detail": "The request body is too large.", "errors": {}}),
        ("form", 400, {"detail": "The request body could not be read.", "errors": {}}),
        ("fields", 400, {"detail": "The request body could not be read.", "errors": {}}),
        ("missing", 404, {"detail": "Not found.", "errors": {}}),
        ("denied", 403, {"detail": "You may not do this.", "errors": {}}),
        ("unparsable", 400, {"detail": "The request body is not valid JSON.", "errors": {}}),
        ("teapot", 418, {"detail": "I'm a teapot", "errors": {}}),
    ],
)
def test_exceptions_become_the_error_shape(client, kind, status, body):
    response = client.get(f"/raise/{kind}")
    assert response.status_code == status
    assert response.json() == body


def test_request_validation_names_fields_without_their_location(client):
    response = client.post("/items?page=0", json={"name": "toolong", "codes": ["ok", 3]})
    assert response.status_code == 422
    assert response.json() == {
        "detail": "The request is not valid.",
        "errors": {
            "page": ["Input should be greater than or equal to 1"],
            "name": ["String should have at most 5 characters"],
            "codes.1": ["Input should be a valid string"],
        },
    }
