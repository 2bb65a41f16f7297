"""One JSON shape for every API error, so clients can show messages beside the right field.

{"detail": "<summary>", "errors": {"<field>": ["<message>", ...]}}
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


def _field_of(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters")]
    return ".".join(parts) or "__all__"


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def request_invalid(request, exc: NinjaValidationError):
        errors: dict[str, list[str]] = {}
        for err in exc.errors:
            errors.setdefault(_field_of(err.get("loc", ())), []).append(str(err.get("msg", "")))
        return api.create_response(
            request, {"detail": _("The request is not valid."), "errors": errors}, status=422
        )

    @api.exception_handler(ValidationError)
    def domain_invalid(request, exc: ValidationError):
        if hasattr(exc, "error_dict"):
            errors = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            errors = {"__all__": [str(m) for m in exc.messages]}
        return api.create_response(
            request, {"detail": _("The data is not valid."), "errors": errors}, status=422
        )

    @api.exception_handler(IntegrityError)
    def conflict(request, exc: IntegrityError):
        return api.create_response(
            request,
            {"detail": _("The change conflicts with existing data."), "errors": {}},
            status=409,
        )

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found."), "errors": {}}, status=404)

    @api.exception_handler(PermissionDenied)
    def denied(request, exc):
        return api.create_response(
            request, {"detail": _("You may not do this."), "errors": {}}, status=403
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": _("Sign in or send a valid API token."), "errors": {}}, status=401
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(
            request, {"detail": str(exc), "errors": {}}, status=exc.status_code
        )
