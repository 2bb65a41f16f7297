"""Small helpers every area's API handlers share: id path parameters, 404 and 403."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from ninja import Path

# The largest id a database column can hold; a larger one is a 422, not a database error.
MAX_ID = 2**63 - 1


def path_id(description: str):
    """A positive id in the URL path, bounded so no database is asked for an impossible one."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def get_visible(queryset: QuerySet, pk: int):
    """The object with this id among those the user may see (the queryset), or 404."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def require(user, permission: str, obj=None) -> None:
    """403 unless the user holds the permission (on the object, when given)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied
