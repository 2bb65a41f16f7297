"""Search that forgives accents and case (issue 14, point 6): one folding function, a
`search_text` column kept up to date, and the organisation, cluster, people, NACE and NUTS
searches of pages and API using it, on SQLite and PostgreSQL alike."""

import importlib
import unicodedata

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from clusterhub.accounts.domain import create_token
from clusterhub.common.text import search_key
from clusterhub.common.text import search_words
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import fill_search_text
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory

V1 = "/api/v1"


def api_get(user, path, **params):
    token = create_token(user=user, name="test")[1]
    response = Client().get(V1 + path, params, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.content
    return response.json()["items"]


def page_names(client, name, q) -> list[str]:
    response = client.get(reverse(f"registry:{name}"), {"q": q})
    assert response.status_code == 200
    return [str(o) for o in response.context["page_obj"]]


# The folding function


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Bērzs", "berzs"),
        ("Östersjö", "ostersjo"),
        ("Põltsamaa", "poltsamaa"),
        ("ØSTERSJØ", "ostersjo"),
        ("Ærø Straße", "aero strasse"),
        ("Łódź", "lodz"),
        ("Đakovo", "dakovo"),
        ("Dıyarbakır", "diyarbakir"),
        ("  Põhja-Eesti,\tLääne  ", "pohja eesti laane"),
        ("Be\u0304rzs", "berzs"),  # typed decomposed (NFD), as a Mac may send it
        ("ﬁle", "file"),
        ("", ""),
        (None, ""),
    ],
)
def test_search_key_folds_accents_case_and_punctuation(text, key):
    assert search_key(text) == key


def test_search_words_splits_the_folded_query():
    assert search_words("  Programmatūra, TIRAŽĒŠANA ") == ["programmatura", "tirazesana"]
    assert search_words("-- ,") == []


# The column


def test_search_text_follows_every_save(db):
    org = OrganisationFactory(name="SIA Bērzs", registration_number="LV-40003", city="Cēsis")
    assert org.search_text == "sia berzs lv 40003 cesis"
    org.name = "Östersjö Trä AB"
    org.save(update_fields=["name"])
    org.refresh_from_db()
    assert org.search_text == "ostersjo tra ab lv 40003 cesis"
    person = PersonFactory(first_name="Mari", last_name="Põltsamaa", email="mari@felix.ee")
    assert person.search_text == "mari poltsamaa mari felix ee"


def test_bulk_writes_fill_search_text_with_the_helper(db):
    rows = fill_search_text([Organisation(name="Bērzs", country="LV", org_type="sme")])
    Organisation.objects.bulk_create(rows)
    assert Organisation.objects.get(name="Bērzs").search_text == "berzs"


def test_data_migration_fills_existing_rows(db):
    org = OrganisationFactory(name="Östersjö Trä")
    cluster = ClusterFactory(name="Põltsamaa Food", acronym="PF", city="Põltsamaa")
    person = PersonFactory(first_name="Jānis", last_name="Bērzs", email="")
    for model in (Organisation, Cluster, Person):
        model.objects.update(search_text="")
    migration = importlib.import_module("clusterhub.registry.migrations.0005_fill_search_text")
    migration.fill(apps, None)
    org.refresh_from_db()
    cluster.refresh_from_db()
    person.refresh_from_db()
    assert org.search_text == "ostersjo tra"
    assert cluster.search_text == "poltsamaa food pf poltsamaa"
    assert person.search_text == "janis berzs"


def test_nfd_typed_name_is_stored_as_its_nfc_twin(world, client_for):
    nfd = unicodedata.normalize("NFD", "Bērzs un Östersjö")
    assert nfd != "Bērzs un Östersjö"
    org = OrganisationFactory(name=nfd)
    org.refresh_from_db()
    assert org.name == "Bērzs un Östersjö"
    assert Organisation.objects.filter(name="Bērzs un Östersjö").count() == 1
    # A query typed decomposed finds it too.
    client = client_for(world["outsider"])
    assert page_names(client, "organisation_list", nfd) == ["Bērzs un Östersjö"]


# The three examples, on every search


NAMES = ["SIA Bērzs", "Östersjö Trä AB", "Põltsamaa Felix AS", "Berlin Partner"]


