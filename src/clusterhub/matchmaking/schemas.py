"""API schemas of matchmaking: separate create/update/read shapes."""

from datetime import date
from datetime import datetime
from decimal import Decimal

from ninja import Field
from ninja import Schema

from clusterhub.common.api_helpers import partial_of
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import ProfileKind
from clusterhub.matchmaking.enums import Visibility
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.schemas import Id

# Long descriptions are accepted and cut by the domain verb (the response says so); beyond
# this the request itself is refused.
MAX_BODY_TEXT = 100_000


class OrgRef(Schema):
    id: int
    name: str
    country: str


class ProfileOut(Schema):
    id: int
    kind: ProfileKind
    title: str
    description: str
    keywords: str
    nace_codes: list[str]
    target_regions: str
    deadline: date | None
    visibility: Visibility
    cluster_id: int
    organisation: OrgRef | None = Field(description="null for an anonymous profile")
    is_open: bool
    notices: list[str] = []


class ProfileCreate(Schema):
    organisation_id: Id
    cluster_id: Id
    kind: ProfileKind
    title: str = Field(..., min_length=1, max_length=200)
    description: str = Field(..., max_length=MAX_BODY_TEXT)
    keywords: str = Field("", max_length=300)
    nace_codes: list[str] = Field([], max_length=50)
    target_regions: str = Field("", max_length=200)
    deadline: date | None = None
    visibility: Visibility = Visibility.PUBLIC


ProfileUpdate = partial_of(
    ProfileCreate, "ProfileUpdate", exclude=("organisation_id", "cluster_id")
)


class ReasonOut(Schema):
    code: str
    text: str


class RecommendationOut(Schema):
    organisation: OrgRef | None = Field(description="null when the matching profile is anonymous")
    profile_id: int | None
    profile_title: str | None
    score: float
    parts: dict[str, float]
    reasons: list[ReasonOut]


class RecommendationQuery(Schema):
    top: int = Field(10, ge=1, le=100)
    sector: str = Field("", max_length=8)
    country: str = Field("", max_length=2)
    org_type: OrganisationType | None = None
    other_clusters_only: bool = False


class IntroductionIn(Schema):
    requester_id: Id
    target_id: Id | None = None
    profile_id: Id | None = None
    message: str = Field("", max_length=2000)


class IntroductionOut(Schema):
    id: int
    requester: OrgRef
    target: OrgRef | None = Field(description="hidden while an anonymous profile's owner decides")
    profile_id: int | None
    status: str
    message: str
    created_at: datetime
    decided_at: datetime | None
    collaboration_id: int | None


class CollaborationOut(Schema):
    id: int
    title: str
    partners: list[OrgRef]
    value_chain_id: int | None
    status: CollaborationStatus
    expected_value_eur: Decimal | None
    realised_value_eur: Decimal | None
    notes: str
    introduction_id: int | None


class CollaborationUpdate(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    status: CollaborationStatus | None = None
    value_chain_id: Id | None = None
    expected_value_eur: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    realised_value_eur: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    notes: str | None = Field(None, max_length=20_000)


class StageIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    nace_codes: list[str] = Field(..., min_length=1, max_length=50)


class ValueChainIn(Schema):
    cluster_id: Id
    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=5000)
    stages: list[StageIn] = Field(..., min_length=1, max_length=30)


class StageOut(Schema):
    position: int
    name: str
    nace_codes: list[str]
    members: list[OrgRef]
    is_gap: bool


class ValueChainOut(Schema):
    id: int
    cluster_id: int
    name: str
    description: str
    stages: list[StageOut]
    gaps: list[str]
