"""The audit log: `record(action, target=..., **details)` from inside a verb's transaction.

Who acted and from where come from the request being served, which the middleware in
accounts/middleware.py keeps in a context variable. The user is read from the request only when
an entry is written, because API bearer-token authentication sets `request.user` after every
middleware has run.
Outside a request (a management command, the demo loader) the actor is "system".

Entries are written with the caller's database connection inside its transaction, so an action
that is rolled back leaves no entry behind.
"""

from django.contrib.auth import user_logged_in
from django.contrib.auth import user_logged_out
from django.contrib.auth import user_login_failed
from django.dispatch import receiver

from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.middleware import current_request
from clusterhub.accounts.models import AuditEntry
from clusterhub.common.security import client_address

SYSTEM = "system"
_UNSET = object()


def _ip_of(request) -> str | None:
    return client_address(request) if request is not None else None


def _user_of(request):
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def record(action: AuditAction | str, **kwargs) -> AuditEntry:
    """Append one entry: `entry_for(action, **kwargs)`, saved."""
    entry = entry_for(action, **kwargs)
    entry.save()
    return entry


def entry_for(
    action: AuditAction | str,
    *,
    target=None,
    cluster=None,
    actor=_UNSET,
    actor_name: str = "",
    request=None,
    **details,
) -> AuditEntry:
    """One audit entry, unsaved (`record` saves it; a verb that writes many rows at once stores
    their entries with one AuditEntry.objects.bulk_create). `cluster` defaults to the target's
    own cluster when it has one. `details` must be small and JSON-friendly (Decimal and dates
    are written as strings)."""
    request = request if request is not None else current_request.get()
    if actor is _UNSET:
        actor = _user_of(request)
    if cluster is None and target is not None:
        cluster_id = getattr(target, "cluster_id", None)
    else:
        cluster_id = getattr(cluster, "pk", None)
    entry = AuditEntry(
        action=action,
        actor=actor,
        actor_name=(actor_name or (actor.get_username() if actor is not None else SYSTEM))[:150],
        cluster_id=cluster_id,
        ip=_ip_of(request),
        details=details,
    )
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(target.pk)
        entry.target_repr = str(target)[:200]
    return entry


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, actor=user, request=request)


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, actor=user, request=request)


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django already masks the password in `credentials`; only the attempted name is kept.
    attempted = str(credentials.get("username") or "")[:150]
    record(AuditAction.LOGIN_FAILED, actor=None, actor_name=attempted or "?", request=request)


def exported(what: str, *, target=None, cluster=None, **details) -> AuditEntry:
    """Record a download that holds people's names or contacts; `what` names the file kind."""
    return record(
        AuditAction.PERSONAL_DATA_EXPORTED, target=target, cluster=cluster, export=what, **details
    )
