"""What a user may see of the membership administration, as querysets."""

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.membership.models import Application
from clusterhub.membership.models import MembershipType
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership


def administered_clusters(user) -> QuerySet[Cluster]:
    """Clusters whose membership administration the user may see: those they manage or staff."""

    def own(clusters):
        team = roles_of(user).clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
        return clusters.filter(pk__in=team)

    return visible_records(user, Cluster.objects.all(), own)


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
