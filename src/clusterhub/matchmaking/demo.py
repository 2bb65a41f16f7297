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
from clusterhub.matchmaking.enums import CollaborationStatus, ProfileKind, Visibility
from clusterhub.matchmaking.models import Collaboration, Introduction, Profile, ValueChain
from clusterhub.matchmaking.stored import recompute_all
from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.domain import save_person
from clusterhub.registry.models import Cluster, Membership, Organisation, Person

CARRIER_USERNAME = "carrier"

B_OFFER, B_REQUEST = ProfileKind.BUSINESS_OFFER, ProfileKind.BUSINESS_REQUEST
T_OFFER, T_REQUEST = ProfileKind.TECHNOLOGY_OFFER, ProfileKind.TECHNOLOGY_REQUEST

# (kind, title, description, keywords, NACE codes) by the organisation's primary NACE class.
# Texts in Latvian (lv), Estonian (et) and Swedish (sv) show that the matching crosses languages.
TEMPLATES: dict[str, list[tuple[str, str, str, str, str]]] = {
    "10.51": [
        (
            B_OFFER,
            "Organic dairy products for Nordic retail",
            "We produce organic cheese, kefir and yoghurt from Vidzeme milk and look for retail "
            "chains and HoReCa buyers in Sweden and Finland.",
            "dairy, cheese, organic",
            "10.51",
        ),
        (
            B_REQUEST,
            "Cold-chain transport of dairy products to Scandinavia",
            "We need a refrigerated trucking partner for regular temperature-controlled deliveries "
            "of chilled dairy products from Latvia to Stockholm and Helsinki, with cold storage "
            "near the port.",
            "refrigerated transport, cold chain, logistics",
            "49.41, 52.10",
        ),
        (
            T_REQUEST,
            "Traceability software from farm to shelf",
            "We are looking for a software partner to implement batch traceability from milk "
            "collection to the retail shelf, with temperature logging and recall reports.",
            "traceability, software, food safety",
            "62.10",
        ),
    ],
    "10.71": [
        (
            B_REQUEST,
            "Meklējam loģistikas partneri maizes piegādei",
            "Meklējam loģistikas uzņēmumu, kas katru dienu piegādātu svaigu rudzu maizi veikaliem "
            "Rīgā un Tallinā, ar noliktavu un pasūtījumu izsekošanu.",
            "loģistika, piegāde, noliktava",
            "49.41",
        ),
        (
            B_OFFER,
            "Traditional rye bread for export",
            "Bakery producing traditional Latvian rye bread and sourdough for export markets.",
            "bakery, rye bread",
            "10.71",
        ),
    ],
    "10.11": [
        (
            T_REQUEST,
            "Cold storage and route planning for meat products",
            "Meat processor seeks frozen storage capacity and route planning software for "
            "deliveries to supermarkets in the Baltics.",
            "cold storage, route planning",
            "52.10",
        ),
    ],
    "10.39": [
        (
            T_REQUEST,
            "Meklējam e-komercijas un izsekojamības risinājumu",
            "Ogu pārstrādes uzņēmums meklē programmatūras izstrādātāju e-veikala un partiju "
            "izsekojamības sistēmai eksportam uz Zviedriju.",
            "programmatūra, e-komercija, izsekojamība",
            "62.10",
        ),
        (
            B_OFFER,
            "Berry juices and preserves",
            "Cold-pressed berry juices and preserves from Vidzeme for retail and HoReCa.",
            "juice, berries",
            "10.39",
        ),
    ],
    "11.07": [
        (
            B_REQUEST,
            "Distribution partner for birch sap drinks",
            "Drinks producer looks for warehousing and distribution of bottled birch sap in the "
            "Nordic countries.",
            "distribution, warehousing",
            "52.10, 46.34",
        ),
    ],
    "01.41": [
        (
            B_OFFER,
            "Raw milk from family dairy farm",
            "Family dairy farm offers raw milk to dairy processors in Vidzeme.",
            "milk, farm",
            "01.41",
        ),
    ],
    "49.41": [
        (
            B_OFFER,
            "Refrigerated trucking Baltics–Nordics",
            "Temperature-controlled road freight for chilled and frozen food between the Baltic "
            "states, Sweden and Finland; cold chain monitored in real time.",
            "refrigerated transport, cold chain, food logistics",
            "49.41",
        ),
        (
            T_REQUEST,
            "Fleet telematics and route optimisation",
            "Trucking company looking for fleet telematics, route optimisation and driver apps.",
            "telematics, route optimisation, software",
            "62.10",
        ),
    ],
    "52.10": [
        (
            B_OFFER,
            "Saldētava un noliktava Rīgas ostā",
            "Piedāvājam temperatūras kontrolētu noliktavu un saldētavu pārtikas produktiem Rīgas "
            "ostā, ar krājumu uzskaiti un izsekošanu.",
            "noliktava, saldētava, pārtika",
            "52.10",
        ),
        (
            T_REQUEST,
            "Warehouse management system",
            "Cold store looking for a warehouse management system with temperature sensors.",
            "warehouse management, sensors",
            "62.10",
        ),
    ],
    "52.24": [
        (
            B_OFFER,
            "Cargo handling at the port of Riga",
            "Terminal services: loading and handling of containers and reefer cargo.",
            "terminal, cargo handling",
            "52.24",
        ),
    ],
    "52.25": [
        (
            B_OFFER,
            "Supply chain planning for food exporters",
            "Logistics operator organising end-to-end supply chains for food exporters.",
            "supply chain, logistics",
            "52.25",
        ),
    ],
    "52.31": [
        (
            B_OFFER,
            "Freight forwarding and customs",
            "Freight forwarding, customs clearance and documentation for exports to the Nordics.",
            "forwarding, customs",
            "52.31",
        ),
    ],
    "53.20": [
        (
            B_OFFER,
            "Same-day courier deliveries",
            "Courier and parcel deliveries for e-shops in Riga and Tallinn.",
            "courier, parcels",
            "53.20",
        ),
    ],
    "62.10": [
        (
            T_OFFER,
            "Food traceability software",
            "Software for batch traceability in food production: from farm to shelf, with "
            "temperature logging, recall reports and integration with retailers.",
            "traceability, food safety, software",
            "62.10",
        ),
        (
            B_REQUEST,
            "Pilot customers in the food industry",
            "Software house looking for food producers to pilot a quality and traceability app.",
            "pilot, food industry",
            "10",
        ),
    ],
    "62.20": [
        (
            T_OFFER,
            "Fleet telematics and route optimisation platform",
            "Cloud platform for transport companies: GPS fleet telematics, route optimisation, "
            "driver apps and cold-chain temperature monitoring.",
            "telematics, route optimisation, cloud",
            "62.20",
        ),
    ],
    "63.10": [
        (
            T_OFFER,
            "Hosting and data services for e-commerce",
            "Data centre and hosting for online shops and ERP systems.",
            "hosting, cloud",
            "63.10",
        ),
    ],
    "58.29": [
        (
            T_OFFER,
            "Warehouse management SaaS",
            "Warehouse management system as a service with barcode and sensor integration.",
            "warehouse management, SaaS",
            "58.29",
        ),
    ],
    "62.90": [
        (
            T_OFFER,
            "IT support for small companies",
            "IT support and system administration for SMEs.",
            "IT support",
            "62.90",
        ),
    ],
}
# Estonian members of EE-ICT and Swedish members of NETPORT write their offers in their language.
LOCAL_OFFERS = {
    "EE": (
        T_OFFER,
        "Toiduainete jälgitavuse tarkvara",
        "Pakume toidutootjatele partiide jälgitavuse tarkvara põllult poeletini, koos "
        "temperatuuri logimise ja tagasikutsumise aruannetega.",
        "jälgitavus, tarkvara, toiduohutus",
        "62.10",
    ),
    "SE": (
        T_OFFER,
        "Flotthantering och ruttoptimering",
        "Vi erbjuder transportföretag flotthantering, ruttoptimering och övervakning av "
        "kylkedjan i realtid.",
        "flotthantering, ruttoptimering, kylkedja",
        "62.20",
    ),
}

