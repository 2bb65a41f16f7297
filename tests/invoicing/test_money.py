"""Credit notes, payments by hand, bank statements with their review, reminders."""

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from clusterhub.accounts.models import AuditEntry
from clusterhub.invoicing import domain
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import Payment

pytestmark = pytest.mark.django_db


def issue(billing, *names, issued_on=None):
    for name in names:
        billing.member(name)
    issued_on = issued_on or timezone.localdate() - timedelta(days=10)
    return {
        i.buyer_name: i
        for i in domain.generate_invoices(
            cluster=billing.world.cluster_a,
            period_start=date(issued_on.year, 1, 1),
            period_end=date(issued_on.year, 12, 31),
            issued_on=issued_on,
        ).created
    }


def test_credit_note_in_full_negates_the_lines_and_takes_the_next_number(billing):
    invoice = issue(billing)["Member A Ltd"]
    note = domain.create_credit_note(invoice=invoice, reason="Member left in January")
    assert note.kind == "credit_note" and note.credits == invoice
    assert note.number.endswith("-0002")
    assert (note.net_total, note.vat_total, note.total) == (
        Decimal("-500.00"),
        Decimal("-105.00"),
        Decimal("-605.00"),
    )
    invoice.refresh_from_db()
    assert invoice.total == Decimal("605.00")  # the invoice itself is unchanged
    assert invoice.credited_amount == Decimal("605.00")
    assert invoice.status == "credited" and invoice.outstanding == 0
    assert note.buyer_name == invoice.buyer_name and note.vat_note == invoice.vat_note
    entry = AuditEntry.objects.get(action=domain.AUDIT_CREDIT_NOTE)
    assert entry.details["credits"] == invoice.number
    with pytest.raises(ValidationError, match="left to credit"):
        domain.create_credit_note(invoice=invoice, reason="again", amount=Decimal("1.00"))
    with pytest.raises(ValidationError, match="cannot itself"):
        domain.create_credit_note(invoice=note, reason="x")


def test_partial_credit_splits_net_and_vat_and_leaves_the_rest_open(billing):
    invoice = issue(billing)["Member A Ltd"]
    note = domain.create_credit_note(invoice=invoice, reason="Discount", amount=Decimal("121.00"))
    assert (note.net_total, note.vat_total, note.total) == (
        Decimal("-100.00"),
        Decimal("-21.00"),
        Decimal("-121.00"),
    )
    invoice.refresh_from_db()
    assert invoice.outstanding == Decimal("484.00")
    with pytest.raises(ValidationError, match="reason"):
        domain.create_credit_note(invoice=invoice, reason=" ")
    with pytest.raises(ValidationError, match="more than 0"):
        domain.create_credit_note(invoice=invoice, reason="x", amount=Decimal("0"))


def test_partial_then_full_payment_by_hand(billing, world):
    invoice = issue(billing)["Member A Ltd"]
    today = timezone.localdate()
    domain.record_payment(invoice=invoice, amount="300.00", paid_on=today, user=world["staff_a"])
    invoice.refresh_from_db()
    assert invoice.status == "partly_paid" and invoice.outstanding == Decimal("305.00")
    with pytest.raises(ValidationError, match="Only"):
        domain.record_payment(invoice=invoice, amount="305.01", paid_on=today)
    domain.record_payment(invoice=invoice, amount=Decimal("305.00"), paid_on=today)
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    assert AuditEntry.objects.filter(action=domain.AUDIT_PAYMENT).count() == 2
    assert Payment.objects.filter(recorded_by=world["staff_a"]).count() == 1


@pytest.mark.parametrize(
    ("amount", "paid_on", "message"),
    [
        ("-5", date(2026, 1, 1), "more than 0"),
        ("abc", date(2026, 1, 1), "amount such as"),
        ("1.005", date(2026, 1, 1), "two decimals"),
        ("10", date(2999, 1, 1), "future"),
    ],
)
def test_payment_refuses_bad_input_naming_the_field(billing, amount, paid_on, message):
    invoice = issue(billing)["Member A Ltd"]
    with pytest.raises(ValidationError, match=message):
        domain.record_payment(invoice=invoice, amount=amount, paid_on=paid_on)


def test_overdue_when_past_due_and_not_settled(billing):
    invoice = issue(billing, issued_on=timezone.localdate() - timedelta(days=40))["Member A Ltd"]
    assert invoice.status == "overdue"
    domain.record_payment(invoice=invoice, amount="100", paid_on=timezone.localdate())
    invoice.refresh_from_db()
    assert invoice.status == "overdue"  # partly paid, but past due
    assert list(domain.overdue_invoices(billing.world.cluster_a, timezone.localdate())) == [invoice]


