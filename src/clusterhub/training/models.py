"""Coordinator training: programmes of modules and sessions, enrolments, attendance,
competence self-assessments, session feedback and verifiable certificates.

Validation lives in each model's clean(); training/domain.py calls full_clean inside one
transaction, so forms, API and the demo share every rule.
"""

import secrets
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterhub.accounts.enums import Role
from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.training.enums import MAX_SCORE
from clusterhub.training.enums import MIN_SCORE
from clusterhub.training.enums import Competence
from clusterhub.training.enums import Phase

# Materials: what may be uploaded, and how large.
MATERIAL_EXTENSIONS = frozenset(
    {".pdf", ".pptx", ".docx", ".xlsx", ".odp", ".odt", ".ods", ".png", ".jpg", ".jpeg", ".txt"}
)
MAX_MATERIAL_BYTES = 20 * 1024 * 1024

# Verification codes: 20 characters from an alphabet without look-alikes (0/O, 1/I/L);
# 31**20 is about 2**99 codes, far beyond guessing.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 20

score_validators = [MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)]


def material_upload_to(instance, filename: str) -> str:
    """Stored under a generated name: the uploader's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()
    return f"training/materials/{uuid.uuid4().hex}{suffix}"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """A code in groups of four, as printed on the certificate."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    """What a person typed, as stored: dashes and spaces dropped, upper case; "" when it cannot
    be a code at all (so that no query runs with arbitrary bytes)."""
    code = "".join(ch for ch in text.upper() if ch not in "- ")
    if len(code) != CODE_LENGTH or not set(code) <= set(CODE_ALPHABET):
        return ""
    return code


class TrainingProgramme(TimeStampedModel):
    """A training programme, owned by a registry programme or by one cluster."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    programme = optional_link(
        "registry.Programme",
        _("programme"),
        related_name="training_programmes",
        on_delete=models.PROTECT,
    )
    cluster = optional_link(
        "registry.Cluster",
        _("cluster"),
        related_name="training_programmes",
        on_delete=models.PROTECT,
    )
    # Change history: registered in translation.py, after the per-language columns.

    class Meta:
        verbose_name = _("training programme")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                name="training_programme_has_one_owner",
                condition=models.Q(programme__isnull=False, cluster__isnull=True)
                | models.Q(programme__isnull=True, cluster__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.programme_id) == bool(self.cluster_id):
            raise ValidationError(
                {"programme": _("Give either a programme or a cluster as the owner, not both.")}
            )

    @property
    def owner(self):
        return self.programme if self.programme_id else self.cluster

    def cluster_ids(self) -> set[int]:
        """Clusters whose people take part: the owner cluster, or the programme's clusters."""
        if self.cluster_id:
            return {self.cluster_id}
        return set(self.programme.clusters.values_list("pk", flat=True))


class Module(TimeStampedModel):
    training_programme = required_link(
        TrainingProgramme, _("training programme"), related_name="modules"
    )
    title = models.CharField(_("title"), max_length=200)
    competence = choice_field(_("competence"), Competence, max_length=32)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    # A required module makes every one of its sessions required for the certificate.
    required = models.BooleanField(_("required for the certificate"), default=False)
    # Change history: registered in translation.py, after the per-language columns.

    class Meta:
        verbose_name = _("module")
        ordering = ["training_programme", "order", "title"]

    def __str__(self) -> str:
        return self.title


