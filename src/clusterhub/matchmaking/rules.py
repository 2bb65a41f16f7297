"""Who may do what in matchmaking; defined once, used by pages, API and commands.

- Profiles: public and anonymous ones are seen by every signed-in user (anonymous ones without
  the organisation's name), cluster-only ones by insiders of the organisation's clusters; the
  organisation's representatives and its clusters' managers and staff write them.
- Recommendations for an organisation or profile: those who act for it, and its clusters' teams.
- Introductions: requested for an organisation one acts for; an anonymous profile's cluster team
  forwards it; the asked side accepts or declines.
- Value chains: insiders of the cluster see them; its manager defines them.
"""

import rules

from clusterhub.accounts.rules import is_platform_admin
from clusterhub.matchmaking.enums import Visibility
from clusterhub.registry.rules import edits_for_a_cluster_of
from clusterhub.registry.rules import is_cluster_insider
from clusterhub.registry.rules import is_cluster_manager
from clusterhub.registry.rules import is_cluster_staff_or_manager
from clusterhub.registry.rules import is_cluster_team
from clusterhub.registry.rules import is_team_of_a_cluster_of
from clusterhub.registry.rules import represents_organisation

acts_for = represents_organisation | edits_for_a_cluster_of


@rules.predicate
def acts_for_profile_owner(user, profile) -> bool:
    return profile is not None and acts_for(user, profile.organisation)


@rules.predicate
def team_of_profile_cluster(user, profile) -> bool:
    return profile is not None and is_cluster_team(user, profile.cluster)


@rules.predicate
def may_see_profile(user, profile) -> bool:
    if profile is None or not user.is_authenticated:
        return False
    if profile.visibility in (Visibility.PUBLIC, Visibility.ANONYMOUS):
        return True
    from clusterhub.matchmaking.queries import profiles_visible_to

    return profiles_visible_to(user).filter(pk=profile.pk).exists()


@rules.predicate
def identity_shown(user, profile) -> bool:
    return profile is not None and profile.visibility != Visibility.ANONYMOUS


@rules.predicate
def acts_for_requester(user, intro) -> bool:
    return intro is not None and acts_for(user, intro.requester)


@rules.predicate
def acts_for_target(user, intro) -> bool:
    return intro is not None and acts_for(user, intro.target)


@rules.predicate
def forwards_for(user, intro) -> bool:
    """Manager or staff of the anonymous profile's cluster, while it waits for forwarding."""
    return (
        intro is not None
        and intro.needs_forwarding
        and is_cluster_staff_or_manager(user, intro.profile.cluster)
    )


@rules.predicate
def awaiting_decision(user, intro) -> bool:
    return intro is not None and intro.awaits_decision


@rules.predicate
def acts_for_a_partner(user, collaboration) -> bool:
    return collaboration is not None and any(
        acts_for(user, org) for org in collaboration.partners.all()
    )


@rules.predicate
def manages_chain_cluster(user, chain) -> bool:
    return chain is not None and is_cluster_manager(user, chain.cluster)


@rules.predicate
def insider_of_chain_cluster(user, chain) -> bool:
    return chain is not None and is_cluster_insider(user, chain.cluster)


# Profiles
rules.add_perm("matchmaking.view_profile", is_platform_admin | may_see_profile)
rules.add_perm(
    "matchmaking.view_profile_identity",
    is_platform_admin
    | (may_see_profile & identity_shown)
    | acts_for_profile_owner
    | team_of_profile_cluster,
)
rules.add_perm("matchmaking.add_profile_for", is_platform_admin | acts_for)
rules.add_perm("matchmaking.change_profile", is_platform_admin | acts_for_profile_owner)
rules.add_perm(
    "matchmaking.recommend_for_profile",
    is_platform_admin | acts_for_profile_owner | team_of_profile_cluster,
)
# Organisations
rules.add_perm(
    "matchmaking.recommend_for_organisation",
    is_platform_admin | acts_for | is_team_of_a_cluster_of,
)
rules.add_perm("matchmaking.request_introduction_for", is_platform_admin | acts_for)
# Introductions
rules.add_perm("matchmaking.forward_introduction", is_platform_admin | forwards_for)
rules.add_perm(
    "matchmaking.decide_introduction", (is_platform_admin | acts_for_target) & awaiting_decision
)
# Collaborations
rules.add_perm("matchmaking.change_collaboration", is_platform_admin | acts_for_a_partner)
# Value chains
rules.add_perm("matchmaking.view_value_chain", is_platform_admin | insider_of_chain_cluster)
rules.add_perm("matchmaking.add_value_chain_to", is_platform_admin | is_cluster_manager)
rules.add_perm("matchmaking.change_value_chain", is_platform_admin | manages_chain_cluster)
