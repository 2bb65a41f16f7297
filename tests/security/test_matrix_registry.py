"""Registry permission matrix: every registry page and API operation against every role.

Expectations follow registry/rules.py: everyone signed in sees the directory (public fields);
insiders of a cluster see its dashboard and members; its team (manager, staff, coordinator) sees
internal notes, contacts and history; an organisation's finances (turnover, balance sheet, and
their changes in the history) are seen by admins, its representative and the teams of its
clusters, everyone else signed in gets its profile without them; manager and staff edit
memberships; only the manager edits the cluster and its roles; only admins delete clusters and organisations. Objects a user may not
see at all answer 404 (people, memberships of clusters they are not in).
"""

import datetime

import pytest

from tests.factories import OrganisationFactory
from tests.security.matrix import ADMIN
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import MANAGERS_A
from tests.security.matrix import NOBODY
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import allowed_answer
from tests.security.matrix import area_tests
from tests.security.matrix import assert_complete
from tests.security.matrix import check_page_all

# Runs any cluster (manager or staff somewhere, or coordinator): may register organisations.
RUNS_A_CLUSTER = frozenset({"admin", "coordinator", "manager_a", "staff_a", "manager_b"})
SEES_PERSON_A = TEAM_A | {"member_a"}
CHANGES_PERSON_A = EDITORS_A | {"member_a"}
NOT_PERSON_A = SIGNED_IN - SEES_PERSON_A
NOT_INSIDER_A = SIGNED_IN - INSIDERS_A
ADDS_PEOPLE = CHANGES_PERSON_A | {"manager_b"}
TEAM_B = frozenset({"admin", "manager_b"})
# Import and export the clusters of the programme: its coordinator and admins.
PROGRAMME_IO = frozenset({"admin", "coordinator"})
# Cluster B's membership is seen by its insiders and admins only.
SEES_MEMBERSHIP_B = TEAM_B

SECRETS = (
    "secret-notes-a",
    "membership-note-a",
    "alda@member-a.example",
    "person-note-a",
    "secret-notes-b",
    "membership-note-b",
    "berit@member-b.example",
    # Planted finances (below 1,000, so every rendering writes them the same way).
    "731.29",
    "468.53",
)


@pytest.fixture(scope="module")
def objects(world):
    world.person_a.notes = "person-note-a"
    world.person_a.save()
    # A change each, so the history shows the planted figure as a change too.
    world.member_a.turnover_eur = "731.29"
    world.member_a.save()
    world.member_b.balance_sheet_eur = "468.53"
    world.member_b.save()
    return {
        "cluster_a": world.cluster_a,
        "cluster_b": world.cluster_b,
        "programme": world.programme,
        "member_a": world.member_a,
        "member_b": world.member_b,
        "membership_a": world.cluster_a.memberships.get(),
        "membership_b": world.cluster_b.memberships.get(),
        "person_a": world.person_a,
        "person_b": world.person_b,
        "free_org": OrganisationFactory(name="Free Org"),
    }


def _person_form(objects):
    return {"organisation": objects["member_a"].pk, "first_name": "Ina", "last_name": "Lapa"}


