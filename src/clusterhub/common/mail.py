"""The one way the project sends mail: a subject that is always one line, a failure that is
logged with its recipients instead of lost, and every message in its recipient's language.

Django refuses a header with a line break (BadHeaderError) before anything is sent; a title
stored before input was cleaned, or typed in the shell, must not cost anyone their confirmation.

Whose language: the recipient's, never that of the person whose click sent the message (an
English-speaking organiser confirms a Latvian participant in Latvian). Callers build subject and
body inside `in_language_of(recipient)`, so gettext, translated content fields and date
formatting all follow the recipient. See docs/translation.md, "Whose language".
"""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.utils import translation

from clusterhub.common.text import clean_text, single_line

log = logging.getLogger(__name__)


def _offered(language: str | None) -> str | None:
    return language if language and language in dict(settings.LANGUAGES) else None


def _language_of(recipient, seen: set[int]) -> str | None:
    """The recipient's own language, or None when nothing about them says which.

    Duck-typed (common sits below accounts and registry): a user or anything with a
    `language` field, a person through their account and then their organisation, an e-mail
    address through the account that has it. The language is never guessed from a
    country (a Riga company may well write in Russian or English, and a user whose pages
    follow an English browser should not get Latvian mail): only a language someone chose
    counts.
    """
    if recipient is None or id(recipient) in seen:
        return None
    seen.add(id(recipient))
    if isinstance(recipient, str):
        return _language_of_address(recipient, seen)
    found = _offered(getattr(recipient, "language", None))
    if found:
        return found
    for link in ("person", "user", "organisation"):
        try:
            related = getattr(recipient, link, None)
        except ObjectDoesNotExist:  # a user without a person record
            related = None
        if related is not None and not isinstance(related, str):
            found = _language_of(related, seen)
            if found:
                return found
    return None


def _language_of_address(address: str, seen: set[int]) -> str | None:
    # An address without an account has no language anyone chose (people records have none).
    address = address.strip()
    if not address:
        return None
    user = (
        get_user_model()
        .objects.filter(email__iexact=address, is_active=True)
        .exclude(language="")
        .order_by("pk")
        .first()
    )
    return _language_of(user, seen)


def language_for(recipient) -> str:
    """The language to write to `recipient` in (a user, person, organisation or address): their
    profile's, else their organisation's, else settings.LANGUAGE_CODE."""
    return _language_of(recipient, set()) or settings.LANGUAGE_CODE


@contextmanager
def in_language_of(recipient):
    """Build a message for `recipient` inside this block: everything translated or formatted in
    it (gettext, dates through date_format, translated fields) is in the recipient's language."""
    with translation.override(language_for(recipient)):
        yield


def send_notification(*, subject: str, body: str, to: list[str]) -> bool:
    """Send one plain-text mail; True when the backend took it, False (logged) when it failed.

    Build subject and body inside `in_language_of(recipient)`. Never raises: callers send after
    their transaction, and a mail server that is down must not undo what the user did.
    """
    subject = single_line(subject)
    try:
        send_mail(subject, clean_text(body), None, to)
    except Exception:
        log.exception("could not send mail %r to %s", subject, ", ".join(to))
        return False
    return True
