"""Credit notes: a numbered document against an issued invoice, in full or in part. The
invoice itself is never changed, except for its running credited amount."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts.audit import record
from clusterhub.common.numbers import format_money
from clusterhub.invoicing import vat
from clusterhub.invoicing.domain.base import AUDIT_CREDIT_NOTE
from clusterhub.invoicing.domain.base import _number_documents
from clusterhub.invoicing.domain.base import make_line
from clusterhub.invoicing.domain.base import money
from clusterhub.invoicing.domain.base import set_totals
from clusterhub.invoicing.domain.base import settings_of
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoiceLine

# The seller's and buyer's details a credit note repeats from its invoice.
COPIED_FIELDS = (
    "vat_treatment",
    "vat_note",
    "seller_name",
    "seller_address",
    "seller_registration",
    "seller_vat_number",
    "seller_iban",
    "seller_bic",
    "buyer_name",
    "buyer_address",
    "buyer_country",
    "buyer_registration",
    "buyer_vat_number",
)


def _amount_to_credit(invoice: Invoice, amount) -> Decimal:
    """The gross amount to credit (all that is left when None), checked against the invoice."""
    if invoice.is_credit_note:
        raise ValidationError(_("A credit note cannot itself be credited."))
    if not invoice.is_issued:
        raise ValidationError(_("A draft is deleted or issued, not credited."))
    creditable = invoice.total - invoice.credited_amount
    if amount is None:
        amount = creditable
    amount = money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("The amount to credit must be more than 0.")})
    if amount > creditable:
        raise ValidationError(
            {
                "amount": _("At most %(amount)s of this invoice is left to credit.")
                % {"amount": format_money(creditable, invoice.currency)}
            }
        )
    return amount


def _credit_lines(invoice: Invoice, amount: Decimal) -> list[InvoiceLine]:
    """The invoice's lines negated for a full credit; else one line for the partial amount, at
    the rate of the invoice's first line."""
    source_lines = list(invoice.lines.all())
    if amount == invoice.total and invoice.credited_amount == 0:
        return [
            make_line(
                line.position,
                line.description,
                line.quantity,
                -line.unit_price,
                line.vat_rate,
            )
            for line in source_lines
        ]
    rate = source_lines[0].vat_rate if source_lines else Decimal(0)
    net = vat.round_cent(amount * 100 / (100 + rate))
    line = InvoiceLine(
        position=1,
        description=_("Partial credit of invoice %(number)s") % {"number": invoice.number},
        quantity=Decimal(1),
        unit_price=-net,
        net=-net,
        vat_rate=rate,
        vat=-(amount - net),
        gross=-amount,
    )
    return [line]


def create_credit_note(
    *,
    invoice: Invoice,
    reason: str,
    amount: Decimal | None = None,
    issued_on: date | None = None,
) -> Invoice:
    """A numbered credit note against an issued invoice, for `amount` (gross, VAT included) or
    for all that is not yet credited. The invoice itself is never changed, except for the
    running credited amount."""
    issued_on = issued_on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is credited.")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        amount = _amount_to_credit(invoice, amount)
        settings = settings_of(invoice.cluster)
        lines = _credit_lines(invoice, amount)
        note = Invoice(
            cluster=invoice.cluster,
            organisation=invoice.organisation,
            membership=invoice.membership,
            kind=InvoiceKind.CREDIT_NOTE,
            credits=invoice,
            reason=reason[:300],
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            currency=invoice.currency,
        )
        for name in COPIED_FIELDS:
            setattr(note, name, getattr(invoice, name))
        set_totals(note, lines)
        _number_documents([note], settings, issued_on)
        note.save()
        for line in lines:
            line.invoice = note
        InvoiceLine.objects.bulk_create(lines)
        invoice.credited_amount += amount
        invoice.save(update_fields=["credited_amount", "updated_at"])
        record(
            AUDIT_CREDIT_NOTE,
            target=note,
            credits=invoice.number,
            amount=str(amount),
            reason=reason[:300],
        )
    return note
