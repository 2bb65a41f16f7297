"""Bank statements: read a CSV or XLSX statement, propose a match for each line (nothing is
recorded yet), then record the lines the reviewer ticks, or discard the statement."""

import hashlib
import re
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.accounts.audit import record
from clusterhub.accounts.models import AuditEntry
from clusterhub.common.cleaning import clean_model_text
from clusterhub.common.numbers import format_money
from clusterhub.common.spreadsheets import Table
from clusterhub.common.spreadsheets import TableError
from clusterhub.common.spreadsheets import read_table
from clusterhub.invoicing import vat
from clusterhub.invoicing.domain.base import AUDIT_STATEMENT
from clusterhub.invoicing.domain.base import settings_of
from clusterhub.invoicing.domain.payments import checked_payment
from clusterhub.invoicing.domain.payments import payment_entry
from clusterhub.invoicing.enums import InvoiceKind
from clusterhub.invoicing.enums import PaymentSource
from clusterhub.invoicing.enums import StatementStatus
from clusterhub.invoicing.models import ZERO
from clusterhub.invoicing.models import BankStatement
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import Payment
from clusterhub.registry.models import Cluster

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_ROWS = 20_000

BANK_COLUMNS = ("date", "amount", "reference", "payer")
_DATE_FORMATS = (
    r"(\d{4})-(\d{2})-(\d{2})",
    r"(\d{2})\.(\d{2})\.(\d{4})",
    r"(\d{2})/(\d{2})/(\d{4})",
)


def _parse_date(text: str) -> date | None:
    text = text.strip()[:10]
    for index, pattern in enumerate(_DATE_FORMATS):
        match = re.fullmatch(pattern, text)
        if match:
            a, b, c = (int(g) for g in match.groups())
            try:
                return date(a, b, c) if index == 0 else date(c, b, a)
            except ValueError:
                return None
    return None


def _parse_amount(text: str) -> Decimal | None:
    text = text.strip().replace("\xa0", "").replace(" ", "").replace("€", "")
    if "," in text and "." in text:
        # The last separator is the decimal one.
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    else:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or value != value.quantize(vat.CENT) or abs(value) >= 10**10:
        return None
    return value.quantize(vat.CENT)


