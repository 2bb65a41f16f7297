"""Small helpers every area's API handlers share: id path parameters, a record a payload names
by id, the partial-update rule of PATCH, and the `ETag` / `If-Match` protection against lost
updates (reaching a record, 404 and 403, is common/access.py, shared with the pages)."""

from typing import Annotated
from typing import Optional

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Path
from ninja.errors import HttpError
from pydantic import create_model
from pydantic.fields import FieldInfo

from clusterhub.common.concurrency import StaleRecord
from clusterhub.common.concurrency import fingerprint

# The largest id a database column can hold; a larger one is a 422, not a database error.
MAX_ID = 2**63 - 1


# The same bound as a type, for handlers whose id comes before a body without a default.
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="Id of the object")]


def path_id(description: str):
    """A positive id in the URL path, bounded so no database is asked for an impossible one."""
    return Path(..., ge=1, le=MAX_ID, description=description)


def chosen(records: QuerySet, pk, *, field: str, message: str | None = None):
    """The record a payload names by id in `field`, among `records` (those the user may choose);
    None when the payload names none.

    Any other id is refused on that field: a 422 whose `errors` give `message` under `field`
    (common/api_errors.py), not a 404, since the request's own address was found. `message` may
    name the id as `%(id)s`.
    """
    if pk is None:
        return None
    record = records.filter(pk=pk).first()
    if record is None:
        text = _("There is no such record (%(id)s).") if message is None else message
        raise ValidationError({field: text % {"id": pk}})
    return record


def etag_of(*records) -> str:
    """The version of what an answer shows, as an HTTP entity tag: the fingerprint of its
    records (common/concurrency.py)."""
    return f'"{fingerprint(*records)}"'


def with_etag(response: HttpResponse, obj, *, version=None):
    """Put the version of what the answer shows (`ETag`) for a later `If-Match`; returns obj.

    `response` is the one ninja passes to a handler that declares `response: HttpResponse`.
    `version` names the records the answer shows when they are more than `obj` (a project with
    its partners) or when `obj` is not a record (a budget table).
    """
    response["ETag"] = etag_of(*(version if version is not None else (obj,)))
    return obj


def if_match(request, *records) -> None:
    """412 when the request's `If-Match` names another version of the records than they have
    now (the records whose version the GET's `ETag` gave).

    Without `If-Match` the update goes ahead (the header is how a client avoids lost updates).
    Call it inside the transaction that writes, i.e. in a handler decorated with
    `@transaction.atomic`: the rows stay locked from the comparison to the write.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("if_match must run inside the writing transaction")
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if "*" in tags:
        return
    if f'"{fingerprint(*records, lock=True)}"' not in tags:
        raise HttpError(412, StaleRecord(records[0]).messages[0])


def patch_values(payload) -> dict:
    """The fields a PATCH body names, with their new values: the one partial-update rule of
    the whole API (JSON Merge Patch, RFC 7396). A field left out stays as it is; a field sent
    as null is cleared."""
    return payload.model_dump(exclude_unset=True)


def partial_of(
    create, name: str, *, doc: str | None = None, exclude: tuple[str, ...] = (), base=None
):
    """The PATCH body of a record, made from its POST body (`create`): every field of it but
    `exclude`, each optional with no default, so the two never drift apart. The class is named
    `name` (its schema name in the OpenAPI document), described by `doc` (if any), and derives from
    `base` (by default the parent of `create`, for its configuration and validators)."""
    fields = {}
    for field_name, info in create.model_fields.items():
        if field_name in exclude:
            continue
        # The field's constraints and validators stay on its type, inside the Optional, so a
        # null is let through (it clears the field) rather than checked as a value.
        kind = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        optional = FieldInfo.merge_field_infos(info, default=None)
        optional.default_factory = None
        optional.metadata = []
        fields[field_name] = (Optional[kind], optional)  # noqa: UP045 (built at run time)
    parent = base if base is not None else create.__mro__[1]
    return create_model(name, __base__=parent, __doc__=doc, __module__=create.__module__, **fields)


def apply_patch(obj, values: dict) -> None:
    """Set the named fields on the record; null clears a text field to "" (text columns hold no
    NULL) and any other field to None, which the model's validation refuses where a value is
    required, naming the field."""
    for name, value in values.items():
        if value is None:
            field = obj._meta.get_field(name)
            if not field.null and field.get_internal_type() in ("CharField", "TextField"):
                value = ""
        setattr(obj, name, value)
