"""The base of every list filter, shared by an area's pages and its API.

An area's filters.py subclasses `ListFilters`: the API takes the class as query parameters (so it
is in the OpenAPI document) and pages validate `request.GET` with the same class
(common/pages.py `list_page`), so a list is filtered one way whichever door it is asked through.
Subclasses name their sort keys in `SORTS` and implement `apply(qs, user=...)`.
"""

from typing import ClassVar

from django.db.models import QuerySet
from ninja import Schema
from pydantic import Field
from pydantic import ValidationError
from pydantic import field_validator

from clusterhub.common.text import MAX_ID

# The bounds of an id in a query parameter: a larger one is a 422, not a database error.
ID = {"ge": 1, "le": MAX_ID}


class ListFilters(Schema):
    q: str | None = Field(None, max_length=200, description="Search text")
    sort: str | None = Field(None, description="Sort key; prefix with - for descending")

    SORTS: ClassVar[dict[str, str]] = {}
    DEFAULT_SORT: ClassVar[str] = ""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_or_printable(cls, value):
        # An empty form field means "no filter", as a missing query parameter does. A NUL
        # character is refused in every text filter (PostgreSQL cannot compare with one).
        if value == "":
            return None
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value):
        if value is not None and value.lstrip("-") not in cls.SORTS:
            raise ValueError("unknown sort key; use one of: " + ", ".join(sorted(cls.SORTS)))
        return value

    @classmethod
    def chosen(cls, params) -> "ListFilters":
        """The filters a page's query string chose, to show them selected in its filter form;
        none when the string is invalid (the list then says why: common/pages.py list_page)."""
        try:
            return cls(**{k: v for k, v in params.items() if k in cls.model_fields})
        except ValidationError:
            return cls()

    def order(self, qs: QuerySet) -> QuerySet:
        key = self.sort or self.DEFAULT_SORT
        field = self.SORTS[key.lstrip("-")]
        prefix = "-" if key.startswith("-") else ""
        return qs.order_by(prefix + field, "pk")

    def apply(self, qs: QuerySet, *, user) -> QuerySet:
        raise NotImplementedError
