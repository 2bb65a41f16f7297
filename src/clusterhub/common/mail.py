"""The one way the project sends mail: a subject that is always one line, and a failure that is
logged with its recipients instead of lost.

Django refuses a header with a line break (BadHeaderError) before anything is sent; a title
stored before input was cleaned, or typed in the shell, must not cost anyone their confirmation.
"""

import logging

from django.core.mail import send_mail

from clusterhub.common.text import clean_text, single_line

log = logging.getLogger(__name__)


def send_notification(*, subject: str, body: str, to: list[str]) -> bool:
    """Send one plain-text mail; True when the backend took it, False (logged) when it failed.

    Never raises: callers send after their transaction, and a mail server that is down must not
    undo what the user did.
    """
    subject = single_line(subject)
    try:
        send_mail(subject, clean_text(body), None, to)
    except Exception:
        log.exception("could not send mail %r to %s", subject, ", ".join(to))
        return False
    return True
