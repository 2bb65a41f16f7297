"""Composing and sending mailings: each recipient's message in their language with their own
unsubscribe link, the test to oneself, and the sending run behind the background task.

`send_pending` writes row by row outside one transaction on purpose: a run of 10,000 messages
must show its progress and must not hold a transaction (and its locks) for minutes. It never
writes twice to an address of a mailing: `domain.queue_mailing` writes one delivery row per
address (unique per mailing), and each batch of waiting rows is claimed with one UPDATE before
it is sent, so a second run (at once or later) finds them taken. A run that dies between claim
and record leaves rows "being sent"; they are not retried (at most once, never twice).
"""

import logging
import os
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail import get_connection
from django.db.models import Count
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from clusterhub.common.text import single_line
from clusterhub.mailings.content import clean_html
from clusterhub.mailings.content import to_text
from clusterhub.mailings.domain import unsubscribe_token
from clusterhub.mailings.enums import DeliveryStatus
from clusterhub.mailings.enums import MailingStatus
from clusterhub.mailings.models import Delivery
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.models import MailingVersion
from clusterhub.mailings.queries import blocked_addresses

log = logging.getLogger(__name__)

BATCH = 200
DEFAULT_RATE = 10.0  # messages per second when settings.MAILINGS_RATE_PER_SECOND is unset


def _base_url(mailing: Mailing) -> str:
    return (
        mailing.base_url or getattr(settings, "SITE_URL", "") or "http://localhost:8000"
    ).rstrip("/")


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    html: str
    unsubscribe_url: str


def version_for(mailing: Mailing, language: str, versions=None) -> MailingVersion:
    """The recipient's language version, else the default language's."""
    versions = versions if versions is not None else {v.language: v for v in mailing.versions.all()}
    return versions.get(language) or versions[mailing.default_language]


def compose(mailing: Mailing, *, email: str, language: str, versions=None) -> Message:
    """The message to one address, in its language (else the default), with its own
    unsubscribe link."""
    version = version_for(mailing, language, versions)
    url = _base_url(mailing) + reverse(
        "mailings:unsubscribe",
        args=[
            unsubscribe_token(cluster_id=mailing.cluster_id, email=email, category=mailing.category)
        ],
    )
    with translation.override(version.language):
        context = {
            "mailing": mailing,
            "cluster": mailing.cluster,
            "body_html": clean_html(version.body_html),
            "body_text": to_text(version.body_html),
            "unsubscribe_url": url,
            "category": mailing.get_category_display(),
        }
        html = render_to_string("mailings/email.html", context)
        text = render_to_string("mailings/email.txt", context)
    return Message(single_line(version.subject), text.strip() + "\n", html, url)


