"""Training permission matrix: programmes, sessions, enrolments, certificates, exports, API.

Expectations follow training/rules.py and training/queries.py, for a training programme owned
by cluster A's programme (so managed by its coordinator and admins), sessions trained by
expert_a, and manager_a and staff_a enrolled for cluster A:
- the programme is seen by the team of cluster A, its trainer and its participants;
- attendance, materials and session feedback: managers and the session's trainer;
- a participant's progress: the participant, the programme's managers, and the manager of the
  cluster the participant was enrolled for; anyone else gets 404;
- certificates are verified publicly by code.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterhub.training import domain
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import TrainingProgramme
from tests.security.matrix import NOBODY
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests
from tests.training.conftest import complete
from tests.training.conftest import make_session

TEAM_B = frozenset({"admin", "manager_b"})
MANAGERS = frozenset({"admin", "coordinator"})
SEES_TP = TEAM_A | {"expert_a"}  # team of A (with the coordinator), the trainer, participants
NOT_TP = SIGNED_IN - SEES_TP
TRAINERS = MANAGERS | {"expert_a"}
PARTICIPANTS = frozenset({"manager_a", "staff_a"})
# Who follows staff A's enrolment: staff A, the managers, and the manager of cluster A.
FOLLOWS_STAFF = MANAGERS | {"staff_a", "manager_a"}
NOT_STAFF = SIGNED_IN - FOLLOWS_STAFF
# Manager A's own enrolment: manager A (also the cluster's manager) and the managers.
FOLLOWS_MANAGER = MANAGERS | {"manager_a"}
NOT_MANAGER = SIGNED_IN - FOLLOWS_MANAGER
MAY_ADD = frozenset({"admin", "coordinator", "manager_a", "manager_b"})

SECRETS = ("feedback-secret-a", "tp-b-secret")


@pytest.fixture(scope="module")
def objects(world):
    tp = domain.save_training_programme(
        training_programme=TrainingProgramme(
            title="Cluster management excellence", programme=world.programme
        )
    )
    strategy = domain.save_module(
        module=Module(training_programme=tp, title="Strategy", competence="strategy", required=True)
    )
    financing = domain.save_module(
        module=Module(training_programme=tp, title="Financing", competence="financing", order=2)
    )
    expert = world["expert_a"]
    s1 = make_session(strategy, "Strategy day", 10, trainer=expert)
    s2 = make_session(financing, "Funding mix", 11, trainer=expert, required=True)
    e_manager = domain.enrol(
        training_programme=tp, user=world["manager_a"], cluster=world.cluster_a
    )
    e_staff = domain.enrol(training_programme=tp, user=world["staff_a"], cluster=world.cluster_a)

    class _Training:  # what tests.training.conftest.complete() reads
        pass

    both = _Training()
    both.s1, both.s2 = s1, s2
    complete(both, e_staff)
    complete(both, e_manager)
    certificate = domain.issue_certificate(enrolment=e_staff, issued_by=world["admin"])
    domain.give_feedback(session=s1, enrolment=e_staff, rating=4, comment="feedback-secret-a")
    domain.record_self_assessment(enrolment=e_staff, phase="before", scores={"strategy": 2})
    material = domain.add_material(
        material=Material(
            session=s1,
            title="Handout",
            file=SimpleUploadedFile("handout.pdf", b"%PDF-1.4 handout"),
            original_name="handout.pdf",
        )
    )
    tp_b = domain.save_training_programme(
        training_programme=TrainingProgramme(
            title="B's own", description="tp-b-secret", cluster=world.cluster_b
        )
    )
    return {
        "tp": tp,
        "tp_b": tp_b,
        "strategy": strategy,
        "s1": s1,
        "s2": s2,
        "e_staff": e_staff,
        "e_manager": e_manager,
        "certificate": certificate,
        "code": certificate.code,
        "material": material,
        "cluster_a": world.cluster_a,
        "programme": world.programme,
        "expert_a": expert,
        "outsider": world["outsider"],
        "staff_a": world["staff_a"],
    }


def _starts(day: int) -> str:
    return dt.datetime(2016, 6, day, 10, tzinfo=dt.UTC).isoformat()


PAGES = [
    Page("training:index", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("training:my_sessions", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("training:programme_create", allowed=MAY_ADD),
    Page("training:programme_detail", ("tp",), SEES_TP, hidden=NOT_TP, sees_secrets=NOBODY),
    Page("training:programme_detail", ("tp_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Page("training:programme_edit", ("tp",), MANAGERS, hidden=NOT_TP),
    Page("training:programme_edit", ("tp_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    # Asked (GET): the programme has enrolments and certificates, so the page may refuse (409).
    Page("training:programme_delete", ("tp",), MANAGERS, hidden=NOT_TP, ok=(200, 409)),
    Page("training:module_create", ("tp",), MANAGERS, hidden=NOT_TP),
    Page("training:enrol", ("tp",), MANAGERS, hidden=NOT_TP),
    Page(
        "training:enrol",
        ("tp",),
        MANAGERS,
        hidden=NOT_TP,
        method="post",
        data=lambda o: {"user": o["outsider"].pk, "cluster": o["cluster_a"].pk},
    ),
    Page("training:module_edit", ("strategy",), MANAGERS, hidden=NOT_TP),
    Page("training:session_create", ("strategy",), MANAGERS, hidden=NOT_TP),
    Page("training:session_detail", ("s1",), SEES_TP, hidden=NOT_TP, sees_secrets=TRAINERS),
    Page("training:session_edit", ("s1",), MANAGERS, hidden=NOT_TP),
    Page(
        "training:attendance_save",
        ("s1",),
        TRAINERS,
        hidden=NOT_TP,
        method="post",
        data=lambda o: {"present": [o["e_staff"].pk]},
        ok=(302,),
    ),
    Page("training:material_add", ("s1",), TRAINERS, hidden=NOT_TP),
    Page("training:feedback_give", ("s2",), PARTICIPANTS, hidden=NOT_TP),
    Page("training:material_download", ("material",), SEES_TP, hidden=NOT_TP),
    Page("training:material_delete", ("material",), TRAINERS, hidden=NOT_TP),
    Page(
        "training:material_delete",
        ("material",),
        TRAINERS,
        hidden=NOT_TP,
        method="post",
        ok=(302,),
    ),
    Page("training:enrolment_detail", ("e_staff",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Page(
        "training:enrolment_withdraw",
        ("e_staff",),
        MANAGERS,
        hidden=NOT_STAFF,
        method="post",
    ),
    Page(
        "training:self_assessment",
        ("e_staff", "before"),
        MANAGERS | {"staff_a"},
        hidden=NOT_STAFF,
    ),
    Page(
        "training:certificate_issue",
        ("e_manager",),
        MANAGERS,
        hidden=NOT_MANAGER,
        method="post",
        ok=(302,),
    ),
    Page("training:certificate_pdf", ("certificate",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Page(
        "training:certificate_revoke",
        ("certificate",),
        MANAGERS,
        hidden=NOT_STAFF,
        method="post",
        ok=(302,),
    ),
    # Public: anyone holding a code sees whether it is valid; a wrong code is 404 for all.
    Page("training:certificate_lookup", allowed=PUBLIC, sees_secrets=NOBODY),
    Page("training:certificate_verify", ("code",), PUBLIC, sees_secrets=NOBODY),
    Page(
        "training:certificate_verify",
        ("NOTACODE1234",),
        NOBODY,
        hidden=SIGNED_IN,
        exact={"anonymous": 404},
    ),
    # Everyone signed in sees the cluster (the directory): not its manager (or its team, for
    # suggestions) is 403, as everywhere on the platform.
    Page("training:cluster_progress", ("cluster_a",), frozenset({"admin", "manager_a"})),
    Page("training:cluster_suggestions", ("cluster_a",), TEAM_A),
]

_t = "clusterhub_training_api_"
_p, _e, _c = _t + "programmes_", _t + "participants_", _t + "certificates_"

OPERATIONS = [
    Operation(_p + "list_programmes", allowed=SIGNED_IN, sees_secrets=TEAM_B),
    Operation(
        _p + "create_programme",
        allowed=MANAGERS,
        body=lambda o: {"title": "Next", "programme_id": o["programme"].pk},
    ),
    Operation(_p + "get_programme", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(_p + "get_programme", ("tp_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Operation(
        _p + "update_programme",
        ("tp",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"description": "Updated"},
    ),
    Operation(
        _p + "update_programme",
        ("tp_b",),
        TEAM_B,
        hidden=SIGNED_IN - TEAM_B,
        body=lambda o: {"description": "Updated"},
    ),
    Operation(_p + "delete_programme", ("tp_b",), TEAM_B, hidden=SIGNED_IN - TEAM_B),
    Operation(_p + "list_modules", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(
        _p + "create_module",
        ("tp",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"title": "Services", "competence": "service_development"},
    ),
    Operation(
        _p + "update_module",
        ("strategy",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"description": "Updated"},
    ),
    # The strategy module has sessions with attendance: refused (422) to those who may try.
    Operation(_p + "delete_module", ("strategy",), MANAGERS, hidden=NOT_TP, ok=(204, 422)),
    Operation(_p + "list_sessions", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(_p + "my_sessions", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Operation(
        _p + "create_session",
        ("strategy",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {
            "title": "Follow-up",
            "starts_at": _starts(1),
            "ends_at": _starts(2),
            "trainer_id": o["expert_a"].pk,
            "place": "Riga",
        },
    ),
    Operation(_p + "get_session", ("s1",), SEES_TP, hidden=NOT_TP),
    Operation(
        _p + "update_session",
        ("s1",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"place": "Tartu"},
    ),
    Operation(_p + "delete_session", ("s1",), MANAGERS, hidden=NOT_TP, ok=(204, 422)),
    Operation(_p + "list_materials", ("s1",), SEES_TP, hidden=NOT_TP),
    Operation(
        _p + "add_material_link",
        ("s1",),
        TRAINERS,
        hidden=NOT_TP,
        body=lambda o: {"title": "Slides", "url": "https://example.org/slides"},
    ),
    Operation(
        _p + "upload_material",
        ("s1",),
        TRAINERS,
        hidden=NOT_TP,
        form=lambda o: {
            "title": "Notes",
            "file": SimpleUploadedFile("notes.pdf", b"%PDF-1.4 notes"),
        },
    ),
    Operation(_p + "download_material", ("material",), SEES_TP, hidden=NOT_TP),
    Operation(_p + "delete_material", ("material",), TRAINERS, hidden=NOT_TP),
    Operation(_e + "list_enrolments", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(
        _e + "create_enrolment",
        ("tp",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"user_id": o["outsider"].pk},
    ),
    Operation(_e + "my_enrolments", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Operation(_e + "get_enrolment", ("e_staff",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Operation(_e + "delete_enrolment", ("e_staff",), MANAGERS, hidden=NOT_STAFF, ok=(204, 422)),
    Operation(_e + "get_attendance", ("s1",), TRAINERS, hidden=NOT_TP, sees_secrets=NOBODY),
    Operation(
        _e + "record_attendance",
        ("s1",),
        TRAINERS,
        hidden=NOT_TP,
        body=lambda o: {"user_id": o["staff_a"].pk, "present": True},
    ),
    Operation(_e + "attendance_sheet", ("s1",), TRAINERS, hidden=NOT_TP),
    Operation(
        _e + "get_self_assessment",
        ("e_staff", "before"),
        FOLLOWS_STAFF,
        hidden=NOT_STAFF,
    ),
    Operation(
        _e + "put_self_assessment",
        ("e_staff", "after"),
        MANAGERS | {"staff_a"},
        hidden=NOT_STAFF,
        body=lambda o: {"scores": {"strategy": 4}},
    ),
    Operation(_e + "enrolment_gains", ("e_staff",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Operation(_e + "programme_gains", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(_e + "list_feedback", ("s1",), TRAINERS, hidden=NOT_TP),
    Operation(
        _e + "give_feedback",
        ("s2",),
        PARTICIPANTS,
        hidden=NOT_TP,
        body=lambda o: {"rating": 5, "comment": "Useful"},
    ),
    Operation(_c + "list_certificates", ("tp",), SEES_TP, hidden=NOT_TP),
    Operation(
        _c + "issue_certificate",
        ("tp",),
        MANAGERS,
        hidden=NOT_TP,
        body=lambda o: {"enrolment_id": o["e_manager"].pk},
    ),
    # The trainer sees the programme but no participant's certificate: nothing to print (404).
    Operation(
        _c + "programme_certificates_pdf",
        ("tp",),
        SEES_TP,
        hidden=NOT_TP,
        exact={"expert_a": 404},
    ),
    Operation(_c + "get_certificate", ("certificate",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Operation(_c + "certificate_pdf", ("certificate",), FOLLOWS_STAFF, hidden=NOT_STAFF),
    Operation(_c + "revoke_certificate", ("certificate",), MANAGERS, hidden=NOT_STAFF),
    Operation(_c + "verify_certificate", ("code",), PUBLIC),
    Operation(
        _c + "verify_certificate",
        ("NOTACODE1234",),
        NOBODY,
        hidden=SIGNED_IN,
        exact={"anonymous": 404},
    ),
    Operation(_c + "export_table", ("tp", "sessions"), SEES_TP, hidden=NOT_TP),
    Operation(_c + "export_table", ("tp", "participants"), SEES_TP, hidden=NOT_TP),
    Operation(_c + "export_table", ("tp", "attendance"), MANAGERS, hidden=NOT_TP),
    Operation(_c + "export_table", ("tp", "feedback"), MANAGERS, hidden=NOT_TP),
    Operation(_c + "cluster_suggestions", ("cluster_a",), TEAM_A),
]


globals().update(
    area_tests(PAGES, OPERATIONS, SECRETS, namespaces=["training"], tags_or_prefixes=["training"])
)
