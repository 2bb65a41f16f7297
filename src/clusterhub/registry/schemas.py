"""API schemas of the registry: one Create, one Update (PATCH, every field optional) and one Out
schema per object.

Input schemas hold the limits of the database columns (lengths, digits, integer ranges), so
oversized input is refused with the field named before it reaches the database; the rules of the
domain (valid country, dates in order, unique numbers) stay in the models and run in the domain
verbs. Related objects are given by id, reference data by code; the field names are the model's,
so a model's validation error lands on the field the client sent.

Old codes convert here, on input: a NACE Rev. 2 or NUTS 2021 code with one successor becomes
that successor, and the answer lists it under `conversions`; one with several successors is a
422 on its field naming them (registry/conversions.py). A country may be given by ISO code or by
name, in English or its own language ("Latvija").

Private fields (internal notes, an organisation's finances) are resolved against the requesting
user's permissions: anyone without the right sees null. Null, not a missing key, so the answer
keeps one shape; a client cannot tell a hidden figure from an unknown one, which is the point.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Annotated
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator
from pydantic import ConfigDict
from pydantic import Field
from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

from clusterhub.common.api_helpers import MAX_ID
from clusterhub.common.api_helpers import partial_of
from clusterhub.registry.conversions import Converted
from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.countries import country_code_for
from clusterhub.registry.enums import CommitmentGround
from clusterhub.registry.enums import LegalForm
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SectorGroup
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.rules import organisation_fields_hidden_from

# Largest value of a 64-bit primary key; larger ids cannot name anything.
MAX_TEXT = 20_000  # Descriptions and notes: TextField has no limit, a request has one.
MAX_CODES = 100  # Sectors or secondary NACE codes in one request.


def _no_nul(value: str) -> str:
    # PostgreSQL text cannot hold NUL, and no user means one.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def text(max_length: int):
    """A string that fits a column of max_length characters."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


def _refuse(kind: str, message: str):
    # A custom error keeps the message as written (a ValueError's gets "Value error, " before it).
    return PydanticCustomError(kind, "{message}", {"message": message})


def _country(value: str) -> str:
    code = country_code_for(value)
    if code is not None:
        return code
    if len(value) == 2 and value.isascii() and value.isalpha():
        return value.upper()  # The model names it: "XX is not an ISO 3166 country code."
    raise _refuse("unknown_country", _("Unknown country: %(value)s.") % {"value": value})


CONVERSIONS_ATTRIBUTE = "registry_code_conversions"


def _applied(converted: Converted, value: str, info: ValidationInfo) -> str:
    """The converted code, with the conversion noted on the request for the answer; the value as
    sent when it is no old code (the lookup in api.py judges it)."""
    if converted.error:
        raise _refuse("ambiguous_code", converted.error)
    if not converted.note:
        return converted.code or value
    request = (info.context or {}).get("request")
    if request is not None:
        noted = getattr(request, CONVERSIONS_ATTRIBUTE, None)
        if noted is None:
            noted = []
            setattr(request, CONVERSIONS_ATTRIBUTE, noted)
        entry = {
            "field": info.field_name,
            "old": converted.old,
            "new": converted.code,
            "note": converted.note,
        }
        if entry not in noted:  # ninja may validate a body twice
            noted.append(entry)
    return converted.code


def _nace(value: str, info: ValidationInfo) -> str:
    return _applied(convert_nace(value), value, info)


def _nuts(value: str, info: ValidationInfo) -> str:
    return _applied(convert_nuts(value), value, info)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Country = Annotated[
    str, Field(min_length=2, max_length=60), AfterValidator(_no_nul), AfterValidator(_country)
]
NaceCode = Annotated[
    str, Field(min_length=1, max_length=8), AfterValidator(_no_nul), AfterValidator(_nace)
]
NutsCode = Annotated[
    str, Field(min_length=2, max_length=5), AfterValidator(_no_nul), AfterValidator(_nuts)
]
Latitude = Annotated[Decimal, Field(max_digits=8, decimal_places=5, allow_inf_nan=False)]
Longitude = Latitude
Money = Annotated[Decimal, Field(max_digits=16, decimal_places=2, allow_inf_nan=False)]
Fte = Annotated[Decimal, Field(max_digits=6, decimal_places=2, allow_inf_nan=False)]
SmallYear = Annotated[int, Field(ge=0, le=32767)]
Headcount = Annotated[int, Field(ge=0, le=2_147_483_647)]


