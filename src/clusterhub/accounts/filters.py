"""Filters of the audit log, defined once for the page, its CSV export and the API."""

from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import ClassVar

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone
from pydantic import Field
from pydantic import model_validator

from clusterhub.accounts.enums import AuditAction
from clusterhub.common.filters import ID
from clusterhub.common.filters import ListFilters

EARLIEST = date(1970, 1, 1)
LATEST = date(9999, 12, 30)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditFilters(ListFilters):
    q: str | None = Field(None, max_length=200, description="Search: who, or what was acted on")
    action: AuditAction | None = None
    actor: str | None = Field(None, max_length=150, description="Username contains")
    cluster: int | None = Field(None, **ID, description="Cluster id")
    # Bounded so that a day's start, and the day after the last, are datetimes every database
    # can store in UTC.
    date_from: date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="From this day (inclusive)"
    )
    date_to: date | None = Field(
        None, ge=EARLIEST, le=LATEST, description="To this day (inclusive)"
    )

    SORTS: ClassVar[dict[str, str]] = {"at": "at"}

    @model_validator(mode="after")
    def _ordered(self):
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ValueError("date_from must not be after date_to")
        return self

    def apply(self, qs: QuerySet, *, user=None) -> QuerySet:
        if self.q:
            qs = qs.filter(Q(actor_name__icontains=self.q) | Q(target_repr__icontains=self.q))
        if self.action:
            qs = qs.filter(action=self.action)
        if self.actor:
            qs = qs.filter(actor_name__icontains=self.actor)
        if self.cluster:
            qs = qs.filter(cluster_id=self.cluster)
        # Days are read in the site's time zone; "to" includes the whole of its day.
        if self.date_from:
            qs = qs.filter(at__gte=_start_of(self.date_from))
        if self.date_to:
            qs = qs.filter(at__lt=_start_of(self.date_to + timedelta(days=1)))
        # Newest first unless another order is asked for.
        return self.order(qs) if self.sort else qs.order_by("-at", "-pk")
