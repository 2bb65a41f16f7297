from django.db import models
from django.utils.translation import gettext_lazy as _


class VatPolicy(models.TextChoices):
    """How a cluster charges VAT on membership fees."""

    EU_RULES = "eu_rules", _("EU rules: domestic VAT, reverse charge for EU businesses")
    DOMESTIC_ALWAYS = "domestic", _("Domestic VAT on every invoice (except non-taxable members)")
    NOT_REGISTERED = "none", _("No VAT: the cluster is not registered for VAT")


class VatTreatment(models.TextChoices):
    """The VAT case of one invoice, decided at issue."""

    DOMESTIC = "domestic", _("Domestic VAT")
    REVERSE_CHARGE = "reverse_charge", _("Reverse charge (EU)")
    NON_TAXABLE = "non_taxable", _("Not taxable")
    OUTSIDE_EU = "outside_eu", _("Outside the EU")
    NOT_REGISTERED = "not_registered", _("No VAT charged")


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceStatus(models.TextChoices):
    """What a reader is told about an invoice; computed, never stored."""

    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    CREDITED = "credited", _("Credited")
    CREDIT_NOTE = "credit_note", _("Credit note")


class PaymentSource(models.TextChoices):
    MANUAL = "manual", _("Recorded by hand")
    BANK = "bank", _("Bank statement")
    API = "api", _("API")


class StatementStatus(models.TextChoices):
    REVIEW = "review", _("Waiting for review")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")


class InvoicingAuditAction(models.TextChoices):
    """What the audit log records of invoicing, in words there (registered in apps.py)."""

    INVOICES_GENERATED = "invoices_generated", _("Invoices generated")
    INVOICE_ISSUED = "invoice_issued", _("Invoice issued")
    CREDIT_NOTE = "credit_note_issued", _("Credit note issued")
    PAYMENT = "payment_recorded", _("Payment recorded")
    PAYMENT_UNDONE = "payment_undone", _("Payment undone")
    STATEMENT = "bank_statement_applied", _("Bank statement applied")
    REMINDER = "invoice_reminder_sent", _("Payment reminder sent")
