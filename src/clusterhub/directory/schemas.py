"""What the public API answers: public fields only (no notes, no people, no finances)."""

from datetime import date
from datetime import datetime
from decimal import Decimal

from ninja import Schema


class LabelOut(Schema):
    level: str
    valid_until: date


class DirectoryClusterOut(Schema):
    id: int
    name: str
    acronym: str
    country: str
    region_code: str | None
    region_name: str | None
    city: str
    sector_group: str
    website: str
    label: LabelOut | None
    latitude: Decimal | None
    longitude: Decimal | None
    # True when the point is only the country's centre (no coordinates stored for the cluster).
    location_approximate: bool
    page_url: str


class SectorOut(Schema):
    code: str
    title: str


class TypeCountOut(Schema):
    org_type: str
    label: str
    count: int


class ListedMemberOut(Schema):
    name: str
    org_type: str
    city: str
    country: str
    website: str


class OfferOut(Schema):
    title: str
    kind: str
    keywords: str
    deadline: date | None
    organisation: str


class PublicEventOut(Schema):
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    city: str
    venue: str
    language: str


class FundingOut(Schema):
    programme: str
    acknowledgement: str
    disclaimer: str


class ClusterPublicOut(DirectoryClusterOut):
    description: str
    founded: int | None
    sectors: list[SectorOut]
    member_count: int
    members_by_type: list[TypeCountOut]
    listed_members: list[ListedMemberOut]
    offers: list[OfferOut]
    upcoming_events: list[PublicEventOut]
    funding: list[FundingOut]
    apply_url: str
    widget_url: str
