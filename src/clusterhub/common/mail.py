"""The one way the project sends mail: a subject that is always one line, a failure that is
logged with its recipients instead of lost, and every message in its recipient's language.

Django refuses a header with a line break (BadHeaderError) before anything is sent; a title
stored before input was cleaned, or typed in the shell, must not cost anyone their confirmation.

Whose language: the recipient's, never that of the person whose click sent the message (an
English-speaking organiser confirms a Latvian participant in Latvian). Callers build subject and
body inside `in_language_of(recipient)`, so gettext, translated content fields and date
formatting all follow the recipient. See docs/translation.md, "Whose language".

When: never inside the request or verb that causes it. `send_notification` records the message
as a background job ("common.mail") in the caller's transaction and hands it to the queue when
that transaction commits, so a rolled-back change sends nothing and a slow mail server never
holds up a page. The job's duplicate key is the message's idempotency key, recorded before
anything is sent: a second message with the same key (the same notification, one event) is not
queued again, and a task delivered twice is claimed once (common.jobs.execute_job). A refused
connection or an SMTP error is retried in the worker after CLUSTERHUB_MAIL_RETRY_DELAYS seconds
(bounded); after the last attempt the job fails with the reason, visible to administrators.
"""

import logging
import smtplib
import time
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from clusterhub.common.text import clean_text
from clusterhub.common.text import single_line

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


MAIL_KIND = "common.mail"
# Seconds to wait before each further attempt when the mail server refuses or is unreachable:
# three more attempts over about forty seconds, then the job fails with the reason.
DEFAULT_RETRY_DELAYS = (2, 10, 30)
# Errors that mean "not delivered to the server, try again"; anything else fails at once.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError)


def mail_key(*parts) -> str:
    """An idempotency key for the mail caused by one event, e.g. mail_key("notification", pk)."""
    return "mail:" + ":".join(str(part) for part in parts)


def send_notification(*, subject: str, body: str, to: list[str], key: str | None = None) -> bool:
    """Queue one plain-text mail to go out after the current transaction commits.

    True when it was queued (or was already, under the same `key`), False (logged) when it could
    not be recorded. Build subject and body inside `in_language_of(recipient)`. Never raises: a
    mail that cannot be queued must not undo what the user did. `key` names the event the mail
    is about; one key is sent at most once (without one, each call is its own event).
    """
    from clusterhub.common.jobs import DuplicateJob
    from clusterhub.common.jobs import start_job
    from clusterhub.common.models import Job

    _register_mail_job()
    subject = single_line(subject)
    to = [address for address in to if address]
    if not to:
        return False
    key = (key or mail_key("once", uuid.uuid4().hex))[:200]
    if Job.objects.filter(kind=MAIL_KIND, dedupe_key=key).exists():
        log.info("mail %s was queued before; not queued again", key)
        return True
    try:
        with transaction.atomic():
            start_job(
                MAIL_KIND,
                owner=None,
                title=subject,
                params={"subject": subject, "body": clean_text(body), "to": to},
                dedupe_key=key,
            )
    except DuplicateJob:
        log.info("mail %s is already waiting; not queued again", key)
        return True
    except Exception:
        log.exception("could not queue mail %r to %s", subject, ", ".join(to))
        return False
    return True


def deliver(*, subject: str, body: str, to: list[str], delays=None) -> int:
    """Hand one message to the mail backend, trying again after each of `delays` seconds while
    the server refuses or cannot be reached. Returns the attempts it took; raises the last
    error when every attempt failed."""
    delays = list(
        getattr(settings, "CLUSTERHUB_MAIL_RETRY_DELAYS", DEFAULT_RETRY_DELAYS)
        if delays is None
        else delays
    )
    attempt = 0
    while True:
        attempt += 1
        try:
            send_mail(subject, body, None, to)
        except TRANSIENT_ERRORS as exc:
            if not delays:
                raise
            wait = delays.pop(0)
            log.warning(
                "mail %r to %s: attempt %s failed (%s); again in %ss",
                subject,
                ", ".join(to),
                attempt,
                exc,
                wait,
            )
            if wait:
                time.sleep(wait)
            continue
        return attempt


_SENT_TITLE = "mail sent"


def _register_mail_job() -> None:
    """Register the "common.mail" job kind (again is harmless). Done on import once the models
    are loaded (the worker imports this module through common.jobs.autodiscover) and before
    each message is queued, in case this module was first imported earlier than that."""
    from clusterhub.common.jobs import JobFailed
    from clusterhub.common.jobs import register_job
    from clusterhub.common.models import Job

    @register_job(MAIL_KIND)
    def mail_job(job, on_progress) -> dict:
        params = job.params
        on_progress(0, 1)
        try:
            attempts = deliver(subject=params["subject"], body=params["body"], to=params["to"])
        except TRANSIENT_ERRORS as exc:
            log.exception(
                "could not send mail %r to %s", params["subject"], ", ".join(params["to"])
            )
            raise JobFailed(
                translation.gettext(
                    "The mail server did not take the message after several attempts (%(error)s)."
                )
                % {"error": exc}
            ) from exc
        on_progress(1, 1)
        # Sent: only the key stays (so it is not sent again); who got what is not kept.
        Job.objects.filter(pk=job.pk).update(
            params={"recipients": len(params["to"])}, title=_SENT_TITLE
        )
        return {"summary": translation.gettext("Sent."), "attempts": attempts}


if apps.models_ready:
    _register_mail_job()
