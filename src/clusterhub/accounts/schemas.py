"""API schemas of accounts: the signed-in user and their API tokens."""

from datetime import datetime

from ninja import Schema
from pydantic import ConfigDict
from pydantic import Field
from pydantic import field_validator


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    email: str
    is_platform_admin: bool


class TokenCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=100, description="What the token is for")

    @field_validator("name")
    @classmethod
    def _printable(cls, value: str) -> str:
        value = value.strip()
        if not value or not value.isprintable():
            raise ValueError("give a name of printable characters")
        return value


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the token, to recognise it")
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    is_active: bool


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself: shown this once, never again")


class AuditEntryOut(Schema):
    id: int
    at: datetime
    actor_id: int | None = Field(description="The user who acted; null for the system")
    actor_name: str = Field(description="The username at the time (or the name tried)")
    action: str
    target_type: str = Field(description="app_label.model of the record acted on")
    target_id: str
    target_repr: str
    cluster_id: int | None
    ip: str | None
    details: dict
