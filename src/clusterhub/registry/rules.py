"""Who may see and change what in the registry: defined here once, used by pages, API, exports.

Visibility in one sentence each:
- every signed-in user sees the directory of clusters and organisations (public profile fields);
- anyone with a role in a cluster (or coordinating its programme) sees its dashboard and members;
- a cluster's team (manager, staff) and its programme coordinators also see its internal notes
  and its members' people and contacts; a member representative sees their own organisation's;
- an organisation's finances (turnover, balance sheet: `ORGANISATION_FINANCES`) are seen by the
  same people as its contacts; `organisation_fields_hidden_from` is what the page, the API, the
  change history and the exports ask;
- the manager changes the cluster and its roles; manager and staff change its memberships;
- admins may do everything.
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.accounts.rules import runs_any_cluster
from clusterhub.registry.queries import organisation_team_clusters


@rules.predicate
def is_cluster_insider(user, cluster) -> bool:
    return cluster is not None and cluster.pk in roles_of(user).insider_clusters


@rules.predicate
def is_cluster_team(user, cluster) -> bool:
    return cluster is not None and cluster.pk in roles_of(user).team_clusters


@rules.predicate
def is_cluster_manager(user, cluster) -> bool:
    return cluster is not None and roles_of(user).in_cluster(cluster.pk, Role.CLUSTER_MANAGER)


@rules.predicate
def is_cluster_staff_or_manager(user, cluster) -> bool:
    return cluster is not None and roles_of(user).in_cluster(
        cluster.pk, Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF
    )


@rules.predicate
def coordinates_programme(user, programme) -> bool:
    return programme is not None and programme.pk in roles_of(user).coordinated_programmes


@rules.predicate
def represents_organisation(user, organisation) -> bool:
    return organisation is not None and organisation.pk in roles_of(user).represented_organisations


@rules.predicate
def represents_its_member(user, record) -> bool:
    """A representative of the record's organisation, granted in the record's cluster (a
    membership, an invoice: anything with organisation_id and cluster_id)."""
    if record is None:
        return False
    held = roles_of(user)
    return record.organisation_id in held.represented_organisations and held.in_cluster(
        record.cluster_id, Role.MEMBER_REPRESENTATIVE
    )


def _was_member_of_one_of(organisation, clusters: frozenset[int]) -> bool:
    # Asked only when the user has such clusters: the organisation's clusters cost a query.
    return bool(clusters) and bool(organisation_team_clusters(organisation) & clusters)


@rules.predicate
def is_team_of_a_cluster_of(user, organisation) -> bool:
    """Manager, staff or coordinator of a cluster the organisation is or was a member of."""
    return organisation is not None and _was_member_of_one_of(
        organisation, roles_of(user).team_clusters
    )


@rules.predicate
def edits_for_a_cluster_of(user, organisation) -> bool:
    """Manager or staff of a cluster the organisation is or was a member of."""
    return organisation is not None and _was_member_of_one_of(
        organisation, roles_of(user).clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
    )


def _is_or_handles_person(user, person, cluster_rule) -> bool:
    """The person is the user themselves, or works at an organisation the user represents or
    that `cluster_rule` lets them handle through one of its clusters."""
    if person is None:
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    org = person.organisation
    return org is not None and (represents_organisation(user, org) or cluster_rule(user, org))


@rules.predicate
def can_see_person(user, person) -> bool:
    return _is_or_handles_person(user, person, is_team_of_a_cluster_of)


@rules.predicate
def can_change_person(user, person) -> bool:
    return _is_or_handles_person(user, person, edits_for_a_cluster_of)


@rules.predicate
def membership_cluster_team(user, membership) -> bool:
    return membership is not None and is_cluster_team(user, membership.cluster)


@rules.predicate
def membership_cluster_insider(user, membership) -> bool:
    return membership is not None and is_cluster_insider(user, membership.cluster)


@rules.predicate
def membership_editor(user, membership) -> bool:
    return membership is not None and is_cluster_staff_or_manager(user, membership.cluster)


signed_in = rules.is_authenticated & rules.is_active

# Clusters
rules.add_perm("registry.view_cluster", signed_in)
rules.add_perm("registry.view_cluster_dashboard", is_platform_admin | is_cluster_insider)
rules.add_perm("registry.view_cluster_private", is_platform_admin | is_cluster_team)
rules.add_perm("registry.add_cluster", is_platform_admin | runs_any_cluster)
rules.add_perm("registry.change_cluster", is_platform_admin | is_cluster_manager)
rules.add_perm("registry.delete_cluster", is_platform_admin)
rules.add_perm("registry.manage_cluster_roles", is_platform_admin | is_cluster_manager)
rules.add_perm("registry.add_membership_to", is_platform_admin | is_cluster_staff_or_manager)
rules.add_perm("registry.import_members", is_platform_admin | is_cluster_staff_or_manager)
rules.add_perm("registry.export_members", is_platform_admin | is_cluster_team)
rules.add_perm("registry.view_cluster_history", is_platform_admin | is_cluster_team)

# Memberships
rules.add_perm("registry.view_membership", is_platform_admin | membership_cluster_insider)
rules.add_perm("registry.view_membership_private", is_platform_admin | membership_cluster_team)
rules.add_perm("registry.change_membership", is_platform_admin | membership_editor)
rules.add_perm("registry.delete_membership", is_platform_admin | membership_editor)

# Organisations
rules.add_perm("registry.view_organisation", signed_in)
rules.add_perm("registry.add_organisation", is_platform_admin | runs_any_cluster)
rules.add_perm(
    "registry.change_organisation",
    is_platform_admin | represents_organisation | edits_for_a_cluster_of,
)
rules.add_perm("registry.delete_organisation", is_platform_admin)
rules.add_perm(
    "registry.view_organisation_people",
    is_platform_admin | represents_organisation | is_team_of_a_cluster_of,
)
rules.add_perm(
    "registry.view_organisation_finances",
    is_platform_admin | represents_organisation | is_team_of_a_cluster_of,
)
rules.add_perm(
    "registry.add_person_to",
    is_platform_admin | represents_organisation | edits_for_a_cluster_of,
)

# People
rules.add_perm("registry.view_person", is_platform_admin | can_see_person)
rules.add_perm("registry.change_person", is_platform_admin | can_change_person)
rules.add_perm("registry.delete_person", is_platform_admin | can_change_person)

# Programmes
rules.add_perm("registry.view_programme", signed_in)
rules.add_perm("registry.change_programme", is_platform_admin | coordinates_programme)


@rules.predicate
def coordinates_a_programme_of(user, cluster) -> bool:
    """Coordinator of a programme the cluster takes part in."""
    coordinated = roles_of(user).coordinated_programmes
    return (
        cluster is not None
        and bool(coordinated)
        and cluster.programmes.filter(pk__in=coordinated).exists()
    )


# Cluster import and export: on a programme (its coordinators), or on none (admins only). An
# import may update an existing cluster only for its manager or a coordinator of its programme.
rules.add_perm("registry.import_clusters", is_platform_admin | coordinates_programme)
rules.add_perm("registry.export_clusters", is_platform_admin | coordinates_programme)
rules.add_perm(
    "registry.update_cluster_by_import",
    is_platform_admin | is_cluster_manager | coordinates_a_programme_of,
)


# The fields of an organisation behind registry.view_organisation_finances. The size class stays
# public: it is a coarse band (and often given without any figure).
ORGANISATION_FINANCES = ("turnover_eur", "balance_sheet_eur")


def organisation_fields_hidden_from(user, organisation) -> tuple[str, ...]:
    """The organisation's fields `user` may not see (none, or its finances)."""
    if user.has_perm("registry.view_organisation_finances", organisation):
        return ()
    return ORGANISATION_FINANCES