class _Input(Schema):
    # A misspelt field would otherwise be ignored silently and the client believe it saved.
    model_config = ConfigDict(extra="forbid")


def _request_user(context):
    return context["request"].user


class ConversionOut(Schema):
    field: str
    old: str = Field(description="The old code as sent (NACE Rev. 2 or NUTS 2021)")
    new: str = Field(description="The code stored (NACE 2.1 or NUTS 2024)")
    note: str = Field(description='e.g. "62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)"')


_CONVERSIONS = "The old codes this request sent and what they were converted to; empty otherwise"


def _conversions(context) -> list[dict[str, str]]:
    return list(getattr(context["request"], CONVERSIONS_ATTRIBUTE, ()))


class _PlacedOut(Schema):
    """What a cluster and an organisation answer alike: the NUTS region by its code, and the
    old codes this request converted (each subclass declares the fields, in its own order)."""

    @staticmethod
    def resolve_conversions(obj, context) -> list[dict[str, str]]:
        return _conversions(context)

    @staticmethod
    def resolve_nuts_region(obj) -> str | None:
        return obj.nuts_region_id


_TEAM_ONLY = "Only for the cluster's team and admins; null for everyone else"


def _internal_notes(obj, context, permission: str) -> str | None:
    """The record's internal notes for a user with `permission` on it, else None."""
    if _request_user(context).has_perm(permission, obj):
        return obj.internal_notes
    return None


# Clusters


class ClusterCreate(_Input):
    name: text(200)
    acronym: text(40)
    country: Country
    sector_group: SectorGroup
    nuts_region: NutsCode | None = None
    sectors: list[NaceCode] = Field(default_factory=list, max_length=MAX_CODES)
    website: text(200) = ""
    founded: SmallYear | None = None
    legal_form: LegalForm | Literal[""] = ""
    management_fte: Fte = Decimal(0)
    managing_organisation: Id | None = None
    description: text(MAX_TEXT) = ""
    internal_notes: text(MAX_TEXT) = ""
    city: text(100) = ""
    address: text(300) = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None


ClusterUpdate = partial_of(
    ClusterCreate,
    "ClusterUpdate",
    doc="Only the fields sent change; `sectors`, when sent, replaces the list (null keeps it).",
)


class ClusterOut(_PlacedOut):
    id: int
    name: str
    acronym: str
    country: str
    sector_group: str
    nuts_region: str | None
    sectors: list[str]
    website: str
    founded: int | None
    legal_form: str
    management_fte: Decimal
    managing_organisation: int | None
    description: str
    internal_notes: str | None = Field(description=_TEAM_ONLY)
    city: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    created_at: datetime
    updated_at: datetime
    conversions: list[ConversionOut] = Field(description=_CONVERSIONS)

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_managing_organisation(obj) -> int | None:
        return obj.managing_organisation_id

    @staticmethod
    def resolve_internal_notes(obj, context) -> str | None:
        return _internal_notes(obj, context, "registry.view_cluster_private")


# Organisations


class OrganisationCreate(_Input):
    name: text(200)
    country: Country
    org_type: OrganisationType
    registration_number: text(40) | None = None
    nuts_region: NutsCode | None = None
    primary_nace: NaceCode | None = None
    secondary_nace: list[NaceCode] = Field(default_factory=list, max_length=MAX_CODES)
    size_class: SizeClass | Literal[""] = ""
    headcount: Headcount | None = None
    turnover_eur: Money | None = None
    balance_sheet_eur: Money | None = None
    website: text(300) = ""
    description: text(MAX_TEXT) = ""
    city: text(100) = ""
    address: text(300) = ""
    latitude: Latitude | None = None
    longitude: Longitude | None = None


