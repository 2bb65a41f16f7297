"""API schemas of the events app: Create / Update / Out per object, with the columns' limits."""

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator
from pydantic import Field

from clusterhub.common.content_languages import languages_schema
from clusterhub.events.enums import Audience
from clusterhub.events.enums import EventKind

MAX_ID = 2**63 - 1
MAX_TEXT = 20_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def Text(max_length: int):  # noqa: N802 - reads like a type in the schemas
    return Annotated[str, Field(max_length=max_length), AfterValidator(_no_nul)]


# `title` and `description` are read and written in the request's language; `title_lv`... name
# one language's text (docs/translation.md, "Content in several languages").
EventLanguagesIn = languages_schema(
    "EventLanguagesIn", Schema, title=Text(200), description=Text(MAX_TEXT)
)
EventLanguagesOut = languages_schema(
    "EventLanguagesOut", Schema, output=True, title=str, description=str
)
SessionLanguagesIn = languages_schema("SessionLanguagesIn", Schema, title=Text(200))
SessionLanguagesOut = languages_schema("SessionLanguagesOut", Schema, output=True, title=str)


class EventBase(EventLanguagesIn):
    title: Text(200) | None = None
    kind: EventKind | None = None
    description: Text(MAX_TEXT) | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    timezone: Text(64) | None = None
    venue: Text(300) | None = None
    city: Text(100) | None = None
    online_url: Text(200) | None = None
    capacity: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    registration_opens: datetime | None = None
    registration_closes: datetime | None = None
    audience: Audience | None = None
    audience_clusters: list[Id] | None = None
    language: Text(5) | None = None
    published: bool | None = None
    b2b_enabled: bool | None = None
    meeting_minutes: Annotated[int, Field(ge=15, le=30)] | None = None
    b2b_tables: Annotated[int, Field(ge=0, le=10_000)] | None = None
    b2b_cap: Annotated[int, Field(ge=1, le=1000)] | None = None
    request_expiry_hours: Annotated[int, Field(ge=1, le=10_000)] | None = None


class EventCreate(EventBase):
    title: Text(200)
    kind: EventKind
    starts_at: datetime
    ends_at: datetime
    capacity: Annotated[int, Field(ge=1, le=1_000_000)]
    registration_opens: datetime
    registration_closes: datetime
    cluster: Id | None = None
    programme: Id | None = None


class EventUpdate(EventBase):
    pass


class EventOut(EventLanguagesOut):
    id: int
    title: str
    kind: str
    description: str
    cluster_id: int | None
    programme_id: int | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: str
    city: str
    online_url: str
    capacity: int
    registration_opens: datetime
    registration_closes: datetime
    audience: str
    language: str
    published: bool
    b2b_enabled: bool
    meeting_minutes: int
    b2b_tables: int
    b2b_cap: int
    request_expiry_hours: int
    b2b_published: bool


class SessionIn(SessionLanguagesIn):
    title: Text(200)
    starts_at: datetime
    ends_at: datetime
    room: Text(100) = ""
    description: Text(MAX_TEXT) = ""
    speakers: list[Id] = []


class EventSessionOut(SessionLanguagesOut):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    room: str
    description: str
    speakers: list[int]

    @staticmethod
    def resolve_speakers(obj) -> list[int]:
        return [p.pk for p in obj.speakers.all()]


class ConflictOut(Schema):
    kind: str
    sessions: list[int]
    message: str


class EventQuestionIn(Schema):
    label: Text(200)
    kind: Text(10) = "text"
    choices: Text(MAX_TEXT) = ""
    required: bool = False
    position: Annotated[int, Field(ge=0, le=100_000)] = 0


class QuestionOut(Schema):
    id: int
    label: str
    kind: str
    choices: list[str]
    required: bool
    position: int

    @staticmethod
    def resolve_choices(obj) -> list[str]:
        return obj.choice_list


class RegisterIn(Schema):
    answers: dict[str, Text(2000) | bool] = {}


class RegistrationOut(Schema):
    id: int
    event_id: int
    user_id: int
    name: str
    status: str
    answers: dict
    checked_in_at: datetime | None
    b2b_opt_in: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.display_name


class AgendaIn(Schema):
    sessions: list[Id]


class EventFeedbackIn(Schema):
    overall: Annotated[int, Field(ge=1, le=5)]
    content: Annotated[int, Field(ge=1, le=5)]
    organisation: Annotated[int, Field(ge=1, le=5)]
    comment: Text(5000) = ""


class FollowUpIn(Schema):
    led_to_agreement: bool
    agreements: Annotated[int, Field(ge=0, le=1000)] = 0
    notes: Text(5000) = ""


class OptInIn(Schema):
    opt_in: bool = True
    profile: Text(5000) = ""
    cap: Annotated[int, Field(ge=1, le=100)] | None = None


class AvailabilityIn(Schema):
    slots: list[Id]


class SlotsIn(Schema):
    starts_at: datetime
    count: Annotated[int, Field(ge=1, le=96)]
    gap_minutes: Annotated[int, Field(ge=0, le=240)] = 0


class SlotOut(Schema):
    id: int
    starts_at: datetime
    ends_at: datetime


class ParticipantOut(Schema):
    registration_id: int
    name: str
    organisation: str | None
    profile: str


class MeetingRequestIn(Schema):
    receiver: Id
    message: Text(2000)
    priority: Annotated[int, Field(ge=1, le=3)] = 1


class MeetingRequestOut(Schema):
    id: int
    sender_id: int
    receiver_id: int
    message: str
    priority: int
    status: str
    expires_at: datetime


class AnswerIn(Schema):
    accept: bool


class LockIn(Schema):
    slot: Id
    table: Annotated[int, Field(ge=1, le=10_000)]


class MeetingOut(Schema):
    id: int
    request_id: int
    slot_id: int
    starts_at: datetime = Field(alias="slot.starts_at")
    ends_at: datetime = Field(alias="slot.ends_at")
    table: int
    locked: bool
    status: str
    sender_id: int = Field(alias="request.sender_id")
    receiver_id: int = Field(alias="request.receiver_id")


class ScheduleIn(Schema):
    time_limit: Annotated[float, Field(gt=0, le=600)] = 10.0


class RunOut(Schema):
    placed: int
    objective: int
    upper_bound: int
    optimal: bool
    greedy: int
    idle_slots: int
    seconds: float


class PublishIn(Schema):
    published: bool = True


class StatisticsOut(Schema):
    participants: int
    requests: dict[str, int]
    acceptance_rate: float | None
    meetings: int
    meetings_held: int
    per_participant: float
    empty_tables: int
    table_slots: int
    follow_up_answers: int
    agreements: int
    collaborations_created: int | None
