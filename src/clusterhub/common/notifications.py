"""The platform's inbox: every area tells a user something through `notify`, which writes the
in-app notification and queues the same text by mail for after the caller's commit
(common/mail.py). Reading the inbox changes nothing; `mark_read` is the verb that does."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from clusterhub.common.mail import mail_key
from clusterhub.common.mail import send_notification
from clusterhub.common.models import Notification
from clusterhub.common.text import single_line


@transaction.atomic
def notify(*, user, event=None, subject: str, body: str) -> Notification:
    """An in-app notification, and the same text by email (never fails the calling verb).

    The mail is queued when the caller's transaction commits (none when it rolls back), once
    per notification: its key is the notification's id (common/mail.py). Build subject and body
    inside `in_language_of(user)`."""
    note = Notification.objects.create(
        user=user, event=event, subject=single_line(subject)[:200], body=body
    )
    if user.email:
        send_notification(
            subject=subject, body=body, to=[user.email], key=mail_key("notification", note.pk)
        )
    return note


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def inbox(user, limit: int = 100):
    """The user's latest notifications, newest first."""
    return Notification.objects.filter(user=user).select_related("event")[:limit]


@transaction.atomic
def mark_read(*, user, now: dt.datetime | None = None) -> int:
    """Mark all the user's unread notifications read; returns how many were unread."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )
