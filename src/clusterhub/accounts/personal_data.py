"""A person's own data: everything ClusterHub holds about them, and deleting their account.

accounts sits below every area, so the other areas' models are looked up by name
(`apps.get_model`), never imported. The export is generic on purpose: every row of any model
that points at the user (a registration, an enrolment, an expenditure they entered...) is in
it, so an area added later is exported without a change here.

Deleting an account anonymises instead of deleting rows: expenditures, grant records,
services decisions and the audit log must keep who did what, so they keep their link to the
(now anonymous) user, and the texts that named the person are blanked or replaced.
"""

import json
import re
from datetime import date, datetime
from decimal import Decimal

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.models import ApiToken, AuditEntry, RoleAssignment, User
from clusterhub.accounts.roles import forget_roles

FORMAT_VERSION = 1
# Sent by anonymise_user, inside its transaction and before anything is blanked, with `user`:
# each area above accounts ends through its own verbs what the person still takes part in
# (events cancels future registrations and meetings, so those waiting move up).
account_leaving = Signal()
DELETED_PERSON = ("Deleted", "person")
# Rows of these models are exported in their own sections (or, for the change history and the
# admin's log, not at all: they record edits to other records, not facts about the person).
_OWN_SECTIONS = {
    "accounts.roleassignment",
    "accounts.apitoken",
    "accounts.auditentry",
    "registry.person",
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


def _value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name if value else ""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj, *, skip=()) -> dict:
    """The stored fields of one row; binary columns (embeddings) and secrets left out."""
    return {
        f.attname: _value(obj, f)
        for f in obj._meta.concrete_fields
        if not isinstance(f, models.BinaryField) and f.attname not in skip
    }


def _user_links():
    """(model, field) for every foreign key or one-to-one field that points at the user model."""
    for model in apps.get_models():
        label = model._meta.label_lower
        if (
            label in _OWN_SECTIONS
            or label == "admin.logentry"
            or label.split(".")[1].startswith("historical")
        ):
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                yield model, field


def export_personal_data(*, user: User) -> dict:
    """Everything held about the user, as JSON-ready data. Records the export in the audit log."""
    person_model = apps.get_model("registry", "Person")
    records: dict[str, list[dict]] = {}
    for model, field in _user_links():
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        for obj in rows:
            row = _row(obj)
            row["_linked_by"] = field.name
            records.setdefault(model._meta.label_lower, []).append(row)
    meeting_request = apps.get_model("events", "MeetingRequest")
    sent = meeting_request.objects.filter(sender__user=user).order_by("pk")
    if sent:
        records["events.meetingrequest"] = [{**_row(m), "_linked_by": "sender"} for m in sent]
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
            _row(t, skip={"digest", "user_id"})
            for t in ApiToken.objects.filter(user=user).order_by("pk")
        ],
        "people": [_row(p) for p in person_model.objects.filter(user=user).order_by("pk")],
        "records": records,
        "audit_log": [
            _row(e) for e in AuditEntry.objects.filter(_about(user)).order_by("at", "pk")
        ],
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


def _update_with_history(queryset, **values) -> int:
    """Update rows and their change history alike, so no old version keeps the old text."""
    ids = list(queryset.values_list("pk", flat=True))
    count = queryset.model._default_manager.filter(pk__in=ids).update(**values)
    history = getattr(queryset.model, "history", None)
    if ids and history is not None:
        history.filter(id__in=ids).update(**values)
    return count


