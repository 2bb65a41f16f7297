"""A cluster's member services, the surveys that ask members what they need, and the pipeline
in which new services are developed.

A service in the pipeline and a service in the portfolio are the same record: its status is its
stage. What a stage requires (a plan before the pilot, a launch date and a KPI before going
active) is checked in Service.clean(), so a form, the API and a stage move refuse alike.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import euro_amount
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.registry.enums import OrganisationType
from clusterhub.registry.enums import SizeClass
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.services.enums import CHOICE_KINDS
from clusterhub.services.enums import LAUNCHED
from clusterhub.services.enums import PRICED_MODELS
from clusterhub.services.enums import PriceModel
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.enums import SurveyStatus

MAX_CHOICES = 20


def _stage_requirements(status: str) -> list[str]:
    """Fields a service must have filled in to be at `status` (each stage adds to the last)."""
    needed: list[str] = []
    if status in (ServiceStatus.DESIGN, ServiceStatus.PILOT, ServiceStatus.ACTIVE):
        needed += ["owner", "description"]
    if status in (ServiceStatus.PILOT, ServiceStatus.ACTIVE):
        needed += ["target_members", "resources", "price_model"]
    if status == ServiceStatus.ACTIVE:
        needed += ["launch_date", "success_kpi"]
    return needed


class Service(TimeStampedModel):
    cluster = required_link(Cluster, _("cluster"), related_name="services")
    name = models.CharField(_("name"), max_length=200)
    category = choice_field(_("category"), ServiceCategory, max_length=32)
    description = models.TextField(_("description"), blank=True)
    status = choice_field(_("status"), ServiceStatus, max_length=10, default=ServiceStatus.IDEA)
    owner = optional_link(settings.AUTH_USER_MODEL, _("owner"), related_name="owned_services")
    # Target members: any of organisation types, size classes and NACE codes (divisions or finer).
    target_org_types = models.JSONField(_("target organisation types"), default=list, blank=True)
    target_size_classes = models.JSONField(_("target size classes"), default=list, blank=True)
    target_sectors = models.JSONField(_("target sectors (NACE)"), default=list, blank=True)
    # The plan.
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, budget, partners")
    )
    price_model = choice_field(_("price model"), PriceModel, max_length=12, blank=True)
    price_eur = euro_amount(_("price (EUR)"), max_digits=10, optional=True)
    launch_date = models.DateField(_("launch date"), null=True, blank=True)
    success_kpi = models.CharField(
        _("success KPI"),
        max_length=300,
        blank=True,
        help_text=_("e.g. 15 member organisations use it in the first year"),
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True)

    class Meta:
        verbose_name = _("service")
        ordering = ["cluster", "category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "name"], name="unique_service_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_target(self) -> bool:
        return bool(self.target_org_types or self.target_size_classes or self.target_sectors)

    @property
    def is_launched(self) -> bool:
        return self.status in LAUNCHED

    def missing_for(self, status: str) -> list[str]:
        """Names of the fields still empty that `status` requires."""
        missing = []
        for name in _stage_requirements(status):
            if name == "target_members":
                if not self.has_target:
                    missing.append(name)
            elif name == "owner":
                if self.owner_id is None:
                    missing.append(name)
            elif not getattr(self, name):
                missing.append(name)
        return missing

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}

        def add(field: str, message: str) -> None:
            errors.setdefault(field, []).append(message)

        self.name = (self.name or "").strip()
        _check_codes(self.target_org_types, OrganisationType, "target_org_types", add)
        _check_codes(self.target_size_classes, SizeClass, "target_size_classes", add)
        if not isinstance(self.target_sectors, list) or not all(
            isinstance(c, str) for c in self.target_sectors
        ):
            add("target_sectors", gettext("Give a list of NACE codes."))
        elif self.target_sectors:
            self.target_sectors = sorted({c.strip().upper() for c in self.target_sectors})
            known = set(
                NaceCode.objects.filter(code__in=self.target_sectors).values_list("code", flat=True)
            )
            unknown = [c for c in self.target_sectors if c not in known]
            if unknown:
                add(
                    "target_sectors",
                    gettext("Not NACE Rev. 2.1 codes: %(codes)s.") % {"codes": ", ".join(unknown)},
                )
        if self.price_model in PRICED_MODELS and not self.price_eur:
            add("price_eur", gettext("A fixed fee or a price per use needs an amount."))
        if self.price_model not in PRICED_MODELS and self.price_model != PriceModel.SUBSIDISED:
            self.price_eur = None
        if self.status == ServiceStatus.RETIRED and self.retired_on is None:
            add("retired_on", gettext("Say when the service was retired."))
        if self.retired_on and self.launch_date and self.retired_on < self.launch_date:
            add("retired_on", gettext("The service cannot retire before its launch."))
        missing = self.missing_for(self.status)
        if missing:
            labels = ", ".join(str(field_label(name)) for name in missing)
            add(
                "status",
                gettext("To be at stage %(stage)s the service needs: %(fields)s.")
                % {"stage": ServiceStatus(self.status).label, "fields": labels},
            )
            for name in missing:
                field = "target_org_types" if name == "target_members" else name
                add(
                    field,
                    gettext("Required from stage %(stage)s on.")
                    % {"stage": ServiceStatus(self.status).label},
                )
        if errors:
            raise ValidationError(errors)


def field_label(name: str) -> str:
    """The human name of a Service field, or of the 'target members' group of fields."""
    if name == "target_members":
        return gettext("target members")
    return str(Service._meta.get_field(name).verbose_name)


def _check_codes(value, choices, field: str, add) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        add(field, gettext("Give a list of codes."))
        return
    unknown = [v for v in value if v not in choices.values]
    if unknown:
        add(field, gettext("Unknown codes: %(codes)s.") % {"codes": ", ".join(unknown)})


class GuidanceNote(models.Model):
    """Advice an expert (or the team) writes on a service in development."""

    service = required_link(Service, _("service"), related_name="guidance_notes")
    author = required_link(settings.AUTH_USER_MODEL, _("author"), on_delete=models.PROTECT)
    text = models.TextField(_("guidance"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("guidance note")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.service}: {self.text[:40]}"

    def clean(self) -> None:
        self.text = (self.text or "").strip()
        if not self.text:
            raise ValidationError({"text": gettext("Write the guidance.")})


class StageDecision(models.Model):
    """One entry of a service's decision log: a stage move, who made it, when and why."""

    service = required_link(Service, _("service"), related_name="decisions")
    from_status = choice_field(_("from"), ServiceStatus, max_length=10)
    to_status = choice_field(_("to"), ServiceStatus, max_length=10)
    decided_by = required_link(settings.AUTH_USER_MODEL, _("decided by"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)
    reason = models.TextField(_("why"))

    class Meta:
        verbose_name = _("stage decision")
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.service}: {self.from_status} -> {self.to_status}"


