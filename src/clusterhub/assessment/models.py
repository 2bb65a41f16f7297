"""Indicator frameworks, assessments, answers, evidence, expert reviews and label awards."""

import uuid
from decimal import Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.enums import LabelLevel
from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme


def in_language(english: str, translations: dict | None, language: str | None = None) -> str:
    """A framework text in `language` (default: the active one), else the English text.

    English is kept in the model's own columns (required by the loader, so never empty); the
    other languages in `translations`, {field: {language: text}}, as read from the file.
    """
    language = (language or get_language() or "en").split("-")[0].lower()
    if language != "en" and translations:
        text = translations.get(language)
        if text:
            return text
    return english


class Translated(models.Model):
    """The per-language texts of a framework row, read from the framework file at import."""

    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        abstract = True

    def localized(self, field: str, english: str) -> str:
        return in_language(english, (self.translations or {}).get(field))


class Framework(Translated, TimeStampedModel):
    """One version of an indicator framework, loaded from a YAML/JSON file and never edited.

    `definition` keeps the whole parsed file (label rules included), so an assessment made with
    this version is always scored by the rules it was made with.
    """

    code = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("version"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    definition = models.JSONField(_("definition"))
    is_active = models.BooleanField(_("offered for new assessments"), default=True)

    class Meta:
        verbose_name = _("indicator framework")
        ordering = ["code", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_framework_version")
        ]

    def __str__(self) -> str:
        return f"{self.local_name} {self.version}"

    @property
    def local_name(self) -> str:
        return self.localized("name", self.name)

    @property
    def local_description(self) -> str:
        return self.localized("description", self.description)

    @property
    def label_rules(self) -> dict:
        return self.definition.get("labels", {})


class Area(Translated):
    framework = required_link(Framework, related_name="areas")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("indicator area")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_area_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.local_title}"

    @property
    def local_title(self) -> str:
        return self.localized("title", self.title)


