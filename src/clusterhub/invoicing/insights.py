"""Figures invoicing publishes for the areas above it (the strategy KPIs).

`membership_income(clusters, on)`: the membership fees invoiced by the clusters in the calendar
year of `on`, up to that day, net of VAT, credit notes deducted. Accrual, not cash: a fee counts
when it is invoiced, paid or not (the payments are in the accountant's workbook).
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from clusterhub.invoicing.models import Invoice
from clusterhub.registry.models import Cluster


def membership_income(clusters: Sequence[Cluster], on: date) -> Decimal:
    total = Invoice.objects.filter(
        cluster__in=clusters,
        sequence__isnull=False,
        issued_on__gte=date(on.year, 1, 1),
        issued_on__lte=on,
    ).aggregate(net=Sum("net_total"))["net"]
    return Decimal(total or 0)
