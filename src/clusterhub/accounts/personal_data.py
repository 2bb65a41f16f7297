"""A person's own data: everything ClusterHub holds about them, and deleting their account.

accounts sits below every area and imports none of them. The export is generic on purpose:
every row of any model that points at the user (a registration, an enrolment, an expenditure
they entered...) is in it, so an area added later is exported without a change here. What an
area keeps beyond such rows (the registry's person records, messages in events, names on
certificates) it tells accounts through a `PersonalDataSource` registered in its
`AppConfig.ready()` (`register_source`): extra export sections, the person's names, and how to
blank its texts when the account is deleted.

Deleting an account anonymises instead of deleting rows: expenditures, grant records,
services decisions and the audit log must keep who did what, so they keep their link to the
(now anonymous) user, and the texts that named the person are blanked or replaced.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.models import ApiToken
from clusterhub.accounts.models import AuditEntry
from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.accounts.roles import forget_roles

FORMAT_VERSION = 1
# Sent by anonymise_user, inside its transaction and before anything is blanked, with `user`:
# each area above accounts ends through its own verbs what the person still takes part in
# (events cancels future registrations and meetings, so those waiting move up).
account_leaving = Signal()
DELETED_PERSON = ("Deleted", "person")
# Rows of these models are exported in their own sections (or, for the change history and the
# admin's log, not at all: they record edits to other records, not facts about the person).
# Sources add their own (`PersonalDataSource.own_sections`).
_OWN_SECTIONS = {
    "accounts.roleassignment",
    "accounts.apitoken",
    "accounts.auditentry",
}
_USER_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "language",
    "is_active",
    "is_superuser",
    "date_joined",
    "last_login",
)


@dataclass(frozen=True)
class PersonalDataSource:
    """What an area above accounts keeps about a person beyond the rows that point at the user.

    Every hook is optional and takes the user (keyword `user`):
    - `sections`: top-level sections of the export, e.g. {"people": [...]};
    - `records`: more rows for the export's `records`, by model label (rows linked to the
      person through another row, such as the meeting requests their registrations sent);
    - `names`: (identifying texts, weaker texts) naming the person in that area, e.g. full names
      and emails, then first and last names on their own; read before anything is blanked;
    - `anonymise`: blank what the area keeps, with `deleted_person` (the text that replaces
      the name) and `olds` (the identifying texts, longest first, to replace in others' texts).
    `own_sections`: model labels exported by `sections`, left out of the generic records.
    """

    area: str
    sections: Callable[..., dict[str, list[dict]]] | None = None
    records: Callable[..., dict[str, list[dict]]] | None = None
    names: Callable[..., tuple[list[str], list[str]]] | None = None
    anonymise: Callable[..., None] | None = None
    own_sections: frozenset[str] = frozenset()


_SOURCES: dict[str, PersonalDataSource] = {}


def register_source(source: PersonalDataSource) -> None:
    """Called from an area's `AppConfig.ready()`; registering the same area again replaces it."""
    _SOURCES[source.area] = source


def sources() -> list[PersonalDataSource]:
    """The registered sources, in the order the areas registered (INSTALLED_APPS order)."""
    return list(_SOURCES.values())


def _value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row(obj, *, skip=()) -> dict:
    """The stored fields of one row; binary columns (embeddings) and secrets left out."""
    return {
        f.attname: _value(obj, f)
        for f in obj._meta.concrete_fields
        if not isinstance(f, models.BinaryField) and f.attname not in skip
    }


def _user_links():
    """(model, field) for every foreign key or one-to-one field that points at the user model."""
    own = _OWN_SECTIONS.union(*(source.own_sections for source in sources()))
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            label in own
            or label == "admin.logentry"
            or label.split(".")[1].startswith("historical")
        ):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def export_personal_data(*, user: User) -> dict:
    """Everything held about the user, as JSON-ready data. Records the export in the audit log."""
    records: dict[str, list[dict]] = {}
    for model, field in _user_links():
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        for obj in rows:
            linked = row(obj)
            linked["_linked_by"] = field.name
            records.setdefault(model._meta.label_lower, []).append(linked)
    sections: dict[str, list[dict]] = {}
    for source in sources():
        if source.records is not None:
            records.update(source.records(user=user))
        if source.sections is not None:
            sections.update(source.sections(user=user))
    data = {
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {name: _value(user, user._meta.get_field(name)) for name in _USER_FIELDS},
        "roles": [
            {
                "role": r.role,
                "cluster": str(r.cluster) if r.cluster_id else None,
                "programme": str(r.programme) if r.programme_id else None,
                "organisation": str(r.organisation) if r.organisation_id else None,
                "since": r.created_at.isoformat(),
            }
            for r in user.role_assignments.select_related(
                "cluster", "programme", "organisation"
            ).order_by("pk")
        ],
        "api_tokens": [
            # Never the digest: it is the secret that checks the token.
            row(t, skip={"digest", "user_id"})
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        **sections,
        "records": records,
        "audit_log": [row(e) for e in AuditEntry.objects.filter(_about(user)).order_by("at", "pk")],
    }
    audit.exported("my-data.json", target=user)
    return data


def export_json(*, user: User) -> bytes:
    return json.dumps(
        export_personal_data(user=user), cls=DjangoJSONEncoder, indent=2, ensure_ascii=False
    ).encode()


def _about(user: User) -> Q:
    """Audit entries by the user, about the user, or naming the user (failed sign-ins)."""
    return (
        Q(actor=user)
        | Q(target_type=User._meta.label_lower, target_id=str(user.pk))
        | Q(actor_name=user.username)
    )


def update_with_history(queryset, **values) -> int:
    """Update rows and their change history alike, so no old version keeps the old text."""
    ids = list(queryset.values_list("pk", flat=True))
    count = queryset.model._default_manager.filter(pk__in=ids).update(**values)
    history = getattr(queryset.model, "history", None)
    if ids and history is not None:
        history.filter(id__in=ids).update(**values)
    return count


def replace_all(value, olds: list[str], new: str):
    """Replace each old identifier inside a text or inside a JSON value's texts."""
    if isinstance(value, str):
        for old in olds:
            value = re.sub(re.escape(old), new, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {replace_all(k, olds, new): replace_all(v, olds, new) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_all(v, olds, new) for v in value]
    return value


@transaction.atomic
def anonymise_user(*, user: User) -> User:
    """Delete a person's account by anonymising it; returns the anonymous user.

    Side effects, in one transaction: the account gets the username deleted-<id>, no name, no
    email, no usable password and is deactivated; its tokens are revoked and its roles removed;
    the linked person records become "Deleted person" without contacts (their history too);
    event registrations stay for attendance counts but lose answers and free texts; meeting
    request messages to and from the person are blanked; notifications to them are deleted and
    others' notifications that name them say "Deleted person"; certificates name "Deleted
    person". Records money or the audit log must keep (expenditures, grant and
    services records, reviews, audit entries) keep their link to the anonymous user, and the
    audit log's old entries name deleted-<id>. Records `account_deleted`.

    Before all that, `account_leaving` lets the areas withdraw the person from what has not
    happened yet: registrations for events that have not ended are cancelled (the next person
    waiting is confirmed and told), with their meeting requests and scheduled meetings.

    Refused (ValidationError) for the only active platform administrator: nobody could grant
    the role again from inside ClusterHub.
    """
    if (
        user.is_platform_admin
        and not User.objects.filter(is_active=True, is_superuser=True).exclude(pk=user.pk).exists()
    ):
        raise ValidationError(
            _(
                "%(u)s is the only platform administrator; make someone else an administrator "
                "before deleting this account."
            )
            % {"u": user.username},
            code="last_admin",
        )
    account_leaving.send(sender=User, user=user)
    new_name = f"deleted-{user.pk}"
    strong, olds = _names_of(user)
    _revoke_access(user)
    deleted_person = " ".join(DELETED_PERSON)
    for source in sources():
        if source.anonymise is not None:
            source.anonymise(user=user, deleted_person=deleted_person, olds=strong)
    _blank_account(user, new_name)
    audit.record(AuditAction.ACCOUNT_DELETED, target=user)
    _rename_in_logs(user, new_name, strong=strong, olds=olds)
    return user


def _names_of(user: User) -> tuple[list[str], list[str]]:
    """What identifies the person anywhere (searched for in other people's messages), and, for
    the texts that are known to be about them, that plus their first and last names on their
    own. The areas' names are read before any area blanks them."""
    strong_names, weak_names = [], []
    for source in sources():
        if source.names is not None:
            strong, weak = source.names(user=user)
            strong_names += strong
            weak_names += weak
    strong = _longest_first(user.username, user.email, user.get_full_name(), *strong_names)
    olds = _longest_first(*strong, user.first_name, user.last_name, *weak_names)
    return strong, olds


def _revoke_access(user: User) -> None:
    """Remove every role (each recorded) and revoke every API token."""
    for assignment in RoleAssignment.objects.filter(user=user).select_related(
        "cluster", "programme", "organisation"
    ):
        audit.record(
            AuditAction.ROLE_REVOKED, target=user, cluster=assignment.cluster, role=assignment.role
        )
        assignment.delete()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    ApiToken.objects.filter(user=user).update(name="revoked")


def _blank_account(user: User, new_name: str) -> None:
    """The account without name, email or usable password, inactive and without rights."""
    user.username = new_name
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    forget_roles(user)


def _rename_in_logs(user: User, new_name: str, *, strong: list[str], olds: list[str]) -> None:
    """The person's names replaced by deleted-<id> in the audit log and Django admin's log."""
    # Django admin's own log keeps the name of each edited object: rename the account there.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=new_name)
    entries = list(AuditEntry.objects.filter(_about(user) | Q(actor_name__in=strong)))
    for entry in entries:
        entry.actor_name = replace_all(entry.actor_name, olds, new_name)
        entry.target_repr = replace_all(entry.target_repr, olds, new_name)
        entry.details = replace_all(entry.details, olds, new_name)
    AuditEntry.objects.bulk_update(entries, ["actor_name", "target_repr", "details"])


def _longest_first(*texts: str) -> list[str]:
    """Distinct texts of three characters or more, longest first, so that a full name is
    replaced before the first name inside it."""
    return sorted({t.strip() for t in texts if t and len(t.strip()) >= 3}, key=len, reverse=True)