class Indicator(Translated):
    framework = required_link(Framework, related_name="indicators")
    area = required_link(Area, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"))
    help_text = models.TextField(_("help"), blank=True)
    answer_type = choice_field(_("answer type"), AnswerType, max_length=12)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    # The scoring rule as read from the file: bands, options, minimum, evidence needs.
    scoring = models.JSONField(_("scoring"))
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    has_minimum = models.BooleanField(_("has a minimum requirement"), default=False)
    # Name of a registry fact this indicator is pre-filled from (assessment/computed.py).
    source = models.CharField(_("computed from"), max_length=40, blank=True)
    service_categories = models.JSONField(
        _("suggested service categories"), default=list, blank=True
    )
    training_topics = models.JSONField(_("suggested training topics"), default=list, blank=True)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["framework", "position"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_indicator_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.local_title}"

    @property
    def local_title(self) -> str:
        return self.localized("title", self.title)

    @property
    def local_question(self) -> str:
        return self.localized("question", self.question)

    @property
    def local_help(self) -> str:
        return self.localized("help", self.help_text)

    @property
    def local_unit(self) -> str:
        return self.localized("unit", self.unit)

    @property
    def local_options(self) -> list[list[str]]:
        """The choice options as [value, label, points], labels in the active language."""
        labels = (self.translations or {}).get("options") or {}
        return [
            [value, in_language(label, labels.get(value)), points]
            for value, label, points in self.scoring.get("options", [])
        ]

    def option_label(self, value: str) -> str:
        """The label of one choice option in the active language ("" for an unknown value)."""
        return next((label for v, label, _p in self.local_options if v == value), "")


class Assessment(TimeStampedModel):
    cluster = required_link(Cluster, _("cluster"), related_name="assessments")
    framework = required_link(Framework, _("framework"), related_name="+", on_delete=models.PROTECT)
    # The funded programme the assessment is done in, if any: its reports carry the notice.
    programme = optional_link(Programme, _("programme"), related_name="assessments")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    status = choice_field(
        _("status"), AssessmentStatus, max_length=12, default=AssessmentStatus.DRAFT, db_index=True
    )
    started_by = optional_link(settings.AUTH_USER_MODEL)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # Peer-group keys frozen when the assessment is made, so peer groups do not drift.
    committed_members = models.PositiveIntegerField(_("committed members"), default=0)
    # Scores are cached here by domain.rescore(): peers and dashboards read them without
    # re-scoring; the authoritative computation is core/scoring.py.
    total_points = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    max_points = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal("0"))
    total_percent = models.DecimalField(max_digits=5, decimal_places=1, default=Decimal("0"))
    area_percents = models.JSONField(default=dict, blank=True)
    indicator_percents = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("assessment")
        ordering = ["cluster", "-period_end", "-pk"]

    def __str__(self) -> str:
        return _("%(cluster)s assessment %(start)s – %(end)s") % {
            "cluster": self.cluster.acronym,
            "start": self.period_start,
            "end": self.period_end,
        }

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})

    @property
    def is_editable(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def assessed_on(self):
        """The date the label rules count from: submission, else the end of the period."""
        return self.submitted_at.date() if self.submitted_at else self.period_end


class Answer(TimeStampedModel):
    assessment = required_link(Assessment, related_name="answers")
    indicator = required_link(Indicator, related_name="+", on_delete=models.PROTECT)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    choice = models.CharField(_("choice"), max_length=40, blank=True)
    flag = models.BooleanField(_("yes / no"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    # For computed indicators: the registry's value, and why the user changed it if they did.
    computed_number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    override_reason = models.TextField(_("reason for changing the computed value"), blank=True)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2, default=Decimal(0))
    # An expert's adjustment: both values are kept, the adjusted one counts.
    expert_points = models.DecimalField(
        _("points after review"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    expert_reason = models.TextField(_("reason for the adjustment"), blank=True)
    expert_comment = models.TextField(_("expert comment"), blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer")
        ordering = ["assessment", "indicator__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"], name="one_answer_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}"

    @property
    def effective_points(self) -> Decimal:
        return self.expert_points if self.expert_points is not None else self.points

    def clean(self) -> None:
        if self.expert_points is not None:
            if not self.expert_reason.strip():
                raise ValidationError({"expert_reason": _("Give a reason for the adjustment.")})
            if self.expert_points < 0 or self.expert_points > self.indicator.max_points:
                raise ValidationError(
                    {
                        "expert_points": _("Points must be between 0 and %(max)s.")
                        % {"max": self.indicator.max_points}
                    }
                )


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A generated name under assessment/evidence/; the user's file name is never a path."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"assessment/evidence/{instance.answer.assessment_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(TimeStampedModel):
    answer = required_link(Answer, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    link = models.URLField(_("link"), blank=True, max_length=500)
    description = models.CharField(_("description"), max_length=300, blank=True)
    added_by = optional_link(settings.AUTH_USER_MODEL)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["answer", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.link

    def clean(self) -> None:
        if bool(self.file) == bool(self.link):
            raise ValidationError({"link": _("Give either a file or a link.")})


class ExpertReview(TimeStampedModel):
    """An expert assigned to one assessment, and what they concluded."""

    assessment = required_link(Assessment, related_name="reviews")
    expert = required_link(
        settings.AUTH_USER_MODEL,
        _("expert"),
        related_name="assessment_reviews",
        on_delete=models.PROTECT,
    )
    assigned_by = optional_link(settings.AUTH_USER_MODEL)
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("expert review")
        ordering = ["assessment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "expert"], name="one_review_per_expert")
        ]

    def __str__(self) -> str:
        return f"{self.assessment} / {self.expert}"


class LabelAward(TimeStampedModel):
    cluster = required_link(Cluster, _("cluster"), related_name="label_awards")
    level = choice_field(_("label"), LabelLevel, max_length=10)
    assessment = optional_link(Assessment, related_name="awards")
    awarded_on = models.DateField(_("awarded on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    renewal_of = optional_link("self", related_name="renewals")
    awarded_by = optional_link(settings.AUTH_USER_MODEL)

    class Meta:
        verbose_name = _("label award")
        ordering = ["cluster", "-valid_until"]

    def __str__(self) -> str:
        return f"{self.cluster.acronym} {self.get_level_display()} {self.valid_until}"

    def clean(self) -> None:
        if self.valid_until and self.valid_from and self.valid_until <= self.valid_from:
            raise ValidationError({"valid_until": _("The label must be valid for some time.")})


# Upload limits for evidence files (also checked by the form and the API).
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx", ".pptx", ".odt", ".txt")