@pytest.fixture
def organisations(world):
    for name in NAMES:
        OrganisationFactory(name=name)


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("berzs", ["SIA Bērzs"]),
        ("BĒRZS", ["SIA Bērzs"]),
        ("ostersjo", ["Östersjö Trä AB"]),
        ("OSTERSJÖ tra", ["Östersjö Trä AB"]),
        ("poltsamaa", ["Põltsamaa Felix AS"]),
        ("felix põltsamaa", ["Põltsamaa Felix AS"]),
        ("ber", ["Berlin Partner", "SIA Bērzs"]),
        # The directory matches the start of a word, not a fragment inside one.
        ("erzs", []),
    ],
)
def test_organisation_page_and_api_forgive_accents(organisations, world, client_for, q, found):
    client = client_for(world["outsider"])
    assert page_names(client, "organisation_list", q) == found
    assert [o["name"] for o in api_get(world["outsider"], "/organisations", q=q)] == found


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("berzs", ["Bērzs Wood (BW)"]),
        ("ostersjo", ["Östersjö Maritime (OM)"]),
        ("POLTSAMAA", ["Põltsamaa Food (PF)"]),
        ("tartu", ["Põltsamaa Food (PF)"]),
        ("om", ["Östersjö Maritime (OM)"]),
    ],
)
def test_cluster_page_and_api_forgive_accents(world, client_for, q, found):
    ClusterFactory(name="Bērzs Wood", acronym="BW", city="Cēsis")
    ClusterFactory(name="Östersjö Maritime", acronym="OM", city="Umeå", country="SE")
    ClusterFactory(name="Põltsamaa Food", acronym="PF", city="Tartu", country="EE")
    client = client_for(world["outsider"])
    assert page_names(client, "cluster_list", q) == found
    names = [f"{c['name']} ({c['acronym']})" for c in api_get(world["outsider"], "/clusters", q=q)]
    assert names == found


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("berzs", ["Jānis Bērzs"]),
        ("JANIS", ["Jānis Bērzs"]),
        ("ostersjo", ["Åsa Östersjö"]),
        ("asa", ["Åsa Östersjö"]),
        ("poltsamaa", ["Mari Põltsamaa"]),
        ("mari tehnoloog", ["Mari Põltsamaa"]),
    ],
)
def test_people_page_and_api_forgive_accents(world, client_for, q, found):
    org = world.member_a
    PersonFactory(organisation=org, first_name="Jānis", last_name="Bērzs")
    PersonFactory(organisation=org, first_name="Åsa", last_name="Östersjö")
    PersonFactory(organisation=org, first_name="Mari", last_name="Põltsamaa", job_title="Tehnoloog")
    client = client_for(world["admin"])
    assert page_names(client, "person_list", q) == found
    people = api_get(world["admin"], "/people", q=q)
    assert [f"{p['first_name']} {p['last_name']}" for p in people] == found


def test_membership_search_folds_the_organisation_name(world):
    member = OrganisationFactory(name="Põltsamaa Felix AS")
    membership = MembershipFactory(cluster=world.cluster_a, organisation=member)
    found = api_get(world["admin"], "/memberships", q="poltsamaa")
    assert [m["id"] for m in found] == [membership.pk]


def test_a_query_of_punctuation_only_finds_nothing(world, client_for):
    client = client_for(world["outsider"])
    assert page_names(client, "cluster_list", "-") == []
    assert api_get(world["outsider"], "/reference/nuts", q="-") == []


# NUTS


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("riga", ["LV00A"]),
        ("RĪGA", ["LV00A"]),
        ("pohja eesti", ["EE001"]),
        ("ostergotland", ["SE123"]),
        ("lv00", ["LV00", "LV005", "LV009", "LV00A", "LV00B", "LV00C"]),
    ],
)
def test_nuts_picker_forgives_accents(world, q, codes):
    found = api_get(world["outsider"], "/reference/nuts", q=q)
    assert [r["code"] for r in found] == codes


def test_nuts_names_are_national(world):
    found = api_get(world["outsider"], "/reference/nuts", q="SE123")
    assert found == [
        {"code": "SE123", "name": "Östergötlands län", "country_code": "SE", "level": 3}
    ]


# PostgreSQL: extensions and trigram indexes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgresql_has_unaccent_pg_trgm_and_the_trigram_indexes(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extname FROM pg_extension WHERE extname IN ('unaccent', 'pg_trgm') "
            "ORDER BY extname"
        )
        assert [r[0] for r in cursor.fetchall()] == ["pg_trgm", "unaccent"]
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'registry_%_search_trgm' "
            "ORDER BY indexname"
        )
        assert [r[0] for r in cursor.fetchall()] == [
            "registry_cluster_search_trgm",
            "registry_nace_search_trgm",
            "registry_nuts_search_trgm",
            "registry_org_search_trgm",
            "registry_person_search_trgm",
        ]
        cursor.execute("SELECT unaccent('Põltsamaa Östersjö Bērzs')")
        assert cursor.fetchone()[0] == "Poltsamaa Ostersjo Berzs"
