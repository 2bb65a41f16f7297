"""Matchmaking demo on top of the registry demo: offers and requests of the food, logistics and
IT members (some in Latvian, Estonian and Swedish), recommendations, an introduction that became
a collaboration and one waiting for the carrier's answer (the login `carrier` answers it), and a
farm-to-fork value chain for the food cluster with its gaps.

Idempotent: profiles are found again by organisation and title, texts are embedded only when
they changed, the introduction and the chain are looked up before they are made.
"""

from collections import Counter
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.demo_data import B_OFFER
from clusterhub.matchmaking.demo_data import FARM_TO_FORK
from clusterhub.matchmaking.demo_data import LOCAL_OFFERS
from clusterhub.matchmaking.demo_data import TEMPLATES
from clusterhub.matchmaking.demo_data import WORDINGS
from clusterhub.matchmaking.enums import CollaborationStatus
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.stored import recompute_all
from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.domain import save_person
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person

CARRIER_USERNAME = "carrier"


def _members(acronym: str) -> list[Organisation]:
    today = timezone.localdate()
    ids = Membership.objects.filter(
        Q(until__isnull=True) | Q(until__gte=today), cluster__acronym=acronym
    ).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids, org_type__in=["sme", "large"]))


def _profiles() -> list[tuple[Organisation, Cluster, tuple]]:
    """Which organisation publishes which profile, through which cluster."""
    plan = []
    uses: Counter = Counter()
    titles: set[str] = set()
    for acronym in ("HAV-FOOD", "LLA-LOG", "LITC", "EE-ICT", "NETPORT"):
        cluster = Cluster.objects.get(acronym=acronym)
        for n, org in enumerate(_members(acronym)):
            templates = list(TEMPLATES.get(org.primary_nace_id or "", []))
            if org.country in LOCAL_OFFERS and n % 2 == 0:
                templates = [LOCAL_OFFERS[org.country]] + templates[1:]
            for kind, title, *rest in templates:
                varied = _worded(title, uses[title], org, titles)
                uses[title] += 1
                titles.add(varied)
                plan.append((org, cluster, (kind, varied, *rest)))
    return plan


def _worded(title: str, n: int, org: Organisation, taken: set[str]) -> str:
    """The n-th member's wording of a template title, never one already taken."""
    wordings = (title, *WORDINGS.get(title, ()))
    worded = wordings[n % len(wordings)]
    if worded not in taken:
        return worded
    for where in (org.city, org.name):
        candidate = f"{worded} ({where})"
        if where and candidate not in taken:
            return candidate
    return f"{worded} ({org.pk})"


def load_demo() -> None:
    if not Cluster.objects.filter(acronym="HAV-FOOD").exists():
        return
    owned: list[Profile] = []
    seen: set[tuple[int, str]] = set()
    for org, cluster, (kind, title, description, keywords, codes) in _profiles():
        if (org.pk, title) in seen:
            continue
        seen.add((org.pk, title))
        profile = Profile.objects.filter(organisation=org, title=title).first() or Profile(
            organisation=org, title=title
        )
        # Every fifth request is anonymous: the cluster manager forwards introductions.
        anonymous = kind != B_OFFER and len(seen) % 5 == 0
        changed = (
            profile.pk is None
            or profile.description != description
            or profile.keywords != keywords
            or profile.kind != kind
        )
        if changed:
            profile.cluster, profile.kind = cluster, kind
            profile.description, profile.keywords = description, keywords
            profile.visibility = Visibility.ANONYMOUS if anonymous else Visibility.PUBLIC
            profile.target_regions = "LV, EE, SE, FI"
            # Embedded in one batch below, not one by one.
            domain.save_profile(
                profile=profile, nace_codes=[c.strip() for c in codes.split(",")], embed=False
            )
        owned.append(profile)
    domain.embed_profiles(profiles=owned)
    _introduction()
    _value_chain()
    recompute_all(top=10)


