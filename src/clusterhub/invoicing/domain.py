"""The invoicing verbs: generate a period's invoices, issue, credit, record payments, read a
bank statement for review and apply it, remind members of overdue invoices.

Each verb runs in one transaction. Numbers are taken from the per-cluster-year counter under a
row lock (`_take_numbers`) inside the issuing transaction: a run that fails gives its numbers
back with its rollback, and a concurrent run waits for the lock, so the sequence has no gap and
no duplicate. Invoice generation also locks the cluster's settings row, so two runs for the
same period cannot both invoice one member.
"""

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from clusterhub.accounts.audit import record
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.common.mail import in_language_of, send_notification
from clusterhub.common.numbers import format_money
from clusterhub.common.spreadsheets import TableError, read_table
from clusterhub.invoicing import vat
from clusterhub.invoicing.models import (
    ZERO,
    BankStatement,
    BillingProfile,
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    InvoiceLine,
    InvoicingSettings,
    Payment,
    PaymentSource,
    StatementStatus,
)
from clusterhub.membership.fees import FeeError, billable_memberships, fee_for
from clusterhub.registry.models import Cluster, Membership

MAX_STATEMENT_BYTES = 5 * 1024 * 1024
MAX_STATEMENT_ROWS = 20_000

# Audit actions (accounts.audit.record takes any short name).
AUDIT_INVOICES_GENERATED = "invoices_generated"
AUDIT_INVOICE_ISSUED = "invoice_issued"
AUDIT_CREDIT_NOTE = "credit_note_issued"
AUDIT_PAYMENT = "payment_recorded"
AUDIT_STATEMENT = "bank_statement_applied"
AUDIT_REMINDER = "invoice_reminder_sent"


def settings_of(cluster: Cluster) -> InvoicingSettings:
    """The cluster's invoicing settings; a ValidationError when none are saved yet."""
    found = InvoicingSettings.objects.filter(cluster=cluster).first()
    if found is None:
        raise ValidationError(
            _("Fill in the cluster's invoicing settings (legal name, IBAN, prefix) first.")
        )
    return found


@transaction.atomic
def save_settings(*, settings: InvoicingSettings) -> InvoicingSettings:
    settings.full_clean()
    settings.save()
    return settings


@transaction.atomic
def save_billing_profile(*, profile: BillingProfile) -> BillingProfile:
    profile.full_clean()
    profile.save()
    return profile


def invoice_number(prefix: str, year: int, sequence: int) -> str:
    return f"{prefix}-{year}-{sequence:04d}"


