"""The verbs of mailings: write, test, queue and send a mailing; unsubscribe; record bounces.

Sending never writes twice to an address of a mailing: `queue_mailing` writes one delivery row
per address (unique per mailing), and `send_pending` claims a batch of waiting rows with one
UPDATE before sending them. A second run of the task, at the same time or later, finds them
claimed and leaves them alone. A run that dies between claiming and recording leaves rows "being
sent"; they are not retried (at most once, never twice), and the page counts them apart.
"""

import logging
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.common.jobs import start_job
from clusterhub.common.saving import validate
from clusterhub.common.text import single_line
from clusterhub.mailings.content import clean_html
from clusterhub.mailings.content import to_text
from clusterhub.mailings.enums import Category
from clusterhub.mailings.enums import DeliveryStatus
from clusterhub.mailings.enums import MailingAuditAction
from clusterhub.mailings.enums import MailingStatus
from clusterhub.mailings.models import LANGUAGE_CODES
from clusterhub.mailings.models import Bounce
from clusterhub.mailings.models import Delivery
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.models import MailingVersion
from clusterhub.mailings.models import Unsubscription
from clusterhub.mailings.queries import normalise
from clusterhub.mailings.queries import segment_of

log = logging.getLogger(__name__)

TOKEN_SALT = "clusterhub.mailings.unsubscribe"
BATCH = 200
DEFAULT_RATE = 10.0  # messages per second when settings.MAILINGS_RATE_PER_SECOND is unset


# --- writing ---------------------------------------------------------------------------------


def _versions_from(versions: dict[str, dict], default_language: str) -> dict[str, dict]:
    """The language versions given, cleaned; errors name the field of the language."""
    errors = {}
    cleaned = {}
    for language, version in (versions or {}).items():
        if language not in LANGUAGE_CODES:
            errors["versions"] = _("%(code)s is not a language of this site.") % {"code": language}
            continue
        subject = single_line(version.get("subject") or "")
        body = clean_html(version.get("body_html") or "")
        if not subject and not to_text(body):
            continue  # an empty language: no version
        if not subject:
            errors[f"subject_{language}"] = _("Give the subject of this language version.")
        elif len(subject) > 200:
            errors[f"subject_{language}"] = _("A subject has at most 200 characters.")
        if not to_text(body):
            errors[f"body_{language}"] = _("Write the message of this language version.")
        cleaned[language] = {"subject": subject, "body_html": body}
    if default_language not in cleaned and f"subject_{default_language}" not in errors:
        errors[f"subject_{default_language}"] = _(
            "Write the version in the default language; everyone without their own gets it."
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def save_mailing(
    *, mailing: Mailing | None = None, cluster=None, user=None, versions: dict, **fields
) -> Mailing:
    """Create (with `cluster`) or change a mailing and its language versions.

    `versions` maps a language code to {"subject", "body_html"}; a language left empty has no
    version. Only a draft or scheduled mailing may change.
    """
    creating = mailing is None
    if creating:
        mailing = Mailing(cluster=cluster, created_by=user)
    elif not mailing.is_editable:
        raise ValidationError(_("This mailing has been sent; it can no longer change."))
    for name, value in fields.items():
        setattr(mailing, name, value)
    if mailing.status == MailingStatus.SCHEDULED:
        # The recipients were fixed when it was scheduled: a change takes it back to a draft,
        # to be scheduled again with the segment as it is then.
        mailing.status = MailingStatus.DRAFT
        mailing.scheduled_for = None
        mailing.deliveries.filter(status=DeliveryStatus.PENDING).delete()
    (cleaned,) = validate(mailing, lambda: _versions_from(versions, mailing.default_language))
    mailing.save()  # validated with its versions just above
    mailing.versions.exclude(language__in=list(cleaned)).delete()
    for language, version in cleaned.items():
        MailingVersion.objects.update_or_create(
            mailing=mailing, language=language, defaults=version
        )
    audit.record(
        MailingAuditAction.CREATED if creating else MailingAuditAction.CHANGED,
        target=mailing,
        title=mailing.title,
    )
    return mailing


@transaction.atomic
def delete_mailing(*, mailing: Mailing) -> None:
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.SCHEDULED):
        raise ValidationError(_("A mailing that has been sent is kept with its delivery record."))
    audit.record(MailingAuditAction.DELETED, target=mailing, title=mailing.title)
    mailing.delete()


# --- the message -----------------------------------------------------------------------------


def unsubscribe_token(*, cluster_id: int, email: str, category: str) -> str:
    return signing.dumps({"c": cluster_id, "e": normalise(email), "k": category}, salt=TOKEN_SALT)