def _email(mailing: Mailing, message: Message, to: str, connection=None) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[to],
        connection=connection,
        headers={
            "List-Unsubscribe": f"<{message.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    email.attach_alternative(message.html, "text/html")
    return email


def send_test(*, mailing: Mailing, user) -> str:
    """Send the mailing to the user themself (every language version, each its own message);
    returns the address. Nothing is recorded as a delivery."""
    address = user.email or getattr(getattr(user, "person", None), "email", "")
    if not address:
        raise ValidationError(_("Your account has no e-mail address to send the test to."))
    versions = {v.language: v for v in mailing.versions.all()}
    if mailing.default_language not in versions:
        raise ValidationError(_("Write the version in the default language first."))
    connection = get_connection()
    for language in versions:
        message = compose(mailing, email=address, language=language, versions=versions)
        test = Message(
            _("[Test] %(subject)s") % {"subject": message.subject},
            message.text,
            message.html,
            message.unsubscribe_url,
        )
        _email(mailing, test, address, connection).send()
    return address


def _rate() -> float:
    """Messages per second: settings.MAILINGS_RATE_PER_SECOND, else the environment's
    CLUSTERHUB_MAILINGS_RATE, else 10; 0 sends as fast as the mail server takes them."""
    rate = getattr(settings, "MAILINGS_RATE_PER_SECOND", None)
    if rate is None:
        try:
            rate = float(os.environ.get("CLUSTERHUB_MAILINGS_RATE", DEFAULT_RATE))
        except ValueError:
            rate = DEFAULT_RATE
    return max(float(rate), 0.0)


def _claim(mailing: Mailing) -> list[Delivery]:
    """Take the next batch of waiting rows for this run; rows another run took are not seen."""
    ids = list(
        mailing.deliveries.filter(status=DeliveryStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:BATCH]
    )
    if not ids:
        return []
    claim = uuid.uuid4().hex
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(
        status=DeliveryStatus.SENDING, claim=claim
    )
    return list(Delivery.objects.filter(claim=claim).order_by("pk"))


def summary(mailing: Mailing, counts: dict) -> str:
    """One line on a sending run, for the job page and `clusterhub mailings send-due`."""
    return _("%(m)s: %(sent)s delivered, %(failed)s failed.") % {
        "m": mailing,
        "sent": counts.get("sent", 0),
        "failed": counts.get("failed", 0),
    }


def send_pending(
    mailing_id: int, *, connection=None, rate=None, sleep=time.sleep, clock=time.monotonic
):
    """Send the waiting deliveries of a mailing, at most `MAILINGS_RATE_PER_SECOND` a second.

    Safe to run twice, even at once. A scheduled mailing whose time has not come is left alone.
    Returns the counts of the mailing afterwards.
    """
    mailing = Mailing.objects.select_related("cluster").filter(pk=mailing_id).first()
    if mailing is None:
        return {}
    if mailing.status == MailingStatus.SCHEDULED:
        if mailing.scheduled_for and mailing.scheduled_for > timezone.now():
            return counts_of(mailing)
        Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SCHEDULED).update(
            status=MailingStatus.SENDING
        )
    elif mailing.status != MailingStatus.SENDING:
        return counts_of(mailing)
    Mailing.objects.filter(pk=mailing.pk, started_at__isnull=True).update(started_at=timezone.now())
    versions = {v.language: v for v in mailing.versions.all()}
    rate = _rate() if rate is None else rate
    connection = connection or get_connection()
    started = clock()
    sent_here = 0
    try:
        connection.open()
    except Exception:
        log.exception("could not open the mail connection for mailing %s", mailing.pk)
    try:
        while batch := _claim(mailing):
            unsubscribed, bounced = _blocked(mailing, batch)
            delivered, skipped = [], []
            for delivery in batch:
                if delivery.email in bounced or delivery.email in unsubscribed:
                    skipped.append(delivery.pk)
                    continue
                if rate > 0:
                    wait = sent_here / rate - (clock() - started)
                    if wait > 0:
                        sleep(wait)
                message = compose(
                    mailing, email=delivery.email, language=delivery.language, versions=versions
                )
                try:
                    _email(mailing, message, delivery.email, connection).send()
                except Exception as exc:
                    log.warning("mailing %s to %s failed: %s", mailing.pk, delivery.email, exc)
                    Delivery.objects.filter(pk=delivery.pk).update(
                        status=DeliveryStatus.FAILED, error=str(exc)[:300], sent_at=timezone.now()
                    )
                else:
                    delivered.append(delivery.pk)
                sent_here += 1
            now = timezone.now()
            Delivery.objects.filter(pk__in=delivered).update(
                status=DeliveryStatus.SENT, sent_at=now
            )
            if skipped:
                for email_set, reason in (
                    (bounced, _("bounced")),
                    (unsubscribed, _("unsubscribed")),
                ):
                    Delivery.objects.filter(pk__in=skipped, email__in=email_set).update(
                        status=DeliveryStatus.SKIPPED, error=reason
                    )
    finally:
        try:
            connection.close()
        except Exception:
            log.exception("could not close the mail connection")
    if not mailing.deliveries.filter(status=DeliveryStatus.PENDING).exists():
        Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENDING).update(
            status=MailingStatus.SENT, finished_at=timezone.now()
        )
    return counts_of(mailing)


def _blocked(mailing: Mailing, batch: list[Delivery]) -> tuple[set[str], set[str]]:
    return blocked_addresses(mailing, [d.email for d in batch])


def with_counts(mailings):
    """The mailings with their delivery counts per state annotated (`counted_<state>`), so a
    list reads them in its one query; counts_of then asks nothing more."""
    return mailings.annotate(
        **{
            f"counted_{state}": Count("deliveries", filter=Q(deliveries__status=state))
            for state in DeliveryStatus.values
        }
    )


def counts_of(mailing: Mailing) -> dict[str, int]:
    """How many deliveries of the mailing are in each state, and in all."""
    if hasattr(mailing, f"counted_{DeliveryStatus.values[0]}"):
        counts = {state: getattr(mailing, f"counted_{state}") for state in DeliveryStatus.values}
    else:
        rows = mailing.deliveries.values("status").annotate(n=Count("pk")).order_by()
        counts = dict.fromkeys(DeliveryStatus.values, 0)
        for row in rows:
            counts[row["status"]] = row["n"]
    counts["total"] = sum(counts[s] for s in DeliveryStatus.values)
    return counts


def due_mailings():
    return Mailing.objects.filter(
        status=MailingStatus.SCHEDULED, scheduled_for__lte=timezone.now()
    ).order_by("scheduled_for", "pk")
