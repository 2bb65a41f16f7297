"""The registry REST API: CRUD, roles against every cluster-scoped endpoint (IDOR included),
private fields, bad input, pagination, filters, and a fixed query count per list."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.domain import revoke_token
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import ProgrammeFactory
from tests.factories import UserFactory

V1 = "/api/v1"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def errors(response) -> dict:
    """The field errors of a 422 answer in the common error shape."""
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body["errors"]


# Authentication

LIST_PATHS = [
    "/clusters",
    "/organisations",
    "/memberships",
    "/people",
    "/programmes",
    "/reference/nace",
    "/reference/nuts",
    "/reference/countries",
]


@pytest.mark.parametrize("path", LIST_PATHS)
def test_every_list_wants_authentication(db, path):
    response = Client().get(V1 + path)
    assert response.status_code == 401
    assert response.json() == {"detail": "Sign in or send a valid API token.", "errors": {}}


def test_unauthenticated_write_is_401_not_a_csrf_failure(world):
    response = Client(enforce_csrf_checks=True).post(
        V1 + "/organisations", "{}", content_type="application/json"
    )
    assert response.status_code == 401


def test_revoked_and_unknown_tokens_are_refused(world):
    record, token = create_token(user=world["manager_a"], name="laptop")
    client = Client()
    ok = client.get(V1 + "/clusters", headers={"Authorization": f"Bearer {token}"})
    assert ok.status_code == 200
    revoke_token(token=record)
    revoked = client.get(V1 + "/clusters", headers={"Authorization": f"Bearer {token}"})
    assert revoked.status_code == 401
    unknown = client.get(V1 + "/clusters", headers={"Authorization": "Bearer chub_nonsense"})
    assert unknown.status_code == 401


def test_token_of_deactivated_user_is_refused(world, api_as):
    api = api_as("staff_a")
    world["staff_a"].is_active = False
    world["staff_a"].save()
    assert api.get("/clusters").status_code == 401


def test_session_reads_freely_and_writes_with_csrf_only(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["manager_a"])
    assert client.get(V1 + f"/clusters/{world.cluster_a.pk}").status_code == 200
    body = json.dumps({"name": "Session Cluster Org", "country": "LV", "org_type": "sme"})
    refused = client.post(V1 + "/organisations", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"].startswith("The CSRF check failed")
    secret = "a" * 32
    client.cookies["csrftoken"] = secret
    created = client.post(
        V1 + "/organisations",
        body,
        content_type="application/json",
        headers={"X-CSRFToken": secret},
    )
    assert created.status_code == 201
    assert created.json()["name"] == "Session Cluster Org"


def test_openapi_schema_lists_the_registry(db):
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/clusters",
        "/api/v1/clusters/{cluster_id}",
        "/api/v1/organisations/{organisation_id}",
        "/api/v1/memberships/{membership_id}",
        "/api/v1/people/{person_id}",
        "/api/v1/programmes",
        "/api/v1/reference/nace",
        "/api/v1/reference/nuts",
        "/api/v1/reference/countries",
    ]:
        assert path in paths
    assert set(paths["/api/v1/clusters/{cluster_id}"]) == {"get", "patch", "delete"}
    assert Client().get("/api/docs").status_code == 200


# Clusters

CLUSTER_IN = {
    "name": "Baltic Food Cluster",
    "acronym": "BFC",
    "country": "lv",
    "sector_group": "food",
    "nuts_region": "LV00C",
    "sectors": ["10.11", "C"],
    "website": "https://bfc.example.org",
    "founded": 2012,
    "legal_form": "association",
    "management_fte": "2.50",
    "description": "Food producers of Vidzeme.",
    "internal_notes": "board meets monthly",
    "city": "Valmiera",
    "address": "Rigas iela 1",
    "latitude": "57.5411",
    "longitude": "25.4275",
}


def test_manager_creates_a_cluster_with_every_field(world, api_as):
    response = api_as("manager_a").post("/clusters", CLUSTER_IN)
    assert response.status_code == 201, response.content
    body = response.json()
    cluster = Cluster.objects.get(acronym="BFC")
    assert body["id"] == cluster.pk
    public = {k: v for k, v in CLUSTER_IN.items() if k != "internal_notes"}
    assert {k: body[k] for k in public} == {
        **public,
        "country": "LV",
        "latitude": "57.54110",
        "longitude": "25.42750",
    }
    # Whoever registers a cluster becomes its manager, so its notes are theirs to read.
    assert body["internal_notes"] == "board meets monthly"
    assert cluster.role_assignments.get().user == world["manager_a"]
    assert cluster.role_assignments.get().role == "cluster_manager"
    assert sorted(cluster.sectors.values_list("code", flat=True)) == ["10.11", "C"]
    assert api_as("admin").get(f"/clusters/{cluster.pk}").json()["internal_notes"] == (
        "board meets monthly"
    )


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 201),
        ("coordinator", 201),
        ("manager_a", 201),
        ("staff_a", 201),
        ("member_a", 403),
        ("expert_a", 403),
        ("observer_a", 403),
        ("outsider", 403),
    ],
)
def test_who_may_register_a_cluster(world, api_as, user, status):
    body = {"name": "New", "acronym": f"N-{user}", "country": "LV", "sector_group": "ict"}
    assert api_as(user).post("/clusters", body).status_code == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("staff_a", 403),
        ("coordinator", 403),
        ("member_a", 403),
        ("expert_a", 403),
        ("observer_a", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_change_cluster_a(world, api_as, user, status):
    response = api_as(user).patch(f"/clusters/{world.cluster_a.pk}", {"city": "Cesis"})
    assert response.status_code == status
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.city == ("Cesis" if status == 200 else "Riga")


def test_patch_changes_only_the_fields_given(world, api_as):
    response = api_as("manager_a").patch(
        f"/clusters/{world.cluster_a.pk}", {"founded": 2010, "sectors": ["62.10"]}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["founded"], body["sectors"], body["name"], body["city"]) == (
        2010,
        ["62.10"],
        "Cluster A",
        "Riga",
    )
    assert body["internal_notes"] == "secret-notes-a"
    cleared = api_as("manager_a").patch(f"/clusters/{world.cluster_a.pk}", {"founded": None})
    assert cleared.json()["founded"] is None
    assert cleared.json()["sectors"] == ["62.10"]


@pytest.mark.parametrize(
    ("user", "status"),
    [("admin", 204), ("manager_a", 403), ("manager_b", 403), ("outsider", 403)],
)
def test_only_admins_delete_clusters(world, api_as, user, status):
    assert api_as(user).delete(f"/clusters/{world.cluster_a.pk}").status_code == status
    assert Cluster.objects.filter(pk=world.cluster_a.pk).exists() is (status != 204)


@pytest.mark.parametrize(
    ("user", "sees_a", "sees_b"),
    [
        ("admin", True, True),
        ("coordinator", True, False),
        ("manager_a", True, False),
        ("staff_a", True, False),
        ("member_a", False, False),
        ("expert_a", False, False),
        ("observer_a", False, False),
        ("manager_b", False, True),
        ("outsider", False, False),
    ],
)
def test_cluster_internal_notes_only_for_the_team(world, api_as, user, sees_a, sees_b):
    api = api_as(user)
    listing = api.get("/clusters")
    detail_a = api.get(f"/clusters/{world.cluster_a.pk}")
    detail_b = api.get(f"/clusters/{world.cluster_b.pk}")
    assert [c["acronym"] for c in listing.json()["items"]] == ["CLA", "CLB"]
    assert detail_a.json()["internal_notes"] == ("secret-notes-a" if sees_a else None)
    assert detail_b.json()["internal_notes"] == ("secret-notes-b" if sees_b else None)
    assert (b"secret-notes-a" in listing.content + detail_a.content) is sees_a
    assert (b"secret-notes-b" in listing.content + detail_b.content) is sees_b
    assert b"secret-notes-b" not in detail_a.content
    assert b"secret-notes-a" not in detail_b.content


def test_unknown_codes_are_422_on_their_fields(world, api_as):
    body = {**CLUSTER_IN, "nuts_region": "XX999", "sectors": ["62.10", "99.99", "ZZ"]}
    assert errors(api_as("manager_a").post("/clusters", body)) == {
        "nuts_region": ["XX999 is not a NUTS 2024 region code."],
        "sectors": ["Not NACE Rev. 2.1 codes: 99.99, ZZ."],
    }
    assert Cluster.objects.filter(acronym="BFC").exists() is False


def test_cluster_validation_from_the_model_is_422_on_its_field(world, api_as):
    api = api_as("manager_a")
    assert errors(api.post("/clusters", {**CLUSTER_IN, "nuts_region": "EE001"})) == {
        "nuts_region": ["NUTS region EE001 is not in LV."]
    }
    assert list(errors(api.post("/clusters", {**CLUSTER_IN, "acronym": "CLA"}))) == ["acronym"]
    assert errors(api.post("/clusters", {**CLUSTER_IN, "country": "XX"})) == {
        "country": ["XX is not an ISO 3166 country code."],
        "nuts_region": ["NUTS region LV00C is not in XX."],
    }
    assert errors(api.post("/clusters", {**CLUSTER_IN, "longitude": None})) == {
        "longitude": ["Give both latitude and longitude, or neither."]
    }
    assert list(errors(api.post("/clusters", {**CLUSTER_IN, "founded": 1700}))) == ["founded"]
    assert list(errors(api.patch(f"/clusters/{world.cluster_a.pk}", {"name": None}))) == ["name"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CLUSTER_IN, "name": "x" * 201}, "name"),
        ({**CLUSTER_IN, "acronym": "x" * 41}, "acronym"),
        ({**CLUSTER_IN, "description": "x" * 20_001}, "description"),
        ({**CLUSTER_IN, "founded": "nineteen"}, "founded"),
        ({**CLUSTER_IN, "founded": 10**30}, "founded"),
        ({**CLUSTER_IN, "management_fte": "1e400"}, "management_fte"),
        ({**CLUSTER_IN, "management_fte": "NaN"}, "management_fte"),
        ({**CLUSTER_IN, "latitude": "57.123456"}, "latitude"),
        ({**CLUSTER_IN, "sector_group": "shipbuilding"}, "sector_group"),
        ({**CLUSTER_IN, "sectors": "62.10"}, "sectors"),
        ({**CLUSTER_IN, "sectors": ["x" * 9]}, "sectors.0"),
        ({**CLUSTER_IN, "managing_organisation": -5}, "managing_organisation"),
        ({**CLUSTER_IN, "managing_organisation": 2**70}, "managing_organisation"),
        ({**CLUSTER_IN, "country": "Atlantis"}, "country"),
        ({**CLUSTER_IN, "city": "Riga\x00"}, "city"),
        ({**CLUSTER_IN, "colour": "blue"}, "colour"),
        ({k: v for k, v in CLUSTER_IN.items() if k != "name"}, "name"),
    ],
)
def test_malformed_cluster_input_is_422_on_its_field(world, api_as, body, field):
    assert field in errors(api_as("manager_a").post("/clusters", body))


@pytest.mark.parametrize("raw", ["{not json", "", "[1, 2]", '"text"', "null", "1e999999"])
def test_a_body_that_is_no_json_object_is_a_4xx_in_the_error_shape(world, api_as, raw):
    response = api_as("manager_a").post("/clusters", raw)
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"detail", "errors"}


def test_unknown_managing_organisation_is_422(world, api_as):
    response = api_as("manager_a").post("/clusters", {**CLUSTER_IN, "managing_organisation": 999})
    assert errors(response) == {"managing_organisation": ["There is no organisation with id 999."]}


@pytest.mark.parametrize(
    "path", ["/clusters/0", "/clusters/-1", "/clusters/abc", f"/clusters/{10**30}"]
)
def test_impossible_ids_are_422(world, api_as, path):
    assert list(errors(api_as("admin").get(path))) == ["cluster_id"]


def test_missing_cluster_is_404(world, api_as):
    response = api_as("admin").get("/clusters/999999")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}


# Organisations

ORGANISATION_IN = {
    "name": "Vidzeme Dairy SIA",
    "country": "LV",
    "org_type": "sme",
    "registration_number": "40003000001",
    "nuts_region": "LV00C",
    "primary_nace": "10.51",
    "secondary_nace": ["46.33", "10.51"],
    "headcount": 30,
    "turnover_eur": "4000000.00",
    "balance_sheet_eur": "1500000.50",
    "website": "https://dairy.example.lv",
    "description": "Milk and cheese.",
    "city": "Cesis",
    "address": "Pils iela 2",
    "latitude": "57.31300",
    "longitude": "25.27400",
}


def test_create_organisation_with_every_field(world, api_as):
    response = api_as("staff_a").post("/organisations", ORGANISATION_IN)
    assert response.status_code == 201, response.content
    body = response.json()
    organisation = Organisation.objects.get(registration_number="40003000001")
    expected = {**ORGANISATION_IN, "secondary_nace": ["10.51", "46.33"], "size_class": "small"}
    # Staff of cluster A may register it but see its finances only once it is a member of A.
    hidden = {"turnover_eur": None, "balance_sheet_eur": None}
    assert {k: body[k] for k in expected} == {**expected, **hidden}
    assert body["id"] == organisation.pk
    assert api_as("outsider").get(f"/organisations/{organisation.pk}").json() == body
    as_admin = api_as("admin").get(f"/organisations/{organisation.pk}").json()
    assert {k: as_admin[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 200),
        ("coordinator", 403),
        ("expert_a", 403),
        ("observer_a", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_change_member_a(world, api_as, user, status):
    response = api_as(user).patch(f"/organisations/{world.member_a.pk}", {"city": "Sigulda"})
    assert response.status_code == status
    world.member_a.refresh_from_db()
    assert world.member_a.city == ("Sigulda" if status == 200 else "")


def test_duplicate_registration_number_is_422(world, api_as):
    OrganisationFactory(country="LV", registration_number="40003000001")
    response = api_as("staff_a").post("/organisations", ORGANISATION_IN)
    assert errors(response) == {
        "registration_number": [
            "Another organisation in this country has registration number 40003000001."
        ]
    }


def test_unknown_nace_on_an_organisation_is_422(world, api_as):
    body = {**ORGANISATION_IN, "primary_nace": "10.5X", "secondary_nace": ["A"]}
    assert errors(api_as("staff_a").post("/organisations", body)) == {
        "primary_nace": ["10.5X is not a NACE Rev. 2.1 code."]
    }


def test_deleting_an_organisation_with_memberships_is_refused_clearly(world, api_as):
    response = api_as("admin").delete(f"/organisations/{world.member_a.pk}")
    assert errors(response) == {
        "__all__": ["Member A Ltd still has 1 membership; end and remove it first."]
    }
    assert Organisation.objects.filter(pk=world.member_a.pk).exists()


@pytest.mark.parametrize(("user", "status"), [("admin", 204), ("manager_a", 403)])
def test_only_admins_delete_organisations(world, api_as, user, status):
    lone = OrganisationFactory()
    assert api_as(user).delete(f"/organisations/{lone.pk}").status_code == status
    assert Organisation.objects.filter(pk=lone.pk).exists() is (status != 204)


# Memberships


@pytest.mark.parametrize(
    ("user", "visible"),
    [
        ("admin", ["a", "b"]),
        ("coordinator", ["a"]),
        ("manager_a", ["a"]),
        ("staff_a", ["a"]),
        ("member_a", ["a"]),
        ("expert_a", ["a"]),
        ("observer_a", ["a"]),
        ("manager_b", ["b"]),
        ("outsider", []),
    ],
)
def test_memberships_listed_per_role(world, api_as, user, visible):
    by_name = {
        "a": Membership.objects.get(cluster=world.cluster_a).pk,
        "b": Membership.objects.get(cluster=world.cluster_b).pk,
    }
    assert sorted(ids(api_as(user).get("/memberships", sort="cluster"))) == sorted(
        by_name[v] for v in visible
    )


@pytest.mark.parametrize(
    ("user", "note_a"),
    [
        ("coordinator", "membership-note-a"),
        ("manager_a", "membership-note-a"),
        ("staff_a", "membership-note-a"),
        ("member_a", None),
        ("expert_a", None),
        ("observer_a", None),
    ],
)
def test_membership_notes_only_for_the_team(world, api_as, user, note_a):
    api = api_as(user)
    membership = Membership.objects.get(cluster=world.cluster_a)
    detail = api.get(f"/memberships/{membership.pk}")
    listing = api.get("/memberships")
    assert detail.json()["internal_notes"] == note_a
    assert listing.json()["items"][0]["internal_notes"] == note_a
    for response in (detail, listing):
        assert b"membership-note-b" not in response.content
        assert (b"membership-note-a" in response.content) is (note_a is not None)


def test_admin_and_manager_b_see_the_notes_of_cluster_b(world, api_as):
    for user in ("admin", "manager_b"):
        notes = {
            m["cluster_acronym"]: m["internal_notes"]
            for m in api_as(user).get("/memberships").json()["items"]
        }
        assert notes["CLB"] == "membership-note-b"
    assert notes == {"CLB": "membership-note-b"}


@pytest.mark.parametrize("user", ["manager_a", "staff_a", "member_a", "coordinator", "outsider"])
def test_other_clusters_membership_cannot_be_guessed(world, api_as, user):
    membership_b = Membership.objects.get(cluster=world.cluster_b)
    api = api_as(user)
    for response in (
        api.get(f"/memberships/{membership_b.pk}"),
        api.patch(f"/memberships/{membership_b.pk}", {"internal_notes": "x"}),
        api.delete(f"/memberships/{membership_b.pk}"),
    ):
        assert response.status_code == 404
        assert b"membership-note-b" not in response.content
    membership_b.refresh_from_db()
    assert membership_b.internal_notes == "membership-note-b"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("coordinator", 403),
        ("member_a", 403),
        ("expert_a", 403),
        ("observer_a", 403),
    ],
)
def test_who_may_change_and_delete_a_membership_of_a(world, api_as, user, status):
    membership = Membership.objects.get(cluster=world.cluster_a)
    api = api_as(user)
    response = api.patch(f"/memberships/{membership.pk}", {"until": "2024-12-31"})
    assert response.status_code == status
    if status == 200:
        assert response.json()["until"] == "2024-12-31"
        assert response.json()["is_current"] is False
    deleted = api.delete(f"/memberships/{membership.pk}")
    assert deleted.status_code == (204 if status == 200 else 403)


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 201),
        ("manager_a", 201),
        ("staff_a", 201),
        ("coordinator", 403),
        ("member_a", 403),
        ("expert_a", 403),
        ("observer_a", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_add_a_member_to_cluster_a(world, api_as, user, status):
    body = {"cluster": world.cluster_a.pk, "organisation": world.member_b.pk, "since": "2023-05-01"}
    response = api_as(user).post("/memberships", body)
    assert response.status_code == status
    assert Membership.objects.filter(organisation=world.member_b).count() == (
        2 if status == 201 else 1
    )


def test_create_membership_answers_exact_fields(world, api_as):
    body = {
        "cluster": world.cluster_a.pk,
        "organisation": world.member_b.pk,
        "since": "2023-05-01",
        "until": "2025-04-30",
        "committed": True,
        "commitment_ground": "written",
        "internal_notes": "signed at the fair",
    }
    response = api_as("staff_a").post("/memberships", body)
    assert response.status_code == 201
    created = response.json()
    membership = Membership.objects.get(cluster=world.cluster_a, organisation=world.member_b)
    assert {k: created[k] for k in body} == body
    assert created["id"] == membership.pk
    assert (created["cluster_acronym"], created["organisation_name"]) == ("CLA", "Member B OÜ")


def test_membership_rules_are_422_on_their_fields(world, api_as):
    api = api_as("staff_a")
    base = {"cluster": world.cluster_a.pk, "organisation": world.member_a.pk}
    overlap = api.post("/memberships", {**base, "since": "2021-01-01"})
    assert list(errors(overlap)) == ["since"]
    backwards = api.post("/memberships", {**base, "since": "2010-01-01", "until": "2009-01-01"})
    assert errors(backwards) == {"until": ["The end date is before the start date."]}
    ungrounded = api.post("/memberships", {**base, "since": "2010-01-01", "committed": True})
    assert errors(ungrounded) == {"commitment_ground": ["Say why the member counts as committed."]}
    unknown_org = api.post("/memberships", {**base, "organisation": 98765, "since": "2010-01-01"})
    assert errors(unknown_org) == {"organisation": ["There is no organisation with id 98765."]}
    unknown_cluster = api.post("/memberships", {**base, "cluster": 98765, "since": "2010-01-01"})
    assert errors(unknown_cluster) == {"cluster": ["There is no cluster with id 98765."]}
    bad_date = api.post("/memberships", {**base, "since": "2010-02-30"})
    assert list(errors(bad_date)) == ["since"]
    moved = api.patch(f"/memberships/{Membership.objects.get(cluster=world.cluster_a).pk}", base)
    assert set(errors(moved)) == {"cluster", "organisation"}


# People


@pytest.mark.parametrize(
    ("user", "visible"),
    [
        ("admin", ["Ozola", "Tamm"]),
        ("coordinator", ["Ozola"]),
        ("manager_a", ["Ozola"]),
        ("staff_a", ["Ozola"]),
        ("member_a", ["Ozola"]),
        ("expert_a", []),
        ("observer_a", []),
        ("manager_b", ["Tamm"]),
        ("outsider", []),
    ],
)
def test_people_listed_per_role(world, api_as, user, visible):
    response = api_as(user).get("/people")
    assert [p["last_name"] for p in response.json()["items"]] == visible
    if "Tamm" not in visible:
        assert b"berit@member-b.example" not in response.content


@pytest.mark.parametrize("user", ["manager_a", "staff_a", "member_a", "expert_a", "outsider"])
def test_other_clusters_people_cannot_be_guessed(world, api_as, user):
    api = api_as(user)
    path = f"/people/{world.person_b.pk}"
    for response in (api.get(path), api.patch(path, {"first_name": "X"}), api.delete(path)):
        assert response.status_code == 404
        assert b"Berit" not in response.content
    assert Person.objects.get(pk=world.person_b.pk).first_name == "Berit"


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 201),
        ("manager_a", 201),
        ("staff_a", 201),
        ("member_a", 201),
        ("coordinator", 403),
        ("expert_a", 403),
        ("observer_a", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_add_a_person_to_member_a(world, api_as, user, status):
    body = {"organisation": world.member_a.pk, "first_name": "Ilze", "last_name": "Kalna"}
    response = api_as(user).post("/people", body)
    assert response.status_code == status
    assert Person.objects.filter(last_name="Kalna").count() == (1 if status == 201 else 0)


def test_person_crud_with_exact_fields(world, api_as):
    api = api_as("member_a")
    body = {
        "organisation": world.member_a.pk,
        "first_name": "Ilze",
        "last_name": "Kalna",
        "job_title": "CEO",
        "email": "ilze@member-a.example",
        "phone": "+371 20000000",
        "linkedin": "https://www.linkedin.com/in/ilze",
        "notes": "Prefers email.",
    }
    created = api.post("/people", body)
    assert created.status_code == 201
    person_id = created.json()["id"]
    assert {k: created.json()[k] for k in body} == body
    assert created.json()["organisation_name"] == "Member A Ltd"
    changed = api.patch(f"/people/{person_id}", {"job_title": "Chair"})
    assert (changed.json()["job_title"], changed.json()["email"]) == (
        "Chair",
        "ilze@member-a.example",
    )
    assert errors(api.patch(f"/people/{person_id}", {"email": "not an email"})) == {
        "email": ["Enter a valid email address."]
    }
    assert api.delete(f"/people/{person_id}").status_code == 204
    assert Person.objects.filter(pk=person_id).exists() is False


def test_moving_a_person_needs_rights_on_the_new_organisation(world, api_as):
    response = api_as("member_a").patch(
        f"/people/{world.person_a.pk}", {"organisation": world.member_b.pk}
    )
    assert response.status_code == 403
    orphan = api_as("member_a").patch(f"/people/{world.person_a.pk}", {"organisation": None})
    assert orphan.status_code == 403
    world.person_a.refresh_from_db()
    assert world.person_a.organisation == world.member_a


@pytest.mark.parametrize(("user", "status"), [("staff_a", 200), ("expert_a", 404)])
def test_change_person_per_role(world, api_as, user, status):
    response = api_as(user).patch(f"/people/{world.person_a.pk}", {"phone": "+371 1"})
    assert response.status_code == status


# Programmes


def test_programmes_are_read_only_for_everyone_signed_in(world, api_as):
    api = api_as("outsider")
    listing = api.get("/programmes")
    assert listing.json() == {
        "items": [
            {
                "id": world.programme.pk,
                "name": "Five for Excellence",
                "acronym": "5FX",
                "description": "",
                "website": "",
                "clusters": [world.cluster_a.pk],
            }
        ],
        "count": 1,
    }
    assert api.get(f"/programmes/{world.programme.pk}").json() == listing.json()["items"][0]
    assert api.get("/programmes/424242").status_code == 404


# Reference pickers


def test_nace_picker_puts_matching_codes_first(world, api_as):
    body = api_as("outsider").get("/reference/nace", q="62", page_size=3).json()
    assert body["items"] == [
        {
            "code": "62",
            "title": "Computer programming, consultancy and related activities",
            "level": 2,
        },
        {"code": "62.1", "title": "Computer programming activities", "level": 3},
        {"code": "62.10", "title": "Computer programming activities", "level": 4},
    ]
    by_title = api_as("outsider").get("/reference/nace", q="computer programming", level=4)
    assert [i["code"] for i in by_title.json()["items"]] == ["62.10"]
    assert errors(api_as("outsider").get("/reference/nace", level=7)) == {
        "level": ["Input should be less than or equal to 4"]
    }


def test_nuts_picker_filters_by_country(world, api_as):
    api = api_as("outsider")
    assert api.get("/reference/nuts", q="vidz", country="lv").json() == {
        "items": [{"code": "LV00C", "name": "Vidzeme", "country_code": "LV", "level": 3}],
        "count": 1,
    }
    greek = api.get("/reference/nuts", country="GR", level=1).json()["items"]
    assert greek and {r["country_code"] for r in greek} == {"EL"}
    assert [r["code"] for r in api.get("/reference/nuts", q="se221").json()["items"]] == ["SE221"]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/reference/nace", {"q": "6\x002"}, "q"),
        ("/reference/nace", {"q": "x" * 101}, "q"),
        ("/reference/nuts", {"country": "LVA"}, "country"),
        ("/reference/nuts", {"country": "L\x00"}, "country"),
        ("/reference/nuts", {"level": "0"}, "level"),
        ("/reference/countries", {"q": "\x00"}, "q"),
        ("/reference/countries", {"page_size": "-1"}, "page_size"),
    ],
)
def test_bad_picker_input_is_422(world, api_as, path, params, field):
    assert list(errors(api_as("outsider").get(path, **params))) == [field]


def test_country_picker_matches_code_then_name(world, api_as):
    api = api_as("outsider")
    assert api.get("/reference/countries", q="latv").json() == {
        "items": [{"code": "LV", "name": "Latvia"}],
        "count": 1,
    }
    se = api.get("/reference/countries", q="se").json()["items"]
    assert se[0] == {"code": "SE", "name": "Sweden"}
    assert {"code": "SN", "name": "Senegal"} in se
    assert api.get("/reference/countries").json()["count"] == 249


# Pagination and filters


def test_pagination_pages_and_limits(world, api_as):
    for n in range(5):
        OrganisationFactory(name=f"Paged {n}")
    api = api_as("outsider")
    page = api.get("/organisations", q="Paged", page=2, page_size=2).json()
    assert [o["name"] for o in page["items"]] == ["Paged 2", "Paged 3"]
    assert page["count"] == 5
    assert api.get("/organisations", q="Paged", page=9, page_size=2).json() == {
        "items": [],
        "count": 5,
    }
    assert errors(api.get("/organisations", page_size=201)) == {
        "page_size": ["Input should be less than or equal to 200"]
    }
    assert list(errors(api.get("/organisations", page=0))) == ["page"]
    assert list(errors(api.get("/organisations", page=10**30))) == ["page"]
    assert len(api.get("/organisations", page_size=200).json()["items"]) == 7


def test_cluster_filters_and_sort(world, api_as):
    world.cluster_a.nuts_region_id = "LV00C"
    world.cluster_a.save()
    world.cluster_a.sectors.set(NaceCode.objects.filter(code="62.10"))
    api = api_as("outsider")

    def acronyms(**params):
        response = api.get("/clusters", **params)
        assert response.status_code == 200, response.content
        return [c["acronym"] for c in response.json()["items"]]

    assert acronyms(country="EE") == ["CLB"]
    assert acronyms(country="ee") == ["CLB"]
    assert acronyms(region="LV0") == ["CLA"]
    assert acronyms(sector="62") == ["CLA"]
    assert acronyms(sector_group="food") == []
    assert acronyms(programme=world.programme.pk) == ["CLA"]
    assert acronyms(q="tallinn") == ["CLB"]
    assert acronyms(sort="-acronym") == ["CLB", "CLA"]
    assert acronyms(sort="") == ["CLA", "CLB"]
    assert errors(api.get("/clusters", sort="secret")) == {
        "sort": ["Value error, unknown sort key; use one of: acronym, country, founded, name"]
    }
    assert list(errors(api.get("/clusters", sector_group="nope"))) == ["sector_group"]
    assert list(errors(api.get("/clusters", country="LVA"))) == ["country"]


def test_organisation_filters_and_sort(world, api_as):
    big = OrganisationFactory(
        name="Big Logistics AS",
        country="EE",
        org_type="large",
        size_class="large",
        nuts_region_id="EE001",
        primary_nace_id="49.41",
    )
    MembershipFactory(cluster=world.cluster_b, organisation=big, until=dt.date(2020, 6, 30))
    api = api_as("outsider")

    def names(**params):
        response = api.get("/organisations", **params)
        assert response.status_code == 200, response.content
        return [o["name"] for o in response.json()["items"]]

    assert names(country="EE") == ["Big Logistics AS", "Member B OÜ"]
    assert names(region="EE") == ["Big Logistics AS"]
    assert names(sector="49") == ["Big Logistics AS"]
    assert names(size="large") == ["Big Logistics AS"]
    assert names(type="sme") == ["Member A Ltd", "Member B OÜ"]
    # Who belongs to cluster B is for its insiders: the outsider's filter finds nobody.
    assert names(cluster=world.cluster_b.pk) == []
    insider = api_as("manager_b")
    members_b = insider.get("/organisations", cluster=world.cluster_b.pk).json()["items"]
    # Current members only: Big Logistics left cluster B in 2020.
    assert [o["name"] for o in members_b] == ["Member B OÜ"]
    assert names(sort="-name") == ["Member B OÜ", "Member A Ltd", "Big Logistics AS"]
    assert list(errors(api.get("/organisations", size="huge"))) == ["size"]
    assert list(errors(api.get("/organisations", cluster="x"))) == ["cluster"]


def test_membership_and_people_filters(world, api_as):
    api = api_as("admin")
    a = Membership.objects.get(cluster=world.cluster_a).pk
    b = Membership.objects.get(cluster=world.cluster_b).pk
    assert ids(api.get("/memberships", cluster=world.cluster_b.pk)) == [b]
    assert ids(api.get("/memberships", organisation=world.member_a.pk)) == [a]
    assert ids(api.get("/memberships", committed="false")) == []
    assert ids(api.get("/memberships", current="true", sort="-cluster")) == [b, a]
    assert ids(api.get("/people", cluster=world.cluster_b.pk)) == [world.person_b.pk]
    assert ids(api.get("/people", q="alda")) == [world.person_a.pk]
    assert ids(api.get("/people", organisation=world.member_a.pk)) == [world.person_a.pk]


def test_overflowing_filter_ids_are_refused_by_name(world, api_as):
    response = api_as("admin").get("/organisations", cluster=10**30)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["cluster"]


# No N+1: every list costs the same number of queries for 1 row as for 3.


def _scope():
    """A manager of a fresh cluster, so the lists run the permission checks of a non-admin."""
    cluster = ClusterFactory()
    manager = UserFactory()
    grant_role(user=manager, role="cluster_manager", cluster=cluster)
    return manager, cluster


def _add_cluster(cluster):
    ClusterFactory().sectors.set(NaceCode.objects.filter(code__in=["62.10", "C"]))


def _add_organisation(cluster):
    OrganisationFactory(primary_nace_id="10.51").secondary_nace.set(
        NaceCode.objects.filter(code__in=["62.10", "C"])
    )


def _add_membership(cluster):
    MembershipFactory(cluster=cluster)


def _add_person(cluster):
    PersonFactory(organisation=MembershipFactory(cluster=cluster).organisation)


def _add_programme(cluster):
    ProgrammeFactory().clusters.add(cluster, ClusterFactory())


LIST_ROWS = [
    ("/clusters", _add_cluster),
    ("/organisations", _add_organisation),
    ("/memberships", _add_membership),
    ("/people", _add_person),
    ("/programmes", _add_programme),
]


@pytest.mark.parametrize(("path", "add_row"), LIST_ROWS)
def test_lists_have_a_fixed_query_count(db, path, add_row):
    manager, cluster = _scope()
    client = Client()
    client.force_login(manager)

    def count_queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(V1 + path, {"page_size": 200})
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    add_row(cluster)
    rows_before = count_queries()[1]
    one = count_queries()
    add_row(cluster)
    add_row(cluster)
    three = count_queries()
    assert three[1] == one[1] + 2 == rows_before + 2
    assert three[0] == one[0]


@pytest.mark.parametrize("path", ["/reference/nace", "/reference/nuts", "/reference/countries"])
def test_reference_lists_have_a_fixed_query_count(db, path):
    client = Client()
    client.force_login(UserFactory())
    counts = []
    for size in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(V1 + path, {"page_size": size})
        assert len(response.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
