"""Filters of services lists, defined once for the portfolio page and the API
(common/filters.py).

`apply(qs, user=...)` narrows a queryset the caller already limited to what the user may see
(services/queries.py); without a `sort` the portfolio is in category, then name order.
"""

from typing import ClassVar

from django.db.models import QuerySet

from clusterhub.common.filters import ListFilters
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus


class ServiceFilters(ListFilters):
    status: ServiceStatus | None = None
    category: ServiceCategory | None = None

    SORTS: ClassVar[dict[str, str]] = {
        "name": "name",
        "category": "category",
        "status": "status",
        "launch": "launch_date",
    }

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.q:
            qs = qs.filter(name__icontains=self.q)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.category:
            qs = qs.filter(category=self.category)
        return self.order(qs) if self.sort else qs.order_by("category", "name", "pk")