# Other wordings of the titles above: members of one sector publish the same kind of offer, but
# a list where twenty rows read alike is useless. The n-th member using a template takes the
# n-th wording; when the wordings run out, the title names where the member is.
WORDINGS: dict[str, tuple[str, ...]] = {
    "Organic dairy products for Nordic retail": (
        "Farmhouse cheese for HoReCa buyers",
        "Kefir and yoghurt for private-label retail",
        "Lactose-free dairy range for export",
    ),
    "Cold-chain transport of dairy products to Scandinavia": (
        "Refrigerated deliveries of chilled dairy to Stockholm",
        "Temperature-controlled freight for milk products",
        "Reefer transport partner for weekly dairy exports",
    ),
    "Traceability software from farm to shelf": (
        "Batch tracking from milk collection to the shelf",
        "Recall reporting and temperature logs for a dairy",
        "Digital food-safety records for our production",
    ),
    "Traditional rye bread for export": (
        "Sourdough and rye bread for supermarkets",
        "Frozen bake-off rye bread for HoReCa",
    ),
    "Berry juices and preserves": (
        "Cold-pressed berry juice for retail",
        "Lingonberry and cranberry preserves",
    ),
    "Raw milk from family dairy farm": ("Organic raw milk from a family farm",),
    "Refrigerated trucking Baltics–Nordics": (
        "Chilled and frozen road freight to Finland",
        "Reefer trucks for food exporters",
        "Temperature-controlled groupage Baltics–Sweden",
        "Cold-chain transport with live temperature data",
    ),
    "Fleet telematics and route optimisation": (
        "Route planning software for a trucking fleet",
        "Driver app and GPS tracking for our trucks",
        "Digital tachograph and fleet data integration",
    ),
    "Warehouse management system": (
        "Stock control with temperature sensors",
        "Barcode and WMS for a cold store",
    ),
    "Food traceability software": (
        "Batch traceability as a service for food producers",
        "Recall management software for food",
        "Farm-to-shelf tracking platform",
    ),
    "Pilot customers in the food industry": (
        "Food producers wanted to pilot a quality app",
        "Early adopters for food-safety software",
    ),
    "Fleet telematics and route optimisation platform": (
        "Cloud fleet management for carriers",
        "Cold-chain temperature monitoring platform",
    ),
}

FARM_TO_FORK = [
    ("Primary production", ["01.41", "01.25"]),
    ("Processing", ["10", "11"]),
    ("Packaging", ["17.21", "22.22"]),
    ("Cold logistics", ["49.41", "52.10"]),
    ("Wholesale and retail", ["46.33", "47.24"]),
    ("IT enabler", ["62", "63"]),
]


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
