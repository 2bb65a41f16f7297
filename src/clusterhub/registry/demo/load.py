"""Write the demo plan through the domain verbs, creating only what is not there yet.

Objects are found again by their natural keys (cluster acronym, registration number, partner
name, username, ...) and left untouched when they exist, so a second run adds nothing and
writes no new history rows. Only the demo users' passwords are set again, so that the printed
logins always work.
"""

from dataclasses import asdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import User
from clusterhub.registry.demo.data import CLUSTERS
from clusterhub.registry.demo.data import DEMO_PASSWORD
from clusterhub.registry.demo.data import PLACES
from clusterhub.registry.demo.data import PROGRAMME_ACRONYM
from clusterhub.registry.demo.data import PROGRAMME_DESCRIPTION
from clusterhub.registry.demo.data import PROGRAMME_NAME
from clusterhub.registry.demo.plan import DemoPlan
from clusterhub.registry.demo.plan import OrgPlan
from clusterhub.registry.demo.plan import PersonPlan
from clusterhub.registry.demo.plan import build_plan
from clusterhub.registry.demo.plan import slug
from clusterhub.registry.domain import save_cluster
from clusterhub.registry.domain import save_membership
from clusterhub.registry.domain import save_organisation
from clusterhub.registry.domain import save_person
from clusterhub.registry.domain import save_programme
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme

PROGRAMME = "programme"


@dataclass(frozen=True)
class DemoUser:
    """A demo login. `grants` are (role, cluster key or PROGRAMME); `person_at` an org key."""

    username: str
    first_name: str
    last_name: str
    job_title: str
    grants: tuple[tuple[str, str], ...]
    person_at: str | None = None
    superuser: bool = False


# The member representative is the first contact of a member company of the IT cluster; the
# loader fills in that person's name.
MEMBER_USERNAME = "member"
DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "Agnese", "Priedīte", "Platform administrator", (), superuser=True),
    DemoUser(
        "coordinator",
        "Dace",
        "Kalniņa",
        "Programme coordinator, 5FOREXCELLENCE",
        ((Role.PROGRAMME_COORDINATOR, PROGRAMME),),
        person_at="partner:litc",
    ),
    DemoUser(
        "manager",
        "Jānis",
        "Bērziņš",
        "Cluster manager",
        ((Role.CLUSTER_MANAGER, "it"),),
        person_at="partner:litc",
    ),
    DemoUser(
        "staff",
        "Līga",
        "Ozoliņa",
        "Cluster project manager",
        ((Role.CLUSTER_STAFF, "it"),),
        person_at="partner:litc",
    ),
    DemoUser(MEMBER_USERNAME, "", "", "", ((Role.MEMBER_REPRESENTATIVE, "it"),)),
    DemoUser(
        "expert",
        "Björn",
        "Lindqvist",
        "Cluster management expert",
        ((Role.EXPERT, "it"), (Role.EXPERT, "food")),
    ),
    DemoUser("observer", "Tiit", "Saar", "Observer", ((Role.OBSERVER, "logistics"),)),
    DemoUser(
        "foodmanager",
        "Inese",
        "Liepiņa",
        "Food cluster manager",
        ((Role.CLUSTER_MANAGER, "food"),),
        person_at="partner:vpr",
    ),
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def load_demo() -> list[DemoLogin]:
    """Create the 5FOREXCELLENCE demo (idempotent, one transaction); returns the demo logins.

    Needs the reference data (`load_reference_data`) and raises RuntimeError without it.
    """
    plan = build_plan()
    with transaction.atomic():
        nace = _nace_codes(plan)
        orgs = _load_organisations(plan, nace)
        clusters = _load_clusters(orgs, nace)
        programme = _load_programme(clusters)
        _load_memberships(plan, orgs, clusters)
        _load_people(plan.people, orgs)
        return _load_users(plan, orgs, clusters, programme)


