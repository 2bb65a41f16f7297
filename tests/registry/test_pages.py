"""Registry pages: who may open what, forms, lists, history, roles, dashboard."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterhub.accounts.models import RoleAssignment
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory

SECRET = "secret-notes-a"


def url(name, *args):
    return reverse(f"registry:{name}", args=args)


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("admin", 200),
        ("coordinator", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 200),
        ("expert_a", 200),
        ("observer_a", 200),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_dashboard_and_members_of_cluster_a(world, client_for, username, expected):
    client = client_for(world[username])
    assert client.get(url("cluster_dashboard", world.cluster_a.pk)).status_code == expected
    assert client.get(url("cluster_members", world.cluster_a.pk)).status_code == expected


@pytest.mark.parametrize(
    ("username", "expected"),
    [("admin", 200), ("manager_a", 200), ("staff_a", 403), ("manager_b", 403), ("outsider", 403)],
)
def test_cluster_edit_and_roles_need_the_manager(world, client_for, username, expected):
    client = client_for(world[username])
    assert client.get(url("cluster_edit", world.cluster_a.pk)).status_code == expected
    assert client.get(url("cluster_roles", world.cluster_a.pk)).status_code == expected


@pytest.mark.parametrize(
    ("username", "sees_secret"),
    [
        ("admin", True),
        ("coordinator", True),
        ("manager_a", True),
        ("staff_a", True),
        ("member_a", False),
        ("expert_a", False),
        ("observer_a", False),
        ("manager_b", False),
        ("outsider", False),
    ],
)
def test_cluster_profile_shows_internal_notes_only_to_the_team(
    world, client_for, username, sees_secret
):
    response = client_for(world[username]).get(url("cluster_detail", world.cluster_a.pk))
    assert response.status_code == 200
    assert "Cluster A" in response.content.decode()
    assert (SECRET in response.content.decode()) is sees_secret


def test_secret_notes_never_reach_denied_users_on_any_page(world, client_for):
    a = world.cluster_a.pk
    pages = [
        url("cluster_list"),
        url("cluster_detail", a),
        url("cluster_dashboard", a),
        url("cluster_members", a),
        url("cluster_history", a),
        url("cluster_edit", a),
        url("programme_detail", world.programme.pk),
    ]
    for username in ("member_a", "observer_a", "manager_b", "outsider"):
        client = client_for(world[username])
        for page in pages:
            response = client.get(page)
            assert SECRET not in response.content.decode(), (username, page)


def test_outsider_sees_directory_but_no_dashboard(world, client_for):
    client = client_for(world["outsider"])
    listing = client.get(url("cluster_list"))
    assert listing.status_code == 200
    assert "Cluster A" in listing.content.decode()
    assert "Cluster B" in listing.content.decode()
    index = client.get(url("dashboard_index"))
    assert index.status_code == 200
    assert url("cluster_dashboard", world.cluster_a.pk) not in index.content.decode()
    assert "no dashboard to show" in index.content.decode()


def test_dashboard_index_lists_the_users_clusters(world, client_for):
    body = client_for(world["manager_a"]).get(url("dashboard_index")).content.decode()
    assert url("cluster_dashboard", world.cluster_a.pk) in body
    assert url("cluster_dashboard", world.cluster_b.pk) not in body


def test_home_redirects_to_the_dashboards(world, client_for):
    response = client_for(world["outsider"]).get("/")
    assert response.status_code == 302
    assert response.url == url("dashboard_index")


def test_anonymous_users_are_sent_to_sign_in(world, client):
    response = client.get(url("cluster_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_member_sees_own_organisations_people_but_not_others(world, client_for):
    client = client_for(world["member_a"])
    own = client.get(url("organisation_detail", world.member_a.pk)).content.decode()
    assert "alda@member-a.example" in own
    other = client.get(url("organisation_detail", world.member_b.pk))
    assert other.status_code == 200
    assert "berit@member-b.example" not in other.content.decode()
    assert client.get(url("person_detail", world.person_a.pk)).status_code == 200
    assert client.get(url("person_detail", world.person_b.pk)).status_code == 404
    people = client.get(url("person_list")).content.decode()
    assert "Ozola" in people
    assert "Tamm" not in people


def test_organisation_memberships_are_shown_per_membership_rights(world, client_for):
    MembershipFactory(cluster=world.cluster_b, organisation=world.member_a)
    manager_a = client_for(world["manager_a"]).get(url("organisation_detail", world.member_a.pk))
    body = manager_a.content.decode()
    assert url("cluster_detail", world.cluster_a.pk) in body
    assert url("cluster_detail", world.cluster_b.pk) not in body


def test_manager_b_cannot_touch_cluster_a_memberships(world, client_for):
    membership = Membership.objects.get(cluster=world.cluster_a)
    client = client_for(world["manager_b"])
    assert client.get(url("membership_edit", membership.pk)).status_code == 404
    assert client.post(url("membership_delete", membership.pk)).status_code == 404
    assert client.get(url("membership_create", world.cluster_a.pk)).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_observer_sees_members_but_may_not_edit_them(world, client_for):
    membership = Membership.objects.get(cluster=world.cluster_a)
    client = client_for(world["observer_a"])
    body = client.get(url("cluster_members", world.cluster_a.pk)).content.decode()
    assert "Member A Ltd" in body
    assert url("membership_edit", membership.pk) not in body
    assert "membership-note-a" not in body
    assert client.get(url("membership_edit", membership.pk)).status_code == 403
    assert client.get(url("membership_history", membership.pk)).status_code == 403


@pytest.mark.parametrize(
    ("username", "cluster_history", "membership_history"),
    [
        ("admin", 200, 200),
        ("manager_a", 200, 200),
        ("staff_a", 200, 200),
        ("member_a", 403, 403),
        ("manager_b", 403, 404),
    ],
)
def test_history_rights(world, client_for, username, cluster_history, membership_history):
    membership = Membership.objects.get(cluster=world.cluster_a)
    client = client_for(world[username])
    assert client.get(url("cluster_history", world.cluster_a.pk)).status_code == cluster_history
    assert client.get(url("membership_history", membership.pk)).status_code == membership_history


def test_person_history_needs_the_right_to_see_the_person(world, client_for):
    assert (
        client_for(world["staff_a"]).get(url("person_history", world.person_a.pk)).status_code
        == 200
    )
    assert (
        client_for(world["outsider"]).get(url("person_history", world.person_a.pk)).status_code
        == 404
    )


def test_only_admin_deletes_clusters_and_sees_what_goes_with_them(world, client_for):
    assert (
        client_for(world["manager_a"]).get(url("cluster_delete", world.cluster_a.pk)).status_code
        == 403
    )
    client = client_for(world["admin"])
    page = client.get(url("cluster_delete", world.cluster_a.pk))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<strong>1</strong> memberships" in body
    assert "<strong>5</strong> role assignments" in body
    response = client.post(url("cluster_delete", world.cluster_a.pk))
    assert response.status_code == 302
    assert not Cluster.objects.filter(pk=world.cluster_a.pk).exists()


def test_organisation_with_memberships_cannot_be_deleted(world, client_for):
    client = client_for(world["admin"])
    response = client.post(url("organisation_delete", world.member_a.pk))
    assert response.status_code == 409
    assert "still has 1 membership; end and remove it first." in response.content.decode()
    assert Organisation.objects.filter(pk=world.member_a.pk).exists()
    lone = OrganisationFactory(name="Lonely Ltd")
    assert client.post(url("organisation_delete", lone.pk)).status_code == 302
    assert not Organisation.objects.filter(pk=lone.pk).exists()


# --- forms -----------------------------------------------------------------------------------


def _cluster_data(**changes):
    data = {
        "name": "Baltic Food Cluster",
        "acronym": "BFC",
        "country": "LV",
        "nuts_region": "LV00C",
        "city": "Valmiera",
        "sector_group": "food",
        "management_fte": "1.5",
        "sectors": "10.1, 46.3",
    }
    data.update(changes)
    return data


def test_manager_creates_a_cluster_and_becomes_its_manager(world, client_for):
    client = client_for(world["manager_a"])
    response = client.post(url("cluster_create"), _cluster_data())
    cluster = Cluster.objects.get(acronym="BFC")
    assert response.status_code == 302
    assert response.url == url("cluster_detail", cluster.pk)
    assert cluster.nuts_region_id == "LV00C"
    assert sorted(cluster.sectors.values_list("code", flat=True)) == ["10.1", "46.3"]
    assert RoleAssignment.objects.filter(
        user=world["manager_a"], cluster=cluster, role="cluster_manager"
    ).exists()


def test_outsider_may_not_create_clusters(world, client_for):
    response = client_for(world["outsider"]).post(url("cluster_create"), _cluster_data())
    assert response.status_code == 403
    assert not Cluster.objects.filter(acronym="BFC").exists()


def test_unknown_nace_and_nuts_codes_are_field_errors(world, client_for):
    client = client_for(world["admin"])
    response = client.post(
        url("cluster_create"), _cluster_data(sectors="62.10, 99.99", nuts_region="XX999")
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Not NACE Rev. 2.1 codes: 99.99." in body
    assert "XX999 is not a NUTS 2024 region code." in body
    assert 'aria-describedby="id_sectors_helptext id_sectors_error"' in body
    assert 'id="id_sectors_error"' in body
    assert not Cluster.objects.filter(acronym="BFC").exists()


def test_nuts_region_outside_the_country_is_refused(world, client_for):
    response = client_for(world["admin"]).post(url("cluster_create"), _cluster_data(country="EE"))
    assert response.status_code == 400
    assert "NUTS region LV00C is not in EE." in response.content.decode()


def test_manager_edits_own_cluster(world, client_for):
    client = client_for(world["manager_a"])
    data = _cluster_data(name="Cluster A renamed", acronym="CLA", sectors="62")
    response = client.post(url("cluster_edit", world.cluster_a.pk), data)
    assert response.status_code == 302
    world.cluster_a.refresh_from_db()
    assert world.cluster_a.name == "Cluster A renamed"
    assert list(world.cluster_a.sectors.values_list("code", flat=True)) == ["62"]


def test_edit_form_shows_current_codes(world, client_for):
    world.cluster_a.sectors.set(["62.10", "63.1"])
    body = (
        client_for(world["manager_a"]).get(url("cluster_edit", world.cluster_a.pk)).content.decode()
    )
    assert 'value="62.10, 63.1"' in body


def _org_data(**changes):
    data = {"name": "Fresh Foods SIA", "country": "LV", "org_type": "sme", "primary_nace": "10.1"}
    data.update(changes)
    return data


def test_organisation_create_and_duplicate_registration_number(world, client_for):
    client = client_for(world["staff_a"])
    first = client.post(url("organisation_create"), _org_data(registration_number="40001234567"))
    assert first.status_code == 302
    org = Organisation.objects.get(name="Fresh Foods SIA")
    assert org.primary_nace_id == "10.1"
    second = client.post(
        url("organisation_create"),
        _org_data(name="Other Foods SIA", registration_number="40001234567"),
    )
    assert second.status_code == 400
    assert (
        "Another organisation in this country has registration number 40001234567."
        in second.content.decode()
    )
    assert not Organisation.objects.filter(name="Other Foods SIA").exists()


def test_unknown_primary_nace_is_a_field_error(world, client_for):
    response = client_for(world["staff_a"]).post(
        url("organisation_create"), _org_data(primary_nace="00.00")
    )
    assert response.status_code == 400
    assert "00.00 is not a NACE Rev. 2.1 code." in response.content.decode()
    assert not Organisation.objects.filter(name="Fresh Foods SIA").exists()


def test_member_representative_edits_own_organisation_only(world, client_for):
    client = client_for(world["member_a"])
    ok = client.post(url("organisation_edit", world.member_a.pk), _org_data(name="Member A Group"))
    assert ok.status_code == 302
    world.member_a.refresh_from_db()
    assert world.member_a.name == "Member A Group"
    assert client.get(url("organisation_edit", world.member_b.pk)).status_code == 403


def test_membership_create_and_overlap_refused(world, client_for):
    client = client_for(world["staff_a"])
    new_org = OrganisationFactory(name="Newcomer SIA")
    ok = client.post(
        url("membership_create", world.cluster_a.pk),
        {
            "organisation": new_org.pk,
            "since": "2024-03-01",
            "committed": "on",
            "commitment_ground": "written",
        },
    )
    assert ok.status_code == 302
    assert Membership.objects.filter(cluster=world.cluster_a, organisation=new_org).count() == 1
    overlap = client.post(
        url("membership_create", world.cluster_a.pk),
        {"organisation": world.member_a.pk, "since": "2023-01-01"},
    )
    body = overlap.content.decode()
    assert overlap.status_code == 400
    assert "membership periods may not overlap" in body
    assert 'id="id_since_error"' in body
    assert (
        Membership.objects.filter(cluster=world.cluster_a, organisation=world.member_a).count() == 1
    )


def test_membership_edit_end_date_before_start_is_refused(world, client_for):
    membership = Membership.objects.get(cluster=world.cluster_a)
    client = client_for(world["manager_a"])
    response = client.post(
        url("membership_edit", membership.pk),
        {"organisation": world.member_a.pk, "since": "2020-01-01", "until": "2019-01-01"},
    )
    assert response.status_code == 400
    assert "The end date is before the start date." in response.content.decode()
    membership.refresh_from_db()
    assert membership.until is None
    ended = client.post(
        url("membership_edit", membership.pk),
        {
            "organisation": world.member_a.pk,
            "since": "2020-01-01",
            "until": "2024-12-31",
            "committed": "on",
            "commitment_ground": "fee",
        },
    )
    assert ended.status_code == 302
    membership.refresh_from_db()
    assert membership.until == dt.date(2024, 12, 31)


def test_person_create_edit_delete(world, client_for):
    client = client_for(world["member_a"])
    created = client.post(
        url("person_create"),
        {"organisation": world.member_a.pk, "first_name": "Ieva", "last_name": "Liepa"},
    )
    assert created.status_code == 302
    person = Person.objects.get(last_name="Liepa")
    # An organisation the user may not add people to is not a valid choice.
    refused = client.post(
        url("person_create"),
        {"organisation": world.member_b.pk, "first_name": "X", "last_name": "Y"},
    )
    assert refused.status_code == 400
    assert not Person.objects.filter(last_name="Y").exists()
    edited = client.post(
        url("person_edit", person.pk),
        {
            "organisation": world.member_a.pk,
            "first_name": "Ieva",
            "last_name": "Liepa",
            "email": "bad",
        },
    )
    assert edited.status_code == 400
    assert "Enter a valid email address." in edited.content.decode()
    assert client.post(url("person_delete", person.pk)).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()


def test_outsider_may_not_add_people(world, client_for):
    assert client_for(world["outsider"]).get(url("person_create")).status_code == 403


# --- history ---------------------------------------------------------------------------------


def test_history_page_shows_a_change(world, client_for):
    client = client_for(world["manager_a"])
    client.post(
        url("cluster_edit", world.cluster_a.pk), _cluster_data(name="Cluster A2", acronym="CLA")
    )
    body = client.get(url("cluster_history", world.cluster_a.pk)).content.decode()
    assert "Changed" in body
    assert '<td class="old">Cluster A</td><td class="new">Cluster A2</td>' in body
    assert world["manager_a"].display_name in body


def test_organisation_history_open_to_signed_in_users(world, client_for):
    response = client_for(world["outsider"]).get(url("organisation_history", world.member_a.pk))
    assert response.status_code == 200
    assert "Created" in response.content.decode()


# --- roles -----------------------------------------------------------------------------------


def test_manager_grants_and_revokes_roles(world, client_for):
    client = client_for(world["manager_a"])
    granted = client.post(
        url("cluster_roles", world.cluster_a.pk),
        {"action": "grant", "username": "outsider", "role": "expert"},
    )
    assert granted.status_code == 302
    assignment = RoleAssignment.objects.get(user=world["outsider"], cluster=world.cluster_a)
    assert assignment.role == "expert"
    revoked = client.post(
        url("cluster_roles", world.cluster_a.pk), {"action": "revoke", "assignment": assignment.pk}
    )
    assert revoked.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_member_representative_needs_an_organisation_and_unknown_users_are_refused(
    world, client_for
):
    client = client_for(world["manager_a"])
    no_org = client.post(
        url("cluster_roles", world.cluster_a.pk),
        {"action": "grant", "username": "outsider", "role": "member_representative"},
    )
    assert no_org.status_code == 400
    assert "Name the organisation this member representative speaks for." in no_org.content.decode()
    nobody = client.post(
        url("cluster_roles", world.cluster_a.pk),
        {"action": "grant", "username": "ghost", "role": "expert"},
    )
    assert "No active user has the username ghost." in nobody.content.decode()
    ok = client.post(
        url("cluster_roles", world.cluster_a.pk),
        {
            "action": "grant",
            "username": "outsider",
            "role": "member_representative",
            "organisation": world.member_a.pk,
        },
    )
    assert ok.status_code == 302
    assert RoleAssignment.objects.get(user=world["outsider"]).organisation_id == world.member_a.pk


def test_manager_cannot_revoke_roles_of_another_cluster(world, client_for):
    other = RoleAssignment.objects.get(user=world["manager_b"])
    response = client_for(world["manager_a"]).post(
        url("cluster_roles", world.cluster_a.pk), {"action": "revoke", "assignment": other.pk}
    )
    assert response.status_code == 404
    assert RoleAssignment.objects.filter(pk=other.pk).exists()


# --- dashboard -------------------------------------------------------------------------------


def test_dashboard_numbers_count_current_members_only(world, client_for):
    a = world.cluster_a
    OrganisationFactory.reset_sequence(100)
    near = OrganisationFactory(
        org_type="university", latitude="56.95", longitude="24.1", primary_nace_id="85.4"
    )
    far = OrganisationFactory(
        org_type="sme", latitude="59.33", longitude="18.06", primary_nace_id="62.10"
    )
    gone = OrganisationFactory(org_type="large")
    MembershipFactory(cluster=a, organisation=near, committed=False, commitment_ground="")
    MembershipFactory(cluster=a, organisation=far)
    MembershipFactory(cluster=a, organisation=gone, until=dt.date(2021, 1, 1))
    response = client_for(world["observer_a"]).get(url("cluster_dashboard", a.pk))
    body = response.content.decode()
    profile = response.context["profile"]
    assert profile.members == 3
    assert profile.committed == 2
    assert profile.by_type == {"sme": 2, "university": 1}
    assert profile.located == 2
    assert profile.within_150km == 1
    assert "2 members have a known location" in body
    assert "1 lies within 150 km" in body
    assert "50%" in body
    assert body.count('role="img"') == 3
    # Each chart has its numbers in a table too.
    assert '<th scope="row">University</th><td class="num">1</td>' in body
    assert '<th scope="row">85 Education</th><td class="num">1</td>' in body
    checks = {row["check"].code: row["check"] for row in response.context["checks"]}
    assert checks["committed"].met is False
    assert checks["types"].met is True
    assert checks["fte"].met is True
    assert "not met" in body


# --- lists -----------------------------------------------------------------------------------


def test_organisation_list_search_filter_sort_paginate(world, client_for):
    for i in range(30):
        OrganisationFactory(name=f"Bulk {i:02d}", country="SE", org_type="research")
    client = client_for(world["outsider"])
    page1 = client.get(url("organisation_list"), {"country": "SE", "sort": "-name"})
    names = [o.name for o in page1.context["page_obj"]]
    assert len(names) == 25
    assert names[0] == "Bulk 29"
    assert page1.context["page_obj"].paginator.count == 30
    page2 = client.get(url("organisation_list"), {"country": "SE", "sort": "-name", "page": 2})
    assert [o.name for o in page2.context["page_obj"]] == [
        f"Bulk {i:02d}" for i in range(4, -1, -1)
    ]
    search = client.get(url("organisation_list"), {"q": "member b"})
    assert [o.name for o in search.context["page_obj"]] == ["Member B OÜ"]
    typed = client.get(url("organisation_list"), {"type": "sme", "country": "LV"})
    assert [o.name for o in typed.context["page_obj"]] == ["Member A Ltd"]


def test_invalid_filters_show_a_message_not_an_error(world, client_for):
    client = client_for(world["outsider"])
    for params in ({"size": "huge"}, {"sort": "secret"}, {"cluster": "abc"}, {"country": "LVA"}):
        response = client.get(url("organisation_list"), params)
        assert response.status_code == 200
        assert "These filters are not valid:" in response.content.decode()
        assert list(response.context["page_obj"]) == []
    bad_page = client.get(url("organisation_list"), {"page": "zzz"})
    assert bad_page.status_code == 200


def test_cluster_filter_on_organisations_only_for_insiders(world, client_for):
    manager = client_for(world["manager_a"]).get(
        url("organisation_list"), {"cluster": world.cluster_a.pk}
    )
    assert [o.name for o in manager.context["page_obj"]] == ["Member A Ltd"]
    outsider = client_for(world["outsider"]).get(
        url("organisation_list"), {"cluster": world.cluster_a.pk}
    )
    assert list(outsider.context["page_obj"]) == []
    assert "Member A Ltd" not in outsider.content.decode()


def test_cluster_list_filters_and_sorting(world, client_for):
    client = client_for(world["outsider"])
    estonia = client.get(url("cluster_list"), {"country": "EE"})
    assert [c.acronym for c in estonia.context["page_obj"]] == ["CLB"]
    programme = client.get(url("cluster_list"), {"programme": world.programme.pk})
    assert [c.acronym for c in programme.context["page_obj"]] == ["CLA"]
    desc = client.get(url("cluster_list"), {"sort": "-acronym"})
    assert [c.acronym for c in desc.context["page_obj"]] == ["CLB", "CLA"]
    assert 'aria-sort="descending"' in desc.content.decode()


def test_member_list_filters(world, client_for):
    a = world.cluster_a
    MembershipFactory(
        cluster=a, organisation=OrganisationFactory(name="Former SIA"), until=dt.date(2021, 1, 1)
    )
    client = client_for(world["staff_a"])
    current = client.get(url("cluster_members", a.pk), {"current": "true"})
    assert [m.organisation.name for m in current.context["page_obj"]] == ["Member A Ltd"]
    past = client.get(url("cluster_members", a.pk), {"current": "false"})
    assert [m.organisation.name for m in past.context["page_obj"]] == ["Former SIA"]
    # The cluster in the URL wins over any cluster in the query string.
    forced = client.get(url("cluster_members", a.pk), {"cluster": world.cluster_b.pk})
    assert sorted(m.organisation.name for m in forced.context["page_obj"]) == [
        "Former SIA",
        "Member A Ltd",
    ]


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.context["page_obj"])


def _add_row(world, i):
    """One more row for every list: a cluster, an organisation that is a member, a person."""
    ClusterFactory(name=f"zz-only cluster {i}")
    org = OrganisationFactory(name=f"zz-only org {i}", primary_nace_id="62.10")
    MembershipFactory(cluster=world.cluster_a, organisation=org)
    PersonFactory(organisation=org, first_name="zz-only", last_name=f"P{i}")


@pytest.mark.parametrize(
    "list_name", ["cluster_list", "organisation_list", "person_list", "members"]
)
def test_list_pages_use_the_same_number_of_queries_for_1_and_3_rows(world, client_for, list_name):
    client = client_for(world["admin"])
    path = url("cluster_members", world.cluster_a.pk) if list_name == "members" else url(list_name)
    path += "?q=zz-only"
    _add_row(world, 0)
    client.get(path)  # warm up caches (content types, sessions)
    one, rows_one = _count_queries(client, path)
    _add_row(world, 1)
    _add_row(world, 2)
    three, rows_three = _count_queries(client, path)
    assert (rows_one, rows_three) == (1, 3)
    assert one == three


def test_programme_page_lists_clusters_and_the_funding_notice(world, client_for):
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    response = client_for(world["outsider"]).get(url("programme_detail", world.programme.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert url("cluster_detail", world.cluster_a.pk) in body
    assert url("cluster_detail", world.cluster_b.pk) not in body
    assert "has received funding from the European Union&#x27;s COSME programme." in body
    assert client_for(world["outsider"]).get(url("programme_detail", 999999)).status_code == 404


def test_revoking_with_a_malformed_id_is_not_found(world, client_for):
    response = client_for(world["manager_a"]).post(
        url("cluster_roles", world.cluster_a.pk), {"action": "revoke", "assignment": "abc"}
    )
    assert response.status_code == 404
