"""The 5FOREXCELLENCE demo: real partners, 150+ members with real codes, a login per role.

The demo is loaded once for the module inside a transaction that is rolled back at the end, so
the other test modules never see it.
"""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count

from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.models import User
from clusterhub.core.sme import size_class
from clusterhub.registry.demo import DEMO_PASSWORD
from clusterhub.registry.demo import DEMO_USERS
from clusterhub.registry.demo import load_demo
from clusterhub.registry.demo.plan import build_plan
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme
from clusterhub.site.management.commands.demo import load_area_demos
from clusterhub.site.management.commands.demo import url_of
from tests.conftest import kept_for_the_module

PARTNER_NAMES = {
    "Latvian IT Cluster",
    "NetPort Science Park",
    "Estonian Association of Information Technology and Telecommunications",
    "Vidzeme Planning Region",
    "Latvian Logistics Association",
}
ACRONYMS = {"LITC", "EE-ICT", "NETPORT", "HAV-FOOD", "LLA-LOG"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield load_demo()


def model_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_plan_is_the_same_every_time():
    assert build_plan() == build_plan()


def test_at_least_150_member_organisations_besides_the_partners(demo, db):
    members = Organisation.objects.filter(memberships__isnull=False).exclude(name__in=PARTNER_NAMES)
    assert members.distinct().count() >= 150
    assert not members.exclude(name__endswith=" (demo)").exists()


def test_five_partner_organisations_with_their_real_names(demo, db):
    partners = Organisation.objects.filter(name__in=PARTNER_NAMES)
    assert sorted(partners.values_list("name", "country")) == [
        ("Estonian Association of Information Technology and Telecommunications", "EE"),
        ("Latvian IT Cluster", "LV"),
        ("Latvian Logistics Association", "LV"),
        ("NetPort Science Park", "SE"),
        ("Vidzeme Planning Region", "LV"),
    ]
    assert partners.get(name="NetPort Science Park").nuts_region_id == "SE221"
    assert partners.get(name="Vidzeme Planning Region").nuts_region_id == "LV00C"


def test_five_clusters_in_the_programme_each_run_by_a_partner(demo, db):
    programme = Programme.objects.get(acronym="5FOREXCELLENCE")
    assert programme.name == "Five for Cross-industry Value Chain Excellence"
    assert "COSME" in programme.description
    assert "2016-01-01" in programme.description
    clusters = programme.clusters.select_related("managing_organisation")
    assert {c.acronym for c in clusters} == ACRONYMS
    assert {c.managing_organisation.name for c in clusters} == PARTNER_NAMES
    litc = clusters.get(acronym="LITC")
    assert (litc.nuts_region_id, litc.sector_group) == ("LV00A", "ict")
    food = clusters.get(acronym="HAV-FOOD")
    assert (food.nuts_region_id, food.sector_group) == ("LV00C", "food")
    assert food.managing_organisation.name == "Vidzeme Planning Region"
    assert clusters.get(acronym="EE-ICT").nuts_region_id == "EE001"
    assert clusters.get(acronym="NETPORT").nuts_region_id == "SE221"
    assert clusters.get(acronym="LLA-LOG").sector_group == "transport"


def test_every_nace_and_nuts_code_is_a_real_one_of_the_right_level(demo, db):
    orgs = Organisation.objects.select_related("primary_nace", "nuts_region")
    assert orgs.count() == 171
    for org in orgs:
        assert org.primary_nace.level == 4, org.name
        assert org.nuts_region.level == 3, org.name
        assert org.nuts_region.country_code == org.country, org.name
        assert org.has_location, org.name
        assert all(code.level == 4 for code in org.secondary_nace.all()), org.name
    for cluster in Cluster.objects.all():
        assert cluster.nuts_region.level == 3
        assert {c.level for c in cluster.sectors.all()} == {4}


def test_size_classes_follow_the_eu_sme_rule(demo, db):
    with_figures = Organisation.objects.filter(headcount__isnull=False)
    assert with_figures.count() == 164
    for org in with_figures:
        expected = size_class(
            headcount=org.headcount, turnover=org.turnover_eur, balance_sheet=org.balance_sheet_eur
        )
        assert org.size_class == expected.value, org.name
    assert not Organisation.objects.filter(org_type="sme", size_class="large").exists()
    assert set(
        Organisation.objects.filter(org_type="large").values_list("size_class", flat=True)
    ) == {"large"}
    assert set(Organisation.objects.values_list("size_class", flat=True)) == {
        "",
        "micro",
        "small",
        "medium",
        "large",
    }


def test_some_members_are_in_two_clusters_of_different_industries(demo, db):
    twice = Organisation.objects.annotate(
        clusters=Count("memberships__cluster", distinct=True)
    ).filter(clusters=2)
    assert twice.count() == 20
    food_and_logistics = twice.filter(memberships__cluster__acronym="HAV-FOOD").filter(
        memberships__cluster__acronym="LLA-LOG"
    )
    assert food_and_logistics.exists()


def test_clusters_meet_the_eccp_criteria_but_logistics_lacks_staff(demo, db):
    for cluster in Cluster.objects.all():
        current = Membership.objects.filter(cluster=cluster, until__isnull=True)
        assert current.filter(committed=True).count() >= 15, cluster.acronym
        types = set(current.values_list("organisation__org_type", flat=True))
        assert len(types) >= 2, cluster.acronym
    short_of_staff = Cluster.objects.filter(management_fte__lt="0.5")
    assert list(short_of_staff.values_list("acronym", flat=True)) == ["LLA-LOG"]
    assert Membership.objects.filter(until__isnull=False).count() == 13
    assert not Membership.objects.filter(committed=True, commitment_ground="").exists()


def test_people_at_every_member_on_the_member_domain(demo, db):
    members = Organisation.objects.filter(registration_number__isnull=False).annotate(
        n=Count("people")
    )
    assert {m.n for m in members} <= {1, 2, 3, 4}  # up to 3 contacts, plus one demo login
    assert not members.filter(n=0).exists()
    for person in Person.objects.filter(organisation__registration_number__isnull=False):
        domain = person.organisation.website.removeprefix("https://")
        assert person.email.endswith("@" + domain)
        assert person.phone.startswith(("+371 ", "+372 ", "+46 "))
    assert Person.objects.filter(last_name="Bērziņš").exists()


def roles_held(username: str) -> set[tuple[str, str]]:
    rows = RoleAssignment.objects.filter(user__username=username).values_list(
        "role", "cluster__acronym", "programme__acronym"
    )
    return {(role, cluster or programme) for role, cluster, programme in rows}


def test_every_demo_user_holds_the_stated_role(demo, db):
    assert [login.username for login in demo] == [u.username for u in DEMO_USERS]
    assert {u: roles_held(u) for u in [u.username for u in DEMO_USERS]} == {
        "admin": set(),
        "coordinator": {("programme_coordinator", "5FOREXCELLENCE")},
        "manager": {("cluster_manager", "LITC")},
        "staff": {("cluster_staff", "LITC")},
        "member": {("member_representative", "LITC")},
        "expert": {("expert", "LITC"), ("expert", "HAV-FOOD")},
        "observer": {("observer", "LLA-LOG")},
        "foodmanager": {("cluster_manager", "HAV-FOOD")},
    }
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert not User.objects.filter(username__in=["manager", "member"], is_superuser=True).exists()
    assert all(u.check_password(DEMO_PASSWORD) for u in User.objects.all())


def test_member_login_is_a_person_at_a_current_member_of_the_it_cluster(demo, db):
    member = User.objects.get(username="member")
    assignment = RoleAssignment.objects.get(user=member)
    assert member.person.organisation == assignment.organisation
    assert Membership.objects.filter(
        cluster__acronym="LITC", organisation=assignment.organisation, until__isnull=True
    ).exists()
    assert (member.first_name, member.last_name) == (
        member.person.first_name,
        member.person.last_name,
    )


def test_cluster_managers_are_denied_each_others_cluster(demo, db):
    litc = Cluster.objects.get(acronym="LITC")
    food = Cluster.objects.get(acronym="HAV-FOOD")
    manager = User.objects.get(username="manager")
    foodmanager = User.objects.get(username="foodmanager")
    assert manager.has_perm("registry.change_cluster", litc)
    assert not manager.has_perm("registry.change_cluster", food)
    assert foodmanager.has_perm("registry.change_cluster", food)
    assert not foodmanager.has_perm("registry.change_cluster", litc)


def test_loading_again_changes_no_count_of_any_model(demo, db):
    before = model_counts()
    load_demo()
    assert model_counts() == before


def test_demo_command_prints_every_login_and_is_idempotent(demo, db):
    """The command also loads every area's demo; a second run must add nothing anywhere."""
    call_command("demo", "--no-serve", stdout=StringIO())
    before = model_counts()
    out, err = StringIO(), StringIO()
    call_command("demo", "--no-serve", stdout=out, stderr=err)
    assert err.getvalue() == ""  # the progress bar is drawn only on a terminal
    text = out.getvalue()
    for user in DEMO_USERS:
        assert f"\n{user.username} " in text
    assert DEMO_PASSWORD in text
    assert "http://127.0.0.1:8000/" in text
    assert model_counts() == before
    # It says what it is doing before each slow step, in order.
    steps = [line for line in text.splitlines() if line.endswith("…")]
    assert steps == [
        "Migrating the database…",
        "Loading the reference data (NACE, NUTS)…",
        "Loading the demo: registry…",
        "Loading the demo: Cluster management assessment…",
        "Loading the demo: Member services…",
        "Loading the demo: Coordinator training…",
        "Loading the demo: Excellence strategy…",
        "Loading the demo: Funded projects…",
        "Loading the demo: Value chains and matchmaking…",
        "Loading the demo: Events and B2B meetings…",
        "Loading the demo: Membership…",
        "Loading the demo: Invoices…",
        "Loading the demo: Mailings…",
        "Loading the demo: Public directory…",
    ]


def test_area_demos_report_one_step_per_area(monkeypatch):
    loaded = []
    areas = (("events", lambda: loaded.append("events")), ("grants", lambda: loaded.append("g")))
    monkeypatch.setattr("clusterhub.site.management.commands.demo.AREA_DEMOS", areas)
    seen = []
    load_area_demos(on_progress=lambda done, total: seen.append((done, total, len(loaded))))
    assert seen == [(1, 2, 1), (2, 2, 2)]


def test_url_to_open_for_an_address():
    assert url_of("127.0.0.1:8000") == "http://127.0.0.1:8000/"
    assert url_of("0.0.0.0:9000") == "http://127.0.0.1:9000/"
    assert url_of("8001") == "http://127.0.0.1:8001/"
    assert url_of("localhost:8002") == "http://localhost:8002/"
