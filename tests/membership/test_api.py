"""The membership API: types CRUD for managers, applications list and decision, denied cases."""

import pytest

from clusterhub.membership.models import Application
from clusterhub.membership.models import MembershipType
from clusterhub.registry.models import Membership

TYPE = {
    "name": "Supporting member",
    "is_free": False,
    "fee_rules": [
        {"org_type": "sme", "size_class": "micro", "yearly_amount": "250.00"},
        {"org_type": "", "size_class": "", "yearly_amount": "1000"},
    ],
}


def test_manager_creates_reads_updates_and_deletes_a_type(world, api_as):
    api = api_as("manager_a")
    r = api.send("post", f"/clusters/{world.cluster_a.pk}/types", TYPE)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["name"] == "Supporting member"
    assert [(x["org_type"], x["size_class"], x["yearly_amount"]) for x in body["fee_rules"]] == [
        ("", "", "1000.00"),
        ("sme", "micro", "250.00"),
    ]
    pk = body["id"]
    r = api.send("patch", f"/types/{pk}", {"fee_rules": [{"yearly_amount": "99.5"}]})
    assert r.status_code == 200, r.content
    assert [x["yearly_amount"] for x in r.json()["fee_rules"]] == ["99.50"]
    r = api.get(f"/clusters/{world.cluster_a.pk}/types")
    assert [t["name"] for t in r.json()["items"]] == ["Supporting member"]
    assert api.delete(f"/types/{pk}").status_code == 204
    assert not MembershipType.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, None),
        ({"name": "X", "fee_rules": [{"yearly_amount": "-1"}]}, "yearly_amount"),
        ({"name": "X", "fee_rules": [{"org_type": "pirate", "yearly_amount": "1"}]}, "org_type"),
        ({"name": "X", "colour": "red"}, "colour"),
    ],
)
def test_bad_type_input_is_422_naming_the_field(world, api_as, body, field):
    r = api_as("manager_a").send("post", f"/clusters/{world.cluster_a.pk}/types", body)
    assert r.status_code == 422
    if field:
        assert field in r.content.decode()
    assert not MembershipType.objects.exists()


def test_repeated_rule_and_duplicate_name_are_422(world, api_as, full_a):
    api = api_as("manager_a")
    rule = {"org_type": "sme", "size_class": "", "yearly_amount": "1"}
    r = api.send(
        "post", f"/clusters/{world.cluster_a.pk}/types", {"name": "Y", "fee_rules": [rule, rule]}
    )
    assert r.status_code == 422
    assert "fee_rules" in r.content.decode()
    assert not MembershipType.objects.filter(name="Y").exists()
    r = api.send("post", f"/clusters/{world.cluster_a.pk}/types", {"name": "Full member"})
    assert r.status_code == 422


def test_type_in_use_cannot_be_deleted(world, api_as, full_a, pending_a):
    r = api_as("manager_a").delete(f"/types/{full_a.pk}")
    assert r.status_code == 422
    assert MembershipType.objects.filter(pk=full_a.pk).exists()


@pytest.mark.parametrize("user", ["staff_a", "member_a", "outsider", "manager_b"])
def test_only_the_manager_changes_types(world, api_as, full_a, user):
    api = api_as(user)
    assert api.send("post", f"/clusters/{world.cluster_a.pk}/types", TYPE).status_code in (
        403,
        404,
    )
    assert api.send("patch", f"/types/{full_a.pk}", {"name": "Hacked"}).status_code in (403, 404)
    assert api.delete(f"/types/{full_a.pk}").status_code in (403, 404)
    full_a.refresh_from_db()
    assert full_a.name == "Full member"


def test_staff_reads_types_and_applications_but_outsiders_do_not(world, api_as, full_a, pending_a):
    staff = api_as("staff_a")
    assert staff.get(f"/clusters/{world.cluster_a.pk}/types").status_code == 200
    r = staff.get(f"/clusters/{world.cluster_a.pk}/applications", status="pending")
    assert [a["company_name"] for a in r.json()["items"]] == ["Newco SIA"]
    for name in ("member_a", "outsider", "manager_b"):
        api = api_as(name)
        assert api.get(f"/clusters/{world.cluster_a.pk}/types").status_code == 403
        assert api.get(f"/clusters/{world.cluster_a.pk}/applications").status_code == 403
        assert api.get(f"/applications/{pending_a.pk}").status_code == 404
    assert api_as("outsider").get(f"/types/{full_a.pk}").status_code == 404
    assert api_as().get(f"/clusters/{world.cluster_a.pk}/types").status_code == 401


def test_manager_accepts_through_the_api(world, api_as, pending_a):
    r = api_as("manager_a").send(
        "post",
        f"/applications/{pending_a.pk}/decision",
        {"decision": "accept", "since": "2026-02-01"},
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "accepted"
    membership = Membership.objects.get(pk=body["membership_id"])
    assert str(membership.since) == "2026-02-01"
    assert membership.terms.membership_type_id == pending_a.membership_type_id


def test_decline_without_reason_is_422_and_staff_may_not_decide(world, api_as, pending_a):
    path = f"/applications/{pending_a.pk}/decision"
    r = api_as("manager_a").send("post", path, {"decision": "decline"})
    assert r.status_code == 422
    assert "decline_reason" in r.content.decode()
    r = api_as("staff_a").send("post", path, {"decision": "decline", "reason": "No"})
    assert r.status_code == 403
    assert Application.objects.get(pk=pending_a.pk).status == "pending"
    r = api_as("manager_a").send("post", path, {"decision": "maybe"})
    assert r.status_code == 422


def test_patch_with_a_stale_etag_is_412(world, api_as, full_a):
    api = api_as("manager_a")
    r = api.get(f"/types/{full_a.pk}")
    etag = r["ETag"]
    assert api.send("patch", f"/types/{full_a.pk}", {"name": "Renamed"}).status_code == 200
    api.headers["If-Match"] = etag
    r = api.send("patch", f"/types/{full_a.pk}", {"name": "Again"})
    assert r.status_code == 412
    full_a.refresh_from_db()
    assert full_a.name == "Renamed"
