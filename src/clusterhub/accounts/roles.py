"""What roles a user holds, read once per request and kept on the user object.

Every permission predicate and every visibility query starts from this one place, so a role
means the same thing in pages, API and exports.
"""

from dataclasses import dataclass
from dataclasses import field

from clusterhub.accounts.enums import CLUSTER_TEAM_ROLES
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment

_CACHE_ATTR = "_clusterhub_roles"


@dataclass(frozen=True)
class UserRoles:
    is_admin: bool = False
    by_cluster: dict[int, frozenset[str]] = field(default_factory=dict)
    # Clusters that belong to a programme the user coordinates.
    coordinated_clusters: frozenset[int] = frozenset()
    coordinated_programmes: frozenset[int] = frozenset()
    represented_organisations: frozenset[int] = frozenset()

    def in_cluster(self, cluster_id: int, *roles: str) -> bool:
        held = self.by_cluster.get(cluster_id, frozenset())
        return bool(held) if not roles else bool(held.intersection(roles))

    def clusters_with(self, *roles: str) -> frozenset[int]:
        return frozenset(c for c, held in self.by_cluster.items() if not roles or held & set(roles))

    @property
    def team_clusters(self) -> frozenset[int]:
        """Clusters whose private data the user sees: as manager, staff or coordinator."""
        return self.clusters_with(*CLUSTER_TEAM_ROLES) | self.coordinated_clusters

    @property
    def insider_clusters(self) -> frozenset[int]:
        """Clusters whose dashboard and member list the user sees: any role there."""
        return self.clusters_with() | self.coordinated_clusters


NOBODY = UserRoles()


def roles_of(user) -> UserRoles:
    """The user's roles, read with one query and cached for the life of the user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOBODY
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    by_cluster: dict[int, set[str]] = {}
    programmes: set[int] = set()
    coordinated: set[int] = set()
    organisations: set[int] = set()
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role", "cluster_id", "programme_id", "programme__clusters", "organisation_id"
    )
    for role, cluster_id, programme_id, programme_cluster_id, organisation_id in rows:
        if role == Role.PROGRAMME_COORDINATOR:
            programmes.add(programme_id)
            if programme_cluster_id is not None:
                coordinated.add(programme_cluster_id)
            continue
        by_cluster.setdefault(cluster_id, set()).add(role)
        if role == Role.MEMBER_REPRESENTATIVE and organisation_id is not None:
            organisations.add(organisation_id)
    result = UserRoles(
        is_admin=user.is_superuser,
        by_cluster={c: frozenset(r) for c, r in by_cluster.items()},
        coordinated_clusters=frozenset(coordinated),
        coordinated_programmes=frozenset(programmes),
        represented_organisations=frozenset(organisations),
    )
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_roles(user) -> None:
    """Drop the cached roles after they change (role assignment granted or revoked)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