# --- bank statements ---------------------------------------------------------------------


def csv(*rows: str) -> bytes:
    return ("date,amount,reference,payer\n" + "\n".join(rows) + "\n").encode()


def test_statement_matches_by_number_and_amount(billing):
    invoices = issue(billing, "Beta SIA", "Gamma SIA", "Delta SIA")
    a, b, g = invoices["Member A Ltd"], invoices["Beta SIA"], invoices["Gamma SIA"]
    day = timezone.localdate().isoformat()
    data = csv(
        f"{day},605.00,Invoice {a.number},Member A Ltd",
        f"{day},300.00,{b.number.lower()} part 1,Beta SIA",
        f"{day},700.00,{g.number.replace('-', ' ')},Gamma SIA",
        f"{day},-50.00,bank fee,Bank",
        f"{day},99.00,membership,Somebody",
        "31.02.2026,10.00,x,y",
        f"{day},12.3.4,x,y",
    )
    statement = domain.read_bank_statement(
        cluster=billing.world.cluster_a, data=data, filename="march.csv"
    )
    outcomes = [(r["row"], r["outcome"], r["number"]) for r in statement.rows]
    assert outcomes == [
        (2, "full", a.number),
        (3, "partial", b.number),
        (4, "overpaid", g.number),
        (5, "outgoing", ""),
        (6, "unmatched", ""),
        (7, "error", ""),
        (8, "error", ""),
    ]
    assert not Payment.objects.exists()  # nothing before the review
    payments = domain.apply_bank_statement(statement=statement, choices={2: a.pk, 3: b.pk, 4: g.pk})
    assert len(payments) == 3
    a.refresh_from_db(), b.refresh_from_db(), g.refresh_from_db()
    assert (a.status, b.status, g.status) == ("paid", "partly_paid", "paid")
    assert g.outstanding == Decimal("-95.00")
    assert AuditEntry.objects.filter(action=domain.AUDIT_STATEMENT).count() == 1
    with pytest.raises(ValidationError, match="already been applied"):
        domain.apply_bank_statement(statement=statement, choices={})


def test_unmatched_line_can_be_assigned_by_hand(billing):
    invoice = issue(billing)["Member A Ltd"]
    statement = domain.read_bank_statement(
        cluster=billing.world.cluster_a,
        data=csv(f"{timezone.localdate()},605.00,membership fee,Member A"),
        filename="s.csv",
    )
    assert statement.rows[0]["outcome"] == "unmatched"
    domain.apply_bank_statement(statement=statement, choices={2: invoice.pk})
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_the_same_statement_twice_is_recognised_as_duplicate(billing):
    invoice = issue(billing)["Member A Ltd"]
    day = timezone.localdate()
    data = csv(f"{day},300.00,{invoice.number},A", f"{day},300.00,{invoice.number},A")
    first = domain.read_bank_statement(cluster=billing.world.cluster_a, data=data, filename="a.csv")
    # Two identical lines in one file: the second is flagged, not proposed.
    assert [r["outcome"] for r in first.rows] == ["partial", "duplicate"]
    domain.apply_bank_statement(statement=first, choices={2: invoice.pk})
    again = domain.read_bank_statement(cluster=billing.world.cluster_a, data=data, filename="a.csv")
    assert [r["outcome"] for r in again.rows] == ["duplicate", "duplicate"]
    assert again.rows[0]["message"] == "Already recorded from an earlier statement."
    with pytest.raises(ValidationError, match="Row 2: This bank statement line is already"):
        domain.apply_bank_statement(statement=again, choices={2: invoice.pk})
    # The second identical line is a real second transfer when the reviewer says so.
    domain.apply_bank_statement(statement=again, choices={3: invoice.pk})
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("600.00")


def test_two_lines_for_one_invoice_add_up_and_each_is_audited(billing):
    invoice = issue(billing)["Member A Ltd"]
    day = timezone.localdate()
    data = csv(f"{day},300.00,{invoice.number} part 1,A", f"{day},305.00,{invoice.number} rest,A")
    statement = domain.read_bank_statement(
        cluster=billing.world.cluster_a, data=data, filename="a.csv"
    )
    payments = domain.apply_bank_statement(
        statement=statement, choices={2: invoice.pk, 3: invoice.pk}
    )
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.status) == (Decimal("605.00"), "paid")
    assert sorted(Payment.objects.values_list("amount", "source")) == [
        (Decimal("300.00"), "bank"),
        (Decimal("305.00"), "bank"),
    ]
    entries = AuditEntry.objects.filter(action=domain.AUDIT_PAYMENT).order_by("pk")
    assert [(e.target_id, e.details["payment"], e.details["amount"]) for e in entries] == [
        (str(invoice.pk), payments[0].pk, "300.00"),
        (str(invoice.pk), payments[1].pk, "305.00"),
    ]


