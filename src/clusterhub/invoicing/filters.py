"""Filters of invoicing lists, defined once for the cluster's invoice page and the API.

`apply(qs, user=...)` narrows a queryset the caller already limited to what the user may see
(invoicing/queries.py).
"""

from datetime import date

from django.db.models import F
from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import Field

from clusterhub.common.filters import ID
from clusterhub.common.filters import ListFilters
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.enums import InvoiceStatus


def with_status(qs: QuerySet, status: str, today: date) -> QuerySet:
    """The invoices whose status (InvoiceStatus, computed on `today`) is `status`."""
    settled = Q(total__lte=F("paid_amount") + F("credited_amount"))
    issued = Q(kind=InvoiceKind.INVOICE, sequence__isnull=False)
    if status == InvoiceStatus.DRAFT:
        return qs.filter(sequence__isnull=True)
    if status == InvoiceStatus.CREDIT_NOTE:
        return qs.filter(kind=InvoiceKind.CREDIT_NOTE)
    if status == InvoiceStatus.CREDITED:
        return qs.filter(issued, total__gt=0, credited_amount__gte=F("total"))
    if status == InvoiceStatus.PAID:
        return qs.filter(issued & settled).exclude(total__gt=0, credited_amount__gte=F("total"))
    unsettled = qs.filter(issued).exclude(settled)
    if status == InvoiceStatus.OVERDUE:
        return unsettled.filter(due_on__lt=today)
    if status == InvoiceStatus.PARTLY_PAID:
        return unsettled.filter(due_on__gte=today, paid_amount__gt=0)
    if status == InvoiceStatus.OPEN:
        return unsettled.filter(due_on__gte=today, paid_amount=0)
    return qs


class InvoiceFilters(ListFilters):
    cluster: int | None = Field(None, **ID, description="Cluster id")
    organisation: int | None = Field(None, **ID, description="Organisation (member) id")
    year: int | None = Field(
        None, ge=2000, le=2100, description="Year of the number (of the period for a draft)"
    )
    status: InvoiceStatus | None = Field(None, description="Status today")

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.q:
            qs = qs.filter(Q(number__icontains=self.q) | Q(buyer_name__icontains=self.q))
        if self.cluster is not None:
            qs = qs.filter(cluster_id=self.cluster)
        if self.organisation is not None:
            qs = qs.filter(organisation_id=self.organisation)
        if self.year is not None:
            qs = qs.filter(Q(year=self.year) | Q(year__isnull=True, period_start__year=self.year))
        if self.status:
            qs = with_status(qs, self.status, timezone.localdate())
        return qs.order_by("-year", "-sequence", "buyer_name", "pk")


class PaymentFilters(ListFilters):
    cluster: int | None = Field(None, **ID, description="Cluster id")
    invoice: int | None = Field(None, **ID, description="Invoice id")

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.cluster is not None:
            qs = qs.filter(invoice__cluster_id=self.cluster)
        if self.invoice is not None:
            qs = qs.filter(invoice_id=self.invoice)
        return qs.order_by("-paid_on", "-pk")
