"""Reminders of overdue invoices, mailed in the member's language, and the lists of invoices
not yet settled."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts.audit import record
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.common.mail import in_language_of
from clusterhub.common.mail import send_notification
from clusterhub.common.numbers import format_money
from clusterhub.invoicing.domain.base import AUDIT_REMINDER
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.registry.models import Cluster


def overdue_invoices(cluster: Cluster | None, today: date):
    qs = Invoice.objects.filter(
        kind=InvoiceKind.INVOICE, sequence__isnull=False, due_on__lt=today
    ).exclude(total__lte=F("paid_amount") + F("credited_amount"))
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    return qs.select_related("cluster", "organisation")


def open_invoices(cluster: Cluster):
    """The cluster's issued invoices not yet settled, oldest first (for matching by hand)."""
    return (
        Invoice.objects.filter(cluster=cluster, kind=InvoiceKind.INVOICE, sequence__isnull=False)
        .exclude(total__lte=F("paid_amount") + F("credited_amount"))
        .order_by("year", "sequence")
    )


def reminder_addresses(invoice: Invoice) -> list[str]:
    """Where a reminder goes: the member's invoice e-mail, else its representatives' in the
    cluster."""
    profile = BillingProfile.objects.filter(organisation_id=invoice.organisation_id).first()
    if profile is not None and profile.billing_email:
        return [profile.billing_email]
    return sorted(
        set(
            RoleAssignment.objects.filter(
                role=Role.MEMBER_REPRESENTATIVE,
                cluster_id=invoice.cluster_id,
                organisation_id=invoice.organisation_id,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@dataclass
class ReminderResult:
    sent: int = 0
    not_due_yet: int = 0
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def send_overdue_reminders(
    *, cluster: Cluster | None = None, today: date | None = None
) -> ReminderResult:
    """Mail a reminder for each overdue invoice not reminded within the cluster's interval
    (the first as soon as it is overdue), in the member's language."""
    today = today or timezone.localdate()
    now = timezone.now()
    result = ReminderResult()
    intervals = dict(InvoicingSettings.objects.values_list("cluster_id", "reminder_interval_days"))
    for invoice in overdue_invoices(cluster, today).order_by("cluster_id", "sequence"):
        interval = timedelta(days=intervals.get(invoice.cluster_id, 14))
        if invoice.last_reminder_at is not None and invoice.last_reminder_at > now - interval:
            result.not_due_yet += 1
            continue
        addresses = reminder_addresses(invoice)
        if not addresses:
            result.no_address.append(invoice.number)
            continue
        with in_language_of(invoice.organisation):
            subject = _("Payment reminder: invoice %(number)s") % {"number": invoice.number}
            body = _(
                "Dear member,\n\nour records show that invoice %(number)s of %(issued)s, due on "
                "%(due)s, is not yet paid in full: %(amount)s is outstanding.\n\nPlease transfer "
                "it to %(iban)s with the reference %(number)s. If you have paid in the meantime, "
                "please ignore this message.\n\n%(seller)s"
            ) % {
                "number": invoice.number,
                "issued": invoice.issued_on.isoformat(),
                "due": invoice.due_on.isoformat(),
                "amount": format_money(invoice.outstanding, invoice.currency),
                "iban": invoice.seller_iban,
                "seller": invoice.seller_name,
            }
        if not send_notification(subject=subject, body=body, to=addresses):
            result.failed.append(invoice.number)
            continue
        with transaction.atomic():
            Invoice.objects.filter(pk=invoice.pk).update(
                reminders_sent=F("reminders_sent") + 1, last_reminder_at=now
            )
            record(
                AUDIT_REMINDER, target=invoice, to=addresses, outstanding=str(invoice.outstanding)
            )
        result.sent += 1
    return result