PAGES = [
    Page("registry:cluster_list", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("registry:dashboard_index", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("registry:cluster_create", allowed=RUNS_A_CLUSTER),
    Page("registry:cluster_detail", ("cluster_a",), SIGNED_IN, sees_secrets=TEAM_A),
    Page("registry:cluster_detail", ("cluster_b",), SIGNED_IN, sees_secrets=TEAM_B),
    Page("registry:cluster_edit", ("cluster_a",), MANAGERS_A),
    Page("registry:cluster_edit", ("cluster_b",), TEAM_B),
    Page("registry:cluster_delete", ("cluster_a",), ADMIN),
    Page("registry:cluster_delete", ("cluster_a",), ADMIN, method="post"),
    Page("registry:cluster_dashboard", ("cluster_a",), INSIDERS_A),
    Page("registry:cluster_dashboard", ("cluster_b",), TEAM_B),
    Page("registry:cluster_members", ("cluster_a",), INSIDERS_A),
    Page("registry:cluster_members", ("cluster_b",), TEAM_B),
    Page("registry:membership_create", ("cluster_a",), EDITORS_A),
    Page("registry:cluster_roles", ("cluster_a",), MANAGERS_A),
    Page(
        "registry:cluster_roles",
        ("cluster_a",),
        MANAGERS_A,
        method="post",
        data=lambda o: {"username": "outsider", "role": "observer"},
    ),
    Page("registry:cluster_history", ("cluster_a",), TEAM_A),
    Page("registry:organisations_import", ("cluster_a",), EDITORS_A),
    Page("registry:organisations_export", ("cluster_a", "csv"), TEAM_A),
    Page("registry:organisations_export", ("cluster_a", "xlsx"), TEAM_A),
    Page("registry:organisations_export", ("cluster_b", "csv"), TEAM_B),
    Page("registry:membership_edit", ("membership_a",), EDITORS_A, hidden=NOT_INSIDER_A),
    Page(
        "registry:membership_edit",
        ("membership_b",),
        SEES_MEMBERSHIP_B,
        hidden=SIGNED_IN - SEES_MEMBERSHIP_B,
    ),
    Page("registry:membership_delete", ("membership_a",), EDITORS_A, hidden=NOT_INSIDER_A),
    Page(
        "registry:membership_delete",
        ("membership_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
        method="post",
    ),
    Page("registry:membership_history", ("membership_a",), TEAM_A, hidden=NOT_INSIDER_A),
    Page(
        "registry:membership_history",
        ("membership_b",),
        TEAM_B,
        hidden=SIGNED_IN - SEES_MEMBERSHIP_B,
    ),
    Page("registry:cluster_history", ("cluster_b",), TEAM_B),
    Page("registry:organisation_list", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("registry:organisation_create", allowed=RUNS_A_CLUSTER),
    Page("registry:organisation_detail", ("member_a",), SIGNED_IN, sees_secrets=SEES_PERSON_A),
    # B's member: its public profile for all, B's notes and contacts for B's team only.
    Page("registry:organisation_detail", ("member_b",), SIGNED_IN, sees_secrets=TEAM_B),
    Page("registry:organisation_edit", ("member_a",), CHANGES_PERSON_A),
    Page("registry:organisation_edit", ("member_b",), TEAM_B),
    # Member A still has a membership: the page refuses up front (409), also when confirmed.
    Page("registry:organisation_delete", ("member_a",), ADMIN, ok=(409,)),
    Page("registry:organisation_delete", ("member_a",), ADMIN, method="post", ok=(409,)),
    Page("registry:organisation_delete", ("free_org",), ADMIN),
    Page("registry:organisation_delete", ("free_org",), ADMIN, method="post", ok=(302,)),
    Page("registry:organisation_history", ("member_a",), SIGNED_IN, sees_secrets=SEES_PERSON_A),
    Page("registry:organisation_history", ("member_b",), SIGNED_IN, sees_secrets=TEAM_B),
    Page("registry:person_list", allowed=SIGNED_IN, sees_secrets=SEES_PERSON_A | {"manager_b"}),
    # Only those who may add people somewhere: the coordinator may not (rules: add_person_to).
    Page("registry:person_create", allowed=ADDS_PEOPLE),
    Page("registry:person_create", allowed=ADDS_PEOPLE, method="post", data=_person_form),
    Page("registry:person_detail", ("person_a",), SEES_PERSON_A, hidden=NOT_PERSON_A),
    Page("registry:person_detail", ("person_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("registry:person_edit", ("person_a",), CHANGES_PERSON_A, hidden=NOT_PERSON_A),
    Page("registry:person_delete", ("person_a",), CHANGES_PERSON_A, hidden=NOT_PERSON_A),
    Page(
        "registry:person_delete",
        ("person_a",),
        CHANGES_PERSON_A,
        hidden=NOT_PERSON_A,
        method="post",
    ),
    Page("registry:person_history", ("person_a",), SEES_PERSON_A, hidden=NOT_PERSON_A),
    Page("registry:person_history", ("person_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("registry:person_edit", ("person_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("registry:programme_detail", ("programme",), SIGNED_IN, sees_secrets=NOBODY),
    # Cluster import and export: a programme's coordinators (into and from their programme) and
    # admins; the registry as a whole (no programme) is for admins only. The programme is
    # visible to everyone signed in, so the others are refused (403), not kept in the dark.
    Page("registry:clusters_import", (), ADMIN, sees_secrets=NOBODY),
    Page("registry:clusters_export", ("csv",), ADMIN, sees_secrets=NOBODY),
    Page("registry:programme_clusters_import", ("programme",), PROGRAMME_IO, sees_secrets=NOBODY),
    # Without a file: the form again with its error, for those who may import.
    Page(
        "registry:programme_clusters_import",
        ("programme",),
        PROGRAMME_IO,
        method="post",
        ok=(200,),
        sees_secrets=NOBODY,
    ),
    Page(
        "registry:programme_clusters_export",
        ("programme", "xlsx"),
        PROGRAMME_IO,
        sees_secrets=NOBODY,
    ),
]

_today = datetime.date(2026, 1, 15).isoformat()

OPERATIONS = [
    Operation(
        "clusterhub_registry_api_list_clusters", (), SIGNED_IN, sees_secrets=TEAM_A | {"manager_b"}
    ),
    Operation(
        "clusterhub_registry_api_create_cluster",
        (),
        RUNS_A_CLUSTER,
        body=lambda o: {
            "name": "Matrix Cluster",
            "acronym": "MTX",
            "country": "LV",
            "sector_group": "biotechnology",
        },
    ),
    Operation(
        "clusterhub_registry_api_get_cluster", ("cluster_a",), SIGNED_IN, sees_secrets=TEAM_A
    ),
    Operation(
        "clusterhub_registry_api_update_cluster",
        ("cluster_a",),
        MANAGERS_A,
        body=lambda o: {"city": "Riga"},
    ),
    Operation(
        "clusterhub_registry_api_update_cluster",
        ("cluster_b",),
        TEAM_B,
        body=lambda o: {"city": "Tartu"},
    ),
    Operation("clusterhub_registry_api_delete_cluster", ("cluster_a",), ADMIN),
    Operation(
        "clusterhub_registry_api_list_organisations",
        (),
        SIGNED_IN,
        sees_secrets=SEES_PERSON_A | TEAM_B,
    ),
    # One country each, so each list holds one planted figure and is checked user by user.
    Operation(
        "clusterhub_registry_api_list_organisations",
        (),
        SIGNED_IN,
        query={"country": "LV"},
        sees_secrets=SEES_PERSON_A,
    ),
    Operation(
        "clusterhub_registry_api_list_organisations",
        (),
        SIGNED_IN,
        query={"country": "EE"},
        sees_secrets=TEAM_B,
    ),
    Operation(
        "clusterhub_registry_api_create_organisation",
        (),
        RUNS_A_CLUSTER,
        body=lambda o: {"name": "Matrix Org", "country": "LV", "org_type": "sme"},
    ),
    Operation(
        "clusterhub_registry_api_get_organisation",
        ("member_a",),
        SIGNED_IN,
        sees_secrets=SEES_PERSON_A,
    ),
    Operation(
        "clusterhub_registry_api_get_organisation", ("member_b",), SIGNED_IN, sees_secrets=TEAM_B
    ),
    Operation(
        "clusterhub_registry_api_update_organisation",
        ("member_a",),
        CHANGES_PERSON_A,
        body=lambda o: {"city": "Cesis"},
    ),
    # An organisation with memberships is refused (422) even to admins; a free one is deleted.
    Operation("clusterhub_registry_api_delete_organisation", ("member_a",), ADMIN, ok=(422,)),
    Operation("clusterhub_registry_api_delete_organisation", ("free_org",), ADMIN),
    Operation(
        "clusterhub_registry_api_list_memberships",
        (),
        SIGNED_IN,
        sees_secrets=TEAM_A | {"manager_b"},
    ),
    Operation(
        "clusterhub_registry_api_create_membership",
        (),
        EDITORS_A,
        body=lambda o: {
            "cluster": o["cluster_a"].pk,
            "organisation": o["member_b"].pk,
            "since": _today,
        },
    ),
    Operation(
        "clusterhub_registry_api_get_membership",
        ("membership_a",),
        INSIDERS_A,
        hidden=NOT_INSIDER_A,
        sees_secrets=TEAM_A,
    ),
    Operation(
        "clusterhub_registry_api_get_membership",
        ("membership_b",),
        SEES_MEMBERSHIP_B,
        hidden=SIGNED_IN - SEES_MEMBERSHIP_B,
    ),
    Operation(
        "clusterhub_registry_api_update_membership",
        ("membership_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
        body=lambda o: {"committed": True},
    ),
    Operation(
        "clusterhub_registry_api_delete_membership",
        ("membership_a",),
        EDITORS_A,
        hidden=NOT_INSIDER_A,
    ),
    Operation(
        "clusterhub_registry_api_list_people",
        (),
        SIGNED_IN,
        sees_secrets=SEES_PERSON_A | {"manager_b"},
    ),
    Operation(
        "clusterhub_registry_api_create_person",
        (),
        CHANGES_PERSON_A,
        body=lambda o: {"organisation": o["member_a"].pk, "first_name": "Ina", "last_name": "Lapa"},
    ),
    Operation(
        "clusterhub_registry_api_get_person", ("person_a",), SEES_PERSON_A, hidden=NOT_PERSON_A
    ),
    Operation(
        "clusterhub_registry_api_get_person",
        ("person_b",),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
    ),
    Operation(
        "clusterhub_registry_api_update_person",
        ("person_a",),
        CHANGES_PERSON_A,
        hidden=NOT_PERSON_A,
        body=lambda o: {"job_title": "CTO"},
    ),
    Operation(
        "clusterhub_registry_api_delete_person",
        ("person_a",),
        CHANGES_PERSON_A,
        hidden=NOT_PERSON_A,
    ),
    Operation("clusterhub_registry_api_list_programmes", (), SIGNED_IN, sees_secrets=NOBODY),
    Operation(
        "clusterhub_registry_api_get_programme", ("programme",), SIGNED_IN, sees_secrets=NOBODY
    ),
    Operation("clusterhub_registry_api_nace_codes", (), SIGNED_IN, query={"q": "62"}),
    Operation("clusterhub_registry_api_nuts_regions", (), SIGNED_IN, query={"q": "LV"}),
    Operation(
        "clusterhub_registry_api_nace_suggest",
        (),
        SIGNED_IN,
        query={"text": "software development"},
    ),
    Operation("clusterhub_registry_api_countries", (), SIGNED_IN),
]


# Where each planted figure is shown: its absence elsewhere then means the rule, not a typo.
SHOWN = [
    (Page("registry:organisation_detail", ("member_a",)), "member_a", "731.29"),
    (Page("registry:organisation_detail", ("member_b",)), "manager_b", "468.53"),
    (Page("registry:organisation_history", ("member_a",)), "coordinator", "731.29"),
    (Page("registry:organisation_history", ("member_b",)), "admin", "468.53"),
    (Page("registry:organisations_export", ("cluster_a", "csv")), "staff_a", "731.29"),
    (Page("registry:organisations_export", ("cluster_b", "csv")), "manager_b", "468.53"),
    (Operation("clusterhub_registry_api_get_organisation", ("member_a",)), "staff_a", "731.29"),
    (Operation("clusterhub_registry_api_list_organisations"), "manager_b", "468.53"),
]


def test_a_programme_export_holds_only_the_programme_clusters(client_for, world, objects):
    row = Page("registry:programme_clusters_export", ("programme", "csv"))
    answer = allowed_answer(client_for, world, objects, row, "coordinator")
    assert ("Cluster A" in answer, "Cluster B" in answer) == (True, False)
    everything = Page("registry:clusters_export", ("csv",))
    answer = allowed_answer(client_for, world, objects, everything, "admin")
    assert ("Cluster A" in answer, "Cluster B" in answer) == (True, True)


globals().update(
    area_tests(
        PAGES,
        OPERATIONS,
        SECRETS,
        namespaces=["registry"],
        tags_or_prefixes=["registry"],
        shown=SHOWN,
    )
)


def test_a_wrong_cell_fails_and_names_every_wrong_user(client_for, world, objects):
    """The checks can fail: a row letting everyone edit cluster A is caught, user by user."""
    wrong = Page("registry:cluster_edit", ("cluster_a",), SIGNED_IN)
    with pytest.raises(AssertionError) as failed:
        check_page_all(client_for, world, objects, wrong, SECRETS)
    named = {line.split(" as ")[1].split(":")[0] for line in str(failed.value).splitlines()}
    assert named == SIGNED_IN - MANAGERS_A


def test_a_secret_in_an_answer_fails(client_for, world, objects):
    """A secret in the body fails the row even when the status is right (here: a user outside
    `sees_secrets`; a refused answer goes through the same check)."""
    row = Page("registry:cluster_detail", ("cluster_a",), SIGNED_IN, sees_secrets=NOBODY)
    with pytest.raises(AssertionError, match="leaks"):
        check_page_all(client_for, world, objects, row, ("Cluster A",), users=("outsider",))


def test_an_endpoint_without_a_row_fails_completeness():
    with pytest.raises(AssertionError, match="registry:person_history"):
        assert_complete(
            [row for row in PAGES if row.name != "registry:person_history"],
            OPERATIONS,
            namespaces=["registry"],
            tags_or_prefixes=["registry"],
        )
    with pytest.raises(AssertionError, match="rows naming no page"):
        assert_complete(
            [*PAGES, Page("registry:no_such_page")],
            OPERATIONS,
            namespaces=["registry"],
            tags_or_prefixes=["registry"],
        )
