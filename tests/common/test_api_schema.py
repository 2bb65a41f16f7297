"""The OpenAPI document describes what the API really sends and accepts."""

from typing import get_args

from pydantic import BaseModel

from clusterhub.api import api


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
    for arg in get_args(annotation):
        _models_in(arg, found)


def test_no_two_api_schemas_share_a_name():
    # The document keeps one component per class name: a second class of the same name
    # silently replaced the first, so e.g. GET /tokens was documented with the survey tokens.
    found: set[type[BaseModel]] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models_in(model, found)
                for model in operation.response_models.values():
                    _models_in(model, found)
    by_name: dict[str, set[str]] = {}
    for model in found:
        by_name.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    shared = {name: sorted(paths) for name, paths in by_name.items() if len(paths) > 1}
    # ninja wraps parameters and responses in generated classes of fixed names; they never
    # reach the document's components.
    shared = {
        name: paths for name, paths in shared.items() if not name.endswith(("Params", "Response"))
    }
    assert shared == {}
    assert len(found) > 100


def test_token_list_is_documented_with_the_account_token_schema():
    schema = api.get_openapi_schema()
    token_out = schema["components"]["schemas"]["TokenOut"]
    assert sorted(token_out["required"]) == [
        "created_at",
        "id",
        "is_active",
        "last_used_at",
        "name",
        "prefix",
        "revoked_at",
    ]


def test_every_operation_documents_the_errors_it_can_get():
    # Without this a list answered an undocumented 422 for ?page=0, and GET /tokens had no 401.
    paths = api.get_openapi_schema()["paths"]
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    tokens_get = paths["/api/v1/tokens"]["get"]["responses"]
    assert sorted(tokens_get) == [200, 401, 403, 404, 422, 429]
    assert tokens_get[422]["content"] == error
    clusters_post = paths["/api/v1/clusters"]["post"]["responses"]
    assert sorted(clusters_post) == [201, 400, 401, 403, 404, 409, 412, 413, 422, 429]
    assert clusters_post[409]["content"] == error
    for operations in paths.values():
        for operation in operations.values():
            assert {403, 404, 422} <= set(operation["responses"])


def test_the_document_is_valid_openapi_3_1(client):
    # Swagger UI renders nothing for an invalid document (a response declared twice, a
    # response without its required description), so /api/docs showed no operation at all.
    from openapi_spec_validator import validate

    document = client.get("/api/openapi.json").json()
    validate(document)
    markdown = document["paths"]["/api/v1/strategy/strategies/{strategy_id}/markdown"]["get"]
    assert list(markdown["responses"]["200"]["content"]) == ["text/markdown"]
    assert markdown["responses"]["200"]["description"] == "The strategy as Markdown."
