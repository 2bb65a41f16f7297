"""Filters of membership lists, defined once for the applications page and the API.

`apply(qs, user=...)` narrows a queryset the caller already limited to what the user may see
(membership/queries.py) and to one cluster.
"""

from typing import ClassVar
from typing import Literal

from django.db.models import Q
from django.db.models import QuerySet
from pydantic import Field

from clusterhub.common.filters import ListFilters
from clusterhub.membership.enums import ApplicationStatus


class ApplicationFilters(ListFilters):
    status: ApplicationStatus | Literal["all"] | None = Field(
        None, description="Status; none or `all` for every application"
    )

    SORTS: ClassVar[dict[str, str]] = {"created": "created_at", "name": "company_name"}
    DEFAULT_SORT: ClassVar[str] = "-created"

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.q:
            qs = qs.filter(Q(company_name__icontains=self.q) | Q(email__icontains=self.q))
        if self.status and self.status != "all":
            qs = qs.filter(status=self.status)
        return self.order(qs)
