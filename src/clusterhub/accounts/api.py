"""The signed-in user and their personal API tokens."""

from ninja import Query
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.accounts import domain
from clusterhub.accounts.filters import AuditFilters
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.schemas import AuditEntryOut
from clusterhub.accounts.schemas import MeOut
from clusterhub.accounts.schemas import TokenCreate
from clusterhub.accounts.schemas import TokenCreated
from clusterhub.accounts.schemas import TokenOut
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import path_id
from clusterhub.common.pagination import PageNumber

router = Router(tags=["accounts"])


@router.get("/me", response={200: MeOut, **ERRORS})
def me(request):
    """The signed-in user."""
    return request.user


@router.get("/tokens", response=list[TokenOut])
@paginate(PageNumber)
def list_tokens(request):
    """Your API tokens, newest first, revoked ones included; never the tokens themselves."""
    require(request.user, "accounts.manage_own_tokens")
    return ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")


@router.post("/tokens", response={201: TokenCreated, **ERRORS})
def create_token(request, payload: TokenCreate):
    """Issue a token. The answer is the only time the token itself is shown: keep it."""
    require(request.user, "accounts.manage_own_tokens")
    record, token = domain.create_token(user=request.user, name=payload.name)
    record.token = token
    return Status(201, record)


@router.delete("/tokens/{token_id}", response=NO_CONTENT)
def revoke_token(request, token_id: int = path_id("Token id")):
    """Revoke one of your tokens; another user's token is not found (404)."""
    require(request.user, "accounts.manage_own_tokens")
    record = object_for(request.user, ApiToken.objects.filter(user=request.user), token_id)
    domain.revoke_token(token=record)
    return Status(204, None)


@router.get("/audit-log", response={200: list[AuditEntryOut], **ERRORS})
@paginate(PageNumber)
def list_audit_log(request, filters: Query[AuditFilters]):
    """The audit log, newest first. Permission: accounts.view_audit_log (platform admins)."""
    require(request.user, "accounts.view_audit_log")
    return filters.apply(AuditEntry.objects.all())
