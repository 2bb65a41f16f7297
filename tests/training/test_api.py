"""The training API under /api/v1/training/: allowed and denied, bad input, exports, PDFs."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from clusterhub.training import domain
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import Material
from tests.training.conftest import complete

pytestmark = pytest.mark.django_db

API = "/api/v1/training"


@pytest.fixture
def api(client):
    def as_user(user):
        client.force_login(user)
        return client

    return as_user


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def put(client, url, data):
    return client.put(url, json.dumps(data), content_type="application/json")


def test_list_programmes_only_visible(tw, api):
    body = api(tw["staff_a"]).get(f"{API}/programmes").json()
    assert body["count"] == 1
    assert body["items"][0]["title"] == "Cluster management excellence"
    assert body["items"][0]["eu_funded"] is True
    assert api(tw["outsider"]).get(f"{API}/programmes").json() == {"items": [], "count": 0}


def test_anonymous_is_401(tw):
    assert Client().get(f"{API}/programmes").status_code == 401


def test_programme_hidden_is_404_visible_but_not_managed_is_403(tw, api):
    assert api(tw["outsider"]).get(f"{API}/programmes/{tw.tp.pk}").status_code == 404
    r = api(tw["staff_a"]).patch(
        f"{API}/programmes/{tw.tp.pk}", json.dumps({"title": "x"}), content_type="application/json"
    )
    assert r.status_code == 403
    r = api(tw["coordinator"]).patch(
        f"{API}/programmes/{tw.tp.pk}",
        json.dumps({"title": "Renamed"}),
        content_type="application/json",
    )
    assert r.status_code == 200
    assert r.json()["title"] == "Renamed"


def test_create_programme_owner_checks(tw, api):
    c = api(tw["coordinator"])
    r = post(c, f"{API}/programmes", {"title": "New", "programme_id": tw.world.programme.pk})
    assert r.status_code == 201
    # A cluster the coordinator does not manage.
    r = post(c, f"{API}/programmes", {"title": "Theirs", "cluster_id": tw.world.cluster_b.pk})
    assert r.status_code == 403
    r = post(c, f"{API}/programmes", {"title": "Nowhere"})
    assert r.status_code == 422
    assert r.json()["errors"]["programme"] == [
        "Give either a programme or a cluster as the owner, not both."
    ]
    r = post(c, f"{API}/programmes", {"title": "Ghost", "programme_id": 999999})
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["programme_id"]
    assert (
        post(
            api(tw["staff_a"]),
            f"{API}/programmes",
            {"title": "S", "cluster_id": tw.world.cluster_a.pk},
        ).status_code
        == 403
    )


def test_module_and_session_creation_with_validation(tw, api):
    c = api(tw["coordinator"])
    r = post(c, f"{API}/programmes/{tw.tp.pk}/modules", {"title": "Green", "competence": "green"})
    assert r.status_code == 201
    assert r.json()["competence_label"] == "Green transition"
    module_id = r.json()["id"]
    r = post(c, f"{API}/programmes/{tw.tp.pk}/modules", {"title": "X", "competence": "cooking"})
    assert r.status_code == 422
    session = {
        "title": "Green day",
        "starts_at": "2017-03-01T09:00:00+02:00",
        "ends_at": "2017-03-01T15:00:00+02:00",
        "online_url": "https://meet.example.org/g",
        "trainer_id": tw["expert_a"].pk,
    }
    r = post(c, f"{API}/modules/{module_id}/sessions", session)
    assert r.status_code == 201
    assert r.json()["trainer_name"] == tw["expert_a"].display_name
    naive = {**session, "starts_at": "2017-03-01T09:00:00"}
    r = post(c, f"{API}/modules/{module_id}/sessions", naive)
    assert r.status_code == 422
    assert "starts_at" in r.json()["errors"]
    r = post(
        c, f"{API}/modules/{module_id}/sessions", {**session, "trainer_id": tw["manager_a"].pk}
    )
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["trainer"]
    assert (
        post(api(tw["expert_a"]), f"{API}/modules/{module_id}/sessions", session).status_code == 403
    )


def test_enrolment_api_and_double_enrolment(tw, api):
    c = api(tw["coordinator"])
    r = post(c, f"{API}/programmes/{tw.tp.pk}/enrolments", {"user_id": tw["coordinator"].pk})
    assert r.status_code == 201
    assert r.json()["required_sessions"] == 2
    assert r.json()["complete"] is False
    r = post(c, f"{API}/programmes/{tw.tp.pk}/enrolments", {"user_id": tw["staff_a"].pk})
    assert r.status_code == 422
    assert r.json()["errors"] == {
        "user_id": [f"{tw['staff_a'].display_name} is already enrolled in this programme."]
    }
    assert Enrolment.objects.filter(user=tw["staff_a"]).count() == 1
    r = post(
        api(tw["manager_a"]),
        f"{API}/programmes/{tw.tp.pk}/enrolments",
        {"user_id": tw["member_a"].pk},
    )
    assert r.status_code == 403


def test_enrolment_list_is_narrowed_per_viewer(tw, api):
    complete(tw, tw.e_staff)
    body = api(tw["coordinator"]).get(f"{API}/programmes/{tw.tp.pk}/enrolments").json()
    assert body["count"] == 2
    staff_row = next(i for i in body["items"] if i["user_id"] == tw["staff_a"].pk)
    assert (staff_row["attended_required"], staff_row["complete"]) == (2, True)
    own = api(tw["staff_a"]).get(f"{API}/programmes/{tw.tp.pk}/enrolments").json()
    assert [i["user_id"] for i in own["items"]] == [tw["staff_a"].pk]
    assert api(tw["staff_a"]).get(f"{API}/enrolments/{tw.e_manager.pk}").status_code == 404
    assert api(tw["manager_a"]).get(f"{API}/enrolments/{tw.e_staff.pk}").status_code == 200


def test_attendance_by_trainer_and_refusals(tw, api):
    c = api(tw["expert_a"])
    r = post(
        c, f"{API}/sessions/{tw.s1.pk}/attendance", {"user_id": tw["staff_a"].pk, "present": True}
    )
    assert r.status_code == 200
    assert r.json()["present"] is True
    r = post(c, f"{API}/sessions/{tw.s1.pk}/attendance", {"user_id": tw["outsider"].pk})
    assert r.status_code == 422
    assert r.json()["errors"] == {
        "user_id": [
            f"{tw['outsider'].display_name} is not enrolled in the programme of this session."
        ]
    }
    rows = c.get(f"{API}/sessions/{tw.s1.pk}/attendance").json()
    assert {(row["user_id"], row["present"]) for row in rows} == {
        (tw["staff_a"].pk, True),
        (tw["manager_a"].pk, None),
    }
    r = post(
        api(tw["staff_a"]), f"{API}/sessions/{tw.s1.pk}/attendance", {"user_id": tw["staff_a"].pk}
    )
    assert r.status_code == 403
    r = post(
        api(tw["outsider"]), f"{API}/sessions/{tw.s1.pk}/attendance", {"user_id": tw["staff_a"].pk}
    )
    assert r.status_code == 404
    assert Attendance.objects.count() == 1


def test_self_assessment_api(tw, api):
    c = api(tw["staff_a"])
    url = f"{API}/enrolments/{tw.e_staff.pk}/self-assessments/before"
    r = put(c, url, {"scores": {"strategy": 2, "financing": 7}})
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["financing"]
    assert CompetenceRating.objects.count() == 0
    assert put(c, url, {"scores": {"strategy": "high"}}).status_code == 422
    assert put(c, url, {"scores": {"strategy": True}}).status_code == 422
    r = put(c, url, {"scores": {"strategy": 2, "financing": 3}})
    assert r.json() == {
        "enrolment_id": tw.e_staff.pk,
        "phase": "before",
        "scores": {"strategy": 2, "financing": 3},
    }
    put(
        c,
        f"{API}/enrolments/{tw.e_staff.pk}/self-assessments/after",
        {"scores": {"strategy": 4, "financing": 3}},
    )
    gains = c.get(f"{API}/enrolments/{tw.e_staff.pk}/gains").json()
    assert [(g["competence"], g["gain"]) for g in gains] == [("strategy", "2"), ("financing", "0")]
    assert (
        put(
            c,
            f"{API}/enrolments/{tw.e_staff.pk}/self-assessments/during",
            {"scores": {"strategy": 1}},
        ).status_code
        == 422
    )
    # Another participant's: visible to the cluster manager but not theirs to fill in.
    assert put(api(tw["manager_a"]), url, {"scores": {"strategy": 5}}).status_code == 403
    c = api(tw["staff_a"])
    assert c.get(f"{API}/enrolments/{tw.e_manager.pk}/self-assessments/before").status_code == 404


def test_cohort_gains(tw, api):
    domain.record_self_assessment(enrolment=tw.e_staff, phase="before", scores={"strategy": 1})
    domain.record_self_assessment(enrolment=tw.e_staff, phase="after", scores={"strategy": 4})
    domain.record_self_assessment(enrolment=tw.e_manager, phase="before", scores={"strategy": 2})
    domain.record_self_assessment(enrolment=tw.e_manager, phase="after", scores={"strategy": 3})
    rows = api(tw["coordinator"]).get(f"{API}/programmes/{tw.tp.pk}/gains").json()
    assert rows[0] == {
        "competence": "strategy",
        "label": "Strategy development",
        "before": "1.50",
        "after": "3.50",
        "gain": "2.00",
        "people": 2,
    }
    own = api(tw["staff_a"]).get(f"{API}/programmes/{tw.tp.pk}/gains").json()
    assert (own[0]["gain"], own[0]["people"]) == ("3.00", 1)


def test_feedback_api(tw, api):
    c = api(tw["staff_a"])
    url = f"{API}/sessions/{tw.s1.pk}/feedback"
    assert post(c, url, {"rating": 5}).status_code == 422  # not present yet
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    assert post(c, url, {"rating": 9}).status_code == 422
    r = post(c, url, {"rating": 5, "comment": "Great"})
    assert r.status_code == 201
    r = post(c, url, {"rating": 1, "comment": "Again"})
    assert r.status_code == 422
    assert r.json()["errors"] == {"__all__": ["You have already given feedback on this session."]}
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]
    assert post(api(tw["coordinator"]), url, {"rating": 3}).status_code == 403
    listed = api(tw["expert_a"]).get(url).json()
    assert [(i["rating"], i["comment"]) for i in listed["items"]] == [(5, "Great")]
    assert api(tw["staff_a"]).get(url).status_code == 403
    assert api(tw["outsider"]).get(url).status_code == 404


def test_certificate_issue_refused_then_issued_and_verified(tw, api):
    c = api(tw["coordinator"])
    url = f"{API}/programmes/{tw.tp.pk}/certificates"
    r = post(c, url, {"enrolment_id": tw.e_staff.pk})
    assert r.status_code == 422
    assert "has not completed the programme: attended 0 of 2" in r.json()["errors"]["__all__"][0]
    complete(tw, tw.e_staff)
    r = post(c, url, {"enrolment_id": tw.e_staff.pk, "issued_on": "2017-06-20"})
    assert r.status_code == 201
    cert = Certificate.objects.get()
    assert r.json()["verify_url"] == f"/training/certificates/verify/{cert.code}/"
    assert post(c, url, {"enrolment_id": tw.e_staff.pk}).status_code == 422
    assert post(api(tw["staff_a"]), url, {"enrolment_id": tw.e_staff.pk}).status_code == 403
    public = Client().get(f"{API}/certificates/verify/{cert.display_code.lower()}")
    assert public.status_code == 200
    assert public.json() == {
        "valid": True,
        "holder_name": tw["staff_a"].display_name,
        "programme_title": "Cluster management excellence",
        "issued_on": "2017-06-20",
    }
    assert Client().get(f"{API}/certificates/verify/NOPE").status_code == 404
    assert Client().get(f"{API}/certificates/verify/{'A' * 65}").status_code == 422


def test_certificate_pdf_and_denied(tw, api):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    r = api(tw["staff_a"]).get(f"{API}/certificates/{cert.pk}/pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert api(tw["expert_a"]).get(f"{API}/certificates/{cert.pk}/pdf").status_code == 404
    assert api(tw["outsider"]).get(f"{API}/certificates/{cert.pk}").status_code == 404


def test_revoked_certificate_no_longer_verifies(tw, api):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    assert api(tw["staff_a"]).post(f"{API}/certificates/{cert.pk}/revoke").status_code == 403
    r = api(tw["coordinator"]).post(f"{API}/certificates/{cert.pk}/revoke")
    assert r.json()["valid"] is False
    assert Client().get(f"{API}/certificates/verify/{cert.code}").status_code == 404


def test_attendance_sheet_pdf_for_trainer_only(tw, api):
    r = api(tw["expert_a"]).get(f"{API}/sessions/{tw.s1.pk}/attendance-sheet")
    assert r.status_code == 200
    assert r.content.startswith(b"%PDF")
    assert api(tw["staff_a"]).get(f"{API}/sessions/{tw.s1.pk}/attendance-sheet").status_code == 403


def test_exports_csv_and_xlsx(tw, api):
    complete(tw, tw.e_staff)
    domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    c = api(tw["coordinator"])
    r = c.get(f"{API}/programmes/{tw.tp.pk}/export/participants?format=csv")
    assert r.status_code == 200
    lines = r.content.decode("utf-8-sig").strip().splitlines()
    assert (
        lines[0]
        == "Participant,Username,Cluster,Required sessions,Attended,Complete,Certificate code"
    )
    assert len(lines) == 3
    r = c.get(f"{API}/programmes/{tw.tp.pk}/export/sessions?format=xlsx")
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [cell.value for cell in ws[1]][:3] == ["Module", "Competence", "Session"]
    assert ws.max_row == 4
    for table in ("attendance", "self_assessments", "feedback", "certificates"):
        assert c.get(f"{API}/programmes/{tw.tp.pk}/export/{table}").status_code == 200, table
    assert c.get(f"{API}/programmes/{tw.tp.pk}/export/secrets").status_code == 422
    assert c.get(f"{API}/programmes/{tw.tp.pk}/export/sessions?format=exe").status_code == 422


def test_exports_denied_and_narrowed(tw, api):
    staff = api(tw["staff_a"])
    assert staff.get(f"{API}/programmes/{tw.tp.pk}/export/attendance").status_code == 403
    assert staff.get(f"{API}/programmes/{tw.tp.pk}/export/feedback").status_code == 403
    rows = staff.get(f"{API}/programmes/{tw.tp.pk}/export/participants").content.decode("utf-8-sig")
    assert rows.strip().splitlines()[1].startswith(tw["staff_a"].display_name)
    assert len(rows.strip().splitlines()) == 2
    assert (
        api(tw["outsider"]).get(f"{API}/programmes/{tw.tp.pk}/export/sessions").status_code == 404
    )


def test_export_neutralises_formulas(tw, api):
    tw.s1.title = '=HYPERLINK("http://evil")'
    tw.s1.save()
    r = api(tw["coordinator"]).get(f"{API}/programmes/{tw.tp.pk}/export/sessions")
    assert "'=HYPERLINK" in r.content.decode("utf-8-sig")


def test_materials_link_upload_download_and_rights(tw, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    trainer = api(tw["expert_a"])
    r = post(
        trainer,
        f"{API}/sessions/{tw.s1.pk}/materials",
        {"title": "Reading", "url": "https://example.org/r"},
    )
    assert r.status_code == 201
    r = trainer.post(
        f"{API}/sessions/{tw.s1.pk}/materials/upload",
        {
            "title": "Slides",
            "file": SimpleUploadedFile("slides.pdf", b"%PDF-1.4 x", "application/pdf"),
        },
    )
    assert r.status_code == 201
    material_id = r.json()["id"]
    assert r.json()["download_url"] == f"/api/v1/training/materials/{material_id}/file"
    r = trainer.post(
        f"{API}/sessions/{tw.s1.pk}/materials/upload",
        {"title": "Virus", "file": SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream")},
    )
    assert r.status_code == 422
    assert list(r.json()["errors"]) == ["file"]
    staff = api(tw["staff_a"])
    download = staff.get(f"/api/v1/training/materials/{material_id}/file")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert (
        post(
            staff, f"{API}/sessions/{tw.s1.pk}/materials", {"title": "Mine", "url": "https://x.org"}
        ).status_code
        == 403
    )
    assert (
        api(tw["outsider"]).get(f"/api/v1/training/materials/{material_id}/file").status_code == 404
    )
    lost = Material.objects.get(pk=material_id).file
    lost.storage.delete(lost.name)
    assert staff.get(f"/api/v1/training/materials/{material_id}/file").status_code == 404


def test_my_sessions_and_enrolments(tw, api):
    assert api(tw["expert_a"]).get(f"{API}/my-sessions").json()["count"] == 3
    assert api(tw["manager_a"]).get(f"{API}/my-sessions").json()["count"] == 0
    mine = api(tw["staff_a"]).get(f"{API}/my-enrolments").json()
    assert [i["id"] for i in mine["items"]] == [tw.e_staff.pk]


def test_huge_ids_are_422_not_500(tw, api):
    c = api(tw["coordinator"])
    assert c.get(f"{API}/programmes/{2**70}").status_code == 422
    assert c.get(f"{API}/programmes/0").status_code == 422


def test_enrolment_list_query_count_does_not_grow(tw, api, django_assert_max_num_queries):
    from clusterhub.accounts.domain import grant_role
    from tests.factories import UserFactory

    c = api(tw["coordinator"])
    c.get(f"{API}/programmes/{tw.tp.pk}/enrolments")  # warm up session and roles
    with django_assert_max_num_queries(10) as ctx:
        c.get(f"{API}/programmes/{tw.tp.pk}/enrolments")
    few = len(ctx.captured_queries)
    for n in range(3):
        user = UserFactory(username=f"extra{n}")
        grant_role(user=user, role="cluster_staff", cluster=tw.world.cluster_a)
        domain.enrol(training_programme=tw.tp, user=user, cluster=tw.world.cluster_a)
    with django_assert_max_num_queries(few):
        r = c.get(f"{API}/programmes/{tw.tp.pk}/enrolments")
    assert r.json()["count"] == 5


def test_update_and_delete_operations(tw, api):
    c = api(tw["coordinator"])
    r = c.patch(
        f"{API}/modules/{tw.financing.pk}",
        json.dumps({"required": True}),
        content_type="application/json",
    )
    assert r.json()["required"] is True
    r = c.patch(
        f"{API}/sessions/{tw.s3.pk}",
        json.dumps({"ends_at": "2016-05-12T08:00:00+03:00"}),
        content_type="application/json",
    )
    assert r.status_code == 422
    assert r.json()["errors"] == {"ends_at": ["The session must end after it starts."]}
    assert api(tw["expert_a"]).delete(f"{API}/sessions/{tw.s3.pk}").status_code == 403
    c = api(tw["coordinator"])
    assert c.delete(f"{API}/sessions/{tw.s3.pk}").status_code == 204
    assert c.delete(f"{API}/enrolments/{tw.e_manager.pk}").status_code == 204
    complete(tw, tw.e_staff)
    domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    r = c.delete(f"{API}/enrolments/{tw.e_staff.pk}")
    assert r.status_code == 422
    r = c.delete(f"{API}/programmes/{tw.tp.pk}")
    assert r.status_code == 422
    assert api(tw["staff_a"]).delete(f"{API}/programmes/{tw.tp.pk}").status_code == 403
    assert api(tw["outsider"]).delete(f"{API}/modules/{tw.strategy.pk}").status_code == 404
    c = api(tw["coordinator"])
    assert c.delete(f"{API}/modules/{tw.strategy.pk}").status_code == 204


def test_patch_null_clears_and_a_required_field_null_is_422(tw, api):
    """The one PATCH rule (common/api_helpers.py): left out stays, null clears, and null on a
    required field is refused naming it."""
    c = api(tw["coordinator"])
    online = {"place": None, "online_url": "https://meet.example.org/clinic"}
    r = c.patch(f"{API}/sessions/{tw.s3.pk}", json.dumps(online), content_type="application/json")
    assert r.status_code == 200
    tw.s3.refresh_from_db()
    assert tw.s3.place == "" and tw.s3.title == "Optional clinic"
    r = c.patch(
        f"{API}/sessions/{tw.s3.pk}", json.dumps({"title": None}), content_type="application/json"
    )
    assert r.status_code == 422 and "title" in r.json()["errors"]
    r = c.patch(
        f"{API}/programmes/{tw.tp.pk}", json.dumps({"title": None}), content_type="application/json"
    )
    assert r.status_code == 422 and "title" in r.json()["errors"]
    r = c.patch(
        f"{API}/modules/{tw.financing.pk}",
        json.dumps({"required": None}),
        content_type="application/json",
    )
    assert r.status_code == 422 and "required" in r.json()["errors"]
