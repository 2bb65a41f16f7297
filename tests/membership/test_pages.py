"""Membership pages: the public application form (throttle, honeypot, bad input), the
manager's pages, the member export, and who is refused."""

import csv
import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from clusterhub.membership.models import Application
from clusterhub.membership.models import MemberTerms
from tests.membership.conftest import assign

FORM = {
    "company_name": "Robotics SIA",
    "registration_number": "40003999999",
    "vat_number": "LV40003999999",
    "country": "LV",
    "org_type": "sme",
    "size_class": "small",
    "contact_first_name": "Jānis",
    "contact_last_name": "Bērziņš",
    "email": "janis@robotics.example",
    "message": "Hello",
    "website": "",
}


def _apply_url(world):
    return reverse("membership:apply", args=[world.cluster_a.pk])


def test_public_form_takes_an_application_without_login(
    world, full_a, free_a, django_capture_on_commit_callbacks
):
    client = Client()
    r = client.get(_apply_url(world))
    assert r.status_code == 200
    assert "Full member" in r.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(_apply_url(world), {**FORM, "membership_type": full_a.pk})
    assert r.status_code == 302
    app = Application.objects.get()
    assert (app.company_name, app.cluster, app.status) == (
        "Robotics SIA",
        world.cluster_a,
        "pending",
    )
    assert mail.outbox[0].to == ["janis@robotics.example"]


def test_public_form_names_the_bad_fields(world, full_a):
    r = Client().post(
        _apply_url(world),
        {**FORM, "email": "not-an-email", "country": "XX", "membership_type": full_a.pk},
    )
    assert r.status_code == 400
    assert set(r.context["form"].errors) == {"email", "country"}
    assert not Application.objects.exists()


def test_type_of_another_cluster_or_closed_is_refused(world, full_a):
    from tests.membership.conftest import make_type

    other = make_type(world.cluster_b, "B type")
    closed = make_type(world.cluster_a, "Closed")
    closed.open_for_applications = False
    closed.save()
    for mtype in (other, closed):
        r = Client().post(_apply_url(world), {**FORM, "membership_type": mtype.pk})
        assert r.status_code == 400
        assert "membership_type" in r.context["form"].errors
    assert not Application.objects.exists()


def test_honeypot_filled_stores_nothing(world, full_a):
    r = Client().post(
        _apply_url(world), {**FORM, "membership_type": full_a.pk, "website": "http://spam"}
    )
    assert r.status_code == 302
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_public_form_is_throttled_per_address(world, full_a, settings):
    client = Client()
    for n in range(5):
        r = client.post(
            _apply_url(world),
            {**FORM, "membership_type": full_a.pk, "company_name": f"Co {n}"},
        )
        assert r.status_code == 302
    r = client.post(_apply_url(world), {**FORM, "membership_type": full_a.pk})
    assert r.status_code == 429
    assert Application.objects.count() == 5


def test_cluster_without_open_types_takes_no_applications(world):
    assert Client().get(_apply_url(world)).status_code == 404


def test_manager_sees_members_with_type_and_fee(world, client_for, full_a, membership_a):
    assign(membership_a, full_a)
    r = client_for(world["manager_a"]).get(reverse("membership:cluster", args=[world.cluster_a.pk]))
    assert r.status_code == 200
    rows = r.context["rows"]
    assert [(row["membership"].organisation.name, str(row["yearly"])) for row in rows] == [
        ("Member A Ltd", "600.00")
    ]
    html = r.content.decode()
    assert "Full member" in html and 'id="statistics"' in html


def test_member_representative_sees_statistics_but_no_fees(world, client_for, full_a, membership_a):
    assign(membership_a, full_a)
    r = client_for(world["member_a"]).get(reverse("membership:cluster", args=[world.cluster_a.pk]))
    assert r.status_code == 200
    assert r.context["rows"] == []
    assert 'id="members"' not in r.content.decode()


@pytest.mark.parametrize("user", ["outsider", "manager_b"])
def test_outsiders_see_no_membership_page(world, client_for, user):
    r = client_for(world[user]).get(reverse("membership:cluster", args=[world.cluster_a.pk]))
    assert r.status_code == 403


def test_anonymous_is_sent_to_sign_in(world):
    r = Client().get(reverse("membership:cluster", args=[world.cluster_a.pk]))
    assert r.status_code == 302
    assert "login" in r["Location"]


def test_export_lists_members_with_fee_and_is_refused_to_members(
    world, client_for, full_a, membership_a
):
    assign(membership_a, full_a, vat_number="LV123")
    url = reverse("membership:member_export", args=[world.cluster_a.pk, "csv"])
    r = client_for(world["staff_a"]).get(url)
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Organisation"
    assert rows[1][0] == "Member A Ltd"
    assert rows[1][4] == "Full member"
    assert rows[1][8] == "LV123"
    assert rows[1][9] == "600.00"
    xlsx = client_for(world["staff_a"]).get(
        reverse("membership:member_export", args=[world.cluster_a.pk, "xlsx"])
    )
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client_for(world["member_a"]).get(url).status_code == 403
    bad = reverse("membership:member_export", args=[world.cluster_a.pk, "pdf"])
    assert client_for(world["staff_a"]).get(bad).status_code == 404


