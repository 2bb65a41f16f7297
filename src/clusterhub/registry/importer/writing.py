"""Writing validated import rows in bulk: one statement per chunk of 500 rows, never per row.

Each written organisation and membership gets its history row (simple_history's
bulk_history_create) and organisations their folded `search_text` (`fill_search_text`).
"""

from collections.abc import Callable
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import fill_search_text

if TYPE_CHECKING:
    from clusterhub.registry.importer import _RowPlan

# Rows per `IN (...)` lookup and per bulk write: well under SQLite's variable limit.
CHUNK = 500


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write(plans: list["_RowPlan"], report: Callable[[int], None]) -> None:
    """Write the validated rows in bulk, with one history row per written object.

    Validation already ran each object's `full_clean` (which also set the size class); the
    database's constraints still guard against a change made by someone else meanwhile.
    """
    now = timezone.now()
    new = [p.organisation for p in plans if p.is_new]
    changed = [p.organisation for p in plans if not p.is_new and p.changed]
    done = 0
    for chunk in _chunks(new):
        Organisation.objects.bulk_create(fill_search_text(chunk))
        Organisation.history.bulk_history_create(chunk, default_date=now)
        done += len(chunk)
        report(done)
    fields = [
        f.name
        for f in Organisation._meta.concrete_fields
        if not f.primary_key and f.name != "created_at"
    ]
    for chunk in _chunks(changed):
        for organisation in chunk:
            organisation.updated_at = now
        Organisation.objects.bulk_update(fill_search_text(chunk), fields)
        Organisation.history.bulk_history_create(chunk, default_date=now, update=True)
        done += len(chunk)
        report(done)
    _write_secondary_nace([p for p in plans if p.secondary_nace is not None])
    _write_memberships(plans, now)
    report(len(plans))


def _write_memberships(plans: list["_RowPlan"], now) -> None:
    new_memberships, changed_memberships = [], []
    for plan in plans:
        if plan.membership_is_new:
            plan.membership.organisation = plan.organisation
            new_memberships.append(plan.membership)
        elif plan.membership_changed:
            plan.membership.updated_at = now
            changed_memberships.append(plan.membership)
    for chunk in _chunks(new_memberships):
        Membership.objects.bulk_create(chunk)
        Membership.history.bulk_history_create(chunk, default_date=now)
    for chunk in _chunks(changed_memberships):
        Membership.objects.bulk_update(
            chunk, ["since", "until", "committed", "commitment_ground", "updated_at"]
        )
        Membership.history.bulk_history_create(chunk, default_date=now, update=True)


def _write_secondary_nace(plans: list["_RowPlan"]) -> None:
    """Replace the secondary NACE codes of the rows that give them, in bulk."""
    through = Organisation.secondary_nace.through
    for chunk in _chunks(plans):
        through.objects.filter(organisation_id__in=[p.organisation.pk for p in chunk]).delete()
        through.objects.bulk_create(
            [
                through(organisation_id=p.organisation.pk, nacecode_id=code.pk)
                for p in chunk
                for code in {c.pk: c for c in p.secondary_nace}.values()
            ]
        )
