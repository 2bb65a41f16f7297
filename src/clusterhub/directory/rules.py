"""Who may do what with the public directory, defined once for pages and API.

- everyone, signed in or not, sees the public pages, the map, the widget and the public API;
  what they show is limited by the queries in directory/queries.py, not by a permission;
- whether a member is named on its cluster's public page is decided by the cluster's manager
  or by a representative of that member in that cluster (and by admins).
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import is_cluster_manager
from clusterhub.registry.rules import represents_its_member


@rules.predicate
def represents_a_member_of(user, cluster) -> bool:
    """A member representative in this cluster."""
    return cluster is not None and roles_of(user).in_cluster(cluster.pk, Role.MEMBER_REPRESENTATIVE)


@rules.predicate
def manages_cluster_of(user, membership) -> bool:
    return membership is not None and is_cluster_manager(user, membership.cluster)


rules.add_perm("directory.view_public_page", rules.always_allow)
# The page listing the consents of a cluster's members (a representative sees only their own).
rules.add_perm(
    "directory.manage_listing", is_platform_admin | is_cluster_manager | represents_a_member_of
)
# Say whether one member (a Membership) is named on the public page.
rules.add_perm(
    "directory.set_listing", is_platform_admin | manages_cluster_of | represents_its_member
)
