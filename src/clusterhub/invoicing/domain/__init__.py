"""The invoicing verbs: generate a period's invoices, issue, credit, record and undo payments,
read a bank statement for review and apply it, remind members of overdue invoices.

One module per responsibility (base: settings, numbering, amounts; invoices; credit_notes;
payments; bank_statements; reminders); this package publishes the verbs, so callers write
`from clusterhub.invoicing import domain` and `domain.generate_invoices(...)`.

Each verb runs in one transaction. Numbers are taken from the per-cluster-year counter under a
row lock inside the issuing transaction, so the sequence has no gap and no duplicate.
"""

from clusterhub.invoicing.domain.bank_statements import (
    BANK_COLUMNS,
    MAX_STATEMENT_BYTES,
    MAX_STATEMENT_ROWS,
    PROPOSED,
    apply_bank_statement,
    bank_key,
    discard_bank_statement,
    read_bank_statement,
)
from clusterhub.invoicing.domain.base import (
    AUDIT_CREDIT_NOTE,
    AUDIT_INVOICE_ISSUED,
    AUDIT_INVOICES_GENERATED,
    AUDIT_PAYMENT,
    AUDIT_PAYMENT_UNDONE,
    AUDIT_REMINDER,
    AUDIT_STATEMENT,
    invoice_number,
    save_billing_profile,
    save_settings,
    settings_of,
)
from clusterhub.invoicing.domain.credit_notes import create_credit_note
from clusterhub.invoicing.domain.invoices import (
    GenerationResult,
    delete_draft,
    generate_invoices,
    issue_invoice,
    period_of_year,
)
from clusterhub.invoicing.domain.payments import record_payment, undo_payment
from clusterhub.invoicing.domain.reminders import (
    ReminderResult,
    open_invoices,
    overdue_invoices,
    reminder_addresses,
    send_overdue_reminders,
)
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
