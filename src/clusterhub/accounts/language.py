"""Serves signed-in users in the language of their profile (a module of its own: the audit
middleware is imported by the domain, and this one uses the domain)."""

from django.conf import settings
from django.utils import translation

from clusterhub.accounts.domain import choose_language


class UserLanguageMiddleware:
    """A signed-in user's pages are in their profile's language, whichever browser they use.

    Placed after LocaleMiddleware (which chose from the language cookie or Accept-Language) and
    after authentication. Picking a language in the header while signed in (any response that
    sets the language cookie: Django's set_language view) makes it the profile's language, so
    the two never disagree; signing in sets the cookie to the profile's language, so the pages
    stay in it after signing out.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = dict(settings.LANGUAGES)
        was_signed_in = request.user.is_authenticated
        if was_signed_in and request.user.language in offered:
            translation.activate(request.user.language)
            request.LANGUAGE_CODE = request.user.language
        response = self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return response
        picked = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if picked is not None and picked.value in offered:
            choose_language(user=user, language=picked.value)
        elif not was_signed_in and user.language in offered:
            set_language_cookie(response, user.language)
        return response


def set_language_cookie(response, language: str) -> None:
    """The cookie LocaleMiddleware reads, with the attributes Django's set_language view gives it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
