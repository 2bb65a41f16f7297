"""The accountant's workbook: every invoice and credit note of a cluster's year, and every
payment received in it, as typed cells (amounts are numbers, dates are dates)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.spreadsheets import Sheet
from clusterhub.common.spreadsheets import write_xlsx_sheets
from clusterhub.invoicing.enums import InvoiceStatus
from clusterhub.invoicing.enums import VatTreatment
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import Payment


def _invoices_sheet(invoices) -> Sheet:
    today = timezone.localdate()
    treatments = dict(VatTreatment.choices)
    statuses = dict(InvoiceStatus.choices)
    rows = (
        [
            i.number,
            str(i.get_kind_display()),
            i.credits.number if i.credits_id else "",
            i.issued_on,
            i.due_on,
            i.buyer_name,
            i.buyer_country,
            i.buyer_vat_number,
            str(treatments.get(i.vat_treatment, i.vat_treatment)),
            i.net_total,
            i.vat_total,
            i.total,
            i.paid_amount,
            i.credited_amount,
            i.outstanding,
            str(statuses[i.status_on(today)]),
            i.period_start,
            i.period_end,
        ]
        for i in invoices
    )
    return Sheet(
        title=_("Invoices"),
        headers=[
            _("Number"),
            _("Kind"),
            _("Credits invoice"),
            _("Issue date"),
            _("Due date"),
            _("Member"),
            _("Country"),
            _("VAT number"),
            _("VAT case"),
            _("Net"),
            _("VAT"),
            _("Total"),
            _("Paid"),
            _("Credited"),
            _("Outstanding"),
            _("Status"),
            _("Period from"),
            _("Period to"),
        ],
        rows=rows,
        widths=[18, 12, 18, 12, 12, 32],
    )


def _payments_sheet(payments) -> Sheet:
    rows = (
        [
            p.paid_on,
            p.invoice.number,
            p.invoice.buyer_name,
            p.amount,
            p.payer,
            p.reference,
            str(p.get_source_display()),
        ]
        for p in payments
    )
    return Sheet(
        title=_("Payments"),
        headers=[
            _("Paid on"),
            _("Invoice"),
            _("Member"),
            _("Amount"),
            _("Payer"),
            _("Reference"),
            _("Source"),
        ],
        rows=rows,
        widths=[12, 18, 32, 12, 28, 32],
    )


def accountant_workbook(invoices, payments) -> bytes:
    """The workbook: a sheet of invoices and credit notes, a sheet of payments."""
    return write_xlsx_sheets([_invoices_sheet(invoices), _payments_sheet(payments)])


def export_rows(cluster, year: int):
    invoices = (
        Invoice.objects.filter(cluster=cluster, year=year, sequence__isnull=False)
        .select_related("credits")
        .order_by("sequence")
    )
    payments = (
        Payment.objects.filter(invoice__cluster=cluster, paid_on__year=year)
        .select_related("invoice")
        .order_by("paid_on", "pk")
    )
    return invoices, payments
