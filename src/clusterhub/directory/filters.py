"""The directory's filters, one class for the page and the public API.

A ninja Schema: the API takes it as query parameters (so it is in the OpenAPI document) and the
page validates `request.GET` with it through common/pages.list_page, so a bad value is a message
naming the field on the page and a 422 in the API, never a 500.
"""

from typing import ClassVar
from typing import Literal

from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import QuerySet
from pydantic import Field

from clusterhub.assessment.enums import LabelLevel
from clusterhub.common.filters import ListFilters
from clusterhub.directory.queries import current_labels
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.filters import in_place
from clusterhub.registry.search import matching

LabelChoice = Literal["any", "none", "bronze", "silver", "gold"]


class DirectoryFilters(ListFilters):
    q: str | None = Field(None, max_length=200, description="Search: name, acronym or city")
    country: str | None = Field(
        None, min_length=2, max_length=2, pattern=r"^[A-Za-z]{2}$", description="ISO country code"
    )
    region: str | None = Field(
        None,
        min_length=2,
        max_length=5,
        pattern=r"^[A-Za-z]{2}[0-9A-Za-z]{0,3}$",
        description="NUTS code of any level: clusters in that region or below",
    )
    sector_group: SectorGroup | None = None
    label: LabelChoice | None = Field(
        None,
        description="Label valid today: a level, 'any' label, or 'none'",
    )

    SORTS: ClassVar[dict[str, str]] = {"name": "name", "country": "country"}
    DEFAULT_SORT: ClassVar[str] = "name"

    def apply(self, qs: QuerySet, *, user=None) -> QuerySet:
        if self.q:
            qs = matching(qs, self.q)
        qs = in_place(qs, country=self.country, region=self.region)
        if self.sector_group:
            qs = qs.filter(sector_group=self.sector_group)
        if self.label:
            labelled = current_labels().filter(cluster=OuterRef("pk"))
            if self.label == "none":
                qs = qs.filter(~Exists(labelled))
            elif self.label == "any":
                qs = qs.filter(Exists(labelled))
            else:
                qs = qs.filter(Exists(labelled.filter(level=LabelLevel(self.label))))
        return self.order(qs)
