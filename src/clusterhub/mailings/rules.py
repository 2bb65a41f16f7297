"""Who may write and send mailings: the managers of the mailing's cluster (and admins). Staff,
members and everyone else may not see a cluster's mailings at all."""

import rules

from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import is_cluster_manager


@rules.predicate
def manages_mailing_cluster(user, mailing) -> bool:
    return mailing is not None and is_cluster_manager(user, mailing.cluster)


@rules.predicate
def manages_any_cluster(user) -> bool:
    return bool(roles_of(user).clusters_with("cluster_manager"))


# The object of view/change/delete/send is a mailing; of add_mailing, a cluster.
rules.add_perm("mailings.view_mailing", is_platform_admin | manages_mailing_cluster)
rules.add_perm("mailings.change_mailing", is_platform_admin | manages_mailing_cluster)
rules.add_perm("mailings.delete_mailing", is_platform_admin | manages_mailing_cluster)
rules.add_perm("mailings.send_mailing", is_platform_admin | manages_mailing_cluster)
rules.add_perm("mailings.add_mailing", is_platform_admin | is_cluster_manager)
rules.add_perm("mailings.use_mailings", is_platform_admin | manages_any_cluster)
# Recording bounces concerns every cluster's mail: admins only (or the bounce command).
rules.add_perm("mailings.record_bounce", is_platform_admin)
