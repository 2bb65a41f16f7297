"""Page-number pagination for every API list: `?page=2&page_size=50`, at most 200 a page.

ninja's own PageNumberPagination clamps the page size silently and accepts any page number;
a page number of 10**20 then overflows the database's OFFSET and answers 500. Here both limits
are part of the input schema, so a bad value is a 422 with the field named, and OpenAPI says so.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field
from ninja import Schema
from ninja.pagination import PaginationBase

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
# Far beyond any real list, and small enough that page * page_size fits a 64-bit OFFSET.
MAX_PAGE = 1_000_000


class PageNumber(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1")
        page_size: int = Field(
            DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items a page"
        )

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Items on all pages together")

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": queryset[offset : offset + pagination.page_size],
            "count": self._items_count(queryset),
        }
