"""Keeps the request being served where the audit log can find who acts and from where."""

from contextvars import ContextVar

current_request: ContextVar = ContextVar("clusterhub_current_request", default=None)


class AuditContextMiddleware:
    """Make the request available to `accounts.audit.record` for as long as it is served."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
