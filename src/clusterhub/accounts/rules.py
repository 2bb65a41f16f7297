"""Role predicates that do not depend on any registry object."""

import rules

from clusterhub.accounts.roles import roles_of


@rules.predicate
def is_platform_admin(user) -> bool:
    return roles_of(user).is_admin


@rules.predicate
def runs_any_cluster(user) -> bool:
    """Manager or staff somewhere, or a programme coordinator: may register organisations."""
    r = roles_of(user)
    return bool(r.clusters_with("cluster_manager", "cluster_staff") or r.coordinated_programmes)


@rules.predicate
def is_self(user, other) -> bool:
    return other is not None and user.is_authenticated and user.pk == other.pk


rules.add_perm("accounts.manage_users", is_platform_admin)
rules.add_perm("accounts.manage_own_tokens", rules.is_authenticated)
rules.add_perm("accounts.view_audit_log", is_platform_admin)
rules.add_perm("accounts.manage_sign_in_locks", is_platform_admin)
