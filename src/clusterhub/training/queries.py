"""What each user may see of the training area, as querysets, and read-only summaries.

Visibility in one sentence each:
- a training programme is seen by its managers (admin; coordinators of the owning programme;
  the manager of the owning cluster), by the teams of the clusters taking part, by its
  participants and by its trainers; nobody else knows it exists;
- an enrolment's progress (attendance, self-assessments, certificate) is seen by the participant,
  the programme's managers and the manager of the cluster the participant was enrolled for.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models.functions import Coalesce

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.core.competence_gain import Gain
from clusterhub.core.competence_gain import cohort_gains
from clusterhub.core.competence_gain import person_gains
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase
from clusterhub.training.models import Attendance
from clusterhub.training.models import Certificate
from clusterhub.training.models import CompetenceRating
from clusterhub.training.models import Enrolment
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme


def _managed_q(user, prefix: str = "") -> Q:
    """Programmes the user manages: coordinators of the owning programme, manager of the cluster."""
    r = roles_of(user)
    managed_clusters = r.clusters_with(Role.CLUSTER_MANAGER)
    return Q(**{f"{prefix}programme_id__in": r.coordinated_programmes}) | Q(
        **{f"{prefix}cluster_id__in": managed_clusters}
    )


def training_programmes_visible_to(user) -> QuerySet[TrainingProgramme]:
    def own(programmes):
        team = roles_of(user).team_clusters
        related = TrainingProgramme.objects.filter(
            Q(cluster_id__in=team)
            | Q(programme__clusters__in=team)
            | Q(enrolments__user=user)
            | Q(modules__sessions__trainer=user)
        ).values("pk")
        return programmes.filter(Q(_managed_q(user)) | Q(pk__in=related))

    return visible_records(user, TrainingProgramme.objects.all(), own)


def sessions_visible_to(user) -> QuerySet[Session]:
    return Session.objects.filter(
        module__training_programme__in=training_programmes_visible_to(user)
    )


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    """Enrolments whose progress the user may follow."""

    def own(enrolments):
        return enrolments.filter(
            Q(user=user)
            | _managed_q(user, "training_programme__")
            | Q(cluster_id__in=roles_of(user).clusters_with(Role.CLUSTER_MANAGER))
        )

    return visible_records(user, Enrolment.objects.all(), own)


def own_enrolment(user, training_programme: TrainingProgramme) -> Enrolment | None:
    """The user's own enrolment in the training programme, if they hold one (a superuser passes
    every rule but holds none unless enrolled)."""
    if not user.is_authenticated:
        return None
    return Enrolment.objects.filter(training_programme=training_programme, user=user).first()


def certificates_visible_to(user) -> QuerySet[Certificate]:
    return Certificate.objects.filter(enrolment__in=enrolments_visible_to(user))


def sessions_trained_by(user) -> QuerySet[Session]:
    if not user.is_authenticated:
        return Session.objects.none()
    return Session.objects.filter(trainer=user)


# --- completion ---------------------------------------------------------------------------


REQUIRED = Q(required=True) | Q(module__required=True)


def required_sessions(training_programme: TrainingProgramme) -> QuerySet[Session]:
    """Sessions a certificate needs: those flagged required, or in a module flagged required."""
    return Session.objects.filter(REQUIRED, module__training_programme=training_programme)


@dataclass(frozen=True)
class Completion:
    required: int
    attended: int
    missing: tuple[Session, ...]

    @property
    def complete(self) -> bool:
        return self.required > 0 and not self.missing


def completion_of(enrolment: Enrolment) -> Completion:
    required = list(required_sessions(enrolment.training_programme).select_related("module"))
    present = set(
        Attendance.objects.filter(enrolment=enrolment, present=True).values_list(
            "session_id", flat=True
        )
    )
    missing = tuple(s for s in required if s.pk not in present)
    return Completion(
        required=len(required), attended=len(required) - len(missing), missing=missing
    )


def with_progress(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Enrolments annotated with required_count, attended_count and certificate_pk, so a list
    of any length costs the same number of queries."""
    required = (
        Session.objects.filter(REQUIRED, module__training_programme=OuterRef("training_programme"))
        .order_by()
        .values("module__training_programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    attended = Q(attendances__present=True) & (
        Q(attendances__session__required=True) | Q(attendances__session__module__required=True)
    )
    return enrolments.select_related("user", "cluster", "training_programme").annotate(
        required_count=Coalesce(Subquery(required, output_field=IntegerField()), 0),
        attended_count=Count("attendances", filter=attended, distinct=True),
        certificate_pk=F("certificate__pk"),
    )


# --- competences --------------------------------------------------------------------------


def programme_competences(training_programme: TrainingProgramme) -> list[str]:
    """The competences the programme's modules build, in the enum's order (all when no module)."""
    used = set(training_programme.modules.values_list("competence", flat=True))
    return [c.value for c in Competence if c.value in used] or [c.value for c in Competence]


def scores_of(enrolment: Enrolment, phase: str) -> dict[str, int]:
    return dict(
        CompetenceRating.objects.filter(enrolment=enrolment, phase=phase).values_list(
            "competence", "score"
        )
    )


def person_gain(enrolment: Enrolment) -> list[Gain]:
    return person_gains(
        scores_of(enrolment, Phase.BEFORE),
        scores_of(enrolment, Phase.AFTER),
        programme_competences(enrolment.training_programme),
    )


def gain_rows(gains: list[Gain]) -> list[dict]:
    """Each competence's gain as a row with the competence's label, for pages and API alike."""
    return [
        {
            "competence": g.competence,
            "label": str(Competence(g.competence).label),
            "before": g.before,
            "after": g.after,
            "gain": g.gain,
            "people": g.people,
        }
        for g in gains
    ]


def cohort_gain(training_programme: TrainingProgramme, enrolments=None) -> list[Gain]:
    """Mean gain over the enrolments given (default: the whole cohort)."""
    if enrolments is None:
        enrolments = training_programme.enrolments.all()
    by_enrolment: dict[int, tuple[dict, dict]] = {e.pk: ({}, {}) for e in enrolments}
    ratings = CompetenceRating.objects.filter(enrolment_id__in=list(by_enrolment)).values_list(
        "enrolment_id", "phase", "competence", "score"
    )
    for enrolment_id, phase, competence, score in ratings:
        before, after = by_enrolment[enrolment_id]
        (before if phase == Phase.BEFORE else after)[competence] = score
    return cohort_gains(list(by_enrolment.values()), programme_competences(training_programme))
