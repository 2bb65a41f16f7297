"""Funded projects: the grant, its consortium and budget, the money spent, the work plan, the
reporting periods and the news published about it.

Money is Decimal to the cent; every rounding is in clusterhub.core.grant_money. Rules that need
several rows at once (partner shares adding up to the total, a budget line's use) live in
grants/domain.py, which calls each model's clean() through full_clean().
"""

import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import euro_amount
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.common.numbers import format_money
from clusterhub.core import grant_money
from clusterhub.grants.checks import check_direct_category
from clusterhub.grants.checks import check_months
from clusterhub.grants.checks import is_currency_code
from clusterhub.grants.enums import DIRECT_CATEGORIES
from clusterhub.grants.enums import CostCategory
from clusterhub.grants.enums import DeliverableStatus
from clusterhub.grants.enums import Dissemination
from clusterhub.grants.enums import PartnerRole
from clusterhub.grants.enums import ReportKind

MONEY = {"max_digits": 14, "decimal_places": 2}
MAX_EUR = Decimal(10) ** 12  # what a MONEY column holds
MAX_MONTHS = 120


class Project(TimeStampedModel):
    """A funded project, one-to-one with the registry programme whose consortium runs it."""

    programme = models.OneToOneField(
        "registry.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="grant_project",
    )
    funding_programme = models.CharField(
        _("funding programme"), max_length=100, help_text=_("e.g. COSME 2014-2020")
    )
    call = models.CharField(_("call"), max_length=100, blank=True)
    grant_agreement_number = models.CharField(_("grant agreement number"), max_length=40)
    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_MONTHS)]
    )
    total_budget = models.DecimalField(
        _("total eligible budget (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    grant_amount = models.DecimalField(
        _("grant amount (EUR)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    indirect_rate = models.DecimalField(
        _("indirect cost flat rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("7.00"),
        validators=[MinValueValidator(0), MaxValueValidator(25)],
        help_text=_("Per cent of the direct costs, e.g. 7 for COSME."),
    )
    public_page = models.BooleanField(_("public project page"), default=True)
    # Change history: registered in translation.py, after the per-language columns.

    class Meta:
        verbose_name = _("funded project")
        ordering = ["acronym"]

    def __str__(self) -> str:
        return self.acronym

    def clean(self) -> None:
        if (
            self.grant_amount is not None
            and self.total_budget is not None
            and self.grant_amount > self.total_budget
        ):
            raise ValidationError(
                {"grant_amount": _("The grant cannot exceed the total eligible budget.")}
            )

    @property
    def end_date(self) -> date:
        return grant_money.project_end(self.start_date, self.duration_months)

    @property
    def funding_rate(self) -> Decimal:
        """The EU share of the budget in per cent, to four decimals (computed, never entered)."""
        return grant_money.funding_rate_percent(grant=self.grant_amount, total=self.total_budget)

    @property
    def own_contribution(self) -> Decimal:
        return self.total_budget - self.grant_amount

    def eu_share(self, amount: Decimal) -> Decimal:
        return grant_money.eu_share(amount, grant=self.grant_amount, total=self.total_budget)

    def month_of(self, day: date) -> int:
        return grant_money.month_number(self.start_date, day)

    def month_end(self, month: int) -> date:
        return grant_money.month_end(self.start_date, month)

    def lead_partner(self):
        return self.partners.filter(role=PartnerRole.LEAD).select_related("organisation").first()


class Partner(TimeStampedModel):
    """A registry organisation in a project's consortium, with its agreed share of the budget."""

    project = required_link(Project, related_name="partners")
    organisation = required_link(
        "registry.Organisation",
        _("organisation"),
        related_name="grant_partnerships",
        on_delete=models.PROTECT,
    )
    role = choice_field(_("role"), PartnerRole, max_length=10, default=PartnerRole.PARTNER)
    number = models.PositiveSmallIntegerField(_("partner number"), default=1)
    budget_share = euro_amount(_("budget share (EUR)"), max_digits=14)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project partner")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_partnership_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(role="lead"),
                name="one_lead_partner_per_project",
            ),
        ]

    def __str__(self) -> str:
        return f"P{self.number} {self.organisation}"


class BudgetLine(models.Model):
    """The planned direct costs of one partner in one category (indirect costs are computed)."""

    partner = required_link(Partner, related_name="budget_lines")
    category = choice_field(_("category"), CostCategory, max_length=20)
    amount = euro_amount(_("amount (EUR)"), max_digits=14)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        ordering = ["partner", "category"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "category"], name="one_line_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.get_category_display()}"

    def clean(self) -> None:
        check_direct_category(self.category)


def receipt_path(instance: "Expenditure", filename: str) -> str:
    """Receipts are stored under a generated name: the uploaded name is never trusted."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"grants/receipts/{uuid.uuid4().hex}{suffix}"


RECEIPT_TYPES = (".pdf", ".png", ".jpg", ".jpeg")
RECEIPT_MAX_BYTES = 5 * 1024 * 1024


class Expenditure(TimeStampedModel):
    """A cost a partner incurred. Amounts in another currency keep the rate they were converted at."""

    partner = required_link(Partner, related_name="expenditures", on_delete=models.PROTECT)
    date = models.DateField(_("date"))
    category = choice_field(_("category"), CostCategory, max_length=20)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    exchange_rate = models.DecimalField(
        _("exchange rate (units per EUR)"),
        max_digits=12,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("Needed for a currency other than EUR, e.g. 10.5 SEK per EUR."),
    )
    amount_eur = models.DecimalField(_("amount (EUR)"), **MONEY, editable=False)
    description = models.CharField(_("description"), max_length=300)
    receipt = models.FileField(_("receipt"), upload_to=receipt_path, blank=True)
    over_budget_confirmed = models.BooleanField(_("overrun confirmed"), default=False)
    created_by = optional_link(settings.AUTH_USER_MODEL)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expenditure")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        # In the reader's formats (admin, change history): "5 Dec 2026 ... €1,264.20".
        day = date_format(self.date, "SHORT_DATE_FORMAT") if self.date else ""
        return f"{day} {self.partner} {format_money(self.amount_eur)}"

    @property
    def eu_share(self) -> Decimal:
        return self.partner.project.eu_share(self.amount_eur)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        project = self.partner.project if self.partner_id else None
        dated = project is not None and self.date is not None
        if dated and not project.start_date <= self.date <= project.end_date:
            errors["date"] = _("The date must lie within the project, %(start)s to %(end)s.") % {
                "start": project.start_date,
                "end": project.end_date,
            }
        if self.category and self.category not in DIRECT_CATEGORIES:
            errors["category"] = _("Unknown cost category %(value)s; use one of: %(choices)s.") % {
                "value": self.category,
                "choices": ", ".join(DIRECT_CATEGORIES),
            }
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
        self.currency = (self.currency or "").upper()
        if not is_currency_code(self.currency):
            errors["currency"] = _("%(code)s is not an ISO 4217 currency code.") % {
                "code": self.currency
            }
        elif self.currency == "EUR":
            if self.exchange_rate not in (None, Decimal(1)):
                errors["exchange_rate"] = _("An amount in EUR takes no exchange rate.")
            self.exchange_rate = None
        elif self.exchange_rate is None or self.exchange_rate <= 0:
            errors["exchange_rate"] = _(
                "Give the rate %(code)s per EUR at which this amount was converted."
            ) % {"code": self.currency}
        if self.receipt and not self.receipt.name.lower().endswith(RECEIPT_TYPES):
            errors["receipt"] = _("A receipt must be a PDF, PNG or JPEG file.")
        elif self.receipt and getattr(self.receipt, "size", 0) > RECEIPT_MAX_BYTES:
            errors["receipt"] = _("A receipt may be at most %(mb)s MB.") % {
                "mb": RECEIPT_MAX_BYTES // (1024 * 1024)
            }
        if errors:
            raise ValidationError(errors)
        if self.amount is None:
            return
        self.amount_eur = (
            grant_money.cents(self.amount)
            if self.currency == "EUR"
            else grant_money.to_eur(self.amount, units_per_eur=self.exchange_rate)
        )
        if self.amount_eur >= MAX_EUR:
            raise ValidationError(
                {"amount": _("The amount in EUR must be below %(max)s.") % {"max": MAX_EUR}}
            )


class Month(models.PositiveSmallIntegerField):
    """A project month, 1 being the month the project starts."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [MinValueValidator(1), MaxValueValidator(MAX_MONTHS)])
        super().__init__(*args, **kwargs)


class WorkPackage(TimeStampedModel):
    project = required_link(Project, related_name="work_packages")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead = optional_link(Partner, _("lead partner"), related_name="led_work_packages")
    start_month = Month(_("start month"))
    end_month = Month(_("end month"))

    class Meta:
        verbose_name = _("work package")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_wp_number")
        ]

    def __str__(self) -> str:
        return f"WP{self.number} {self.title}"

    def clean(self) -> None:
        check_months(self, self.project if self.project_id else None, "start_month", "end_month")
        if self.lead_id and self.project_id and self.lead.project_id != self.project_id:
            raise ValidationError({"lead": _("The lead partner is not in this project.")})


