"""Enrolments, attendance, self-assessments with gains, and session feedback."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.accounts import audit
from clusterhub.accounts.models import User
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_errors import NO_CONTENT
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import path_id
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.pagination import PageNumber
from clusterhub.registry.models import Cluster
from clusterhub.training import domain
from clusterhub.training import reports
from clusterhub.training.api.base import PhaseName
from clusterhub.training.api.base import active_user_by_id
from clusterhub.training.api.base import enrolment_out
from clusterhub.training.api.base import visible_enrolment
from clusterhub.training.api.base import visible_programme
from clusterhub.training.api.base import visible_session
from clusterhub.training.models import Enrolment
from clusterhub.training.queries import cohort_gain
from clusterhub.training.queries import enrolments_visible_to
from clusterhub.training.queries import gain_rows
from clusterhub.training.queries import own_enrolment
from clusterhub.training.queries import person_gain
from clusterhub.training.queries import scores_of
from clusterhub.training.queries import with_progress
from clusterhub.training.schemas import AttendanceIn
from clusterhub.training.schemas import AttendanceOut
from clusterhub.training.schemas import EnrolmentCreate
from clusterhub.training.schemas import EnrolmentOut
from clusterhub.training.schemas import FeedbackIn
from clusterhub.training.schemas import FeedbackOut
from clusterhub.training.schemas import GainOut
from clusterhub.training.schemas import SelfAssessmentIn
from clusterhub.training.schemas import SelfAssessmentOut

router = Router(tags=["training"])

# --- enrolments ----------------------------------------------------------------------------


@router.get("/training/programmes/{pk}/enrolments", response=list[EnrolmentOut])
@paginate(PageNumber)
def list_enrolments(request, pk: int = path_id("training programme id")):
    """Participants whose progress the user may follow (all for managers; a cluster manager's
    own cluster's people; a participant themself)."""
    tp = visible_programme(request.user, pk)
    qs = with_progress(enrolments_visible_to(request.user).filter(training_programme=tp))
    return [enrolment_out(e) for e in qs]


@router.get("/training/my-enrolments", response=list[EnrolmentOut])
@paginate(PageNumber)
def my_enrolments(request):
    return [enrolment_out(e) for e in with_progress(Enrolment.objects.filter(user=request.user))]


@router.post("/training/programmes/{pk}/enrolments", response={201: EnrolmentOut, **ERRORS})
def create_enrolment(request, payload: EnrolmentCreate, pk: int = path_id("training programme id")):
    """Enrol a user. Permission: training.manage_enrolments. Enrolling twice is refused."""
    tp = visible_programme(request.user, pk, "training.manage_enrolments")
    user = active_user_by_id(payload.user_id, field="user_id")
    cluster = chosen(
        Cluster.objects.all(),
        payload.cluster_id,
        field="cluster_id",
        message=_("There is no cluster with this id."),
    )
    try:
        enrolment = domain.enrol(training_programme=tp, user=user, cluster=cluster)
    except ValidationError as exc:
        # The model names its fields user/cluster; the client sent user_id/cluster_id.
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {
                    (f"{k}_id" if k in ("user", "cluster") else k): v
                    for k, v in exc.message_dict.items()
                }
            ) from exc
        raise
    return Status(
        201, enrolment_out(with_progress(Enrolment.objects.filter(pk=enrolment.pk)).get())
    )


@router.get("/training/enrolments/{pk}", response={200: EnrolmentOut, **ERRORS})
def get_enrolment(request, pk: int = path_id("enrolment id")):
    visible_enrolment(request.user, pk)
    return enrolment_out(with_progress(Enrolment.objects.filter(pk=pk)).get())


@router.delete("/training/enrolments/{pk}", response=NO_CONTENT)
def delete_enrolment(request, pk: int = path_id("enrolment id")):
    """Withdraw a participant. Permission: training.change_enrolment; refused once certified."""
    enrolment = visible_enrolment(request.user, pk, "training.change_enrolment")
    domain.withdraw(enrolment=enrolment)
    return Status(204, None)


# --- attendance ----------------------------------------------------------------------------


@router.get("/training/sessions/{pk}/attendance", response={200: list[AttendanceOut], **ERRORS})
def get_attendance(request, pk: int = path_id("session id")):
    """Every participant with their mark (null: not recorded). Permission:
    training.record_attendance (managers and the session's trainer)."""
    session = visible_session(request.user, pk, "training.record_attendance")
    marks = dict(session.attendances.values_list("enrolment_id", "present"))
    return [
        {
            "enrolment_id": e.pk,
            "user_id": e.user_id,
            "user_name": e.user.display_name,
            "present": marks.get(e.pk),
        }
        for e in session.module.training_programme.enrolments.select_related("user")
    ]


