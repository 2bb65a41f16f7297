from django.db import models
from django.utils.translation import gettext_lazy as _


class InvoicingAuditAction(models.TextChoices):
    """What the audit log records of invoicing, in words there (registered in apps.py)."""

    INVOICES_GENERATED = "invoices_generated", _("Invoices generated")
    INVOICE_ISSUED = "invoice_issued", _("Invoice issued")
    CREDIT_NOTE = "credit_note_issued", _("Credit note issued")
    PAYMENT = "payment_recorded", _("Payment recorded")
    PAYMENT_UNDONE = "payment_undone", _("Payment undone")
    STATEMENT = "bank_statement_applied", _("Bank statement applied")
    REMINDER = "invoice_reminder_sent", _("Payment reminder sent")
