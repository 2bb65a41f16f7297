"""The verbs of accounts: granting roles and issuing API tokens."""

import secrets

from django.db import transaction
from django.utils import timezone

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import ApiToken, RoleAssignment, User
from clusterhub.accounts.roles import forget_roles

TOKEN_PREFIX = "chub_"


@transaction.atomic
def create_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Issue a token; returns the stored record and the token itself, which is never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "token",
        prefix=token[:12],
        digest=ApiToken.digest_of(token),
    )
    return record, token


@transaction.atomic
def revoke_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


@transaction.atomic
def revoke_all_tokens(*, user: User) -> int:
    """Revoke every active token of the user; returns how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def user_for_token(token: str) -> User | None:
    """The active user an active token belongs to, recording when the token was last used."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


@transaction.atomic
def grant_role(
    *, user: User, role: Role | str, cluster=None, programme=None, organisation=None
) -> RoleAssignment:
    """Give a user a role in a cluster (or a programme); granting it twice changes nothing."""
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        cluster=cluster,
        programme=programme,
        defaults={"organisation": organisation},
    )
    if organisation is not None and assignment.organisation_id != organisation.pk:
        assignment.organisation = organisation
        assignment.save(update_fields=["organisation", "updated_at"])
    forget_roles(user)
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    assignment.delete()
    forget_roles(user)