def _replace_all(value, olds: list[str], new: str):
    """Replace each old identifier inside a text or inside a JSON value's texts."""
    if isinstance(value, str):
        for old in olds:
            value = re.sub(re.escape(old), new, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {_replace_all(k, olds, new): _replace_all(v, olds, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_all(v, olds, new) for v in value]
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
    person_model = apps.get_model("registry", "Person")
    people = person_model.objects.filter(user=user)
    new_name = f"deleted-{user.pk}"
    # What identifies the person anywhere (searched for in other people's messages), and, for
    # the texts that are known to be about them, their first and last names on their own too.
    strong = _longest_first(
        user.username,
        user.email,
        user.get_full_name(),
        *(f"{p.first_name} {p.last_name}" for p in people),
        *(p.email for p in people),
    )
    olds = _longest_first(
        *strong,
        user.first_name,
        user.last_name,
        *(p.first_name for p in people),
        *(p.last_name for p in people),
    )

    for assignment in RoleAssignment.objects.filter(user=user).select_related(
        "cluster", "programme", "organisation"
    ):
        audit.record(
            AuditAction.ROLE_REVOKED, target=user, cluster=assignment.cluster, role=assignment.role
        )
        assignment.delete()
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    ApiToken.objects.filter(user=user).update(name="revoked")

    first, last = DELETED_PERSON
    _update_with_history(
        people,
        first_name=first,
        last_name=last,
        job_title="",
        email="",
        phone="",
        linkedin="",
        notes="",
    )
    _anonymise_areas(user, f"{first} {last}", strong)

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

    audit.record(AuditAction.ACCOUNT_DELETED, target=user)
    _rewrite_admin_log(user, people, new_name)
    entries = list(AuditEntry.objects.filter(_about(user) | Q(actor_name__in=strong)))
    for entry in entries:
        entry.actor_name = _replace_all(entry.actor_name, olds, new_name)
        entry.target_repr = _replace_all(entry.target_repr, olds, new_name)
        entry.details = _replace_all(entry.details, olds, new_name)
    AuditEntry.objects.bulk_update(entries, ["actor_name", "target_repr", "details"])
    return user


def _longest_first(*texts: str) -> list[str]:
    """Distinct texts of three characters or more, longest first, so that a full name is
    replaced before the first name inside it."""
    return sorted({t.strip() for t in texts if t and len(t.strip()) >= 3}, key=len, reverse=True)


def _anonymise_areas(user: User, deleted_person: str, olds: list[str]) -> None:
    """Blank what the other areas keep about the person, keeping the rows that count."""
    registration = apps.get_model("events", "Registration")
    registrations = registration.objects.filter(user=user)
    registrations.update(answers={}, b2b_profile="", b2b_opt_in=False)
    # Both directions: a request to the person usually greets them by name.
    apps.get_model("events", "MeetingRequest").objects.filter(
        Q(sender__in=registrations) | Q(receiver__in=registrations)
    ).update(message="")
    apps.get_model("events", "Feedback").objects.filter(registration__in=registrations).update(
        comment=""
    )
    apps.get_model("events", "FollowUp").objects.filter(registration__in=registrations).update(
        notes=""
    )
    notification = apps.get_model("events", "Notification")
    notification.objects.filter(user=user).delete()
    # Messages to others (a meeting request, a place freed) name the person: rename them there.
    named = Q()
    for old in olds:
        named |= Q(subject__icontains=old) | Q(body__icontains=old)
    if olds:
        changed = list(notification.objects.filter(named))
        for note in changed:
            note.subject = _replace_all(note.subject, olds, deleted_person)
            note.body = _replace_all(note.body, olds, deleted_person)
        notification.objects.bulk_update(changed, ["subject", "body"])
    apps.get_model("matchmaking", "Introduction").objects.filter(requested_by=user).update(
        message=""
    )
    _update_with_history(
        apps.get_model("training", "Certificate").objects.filter(enrolment__user=user),
        holder_name=deleted_person,
    )


def _rewrite_admin_log(user: User, people, new_name: str) -> None:
    """Django admin's own log keeps the name of each edited object: rename those entries."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(object_repr=new_name)
    person_ids = [str(pk) for pk in people.values_list("pk", flat=True)]
    if person_ids:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(people.model), object_id__in=person_ids
        ).update(object_repr=" ".join(DELETED_PERSON))
