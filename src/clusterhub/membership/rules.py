"""Who may do what in the membership administration of a cluster.

- its manager sets membership types and fee rules and decides applications;
- its manager and staff see the types, applications and members with their fees, renew
  members, record a leaving with its reason, and export the member list;
- its insiders (any role there) see the membership statistics (retention, leaving reasons);
- anyone, signed in or not, may apply for membership (the public form, throttled);
- admins may do everything.
"""

import rules

from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import is_cluster_insider
from clusterhub.registry.rules import is_cluster_manager
from clusterhub.registry.rules import is_cluster_staff_or_manager

admin = is_platform_admin
team = is_cluster_staff_or_manager


def _of_cluster(predicate):
    """The predicate applied to the cluster of a type, rule, application or terms."""

    @rules.predicate(name=f"membership_{predicate.name}_of_cluster")
    def check(user, obj) -> bool:
        return obj is not None and predicate.test(user, obj.cluster)

    return check


# On a cluster
rules.add_perm("membership.view_administration", admin | team)
rules.add_perm("membership.manage_types", admin | is_cluster_manager)
rules.add_perm("membership.decide_applications", admin | is_cluster_manager)
rules.add_perm("membership.manage_members", admin | team)
rules.add_perm("membership.export_members", admin | team)
rules.add_perm("membership.view_statistics", admin | is_cluster_insider)
# On a membership type (its cluster via .cluster)
rules.add_perm("membership.change_membershiptype", admin | _of_cluster(is_cluster_manager))
# On an application
rules.add_perm("membership.decide_application", admin | _of_cluster(is_cluster_manager))
rules.add_perm("membership.view_application", admin | _of_cluster(team))
