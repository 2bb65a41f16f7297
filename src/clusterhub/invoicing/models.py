"""Invoices for membership fees, their credit notes and the payments against them.

An invoice is issued once: from then on its lines, amounts and the parties' details (copied onto
it at issue) do not change; a mistake is corrected with a credit note, itself a numbered invoice
of kind "credit note" with negative lines. Numbers come from one counter per cluster and year
(`InvoiceCounter`), shared by invoices and credit notes, taken under a row lock in the issuing
transaction, so a rolled-back run leaves no gap and two runs never take the same number.

Money is Decimal with two places; every line is rounded on its own (ROUND_HALF_UP) and the
totals are the sums of the rounded lines (see invoicing/vat.py).
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterhub.common.fields import choice_field
from clusterhub.common.fields import optional_link
from clusterhub.common.fields import required_link
from clusterhub.common.models import TimeStampedModel
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.enums import InvoiceStatus
from clusterhub.invoicing.enums import PaymentSource
from clusterhub.invoicing.enums import StatementStatus
from clusterhub.invoicing.enums import VatPolicy
from clusterhub.invoicing.enums import VatTreatment
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation

ZERO = Decimal("0.00")


def iban_is_valid(iban: str) -> bool:
    """The ISO 13616 check: country, two check digits, then the rest; mod 97 of the rearranged
    number is 1."""
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", iban or ""):
        return False
    moved = iban[4:] + iban[:4]
    digits = "".join(str(int(ch, 36)) for ch in moved)
    return int(digits) % 97 == 1


class InvoicingSettings(TimeStampedModel):
    """A cluster's legal details and invoicing rules, printed on every invoice it issues."""

    cluster = models.OneToOneField(
        Cluster,
        verbose_name=_("cluster"),
        on_delete=models.CASCADE,
        related_name="invoicing_settings",
    )
    legal_name = models.CharField(_("legal name"), max_length=200)
    address = models.TextField(_("address"), max_length=500)
    registration_number = models.CharField(_("registration number"), max_length=40, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    invoice_prefix = models.CharField(
        _("invoice prefix"),
        max_length=12,
        help_text=_("Letters and digits; numbers read PREFIX-2026-0001."),
    )
    vat_policy = choice_field(_("VAT"), VatPolicy, max_length=10, default=VatPolicy.EU_RULES)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("21.00"),
        validators=[MinValueValidator(0), MaxValueValidator(50)],
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=30, validators=[MaxValueValidator(365)]
    )
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("days between reminders"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    footer = models.TextField(_("note on every invoice"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")

    def __str__(self) -> str:
        return self.legal_name

    def clean(self) -> None:
        errors = {}
        self.invoice_prefix = (self.invoice_prefix or "").strip().upper()
        if not re.fullmatch(r"[A-Z0-9]{1,12}", self.invoice_prefix):
            errors["invoice_prefix"] = _("Use 1 to 12 letters (A-Z) and digits, e.g. LITC.")
        self.iban = re.sub(r"\s", "", self.iban or "").upper()
        if not iban_is_valid(self.iban):
            errors["iban"] = _("This is not a valid IBAN (check the digits).")
        if self.vat_policy != VatPolicy.NOT_REGISTERED and not self.vat_number.strip():
            errors["vat_number"] = _("A cluster that charges VAT prints its own VAT number.")
        if errors:
            raise ValidationError(errors)


class BillingProfile(TimeStampedModel):
    """What invoicing needs to know of a member organisation beyond the registry and its
    membership terms (which hold the VAT number)."""

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="billing_profile",
    )
    non_taxable = models.BooleanField(
        _("not taxable"),
        default=False,
        help_text=_("A public body or other member invoiced without VAT."),
    )
    billing_email = models.EmailField(_("invoice e-mail"), blank=True)
    billing_address = models.TextField(_("invoice address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("billing profile")

    def __str__(self) -> str:
        return str(self.organisation)


class InvoiceCounter(models.Model):
    """The last number taken for a cluster and year; locked while a number is taken."""

    cluster = required_link(Cluster, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="one_counter_per_cluster_year")
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id}/{self.year}: {self.last_number}"


class Invoice(TimeStampedModel):
    cluster = required_link(
        Cluster, _("cluster"), related_name="invoices", on_delete=models.PROTECT
    )
    organisation = required_link(
        Organisation, _("member"), related_name="invoices", on_delete=models.PROTECT
    )
    membership = optional_link(Membership, _("membership"), related_name="invoices")
    kind = choice_field(_("kind"), InvoiceKind, max_length=12, default=InvoiceKind.INVOICE)
    credits = optional_link(
        "self", _("credits invoice"), related_name="credit_notes", on_delete=models.PROTECT
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Empty until issued; then PREFIX-YEAR-NNNN, never changed.
    number = models.CharField(_("number"), max_length=40, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    vat_treatment = choice_field(
        _("VAT case"), VatTreatment, max_length=16, default=VatTreatment.DOMESTIC
    )
    vat_note = models.CharField(_("VAT note"), max_length=300, blank=True)
    # The parties as they were at issue.
    seller_name = models.CharField(_("seller"), max_length=200, blank=True)
    seller_address = models.TextField(_("seller address"), blank=True)
    seller_registration = models.CharField(_("seller registration"), max_length=40, blank=True)
    seller_vat_number = models.CharField(_("seller VAT number"), max_length=20, blank=True)
    seller_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    seller_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    buyer_name = models.CharField(_("buyer"), max_length=200, blank=True)
    buyer_address = models.TextField(_("buyer address"), blank=True)
    buyer_country = models.CharField(_("buyer country"), max_length=2, blank=True)
    buyer_registration = models.CharField(_("buyer registration"), max_length=40, blank=True)
    buyer_vat_number = models.CharField(_("buyer VAT number"), max_length=20, blank=True)
    # Sums of the rounded lines; kept with the invoice so lists and exports need no join.
    net_total = models.DecimalField(_("net"), max_digits=12, decimal_places=2, default=ZERO)
    vat_total = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2, default=ZERO)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2, default=ZERO)
    # Kept up to date by the verbs that record payments and issue credit notes.
    paid_amount = models.DecimalField(_("paid"), max_digits=12, decimal_places=2, default=ZERO)
    credited_amount = models.DecimalField(
        _("credited"), max_digits=12, decimal_places=2, default=ZERO
    )
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminder_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        ordering = ["-year", "-sequence", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "year", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="invoice_number_unique_per_cluster_year",
            ),
            models.CheckConstraint(
                name="invoice_period_in_order",
                condition=models.Q(period_end__gte=models.F("period_start")),
            ),
        ]
        indexes = [
            models.Index(fields=["cluster", "period_start", "period_end"], name="invoice_period"),
            models.Index(fields=["cluster", "due_on"], name="invoice_due"),
        ]

    def __str__(self) -> str:
        return self.number or _("Draft invoice for %(member)s") % {"member": self.buyer_name}

    @property
    def is_issued(self) -> bool:
        return bool(self.number)

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE

    @property
    def outstanding(self) -> Decimal:
        """What the member still owes: the total less credit notes and payments (negative when
        overpaid)."""
        if self.is_credit_note:
            return ZERO
        return self.total - self.credited_amount - self.paid_amount

    def status_on(self, day) -> str:
        if self.is_credit_note:
            return InvoiceStatus.CREDIT_NOTE
        if not self.is_issued:
            return InvoiceStatus.DRAFT
        if self.total > 0 and self.credited_amount >= self.total:
            return InvoiceStatus.CREDITED
        if self.outstanding <= 0:
            return InvoiceStatus.PAID
        if self.due_on is not None and self.due_on < day:
            return InvoiceStatus.OVERDUE
        if self.paid_amount > 0:
            return InvoiceStatus.PARTLY_PAID
        return InvoiceStatus.OPEN

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @property
    def status_label(self) -> str:
        return InvoiceStatus(self.status).label


class InvoiceLine(models.Model):
    invoice = required_link(Invoice, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    net = models.DecimalField(_("net"), max_digits=12, decimal_places=2)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=12, decimal_places=2)
    gross = models.DecimalField(_("total"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("invoice line")
        ordering = ["invoice", "position"]

    def __str__(self) -> str:
        return self.description


class Payment(models.Model):
    invoice = required_link(
        Invoice, _("invoice"), related_name="payments", on_delete=models.PROTECT
    )
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    source = choice_field(_("source"), PaymentSource, max_length=8, default=PaymentSource.MANUAL)
    # A bank statement line's fingerprint (date, amount, reference, payer, occurrence), so the
    # same line imported twice is recognised.
    bank_key = models.CharField(max_length=64, blank=True)
    recorded_by = optional_link(settings.AUTH_USER_MODEL, _("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("payment")
        ordering = ["-paid_on", "-pk"]
        indexes = [models.Index(fields=["bank_key"], name="payment_bank_key")]
        constraints = [
            models.CheckConstraint(name="payment_positive", condition=models.Q(amount__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.amount} {self.invoice}"


class BankStatement(TimeStampedModel):
    """An uploaded bank statement with the proposed match of each line, kept for the review
    step: nothing is recorded until the reviewer applies the lines they tick."""

    cluster = required_link(Cluster, _("cluster"), related_name="+")
    filename = models.CharField(_("file"), max_length=200)
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, _("uploaded by"))
    status = choice_field(
        _("status"), StatementStatus, max_length=10, default=StatementStatus.REVIEW
    )
    rows = models.JSONField(_("lines"), default=list)
    applied_count = models.PositiveIntegerField(_("payments recorded"), default=0)

    class Meta:
        verbose_name = _("bank statement")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
