"""Payments against issued invoices: record money received (by hand, through the API or from
a reviewed bank statement line) and undo a payment recorded by mistake."""

from datetime import date
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts.audit import entry_for
from clusterhub.accounts.audit import record
from clusterhub.accounts.models import AuditEntry
from clusterhub.common.numbers import format_money
from clusterhub.invoicing.domain.base import AUDIT_PAYMENT
from clusterhub.invoicing.domain.base import AUDIT_PAYMENT_UNDONE
from clusterhub.invoicing.domain.base import money
from clusterhub.invoicing.enums import PaymentSource
from clusterhub.invoicing.models import ZERO
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import Payment


def record_payment(
    *,
    invoice: Invoice,
    amount,
    paid_on: date,
    payer: str = "",
    reference: str = "",
    source: str = PaymentSource.MANUAL,
    user=None,
    bank_key: str = "",
    allow_overpayment: bool = False,
) -> Payment:
    """Record money received against an issued invoice. A partial payment leaves the rest
    open; more than is outstanding is refused unless `allow_overpayment` (a reviewed bank line)."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if (
            bank_key
            and Payment.objects.filter(
                bank_key=bank_key, invoice__cluster_id=invoice.cluster_id
            ).exists()
        ):
            raise ValidationError(_("This bank statement line is already recorded."))
        payment = checked_payment(
            invoice,
            amount=amount,
            paid_on=paid_on,
            payer=payer,
            reference=reference,
            source=source,
            user=user,
            bank_key=bank_key,
            allow_overpayment=allow_overpayment,
        )
        payment.save()
        invoice.paid_amount += payment.amount
        invoice.save(update_fields=["paid_amount", "updated_at"])
        payment_entry(payment).save()
    payment.invoice = invoice
    return payment


def checked_payment(
    invoice: Invoice,
    *,
    amount,
    paid_on: date,
    payer: str,
    reference: str,
    source: str,
    user,
    bank_key: str,
    allow_overpayment: bool,
) -> Payment:
    """The payment to record against `invoice` (locked by the caller, its paid amount current),
    unsaved, or a ValidationError naming what is wrong. One set of rules for a payment typed
    by hand and for each line of a bank statement."""
    amount = money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A payment must be more than 0.")})
    if paid_on is None:
        raise ValidationError({"paid_on": _("Give the day the money arrived.")})
    if paid_on > timezone.localdate() + timedelta(days=1):
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    if invoice.is_credit_note or not invoice.is_issued:
        raise ValidationError(_("Payments are recorded against issued invoices only."))
    if amount > invoice.outstanding and not allow_overpayment:
        raise ValidationError(
            {
                "amount": _("Only %(amount)s is outstanding on invoice %(number)s.")
                % {
                    "amount": format_money(max(invoice.outstanding, ZERO), invoice.currency),
                    "number": invoice.number,
                }
            }
        )
    payment = Payment(
        invoice=invoice,
        amount=amount,
        paid_on=paid_on,
        payer=(payer or "")[:200],
        reference=(reference or "")[:300],
        source=source,
        bank_key=bank_key,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    payment.full_clean(exclude=["invoice", "recorded_by"])
    return payment


def payment_entry(payment: Payment) -> AuditEntry:
    """The audit entry of a recorded payment (saved by the caller, alone or in bulk)."""
    return entry_for(
        AUDIT_PAYMENT,
        target=payment.invoice,
        payment=payment.pk,
        amount=str(payment.amount),
        paid_on=payment.paid_on.isoformat(),
        source=payment.source,
    )


def undo_payment(*, payment: Payment) -> Invoice:
    """Take back a payment recorded by mistake: the payment goes, the invoice's paid amount
    drops by it (so the invoice is open, partly paid or overdue again) and the audit log keeps
    what was undone (who undid it comes from the request, as for every entry). A bank statement line undone this way may be applied again."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().filter(pk=payment.pk).first()
        if payment is None:
            raise ValidationError(_("This payment has already been undone."))
        invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
        details = {
            "payment": payment.pk,
            "amount": str(payment.amount),
            "paid_on": payment.paid_on.isoformat(),
            "source": payment.source,
            "payer": payment.payer,
            "reference": payment.reference,
        }
        payment.delete()
        invoice.paid_amount -= payment.amount
        invoice.save(update_fields=["paid_amount", "updated_at"])
        record(AUDIT_PAYMENT_UNDONE, target=invoice, **details)
    return invoice
