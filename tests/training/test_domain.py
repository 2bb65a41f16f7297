"""Rules of the training domain: owners, trainers, enrolment, attendance, self-assessment,
feedback and certificates, each with the message a user sees."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterhub.training import domain
from clusterhub.training.models import CODE_ALPHABET
from clusterhub.training.models import CODE_LENGTH
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import Material
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.models import format_code
from clusterhub.training.models import normalise_code
from clusterhub.training.queries import completion_of
from clusterhub.training.queries import required_sessions
from tests.factories import UserFactory
from tests.training.conftest import RIGA
from tests.training.conftest import complete
from tests.training.conftest import make_session

pytestmark = pytest.mark.django_db


def test_programme_needs_exactly_one_owner(tw):
    with pytest.raises(ValidationError) as exc:
        domain.save_training_programme(training_programme=TrainingProgramme(title="No owner"))
    assert exc.value.message_dict == {
        "programme": ["Give either a programme or a cluster as the owner, not both."]
    }
    with pytest.raises(ValidationError):
        domain.save_training_programme(
            training_programme=TrainingProgramme(
                title="Both", programme=tw.world.programme, cluster=tw.world.cluster_a
            )
        )
    assert TrainingProgramme.objects.count() == 1


def test_session_trainer_must_be_an_expert(tw):
    with pytest.raises(ValidationError) as exc:
        make_session(tw.strategy, "By a manager", 20, trainer=tw["manager_a"])
    assert "trainer" in exc.value.message_dict
    assert "is not an expert" in exc.value.message_dict["trainer"][0]


def test_session_needs_place_or_link_and_end_after_start(tw):
    starts = dt.datetime(2016, 5, 1, 10, tzinfo=RIGA)
    session = Session(
        module=tw.strategy, title="Bad", starts_at=starts, ends_at=starts, trainer=tw["expert_a"]
    )
    with pytest.raises(ValidationError) as exc:
        domain.save_session(session=session)
    assert exc.value.message_dict == {
        "ends_at": ["The session must end after it starts."],
        "place": ["Give a place, an online link, or both."],
    }


def test_double_enrolment_is_refused_and_keeps_the_first(tw):
    with pytest.raises(ValidationError) as exc:
        domain.enrol(training_programme=tw.tp, user=tw["manager_a"], cluster=tw.world.cluster_a)
    assert exc.value.message_dict["user"] == [
        f"{tw['manager_a'].display_name} is already enrolled in this programme."
    ]
    assert Enrolment.objects.filter(user=tw["manager_a"]).count() == 1


def test_enrolment_cluster_must_take_part_and_the_user_hold_a_role_there(tw):
    with pytest.raises(ValidationError) as exc:
        domain.enrol(training_programme=tw.tp, user=tw["manager_b"], cluster=tw.world.cluster_b)
    assert exc.value.message_dict["cluster"] == [
        "Cluster B (CLB) does not take part in this programme."
    ]
    with pytest.raises(ValidationError) as exc:
        domain.enrol(training_programme=tw.tp, user=tw["outsider"], cluster=tw.world.cluster_a)
    assert "holds no role in Cluster A (CLA)" in exc.value.message_dict["cluster"][0]


def test_attendance_for_a_person_not_enrolled_is_refused(tw):
    with pytest.raises(ValidationError) as exc:
        domain.record_attendance_for_user(session=tw.s1, user=tw["outsider"], present=True)
    assert exc.value.message_dict == {
        "user": [f"{tw['outsider'].display_name} is not enrolled in the programme of this session."]
    }
    assert Attendance.objects.count() == 0


def test_attendance_of_another_programme_enrolment_is_refused(tw):
    other = domain.save_training_programme(
        training_programme=TrainingProgramme(title="Other", cluster=tw.world.cluster_b)
    )
    foreign = domain.enrol(training_programme=other, user=tw["manager_b"])
    with pytest.raises(ValidationError) as exc:
        domain.record_attendance(session=tw.s1, enrolment=foreign, present=True)
    assert "enrolment" in exc.value.message_dict


def test_attendance_recorded_again_updates_the_mark(tw):
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=False)
    assert list(Attendance.objects.values_list("present", flat=True)) == [False]


def test_attendance_list_is_all_or_nothing(tw):
    with pytest.raises(ValidationError):
        domain.record_attendance_list(session=tw.s1, present={tw.e_staff.pk: True, 999999: True})
    assert Attendance.objects.count() == 0
    assert (
        domain.record_attendance_list(
            session=tw.s1, present={tw.e_staff.pk: True, tw.e_manager.pk: False}
        )
        == 2
    )


def test_self_assessment_outside_1_to_5_refuses_everything(tw):
    with pytest.raises(ValidationError) as exc:
        domain.record_self_assessment(
            enrolment=tw.e_staff, phase="before", scores={"strategy": 3, "financing": 6}
        )
    assert exc.value.message_dict == {
        "financing": [
            "Financing of the cluster management: the score must be a whole number from 1 to 5."
        ]
    }
    assert CompetenceRating.objects.count() == 0


def test_self_assessment_unknown_competence_and_phase(tw):
    with pytest.raises(ValidationError) as exc:
        domain.record_self_assessment(enrolment=tw.e_staff, phase="during", scores={"cooking": 3})
    assert exc.value.message_dict == {
        "phase": ["during is not a phase; use before, after."],
        "scores": ["cooking is not a competence."],
    }


def test_self_assessment_saved_then_updated(tw):
    domain.record_self_assessment(enrolment=tw.e_staff, phase="before", scores={"strategy": 2})
    domain.record_self_assessment(
        enrolment=tw.e_staff, phase="before", scores={"strategy": 3, "financing": 1}
    )
    assert dict(
        CompetenceRating.objects.filter(phase="before").values_list("competence", "score")
    ) == {"strategy": 3, "financing": 1}


def test_feedback_needs_presence_and_is_given_once(tw):
    with pytest.raises(ValidationError) as exc:
        domain.give_feedback(session=tw.s1, enrolment=tw.e_staff, rating=4)
    assert exc.value.messages == ["Only participants recorded as present may rate a session."]
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    domain.give_feedback(session=tw.s1, enrolment=tw.e_staff, rating=4, comment="Good")
    with pytest.raises(ValidationError) as exc:
        domain.give_feedback(session=tw.s1, enrolment=tw.e_staff, rating=1, comment="Changed")
    assert exc.value.messages == ["You have already given feedback on this session."]
    assert list(Feedback.objects.values_list("rating", "comment")) == [(4, "Good")]


def test_feedback_rating_out_of_range(tw):
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    with pytest.raises(ValidationError) as exc:
        domain.give_feedback(session=tw.s1, enrolment=tw.e_staff, rating=0)
    assert list(exc.value.message_dict) == ["rating"]
    assert Feedback.objects.count() == 0


def test_required_sessions_are_flagged_ones_and_those_of_required_modules(tw):
    assert set(required_sessions(tw.tp)) == {tw.s1, tw.s2}


def test_certificate_refused_until_complete_naming_what_is_missing(tw):
    domain.record_attendance(session=tw.s1, enrolment=tw.e_staff, present=True)
    with pytest.raises(ValidationError) as exc:
        domain.issue_certificate(enrolment=tw.e_staff, issued_by=tw["coordinator"])
    assert exc.value.messages == [
        f"{tw['staff_a'].display_name} has not completed the programme: attended 1 of 2 "
        "required sessions; missing: Funding mix."
    ]
    assert Certificate.objects.count() == 0
    domain.record_attendance(session=tw.s2, enrolment=tw.e_staff, present=True)
    cert = domain.issue_certificate(
        enrolment=tw.e_staff, issued_by=tw["coordinator"], issued_on=dt.date(2017, 6, 20)
    )
    assert cert.holder_name == tw["staff_a"].display_name
    assert cert.programme_title == "Cluster management excellence"
    assert len(cert.code) == CODE_LENGTH
    assert set(cert.code) <= set(CODE_ALPHABET)


def test_certificate_not_issued_twice(tw):
    complete(tw, tw.e_staff)
    domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    with pytest.raises(ValidationError) as exc:
        domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    assert exc.value.messages == [
        f"{tw['staff_a'].display_name} already holds a certificate of this programme."
    ]
    assert Certificate.objects.count() == 1


def test_certificate_needs_required_sessions_to_exist(tw):
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(title="Empty", cluster=tw.world.cluster_a)
    )
    enrolment = domain.enrol(training_programme=tp, user=tw["staff_a"])
    with pytest.raises(ValidationError) as exc:
        domain.issue_certificate(enrolment=enrolment, issued_by=None)
    assert "no required sessions" in exc.value.messages[0]
    assert completion_of(enrolment).complete is False


def test_absence_does_not_count_towards_completion(tw):
    complete(tw, tw.e_staff)
    domain.record_attendance(session=tw.s2, enrolment=tw.e_staff, present=False)
    assert completion_of(tw.e_staff).attended == 1
    assert [s.title for s in completion_of(tw.e_staff).missing] == ["Funding mix"]


def test_certified_enrolment_cannot_be_withdrawn_nor_programme_deleted(tw):
    complete(tw, tw.e_staff)
    domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    with pytest.raises(ValidationError):
        domain.withdraw(enrolment=tw.e_staff)
    with pytest.raises(ValidationError) as exc:
        domain.delete_training_programme(training_programme=tw.tp)
    assert exc.value.messages == [
        "1 certificate has been issued for this programme; it cannot be deleted."
    ]
    domain.withdraw(enrolment=tw.e_manager)
    assert list(Enrolment.objects.values_list("user__username", flat=True)) == ["staff_a"]


def test_revoked_certificate_is_not_valid(tw):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    domain.revoke_certificate(certificate=cert)
    cert.refresh_from_db()
    assert cert.is_valid is False


def test_code_formatting_round_trip():
    assert format_code("ABCDEFGHJKMNPQRSTUVW") == "ABCD-EFGH-JKMN-PQRS-TUVW"
    assert normalise_code("abcd-efgh jkmn-pqrs tuvw") == "ABCDEFGHJKMNPQRSTUVW"
    # Too short, a look-alike letter, or a NUL byte: not a code, no query.
    assert normalise_code("abcd-efgh") == ""
    assert normalise_code("ABCDEFGHJKMNPQRSTUVO") == ""
    assert normalise_code("ABCDEFGHJKMNPQRSTUV\x00") == ""


def test_material_file_type_and_generated_name(tw, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bad = Material(
        session=tw.s1, title="Script", file=SimpleUploadedFile("run.exe", b"MZ", "application/x")
    )
    with pytest.raises(ValidationError) as exc:
        domain.add_material(material=bad)
    assert exc.value.message_dict["file"][0].startswith("Files of type .exe are not accepted")
    good = domain.add_material(
        material=Material(
            session=tw.s1,
            title="Slides",
            file=SimpleUploadedFile("../../etc/My slides.pdf", b"%PDF-1.4", "application/pdf"),
        )
    )
    assert good.original_name == "My slides.pdf"
    assert good.file.name.startswith("training/materials/")
    assert good.file.name.endswith(".pdf")
    assert "slides" not in good.file.name.lower()


def test_material_size_limit(tw, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr("clusterhub.training.models.MAX_MATERIAL_BYTES", 10)
    big = Material(session=tw.s1, title="Big", file=SimpleUploadedFile("a.pdf", b"x" * 11))
    with pytest.raises(ValidationError) as exc:
        domain.add_material(material=big)
    assert exc.value.message_dict["file"] == ["The file is 11 bytes; the largest accepted is 10."]


def test_material_is_a_file_or_a_link(tw):
    with pytest.raises(ValidationError):
        domain.add_material(material=Material(session=tw.s1, title="Nothing"))
    link = domain.add_material(
        material=Material(session=tw.s1, title="Reading", url="https://example.org/r")
    )
    assert link.file.name in ("", None)


def test_user_factory_users_are_not_experts(tw):
    # A sanity check of the fixture the permission tests rely on.
    assert not UserFactory().role_assignments.filter(role="expert").exists()
