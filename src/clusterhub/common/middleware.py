"""Security headers on every response.

Django's SecurityMiddleware already sends X-Content-Type-Options, Referrer-Policy and (over
HTTPS, in production) Strict-Transport-Security; this adds what Django has no setting for:
Content-Security-Policy and Permissions-Policy. Headers a view set itself are left alone.
"""

from clusterhub.common.security import CONTENT_SECURITY_POLICY
from clusterhub.common.security import PERMISSIONS_POLICY


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Sent on every response, not only HTML: a CSP on JSON or a download is harmless and
        # protects a file a browser might be tricked into rendering.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response
