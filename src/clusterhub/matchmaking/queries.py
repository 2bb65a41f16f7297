"""What each user may see in matchmaking, as querysets. Pages, API and commands start here."""

from datetime import timedelta

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.registry.models import Membership

DECLINE_QUIET_DAYS = 90


def current_members(cluster_ids) -> QuerySet:
    """Organisation ids currently members of the given clusters (a subquery)."""
    today = timezone.localdate()
    return Membership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=today), cluster_id__in=cluster_ids
    ).values("organisation_id")


def managed_organisations(user) -> Q:
    """Organisations the user acts for: represents, or edits as manager/staff of their cluster."""
    r = roles_of(user)
    editing = r.clusters_with(Role.CLUSTER_MANAGER, Role.CLUSTER_STAFF)
    return Q(pk__in=r.represented_organisations) | Q(
        pk__in=Membership.objects.filter(cluster_id__in=editing).values("organisation_id")
    )


def profiles_visible_to(user) -> QuerySet[Profile]:
    """Public and anonymous profiles for everyone signed in; cluster-only ones for insiders of a
    cluster the organisation belongs to; an organisation's own profiles for those acting for it."""

    def own(profiles):
        r = roles_of(user)
        return profiles.filter(
            Q(visibility__in=[Visibility.PUBLIC, Visibility.ANONYMOUS])
            | Q(organisation_id__in=current_members(r.insider_clusters))
            | Q(organisation_id__in=r.represented_organisations)
            | Q(cluster_id__in=r.team_clusters)
        )

    return visible_records(user, Profile.objects.all(), own)


def open_profiles(queryset: QuerySet[Profile]) -> QuerySet[Profile]:
    """Profiles whose deadline has not passed."""
    return queryset.filter(Q(deadline__isnull=True) | Q(deadline__gte=timezone.localdate()))


def introductions_visible_to(user) -> QuerySet[Introduction]:
    """Both sides see their introductions (the asked side an anonymous one once forwarded);
    the team of the profile's cluster or of either organisation's cluster sees them too."""

    def own(introductions):
        r = roles_of(user)
        mine = _organisations_managed_by(user)
        team_members = current_members(r.team_clusters)
        hidden_until_forwarded = Q(profile__visibility=Visibility.ANONYMOUS) & Q(
            status=IntroductionStatus.REQUESTED
        )
        return introductions.filter(
            Q(requester_id__in=mine)
            | (Q(target_id__in=mine) & ~hidden_until_forwarded)
            | Q(profile__cluster_id__in=r.team_clusters)
            | Q(requester_id__in=team_members)
            | Q(target_id__in=team_members)
        ).distinct()

    return visible_records(user, Introduction.objects.all(), own)


def recently_declined_pairs(organisation_id: int) -> set[int]:
    """Organisations that declined (or were declined by) this one in the last 90 days."""
    since = timezone.now() - timedelta(days=DECLINE_QUIET_DAYS)
    rows = Introduction.objects.filter(
        Q(requester_id=organisation_id) | Q(target_id=organisation_id),
        status=IntroductionStatus.DECLINED,
        decided_at__gte=since,
    ).values_list("requester_id", "target_id")
    return {t if r == organisation_id else r for r, t in rows}


def collaborations_visible_to(user) -> QuerySet[Collaboration]:
    def own(collaborations):
        r = roles_of(user)
        return collaborations.filter(
            Q(partners__in=_organisations_managed_by(user))
            | Q(partners__in=current_members(r.team_clusters))
            | Q(value_chain__cluster_id__in=r.insider_clusters)
        ).distinct()

    return visible_records(user, Collaboration.objects.all(), own)


def _organisations_managed_by(user) -> QuerySet:
    """Ids of the organisations the user acts for, as a subquery."""
    from clusterhub.registry.models import Organisation

    return Organisation.objects.filter(managed_organisations(user)).values("pk")


def value_chains_visible_to(user) -> QuerySet[ValueChain]:
    return visible_records(
        user,
        ValueChain.objects.all(),
        lambda chains: chains.filter(cluster_id__in=roles_of(user).insider_clusters),
    )


def introductions_between(
    visible: QuerySet[Introduction], organisation_id: int, others
) -> dict[int, Introduction]:
    """The latest visible introduction still standing (not declined) between the organisation
    and each of the others, either side asking, keyed by the other organisation's id."""
    others = list(others)
    if not others:
        return {}
    rows = (
        visible.exclude(status=IntroductionStatus.DECLINED)
        .filter(
            Q(requester_id=organisation_id, target_id__in=others)
            | Q(target_id=organisation_id, requester_id__in=others)
        )
        .order_by("created_at", "pk")
    )
    found = {}
    for intro in rows:
        other = intro.target_id if intro.requester_id == organisation_id else intro.requester_id
        found[other] = intro
    return found