class Session(TimeStampedModel):
    module = required_link(Module, _("module"), related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    trainer = required_link(
        settings.AUTH_USER_MODEL,
        _("trainer"),
        related_name="training_sessions",
        on_delete=models.PROTECT,
    )
    required = models.BooleanField(_("required for the certificate"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("session")
        ordering = ["starts_at", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def training_programme(self) -> TrainingProgramme:
        return self.module.training_programme

    @property
    def is_required(self) -> bool:
        return self.required or self.module.required

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The session must end after it starts.")
        if not self.place.strip() and not self.online_url:
            errors["place"] = _("Give a place, an online link, or both.")
        if self.trainer_id and not self.trainer.role_assignments.filter(role=Role.EXPERT).exists():
            errors["trainer"] = _(
                "%(name)s is not an expert; a trainer must hold the expert role."
            ) % {"name": self.trainer.display_name}
        if errors:
            raise ValidationError(errors)


class Material(TimeStampedModel):
    """A file or a link for a session's participants."""

    session = required_link(Session, _("session"), related_name="materials")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=material_upload_to, blank=True, max_length=200)
    url = models.URLField(_("link"), blank=True, max_length=500)
    original_name = models.CharField(_("original file name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("material")
        ordering = ["session", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        has_file = bool(self.file)
        if has_file == bool(self.url):
            raise ValidationError({"file": _("Give either a file or a link, not both.")})
        if has_file and not self.file._committed:
            suffix = PurePath(self.file.name).suffix.lower()
            if suffix not in MATERIAL_EXTENSIONS:
                raise ValidationError(
                    {
                        "file": _("Files of type %(type)s are not accepted; use one of %(types)s.")
                        % {
                            "type": suffix or _("(none)"),
                            "types": ", ".join(sorted(MATERIAL_EXTENSIONS)),
                        }
                    }
                )
            if self.file.size > MAX_MATERIAL_BYTES:
                raise ValidationError(
                    {
                        "file": _("The file is %(size)s bytes; the largest accepted is %(max)s.")
                        % {"size": self.file.size, "max": MAX_MATERIAL_BYTES}
                    }
                )


class Enrolment(TimeStampedModel):
    """A user taking part in a training programme, usually for one of its clusters."""

    training_programme = required_link(
        TrainingProgramme, _("training programme"), related_name="enrolments"
    )
    user = required_link(
        settings.AUTH_USER_MODEL, _("participant"), related_name="training_enrolments"
    )
    # The cluster the participant coordinates; its manager follows their progress.
    cluster = optional_link(
        "registry.Cluster",
        _("cluster"),
        related_name="training_enrolments",
        on_delete=models.PROTECT,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        ordering = ["training_programme", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_programme", "user"], name="one_enrolment_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} - {self.training_programme}"

    def clean(self) -> None:
        if not (self.training_programme_id and self.user_id):
            return
        clash = Enrolment.objects.filter(
            training_programme_id=self.training_programme_id, user_id=self.user_id
        ).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "user": _("%(name)s is already enrolled in this programme.")
                    % {"name": self.user.display_name}
                }
            )
        if self.cluster_id:
            if self.cluster_id not in self.training_programme.cluster_ids():
                raise ValidationError(
                    {
                        "cluster": _("%(c)s does not take part in this programme.")
                        % {"c": self.cluster}
                    }
                )
            if not self.user.role_assignments.filter(cluster_id=self.cluster_id).exists():
                raise ValidationError(
                    {
                        "cluster": _("%(name)s holds no role in %(c)s.")
                        % {"name": self.user.display_name, "c": self.cluster}
                    }
                )


class Attendance(TimeStampedModel):
    session = required_link(Session, _("session"), related_name="attendances")
    enrolment = required_link(Enrolment, _("participant"), related_name="attendances")
    present = models.BooleanField(_("present"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment.user.display_name} @ {self.session}"

    def clean(self) -> None:
        if not (self.session_id and self.enrolment_id):
            return
        if self.enrolment.training_programme_id != self.session.module.training_programme_id:
            raise ValidationError(
                {
                    "enrolment": _("%(name)s is not enrolled in the programme of this session.")
                    % {"name": self.enrolment.user.display_name}
                }
            )


class CompetenceRating(TimeStampedModel):
    """One answer of a self-assessment: how a participant rates one competence, before or after."""

    enrolment = required_link(Enrolment, _("participant"), related_name="ratings")
    phase = choice_field(_("phase"), Phase, max_length=10)
    competence = choice_field(_("competence"), Competence, max_length=32)
    score = models.PositiveSmallIntegerField(_("score"), validators=score_validators)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("competence rating")
        ordering = ["enrolment", "phase", "competence"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "phase", "competence"], name="one_rating_per_phase"
            ),
            models.CheckConstraint(
                name="rating_score_1_to_5", condition=models.Q(score__gte=1, score__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.phase} {self.competence}={self.score}"


class Feedback(TimeStampedModel):
    """A participant's rating of one session they attended, given once."""

    session = required_link(Session, _("session"), related_name="feedback")
    enrolment = required_link(Enrolment, _("participant"), related_name="feedback")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=score_validators)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        ordering = ["session", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="one_feedback_per_session"
            ),
            models.CheckConstraint(
                name="feedback_rating_1_to_5", condition=models.Q(rating__gte=1, rating__lte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.rating}"

    def clean(self) -> None:
        if not (self.session_id and self.enrolment_id):
            return
        if (
            Feedback.objects.filter(session_id=self.session_id, enrolment_id=self.enrolment_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(_("You have already given feedback on this session."))
        attended = Attendance.objects.filter(
            session_id=self.session_id, enrolment_id=self.enrolment_id, present=True
        ).exists()
        if not attended:
            raise ValidationError(_("Only participants recorded as present may rate a session."))


class Certificate(TimeStampedModel):
    """Proof that a participant completed the required sessions; anyone may verify its code."""

    enrolment = models.OneToOneField(
        Enrolment,
        verbose_name=_("participant"),
        on_delete=models.PROTECT,
        related_name="certificate",
    )
    code = models.CharField(
        _("verification code"), max_length=CODE_LENGTH, unique=True, default=new_verification_code
    )
    issued_on = models.DateField(_("issued on"))
    issued_by = optional_link(settings.AUTH_USER_MODEL, _("issued by"))
    # Name and title as printed, kept so that a later rename does not change an issued paper.
    holder_name = models.CharField(_("holder"), max_length=300)
    programme_title = models.CharField(_("programme"), max_length=200)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-issued_on", "holder_name"]

    def __str__(self) -> str:
        return f"{self.holder_name} - {self.programme_title}"

    @property
    def display_code(self) -> str:
        return format_code(self.code)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None