def _nace_codes(plan: DemoPlan) -> dict[str, NaceCode]:
    wanted = {o.nace for o in plan.orgs} | {c for o in plan.orgs for c in o.secondary}
    wanted |= {c for spec in CLUSTERS for c in spec.sectors}
    found = NaceCode.objects.in_bulk(wanted)
    missing = sorted(wanted - set(found))
    regions = {p.nuts for p in PLACES.values()}
    missing += sorted(
        regions - set(NutsRegion.objects.filter(code__in=regions).values_list("code", flat=True))
    )
    if missing:
        raise RuntimeError(
            _("Reference codes missing: %(codes)s. Run `clusterhub load_reference_data` first.")
            % {"codes": ", ".join(missing)}
        )
    return found


def _load_organisations(plan: DemoPlan, nace: dict[str, NaceCode]) -> dict[str, Organisation]:
    numbers = [o.registration_number for o in plan.orgs if o.registration_number]
    by_number = {
        (o.country, o.registration_number): o
        for o in Organisation.objects.filter(registration_number__in=numbers)
    }
    partner_names = [o.name for o in plan.orgs if o.registration_number is None]
    by_name = {
        (o.country, o.name): o
        for o in Organisation.objects.filter(
            name__in=partner_names, registration_number__isnull=True
        ).order_by("pk")
    }
    result: dict[str, Organisation] = {}
    for o in plan.orgs:
        key = (o.country, o.registration_number) if o.registration_number else (o.country, o.name)
        existing = (by_number if o.registration_number else by_name).get(key)
        result[o.key] = existing or _create_organisation(o, nace)
    return result


def _placed_in(city: str) -> dict:
    """The location fields of an organisation or cluster in a demo city."""
    place = PLACES[city]
    return {
        "city": city,
        "country": place.country,
        "nuts_region_id": place.nuts,
        "latitude": place.lat,
        "longitude": place.lon,
    }


def _create_organisation(o: OrgPlan, nace: dict[str, NaceCode]) -> Organisation:
    organisation = Organisation(
        name=o.name,
        registration_number=o.registration_number,
        primary_nace=nace[o.nace],
        org_type=o.org_type,
        headcount=o.headcount,
        turnover_eur=o.turnover,
        balance_sheet_eur=o.balance_sheet,
        website=f"https://{o.domain}",
        description=o.description,
        **_placed_in(o.city),
    )
    return save_organisation(
        organisation=organisation, secondary_nace=[nace[c] for c in o.secondary]
    )


def _load_clusters(orgs: dict[str, Organisation], nace: dict[str, NaceCode]) -> dict[str, Cluster]:
    existing = Cluster.objects.in_bulk([c.acronym for c in CLUSTERS], field_name="acronym")
    result: dict[str, Cluster] = {}
    for spec in CLUSTERS:
        cluster = existing.get(spec.acronym)
        if cluster is None:
            cluster = save_cluster(
                cluster=Cluster(
                    name=spec.name,
                    acronym=spec.acronym,
                    **_placed_in(spec.city),
                    sector_group=spec.sector_group,
                    website=f"https://{slug(spec.acronym)}.example",
                    founded=spec.founded,
                    legal_form=spec.legal_form,
                    management_fte=spec.management_fte,
                    managing_organisation=orgs[f"partner:{spec.partner}"],
                    description=spec.description,
                ),
                sectors=[nace[c] for c in spec.sectors],
            )
        result[spec.key] = cluster
    return result


def _load_programme(clusters: dict[str, Cluster]) -> Programme:
    programme = Programme.objects.filter(acronym=PROGRAMME_ACRONYM).first()
    if programme is None:
        return save_programme(
            programme=Programme(
                acronym=PROGRAMME_ACRONYM,
                name=PROGRAMME_NAME,
                description=PROGRAMME_DESCRIPTION,
                eu_funding_programme="COSME",
                funding_agency="EASME",
            ),
            clusters=list(clusters.values()),
        )
    present = set(programme.clusters.values_list("pk", flat=True))
    missing = [c for c in clusters.values() if c.pk not in present]
    if missing:  # adding nothing would still write a history row
        programme.clusters.add(*missing)
    return programme