def bank_key(cluster_id: int, day: date, amount: Decimal, reference: str, payer: str, n: int):
    """The fingerprint of a statement line: the same line in a later statement has the same
    one; two identical lines in one statement differ by their occurrence `n`."""
    text = "|".join(
        [
            str(cluster_id),
            day.isoformat(),
            str(amount),
            " ".join(reference.upper().split()),
            " ".join(payer.upper().split()),
            str(n),
        ]
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _number_pattern(prefix: str) -> re.Pattern:
    return re.compile(rf"{re.escape(prefix)}\s*-?\s*(\d{{4}})\s*-?\s*(\d{{1,6}})", re.IGNORECASE)


def _read_statement_table(data: bytes, filename: str) -> Table:
    """The statement's table, with the columns it needs; a ValidationError on `file` else."""
    try:
        table = read_table(data, filename, max_bytes=MAX_STATEMENT_BYTES)
    except TableError as error:
        raise ValidationError({"file": str(error)}) from None
    missing = [c for c in BANK_COLUMNS if c not in table.headers]
    if missing:
        raise ValidationError(
            {
                "file": ngettext(
                    "The statement lacks the column %(columns)s; it needs %(all)s.",
                    "The statement lacks the columns %(columns)s; it needs %(all)s.",
                    len(missing),
                )
                % {"columns": ", ".join(missing), "all": ", ".join(BANK_COLUMNS)}
            }
        )
    if table.problems:
        problem = table.problems[0]
        raise ValidationError(
            {
                "file": _("Row %(row)s, column %(column)s: %(message)s")
                % {"row": problem.row, "column": problem.column, "message": problem.message}
            }
        )
    if len(table.rows) > MAX_STATEMENT_ROWS:
        raise ValidationError(
            {"file": _("At most %(n)s lines per statement.") % {"n": MAX_STATEMENT_ROWS}}
        )
    return table


def _invoices_named(cluster: Cluster, wanted: set[tuple[int, int]]):
    """The cluster's issued invoices by (year, sequence), of those the references name."""
    invoices: dict[tuple[int, int], Invoice] = {}
    if wanted:
        years = {y for y, _n in wanted}
        for invoice in Invoice.objects.filter(
            cluster=cluster, kind=InvoiceKind.INVOICE, year__in=years, sequence__isnull=False
        ).only(
            "pk",
            "number",
            "year",
            "sequence",
            "total",
            "paid_amount",
            "credited_amount",
            "kind",
            "buyer_name",
            "currency",
        ):
            invoices[(invoice.year, invoice.sequence)] = invoice
    return invoices


def _statement_line(cluster: Cluster, parsed_row, invoices, seen: dict[tuple, int]) -> dict:
    """One line of the review: the row read, its fingerprint and invoice, and the outcome
    settled by the line alone (error, outgoing, duplicate within the statement, unmatched)."""
    row_number, day, amount, reference, payer, numbers = parsed_row
    line = {
        "row": row_number,
        "date": day.isoformat() if day else "",
        "amount": str(amount) if amount is not None else "",
        "reference": reference,
        "payer": payer,
        "invoice": None,
        "number": "",
        "outcome": "",
        "message": "",
        "key": "",
    }
    if day is None:
        line["outcome"], line["message"] = (
            "error",
            _("The date cannot be read (use 2026-03-31)."),
        )
        return line
    if amount is None:
        line["outcome"], line["message"] = "error", _("The amount cannot be read.")
        return line
    if amount <= 0:
        line["outcome"], line["message"] = "outgoing", _("Not a payment received; ignored.")
        return line
    identity = (
        day,
        amount,
        " ".join(reference.upper().split()),
        " ".join(payer.upper().split()),
    )
    occurrence = seen.get(identity, 0) + 1
    seen[identity] = occurrence
    line["key"] = bank_key(cluster.pk, day, amount, reference, payer, occurrence)
    if occurrence > 1:
        line["outcome"] = "duplicate"
        line["message"] = _(
            "The same as an earlier line of this statement; tick it only if "
            "the member really paid twice."
        )
    invoice = next((invoices[n] for n in numbers if n in invoices), None)
    if invoice is None:
        if not line["outcome"]:
            line["outcome"] = "unmatched"
            line["message"] = _("No invoice number of this cluster in the reference.")
        return line
    line["invoice"] = invoice.pk
    line["number"] = invoice.number
    return line


def _compare_with_outstanding(rows: list[dict], invoices, known_keys: set[str]) -> None:
    """Settle the outcome of each matched line: duplicate of an earlier statement, or the
    amount against what is outstanding, earlier lines of this statement counted."""
    pending: dict[int, Decimal] = {}
    by_pk = {i.pk: i for i in invoices.values()}
    for line in rows:
        if line["key"] in known_keys:
            line["outcome"] = "duplicate"
            line["message"] = _("Already recorded from an earlier statement.")
            continue
        if line["invoice"] is None or line["outcome"]:
            continue
        invoice = by_pk[line["invoice"]]
        amount = Decimal(line["amount"])
        outstanding = invoice.outstanding - pending.get(invoice.pk, ZERO)
        if outstanding <= 0:
            line["outcome"] = "already_paid"
            line["message"] = _("Invoice %(number)s is already paid.") % {"number": invoice.number}
            continue
        pending[invoice.pk] = pending.get(invoice.pk, ZERO) + amount
        if amount == outstanding:
            line["outcome"] = "full"
        elif amount < outstanding:
            line["outcome"] = "partial"
            line["message"] = _("Partial payment: %(rest)s stays open.") % {
                "rest": format_money(outstanding - amount, invoice.currency)
            }
        else:
            line["outcome"] = "overpaid"
            line["message"] = _("%(extra)s more than outstanding.") % {
                "extra": format_money(amount - outstanding, invoice.currency)
            }


@transaction.atomic
def read_bank_statement(
    *, cluster: Cluster, data: bytes, filename: str, user=None
) -> BankStatement:
    """Read a CSV (or XLSX) statement with the columns date, amount, reference, payer and
    propose a match for each line; nothing is recorded before `apply_bank_statement`.

    Each line gets an `outcome`: full, partial, overpaid (the invoice found by the number in
    the reference, the amount compared with what is outstanding, earlier lines of the statement
    counted), already_paid, duplicate (the line was recorded before, or repeats an earlier line
    of this statement), unmatched (no invoice number of this cluster in the reference),
    outgoing (money paid out) or error (a date or amount that cannot be read).
    """
    settings = settings_of(cluster)
    table = _read_statement_table(data, filename)
    pattern = _number_pattern(settings.invoice_prefix)
    parsed = []
    wanted: set[tuple[int, int]] = set()
    for row_number, row in table.numbered_rows():
        day = _parse_date(row.get("date", ""))
        amount = _parse_amount(row.get("amount", ""))
        reference = row.get("reference", "")[:300]
        payer = row.get("payer", "")[:200]
        numbers = [(int(y), int(n)) for y, n in pattern.findall(reference)]
        wanted.update(numbers)
        parsed.append((row_number, day, amount, reference, payer, numbers))
    invoices = _invoices_named(cluster, wanted)
    seen: dict[tuple, int] = {}
    rows = [_statement_line(cluster, parsed_row, invoices, seen) for parsed_row in parsed]
    keys = [line["key"] for line in rows if line["key"]]
    known_keys = set(
        Payment.objects.filter(bank_key__in=keys, invoice__cluster=cluster).values_list(
            "bank_key", flat=True
        )
    )
    _compare_with_outstanding(rows, invoices, known_keys)
    return BankStatement.objects.create(
        cluster=cluster,
        filename=(filename or "statement.csv")[:200],
        uploaded_by=user if user is not None and user.is_authenticated else None,
        rows=rows,
    )


# Outcomes whose lines are ticked in the review by default.
PROPOSED = frozenset({"full", "partial"})


def apply_bank_statement(
    *, statement: BankStatement, choices: dict[int, int], user=None
) -> list[Payment]:
    """Record the reviewed lines: `choices` maps a statement row number to the id of the
    invoice (of the statement's cluster) it pays. Lines already recorded are refused, and one
    refused line records nothing. Each line is checked by the rules of a payment typed by hand
    (payments.checked_payment); the payments, invoices and audit entries are then written in
    bulk, so a statement of thousands of lines takes seconds, not minutes."""
    with transaction.atomic():
        statement = BankStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != StatementStatus.REVIEW:
            raise ValidationError(_("This statement has already been applied or discarded."))
        by_row = {line["row"]: line for line in statement.rows}
        invoices = (
            Invoice.objects.select_for_update()
            .filter(cluster_id=statement.cluster_id, pk__in=set(choices.values()))
            .order_by("pk")  # locked in one order, so two statements cannot deadlock
            .in_bulk()
        )
        recorded = set(
            Payment.objects.filter(
                invoice__cluster_id=statement.cluster_id,
                bank_key__in=[by_row[r].get("key") for r in choices if r in by_row],
            ).values_list("bank_key", flat=True)
        )
        payments = [
            _statement_payment(row, by_row.get(row), invoices.get(invoice_id), recorded, user)
            for row, invoice_id in sorted(choices.items())
        ]
        _write_payments(payments)
        statement.status = StatementStatus.APPLIED
        statement.applied_count = len(payments)
        statement.save(update_fields=["status", "applied_count", "updated_at"])
        record(
            AUDIT_STATEMENT,
            target=statement,
            cluster=statement.cluster,
            payments=len(payments),
            total=str(sum((p.amount for p in payments), ZERO)),
        )
    return payments


def _statement_payment(row: int, line, invoice, recorded: set[str], user) -> Payment:
    """The payment a reviewed line records (unsaved; the invoice's paid amount already counts
    it, so the next line paying the same invoice sees it), or the line's problem."""
    if line is None or not line.get("key"):
        raise ValidationError(
            _("Row %(row)s is not a payment line of this statement.") % {"row": row}
        )
    if invoice is None:
        raise ValidationError(_("Row %(row)s: choose an invoice of this cluster.") % {"row": row})
    try:
        if line["key"] in recorded:
            raise ValidationError(_("This bank statement line is already recorded."))
        payment = checked_payment(
            invoice,
            amount=Decimal(line["amount"]),
            paid_on=date.fromisoformat(line["date"]),
            payer=line["payer"],
            reference=line["reference"],
            source=PaymentSource.BANK,
            user=user,
            bank_key=line["key"],
            allow_overpayment=True,
        )
    except ValidationError as error:
        raise ValidationError(
            _("Row %(row)s: %(problem)s") % {"row": row, "problem": " ".join(error.messages)}
        ) from None
    recorded.add(line["key"])
    invoice.paid_amount += payment.amount
    return payment


def _write_payments(payments: list[Payment]) -> None:
    """Store checked payments, their invoices' paid amounts and one audit entry each."""
    for payment in payments:
        clean_model_text(Payment, payment)  # bulk_create sends no pre_save
    Payment.objects.bulk_create(payments, batch_size=1000)
    now = timezone.now()
    invoices = {payment.invoice_id: payment.invoice for payment in payments}
    for invoice in invoices.values():
        invoice.updated_at = now
    Invoice.objects.bulk_update(invoices.values(), ["paid_amount", "updated_at"], batch_size=1000)
    AuditEntry.objects.bulk_create([payment_entry(p) for p in payments], batch_size=1000)


@transaction.atomic
def discard_bank_statement(*, statement: BankStatement) -> None:
    if statement.status != StatementStatus.REVIEW:
        raise ValidationError(_("This statement has already been applied or discarded."))
    statement.status = StatementStatus.DISCARDED
    statement.save(update_fields=["status", "updated_at"])
