"""The invoicing verbs: generate a period's invoices, issue, credit, record and undo payments,
read a bank statement for review and apply it, remind members of overdue invoices.

One module per responsibility (base: settings, numbering, amounts; invoices; credit_notes;
payments; bank_statements; reminders); this package publishes the verbs, so callers write
`from clusterhub.invoicing import domain` and `domain.generate_invoices(...)`.

Each verb runs in one transaction. Numbers are taken from the per-cluster-year counter under a
row lock inside the issuing transaction, so the sequence has no gap and no duplicate.
"""

from clusterhub.invoicing.domain.bank_statements import BANK_COLUMNS
from clusterhub.invoicing.domain.bank_statements import MAX_STATEMENT_BYTES
from clusterhub.invoicing.domain.bank_statements import MAX_STATEMENT_ROWS
from clusterhub.invoicing.domain.bank_statements import PROPOSED
from clusterhub.invoicing.domain.bank_statements import apply_bank_statement
from clusterhub.invoicing.domain.bank_statements import bank_key
from clusterhub.invoicing.domain.bank_statements import discard_bank_statement
from clusterhub.invoicing.domain.bank_statements import read_bank_statement
from clusterhub.invoicing.domain.base import AUDIT_CREDIT_NOTE
from clusterhub.invoicing.domain.base import AUDIT_INVOICE_ISSUED
from clusterhub.invoicing.domain.base import AUDIT_INVOICES_GENERATED
from clusterhub.invoicing.domain.base import AUDIT_PAYMENT
from clusterhub.invoicing.domain.base import AUDIT_PAYMENT_UNDONE
from clusterhub.invoicing.domain.base import AUDIT_REMINDER
from clusterhub.invoicing.domain.base import AUDIT_STATEMENT
from clusterhub.invoicing.domain.base import invoice_number
from clusterhub.invoicing.domain.base import save_billing_profile
from clusterhub.invoicing.domain.base import save_settings
from clusterhub.invoicing.domain.base import settings_of
from clusterhub.invoicing.domain.credit_notes import create_credit_note
from clusterhub.invoicing.domain.invoices import GenerationResult
from clusterhub.invoicing.domain.invoices import delete_draft
from clusterhub.invoicing.domain.invoices import generate_invoices
from clusterhub.invoicing.domain.invoices import issue_invoice
from clusterhub.invoicing.domain.invoices import period_of_year
from clusterhub.invoicing.domain.payments import record_payment
from clusterhub.invoicing.domain.payments import undo_payment
from clusterhub.invoicing.domain.reminders import ReminderResult
from clusterhub.invoicing.domain.reminders import open_invoices
from clusterhub.invoicing.domain.reminders import overdue_invoices
from clusterhub.invoicing.domain.reminders import reminder_addresses
from clusterhub.invoicing.domain.reminders import send_overdue_reminders
from clusterhub.invoicing.models import InvoiceLine

__all__ = [
    "AUDIT_CREDIT_NOTE",
    "AUDIT_INVOICES_GENERATED",
    "AUDIT_INVOICE_ISSUED",
    "AUDIT_PAYMENT",
    "AUDIT_PAYMENT_UNDONE",
    "AUDIT_REMINDER",
    "AUDIT_STATEMENT",
    "BANK_COLUMNS",
    "MAX_STATEMENT_BYTES",
    "MAX_STATEMENT_ROWS",
    "PROPOSED",
    "GenerationResult",
    "InvoiceLine",
    "ReminderResult",
    "apply_bank_statement",
    "bank_key",
    "create_credit_note",
    "delete_draft",
    "discard_bank_statement",
    "generate_invoices",
    "invoice_number",
    "issue_invoice",
    "open_invoices",
    "overdue_invoices",
    "period_of_year",
    "read_bank_statement",
    "record_payment",
    "reminder_addresses",
    "save_billing_profile",
    "save_settings",
    "send_overdue_reminders",
    "settings_of",
    "undo_payment",
]
