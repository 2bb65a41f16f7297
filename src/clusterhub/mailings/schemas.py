"""API schemas of mailings. Choices are checked by the model's clean(), which names the field."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field

from clusterhub.mailings.sending import counts_of
from clusterhub.registry.schemas import MAX_TEXT
from clusterhub.registry.schemas import Id
from clusterhub.registry.schemas import text

Codes = Annotated[list[text(20)], Field(max_length=50)]


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


class VersionIn(_Input):
    subject: text(200)
    body_html: text(MAX_TEXT)


class _Segment(_Input):
    category: text(10) | None = None
    default_language: text(8) | None = None
    audience: text(10) | None = None
    event: Id | None = None
    training_programme: Id | None = None
    role: text(32) | None = None
    org_types: Codes | None = None
    size_classes: Codes | None = None
    nace_divisions: Codes | None = None
    nuts_region: text(5) | None = None
    committed: text(3) | None = None
    non_respondents_of: Id | None = None
    versions: dict[text(8), VersionIn] | None = None


class MailingCreate(_Segment):
    cluster: Id
    title: text(200)


class MailingUpdate(_Segment):
    title: text(200) | None = None


class VersionOut(Schema):
    language: str
    subject: str
    body_html: str


class CountsOut(Schema):
    pending: int
    sending: int
    sent: int
    failed: int
    skipped: int
    total: int


class MailingOut(Schema):
    id: int
    cluster: int = Field(alias="cluster_id")
    title: str
    category: str
    default_language: str
    audience: str
    event: int | None = Field(alias="event_id")
    training_programme: int | None = Field(alias="training_programme_id")
    role: str
    org_types: list[str]
    size_classes: list[str]
    nace_divisions: list[str]
    nuts_region: str
    committed: str
    non_respondents_of: int | None = Field(alias="non_respondents_of_id")
    status: str
    scheduled_for: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    versions: list[VersionOut]
    counts: CountsOut

    @staticmethod
    def resolve_versions(obj):
        return list(obj.versions.all())

    @staticmethod
    def resolve_counts(obj):
        return counts_of(obj)


class RecipientOut(Schema):
    email: str
    name: str
    organisation: str
    language: str


class PreviewOut(Schema):
    count: int
    unsubscribed: int
    bounced: int
    first: list[RecipientOut]


class SendIn(_Input):
    when: dt.datetime | None = None


class SendOut(Schema):
    recipients: int
    status: str


class TestOut(Schema):
    sent_to: str


class BounceIn(_Input):
    email: text(254)
    reason: text(300) = ""


class BounceOut(Schema):
    email: str
    reason: str
    count: int