def read_unsubscribe_token(token: str) -> dict:
    """The cluster, address and category a token names; ValidationError when it was not made
    by this site (forged or damaged)."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature as exc:
        raise ValidationError(_("This unsubscribe link is not valid.")) from exc
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("c"), int)
        or not isinstance(data.get("e"), str)
        or data.get("k") not in Category.values
    ):
        raise ValidationError(_("This unsubscribe link is not valid."))
    return {"cluster_id": data["c"], "email": data["e"], "category": data["k"]}


# --- sending ---------------------------------------------------------------------------------


SEND_JOB = "mailings.send"


@transaction.atomic
def queue_mailing(*, mailing: Mailing, when=None, base_url: str = "") -> int:
    """Write a delivery row per recipient and start sending (now, or at `when`) once the
    transaction commits; returns the number of recipients. Unsubscribed and bounced addresses
    are left out now, and again at the moment of sending."""
    mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if not mailing.is_editable:
        raise ValidationError(_("This mailing is already being sent or has been sent."))
    if not mailing.versions.filter(language=mailing.default_language).exists():
        raise ValidationError(_("Write the version in the default language first."))
    now = timezone.now()
    if when is not None and when <= now:
        when = None
    segment = segment_of(mailing)
    if not segment.recipients:
        raise ValidationError(_("The segment reaches nobody; change the recipients first."))
    mailing.deliveries.filter(status=DeliveryStatus.PENDING).delete()  # rescheduled
    Delivery.objects.bulk_create(
        [
            Delivery(
                mailing=mailing,
                email=normalise(r.email),
                name=r.name[:200],
                person_id=r.person_id,
                user_id=r.user_id,
                language=r.language,
            )
            for r in segment.recipients
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    mailing.status = MailingStatus.SCHEDULED if when else MailingStatus.SENDING
    mailing.scheduled_for = when
    if base_url:
        mailing.base_url = base_url[:200]
    mailing.save(update_fields=["status", "scheduled_for", "base_url", "updated_at"])
    audit.record(
        MailingAuditAction.SCHEDULED if when else MailingAuditAction.SENT,
        target=mailing,
        recipients=len(segment.recipients),
        scheduled_for=when.isoformat() if when else None,
    )
    # No dedupe key: a mailing queued again (rescheduled) gets a job for its new time, and a
    # job that runs for an older time finds nothing due (sending.send_pending).
    start_job(
        SEND_JOB,
        owner=None,  # the mailing's page, not the job page, is where its sender follows it
        title=_("Sending %(mailing)s") % {"mailing": mailing},
        params={"mailing": mailing.pk},
        run_after=when,
    )
    return len(segment.recipients)


# --- unsubscribing and bounces ---------------------------------------------------------------


@dataclass(frozen=True)
class Unsubscribed:
    cluster_id: int
    email: str
    category: str
    already: bool  # the link had been used before (or the address was already out)


@transaction.atomic
def unsubscribe(*, token: str) -> Unsubscribed:
    """Honour an unsubscribe link at once: the address gets no more mailings of this category
    from this cluster (transactional mail is not mailings, and is not affected). Using a link
    again changes nothing and says so; a forged link is a ValidationError."""
    data = read_unsubscribe_token(token)
    from clusterhub.registry.models import Cluster

    if not Cluster.objects.filter(pk=data["cluster_id"]).exists():
        raise ValidationError(_("This unsubscribe link is not valid."))
    try:
        with transaction.atomic():
            _row, created = Unsubscription.objects.get_or_create(**data)
    except IntegrityError:  # the same link clicked twice at once
        created = False
    return Unsubscribed(already=not created, **data)


def is_unsubscribed(*, cluster_id: int, email: str, category: str) -> bool:
    return Unsubscription.objects.filter(
        cluster_id=cluster_id, email=normalise(email), category=category
    ).exists()


@transaction.atomic
def record_bounce(*, email: str, reason: str = "") -> Bounce:
    """Flag an address the mail server could not deliver to; mailings skip it from now on."""
    address = normalise(email)
    if "@" not in address or len(address) > 254 or any(c.isspace() for c in address):
        raise ValidationError({"email": _("%(v)s is not an e-mail address.") % {"v": email}})
    reason = single_line(reason)[:300]
    bounce, created = Bounce.objects.select_for_update().get_or_create(
        email=address, defaults={"reason": reason}
    )
    if not created:
        Bounce.objects.filter(pk=bounce.pk).update(
            count=F("count") + 1, reason=reason or bounce.reason, last_at=timezone.now()
        )
        bounce.refresh_from_db()
    # The latest message to the address did not arrive after all.
    latest = (
        Delivery.objects.filter(email=address, status=DeliveryStatus.SENT)
        .order_by("-sent_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if latest is not None:
        Delivery.objects.filter(pk=latest).update(status=DeliveryStatus.FAILED, error=_("bounced"))
    return bounce


@transaction.atomic
def clear_bounce(*, email: str) -> bool:
    """The address works again (the person fixed their mailbox); True when it was flagged."""
    deleted, _rows = Bounce.objects.filter(email=normalise(email)).delete()
    return bool(deleted)
