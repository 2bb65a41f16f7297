"""Who may see and change a cluster's services, surveys and pipeline.

- insiders of a cluster (any role there, or coordinating its programme) read its portfolio:
  the services in pilot, active or retired;
- its manager and staff manage the portfolio, the surveys and the pipeline, and see the gap
  analysis;
- its experts see the pipeline and the gap analysis and write guidance notes on pipeline items;
- its member representatives answer its open surveys;
- a programme's coordinators, and the managers and staff of its clusters (to share practice),
  see the programme's portfolio comparison;
- admins may do everything.
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import coordinates_programme
from clusterhub.registry.rules import is_cluster_insider
from clusterhub.registry.rules import is_cluster_staff_or_manager


@rules.predicate
def is_cluster_expert(user, cluster) -> bool:
    return cluster is not None and roles_of(user).in_cluster(cluster.pk, Role.EXPERT)


@rules.predicate
def represents_member_of(user, cluster) -> bool:
    return cluster is not None and roles_of(user).in_cluster(cluster.pk, Role.MEMBER_REPRESENTATIVE)


@rules.predicate
def runs_a_cluster_of(user, programme) -> bool:
    """Manager or staff of a cluster taking part in the programme."""
    if programme is None:
        return False
    running = roles_of(user).clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
    if not running:
        return False
    return programme.clusters.filter(pk__in=running).exists()


def _of_cluster(predicate):
    """The predicate applied to the cluster of a service or survey."""

    @rules.predicate(name=f"{predicate.name}_of_cluster")
    def check(user, obj) -> bool:
        return obj is not None and predicate.test(user, obj.cluster)

    return check


team = is_cluster_staff_or_manager
admin = is_platform_admin

# On a cluster
rules.add_perm("services.view_portfolio", admin | is_cluster_insider)
rules.add_perm("services.manage_portfolio", admin | team)
rules.add_perm("services.view_pipeline", admin | team | is_cluster_expert)
rules.add_perm("services.view_gap_analysis", admin | team | is_cluster_expert)
rules.add_perm("services.manage_surveys", admin | team)
# On a service
rules.add_perm("services.change_service", admin | _of_cluster(team))
rules.add_perm("services.add_guidance", admin | _of_cluster(team) | _of_cluster(is_cluster_expert))
# On a survey
rules.add_perm("services.change_survey", admin | _of_cluster(team))
rules.add_perm("services.view_survey_results", admin | _of_cluster(team))
rules.add_perm("services.answer_survey", _of_cluster(represents_member_of))
# On a programme
rules.add_perm("services.view_comparison", admin | coordinates_programme | runs_a_cluster_of)
