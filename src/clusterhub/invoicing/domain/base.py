"""What every invoicing verb shares: the cluster's settings, the gapless numbering, amounts
and invoice lines, and the audit action names.

Numbers are taken from the per-cluster-year counter under a row lock (`_take_numbers`) inside
the issuing transaction: a run that fails gives its numbers back with its rollback, and a
concurrent run waits for the lock, so the sequence has no gap and no duplicate.
"""

from datetime import date
from datetime import timedelta
from decimal import Decimal
from decimal import InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusterhub.common.saving import save
from clusterhub.invoicing import vat
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.enums import InvoicingAuditAction
from clusterhub.invoicing.models import ZERO
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoiceCounter
from clusterhub.invoicing.models import InvoiceLine
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.registry.models import Cluster

# Audit actions (accounts.audit.record takes any short name; enums.py words them for the log).
AUDIT_INVOICES_GENERATED = InvoicingAuditAction.INVOICES_GENERATED.value
AUDIT_INVOICE_ISSUED = InvoicingAuditAction.INVOICE_ISSUED.value
AUDIT_CREDIT_NOTE = InvoicingAuditAction.CREDIT_NOTE.value
AUDIT_PAYMENT = InvoicingAuditAction.PAYMENT.value
AUDIT_PAYMENT_UNDONE = InvoicingAuditAction.PAYMENT_UNDONE.value
AUDIT_STATEMENT = InvoicingAuditAction.STATEMENT.value
AUDIT_REMINDER = InvoicingAuditAction.REMINDER.value


def settings_of(cluster: Cluster) -> InvoicingSettings:
    """The cluster's invoicing settings; a ValidationError when none are saved yet."""
    found = InvoicingSettings.objects.filter(cluster=cluster).first()
    if found is None:
        raise ValidationError(
            _("Fill in the cluster's invoicing settings (legal name, IBAN, prefix) first.")
        )
    return found


def save_settings(*, settings: InvoicingSettings) -> InvoicingSettings:
    return save(settings)


def save_billing_profile(*, profile: BillingProfile) -> BillingProfile:
    return save(profile)


def invoice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:04d}"


def _take_numbers(cluster_id: int, year: int, count: int) -> int:
    """Reserve `count` consecutive numbers of the cluster's year; returns the first. Must run
    inside the transaction that uses them: the counter row stays locked until it ends."""
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(cluster_id=cluster_id, year=year)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(cluster_id=cluster_id, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _number_documents(
    invoices: list[Invoice], settings: InvoicingSettings, issued_on: date
) -> None:
    """Give the invoices (already saved, in order) consecutive numbers of `issued_on`'s year."""
    if not invoices:
        return
    first = _take_numbers(settings.cluster_id, issued_on.year, len(invoices))
    for offset, invoice in enumerate(invoices):
        invoice.year = issued_on.year
        invoice.sequence = first + offset
        invoice.number = invoice_number(settings.invoice_prefix, issued_on.year, first + offset)
        invoice.issued_on = issued_on
        if invoice.kind == InvoiceKind.INVOICE:
            invoice.due_on = issued_on + timedelta(days=settings.payment_terms_days)
        else:
            invoice.due_on = issued_on


def set_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    invoice.net_total = sum((line.net for line in lines), ZERO)
    invoice.vat_total = sum((line.vat for line in lines), ZERO)
    invoice.total = sum((line.gross for line in lines), ZERO)


def make_line(position: int, description: str, quantity, unit_price, rate) -> InvoiceLine:
    amounts = vat.line_amounts(Decimal(quantity), Decimal(unit_price), Decimal(rate))
    return InvoiceLine(
        position=position,
        description=description,
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        net=amounts.net,
        vat_rate=Decimal(rate),
        vat=amounts.vat,
        gross=amounts.gross,
    )


def money(value, field_name: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: _("Enter an amount such as 120.50.")}) from None
    if not amount.is_finite():
        raise ValidationError({field_name: _("Enter an amount such as 120.50.")})
    if amount != amount.quantize(vat.CENT):
        raise ValidationError({field_name: _("An amount has at most two decimals.")})
    if abs(amount) >= Decimal("10000000000"):
        raise ValidationError({field_name: _("This amount is too large.")})
    return amount.quantize(vat.CENT)
