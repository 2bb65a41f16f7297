"""The verbs of the registry. Forms, API handlers, the importer and the demo all call these.

Each verb validates with the model's own rules (`full_clean`), so a rule is written once, and
writes in one transaction, so a failure leaves nothing half-saved.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.enums import Role
from clusterhub.common.saving import save
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme


def save_programme(*, programme: Programme, clusters: list[Cluster] | None = None) -> Programme:
    """Create or update a programme, and replace its clusters when given."""
    return save(programme, None if clusters is None else {"clusters": clusters})


def save_cluster(*, cluster: Cluster, sectors: list[NaceCode] | None = None) -> Cluster:
    """Create or update a cluster, and replace its sectors when given."""
    return save(cluster, None if sectors is None else {"sectors": sectors})


def register_cluster(*, cluster: Cluster, sectors: list[NaceCode], registered_by) -> Cluster:
    """Create a cluster; whoever registers it (unless a platform admin) becomes its manager.

    Side effect: a cluster-manager role assignment, so the creator can go on to edit it.
    """
    with transaction.atomic():
        save_cluster(cluster=cluster, sectors=sectors)
        if not registered_by.is_superuser:
            grant_role(user=registered_by, role=Role.CLUSTER_MANAGER, cluster=cluster)
    return cluster


def save_organisation(
    *, organisation: Organisation, secondary_nace: list[NaceCode] | None = None
) -> Organisation:
    """Create or update an organisation; its size class follows from its figures when known."""
    return save(
        organisation, None if secondary_nace is None else {"secondary_nace": secondary_nace}
    )


def save_membership(*, membership: Membership) -> Membership:
    """Create or update a membership; overlapping periods of the same pair are refused."""
    return save(membership)


def end_membership(*, membership: Membership, until: date) -> Membership:
    membership.until = until
    return save(membership)


def save_person(*, person: Person) -> Person:
    return save(person)


@transaction.atomic
def delete_organisation(*, organisation: Organisation) -> None:
    """Delete an organisation that is no member anywhere; refuse while memberships exist."""
    count = organisation.memberships.count()
    if count:
        raise ValidationError(
            ngettext(
                "%(name)s still has %(n)s membership; end and remove it first.",
                "%(name)s still has %(n)s memberships; end and remove them first.",
                count,
            )
            % {"name": organisation.name, "n": count}
        )
    organisation.delete()


def delete_cluster(*, cluster: Cluster) -> None:
    """Delete a cluster with its memberships and role assignments (the caller has asked)."""
    with transaction.atomic():
        cluster.delete()


@transaction.atomic
def delete_membership(*, membership: Membership) -> None:
    membership.delete()


@transaction.atomic
def delete_person(*, person: Person) -> None:
    person.delete()


def dependents_of_cluster(cluster: Cluster) -> dict[str, int]:
    """What deleting a cluster takes with it, for the confirmation page."""
    return {
        "memberships": cluster.memberships.count(),
        "role_assignments": cluster.role_assignments.count(),
    }