def _load_memberships(
    plan: DemoPlan, orgs: dict[str, Organisation], clusters: dict[str, Cluster]
) -> None:
    existing = set(
        Membership.objects.filter(cluster__in=clusters.values()).values_list(
            "cluster_id", "organisation_id", "since"
        )
    )
    for m in plan.memberships:
        cluster, organisation = clusters[m.cluster], orgs[m.org]
        if (cluster.pk, organisation.pk, m.since) in existing:
            continue
        save_membership(
            membership=Membership(
                cluster=cluster, organisation=organisation, **_own_fields(m, "cluster", "org")
            )
        )


def _load_people(people: tuple[PersonPlan, ...], orgs: dict[str, Organisation]) -> None:
    existing = set(
        Person.objects.filter(organisation__in=orgs.values()).values_list(
            "organisation_id", "first_name", "last_name"
        )
    )
    for p in people:
        organisation = orgs[p.org]
        if (organisation.pk, p.first_name, p.last_name) in existing:
            continue
        save_person(person=Person(organisation=organisation, **_own_fields(p, "org")))


def _own_fields(planned, *keys: str) -> dict:
    """A planned record's own field values: all but the `keys` that name other planned records
    (a plan's other fields are named after the model's)."""
    return {name: value for name, value in asdict(planned).items() if name not in keys}


def member_representative(plan: DemoPlan) -> PersonPlan:
    """The contact the `member` login is: first person of the first committed IT member company."""
    committed = {
        m.org for m in plan.memberships if m.cluster == "it" and m.committed and m.until is None
    }
    org = next(
        o
        for o in plan.orgs
        if o.home_cluster == "it" and o.org_type == "sme" and o.key in committed
    )
    return next(p for p in plan.people if p.org == org.key)


def _load_users(
    plan: DemoPlan,
    orgs: dict[str, Organisation],
    clusters: dict[str, Cluster],
    programme: Programme,
) -> list[DemoLogin]:
    logins = []
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username, email=f"{spec.username}@clusterhub.example")
        if spec.username == MEMBER_USERNAME:
            contact = member_representative(plan)
            first, last, title = contact.first_name, contact.last_name, contact.job_title
            person_org = orgs[contact.org]
        else:
            first, last, title = spec.first_name, spec.last_name, spec.job_title
            person_org = orgs[spec.person_at] if spec.person_at else None
        user.first_name, user.last_name = first, last
        user.is_active = True
        user.is_superuser = user.is_staff = spec.superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        for role, target in spec.grants:
            if target == PROGRAMME:
                grant_role(user=user, role=role, programme=programme)
            else:
                grant_role(
                    user=user,
                    role=role,
                    cluster=clusters[target],
                    organisation=person_org if role == Role.MEMBER_REPRESENTATIVE else None,
                )
        if not spec.superuser:
            _link_person(user, person_org, first, last, title)
        logins.append(_login(spec, clusters))
    return logins


def _link_person(user: User, organisation: Organisation | None, first: str, last: str, title: str):
    """Give the user a Person record (a contact card), reusing the planned contact if there."""
    if Person.objects.filter(user=user).exists():
        return
    person = Person.objects.filter(
        organisation=organisation, first_name=first, last_name=last, user__isnull=True
    ).first()
    if person is None:
        domain = organisation.website.removeprefix("https://") if organisation else "expert.example"
        person = Person(
            organisation=organisation,
            first_name=first,
            last_name=last,
            job_title=title,
            email=f"{slug(first)}.{slug(last)}@{domain}",
        )
    person.user = user
    save_person(person=person)


def _login(spec: DemoUser, clusters: dict[str, Cluster]) -> DemoLogin:
    if spec.superuser:
        return DemoLogin(spec.username, _("Platform admin (superuser)"), _("everything"))
    role = Role(spec.grants[0][0]).label
    scope = ", ".join(
        PROGRAMME_ACRONYM if target == PROGRAMME else clusters[target].acronym
        for _role, target in spec.grants
    )
    return DemoLogin(spec.username, str(role), scope)
