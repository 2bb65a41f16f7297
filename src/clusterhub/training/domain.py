"""The verbs of the training area. Pages, API handlers and the demo all call these.

Each verb validates with the models' own rules (full_clean) inside one transaction, so a
refused request leaves everything as it was, and says why in a message for the field at fault.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.accounts.models import User
from clusterhub.common.saving import save
from clusterhub.registry.models import Cluster
from clusterhub.training.enums import MAX_SCORE
from clusterhub.training.enums import MIN_SCORE
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Feedback
from clusterhub.training.models import Material
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from clusterhub.training.queries import completion_of

# Every save leaves the database constraints to the database (`constraints=False`): each
# model's clean() words its uniqueness rules for people ("already enrolled").

# --- programmes, modules, sessions, materials ----------------------------------------------


def save_training_programme(*, training_programme: TrainingProgramme) -> TrainingProgramme:
    """Create or update a training programme (owned by a programme or by a cluster)."""
    return save(training_programme, constraints=False)


@transaction.atomic
def delete_training_programme(*, training_programme: TrainingProgramme) -> None:
    """Delete a programme with its modules, sessions and enrolments; refused once a certificate
    has been issued, since its public verification page must keep working."""
    issued = Certificate.objects.filter(enrolment__training_programme=training_programme).count()
    if issued:
        raise ValidationError(
            ngettext(
                "%(n)s certificate has been issued for this programme; it cannot be deleted.",
                "%(n)s certificates have been issued for this programme; it cannot be deleted.",
                issued,
            )
            % {"n": issued}
        )
    training_programme.delete()


def save_module(*, module: Module) -> Module:
    return save(module, constraints=False)


@transaction.atomic
def delete_module(*, module: Module) -> None:
    module.delete()


def save_session(*, session: Session) -> Session:
    """Create or update a session; its trainer must hold the expert role."""
    return save(session, constraints=False)


@transaction.atomic
def delete_session(*, session: Session) -> None:
    session.delete()


def add_material(*, material: Material) -> Material:
    """Attach a file (type and size checked, stored under a generated name) or a link."""
    if material.file and not material.original_name:
        material.original_name = material.file.name.rsplit("/", 1)[-1][:200]
    return save(material, constraints=False)


@transaction.atomic
def delete_material(*, material: Material) -> None:
    """Delete a material; its file goes once the deletion is committed, so a rolled-back
    deletion keeps a row whose file still exists."""
    stored = material.file
    material.delete()
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))


# --- enrolment and attendance --------------------------------------------------------------


def enrol(
    *, training_programme: TrainingProgramme, user: User, cluster: Cluster | None = None
) -> Enrolment:
    """Enrol a user; a second enrolment of the same user is refused."""
    return save(
        Enrolment(training_programme=training_programme, user=user, cluster=cluster),
        constraints=False,
    )


@transaction.atomic
def withdraw(*, enrolment: Enrolment) -> None:
    """Remove an enrolment with its attendance and ratings; refused once certified."""
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            _("%(name)s holds a certificate of this programme and cannot be withdrawn.")
            % {"name": enrolment.user.display_name}
        )
    enrolment.delete()


def record_attendance(*, session: Session, enrolment: Enrolment, present: bool) -> Attendance:
    """Mark a participant present or absent at a session (recording again updates the mark)."""
    with transaction.atomic():
        attendance = Attendance.objects.filter(session=session, enrolment=enrolment).first()
        if attendance is None:
            attendance = Attendance(session=session, enrolment=enrolment)
        attendance.present = present
        return save(attendance, constraints=False)


def record_attendance_for_user(*, session: Session, user: User, present: bool) -> Attendance:
    """Attendance by person: a user who is not enrolled is refused with their name."""
    enrolment = Enrolment.objects.filter(
        training_programme_id=session.module.training_programme_id, user=user
    ).first()
    if enrolment is None:
        raise ValidationError(
            {
                "user": _("%(name)s is not enrolled in the programme of this session.")
                % {"name": user.display_name}
            }
        )
    return record_attendance(session=session, enrolment=enrolment, present=present)


def record_attendance_list(*, session: Session, present: dict[int, bool]) -> int:
    """Attendance of many participants at once (enrolment id -> present); all or nothing."""
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            pk__in=list(present), training_programme_id=session.module.training_programme_id
        )
    }
    unknown = sorted(set(present) - set(enrolments))
    if unknown:
        raise ValidationError(
            {
                "enrolment": ngettext(
                    "Not enrolled in this programme: enrolment %(ids)s.",
                    "Not enrolled in this programme: enrolments %(ids)s.",
                    len(unknown),
                )
                % {"ids": ", ".join(str(i) for i in unknown)}
            }
        )
    with transaction.atomic():
        for pk, is_present in present.items():
            record_attendance(session=session, enrolment=enrolments[pk], present=is_present)
    return len(present)


# --- self-assessment and feedback ----------------------------------------------------------


def record_self_assessment(
    *, enrolment: Enrolment, phase: str, scores: dict[str, int]
) -> list[CompetenceRating]:
    """Save a participant's ratings for one phase (1 to 5 per competence).

    Every score is checked before anything is written; a competence rated earlier in the same
    phase is updated, others are kept.
    """
    errors: dict[str, list[str]] = {}
    if phase not in Phase.values:
        errors["phase"] = [
            _("%(phase)s is not a phase; use %(phases)s.")
            % {"phase": phase, "phases": ", ".join(Phase.values)}
        ]
    if not scores:
        errors["scores"] = [_("Rate at least one competence.")]
    for code, score in scores.items():
        if code not in Competence.values:
            errors.setdefault("scores", []).append(
                _("%(code)s is not a competence.") % {"code": code}
            )
        elif (
            not isinstance(score, int)
            or isinstance(score, bool)
            or not (MIN_SCORE <= score <= MAX_SCORE)
        ):
            errors.setdefault(code, []).append(
                _("%(label)s: the score must be a whole number from %(min)s to %(max)s.")
                % {"label": Competence(code).label, "min": MIN_SCORE, "max": MAX_SCORE}
            )
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for code, score in scores.items():
            rating = CompetenceRating.objects.filter(
                enrolment=enrolment, phase=phase, competence=code
            ).first() or CompetenceRating(enrolment=enrolment, phase=phase, competence=code)
            rating.score = score
            saved.append(save(rating, constraints=False))
    return saved


def give_feedback(
    *, session: Session, enrolment: Enrolment, rating: int, comment: str = ""
) -> Feedback:
    """A participant rates a session they attended, once."""
    if enrolment.training_programme_id != session.module.training_programme_id:
        raise ValidationError(_("You are not enrolled in the programme of this session."))
    return save(
        Feedback(session=session, enrolment=enrolment, rating=rating, comment=comment),
        constraints=False,
    )


# --- certificates ---------------------------------------------------------------------------


def issue_certificate(
    *, enrolment: Enrolment, issued_by: User | None, issued_on: dt.date | None = None
) -> Certificate:
    """Certify a participant who attended every required session; refused otherwise, naming
    what is missing."""
    if Certificate.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            _("%(name)s already holds a certificate of this programme.")
            % {"name": enrolment.user.display_name}
        )
    completion = completion_of(enrolment)
    if completion.required == 0:
        raise ValidationError(
            _(
                "The programme has no required sessions yet; mark the sessions (or modules) a "
                "certificate needs as required."
            )
        )
    if completion.missing:
        raise ValidationError(
            _(
                "%(name)s has not completed the programme: attended %(done)s of %(total)s "
                "required sessions; missing: %(missing)s."
            )
            % {
                "name": enrolment.user.display_name,
                "done": completion.attended,
                "total": completion.required,
                "missing": "; ".join(s.title for s in completion.missing),
            }
        )
    certificate = Certificate(
        enrolment=enrolment,
        issued_on=issued_on or timezone.localdate(),
        issued_by=issued_by,
        holder_name=enrolment.user.display_name,
        programme_title=enrolment.training_programme.title,
    )
    return save(certificate, constraints=False)


@transaction.atomic
def revoke_certificate(*, certificate: Certificate) -> Certificate:
    """Withdraw a certificate: its page then says it is not valid (kept for the record)."""
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.save(update_fields=["revoked_at", "updated_at"])
    return certificate
