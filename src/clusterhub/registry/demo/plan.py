"""The demo as plain data: which organisations, memberships and people to create.

Pure Python with one seeded random generator, so every run plans exactly the same demo; the
loader then creates whatever of the plan is not in the database yet.
"""

import random
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from decimal import Decimal

from clusterhub.registry.demo.data import BRANDS
from clusterhub.registry.demo.data import CLUSTERS
from clusterhub.registry.demo.data import CROSS_MEMBERSHIPS
from clusterhub.registry.demo.data import DEMO_SUFFIX
from clusterhub.registry.demo.data import FIRST_NAMES
from clusterhub.registry.demo.data import JOB_TITLES
from clusterhub.registry.demo.data import LARGE_SUFFIX
from clusterhub.registry.demo.data import LEGAL_SUFFIX
from clusterhub.registry.demo.data import PARTNERS
from clusterhub.registry.demo.data import PHONE_PREFIX
from clusterhub.registry.demo.data import PLACES
from clusterhub.registry.demo.data import SURNAMES
from clusterhub.registry.demo.data import ClusterSpec
from clusterhub.registry.demo.data import Special

SEED = 2016
# Membership dates stay in the past whatever the date today, so the plan never changes.
LAST_DATE = date(2024, 12, 31)
ENDED_SHARE = 0.08
LARGE_SHARE = 0.07
GROUNDS = ("written", "fee", "fee", "active")


@dataclass(frozen=True)
class OrgPlan:
    key: str  # "partner:<key>" or "org:<n>"
    name: str
    city: str
    org_type: str
    nace: str
    secondary: tuple[str, ...]
    headcount: int | None
    turnover: Decimal | None
    balance_sheet: Decimal | None
    registration_number: str | None
    domain: str
    description: str
    home_cluster: str | None  # cluster key; None for partners

    @property
    def country(self) -> str:
        return PLACES[self.city].country


@dataclass(frozen=True)
class MembershipPlan:
    cluster: str
    org: str
    since: date
    until: date | None
    committed: bool
    commitment_ground: str


@dataclass(frozen=True)
class PersonPlan:
    org: str
    first_name: str
    last_name: str
    job_title: str
    email: str
    phone: str


@dataclass(frozen=True)
class DemoPlan:
    orgs: tuple[OrgPlan, ...]
    memberships: tuple[MembershipPlan, ...]
    people: tuple[PersonPlan, ...]


