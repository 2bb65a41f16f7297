"""What the public may see of a cluster: read from every area, public fields only.

No permission is asked here because nothing here is private: each function returns only what
may be shown to an anonymous visitor (public events, public open offers, members that agreed to
be listed). Pages, the widget and the public API all read through these functions, so a rule
about what is public is written once.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Avg
from django.db.models import Count
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.assessment.models import LabelAward
from clusterhub.common.text import parse_id
from clusterhub.directory.countries import CENTRES
from clusterhub.directory.models import ListingConsent
from clusterhub.events.enums import Audience
from clusterhub.events.models import Event
from clusterhub.matchmaking.enums import OFFER_KINDS
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import Profile
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.funding import FundingNotice
from clusterhub.registry.funding import funding_notice
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import running_on

# How many upcoming events and offers a public page shows.
UPCOMING_EVENTS = 10
PUBLIC_OFFERS = 10
# The map places a cluster without coordinates at the middle of its members' only over this many.
MEMBERS_FOR_CENTRE = 3


def current_memberships(*, on: date | None = None) -> QuerySet:
    return Membership.objects.filter(running_on(on or timezone.localdate()))


def current_labels(*, on: date | None = None) -> QuerySet:
    day = on or timezone.localdate()
    return LabelAward.objects.filter(valid_from__lte=day, valid_until__gte=day)


def public_clusters() -> QuerySet:
    """Every cluster, with what the directory shows of it fetched at once."""
    return (
        Cluster.objects.select_related("nuts_region", "managing_organisation")
        .prefetch_related(
            Prefetch(
                "label_awards",
                queryset=current_labels().order_by("-valid_until"),
                to_attr="current_label_awards",
            )
        )
        .annotate(has_label=Exists(current_labels().filter(cluster=OuterRef("pk"))))
    )


def apply_url(cluster: Cluster) -> str:
    """The membership application form (membership area), linked by its path, not imported."""
    return f"/membership/{cluster.pk}/apply/"


def cluster_by_key(key: str) -> Cluster | None:
    """The cluster a URL names: its id, or its acronym (case does not matter)."""
    clusters = public_clusters()
    pk = parse_id(key)
    if pk is not None:
        return clusters.filter(pk=pk).first()
    return clusters.filter(acronym__iexact=key).first()


@dataclass(frozen=True)
class Label:
    level: str
    level_display: str
    valid_until: date


def current_label(cluster: Cluster) -> Label | None:
    """The cluster's best label valid today (gold before silver before bronze)."""
    awards = getattr(cluster, "current_label_awards", None)
    if awards is None:
        awards = list(current_labels().filter(cluster=cluster))
    if not awards:
        return None
    rank = {"gold": 3, "silver": 2, "bronze": 1}
    best = max(awards, key=lambda a: (rank.get(a.level, 0), a.valid_until))
    return Label(best.level, str(best.get_level_display()), best.valid_until)


@dataclass(frozen=True)
class TypeCount:
    org_type: str
    label: str
    count: int


def member_counts(cluster: Cluster) -> list[TypeCount]:
    """Current members by organisation type, the largest group first (aggregates only)."""
    types = (
        current_memberships()
        .filter(cluster=cluster)
        .values_list("organisation__org_type", flat=True)
    )
    counts = Counter(types)
    labels = dict(OrganisationType.choices)
    return sorted(
        (TypeCount(t, str(labels.get(t, t)), n) for t, n in counts.items()),
        key=lambda c: (-c.count, c.label),
    )


def listed_organisation_ids(cluster: Cluster) -> QuerySet:
    return ListingConsent.objects.filter(cluster=cluster, listed=True).values("organisation_id")


def listed_members(cluster: Cluster) -> QuerySet:
    """Current members whose representative or the manager agreed to name them publicly."""
    return (
        Organisation.objects.filter(
            pk__in=current_memberships().filter(cluster=cluster).values("organisation_id")
        )
        .filter(pk__in=listed_organisation_ids(cluster))
        .only("pk", "name", "org_type", "city", "country", "website")
        .order_by("name", "pk")
    )


def upcoming_public_events(cluster: Cluster, *, limit: int = UPCOMING_EVENTS) -> QuerySet:
    """Published events open to everyone, hosted by the cluster, not yet over."""
    return Event.objects.filter(
        cluster=cluster, published=True, audience=Audience.PUBLIC, ends_at__gte=timezone.now()
    ).order_by("starts_at", "pk")[:limit]


@dataclass(frozen=True)
class PublicOffer:
    title: str
    kind: str
    kind_display: str
    keywords: str
    deadline: date | None
    organisation: str


