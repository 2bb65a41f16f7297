"""API schemas of the training area: Create, Update (PATCH, every field optional) and Out.

Input schemas hold the column limits, so oversized input is refused with the field named; the
rules of the domain (an expert as trainer, one enrolment per person, scores 1 to 5, completion
before a certificate) run in the models and domain verbs.
"""

from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator
from pydantic import Field

from clusterhub.common.api_helpers import partial_of
from clusterhub.common.content_languages import languages_schema
from clusterhub.training.enums import Competence

MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("give a time zone, e.g. 2017-03-01T09:00:00+02:00")
    return value


def Text(max_length: int):  # noqa: N802 (a type factory)
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


AwareDateTime = Annotated[datetime, AfterValidator(_aware)]
# Range checked by the domain, with words; strict, so that true/false or "3" are refused.
Score = Annotated[int, Field(ge=-(2**31), le=2**31, strict=True)]


# `title` and `description` are read and written in the request's language; `title_lv`... name
# one language's text (docs/translation.md, "Content in several languages").
ProgrammeLanguagesIn = languages_schema(
    "ProgrammeLanguagesIn", Schema, title=Text(200), description=Text(20_000)
)
ProgrammeLanguagesOut = languages_schema(
    "ProgrammeLanguagesOut", Schema, output=True, title=str, description=str
)
ModuleLanguagesIn = languages_schema("ModuleLanguagesIn", Schema, title=Text(200))
ModuleLanguagesOut = languages_schema("ModuleLanguagesOut", Schema, output=True, title=str)


class TrainingProgrammeCreate(ProgrammeLanguagesIn):
    title: Text(200)
    description: Text(20_000) = ""
    programme_id: Id | None = None
    cluster_id: Id | None = None


TrainingProgrammeUpdate = partial_of(
    TrainingProgrammeCreate, "TrainingProgrammeUpdate", exclude=("programme_id", "cluster_id")
)


class TrainingProgrammeOut(ProgrammeLanguagesOut):
    id: int
    title: str
    description: str
    programme_id: int | None
    cluster_id: int | None
    eu_funded: bool

    @staticmethod
    def resolve_eu_funded(obj) -> bool:
        return bool(obj.programme_id and obj.programme.eu_funding_programme)


class ModuleCreate(ModuleLanguagesIn):
    title: Text(200)
    competence: Competence
    description: Text(20_000) = ""
    order: int = Field(1, ge=0, le=32767)
    required: bool = False


ModuleUpdate = partial_of(ModuleCreate, "ModuleUpdate")


class ModuleOut(ModuleLanguagesOut):
    id: int
    training_programme_id: int
    title: str
    competence: str
    competence_label: str
    description: str
    order: int
    required: bool

    @staticmethod
    def resolve_competence_label(obj) -> str:
        return str(obj.get_competence_display())


class SessionCreate(Schema):
    title: Text(200)
    starts_at: AwareDateTime
    ends_at: AwareDateTime
    place: Text(300) = ""
    online_url: Text(200) = ""
    trainer_id: Id
    required: bool = False


SessionUpdate = partial_of(SessionCreate, "SessionUpdate")


class SessionOut(Schema):
    id: int
    module_id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    online_url: str
    trainer_id: int
    trainer_name: str
    required: bool

    @staticmethod
    def resolve_trainer_name(obj) -> str:
        return obj.trainer.display_name

    @staticmethod
    def resolve_required(obj) -> bool:
        return obj.is_required


class MaterialLinkCreate(Schema):
    title: Text(200)
    url: Text(500)


class MaterialOut(Schema):
    id: int
    session_id: int
    title: str
    url: str
    original_name: str
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        if not obj.file:
            return None
        return f"/api/v1/training/materials/{obj.pk}/file"


class EnrolmentCreate(Schema):
    user_id: Id
    cluster_id: Id | None = None


class EnrolmentOut(Schema):
    id: int
    training_programme_id: int
    user_id: int
    user_name: str
    cluster_id: int | None
    required_sessions: int
    attended_required: int
    complete: bool
    certificate_id: int | None


class AttendanceIn(Schema):
    user_id: Id
    present: bool = True


class AttendanceOut(Schema):
    enrolment_id: int
    user_id: int
    user_name: str
    present: bool | None


class SelfAssessmentIn(Schema):
    scores: dict[Annotated[str, Field(max_length=40)], Score] = Field(..., max_length=20)


class SelfAssessmentOut(Schema):
    enrolment_id: int
    phase: str
    scores: dict[str, int]


class GainOut(Schema):
    competence: str
    label: str
    before: Decimal | None
    after: Decimal | None
    gain: Decimal | None
    people: int


class FeedbackIn(Schema):
    rating: Score
    comment: Text(5000) = ""


class FeedbackOut(Schema):
    id: int
    session_id: int
    rating: int
    comment: str
    created_at: datetime


class CertificateIssue(Schema):
    enrolment_id: Id
    issued_on: date | None = None


class CertificateOut(Schema):
    id: int
    enrolment_id: int
    holder_name: str
    programme_title: str
    issued_on: date
    code: str
    valid: bool
    verify_url: str

    @staticmethod
    def resolve_code(obj) -> str:
        return obj.display_code

    @staticmethod
    def resolve_valid(obj) -> bool:
        return obj.is_valid

    @staticmethod
    def resolve_verify_url(obj) -> str:
        return f"/training/certificates/verify/{obj.code}/"


class VerificationOut(Schema):
    valid: bool
    holder_name: str
    programme_title: str
    issued_on: date


class SuggestedModuleOut(Schema):
    module_id: int
    module_title: str
    competence: str
    training_programme_id: int
    training_programme_title: str


class SuggestionOut(Schema):
    indicator_code: str
    indicator_title: str
    percent: Decimal
    training_topics: list[str]
    modules: list[SuggestedModuleOut]


class SuggestionsOut(Schema):
    cluster_id: int
    has_assessment: bool
    message: str
    suggestions: list[SuggestionOut]