def ascii_fold(text: str) -> str:
    """'Rīgas Ķirsis' -> 'Rigas Kirsis': for domains and email addresses."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-")


class _Planner:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.domains: set[str] = set()
        self.registrations: set[str] = set()
        self.orgs: list[OrgPlan] = []
        self.memberships: list[MembershipPlan] = []
        self.people: list[PersonPlan] = []

    def unique_domain(self, base: str) -> str:
        label = slug(base)[:60].strip("-")  # a DNS label has at most 63 characters
        domain, n = f"{label}.example", 2
        while domain in self.domains:
            domain, n = f"{label}-{n}.example", n + 1
        self.domains.add(domain)
        return domain

    def registration(self, country: str, public: bool) -> str:
        """A number in the shape of the country's register (public bodies have their own range)."""
        while True:
            r = self.rng
            if country == "LV":
                number = f"{'90' if public else '40'}{r.randint(0, 999_999_999):09d}"
            elif country == "EE":
                number = f"{'7' if public else '1'}{r.randint(0, 9_999_999):07d}"
            else:
                number = (
                    f"{'212' if public else '556'}{r.randint(0, 999):03d}-{r.randint(0, 9999):04d}"
                )
            if number not in self.registrations:
                self.registrations.add(number)
                return number

    def figures(self, large: bool) -> tuple[int, Decimal, Decimal]:
        """Headcount, turnover and balance sheet that put a company in the intended size class."""
        r = self.rng
        if large:
            headcount = r.randint(260, 900)
            turnover = Decimal(r.randint(60, 250) * 1_000_000)
        else:
            low, high = r.choices([(1, 9), (10, 49), (50, 240)], weights=[45, 35, 20])[0]
            headcount = r.randint(low, high)
            # At most EUR 150k per head keeps each class within its turnover ceiling.
            turnover = Decimal(headcount * r.randint(40, 150) * 1000)
        balance = (turnover * Decimal(r.randint(30, 90)) / 100).quantize(Decimal("1"))
        return headcount, turnover, balance

    def company(self, cluster: ClusterSpec) -> OrgPlan:
        r = self.rng
        city = r.choice(cluster.cities)
        country = PLACES[city].country
        trade = r.choice(cluster.trades)
        large = r.random() < LARGE_SHARE
        base = ""
        for _attempt in range(50):
            base = f"{r.choice(BRANDS[country])} {r.choice(trade.words)}"
            if base not in self.names:
                break
        else:
            base = f"{base} {len(self.orgs)}"
        self.names.add(base)
        legal = (LARGE_SUFFIX if large else LEGAL_SUFFIX)[country]
        headcount, turnover, balance = self.figures(large)
        secondary = tuple(c for c in trade.secondary if r.random() < 0.5)
        return self.add_org(
            OrgPlan(
                key=f"org:{len(self.orgs)}",
                name=f"{base} {legal}{DEMO_SUFFIX}",
                city=city,
                org_type="large" if large else "sme",
                nace=trade.nace,
                secondary=secondary,
                headcount=headcount,
                turnover=turnover,
                balance_sheet=balance,
                registration_number=self.registration(country, public=False),
                domain=self.unique_domain(base),
                description="Demo data: an invented company.",
                home_cluster=cluster.key,
            )
        )

    def special(self, cluster: ClusterSpec, special: Special) -> OrgPlan:
        country = PLACES[special.city].country
        self.names.add(special.name)
        return self.add_org(
            OrgPlan(
                key=f"org:{len(self.orgs)}",
                name=special.name + DEMO_SUFFIX,
                city=special.city,
                org_type=special.org_type,
                nace=special.nace,
                secondary=(),
                headcount=special.headcount,
                turnover=None,
                balance_sheet=None,
                registration_number=self.registration(country, public=special.org_type == "public"),
                domain=self.unique_domain(special.name),
                description="Demo data: an invented organisation.",
                home_cluster=cluster.key,
            )
        )

    def add_org(self, org: OrgPlan) -> OrgPlan:
        self.orgs.append(org)
        self.add_people(org)
        return org

    def add_people(self, org: OrgPlan) -> None:
        r = self.rng
        male, female = FIRST_NAMES[org.country]
        used: set[tuple[str, str]] = set()
        for i in range(r.choice((1, 1, 2, 2, 3))):
            is_male = r.random() < 0.5
            first = r.choice(male if is_male else female)
            last = r.choice(SURNAMES[org.country])[0 if is_male else 1]
            if (first, last) in used:
                continue
            used.add((first, last))
            title = JOB_TITLES[0] if i == 0 else r.choice(JOB_TITLES[1:])
            digits = f"{r.randint(0, 9_999_999):07d}"
            self.people.append(
                PersonPlan(
                    org=org.key,
                    first_name=first,
                    last_name=last,
                    job_title=title,
                    email=f"{slug(first)}.{slug(last)}@{org.domain}",
                    phone=_phone(org.country, digits),
                )
            )

    def membership(self, cluster: ClusterSpec, org: OrgPlan, earliest: date) -> MembershipPlan:
        r = self.rng
        since = earliest + timedelta(days=r.randint(0, (date(2024, 6, 30) - earliest).days))
        until = None
        if r.random() < ENDED_SHARE:
            until = min(since + timedelta(days=365 * r.randint(1, 4)), LAST_DATE)
        committed = r.random() < cluster.committed_share
        plan = MembershipPlan(
            cluster=cluster.key,
            org=org.key,
            since=since,
            until=until,
            committed=committed,
            commitment_ground=r.choice(GROUNDS) if committed else "",
        )
        self.memberships.append(plan)
        return plan


def _phone(country: str, digits: str) -> str:
    prefix = PHONE_PREFIX[country]
    if country == "SE":
        return f"{prefix} {digits[:3]} {digits[3:5]} {digits[5:]}"
    return f"{prefix}{digits[:3]} {digits[3:]}"


def build_plan(seed: int = SEED) -> DemoPlan:
    """Plan the whole demo; the same seed always gives the same plan."""
    p = _Planner(seed)
    for partner in PARTNERS:
        p.add_org(
            OrgPlan(
                key=f"partner:{partner.key}",
                name=partner.name,
                city=partner.city,
                org_type=partner.org_type,
                nace=partner.nace,
                secondary=(),
                headcount=None,
                turnover=None,
                balance_sheet=None,
                registration_number=None,
                domain=p.unique_domain(partner.short_name or partner.name),
                description=partner.description,
                home_cluster=None,
            )
        )
    by_cluster = {c.key: c for c in CLUSTERS}
    home: dict[str, list[tuple[OrgPlan, MembershipPlan]]] = {}
    for cluster in CLUSTERS:
        earliest = date(cluster.founded, 1, 1)
        members = [p.special(cluster, s) for s in cluster.specials]
        members += [p.company(cluster) for _ in range(cluster.companies)]
        home[cluster.key] = [(org, p.membership(cluster, org, earliest)) for org in members]
    # Cross-industry members: companies that joined a second cluster once the programme began.
    joined: set[str] = set()
    for source, target, count in CROSS_MEMBERSHIPS:
        candidates = [
            org
            for org, m in home[source]
            if org.org_type in ("sme", "large") and m.until is None and org.key not in joined
        ]
        for org in p.rng.sample(candidates, count):
            joined.add(org.key)
            p.membership(by_cluster[target], org, date(2016, 1, 1))
    return DemoPlan(tuple(p.orgs), tuple(p.memberships), tuple(p.people))
