"""Filters of the offers and requests list, defined once for the page and the API.

The same shape as registry/filters.py: a ninja Schema that the API takes as query parameters
and the page validates `request.GET` with; `apply(qs, user=...)` narrows a queryset already
limited to what the user may see (matchmaking/queries.py).
"""

import datetime as dt
from typing import ClassVar

from django.db.models import Q
from django.db.models import QuerySet
from pydantic import Field

from clusterhub.common.filters import ListFilters
from clusterhub.matchmaking.enums import ProfileKind
from clusterhub.matchmaking.enums import Visibility


class ProfileFilters(ListFilters):
    q: str | None = Field(None, max_length=200, description="Search in title and keywords")
    kind: ProfileKind | None = Field(None, description="Type of offer or request")
    sector: str | None = Field(
        None, max_length=8, description="NACE code (any level) the profile names"
    )
    country: str | None = Field(
        None,
        max_length=2,
        description="ISO country code of the organisation (of the cluster, for anonymous ones)",
    )
    deadline_by: dt.date | None = Field(
        None, description="Only profiles with a deadline on or before this day"
    )

    SORTS: ClassVar[dict[str, str]] = {
        "title": "title",
        "deadline": "deadline",
        "updated": "updated_at",
    }
    DEFAULT_SORT: ClassVar[str] = "-updated"

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        if self.q:
            qs = qs.filter(Q(title__icontains=self.q) | Q(keywords__icontains=self.q))
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.sector:
            # A subquery, not a join: a profile naming two matching codes is listed once.
            qs = qs.filter(
                pk__in=qs.model.nace_codes.through.objects.filter(
                    nacecode__code__startswith=self.sector.strip()
                ).values("profile_id")
            )
        if self.country:
            # An anonymous profile shows its cluster, not its owner: filter by what is shown.
            country = self.country.upper()
            anonymous = Q(visibility=Visibility.ANONYMOUS)
            qs = qs.filter(
                (~anonymous & Q(organisation__country=country))
                | (anonymous & Q(cluster__country=country))
            )
        if self.deadline_by:
            qs = qs.filter(deadline__lte=self.deadline_by)
        return self.order(qs)
