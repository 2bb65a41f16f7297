"""The invoicing REST API under /api/v1/invoicing/: invoices (read), payments (create, list,
undo).

Objects come from the user's visible querysets (not visible: 404), rights from
invoicing/rules.py (visible but not allowed: 403), writes through invoicing/domain.py
(invalid: 422 with the field named).
"""

from ninja import Query
from ninja import Router
from ninja import Status
from ninja.pagination import paginate

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import path_id
from clusterhub.common.pagination import PageNumber
from clusterhub.invoicing import domain
from clusterhub.invoicing.enums import PaymentSource
from clusterhub.invoicing.filters import InvoiceFilters
from clusterhub.invoicing.filters import PaymentFilters
from clusterhub.invoicing.queries import invoices_visible_to
from clusterhub.invoicing.queries import payments_visible_to
from clusterhub.invoicing.schemas import InvoiceDetailOut
from clusterhub.invoicing.schemas import InvoiceOut
from clusterhub.invoicing.schemas import PaymentIn
from clusterhub.invoicing.schemas import PaymentOut

router = Router(tags=["invoicing"])


def _invoice(request, pk: int, permission: str):
    return object_for(request.user, invoices_visible_to(request.user), pk, permission)


@router.get("/invoicing/invoices", response=list[InvoiceOut])
@paginate(PageNumber)
def list_invoices(request, filters: Query[InvoiceFilters]):
    """Invoices and credit notes the user may see: all of the clusters they run, the issued
    ones of the organisation they represent. Permission: invoicing.view_invoice."""
    return filters.apply(invoices_visible_to(request.user), user=request.user)


@router.get("/invoicing/invoices/{invoice_id}", response={200: InvoiceDetailOut, **ERRORS})
def get_invoice(request, invoice_id: int = path_id("Invoice id")):
    """One invoice with its lines. Permission: invoicing.view_invoice."""
    return _invoice(request, invoice_id, "invoicing.view_invoice")


@router.get("/invoicing/payments", response=list[PaymentOut])
@paginate(PageNumber)
def list_payments(request, filters: Query[PaymentFilters]):
    """Payments of the clusters the user runs. Permission: invoicing.manage_invoices."""
    return filters.apply(payments_visible_to(request.user), user=request.user)


@router.post("/invoicing/payments", response={201: PaymentOut, **ERRORS})
def create_payment(request, payload: PaymentIn):
    """Record a payment against an issued invoice; more than is outstanding is refused.
    Permission: invoicing.handle_invoice."""
    invoice = _invoice(request, payload.invoice_id, "invoicing.handle_invoice")
    payment = domain.record_payment(
        invoice=invoice,
        **payload.model_dump(exclude={"invoice_id"}),
        source=PaymentSource.API,
        user=request.user,
    )
    return Status(201, payment)


@router.post("/invoicing/payments/{payment_id}/undo", response={200: InvoiceDetailOut, **ERRORS})
def undo_payment(request, payment_id: int = path_id("Payment id")):
    """Take back a payment recorded by mistake; answers the invoice, unpaid or partly paid
    again. Permission: invoicing.handle_invoice (on the payment's invoice)."""
    payment = object_for(request.user, payments_visible_to(request.user), payment_id)
    require(request.user, "invoicing.handle_invoice", payment.invoice)
    return domain.undo_payment(payment=payment)
