"""Who may reach one record, asked the same way by pages and API handlers.

A record the user may not see is a 404 (its existence is not confirmed); a record they may see
but not act on is a 403. The visible queryset comes from the area's queries.py and the
permission from its rules.py, so neither is written twice; every area's `*_visible_to(user)`
opens the same way (`visible_records`).
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from clusterhub.common.text import MAX_ID
from clusterhub.common.text import parse_id


def visible_records(user, records: QuerySet, own: Callable[[QuerySet], QuerySet]) -> QuerySet:
    """What a `*_visible_to(user)` query answers: every record for an administrator, none for a
    signed-out visitor, and otherwise `own(records)`, the area's rule, asked only then (so it
    may take a signed-in user for granted).

    An administrator is what accounts/roles.py calls one (`roles_of(user).is_admin`): a signed-in,
    active superuser. It is read from the user here because common sits below accounts.
    """
    if user.is_authenticated and user.is_active and user.is_superuser:
        return records
    if not user.is_authenticated:
        return records.none()
    return own(records)


def require(user, permission: str, obj=None) -> None:
    """403 unless the user holds the permission (on the object, when given)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def object_for(user, visible: QuerySet, pk, permission: str = ""):
    """The record with this id among those the user may see, or 404; then 403 unless the user
    holds `permission` on it (when given).

    `pk` may be a URL or form value: anything that cannot be an id names no record (404)."""
    number = pk if isinstance(pk, int) and 1 <= pk <= MAX_ID else parse_id(pk)
    obj = visible.filter(pk=number).first() if number is not None else None
    if obj is None:
        raise Http404
    if permission:
        require(user, permission, obj)
    return obj
