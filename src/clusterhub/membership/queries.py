"""What a user may see of the membership administration, as querysets."""

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.membership.models import Application
from clusterhub.membership.models import MembershipType
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership


def _team_clusters(user) -> frozenset[int] | None:
    """Clusters the user manages or staffs; None for an admin (all)."""
    r = roles_of(user)
    if r.is_admin:
        return None
    return frozenset(r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF))


def administered_clusters(user) -> QuerySet[Cluster]:
    """Clusters whose membership administration the user may see."""
    if not user.is_authenticated:
        return Cluster.objects.none()
    team = _team_clusters(user)
    qs = Cluster.objects.all()
    return qs if team is None else qs.filter(pk__in=team)


def types_visible_to(user) -> QuerySet[MembershipType]:
    return MembershipType.objects.filter(cluster__in=administered_clusters(user)).select_related(
        "cluster"
    )


def applications_visible_to(user) -> QuerySet[Application]:
    return Application.objects.filter(cluster__in=administered_clusters(user)).select_related(
        "cluster", "membership_type"
    )


def members_of(cluster: Cluster, *, current_only: bool = True) -> QuerySet[Membership]:
    """The cluster's memberships with organisation, terms, type and fee rules loaded."""
    qs = Membership.objects.filter(cluster=cluster)
    if current_only:
        qs = qs.filter(Q(until__isnull=True) | Q(until__gte=timezone.localdate()))
    return (
        qs.select_related("organisation", "cluster", "terms__membership_type")
        .prefetch_related("terms__membership_type__fee_rules")
        .order_by("organisation__name", "since")
    )


def open_types(cluster: Cluster) -> QuerySet[MembershipType]:
    """The types an applicant may choose on the public form."""
    return MembershipType.objects.filter(cluster=cluster, open_for_applications=True)
