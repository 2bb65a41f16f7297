"""API authentication: personal bearer tokens, or the browser session (with CSRF)."""

from django.utils.translation import gettext as _
from ninja.errors import Throttled
from ninja.security import HttpBearer
from ninja.security import SessionAuth

from clusterhub.accounts.domain import user_for_token
from clusterhub.accounts.throttling import api_retry_after
from clusterhub.accounts.throttling import register_api_failure


class TokenThrottled(Throttled):
    """Too many wrong bearer tokens from this address or for this token prefix (429)."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.message = _(
            "Too many requests with a wrong API token. Try again in %(seconds)d seconds."
        ) % {"seconds": wait}


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        # Checked before the token is looked up: a locked key costs no database query.
        wait = api_retry_after(request, token)
        if wait is not None:
            raise TokenThrottled(wait)
        user = user_for_token(token)
        if user is None:
            register_api_failure(request, token)
            return None
        request.user = user
        return user


class ActiveSession(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [BearerToken(), ActiveSession()]
