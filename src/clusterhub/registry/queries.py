"""What each user may see, as querysets. Every page, API list and export starts here."""

from datetime import date

from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet

from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme


def organisation_team_clusters(organisation: Organisation) -> frozenset[int]:
    """Clusters the organisation is or was a member of (their teams see its people)."""
    cached = getattr(organisation, "_cluster_ids", None)
    if cached is None:
        prefetched = getattr(organisation, "_prefetched_objects_cache", {}).get("memberships")
        if prefetched is not None:
            cached = frozenset(m.cluster_id for m in prefetched)
        else:
            cached = frozenset(
                Membership.objects.filter(organisation=organisation).values_list(
                    "cluster_id", flat=True
                )
            )
        organisation._cluster_ids = cached
    return cached


def running_on(day: date) -> Q:
    """Memberships running on `day`: begun by then and not ended before it."""
    return Q(since__lte=day) & (Q(until__isnull=True) | Q(until__gte=day))


def team_clusters_prefetch(lookup: str = "memberships") -> Prefetch:
    """Prefetch for `organisation_team_clusters` of many organisations in one query (lists
    that ask a per-organisation rule, such as its finances, for every row)."""
    return Prefetch(lookup, queryset=Membership.objects.only("organisation", "cluster").order_by())


def _every(records: QuerySet) -> QuerySet:
    """The rule of the directory's records: a signed-in user sees them all."""
    return records


def clusters_visible_to(user) -> QuerySet[Cluster]:
    """The directory of clusters: everyone signed in sees every cluster's public profile."""
    return visible_records(user, Cluster.objects.all(), _every)


def clusters_with_dashboard_for(user) -> QuerySet[Cluster]:
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=r.insider_clusters)


def organisations_visible_to(user) -> QuerySet[Organisation]:
    """Every organisation, for everyone signed in."""
    return visible_records(user, Organisation.objects.all(), _every)


def memberships_visible_to(user) -> QuerySet[Membership]:
    """Memberships of the clusters the user is an insider of."""

    def own(memberships):
        return memberships.filter(cluster_id__in=roles_of(user).insider_clusters)

    return visible_records(user, Membership.objects.all(), own)


def people_visible_to(user) -> QuerySet[Person]:
    """People the user is, represents, or works with: those of organisations that are (or were)
    members of a cluster whose team the user is on."""

    def own(people):
        r = roles_of(user)
        member_orgs = Membership.objects.filter(cluster_id__in=r.team_clusters).values(
            "organisation_id"
        )
        return people.filter(
            Q(user=user)
            | Q(organisation_id__in=r.represented_organisations)
            | Q(organisation_id__in=member_orgs)
        )

    return visible_records(user, Person.objects.all(), own)


def programmes_visible_to(user) -> QuerySet[Programme]:
    """Every programme, for everyone signed in."""
    return visible_records(user, Programme.objects.all(), _every)
