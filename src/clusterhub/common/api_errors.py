"""One JSON shape for every API error, so clients can show messages beside the right field.

{"detail": "<summary>", "errors": {"<field>": ["<message>", ...]}}

Every exception an API handler can meet on bad input has a handler here, so that no input
answers 500: request validation (ninja), model and domain validation (Django), numbers too big
for the database, bodies too large, not JSON or not a readable form, and the CSRF check of session authentication.
"""

import math
import re

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError
from django.db import DataError
from django.db import IntegrityError
from django.db import models
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja import Schema
from ninja.errors import AuthenticationError
from ninja.errors import HttpError
from ninja.errors import Throttled
from ninja.errors import ValidationError as NinjaValidationError

# Where ninja puts a parameter; the client knows its fields by name only.
_LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "payload", "filters"})

# ninja raises HttpError with fixed English messages; these are the ones a client can meet.
_CSRF_FAILED = "CSRF check Failed"
_NINJA_MESSAGES = {
    "Cannot parse request body": lambda: _("The request body is not valid JSON."),
    _CSRF_FAILED: lambda: _(
        "The CSRF check failed: send the X-CSRFToken header with session authentication."
    ),
}


class ErrorOut(Schema):
    """The error body, for the OpenAPI document."""

    detail: str
    errors: dict[str, list[str]]


# Error answers an authenticated operation can give, for `response={200: X, **ERRORS}`.
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# The same for an operation that answers 204 with no body (deletes).
NO_CONTENT = {204: None, **ERRORS}


# What each error status means, for the OpenAPI document (see document_errors).
_ERROR_DESCRIPTIONS = {
    400: "The request body is not valid JSON, or not a form that can be read.",
    401: "Sign in or send a valid API token.",
    403: "You may not do this.",
    404: "Not found, or not visible to you.",
    409: "The change conflicts with existing data.",
    412: "The record changed since the version named in If-Match.",
    413: "The request body is too large.",
    422: "The request is not valid; `errors` names each field.",
    429: "Too many requests with a wrong API token; see Retry-After.",
}
_WRITES = frozenset({"post", "put", "patch", "delete"})


def document_errors(schema: dict) -> dict:
    """Add to each operation of the OpenAPI document the error answers it can get.

    The handlers in install_error_handlers answer for every operation, so the document says so
    in one place instead of each route listing them: which ones apply depends only on whether
    the operation needs credentials, takes a body, or writes.
    """
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault(
        "ErrorOut", ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
    )
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            codes = {403, 404, 422}
            if operation.get("security"):
                codes |= {401, 429}
            if "requestBody" in operation:
                codes |= {400, 413}
            if method in _WRITES:
                codes |= {409, 412}
            responses = operation.setdefault("responses", {})
            for code in sorted(codes):
                responses.setdefault(
                    code, {"description": _ERROR_DESCRIPTIONS[code], "content": content}
                )
    return schema


# How SQLite and PostgreSQL name the column of a NOT NULL failure.
_NOT_NULL = (
    re.compile(r"NOT NULL constraint failed: (?P<table>\w+)\.(?P<column>\w+)"),
    re.compile(r'null value in column "(?P<column>\w+)" of relation "(?P<table>\w+)"'),
)


def _not_null_field(exc: IntegrityError) -> str | None:
    """The model field a NOT NULL failure is about, or None for any other integrity error."""
    for pattern in _NOT_NULL:
        match = pattern.search(str(exc))
        if match:
            break
    else:
        return None
    for model in apps.get_models():
        if model._meta.db_table == match["table"]:
            for field in model._meta.concrete_fields:
                if field.column == match["column"]:
                    return field.name
    return match["column"]


def _field_of(loc) -> str:
    parts = [str(p) for p in loc if p not in _LOCATIONS]
    return ".".join(parts) or NON_FIELD_ERRORS


def error_body(detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    """The error shape, for handlers that answer an error themselves."""
    return {"detail": detail, "errors": errors or {}}


# Exceptions answered with one status and message, whatever the exception itself says.
_SIGN_IN = gettext_lazy("Sign in or send a valid API token.")
_FIXED_ANSWERS = (
    # A number past what the database column holds: SQLite raises OverflowError while binding
    # it, PostgreSQL answers DataError ("out of range").
    ((OverflowError,), 422, gettext_lazy("A number in the request is too large.")),
    ((DataError,), 422, gettext_lazy("A value in the request does not fit the database.")),
    ((RequestDataTooBig,), 413, gettext_lazy("The request body is too large.")),
    # A body Django cannot read as the form it says it is (a multipart body whose part headers
    # never end, too many fields or files): left to Django, it would answer its HTML 400 page.
    (
        (MultiPartParserError, BadRequest, SuspiciousOperation),
        400,
        gettext_lazy("The request body could not be read."),
    ),
    ((Http404,), 404, gettext_lazy("Not found.")),
    ((PermissionDenied,), 403, gettext_lazy("You may not do this.")),
    ((AuthenticationError,), 401, _SIGN_IN),
)


def _answering(respond, status: int, message):
    """A handler answering `status` with `message`, in the request's language."""

    def handler(request, exc):
        return respond(request, status, str(message))

    return handler


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        return api.create_response(request, error_body(detail, errors), status=status)

    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(_field_of(err.get("loc", ())), []).append(str(err.get("msg", "")))
        return respond(request, 422, _("The request is not valid."), errors)

    @api.exception_handler(ValidationError)
    def domain_invalid(request, exc: ValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
        return respond(request, 422, _("The data is not valid."), errors)

    @api.exception_handler(IntegrityError)
    def conflict(request, exc: IntegrityError):
        field = _not_null_field(exc)
        if field is not None:
            # A null sent for a field that must have a value: full_clean() lets None through
            # for fields that may be blank, so the database is the one to refuse it.
            message = str(models.Field.default_error_messages["null"])
            return respond(request, 422, _("The data is not valid."), {field: [message]})
        return respond(request, 409, _("The change conflicts with existing data."))

    for exceptions, status, message in _FIXED_ANSWERS:
        for exception in exceptions:
            api.exception_handler(exception)(_answering(respond, status, message))

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        message = str(exc)
        user = getattr(request, "user", None)
        if message == _CSRF_FAILED and not (user and user.is_authenticated):
            # Session authentication checks CSRF before it looks for a session, so a request
            # with neither a valid token nor a session fails there; what it lacks is credentials.
            return respond(request, 401, str(_SIGN_IN))
        translated = _NINJA_MESSAGES.get(message)
        response = respond(request, exc.status_code, translated() if translated else message)
        if isinstance(exc, Throttled) and exc.wait:
            # 429 answers say when to come back (RFC 9110), in whole seconds.
            response["Retry-After"] = str(math.ceil(exc.wait))
        return response
