"""The verbs of accounts: granting roles and issuing API tokens."""

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
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
    audit.record(AuditAction.TOKEN_CREATED, target=user, token=record.name, prefix=record.prefix)
    return record, token


@transaction.atomic
def revoke_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(AuditAction.TOKEN_REVOKED, target=token.user, token=token.name)


@transaction.atomic
def revoke_all_tokens(*, user: User, reason: str = "") -> list[str]:
    """Revoke every active token of the user; returns the names of those revoked, sorted.

    Side effect: one audit entry naming them (and why, when `reason` is given).
    """
    active = ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True)
    names = sorted(active.values_list("name", flat=True))
    if names:
        active.update(revoked_at=timezone.now())
        details = {"count": len(names), "tokens": names}
        if reason:
            details["reason"] = reason
        audit.record(AuditAction.TOKEN_REVOKED, target=user, **details)
    return names


@transaction.atomic
def change_password(*, user: User, password: str | None) -> list[str]:
    """Set a new password (None: no password sign-in) and revoke all the user's API tokens.

    A token made by someone who knew the old password must not outlive it. Side effects: the
    user is saved; audit entries for the change and the revoked tokens. Returns the names of
    the tokens revoked. The password must have been validated (the forms do it).
    """
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    audit.record(AuditAction.PASSWORD_CHANGED, target=user)
    return revoke_all_tokens(user=user, reason="password_changed")


@transaction.atomic
def choose_language(*, user: User, language: str) -> None:
    """Remember the language of the user's pages; "" lets the browser decide. Side effect: the
    user is saved. A code that is not offered is refused (ValueError): the forms offer only
    settings.LANGUAGES."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"language {language!r} is not offered")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


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
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        cluster=cluster,
        programme=programme,
        defaults={"organisation": organisation},
    )
    if organisation is not None and assignment.organisation_id != organisation.pk:
        assignment.organisation = organisation
        assignment.save(update_fields=["organisation", "updated_at"])
    if created:
        audit.record(
            AuditAction.ROLE_GRANTED,
            target=user,
            cluster=assignment.cluster,
            **_role_details(assignment),
        )
    forget_roles(user)
    return assignment


@transaction.atomic
def revoke_role(*, assignment: RoleAssignment) -> None:
    user = assignment.user
    audit.record(
        AuditAction.ROLE_REVOKED,
        target=user,
        cluster=assignment.cluster,
        **_role_details(assignment),
    )
    assignment.delete()
    forget_roles(user)


def _role_details(assignment: RoleAssignment) -> dict:
    """What an audit entry says about a role besides its cluster, which has a column of its own."""
    details = {"role": assignment.role}
    if assignment.programme_id:
        details["programme"] = str(assignment.programme)
    if assignment.organisation_id:
        details["organisation"] = str(assignment.organisation)
    return details