def _take_numbers(cluster_id: int, year: int, count: int) -> int:
    """Reserve `count` consecutive numbers of the cluster's year; returns the first. Must run
    inside the transaction that uses them: the counter row stays locked until it ends."""
    InvoiceCounter.objects.bulk_create(
        [InvoiceCounter(cluster_id=cluster_id, year=year)], ignore_conflicts=True
    )
    counter = InvoiceCounter.objects.select_for_update().get(cluster_id=cluster_id, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return first


def _number(invoices: list[Invoice], settings: InvoicingSettings, issued_on: date) -> None:
    """Give the invoices (already saved, in order) consecutive numbers of `issued_on`'s year."""
    if not invoices:
        return
    first = _take_numbers(settings.cluster_id, issued_on.year, len(invoices))
    for offset, invoice in enumerate(invoices):
        invoice.year = issued_on.year
        invoice.sequence = first + offset
        invoice.number = invoice_number(settings.invoice_prefix, issued_on.year, first + offset)
        invoice.issued_on = issued_on
        if invoice.kind == InvoiceKind.INVOICE:
            invoice.due_on = issued_on + timedelta(days=settings.payment_terms_days)
        else:
            invoice.due_on = issued_on


def _vat_number_of(membership: Membership | None) -> str:
    terms = getattr(membership, "terms", None) if membership is not None else None
    return getattr(terms, "vat_number", "") or ""


def _fill_parties(
    invoice: Invoice,
    settings: InvoicingSettings,
    membership: Membership,
    profile: BillingProfile | None,
) -> Decimal:
    """Copy seller and buyer details onto the invoice and decide its VAT case; the rate."""
    cluster = settings.cluster
    organisation = membership.organisation
    invoice.seller_name = settings.legal_name
    invoice.seller_address = settings.address
    invoice.seller_registration = settings.registration_number
    invoice.seller_vat_number = vat.printed_vat_number(settings.vat_number, cluster.country)
    invoice.seller_iban = settings.iban
    invoice.seller_bic = settings.bic
    invoice.buyer_name = organisation.name
    address = (profile.billing_address if profile else "") or ", ".join(
        part for part in (organisation.address, organisation.city) if part
    )
    invoice.buyer_address = address
    invoice.buyer_country = organisation.country
    invoice.buyer_registration = organisation.registration_number or ""
    raw_vat_number = _vat_number_of(membership)
    treatment, rate = vat.vat_case(
        policy=settings.vat_policy,
        rate=settings.vat_rate,
        seller_country=cluster.country,
        buyer_country=organisation.country,
        buyer_vat_number=raw_vat_number,
        buyer_non_taxable=bool(profile and profile.non_taxable),
    )
    invoice.buyer_vat_number = vat.printed_vat_number(raw_vat_number, organisation.country)
    invoice.vat_treatment = treatment
    invoice.vat_note = vat.vat_note(treatment, rate)
    return rate


def _fee_description(period_start: date, period_end: date) -> str:
    if (
        period_start.month == 1
        and period_start.day == 1
        and period_end == date(period_start.year, 12, 31)
    ):
        return _("Membership fee %(year)s") % {"year": period_start.year}
    return _("Membership fee %(start)s – %(end)s") % {
        "start": period_start.isoformat(),
        "end": period_end.isoformat(),
    }


def _set_totals(invoice: Invoice, lines: list[InvoiceLine]) -> None:
    invoice.net_total = sum((line.net for line in lines), ZERO)
    invoice.vat_total = sum((line.vat for line in lines), ZERO)
    invoice.total = sum((line.gross for line in lines), ZERO)


def _line(position: int, description: str, quantity, unit_price, rate) -> InvoiceLine:
    amounts = vat.line_amounts(Decimal(quantity), Decimal(unit_price), Decimal(rate))
    return InvoiceLine(
        position=position,
        description=description,
        quantity=Decimal(quantity),
        unit_price=Decimal(unit_price),
        net=amounts.net,
        vat_rate=Decimal(rate),
        vat=amounts.vat,
        gross=amounts.gross,
    )


@dataclass
class GenerationResult:
    created: list[Invoice] = field(default_factory=list)
    already_invoiced: int = 0
    free: int = 0
    problems: list[str] = field(default_factory=list)


def period_of_year(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if (period_end - period_start).days > 3 * 366:
        raise ValidationError({"period_end": _("A period may be at most three years long.")})


def generate_invoices(
    *,
    cluster: Cluster,
    period_start: date,
    period_end: date,
    issued_on: date | None = None,
    issue: bool = True,
) -> GenerationResult:
    """One invoice per billable membership of the period, from the fee rules.

    Idempotent: a membership that already has an invoice for the same period (not fully
    credited) is skipped, so a run can be repeated after fixing a fee rule. A free type or a
    fee of 0.00 gets no invoice. A membership whose fee cannot be worked out is reported and
    skipped. With `issue`, the new invoices are numbered in the members' alphabetical order.
    """
    _check_period(period_start, period_end)
    issued_on = issued_on or timezone.localdate()
    result = GenerationResult()
    with transaction.atomic():
        settings = (
            InvoicingSettings.objects.select_for_update()
            .select_related("cluster")
            .filter(cluster=cluster)
            .first()
        )
        if settings is None:
            settings_of(cluster)  # raises the message
        done = set(
            Invoice.objects.filter(
                cluster=cluster,
                kind=InvoiceKind.INVOICE,
                period_start=period_start,
                period_end=period_end,
                membership__isnull=False,
            )
            .exclude(total__gt=0, credited_amount__gte=F("total"))
            .values_list("membership_id", flat=True)
        )
        memberships = list(billable_memberships(cluster, period_start, period_end))
        profiles = {
            p.organisation_id: p
            for p in BillingProfile.objects.filter(
                organisation_id__in=[m.organisation_id for m in memberships]
            )
        }
        description = _fee_description(period_start, period_end)
        invoices: list[Invoice] = []
        lines: list[list[InvoiceLine]] = []
        for membership in memberships:
            if membership.pk in done:
                result.already_invoiced += 1
                continue
            try:
                fee = fee_for(membership, period_start, period_end)
            except FeeError as error:
                result.problems.append(str(error))
                continue
            if fee <= 0:
                result.free += 1
                continue
            invoice = Invoice(
                cluster=cluster,
                organisation=membership.organisation,
                membership=membership,
                period_start=period_start,
                period_end=period_end,
            )
            rate = _fill_parties(
                invoice, settings, membership, profiles.get(membership.organisation_id)
            )
            invoice_lines = [_line(1, description, 1, fee, rate)]
            _set_totals(invoice, invoice_lines)
            invoices.append(invoice)
            lines.append(invoice_lines)
        if issue:
            _number(invoices, settings, issued_on)
        Invoice.objects.bulk_create(invoices, batch_size=1000)
        all_lines = []
        for invoice, invoice_lines in zip(invoices, lines, strict=True):
            for line in invoice_lines:
                line.invoice = invoice
                all_lines.append(line)
        InvoiceLine.objects.bulk_create(all_lines, batch_size=2000)
        result.created = invoices
        if invoices:
            record(
                AUDIT_INVOICES_GENERATED,
                cluster=cluster,
                period=f"{period_start.isoformat()}/{period_end.isoformat()}",
                count=len(invoices),
                issued=issue,
                first=invoices[0].number,
                last=invoices[-1].number,
                total=str(sum((i.total for i in invoices), ZERO)),
            )
    return result


def issue_invoice(*, invoice: Invoice, issued_on: date | None = None) -> Invoice:
    """Number a draft and fix its dates; an issued invoice is refused."""
    issued_on = issued_on or timezone.localdate()
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_issued:
            raise ValidationError(_("Invoice %(number)s is already issued.") % {"number": invoice})
        settings = settings_of(invoice.cluster)
        _number([invoice], settings, issued_on)
        invoice.save()
        record(AUDIT_INVOICE_ISSUED, target=invoice, total=str(invoice.total))
    return invoice


def delete_draft(*, invoice: Invoice) -> None:
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_issued:
            raise ValidationError(
                _("An issued invoice is never deleted; issue a credit note instead.")
            )
        invoice.delete()


def _money(value, field_name: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: _("Enter an amount such as 120.50.")}) from None
    if not amount.is_finite():
        raise ValidationError({field_name: _("Enter an amount such as 120.50.")})
    if amount != amount.quantize(vat.CENT):
        raise ValidationError({field_name: _("An amount has at most two decimals.")})
    if abs(amount) >= Decimal("10000000000"):
        raise ValidationError({field_name: _("This amount is too large.")})
    return amount.quantize(vat.CENT)


def create_credit_note(
    *,
    invoice: Invoice,
    reason: str,
    amount: Decimal | None = None,
    issued_on: date | None = None,
) -> Invoice:
    """A numbered credit note against an issued invoice, for `amount` (gross, VAT included) or
    for all that is not yet credited. The invoice itself is never changed, except for the
    running credited amount."""
    issued_on = issued_on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the invoice is credited.")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note:
            raise ValidationError(_("A credit note cannot itself be credited."))
        if not invoice.is_issued:
            raise ValidationError(_("A draft is deleted or issued, not credited."))
        creditable = invoice.total - invoice.credited_amount
        if amount is None:
            amount = creditable
        amount = _money(amount, "amount")
        if amount <= 0:
            raise ValidationError({"amount": _("The amount to credit must be more than 0.")})
        if amount > creditable:
            raise ValidationError(
                {
                    "amount": _("At most %(amount)s of this invoice is left to credit.")
                    % {"amount": format_money(creditable, invoice.currency)}
                }
            )
        settings = settings_of(invoice.cluster)
        source_lines = list(invoice.lines.all())
        if amount == invoice.total and invoice.credited_amount == 0:
            lines = [
                _line(
                    line.position,
                    line.description,
                    line.quantity,
                    -line.unit_price,
                    line.vat_rate,
                )
                for line in source_lines
            ]
        else:
            rate = source_lines[0].vat_rate if source_lines else Decimal(0)
            net = vat.round_cent(amount * 100 / (100 + rate))
            line = InvoiceLine(
                position=1,
                description=_("Partial credit of invoice %(number)s") % {"number": invoice.number},
                quantity=Decimal(1),
                unit_price=-net,
                net=-net,
                vat_rate=rate,
                vat=-(amount - net),
                gross=-amount,
            )
            lines = [line]
        note = Invoice(
            cluster=invoice.cluster,
            organisation=invoice.organisation,
            membership=invoice.membership,
            kind=InvoiceKind.CREDIT_NOTE,
            credits=invoice,
            reason=reason[:300],
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            currency=invoice.currency,
        )
        for name in (
            "vat_treatment",
            "vat_note",
            "seller_name",
            "seller_address",
            "seller_registration",
            "seller_vat_number",
            "seller_iban",
            "seller_bic",
            "buyer_name",
            "buyer_address",
            "buyer_country",
            "buyer_registration",
            "buyer_vat_number",
        ):
            setattr(note, name, getattr(invoice, name))
        _set_totals(note, lines)
        _number([note], settings, issued_on)
        note.save()
        for line in lines:
            line.invoice = note
        InvoiceLine.objects.bulk_create(lines)
        invoice.credited_amount += amount
        invoice.save(update_fields=["credited_amount", "updated_at"])
        record(
            AUDIT_CREDIT_NOTE,
            target=note,
            credits=invoice.number,
            amount=str(amount),
            reason=reason[:300],
        )
    return note


def record_payment(
    *,
    invoice: Invoice,
    amount,
    paid_on: date,
    payer: str = "",
    reference: str = "",
    source: str = PaymentSource.MANUAL,
    user=None,
    bank_key: str = "",
    allow_overpayment: bool = False,
) -> Payment:
    """Record money received against an issued invoice. A partial payment leaves the rest
    open; more than is outstanding is refused unless `allow_overpayment` (a reviewed bank line)."""
    amount = _money(amount, "amount")
    if amount <= 0:
        raise ValidationError({"amount": _("A payment must be more than 0.")})
    if paid_on is None:
        raise ValidationError({"paid_on": _("Give the day the money arrived.")})
    if paid_on > timezone.localdate() + timedelta(days=1):
        raise ValidationError({"paid_on": _("The payment date is in the future.")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.is_credit_note or not invoice.is_issued:
            raise ValidationError(_("Payments are recorded against issued invoices only."))
        if (
            bank_key
            and Payment.objects.filter(
                bank_key=bank_key, invoice__cluster_id=invoice.cluster_id
            ).exists()
        ):
            raise ValidationError(_("This bank statement line is already recorded."))
        if amount > invoice.outstanding and not allow_overpayment:
            raise ValidationError(
                {
                    "amount": _("Only %(amount)s is outstanding on invoice %(number)s.")
                    % {
                        "amount": format_money(max(invoice.outstanding, ZERO), invoice.currency),
                        "number": invoice.number,
                    }
                }
            )
        payment = Payment(
            invoice=invoice,
            amount=amount,
            paid_on=paid_on,
            payer=(payer or "")[:200],
            reference=(reference or "")[:300],
            source=source,
            bank_key=bank_key,
            recorded_by=user if user is not None and user.is_authenticated else None,
        )
        payment.full_clean(exclude=["invoice", "recorded_by"])
        payment.save()
        invoice.paid_amount += amount
        invoice.save(update_fields=["paid_amount", "updated_at"])
        record(
            AUDIT_PAYMENT,
            target=invoice,
            payment=payment.pk,
            amount=str(amount),
            paid_on=paid_on.isoformat(),
            source=source,
        )
    payment.invoice = invoice
    return payment


# --- bank statements ---------------------------------------------------------------------

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
    seen: dict[tuple, int] = {}
    known_keys: set[str] = set()
    keys = []
    rows = []
    for row_number, day, amount, reference, payer, numbers in parsed:
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
        rows.append(line)
        if day is None:
            line["outcome"], line["message"] = (
                "error",
                _("The date cannot be read (use 2026-03-31)."),
            )
            continue
        if amount is None:
            line["outcome"], line["message"] = "error", _("The amount cannot be read.")
            continue
        if amount <= 0:
            line["outcome"], line["message"] = "outgoing", _("Not a payment received; ignored.")
            continue
        identity = (
            day,
            amount,
            " ".join(reference.upper().split()),
            " ".join(payer.upper().split()),
        )
        occurrence = seen.get(identity, 0) + 1
        seen[identity] = occurrence
        line["key"] = bank_key(cluster.pk, day, amount, reference, payer, occurrence)
        keys.append(line["key"])
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
            continue
        line["invoice"] = invoice.pk
        line["number"] = invoice.number
    known_keys = set(
        Payment.objects.filter(bank_key__in=keys, invoice__cluster=cluster).values_list(
            "bank_key", flat=True
        )
    )
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
    invoice (of the statement's cluster) it pays. Lines already recorded are refused."""
    with transaction.atomic():
        statement = BankStatement.objects.select_for_update().get(pk=statement.pk)
        if statement.status != StatementStatus.REVIEW:
            raise ValidationError(_("This statement has already been applied or discarded."))
        by_row = {line["row"]: line for line in statement.rows}
        invoices = Invoice.objects.filter(
            cluster_id=statement.cluster_id, pk__in=set(choices.values())
        ).in_bulk()
        payments = []
        for row, invoice_id in sorted(choices.items()):
            line = by_row.get(row)
            if line is None or not line.get("key"):
                raise ValidationError(
                    _("Row %(row)s is not a payment line of this statement.") % {"row": row}
                )
            invoice = invoices.get(invoice_id)
            if invoice is None:
                raise ValidationError(
                    _("Row %(row)s: choose an invoice of this cluster.") % {"row": row}
                )
            try:
                payment = record_payment(
                    invoice=invoice,
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
                    _("Row %(row)s: %(problem)s")
                    % {"row": row, "problem": " ".join(error.messages)}
                ) from None
            invoices[invoice_id] = payment.invoice
            payments.append(payment)
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


@transaction.atomic
def discard_bank_statement(*, statement: BankStatement) -> None:
    if statement.status != StatementStatus.REVIEW:
        raise ValidationError(_("This statement has already been applied or discarded."))
    statement.status = StatementStatus.DISCARDED
    statement.save(update_fields=["status", "updated_at"])


# --- reminders -----------------------------------------------------------------------------


def overdue_invoices(cluster: Cluster | None, today: date):
    qs = Invoice.objects.filter(
        kind=InvoiceKind.INVOICE, sequence__isnull=False, due_on__lt=today
    ).exclude(total__lte=F("paid_amount") + F("credited_amount"))
    if cluster is not None:
        qs = qs.filter(cluster=cluster)
    return qs.select_related("cluster", "organisation")


def open_invoices(cluster: Cluster):
    """The cluster's issued invoices not yet settled, oldest first (for matching by hand)."""
    return (
        Invoice.objects.filter(cluster=cluster, kind=InvoiceKind.INVOICE, sequence__isnull=False)
        .exclude(total__lte=F("paid_amount") + F("credited_amount"))
        .order_by("year", "sequence")
    )


def reminder_addresses(invoice: Invoice) -> list[str]:
    """Where a reminder goes: the member's invoice e-mail, else its representatives' in the
    cluster."""
    profile = BillingProfile.objects.filter(organisation_id=invoice.organisation_id).first()
    if profile is not None and profile.billing_email:
        return [profile.billing_email]
    return sorted(
        set(
            RoleAssignment.objects.filter(
                role=Role.MEMBER_REPRESENTATIVE,
                cluster_id=invoice.cluster_id,
                organisation_id=invoice.organisation_id,
                user__is_active=True,
            )
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


@dataclass
class ReminderResult:
    sent: int = 0
    not_due_yet: int = 0
    no_address: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def send_overdue_reminders(
    *, cluster: Cluster | None = None, today: date | None = None
) -> ReminderResult:
    """Mail a reminder for each overdue invoice not reminded within the cluster's interval
    (the first as soon as it is overdue), in the member's language."""
    today = today or timezone.localdate()
    now = timezone.now()
    result = ReminderResult()
    intervals = dict(InvoicingSettings.objects.values_list("cluster_id", "reminder_interval_days"))
    for invoice in overdue_invoices(cluster, today).order_by("cluster_id", "sequence"):
        interval = timedelta(days=intervals.get(invoice.cluster_id, 14))
        if invoice.last_reminder_at is not None and invoice.last_reminder_at > now - interval:
            result.not_due_yet += 1
            continue
        addresses = reminder_addresses(invoice)
        if not addresses:
            result.no_address.append(invoice.number)
            continue
        with in_language_of(invoice.organisation):
            subject = _("Payment reminder: invoice %(number)s") % {"number": invoice.number}
            body = _(
                "Dear member,\n\nour records show that invoice %(number)s of %(issued)s, due on "
                "%(due)s, is not yet paid in full: %(amount)s is outstanding.\n\nPlease transfer "
                "it to %(iban)s with the reference %(number)s. If you have paid in the meantime, "
                "please ignore this message.\n\n%(seller)s"
            ) % {
                "number": invoice.number,
                "issued": invoice.issued_on.isoformat(),
                "due": invoice.due_on.isoformat(),
                "amount": format_money(invoice.outstanding, invoice.currency),
                "iban": invoice.seller_iban,
                "seller": invoice.seller_name,
            }
        if not send_notification(subject=subject, body=body, to=addresses):
            result.failed.append(invoice.number)
            continue
        with transaction.atomic():
            Invoice.objects.filter(pk=invoice.pk).update(
                reminders_sent=F("reminders_sent") + 1, last_reminder_at=now
            )
            record(
                AUDIT_REMINDER, target=invoice, to=addresses, outstanding=str(invoice.outstanding)
            )
        result.sent += 1
    return result