def demo_food_producer() -> Organisation | None:
    """The dairy whose recommendations the demo shows (first dairy member of HAV-FOOD)."""
    dairies = [o for o in _members("HAV-FOOD") if o.primary_nace_id == "10.51"]
    return min(dairies, key=lambda o: o.name) if dairies else None


def demo_carrier() -> Organisation | None:
    """The carrier the demo's introductions ask for (first trucking or cold-store member)."""
    carriers = sorted(
        (o for o in _members("LLA-LOG") if o.primary_nace_id in ("49.41", "52.10")),
        key=lambda o: o.name,
    )
    return carriers[0] if carriers else None


def _carrier_login(carrier: Organisation) -> User:
    """`carrier`: the representative of the carrier, who answers the introductions to it."""
    user = User.objects.filter(username=CARRIER_USERNAME).first()
    if user is None:
        user = User(
            username=CARRIER_USERNAME,
            email=f"{CARRIER_USERNAME}@clusterhub.example",
            first_name="Kārlis",
            last_name="Vilks",
        )
    user.set_password(DEMO_PASSWORD)
    user.save()
    grant_role(
        user=user,
        role=Role.MEMBER_REPRESENTATIVE,
        cluster=Cluster.objects.get(acronym="LLA-LOG"),
        organisation=carrier,
    )
    if not Person.objects.filter(user=user).exists():
        save_person(
            person=Person(
                user=user,
                organisation=carrier,
                first_name=user.first_name,
                last_name=user.last_name,
                job_title="Sales manager",
                email=user.email,
            )
        )
    return user


def _waiting_introduction(carrier: Organisation, manager: User | None) -> None:
    """A second food member asks for the carrier and waits: `carrier` accepts or declines."""
    food = sorted(
        (o for o in _members("HAV-FOOD") if o.primary_nace_id in ("10.71", "10.39", "11.07")),
        key=lambda o: o.name,
    )
    if not food or Introduction.objects.filter(requester=food[0], target=carrier).exists():
        return
    domain.request_introduction(
        requester=food[0],
        target=carrier,
        user=manager,
        message="We deliver fresh bread to shops in Riga and Tallinn every morning.",
    )


def _introduction() -> None:
    dairy = demo_food_producer()
    carrier = demo_carrier()
    if dairy is None or carrier is None:
        return
    _carrier_login(carrier)
    offer = Profile.objects.filter(organisation=carrier).order_by("pk").first()
    manager = User.objects.filter(username="foodmanager").first()
    _waiting_introduction(carrier, manager)
    if Introduction.objects.filter(requester=dairy, target=carrier).exists():
        return
    intro, _created = domain.request_introduction(
        requester=dairy,
        target=carrier,
        profile=offer,
        user=manager,
        message="We ship chilled dairy to Stockholm twice a week.",
    )
    if intro.needs_forwarding:
        domain.forward_introduction(introduction=intro, user=manager)
    collaboration = domain.decide_introduction(introduction=intro, accept=True)
    collaboration.status = CollaborationStatus.RUNNING
    collaboration.expected_value_eur = Decimal("48000.00")
    collaboration.realised_value_eur = Decimal("12500.00")
    collaboration.notes = "Weekly refrigerated deliveries Valmiera–Stockholm since spring."
    chain = ValueChain.objects.filter(cluster__acronym="HAV-FOOD").first()
    collaboration.value_chain = chain
    domain.save_collaboration(collaboration=collaboration)


def _value_chain() -> None:
    cluster = Cluster.objects.get(acronym="HAV-FOOD")
    chain = ValueChain.objects.filter(cluster=cluster, name="Farm-to-fork traceability").first()
    if chain is not None:
        return
    chain = domain.save_value_chain(
        chain=ValueChain(
            cluster=cluster,
            name="Farm-to-fork traceability",
            description="From the farm through processing and cold logistics to the shelf, with "
            "IT tracing every batch.",
        ),
        stages=FARM_TO_FORK,
    )
    Collaboration.objects.filter(
        value_chain__isnull=True, partners__in=_members("HAV-FOOD")
    ).update(value_chain=chain)