OrganisationUpdate = partial_of(
    OrganisationCreate,
    "OrganisationUpdate",
    doc="Only the fields sent change; `secondary_nace`, when sent, replaces the list.",
)


_FINANCES = "null unless you may see the organisation's finances (view_organisation_finances)"


def _unless_hidden(organisation, name: str, context):
    if name in organisation_fields_hidden_from(_request_user(context), organisation):
        return None
    return getattr(organisation, name)


class OrganisationOut(_PlacedOut):
    id: int
    name: str
    country: str
    org_type: str
    registration_number: str | None
    nuts_region: str | None
    primary_nace: str | None
    secondary_nace: list[str]
    size_class: str
    headcount: int | None
    turnover_eur: Decimal | None = Field(description=_FINANCES)
    balance_sheet_eur: Decimal | None = Field(description=_FINANCES)
    website: str
    description: str
    city: str
    address: str
    latitude: Decimal | None
    longitude: Decimal | None
    created_at: datetime
    updated_at: datetime
    conversions: list[ConversionOut] = Field(description=_CONVERSIONS)

    @staticmethod
    def resolve_primary_nace(obj) -> str | None:
        return obj.primary_nace_id

    @staticmethod
    def resolve_secondary_nace(obj) -> list[str]:
        return [code.code for code in obj.secondary_nace.all()]

    @staticmethod
    def resolve_turnover_eur(obj, context) -> Decimal | None:
        return _unless_hidden(obj, "turnover_eur", context)

    @staticmethod
    def resolve_balance_sheet_eur(obj, context) -> Decimal | None:
        return _unless_hidden(obj, "balance_sheet_eur", context)


# Memberships


class MembershipCreate(_Input):
    cluster: Id
    organisation: Id
    since: date
    until: date | None = None
    committed: bool = False
    commitment_ground: CommitmentGround | Literal[""] = ""
    internal_notes: text(MAX_TEXT) = ""


MembershipUpdate = partial_of(
    MembershipCreate,
    "MembershipUpdate",
    doc="A membership stays with its cluster and organisation; end it and add another to move.",
    exclude=("cluster", "organisation"),
)


class MembershipOut(Schema):
    id: int
    cluster: int
    cluster_acronym: str
    organisation: int
    organisation_name: str
    since: date
    until: date | None
    is_current: bool
    committed: bool
    commitment_ground: str
    internal_notes: str | None = Field(description=_TEAM_ONLY)
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_cluster(obj) -> int:
        return obj.cluster_id

    @staticmethod
    def resolve_cluster_acronym(obj) -> str:
        return obj.cluster.acronym

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj) -> str:
        return obj.organisation.name

    @staticmethod
    def resolve_internal_notes(obj, context) -> str | None:
        return _internal_notes(obj, context, "registry.view_membership_private")


# People


class PersonCreate(_Input):
    organisation: Id | None = None
    first_name: text(100)
    last_name: text(100)
    job_title: text(150) = ""
    email: text(254) = ""
    phone: text(40) = ""
    linkedin: text(200) = ""
    notes: text(MAX_TEXT) = ""


PersonUpdate = partial_of(PersonCreate, "PersonUpdate")


class PersonOut(Schema):
    id: int
    organisation: int | None
    organisation_name: str | None
    user: int | None = Field(description="The user account of this person, if any")
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str
    linkedin: str
    notes: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    @staticmethod
    def resolve_user(obj) -> int | None:
        return obj.user_id


# Programmes (read only here: they are set up in the admin)


class ProgrammeOut(Schema):
    id: int
    name: str
    acronym: str
    description: str
    website: str
    clusters: list[int]

    @staticmethod
    def resolve_clusters(obj) -> list[int]:
        return [cluster.pk for cluster in obj.clusters.all()]


# Reference data for pickers


class NaceOut(Schema):
    code: str
    title: str
    level: int


class NutsOut(Schema):
    code: str
    name: str
    country_code: str
    level: int


class CountryOut(Schema):
    code: str
    name: str
