"""Training pages: each page for the roles allowed, 404/403 for the others, forms with bad
input, and the public certificate verification page."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from clusterhub.training import domain
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import TrainingProgramme
from tests.same_moment import ON_POSTGRESQL
from tests.same_moment import saved_meanwhile
from tests.training.conftest import complete

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"training:{name}", args=args)


def test_index_lists_own_training_and_visible_programmes(tw, client_for):
    r = client_for(tw["staff_a"]).get(url("index"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "Cluster management excellence" in html
    assert "My training" in html
    r = client_for(tw["outsider"]).get(url("index"))
    assert "No training programmes you can see yet." in r.content.decode()


def test_index_requires_sign_in(tw):
    r = Client().get(url("index"))
    assert r.status_code == 302
    assert r["Location"].startswith("/accounts/login/")


def test_programme_page_per_role(tw, client_for):
    complete(tw, tw.e_staff)
    domain.record_self_assessment(enrolment=tw.e_staff, phase="before", scores={"strategy": 2})
    domain.record_self_assessment(enrolment=tw.e_staff, phase="after", scores={"strategy": 4})
    r = client_for(tw["coordinator"]).get(url("programme_detail", tw.tp.pk))
    html = r.content.decode()
    assert r.status_code == 200
    assert "Add module" in html
    assert "complete, not issued" in html
    assert "<svg" in html and "Cohort competences before and after" in html
    assert "export/attendance?format=csv" in html
    r = client_for(tw["staff_a"]).get(url("programme_detail", tw.tp.pk))
    html = r.content.decode()
    assert "Add module" not in html
    assert "export/attendance" not in html
    assert tw["manager_a"].display_name not in html  # another participant's progress
    for name in ("outsider", "member_a", "manager_b"):
        assert client_for(tw[name]).get(url("programme_detail", tw.tp.pk)).status_code == 404


def test_create_programme_page(tw, client_for):
    c = client_for(tw["coordinator"])
    r = c.post(
        url("programme_create"), {"title": "Second round", "programme": tw.world.programme.pk}
    )
    assert r.status_code == 302
    r = c.post(url("programme_create"), {"title": "No owner"})
    assert r.status_code == 400
    assert "Give either a programme or a cluster" in r.content.decode()
    assert client_for(tw["staff_a"]).get(url("programme_create")).status_code == 403


def test_module_and_session_forms(tw, client_for):
    c = client_for(tw["coordinator"])
    r = c.post(
        url("module_create", tw.tp.pk), {"title": "Digital", "competence": "digital", "order": 3}
    )
    assert r.status_code == 302
    module = tw.tp.modules.get(title="Digital")
    data = {
        "title": "Digital day",
        "starts_at": "2017-01-10T10:00",
        "ends_at": "2017-01-10T09:00",
        "place": "",
        "online_url": "",
        "trainer": tw["expert_a"].pk,
    }
    r = c.post(url("session_create", module.pk), data)
    assert r.status_code == 400
    html = r.content.decode()
    assert "The session must end after it starts." in html
    assert "Give a place, an online link, or both." in html
    data.update(ends_at="2017-01-10T16:00", place="Riga")
    assert c.post(url("session_create", module.pk), data).status_code == 302
    assert client_for(tw["expert_a"]).get(url("session_create", module.pk)).status_code == 403


def test_session_page_trainer_sees_attendance_and_feedback(tw, client_for):
    r = client_for(tw["expert_a"]).get(url("session_detail", tw.s1.pk))
    html = r.content.decode()
    assert "Save attendance" in html and "Attendance sheet (PDF)" in html
    r = client_for(tw["staff_a"]).get(url("session_detail", tw.s1.pk))
    html = r.content.decode()
    assert "Save attendance" not in html
    assert "Rate this session" not in html  # not recorded as present yet
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    html = client_for(tw["staff_a"]).get(url("session_detail", tw.s1.pk)).content.decode()
    assert "Rate this session" in html
    assert client_for(tw["outsider"]).get(url("session_detail", tw.s1.pk)).status_code == 404


def test_attendance_form_by_trainer(tw, client_for):
    c = client_for(tw["expert_a"])
    r = c.post(url("attendance_save", tw.s1.pk), {"present": [str(tw.e_staff.pk)]})
    assert r.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment__user__username", "present")) == {
        "staff_a": True,
        "manager_a": False,
    }
    assert client_for(tw["staff_a"]).post(url("attendance_save", tw.s1.pk)).status_code == 403
    assert client_for(tw["outsider"]).post(url("attendance_save", tw.s1.pk)).status_code == 404


def _attendance_as_opened(page: str) -> dict[str, list[str] | str]:
    """What the attendance form posts when nothing in it is changed."""
    posted: dict[str, list[str] | str] = {
        "shown": re.findall(r'name="shown" value="(\d+)"', page),
        "present": re.findall(r'name="present" value="(\d+)" checked', page),
    }
    posted.update(
        {f"was-{pk}": was for pk, was in re.findall(r'name="was-(\d+)" value="(\w*)"', page)}
    )
    return posted


def test_attendance_records_only_the_marks_the_trainer_changed(tw, world, client_for):
    c = client_for(tw["expert_a"])
    opened = _attendance_as_opened(c.get(url("session_detail", tw.s1.pk)).content.decode())
    assert sorted(opened["shown"]) == sorted([str(tw.e_manager.pk), str(tw.e_staff.pk)])
    assert opened[f"was-{tw.e_staff.pk}"] == ""
    # Meanwhile a colleague marks the manager present, and someone else enrols.
    domain.record_attendance(session=tw.s1, enrolment=tw.e_manager, present=True)
    late = domain.enrol(training_programme=tw.tp, user=world["member_a"], cluster=world.cluster_a)
    r = c.post(
        url("attendance_save", tw.s1.pk), {**opened, "present": [str(tw.e_staff.pk)]}, follow=True
    )
    # The staff member, ticked here, is present; the manager, left unticked here but marked
    # present meanwhile, keeps that mark and the trainer is told; the late participant, never
    # shown on this page, is not marked absent.
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        tw.e_staff.pk: True,
        tw.e_manager.pk: True,
    }
    assert not Attendance.objects.filter(enrolment=late).exists()
    said = [m.message for m in r.context["messages"]]
    assert said == [
        "Someone else marked these participants after you opened the page; their marks were "
        f"kept: {tw.e_manager.user.display_name}.",
        "Attendance saved for 1 participant.",
    ]
    # Opened again, the page shows the late participant, unmarked: saved unticked, absent.
    again = _attendance_as_opened(c.get(url("session_detail", tw.s1.pk)).content.decode())
    c.post(url("attendance_save", tw.s1.pk), again)
    assert Attendance.objects.get(enrolment=late).present is False
    # A list posted as it was shown changes nothing, and says so.
    again = _attendance_as_opened(c.get(url("session_detail", tw.s1.pk)).content.decode())
    r = c.post(url("attendance_save", tw.s1.pk), again, follow=True)
    assert [m.message for m in r.context["messages"]] == [
        "Nothing to save: the attendance list is as it was."
    ]


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_attendance_waits_for_marks_saved_in_the_same_moment_and_keeps_them(tw, client_for):
    c = client_for(tw["expert_a"])
    opened = _attendance_as_opened(c.get(url("session_detail", tw.s1.pk)).content.decode())
    colleague = saved_meanwhile(
        tw.s1,
        lambda: domain.record_attendance(session=tw.s1, enrolment=tw.e_manager, present=True),
    )
    r = c.post(
        url("attendance_save", tw.s1.pk), {**opened, "present": [str(tw.e_staff.pk)]}, follow=True
    )
    colleague.join(20)
    assert dict(Attendance.objects.values_list("enrolment_id", "present")) == {
        tw.e_staff.pk: True,
        tw.e_manager.pk: True,
    }
    assert [m.message for m in r.context["messages"]] == [
        "Someone else marked these participants after you opened the page; their marks were "
        f"kept: {tw.e_manager.user.display_name}.",
        "Attendance saved for 1 participant.",
    ]


def test_attendance_never_names_a_participant_of_another_programme(tw, world, client_for):
    other = domain.save_training_programme(
        training_programme=TrainingProgramme(title="Elsewhere", programme=world.programme)
    )
    stranger = domain.enrol(
        training_programme=other, user=world["member_a"], cluster=world.cluster_a
    )
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    posted = {"shown": [str(stranger.pk)], f"was-{stranger.pk}": "present"}
    r = client_for(tw["expert_a"]).post(url("attendance_save", tw.s1.pk), posted, follow=True)
    assert [m.message for m in r.context["messages"]] == [
        "Nothing to save: the attendance list is as it was."
    ]
    assert stranger.user.display_name not in r.content.decode()
    assert not Attendance.objects.filter(enrolment=stranger).exists()


def test_feedback_form_once(tw, client_for):
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    c = client_for(tw["staff_a"])
    assert (
        c.post(url("feedback_give", tw.s1.pk), {"rating": "5", "comment": "Great"}).status_code
        == 302
    )
    r = c.post(url("feedback_give", tw.s1.pk), {"rating": "2"})
    assert r.status_code == 400
    assert "You have already given feedback on this session." in r.content.decode()
    assert list(Feedback.objects.values_list("rating", flat=True)) == [5]
    r = c.post(url("feedback_give", tw.s1.pk), {"rating": "9"})
    assert r.status_code == 400
    assert client_for(tw["coordinator"]).get(url("feedback_give", tw.s1.pk)).status_code == 403


def test_my_sessions_page(tw, client_for):
    html = client_for(tw["expert_a"]).get(url("my_sessions")).content.decode()
    assert html.count("Strategy day") == 1
    assert "Funding mix" in html
    html = client_for(tw["manager_a"]).get(url("my_sessions")).content.decode()
    assert "You do not train any session." in html


def test_enrol_form_and_double_enrolment(tw, client_for):
    c = client_for(tw["coordinator"])
    r = c.post(url("enrol", tw.tp.pk), {"user": tw["coordinator"].pk})
    assert r.status_code == 302
    assert Enrolment.objects.get(user=tw["coordinator"]).cluster is None
    domain.withdraw(enrolment=tw.e_staff)
    # Staff of exactly one of the programme's clusters: that cluster is taken.
    assert c.post(url("enrol", tw.tp.pk), {"user": tw["staff_a"].pk}).status_code == 302
    tw.e_staff = Enrolment.objects.get(user=tw["staff_a"])
    assert tw.e_staff.cluster == tw.world.cluster_a
    # Already enrolled users are not offered; a forged POST is refused on the field.
    r = c.post(url("enrol", tw.tp.pk), {"user": tw["staff_a"].pk, "cluster": tw.world.cluster_a.pk})
    assert r.status_code == 400
    assert Enrolment.objects.filter(user=tw["staff_a"]).count() == 1
    assert client_for(tw["manager_a"]).get(url("enrol", tw.tp.pk)).status_code == 403


def test_self_assessment_form(tw, client_for):
    c = client_for(tw["staff_a"])
    page = url("self_assessment", tw.e_staff.pk, "before")
    r = c.get(page)
    assert r.status_code == 200
    assert "Strategy development" in r.content.decode()
    r = c.post(page, {"strategy": "7", "financing": "2"})
    assert r.status_code == 400
    assert CompetenceRating.objects.count() == 0
    assert c.post(page, {"strategy": "3", "financing": "2"}).status_code == 302
    assert CompetenceRating.objects.count() == 2
    assert c.get(url("self_assessment", tw.e_staff.pk, "during")).status_code == 404
    assert c.get(url("self_assessment", tw.e_manager.pk, "before")).status_code == 404
    assert client_for(tw["manager_a"]).get(page).status_code == 403


def test_enrolment_page_and_certificate_flow(tw, client_for):
    c = client_for(tw["coordinator"])
    r = c.post(url("certificate_issue", tw.e_staff.pk), follow=True)
    assert "has not completed the programme" in r.content.decode()
    assert Certificate.objects.count() == 0
    complete(tw, tw.e_staff)
    r = c.post(url("certificate_issue", tw.e_staff.pk), follow=True)
    assert "Certificate issued." in r.content.decode()
    cert = Certificate.objects.get()
    assert cert.display_code in r.content.decode()
    pdf = client_for(tw["staff_a"]).get(url("certificate_pdf", cert.pk))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        client_for(tw["staff_a"]).post(url("certificate_issue", tw.e_staff.pk)).status_code == 403
    )
    assert client_for(tw["expert_a"]).get(url("certificate_pdf", cert.pk)).status_code == 404
    assert client_for(tw["outsider"]).get(url("enrolment_detail", tw.e_staff.pk)).status_code == 404


def test_cluster_manager_follows_their_coordinators(tw, client_for):
    r = client_for(tw["manager_a"]).get(url("cluster_progress", tw.world.cluster_a.pk))
    html = r.content.decode()
    assert tw["staff_a"].display_name in html
    assert (
        client_for(tw["manager_a"]).get(url("enrolment_detail", tw.e_staff.pk)).status_code == 200
    )
    assert (
        client_for(tw["staff_a"]).get(url("cluster_progress", tw.world.cluster_a.pk)).status_code
        == 403
    )
    assert (
        client_for(tw["manager_b"]).get(url("cluster_progress", tw.world.cluster_a.pk)).status_code
        == 403
    )


@pytest.mark.parametrize("page", ["cluster_progress", "cluster_suggestions"])
def test_cluster_pages_answer_as_the_platform_does(tw, client_for, page):
    """Signed out: the sign-in page; a cluster the user cannot see: 404; a cluster they see
    without the right to this page: 403; with it: 200."""
    a = tw.world.cluster_a.pk
    signed_out = Client().get(url(page, a))
    assert signed_out.status_code == 302
    assert signed_out["Location"] == f"/accounts/login/?next={url(page, a)}"
    assert client_for(tw["manager_a"]).get(url(page, 999999)).status_code == 404
    assert client_for(tw["member_a"]).get(url(page, a)).status_code == 403
    assert client_for(tw["outsider"]).get(url(page, a)).status_code == 403
    assert client_for(tw["manager_a"]).get(url(page, a)).status_code == 200


def test_verification_page_is_public(tw):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    anonymous = Client()
    r = anonymous.get(url("certificate_verify", cert.code))
    html = r.content.decode()
    assert r.status_code == 200
    assert "This certificate is valid." in html
    assert tw["staff_a"].display_name in html
    assert "Cluster management excellence" in html
    assert date_format(cert.issued_on, "SHORT_DATE_FORMAT") in html
    # The printed form, with dashes and in lower case, verifies too.
    assert anonymous.get(url("certificate_verify", cert.display_code.lower())).status_code == 200


def test_unknown_or_revoked_code_says_not_valid_with_404(tw):
    r = Client().get(url("certificate_verify", "NOT-A-REAL-CODE"))
    assert r.status_code == 404
    assert "Not valid" in r.content.decode()
    r = Client().get(url("certificate_verify", "x" * 500))
    assert r.status_code == 404
    assert Client().get("/training/certificates/verify/%00%01/").status_code == 404
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    domain.revoke_certificate(certificate=cert)
    r = Client().get(url("certificate_verify", cert.code))
    assert r.status_code == 404
    assert tw["staff_a"].display_name not in r.content.decode()


def test_lookup_form_redirects_to_the_code(tw):
    r = Client().get(url("certificate_lookup"), {"code": "abcd-efgh-jkmn-pqrs-tuvw"})
    assert r.status_code == 302
    assert r["Location"] == url("certificate_verify", "ABCDEFGHJKMNPQRSTUVW")
    r = Client().get(url("certificate_lookup"), {"code": "no such"})
    assert r["Location"] == url("certificate_verify", "nosuch")
    assert Client().get(r["Location"]).status_code == 404
    assert Client().get(url("certificate_lookup")).status_code == 200


def test_withdraw_and_programme_delete_refusal(tw, client_for):
    complete(tw, tw.e_staff)
    domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    c = client_for(tw["coordinator"])
    assert c.post(url("enrolment_withdraw", tw.e_manager.pk)).status_code == 302
    r = c.post(url("programme_delete", tw.tp.pk))
    assert r.status_code == 409
    assert "cannot be deleted" in r.content.decode()
    assert (
        client_for(tw["staff_a"]).post(url("enrolment_withdraw", tw.e_staff.pk)).status_code == 403
    )


def test_material_upload_download_and_delete_pages(tw, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    trainer = client_for(tw["expert_a"])
    upload = SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes", "application/pdf")
    r = trainer.post(url("material_add", tw.s1.pk), {"title": "Notes", "file": upload, "url": ""})
    assert r.status_code == 302
    material = tw.s1.materials.get()
    bad = SimpleUploadedFile("notes.html", b"<script>", "text/html")
    r = trainer.post(url("material_add", tw.s1.pk), {"title": "Bad", "file": bad, "url": ""})
    assert r.status_code == 400
    assert "Files of type .html are not accepted" in r.content.decode()
    staff = client_for(tw["staff_a"])
    download = staff.get(url("material_download", material.pk))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 notes"
    assert 'filename="notes.pdf"' in download["Content-Disposition"]
    assert staff.get(url("material_add", tw.s1.pk)).status_code == 403
    assert staff.post(url("material_delete", material.pk)).status_code == 403
    assert client_for(tw["outsider"]).get(url("material_download", material.pk)).status_code == 404
    material.file.storage.delete(material.file.name)
    assert staff.get(url("material_download", material.pk)).status_code == 404  # file lost
    assert client_for(tw["expert_a"]).post(url("material_delete", material.pk)).status_code == 302
    assert tw.s1.materials.count() == 0


def test_programme_and_session_edit_pages(tw, client_for):
    c = client_for(tw["coordinator"])
    r = c.post(url("programme_edit", tw.tp.pk), {"title": "Renamed", "description": ""})
    assert r.status_code == 302
    tw.tp.refresh_from_db()
    assert tw.tp.title == "Renamed"
    assert tw.tp.programme_id == tw.world.programme.pk
    assert client_for(tw["manager_a"]).get(url("programme_edit", tw.tp.pk)).status_code == 403
    assert client_for(tw["expert_a"]).get(url("session_edit", tw.s1.pk)).status_code == 403
    assert client_for(tw["outsider"]).get(url("module_edit", tw.strategy.pk)).status_code == 404
    assert client_for(tw["coordinator"]).get(url("session_edit", tw.s1.pk)).status_code == 200
