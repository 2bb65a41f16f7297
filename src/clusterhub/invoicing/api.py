"""The invoicing REST API under /api/v1/invoicing/: invoices (read), payments (create, list).

Objects come from the user's visible querysets (not visible: 404), rights from
invoicing/rules.py (visible but not allowed: 403), writes through invoicing/domain.py
(invalid: 422 with the field named).
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import get_visible, path_id, require
from clusterhub.common.pagination import PageNumber
from clusterhub.invoicing import domain
from clusterhub.invoicing.models import PaymentSource
from clusterhub.invoicing.queries import invoices_visible_to, payments_visible_to
from clusterhub.invoicing.schemas import InvoiceDetailOut, InvoiceOut, PaymentIn, PaymentOut

router = Router(tags=["invoicing"])


@router.get("/invoicing/invoices", response=list[InvoiceOut])
@paginate(PageNumber)
def list_invoices(
    request,
    cluster: int | None = Query(None, ge=1, le=2**63 - 1),
    organisation: int | None = Query(None, ge=1, le=2**63 - 1),
    year: int | None = Query(None, ge=2000, le=2100),
):
    """Invoices and credit notes the user may see: all of the clusters they run, the issued
    ones of the organisation they represent. Permission: invoicing.view_invoice."""
    qs = invoices_visible_to(request.user)
    if cluster is not None:
        qs = qs.filter(cluster_id=cluster)
    if organisation is not None:
        qs = qs.filter(organisation_id=organisation)
    if year is not None:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "-sequence", "pk")


@router.get("/invoicing/invoices/{invoice_id}", response={200: InvoiceDetailOut, **ERRORS})
def get_invoice(request, invoice_id: int = path_id("Invoice id")):
    """One invoice with its lines. Permission: invoicing.view_invoice."""
    invoice = get_visible(invoices_visible_to(request.user), invoice_id)
    require(request.user, "invoicing.view_invoice", invoice)
    return invoice


@router.get("/invoicing/payments", response=list[PaymentOut])
@paginate(PageNumber)
def list_payments(
    request,
    cluster: int | None = Query(None, ge=1, le=2**63 - 1),
    invoice: int | None = Query(None, ge=1, le=2**63 - 1),
):
    """Payments of the clusters the user runs. Permission: invoicing.manage_invoices."""
    qs = payments_visible_to(request.user)
    if cluster is not None:
        qs = qs.filter(invoice__cluster_id=cluster)
    if invoice is not None:
        qs = qs.filter(invoice_id=invoice)
    return qs.order_by("-paid_on", "-pk")


@router.post("/invoicing/payments", response={201: PaymentOut, **ERRORS})
def create_payment(request, payload: PaymentIn):
    """Record a payment against an issued invoice; more than is outstanding is refused.
    Permission: invoicing.handle_invoice."""
    invoice = get_visible(invoices_visible_to(request.user), payload.invoice_id)
    require(request.user, "invoicing.handle_invoice", invoice)
    payment = domain.record_payment(
        invoice=invoice,
        amount=payload.amount,
        paid_on=payload.paid_on,
        payer=payload.payer,
        reference=payload.reference,
        source=PaymentSource.API,
        user=request.user,
    )
    return Status(201, payment)