def test_manager_adds_type_and_rule_staff_may_not(world, client_for, full_a):
    c = client_for(world["staff_a"])
    r = c.post(reverse("membership:type_create", args=[world.cluster_a.pk]), {"name": "X"})
    assert r.status_code == 403
    r = c.post(reverse("membership:rule_create", args=[full_a.pk]), {"yearly_amount": "1"})
    assert r.status_code == 403
    c = client_for(world["manager_a"])
    r = c.post(
        reverse("membership:type_create", args=[world.cluster_a.pk]),
        {"name": "Academic", "is_free": "on", "open_for_applications": "on"},
    )
    assert r.status_code == 302
    r = c.post(
        reverse("membership:rule_create", args=[full_a.pk]),
        {"org_type": "research", "size_class": "", "yearly_amount": "-5"},
    )
    assert r.status_code == 400
    assert "yearly_amount" in r.context["form"].errors
    assert c.get(reverse("membership:types", args=[world.cluster_a.pk])).status_code == 200
    assert c.get(reverse("membership:type_history", args=[full_a.pk])).status_code == 200


def test_manager_accepts_on_the_application_page(world, client_for, pending_a):
    url = reverse("membership:application", args=[pending_a.pk])
    r = client_for(world["staff_a"]).post(url, {"action": "accept", "accept-since": "2026-01-05"})
    assert r.status_code == 403
    c = client_for(world["manager_a"])
    assert c.get(url).status_code == 200
    r = c.post(url, {"action": "decline", "decline-decline_reason": ""})
    assert r.status_code == 400
    r = c.post(url, {"action": "accept", "accept-since": "2026-01-05"})
    assert r.status_code == 302
    pending_a.refresh_from_db()
    assert pending_a.status == "accepted"
    assert str(pending_a.membership.since) == "2026-01-05"
    r = c.post(url, {"action": "accept", "accept-since": "2026-01-05"})
    assert r.status_code == 400  # decided: no second decision
    assert "already decided" in r.content.decode()
    assert c.get(reverse("membership:application_history", args=[pending_a.pk])).status_code == 200
    assert client_for(world["manager_b"]).get(url).status_code == 404


def test_application_list_filters_by_status_through_the_shared_filter_form(
    world, client_for, pending_a
):
    url = reverse("membership:applications", args=[world.cluster_a.pk])
    c = client_for(world["manager_a"])

    def page(**params):
        response = c.get(url, params)
        assert response.status_code == 200
        return response.content.decode()

    # Without a status: those waiting for review, and the filter says so (common/_filters.html).
    waiting = page()
    assert 'role="search"' in waiting and '<select name="status" id="filter_status">' in waiting
    assert '<option value="pending" selected>Waiting for review</option>' in waiting
    assert "Newco SIA" in waiting
    accepted = page(status="accepted")
    assert '<option value="accepted" selected>Accepted</option>' in accepted
    assert "Newco SIA" not in accepted
    every = page(status="all")
    assert '<option value="all" selected>All</option>' in every and "Newco SIA" in every
    bogus = page(status="bogus")
    assert "These filters are not valid" in bogus and "Newco SIA" not in bogus


def test_terms_renew_and_leave_pages(world, client_for, full_a, membership_a):
    c = client_for(world["staff_a"])
    r = c.post(
        reverse("membership:terms_edit", args=[membership_a.pk]),
        {"membership_type": full_a.pk, "vat_number": "LV1", "period_end": "2026-12-31"},
    )
    assert r.status_code == 302
    assert c.post(reverse("membership:renew", args=[membership_a.pk])).status_code == 302
    assert str(MemberTerms.objects.get().period_end) == "2027-12-31"
    r = c.post(
        reverse("membership:leave", args=[membership_a.pk]),
        {"until": "2027-03-31", "leaving_reason": "value", "note": ""},
    )
    assert r.status_code == 302
    assert MemberTerms.objects.get().leaving_reason == "value"
    assert (
        client_for(world["member_a"])
        .post(
            reverse("membership:leave", args=[membership_a.pk]),
            {"until": "2027-03-31", "leaving_reason": "value"},
        )
        .status_code
        == 403
    )


def test_type_delete_asks_refuses_when_in_use_and_deletes_when_free(
    world, client_for, full_a, free_a, pending_a
):
    c = client_for(world["manager_a"])
    in_use = reverse("membership:type_delete", args=[full_a.pk])
    assert c.get(in_use).status_code == 409
    assert c.post(in_use).status_code == 409
    unused = reverse("membership:type_delete", args=[free_a.pk])
    assert c.get(unused).status_code == 200
    assert c.post(unused).status_code == 302
    from clusterhub.membership.models import MembershipType

    assert list(MembershipType.objects.values_list("name", flat=True)) == ["Full member"]
    assert client_for(world["staff_a"]).post(in_use).status_code == 403
    rule = full_a.fee_rules.first()
    url = reverse("membership:rule_delete", args=[rule.pk])
    assert client_for(world["staff_a"]).post(url).status_code == 403
    c = client_for(world["manager_a"])  # the same client, signed in again
    assert c.get(url).status_code == 200
    assert c.post(url).status_code == 302
    assert full_a.fee_rules.count() == 5
