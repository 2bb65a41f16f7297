"""API shapes of the assessment area (separate create/read schemas)."""

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field
from ninja import Schema
from pydantic import StringConstraints

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


# Framework texts come in the request's language (Accept-Language, or the signed-in user's
# profile language), English where the framework has no translation: each is read from the
# model's `local_...` property of the same text.


class AreaOut(Schema):
    code: str
    title: str = Field(..., alias="local_title")


class IndicatorOut(Schema):
    code: str
    area: str = Field(..., alias="area.code")
    title: str = Field(..., alias="local_title")
    question: str = Field(..., alias="local_question")
    help_text: str = Field(..., alias="local_help")
    answer_type: str
    unit: str = Field(..., alias="local_unit")
    max_points: Decimal
    has_minimum: bool
    source: str
    scoring: dict
    service_categories: list[str]
    training_topics: list[str]

    @staticmethod
    def resolve_scoring(obj):
        if "options" not in obj.scoring:
            return obj.scoring
        return dict(obj.scoring, options=obj.local_options)


class FrameworkOut(Schema):
    id: int
    code: str
    version: str
    name: str = Field(..., alias="local_name")
    description: str = Field(..., alias="local_description")
    is_active: bool
    labels: dict = Field(..., alias="label_rules")


class FrameworkDetailOut(FrameworkOut):
    areas: list[AreaOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_areas(obj):
        return list(obj.areas.all())

    @staticmethod
    def resolve_indicators(obj):
        return list(obj.indicators.select_related("area"))


class AssessmentOut(Schema):
    id: int
    cluster: int = Field(..., alias="cluster_id")
    framework: int = Field(..., alias="framework_id")
    programme: int | None = Field(None, alias="programme_id")
    period_start: date
    period_end: date
    status: str
    submitted_at: datetime | None
    approved_at: datetime | None
    total_points: Decimal
    max_points: Decimal
    total_percent: Decimal
    area_percents: dict[str, Decimal]


class AssessmentCreate(Schema):
    cluster: Id
    framework: Id | None = Field(None, description="Default: the newest active framework")
    period_start: date
    period_end: date
    programme: Id | None = None


class EvidenceOut(Schema):
    id: int
    original_name: str
    size: int
    link: str
    description: str


class AnswerOut(Schema):
    indicator: str = Field(..., alias="indicator.code")
    answered: bool
    number: Decimal | None
    choice: str
    flag: bool | None
    text: str
    computed_number: Decimal | None
    override_reason: str
    points: Decimal
    expert_points: Decimal | None
    expert_reason: str
    expert_comment: str
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())


class AnswerUpdate(Schema):
    # yes/no answers may come as JSON booleans, numbers as JSON numbers; all else as text.
    value: bool | int | Decimal | Annotated[str, StringConstraints(max_length=10000)] | None = None
    override_reason: str = Field("", max_length=2000)


class LinkCreate(Schema):
    link: str = Field(..., max_length=500)
    description: str = Field("", max_length=300)


class AreaScoreOut(Schema):
    code: str
    points: Decimal
    max_points: Decimal
    percent: Decimal


class GapOut(Schema):
    kind: str
    subject: str
    text: str


class ReadinessOut(Schema):
    level: str
    ready: bool
    gaps: list[GapOut]
    improvements: list[GapOut]


class ScoreOut(Schema):
    points: Decimal
    max_points: Decimal
    percent: Decimal
    areas: list[AreaScoreOut]
    unmet_minimums: list[str]
    readiness: list[ReadinessOut]


class PositionOut(Schema):
    code: str
    value: Decimal
    percentile: Decimal | None
    peer_median: Decimal | None
    excellence_median: Decimal | None


class BenchmarkOut(Schema):
    group: str
    group_size: int
    shown: bool
    total: PositionOut | None
    areas: list[PositionOut]
    indicators: list[PositionOut]


class ReviewOut(Schema):
    id: int
    assessment: int = Field(..., alias="assessment_id")
    expert: int = Field(..., alias="expert_id")
    strengths: str
    weaknesses: str
    recommendations: str
    approved_at: datetime | None


class ReviewCreate(Schema):
    expert: Id


class FindingsUpdate(Schema):
    strengths: str = Field("", max_length=20000)
    weaknesses: str = Field("", max_length=20000)
    recommendations: str = Field("", max_length=20000)


class AnswerReview(Schema):
    comment: str = Field("", max_length=5000)
    points: Decimal | None = Field(None, ge=0, le=1000, max_digits=6, decimal_places=2)
    reason: str = Field("", max_length=2000)


class AwardOut(Schema):
    id: int
    cluster: int = Field(..., alias="cluster_id")
    level: str
    assessment: int | None = Field(None, alias="assessment_id")
    awarded_on: date
    valid_from: date
    valid_until: date
    renewal_of: int | None = Field(None, alias="renewal_of_id")


class AwardCreate(Schema):
    level: str = Field(..., pattern="^(bronze|silver|gold)$")
    awarded_on: date
