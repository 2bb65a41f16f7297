"""PATCH on grants follows the one partial-update rule of the API (common/api_helpers.py
`patch_values` + `apply_patch`): a field left out stays as it is, a field sent as null is
cleared, and a required field sent as null is refused (422) naming the field."""

import json

import pytest

pytestmark = pytest.mark.django_db

V1 = "/api/v1/grants"


def _patch(client, path, body):
    return client.patch(V1 + path, json.dumps(body), content_type="application/json")


def test_project_null_clears_and_left_out_stays(grant, world, client):
    client.force_login(world["coordinator"])
    pk = grant.project.pk
    r = _patch(client, f"/projects/{pk}", {"call": "Call 7"})
    assert r.status_code == 200 and r.json()["call"] == "Call 7"
    r = _patch(client, f"/projects/{pk}", {"call": None})
    assert r.status_code == 200
    grant.project.refresh_from_db()
    assert grant.project.call == ""
    assert grant.project.title == "Five for Excellence"


def test_project_required_field_sent_null_is_422(grant, world, client):
    client.force_login(world["coordinator"])
    r = _patch(client, f"/projects/{grant.project.pk}", {"start_date": None})
    assert r.status_code == 422
    assert "start_date" in r.json()["errors"]
    grant.project.refresh_from_db()
    assert grant.project.start_date is not None


def test_deliverable_null_clears_the_actual_date(grant, world, client):
    client.force_login(world["coordinator"])
    pk = grant.project.pk
    wp = client.post(
        f"{V1}/projects/{pk}/work-packages",
        json.dumps(
            {"number": 1, "title": "M", "lead": grant.lead.pk, "start_month": 1, "end_month": 18}
        ),
        content_type="application/json",
    ).json()["id"]
    d = client.post(
        f"{V1}/projects/{pk}/deliverables",
        json.dumps({"work_package": wp, "number": "D1.1", "title": "S", "due_month": 18}),
        content_type="application/json",
    ).json()["id"]
    r = _patch(client, f"/deliverables/{d}", {"actual_date": "2017-06-20"})
    assert r.status_code == 200
    r = _patch(client, f"/deliverables/{d}", {"actual_date": None})
    assert r.status_code == 200 and r.json()["actual_date"] is None
    assert r.json()["title"] == "S"
    r = _patch(client, f"/deliverables/{d}", {"title": None})
    assert r.status_code == 422 and "title" in r.json()["errors"]