def test_one_refused_line_records_none_of_the_statement(billing):
    invoices = issue(billing, "Beta SIA")
    a, b = invoices["Member A Ltd"], invoices["Beta SIA"]
    day = timezone.localdate()
    data = csv(f"{day},605.00,{a.number},A", f"{day},50.00,{b.number},B")
    statement = domain.read_bank_statement(
        cluster=billing.world.cluster_a, data=data, filename="a.csv"
    )
    b_before = b.paid_amount
    statement.rows[1]["date"] = (day + timedelta(days=5)).isoformat()
    statement.save(update_fields=["rows"])
    with pytest.raises(ValidationError, match="Row 3: The payment date is in the future."):
        domain.apply_bank_statement(statement=statement, choices={2: a.pk, 3: b.pk})
    a.refresh_from_db(), b.refresh_from_db(), statement.refresh_from_db()
    assert (a.paid_amount, b.paid_amount) == (Decimal("0.00"), b_before)
    assert not Payment.objects.exists()
    assert statement.status == "review"


def test_lines_for_a_paid_invoice_and_earlier_lines_of_the_file_count(billing):
    invoice = issue(billing)["Member A Ltd"]
    day = timezone.localdate()
    data = csv(f"{day},605.00,{invoice.number},A", f"{day},10.00,{invoice.number} again,A")
    statement = domain.read_bank_statement(
        cluster=billing.world.cluster_a, data=data, filename="a.csv"
    )
    assert [r["outcome"] for r in statement.rows] == ["full", "already_paid"]


def test_statement_of_another_clusters_invoice_does_not_match(billing, world):
    invoice = issue(billing)["Member A Ltd"]
    statement = domain.read_bank_statement(
        cluster=world.cluster_a,
        data=csv(f"{timezone.localdate()},605.00,XYZ-2026-0001,A"),
        filename="a.csv",
    )
    assert statement.rows[0]["outcome"] == "unmatched"
    with pytest.raises(ValidationError, match="choose an invoice of this cluster"):
        other = Invoice(pk=invoice.pk + 1000)
        domain.apply_bank_statement(statement=statement, choices={2: other.pk})


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"date,amount,payer\n2026-01-01,5,x\n", "lacks the column reference"),
        (b"", "empty"),
        (b"date,amount,reference,payer\n2026-01-01,5,\x00,x\n", "Row 2"),
    ],
)
def test_unreadable_statements_are_refused_with_a_reason(billing, data, message):
    with pytest.raises(ValidationError, match=message):
        domain.read_bank_statement(cluster=billing.world.cluster_a, data=data, filename="a.csv")


# --- reminders -----------------------------------------------------------------------------


def test_reminders_go_to_overdue_invoices_once_per_interval(
    billing, world, django_capture_on_commit_callbacks
):
    old = timezone.localdate() - timedelta(days=45)
    invoices = issue(billing, "No Address SIA", "Billing Mail SIA", issued_on=old)
    BillingProfile.objects.create(
        organisation=invoices["Billing Mail SIA"].organisation, billing_email="acc@billing.example"
    )
    paid = invoices["Member A Ltd"]
    with django_capture_on_commit_callbacks(execute=True):  # mails go after the commit
        result = domain.send_overdue_reminders(cluster=world.cluster_a)
    # Member A's representative (member_a) gets its reminder; No Address has none.
    assert result.sent == 2
    assert result.no_address == [invoices["No Address SIA"].number]
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["acc@billing.example", "member_a@example.org"]
    message = next(m for m in mail.outbox if m.to == ["member_a@example.org"])
    assert paid.number in message.subject
    assert "605.00" in message.body or "605,00" in message.body
    assert domain.send_overdue_reminders(cluster=world.cluster_a).sent == 0  # not again so soon
    paid.refresh_from_db()
    assert paid.reminders_sent == 1
    assert AuditEntry.objects.filter(action=domain.AUDIT_REMINDER).count() == 2


def test_no_reminder_before_the_due_date_or_for_paid_invoices(billing, world):
    invoice = issue(billing)["Member A Ltd"]  # due in 20 days
    assert domain.send_overdue_reminders(cluster=world.cluster_a).sent == 0
    Invoice.objects.filter(pk=invoice.pk).update(due_on=timezone.localdate() - timedelta(days=1))
    domain.record_payment(invoice=invoice, amount="605", paid_on=timezone.localdate())
    assert domain.send_overdue_reminders(cluster=world.cluster_a).sent == 0
    assert mail.outbox == []
