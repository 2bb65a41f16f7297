from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterhub.accounts.models import AuditEntry
from clusterhub.invoicing import domain
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoiceCounter

pytestmark = pytest.mark.django_db

Y = date(2026, 1, 1), date(2026, 12, 31)


def generate(billing, **kwargs):
    kwargs.setdefault("issued_on", date(2026, 1, 15))
    return domain.generate_invoices(
        cluster=billing.world.cluster_a, period_start=Y[0], period_end=Y[1], **kwargs
    )


def test_one_numbered_invoice_per_paying_member_in_alphabetical_order(billing):
    billing.member("Zeta SIA")
    billing.member("Alfa SIA")
    billing.member("University", free=True)
    result = generate(billing)
    assert [(i.buyer_name, i.number) for i in result.created] == [
        ("Alfa SIA", "CLA-2026-0001"),
        ("Member A Ltd", "CLA-2026-0002"),
        ("Zeta SIA", "CLA-2026-0003"),
    ]
    assert result.free == 0  # free types are not even billable
    invoice = Invoice.objects.get(number="CLA-2026-0001")
    assert invoice.issued_on == date(2026, 1, 15)
    assert invoice.due_on == date(2026, 2, 14)
    assert (invoice.net_total, invoice.vat_total, invoice.total) == (
        Decimal("500.00"),
        Decimal("105.00"),
        Decimal("605.00"),
    )
    line = invoice.lines.get()
    assert line.description == "Membership fee 2026"
    assert invoice.seller_name == "Cluster A Association"
    assert invoice.seller_iban == "LV80BANK0000435195001"
    assert invoice.vat_treatment == "domestic"
    assert invoice.vat_note == "VAT 21%"
    assert InvoiceCounter.objects.get(cluster=billing.world.cluster_a, year=2026).last_number == 3
    entry = AuditEntry.objects.get(action=domain.AUDIT_INVOICES_GENERATED)
    assert entry.details["count"] == 3
    assert entry.details["first"] == "CLA-2026-0001"
    assert entry.cluster_id == billing.world.cluster_a.pk


def test_a_second_run_skips_members_already_invoiced(billing):
    generate(billing)
    billing.member("Late Joiner", since=date(2026, 7, 1))
    again = generate(billing, issued_on=date(2026, 7, 2))
    assert [i.buyer_name for i in again.created] == ["Late Joiner"]
    assert again.already_invoiced == 1
    late = again.created[0]
    assert late.number == "CLA-2026-0002"
    # 184 of 365 days of 500.00 = 252.05; VAT 52.93
    assert (late.net_total, late.vat_total) == (Decimal("252.05"), Decimal("52.93"))
    assert generate(billing).created == []


def test_a_fully_credited_invoice_lets_the_member_be_invoiced_again(billing):
    first = generate(billing).created[0]
    domain.create_credit_note(invoice=first, reason="Wrong size class")
    again = generate(billing)
    assert len(again.created) == 1
    assert again.created[0].number == "CLA-2026-0003"  # 0002 is the credit note


def test_vat_cases_on_generated_invoices(billing):
    billing.member("Deutsche GmbH", country="DE", vat_number="DE 123 456 789")
    billing.member("Private Person DE", country="DE", vat_number="")
    public = billing.member("City Council")
    BillingProfile.objects.create(organisation=public.organisation, non_taxable=True)
    billing.member("Norsk AS", country="NO")
    by_name = {i.buyer_name: i for i in generate(billing).created}
    de = by_name["Deutsche GmbH"]
    assert (de.vat_treatment, de.vat_total, de.total) == (
        "reverse_charge",
        Decimal("0.00"),
        Decimal("500.00"),
    )
    assert de.buyer_vat_number == "DE123456789"
    assert de.vat_note.startswith("Reverse charge")
    assert by_name["Private Person DE"].vat_treatment == "domestic"
    assert by_name["City Council"].vat_treatment == "non_taxable"
    assert by_name["City Council"].total == Decimal("500.00")
    assert by_name["Norsk AS"].vat_treatment == "outside_eu"


def test_a_member_without_a_fee_rule_is_reported_not_billed(billing):
    from clusterhub.membership.models import MembershipType
    from clusterhub.membership.models import MemberTerms

    odd = MembershipType.objects.create(cluster=billing.world.cluster_a, name="Odd")
    membership = billing.member("No Rule SIA")
    MemberTerms.objects.filter(membership=membership).update(membership_type=odd)
    result = generate(billing)
    assert [i.buyer_name for i in result.created] == ["Member A Ltd"]
    assert len(result.problems) == 1
    assert "No Rule SIA" in result.problems[0]


def test_drafts_take_no_number_until_issued(billing):
    draft = generate(billing, issue=False).created[0]
    assert draft.number == "" and draft.sequence is None
    assert not InvoiceCounter.objects.exists()
    issued = domain.issue_invoice(invoice=draft, issued_on=date(2026, 2, 1))
    assert issued.number == "CLA-2026-0001"
    assert issued.due_on == date(2026, 3, 3)
    with pytest.raises(ValidationError):
        domain.issue_invoice(invoice=issued)
    with pytest.raises(ValidationError, match="credit note"):
        domain.delete_draft(invoice=issued)


def test_numbers_restart_each_year_and_per_cluster(billing):
    generate(billing)
    other = domain.generate_invoices(
        cluster=billing.world.cluster_a,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 12, 31),
        issued_on=date(2027, 1, 10),
    )
    assert other.created[0].number == "CLA-2027-0001"


def test_generation_needs_settings_and_a_sane_period(world):
    with pytest.raises(ValidationError, match="invoicing settings"):
        domain.generate_invoices(cluster=world.cluster_a, period_start=Y[0], period_end=Y[1])
    with pytest.raises(ValidationError):
        domain.generate_invoices(cluster=world.cluster_a, period_start=Y[1], period_end=Y[0])


def test_a_failed_run_leaves_no_gap(billing, monkeypatch):
    generate(billing)
    billing.member("Second Run SIA")

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(domain.InvoiceLine.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        generate(billing)
    monkeypatch.undo()
    assert InvoiceCounter.objects.get().last_number == 1
    assert generate(billing).created[0].number == "CLA-2026-0002"
