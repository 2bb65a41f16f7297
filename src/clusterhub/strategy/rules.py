"""Who may see and change strategies. Everything inside a strategy (objectives, actions, KPIs,
measurements) follows the strategy's own permissions.

- a cluster's strategy: its insiders (anyone with a role there, or coordinating its programme)
  read it; its manager and staff edit it;
- a programme's strategy: the programme's coordinators edit it; insiders of any of the
  programme's clusters read it;
- admins may do everything.
"""

import rules

from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import coordinates_programme
from clusterhub.registry.rules import is_cluster_insider
from clusterhub.registry.rules import is_cluster_staff_or_manager


def _programme_cluster_ids(programme) -> frozenset[int]:
    cached = getattr(programme, "_strategy_cluster_ids", None)
    if cached is None:
        cached = frozenset(programme.clusters.values_list("pk", flat=True))
        programme._strategy_cluster_ids = cached
    return cached


@rules.predicate
def reads_strategy(user, strategy) -> bool:
    if strategy is None:
        return False
    if strategy.cluster_id:
        return is_cluster_insider(user, strategy.cluster)
    programme = strategy.programme
    return coordinates_programme(user, programme) or bool(
        _programme_cluster_ids(programme) & roles_of(user).insider_clusters
    )


@rules.predicate
def edits_strategy(user, strategy) -> bool:
    if strategy is None:
        return False
    if strategy.cluster_id:
        return is_cluster_staff_or_manager(user, strategy.cluster)
    return coordinates_programme(user, strategy.programme)


@rules.predicate
def may_start_any_strategy(user) -> bool:
    r = roles_of(user)
    return bool(r.clusters_with("cluster_manager", "cluster_staff") or r.coordinated_programmes)


rules.add_perm("strategy.view_strategy", is_platform_admin | reads_strategy)
rules.add_perm("strategy.change_strategy", is_platform_admin | edits_strategy)
rules.add_perm("strategy.delete_strategy", is_platform_admin | edits_strategy)
# Starting a strategy: the object is the owner (a cluster or a programme).
rules.add_perm("strategy.add_strategy", is_platform_admin | may_start_any_strategy)
rules.add_perm("strategy.add_cluster_strategy", is_platform_admin | is_cluster_staff_or_manager)
rules.add_perm("strategy.add_programme_strategy", is_platform_admin | coordinates_programme)