def public_offers(cluster: Cluster, *, limit: int = PUBLIC_OFFERS) -> list[PublicOffer]:
    """Open business and technology offers with public visibility, of current members that
    agreed to be named on the public page.

    Only of those members: an offer's title is free text and often names its organisation, so
    an offer of a member that did not agree would name it anyway. Anonymous profiles and those
    shown only to members of the clusters are left out, and so is the description (written for
    signed-in readers, it may name people).
    """
    today = timezone.localdate()
    profiles = (
        Profile.objects.filter(
            cluster=cluster,
            visibility=Visibility.PUBLIC,
            kind__in=[str(k) for k in OFFER_KINDS],
            organisation_id__in=listed_members(cluster).values("pk"),
        )
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .select_related("organisation")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return [
        PublicOffer(
            title=p.title,
            kind=p.kind,
            kind_display=str(p.get_kind_display()),
            keywords=p.keywords,
            deadline=p.deadline,
            organisation=p.organisation.name,
        )
        for p in profiles
    ]


def funding_notices(cluster: Cluster) -> list[tuple[Programme, FundingNotice]]:
    """The EU funding acknowledgement of each funded programme the cluster takes part in."""
    notices = []
    for programme in cluster.programmes.order_by("acronym"):
        notice = funding_notice(programme)
        if notice is not None:
            notices.append((programme, notice))
    return notices


@dataclass(frozen=True)
class Place:
    latitude: Decimal
    longitude: Decimal
    # "cluster", "managing_organisation", "members" (the mean of the members' coordinates) or
    # "country" (the country's approximate centre: the map draws such a point hollow).
    source: str

    @property
    def approximate(self) -> bool:
        return self.source == "country"


def members_centres(cluster_ids) -> dict[int, tuple[Decimal, Decimal]]:
    """Per cluster, the mean coordinates of its current members that have some; one query.

    Only over at least MEMBERS_FOR_CENTRE members, and rounded to a tenth of a degree (about
    10 km), so the point never gives away one member's address."""
    rows = (
        current_memberships()
        .filter(
            cluster_id__in=cluster_ids,
            organisation__latitude__isnull=False,
            organisation__longitude__isnull=False,
        )
        .values("cluster_id")
        .annotate(
            lat=Avg("organisation__latitude"),
            lon=Avg("organisation__longitude"),
            n=Count("organisation_id", distinct=True),
        )
        .filter(n__gte=MEMBERS_FOR_CENTRE)
        .order_by()
    )
    tenth = Decimal("0.1")
    return {
        r["cluster_id"]: (
            Decimal(str(r["lat"])).quantize(tenth),
            Decimal(str(r["lon"])).quantize(tenth),
        )
        for r in rows
    }


def place_of(cluster: Cluster, *, members: dict | None = None) -> Place | None:
    """Where the map puts the cluster: its own coordinates, else its managing organisation's,
    else the middle of its members', else its country's centre; None for an unknown country.

    `members` is members_centres() for a list of clusters; without it this asks the database.
    """
    if cluster.has_location:
        return Place(cluster.latitude, cluster.longitude, "cluster")
    org = cluster.managing_organisation
    if org is not None and org.has_location:
        return Place(org.latitude, org.longitude, "managing_organisation")
    if members is None:
        members = members_centres([cluster.pk])
    if cluster.pk in members:
        lat, lon = members[cluster.pk]
        return Place(lat, lon, "members")
    centre = CENTRES.get(cluster.country)
    if centre is not None:
        return Place(Decimal(str(centre[1])), Decimal(str(centre[0])), "country")
    return None


@dataclass(frozen=True)
class PublicProfile:
    """Everything the public page, the widget and the API show of one cluster."""

    cluster: Cluster
    sectors: list
    label: Label | None
    member_total: int
    member_counts: list[TypeCount]
    listed_members: list[Organisation]
    offers: list[PublicOffer]
    events: list[Event]
    funding: list[tuple[Programme, FundingNotice]]
    place: Place | None


def public_profile(cluster: Cluster, *, full: bool = True) -> PublicProfile:
    """The cluster's public profile; `full=False` (the widget) leaves out the lists."""
    counts = member_counts(cluster)
    return PublicProfile(
        cluster=cluster,
        sectors=list(cluster.sectors.order_by("code")) if full else [],
        label=current_label(cluster),
        member_total=sum(c.count for c in counts),
        member_counts=counts,
        listed_members=list(listed_members(cluster)) if full else [],
        offers=public_offers(cluster) if full else [],
        events=list(upcoming_public_events(cluster)) if full else [],
        funding=funding_notices(cluster),
        place=place_of(cluster),
    )
