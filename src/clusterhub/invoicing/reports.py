"""The invoicing documents: an issued invoice or credit note as a PDF."""

from clusterhub.common.pdf import render_pdf
from clusterhub.invoicing import vat
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoicingSettings


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as sent, with the issuing cluster's footer."""
    settings = InvoicingSettings.objects.filter(cluster_id=invoice.cluster_id).first()
    return render_pdf(
        "invoicing/invoice_pdf.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            "footer": settings.footer if settings else "",
            "rounding": vat.ROUNDING_STATEMENT,
        },
    )