class Uptake(models.Model):
    """A member organisation used a launched service, with how satisfied it was."""

    service = required_link(Service, _("service"), related_name="uptakes")
    organisation = required_link(Organisation, _("member organisation"), on_delete=models.PROTECT)
    used_on = models.DateField(_("used on"))
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction (1-5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = optional_link(settings.AUTH_USER_MODEL, _("recorded by"), related_name=None)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("uptake")
        ordering = ["-used_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation} used {self.service} on {self.used_on}"

    def clean(self) -> None:
        if not self.service_id:
            return
        if self.service.status not in LAUNCHED:
            raise ValidationError(
                {"service": gettext("Uptake is recorded for services in pilot or active only.")}
            )
        if (
            self.organisation_id
            and not Membership.objects.filter(
                cluster_id=self.service.cluster_id, organisation_id=self.organisation_id
            ).exists()
        ):
            raise ValidationError(
                {"organisation": gettext("This organisation is not a member of the cluster.")}
            )


class Survey(TimeStampedModel):
    """A member needs survey of one cluster. Draft: questions change; open: members answer;
    closed: results are final and answers are refused."""

    cluster = required_link(Cluster, _("cluster"), related_name="surveys")
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    # The language the questions are written in: respondents without a choice of their own
    # see the page around them in it too. Empty for surveys made before it was recorded.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, default=""
    )
    status = choice_field(_("status"), SurveyStatus, max_length=10, default=SurveyStatus.DRAFT)
    created_by = optional_link(settings.AUTH_USER_MODEL, related_name=None)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("needs survey")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        self.title = (self.title or "").strip()
        if not self.title:
            raise ValidationError({"title": gettext("Give the survey a title.")})


class Question(models.Model):
    survey = required_link(Survey, _("survey"), related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=500)
    kind = choice_field(_("type"), QuestionKind, max_length=10)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    # The service category a rating question measures the importance of (for the gap analysis).
    category = choice_field(_("service category"), ServiceCategory, max_length=32, blank=True)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        ordering = ["survey", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        self.text = (self.text or "").strip()
        errors = {}
        if not self.text:
            errors["text"] = gettext("Write the question.")
        if self.kind in CHOICE_KINDS:
            if not isinstance(self.choices, list) or not all(
                isinstance(c, str) for c in self.choices
            ):
                errors["choices"] = gettext("Give the choices as a list of texts.")
            else:
                cleaned = list(dict.fromkeys(c.strip() for c in self.choices if c.strip()))
                if len(cleaned) < 2:
                    errors["choices"] = gettext("A choice question needs at least two choices.")
                elif len(cleaned) > MAX_CHOICES:
                    errors["choices"] = gettext("At most %(n)s choices.") % {"n": MAX_CHOICES}
                self.choices = cleaned
        else:
            self.choices = []
        if errors:
            raise ValidationError(errors)


class SurveyToken(models.Model):
    """A one-time link to answer a survey without signing in. Only the digest is stored."""

    survey = required_link(Survey, related_name="tokens")
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(_("for"), max_length=200, blank=True)
    organisation = optional_link(Organisation, related_name=None)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey link")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class SurveyResponse(models.Model):
    survey = required_link(Survey, related_name="responses")
    respondent = optional_link(settings.AUTH_USER_MODEL, related_name=None)
    organisation = optional_link(Organisation, related_name=None)
    token = models.OneToOneField(
        SurveyToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("survey response")
        ordering = ["submitted_at", "pk"]
        constraints = [
            # The database, not only the form, refuses a second answer from the same person.
            models.UniqueConstraint(
                fields=["survey", "respondent"],
                condition=models.Q(respondent__isnull=False),
                name="one_response_per_respondent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class QuestionAnswer(models.Model):
    response = required_link(SurveyResponse, related_name="answers")
    question = required_link(Question, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    selected = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("answer")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.display}"

    @property
    def display(self) -> str:
        if self.rating is not None:
            return str(self.rating)
        if self.selected:
            return "; ".join(self.selected)
        return self.text
