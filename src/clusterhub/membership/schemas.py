"""API schemas of the membership administration: types with their fee rules, applications."""

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Annotated
from typing import Literal

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.common.api_helpers import partial_of
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.schemas import MAX_TEXT
from clusterhub.registry.schemas import text

Amount = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
MAX_RULES = 50
Name = Annotated[text(120), Field(min_length=1)]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class FeeRuleIn(_Input):
    org_type: OrganisationType | Literal[""] = ""
    size_class: SizeClass | Literal[""] = ""
    yearly_amount: Amount


class FeeRuleOut(Schema):
    id: int
    org_type: str
    size_class: str
    yearly_amount: Decimal


class TypeCreate(_Input):
    name: Name
    description: text(MAX_TEXT) = ""
    is_free: bool = False
    open_for_applications: bool = True
    fee_rules: Annotated[list[FeeRuleIn], Field(max_length=MAX_RULES)] = []


TypeUpdate = partial_of(
    TypeCreate,
    "TypeUpdate",
    doc="Fields given are changed; `fee_rules`, when given, replaces all rules of the type.",
)


class TypeOut(Schema):
    id: int
    cluster_id: int
    name: str
    description: str
    is_free: bool
    open_for_applications: bool
    fee_rules: list[FeeRuleOut]

    @staticmethod
    def resolve_fee_rules(obj):
        return list(obj.fee_rules.all())


class ApplicationOut(Schema):
    id: int
    cluster_id: int
    company_name: str
    registration_number: str
    vat_number: str
    country: str
    org_type: str
    size_class: str
    contact_first_name: str
    contact_last_name: str
    email: str
    membership_type_id: int
    message: str
    status: str
    created_at: datetime
    decided_at: datetime | None
    decline_reason: str
    organisation_id: int | None
    membership_id: int | None
    person_id: int | None


class DecisionIn(_Input):
    decision: Literal["accept", "decline"]
    since: date | None = None
    reason: text(MAX_TEXT) = ""
