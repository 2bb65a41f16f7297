"""Who may see and do what in the training area, defined once for pages, API and exports.

- manage a training programme (its modules, sessions, enrolments, certificates): admin,
  a coordinator of the owning programme, the manager of the owning cluster;
- record attendance and add materials: those, and the session's trainer;
- read a session's feedback: managers and the session's trainer;
- rate oneself and give feedback: the participant;
- follow a participant's progress: the participant, the programme's managers, the manager of
  the cluster the participant was enrolled for.
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.registry.rules import is_cluster_manager
from clusterhub.registry.rules import is_cluster_team
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import own_enrolment
from clusterhub.training.queries import training_programmes_visible_to


def _manages(user, tp) -> bool:
    if tp is None:
        return False
    r = roles_of(user)
    if tp.programme_id:
        return tp.programme_id in r.coordinated_programmes
    return r.in_cluster(tp.cluster_id, Role.CLUSTER_MANAGER)


@rules.predicate
def manages_programme(user, tp) -> bool:
    return _manages(user, tp)


@rules.predicate
def can_see_programme(user, tp) -> bool:
    return tp is not None and training_programmes_visible_to(user).filter(pk=tp.pk).exists()


@rules.predicate
def manages_programme_of_session(user, session) -> bool:
    return session is not None and _manages(user, session.module.training_programme)


@rules.predicate
def trains_session(user, session) -> bool:
    return session is not None and user.is_authenticated and session.trainer_id == user.pk


@rules.predicate
def can_see_session(user, session) -> bool:
    return session is not None and can_see_programme(user, session.module.training_programme)


@rules.predicate
def enrolled_in_session_programme(user, session) -> bool:
    return (
        session is not None and own_enrolment(user, session.module.training_programme) is not None
    )


@rules.predicate
def may_add_programme(user) -> bool:
    r = roles_of(user)
    return bool(r.coordinated_programmes or r.clusters_with(Role.CLUSTER_MANAGER))


@rules.predicate
def is_participant(user, enrolment) -> bool:
    return enrolment is not None and user.is_authenticated and enrolment.user_id == user.pk


@rules.predicate
def manages_programme_of_enrolment(user, enrolment) -> bool:
    return enrolment is not None and _manages(user, enrolment.training_programme)


@rules.predicate
def can_follow_enrolment(user, enrolment) -> bool:
    return enrolment is not None and enrolments_visible_to(user).filter(pk=enrolment.pk).exists()


@rules.predicate
def can_see_certificate(user, certificate) -> bool:
    return certificate is not None and can_follow_enrolment(user, certificate.enrolment)


@rules.predicate
def manages_programme_of_certificate(user, certificate) -> bool:
    return certificate is not None and _manages(user, certificate.enrolment.training_programme)


@rules.predicate
def manages_programme_of_material(user, material) -> bool:
    return material is not None and (
        _manages(user, material.session.module.training_programme)
        or material.session.trainer_id == user.pk
    )


admin = is_platform_admin

rules.add_perm("training.add_programme", admin | may_add_programme)
rules.add_perm("training.view_programme", admin | can_see_programme)
rules.add_perm("training.change_programme", admin | manages_programme)
rules.add_perm("training.delete_programme", admin | manages_programme)
rules.add_perm("training.manage_enrolments", admin | manages_programme)
rules.add_perm("training.view_programme_results", admin | manages_programme)

rules.add_perm("training.view_session", admin | can_see_session)
rules.add_perm("training.change_session", admin | manages_programme_of_session)
rules.add_perm("training.record_attendance", admin | manages_programme_of_session | trains_session)
rules.add_perm("training.add_material", admin | manages_programme_of_session | trains_session)
rules.add_perm("training.delete_material", admin | manages_programme_of_material)
rules.add_perm(
    "training.view_session_feedback", admin | manages_programme_of_session | trains_session
)
rules.add_perm("training.give_feedback", enrolled_in_session_programme)

rules.add_perm("training.view_enrolment", admin | can_follow_enrolment)
rules.add_perm("training.change_enrolment", admin | manages_programme_of_enrolment)
rules.add_perm("training.assess_self", is_participant | admin | manages_programme_of_enrolment)
rules.add_perm("training.issue_certificate", admin | manages_programme_of_enrolment)

rules.add_perm("training.view_certificate", admin | can_see_certificate)
rules.add_perm("training.revoke_certificate", admin | manages_programme_of_certificate)

rules.add_perm("training.view_suggestions", admin | is_cluster_team)
rules.add_perm("training.view_cluster_progress", admin | is_cluster_manager)