@router.post("/training/sessions/{pk}/attendance", response={200: AttendanceOut, **ERRORS})
def record_attendance(request, payload: AttendanceIn, pk: int = path_id("session id")):
    """Mark a participant present or absent. A user who is not enrolled is refused (422)."""
    session = visible_session(request.user, pk, "training.record_attendance")
    user = chosen(
        User.objects.all(),
        payload.user_id,
        field="user_id",
        message=_("There is no user with this id."),
    )
    try:
        mark = domain.record_attendance_for_user(
            session=session, user=user, present=payload.present
        )
    except ValidationError as exc:
        raise ValidationError({"user_id": exc.messages}) from exc
    return {
        "enrolment_id": mark.enrolment_id,
        "user_id": user.pk,
        "user_name": user.display_name,
        "present": mark.present,
    }


@router.get("/training/sessions/{pk}/attendance-sheet", response={200: None, **ERRORS})
def attendance_sheet(request, pk: int = path_id("session id")):
    """The attendance sheet as PDF, to print and sign. Permission: training.record_attendance."""
    session = visible_session(request.user, pk, "training.record_attendance")
    audit.exported("attendance-sheet.pdf", target=session)
    pdf = reports.attendance_sheet_pdf(session)
    return download(pdf, f"attendance-session-{session.pk}.pdf", PDF)


# --- self-assessments and gains ------------------------------------------------------------


@router.get(
    "/training/enrolments/{pk}/self-assessments/{phase}",
    response={200: SelfAssessmentOut, **ERRORS},
)
def get_self_assessment(request, phase: PhaseName, pk: int = path_id("enrolment id")):
    enrolment = visible_enrolment(request.user, pk)
    return {"enrolment_id": enrolment.pk, "phase": phase, "scores": scores_of(enrolment, phase)}


@router.put(
    "/training/enrolments/{pk}/self-assessments/{phase}",
    response={200: SelfAssessmentOut, **ERRORS},
)
def put_self_assessment(
    request, payload: SelfAssessmentIn, phase: PhaseName, pk: int = path_id("enrolment id")
):
    """Rate competences 1 to 5 (before or after). Permission: training.assess_self (the
    participant; managers may enter a paper form). Any score outside 1-5 refuses them all."""
    enrolment = visible_enrolment(request.user, pk, "training.assess_self")
    domain.record_self_assessment(enrolment=enrolment, phase=phase, scores=payload.scores)
    return {"enrolment_id": enrolment.pk, "phase": phase, "scores": scores_of(enrolment, phase)}


@router.get("/training/enrolments/{pk}/gains", response={200: list[GainOut], **ERRORS})
def enrolment_gains(request, pk: int = path_id("enrolment id")):
    """Before, after and gain per competence of one participant."""
    return gain_rows(person_gain(visible_enrolment(request.user, pk)))


@router.get("/training/programmes/{pk}/gains", response={200: list[GainOut], **ERRORS})
def programme_gains(request, pk: int = path_id("training programme id")):
    """Mean before, after and gain per competence over the participants the user may follow
    (the whole cohort for the programme's managers)."""
    tp = visible_programme(request.user, pk)
    enrolments = enrolments_visible_to(request.user).filter(training_programme=tp)
    return gain_rows(cohort_gain(tp, enrolments))


# --- feedback ------------------------------------------------------------------------------


@router.get("/training/sessions/{pk}/feedback", response=list[FeedbackOut])
@paginate(PageNumber)
def list_feedback(request, pk: int = path_id("session id")):
    """Feedback without names. Permission: training.view_session_feedback."""
    session = visible_session(request.user, pk, "training.view_session_feedback")
    return session.feedback.all()


@router.post("/training/sessions/{pk}/feedback", response={201: FeedbackOut, **ERRORS})
def give_feedback(request, payload: FeedbackIn, pk: int = path_id("session id")):
    """Rate a session attended (1-5, with a comment), once. Permission: training.give_feedback."""
    session = visible_session(request.user, pk, "training.give_feedback")
    enrolment = own_enrolment(request.user, session.module.training_programme)
    if enrolment is None:  # only participants give feedback
        raise PermissionDenied
    return Status(
        201,
        domain.give_feedback(
            session=session, enrolment=enrolment, rating=payload.rating, comment=payload.comment
        ),
    )
