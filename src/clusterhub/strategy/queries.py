"""Which strategies each user may see, as a queryset. Pages, API lists and exports start here."""

from django.db.models import Q
from django.db.models import QuerySet

from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import clusters_visible_to
from clusterhub.registry.queries import programmes_visible_to
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy


def strategies_visible_to(user) -> QuerySet[Strategy]:
    def own(strategies):
        r = roles_of(user)
        insider = r.insider_clusters
        programme_ids = Programme.clusters.through.objects.filter(cluster_id__in=insider).values(
            "programme_id"
        )
        return strategies.filter(
            Q(cluster_id__in=insider)
            | Q(programme_id__in=r.coordinated_programmes)
            | Q(programme_id__in=programme_ids)
        )

    base = Strategy.objects.select_related("cluster", "programme", "output_of")
    return visible_records(user, base, own)


def objectives_visible_to(user) -> QuerySet[Objective]:
    return Objective.objects.filter(strategy__in=strategies_visible_to(user).values("pk"))


def actions_visible_to(user) -> QuerySet[Action]:
    return Action.objects.filter(
        objective__strategy__in=strategies_visible_to(user).values("pk")
    ).select_related("objective__strategy", "owner_user", "owner_person")


def kpis_visible_to(user) -> QuerySet[Kpi]:
    return Kpi.objects.filter(strategy__in=strategies_visible_to(user).values("pk"))


def measurements_visible_to(user) -> QuerySet[Measurement]:
    return Measurement.objects.filter(kpi__strategy__in=strategies_visible_to(user).values("pk"))


def clusters_user_may_plan_for(user) -> QuerySet[Cluster]:
    """Clusters the user may start a strategy for (manager or staff; admins: all)."""
    r = roles_of(user)
    if r.is_admin:
        return clusters_visible_to(user)
    return Cluster.objects.filter(pk__in=r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF))


def programmes_user_may_plan_for(user) -> QuerySet[Programme]:
    r = roles_of(user)
    if r.is_admin:
        return programmes_visible_to(user)
    return Programme.objects.filter(pk__in=r.coordinated_programmes)


def possible_action_owners(strategy: Strategy) -> QuerySet[User]:
    """Users who may own an action: anyone with a role in the strategy's clusters, or
    coordinating a programme those clusters (or the strategy itself) belong to."""
    cluster_ids = [c.pk for c in strategy.scope_clusters()]
    programme_ids = set(
        Programme.clusters.through.objects.filter(cluster_id__in=cluster_ids).values_list(
            "programme_id", flat=True
        )
    )
    if strategy.programme_id:
        programme_ids.add(strategy.programme_id)
    return (
        User.objects.filter(
            Q(role_assignments__cluster_id__in=cluster_ids)
            | Q(role_assignments__programme_id__in=programme_ids)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