class Task(models.Model):
    work_package = required_link(WorkPackage, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    start_month = Month(_("start month"))
    end_month = Month(_("end month"))

    class Meta:
        verbose_name = _("task")
        ordering = ["work_package", "number"]

    def __str__(self) -> str:
        return f"T{self.work_package.number}.{self.number} {self.title}"

    def clean(self) -> None:
        wp = self.work_package if self.work_package_id else None
        check_months(self, wp.project if wp else None, "start_month", "end_month")


class Deliverable(TimeStampedModel):
    work_package = required_link(WorkPackage, related_name="deliverables")
    number = models.CharField(_("number"), max_length=10, help_text=_("e.g. D2.1"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_month = Month(_("due month"))
    actual_date = models.DateField(_("delivered on"), null=True, blank=True)
    status = choice_field(
        _("status"), DeliverableStatus, max_length=12, default=DeliverableStatus.PLANNED
    )
    dissemination = choice_field(
        _("dissemination"), Dissemination, max_length=12, default=Dissemination.PUBLIC
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        ordering = ["work_package", "due_month", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def project(self) -> Project:
        return self.work_package.project

    @property
    def due_date(self) -> date:
        return self.project.month_end(self.due_month)

    @property
    def is_late(self) -> bool:
        done = self.actual_date or timezone.localdate()
        return done > self.due_date and (
            self.actual_date is not None or self.status != DeliverableStatus.APPROVED
        )

    def clean(self) -> None:
        wp = self.work_package if self.work_package_id else None
        check_months(self, wp.project if wp else None, "due_month")
        if self.status in (DeliverableStatus.SUBMITTED, DeliverableStatus.APPROVED) and (
            self.actual_date is None
        ):
            raise ValidationError(
                {"actual_date": _("A submitted deliverable needs the date it was delivered.")}
            )


# Apps whose objects may fulfil a deliverable: events, strategies, assessments, trainings...
LINKABLE_APPS = ("assessment", "services", "training", "strategy", "events", "matchmaking")


class DeliverableLink(models.Model):
    """A platform object that fulfils (part of) a deliverable."""

    deliverable = required_link(Deliverable, related_name="links")
    content_type = required_link(ContentType)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("deliverable link")
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "content_type", "object_id"], name="unique_deliverable_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deliverable.number} -> {self.content_type.app_label}.{self.object_id}"

    def clean(self) -> None:
        if self.content_type_id is None:
            return
        if self.content_type.app_label not in LINKABLE_APPS:
            raise ValidationError(
                {
                    "content_type": _(
                        "Only events, strategies, assessments, services or trainings "
                        "can fulfil a deliverable."
                    )
                }
            )
        model = self.content_type.model_class()
        if model is None or not model.objects.filter(pk=self.object_id).exists():
            raise ValidationError({"object_id": _("There is no such object.")})


class Milestone(TimeStampedModel):
    project = required_link(Project, related_name="milestones")
    work_package = optional_link(WorkPackage, related_name="milestones")
    number = models.CharField(_("number"), max_length=10, help_text=_("e.g. M1"))
    title = models.CharField(_("title"), max_length=200)
    due_month = Month(_("due month"))
    actual_date = models.DateField(_("reached on"), null=True, blank=True)
    means_of_verification = models.CharField(_("means of verification"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        ordering = ["project", "due_month", "number"]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def clean(self) -> None:
        check_months(self, self.project if self.project_id else None, "due_month")
        if self.work_package_id and self.work_package.project_id != self.project_id:
            raise ValidationError({"work_package": _("This work package is in another project.")})


class ReportingPeriod(models.Model):
    """A period the consortium reports on; the final report covers the whole project."""

    project = required_link(Project, related_name="periods")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = choice_field(_("kind"), ReportKind, max_length=10)
    start_month = Month(_("start month"))
    end_month = Month(_("end month"))

    class Meta:
        verbose_name = _("reporting period")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="unique_period_number")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} (M{self.start_month}-M{self.end_month})"

    def clean(self) -> None:
        check_months(self, self.project if self.project_id else None, "start_month", "end_month")


class NewsArticle(TimeStampedModel):
    """News about a project. Pages, API and feeds always append the funding notice to its text."""

    project = required_link(Project, related_name="news")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    author = optional_link(settings.AUTH_USER_MODEL)
    # Change history: registered in translation.py, after the per-language columns.

    class Meta:
        verbose_name = _("news article")
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_on is not None and self.published_on <= timezone.localdate()
