"""API schemas of member services: Create / Update / Out per object, limits of the columns."""

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Annotated
from typing import Literal

from django.conf import settings
from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.common.api_helpers import partial_of
from clusterhub.common.content_languages import languages_schema
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.schemas import MAX_TEXT
from clusterhub.registry.schemas import Id
from clusterhub.registry.schemas import NaceCode
from clusterhub.registry.schemas import text
from clusterhub.services.enums import PriceModel
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus

Price = Annotated[Decimal, Field(ge=0, max_digits=10, decimal_places=2, allow_inf_nan=False)]
MAX_LIST = 50


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


# `name` and `description` are read and written in the request's language; `name_lv`... name
# one language's text (docs/translation.md, "Content in several languages").
ServiceLanguagesIn = languages_schema(
    "ServiceLanguagesIn", _Input, name=text(200), description=text(MAX_TEXT)
)
ServiceLanguagesOut = languages_schema(
    "ServiceLanguagesOut", Schema, output=True, name=str, description=str
)


class ServiceCreate(ServiceLanguagesIn):
    name: text(200)
    category: ServiceCategory
    status: ServiceStatus = ServiceStatus.IDEA
    description: text(MAX_TEXT) = ""
    owner: Id | None = None
    target_org_types: list[OrganisationType] = Field(default_factory=list, max_length=MAX_LIST)
    target_size_classes: list[SizeClass] = Field(default_factory=list, max_length=MAX_LIST)
    target_sectors: list[NaceCode] = Field(default_factory=list, max_length=MAX_LIST)
    resources: text(MAX_TEXT) = ""
    price_model: PriceModel | None = None
    price_eur: Price | None = None
    launch_date: date | None = None
    success_kpi: text(300) = ""
    retired_on: date | None = None


ServiceUpdate = partial_of(ServiceCreate, "ServiceUpdate", exclude=("status",))


class ServiceOut(ServiceLanguagesOut):
    id: int
    cluster: int = Field(alias="cluster_id")
    name: str
    category: str
    status: str
    description: str
    owner: int | None = Field(alias="owner_id")
    target_org_types: list[str]
    target_size_classes: list[str]
    target_sectors: list[str]
    resources: str
    price_model: str
    price_eur: Decimal | None
    launch_date: date | None
    success_kpi: str
    retired_on: date | None


class MoveIn(_Input):
    to_status: ServiceStatus
    reason: text(2000)


class DecisionOut(Schema):
    id: int
    service: int = Field(alias="service_id")
    from_status: str
    to_status: str
    decided_by: int = Field(alias="decided_by_id")
    decided_at: datetime
    reason: str


class GuidanceIn(_Input):
    text: text(10_000)


class GuidanceOut(Schema):
    id: int
    service: int = Field(alias="service_id")
    author: int = Field(alias="author_id")
    text: str
    created_at: datetime


class UptakeIn(_Input):
    organisation: Id
    used_on: date
    satisfaction: int | None = Field(None, ge=1, le=5)
    comment: text(2000) = ""


class UptakeOut(Schema):
    id: int
    service: int = Field(alias="service_id")
    organisation: int = Field(alias="organisation_id")
    used_on: date
    satisfaction: int | None
    comment: str


# The codes of the offered languages; any other code is refused with the field named.
SurveyLanguage = Literal[tuple(code for code, _name in settings.LANGUAGES)]


class SurveyCreate(_Input):
    title: text(200) = ""
    introduction: text(MAX_TEXT) = ""
    from_template: bool = False
    # The language the questions are written in; none: the request's active language, as on
    # the page (services.domain.survey_language).
    language: SurveyLanguage | None = None


class SurveyOut(Schema):
    id: int
    cluster: int = Field(alias="cluster_id")
    title: str
    introduction: str
    language: str
    status: str
    opened_at: datetime | None
    closed_at: datetime | None


class QuestionIn(_Input):
    text: text(500)
    kind: QuestionKind
    choices: list[text(200)] = Field(default_factory=list, max_length=20)
    category: ServiceCategory | None = None
    required: bool = True


class SurveyQuestionOut(Schema):
    id: int
    position: int
    text: str
    kind: str
    choices: list[str]
    category: str
    required: bool


class SurveyDetailOut(SurveyOut):
    questions: list[SurveyQuestionOut]


class TokensIn(_Input):
    labels: list[text(200)] = Field(min_length=1, max_length=500)


class SurveyTokenOut(Schema):
    id: int
    label: str
    token: str
    url: str


AnswerValue = int | text(5000) | list[text(500)] | None


class ResponseIn(_Input):
    # Question id (as a string, JSON object keys are strings) -> answer.
    answers: dict[str, AnswerValue] = Field(max_length=200)


class ResponseOut(Schema):
    id: int
    survey: int = Field(alias="survey_id")
    submitted_at: datetime


class OptionCount(Schema):
    option: str
    count: int


class QuestionResultOut(Schema):
    question_id: int
    text: str
    kind: str
    category: str
    answered: int
    counts: list[OptionCount]
    mean: Decimal | None
    texts: list[str]


class CategoryMeanOut(Schema):
    category: str
    mean: Decimal
    ratings: int


class ResultsOut(Schema):
    survey: int
    responses: int
    questions: list[QuestionResultOut]
    category_means: list[CategoryMeanOut]


class OpportunityOut(Schema):
    rank: int
    category: str
    kind: str
    score: Decimal
    reasons: list[str]
    mean_rating: Decimal | None
    ratings: int
    weak_indicators: list[str]
    unmet_requests: int | None
    active_services: list[str]
    in_development: list[str]
    mean_satisfaction: Decimal | None


class GapsOut(Schema):
    cluster: int
    survey: int | None
    survey_responses: int
    assessment_available: bool
    requests_available: bool
    opportunities: list[OpportunityOut]


class ComparisonCell(Schema):
    cluster: int
    acronym: str
    services: list[str]


class ComparisonRowOut(Schema):
    category: str
    label: str
    offered_by: int
    clusters: list[ComparisonCell]


class ComparisonOut(Schema):
    programme: int
    rows: list[ComparisonRowOut]
