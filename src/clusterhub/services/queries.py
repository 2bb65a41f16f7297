"""What each user may see of services and surveys, as querysets. Pages, API and exports start
here; an object outside these querysets answers 404."""

from django.db.models import Q
from django.db.models import QuerySet

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Programme
from clusterhub.services.enums import IN_DEVELOPMENT
from clusterhub.services.enums import SurveyStatus
from clusterhub.services.models import Service
from clusterhub.services.models import Survey


def services_visible_to(user) -> QuerySet[Service]:
    """Every service of the clusters the user manages or advises; launched and retired ones of
    the clusters the user is an insider of."""

    def own(services):
        r = roles_of(user)
        developing = r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF, Role.EXPERT)
        return services.filter(
            Q(cluster_id__in=developing)
            | (Q(cluster_id__in=r.insider_clusters) & ~Q(status__in=IN_DEVELOPMENT))
        )

    return visible_records(user, Service.objects.select_related("cluster", "owner"), own)


def surveys_visible_to(user) -> QuerySet[Survey]:
    """All surveys of the clusters the user runs; open and closed ones of the clusters where the
    user represents a member (to answer them)."""

    def own(surveys):
        r = roles_of(user)
        running = r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
        representing = r.clusters_with(Role.MEMBER_REPRESENTATIVE)
        return surveys.filter(
            Q(cluster_id__in=running)
            | (Q(cluster_id__in=representing) & ~Q(status=SurveyStatus.DRAFT))
        )

    return visible_records(user, Survey.objects.select_related("cluster"), own)


def clusters_with_portfolio_for(user) -> QuerySet[Cluster]:
    """Clusters whose portfolio the user may read (the services index lists these)."""
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=r.insider_clusters)


def programmes_to_compare_for(user) -> QuerySet[Programme]:
    """Programmes whose portfolio comparison the user may see."""
    r = roles_of(user)
    if r.is_admin:
        return Programme.objects.all()
    running = r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
    return Programme.objects.filter(
        Q(pk__in=r.coordinated_programmes) | Q(clusters__in=running)
    ).distinct()


def cluster_team(cluster: Cluster) -> QuerySet[User]:
    """The cluster's manager and staff: the people who may own one of its services."""
    return User.objects.filter(
        role_assignments__cluster=cluster,
        role_assignments__role__in=[Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF],
    ).distinct()


def represented_member(user, cluster: Cluster) -> Organisation | None:
    """The member organisation of the cluster that the user represents: a survey answer of
    theirs is that member's."""
    return Organisation.objects.filter(
        pk__in=roles_of(user).represented_organisations, memberships__cluster=cluster
    ).first()
