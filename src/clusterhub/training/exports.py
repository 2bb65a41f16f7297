"""Tables and printable documents of the training area, shared by the API and the pages.

Every table goes through common/spreadsheets (formula-injection safe); every PDF through
common/pdf with the programme's EU funding notice when it has one.
"""

from collections.abc import Iterable
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusterhub.common.downloads import table_download
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Feedback
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import completion_of

TABLES = ("sessions", "participants", "attendance", "self_assessments", "feedback", "certificates")
TABLE_LABELS = {
    "sessions": gettext_lazy("Sessions"),
    "participants": gettext_lazy("Participants and progress"),
    "attendance": gettext_lazy("Attendance"),
    "self_assessments": gettext_lazy("Self-assessments"),
    "feedback": gettext_lazy("Session feedback"),
    "certificates": gettext_lazy("Certificates"),
}
# Tables that only the programme's managers may export (others see their own part in pages).
MANAGER_TABLES = frozenset({"attendance", "feedback"})


def _local(value):
    """The aware datetime itself: the writers make it local (a typed cell in XLSX, ISO in CSV)."""
    return value or ""


def _sessions(tp: TrainingProgramme, enrolments):
    sessions = Session.objects.filter(module__training_programme=tp).select_related(
        "module", "trainer"
    )
    headers = [
        _("Module"),
        _("Competence"),
        _("Session"),
        _("Starts"),
        _("Ends"),
        _("Place"),
        _("Online link"),
        _("Trainer"),
        _("Required"),
    ]
    rows = [
        [
            s.module.title,
            s.module.get_competence_display(),
            s.title,
            _local(s.starts_at),
            _local(s.ends_at),
            s.place,
            s.online_url,
            s.trainer.display_name,
            _("yes") if s.is_required else _("no"),
        ]
        for s in sessions
    ]
    return headers, rows


def _participants(tp: TrainingProgramme, enrolments):
    headers = [
        _("Participant"),
        _("Username"),
        _("Cluster"),
        _("Required sessions"),
        _("Attended"),
        _("Complete"),
        _("Certificate code"),
    ]
    rows = []
    for e in enrolments.select_related("user", "cluster"):
        done = completion_of(e)
        cert = Certificate.objects.filter(enrolment=e).first()
        rows.append(
            [
                e.user.display_name,
                e.user.username,
                e.cluster.acronym if e.cluster else "",
                done.required,
                done.attended,
                _("yes") if done.complete else _("no"),
                cert.display_code if cert else "",
            ]
        )
    return headers, rows


def _attendance(tp: TrainingProgramme, enrolments):
    marks = (
        Attendance.objects.filter(session__module__training_programme=tp)
        .select_related("session", "enrolment__user")
        .order_by("session__starts_at", "enrolment__user__last_name")
    )
    headers = [_("Session"), _("Starts"), _("Participant"), _("Present")]
    rows = [
        [
            a.session.title,
            _local(a.session.starts_at),
            a.enrolment.user.display_name,
            _("yes") if a.present else _("no"),
        ]
        for a in marks
    ]
    return headers, rows


def _self_assessments(tp: TrainingProgramme, enrolments):
    ratings = (
        CompetenceRating.objects.filter(enrolment__in=enrolments)
        .select_related("enrolment__user")
        .order_by("enrolment__user__last_name", "phase", "competence")
    )
    headers = [_("Participant"), _("Phase"), _("Competence"), _("Score")]
    rows = [
        [
            r.enrolment.user.display_name,
            Phase(r.phase).label,
            Competence(r.competence).label,
            r.score,
        ]
        for r in ratings
    ]
    return headers, rows


def _feedback(tp: TrainingProgramme, enrolments):
    items = (
        Feedback.objects.filter(session__module__training_programme=tp)
        .select_related("session")
        .order_by("session__starts_at", "created_at")
    )
    headers = [_("Session"), _("Rating"), _("Comment")]
    return headers, [[f.session.title, f.rating, f.comment] for f in items]


def _certificates(tp: TrainingProgramme, enrolments):
    certs = Certificate.objects.filter(enrolment__in=enrolments).order_by("holder_name")
    headers = [_("Holder"), _("Programme"), _("Issued on"), _("Code"), _("Valid")]
    rows = [
        [
            c.holder_name,
            c.programme_title,
            c.issued_on,
            c.display_code,
            _("yes") if c.is_valid else _("no"),
        ]
        for c in certs
    ]
    return headers, rows


_BUILDERS = {
    "sessions": _sessions,
    "participants": _participants,
    "attendance": _attendance,
    "self_assessments": _self_assessments,
    "feedback": _feedback,
    "certificates": _certificates,
}


def table_rows(
    table: str, training_programme: TrainingProgramme, enrolments
) -> tuple[list[str], Iterable[Sequence[object]]]:
    """Headers and rows of one export table; `enrolments` are those the requester may see.
    Any name other than the five first tables is the certificates table."""
    build = _BUILDERS.get(table, _certificates)
    return build(training_programme, enrolments)


def table_response(table: str, fmt: str, training_programme: TrainingProgramme, enrolments):
    headers, rows = table_rows(table, training_programme, enrolments)
    name = f"training-{training_programme.pk}-{table}"
    return table_download(headers, rows, fmt=fmt, name=name, title=table)
