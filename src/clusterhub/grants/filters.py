"""Filters of grants lists, defined once for the page and the API (common/filters.py).

`apply(qs, user=...)` narrows a queryset the caller already limited to what the user may see
(grants/queries.py) and put in its own order; a `sort` asked for replaces that order.
"""

from typing import ClassVar

from django.db.models import QuerySet
from pydantic import Field
from pydantic import field_validator

from clusterhub.common.filters import ID
from clusterhub.common.filters import ListFilters
from clusterhub.common.text import parse_id


class ExpenditureFilters(ListFilters):
    partner: int | None = Field(None, **ID, description="Partner id (a row of the consortium)")

    SORTS: ClassVar[dict[str, str]] = {"date": "date", "amount": "amount_eur"}

    @field_validator("partner", mode="before")
    @classmethod
    def _an_id(cls, value):
        # Only ASCII digits name a partner (" 1" and "1.0" do not), as every id in a URL.
        if isinstance(value, str) and value != "" and parse_id(value) is None:
            raise ValueError("must be a whole number of ASCII digits")
        return value

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.q:
            qs = qs.filter(description__icontains=self.q)
        if self.partner is not None:
            qs = qs.filter(partner_id=self.partner)
        return self.order(qs) if self.sort else qs
