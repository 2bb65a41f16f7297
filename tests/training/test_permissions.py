"""Who sees and does what in the training area: each role on the allowed and the denied side."""

import pytest

from clusterhub.training import domain
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import certificates_visible_to
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import training_programmes_visible_to
from tests.training.conftest import complete

pytestmark = pytest.mark.django_db


def _names(qs):
    return sorted(e.user.username for e in qs)


def test_programme_visibility_by_role(tw):
    for name in ("admin", "coordinator", "manager_a", "staff_a", "expert_a"):
        assert list(training_programmes_visible_to(tw[name])) == [tw.tp], name
    for name in ("member_a", "observer_a", "manager_b", "outsider"):
        assert list(training_programmes_visible_to(tw[name])) == [], name


def test_cluster_owned_programme_is_managed_by_its_manager_only(tw):
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(title="B's own", cluster=tw.world.cluster_b)
    )
    assert tw["manager_b"].has_perm("training.change_programme", tp)
    assert not tw["coordinator"].has_perm("training.change_programme", tp)
    assert not tw["manager_a"].has_perm("training.view_programme", tp)


def test_who_manages_the_programme(tw):
    allowed = {"admin", "coordinator"}
    for name in tw.world.users:
        assert tw[name].has_perm("training.change_programme", tw.tp) is (name in allowed), name
        assert tw[name].has_perm("training.manage_enrolments", tw.tp) is (name in allowed), name


def test_who_may_add_a_programme(tw):
    allowed = {"admin", "coordinator", "manager_a", "manager_b"}
    for name in tw.world.users:
        assert tw[name].has_perm("training.add_programme") is (name in allowed), name


def test_trainer_records_attendance_of_own_sessions_only(tw):
    other_expert_session = tw.s1
    assert tw["expert_a"].has_perm("training.record_attendance", other_expert_session)
    assert tw["expert_a"].has_perm("training.view_session_feedback", tw.s1)
    assert not tw["expert_a"].has_perm("training.change_session", tw.s1)
    for name in ("manager_a", "staff_a", "member_a", "outsider"):
        assert not tw[name].has_perm("training.record_attendance", tw.s1), name
        assert not tw[name].has_perm("training.view_session_feedback", tw.s1), name


def test_enrolment_progress_visibility(tw):
    # The participant sees their own; the cluster's manager sees their cluster's people;
    # the programme's managers see all; staff, experts, others see nothing but their own.
    assert _names(enrolments_visible_to(tw["staff_a"])) == ["staff_a"]
    assert _names(enrolments_visible_to(tw["manager_a"])) == ["manager_a", "staff_a"]
    assert _names(enrolments_visible_to(tw["coordinator"])) == ["manager_a", "staff_a"]
    assert _names(enrolments_visible_to(tw["admin"])) == ["manager_a", "staff_a"]
    for name in ("expert_a", "member_a", "manager_b", "outsider"):
        assert _names(enrolments_visible_to(tw[name])) == [], name


def test_self_assessment_rights(tw):
    assert tw["staff_a"].has_perm("training.assess_self", tw.e_staff)
    assert tw["coordinator"].has_perm("training.assess_self", tw.e_staff)
    assert not tw["manager_a"].has_perm("training.assess_self", tw.e_staff)
    assert not tw["staff_a"].has_perm("training.assess_self", tw.e_manager)


def test_certificate_visibility_and_issuing(tw):
    complete(tw, tw.e_staff)
    cert = domain.issue_certificate(enrolment=tw.e_staff, issued_by=None)
    for name in ("admin", "coordinator", "manager_a", "staff_a"):
        assert list(certificates_visible_to(tw[name])) == [cert], name
    for name in ("expert_a", "member_a", "manager_b", "outsider"):
        assert list(certificates_visible_to(tw[name])) == [], name
    assert tw["coordinator"].has_perm("training.issue_certificate", tw.e_manager)
    assert not tw["manager_a"].has_perm("training.issue_certificate", tw.e_manager)
    assert not tw["staff_a"].has_perm("training.revoke_certificate", cert)


def test_feedback_only_by_participants(tw):
    assert tw["staff_a"].has_perm("training.give_feedback", tw.s1)
    for name in ("coordinator", "expert_a", "member_a", "outsider"):
        assert not tw[name].has_perm("training.give_feedback", tw.s1), name


def test_suggestions_and_cluster_progress_rights(tw):
    a = tw.world.cluster_a
    for name in ("admin", "coordinator", "manager_a", "staff_a"):
        assert tw[name].has_perm("training.view_suggestions", a), name
    for name in ("member_a", "expert_a", "manager_b", "outsider"):
        assert not tw[name].has_perm("training.view_suggestions", a), name
    assert tw["manager_a"].has_perm("training.view_cluster_progress", a)
    assert not tw["staff_a"].has_perm("training.view_cluster_progress", a)
    assert not tw["manager_b"].has_perm("training.view_cluster_progress", a)
