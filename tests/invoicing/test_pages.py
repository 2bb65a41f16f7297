"""Pages, PDF, export and API of invoicing: who may do what, and denied cases."""

import io
from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clusterhub.invoicing import domain
from clusterhub.invoicing.models import BankStatement
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.invoicing.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def invoice(billing):
    issued_on = timezone.localdate() - timedelta(days=5)
    return domain.generate_invoices(
        cluster=billing.world.cluster_a,
        period_start=date(issued_on.year, 1, 1),
        period_end=date(issued_on.year, 12, 31),
        issued_on=issued_on,
    ).created[0]


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 403),
        ("expert_a", 403),
        ("coordinator", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_cluster_invoice_list_is_for_the_team(client_for, world, invoice, user, status):
    response = client_for(world[user]).get(reverse("invoicing:cluster", args=[world.cluster_a.pk]))
    assert response.status_code == status
    if status == 200:
        assert invoice.number in response.content.decode()


@pytest.mark.parametrize(
    ("user", "status"),
    [("member_a", 200), ("manager_a", 200), ("observer_a", 404), ("manager_b", 404)],
)
def test_invoice_page_and_pdf_for_its_member_and_the_team(client_for, world, invoice, user, status):
    client = client_for(world[user])
    assert client.get(reverse("invoicing:invoice", args=[invoice.pk])).status_code == status
    pdf = client.get(reverse("invoicing:invoice_pdf", args=[invoice.pk]))
    assert pdf.status_code == status
    if status == 200:
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")


def test_pdf_carries_legal_details_vat_note_and_rounding(world, invoice):
    from django.template.loader import render_to_string

    from clusterhub.invoicing import vat

    text = render_to_string(
        "invoicing/invoice_pdf.html",
        {"invoice": invoice, "lines": invoice.lines.all(), "rounding": vat.ROUNDING_STATEMENT},
    )
    for expected in (
        invoice.number,
        "Cluster A Association",
        "LV40008000001",
        "LV80BANK0000435195001",
        "Member A Ltd",
        "VAT 21%",
        "rounded to the cent (half up)",
    ):
        assert expected in text


def test_member_cannot_record_payments_or_credit(client_for, world, invoice):
    client = client_for(world["member_a"])
    url = reverse("invoicing:invoice", args=[invoice.pk])
    paid = client.post(url, {"action": "payment", "amount": "605", "paid_on": "2026-01-20"})
    assert paid.status_code == 403
    credited = client.post(url, {"action": "credit", "reason": "x"})
    assert credited.status_code == 403
    assert not Payment.objects.exists()
    assert not Invoice.objects.filter(kind="credit_note").exists()


def test_staff_records_a_payment_and_a_bad_amount_is_a_form_error(client_for, world, invoice):
    client = client_for(world["staff_a"])
    url = reverse("invoicing:invoice", args=[invoice.pk])
    today = timezone.localdate().isoformat()
    too_much = client.post(url, {"action": "payment", "amount": "700", "paid_on": today})
    assert too_much.status_code == 400
    assert "Only" in too_much.content.decode()
    ok = client.post(url, {"action": "payment", "amount": "605.00", "paid_on": today})
    assert ok.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_credit_note_from_the_page(client_for, world, invoice):
    client = client_for(world["manager_a"])
    response = client.post(
        reverse("invoicing:invoice", args=[invoice.pk]),
        {"action": "credit", "amount": "", "reason": "Left the cluster"},
    )
    note = Invoice.objects.get(kind="credit_note")
    assert response.status_code == 302 and response.url == reverse(
        "invoicing:invoice", args=[note.pk]
    )


def test_generate_page(client_for, world, billing):
    client = client_for(world["staff_a"])
    url = reverse("invoicing:generate", args=[world.cluster_a.pk])
    both = client.post(url, {"year": "2026", "period_start": "2026-01-01", "issue": "on"})
    assert both.status_code == 400
    assert client.post(url, {"year": "2026", "issue": "on"}).status_code == 302
    assert Invoice.objects.get().number == "CLA-2026-0001"
    assert client_for(world["member_a"]).post(url, {"year": "2026"}).status_code == 403


def test_settings_only_for_the_manager_and_validated(client_for, world, billing):
    url = reverse("invoicing:settings", args=[world.cluster_a.pk])
    assert client_for(world["staff_a"]).get(url).status_code == 403
    client = client_for(world["manager_a"])
    data = {
        "legal_name": "Cluster A Association",
        "address": "Riga",
        "vat_number": "LV40008000001",
        "iban": "LV80BANK0000435195002",  # wrong check digits
        "invoice_prefix": "cla",
        "vat_policy": "eu_rules",
        "vat_rate": "21",
        "payment_terms_days": "14",
        "reminder_interval_days": "7",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "not a valid IBAN" in bad.content.decode()
    data["iban"] = "LV80 BANK 0000 4351 9500 1"
    assert client.post(url, data).status_code == 302
    saved = InvoicingSettings.objects.get(cluster=world.cluster_a)
    assert (saved.iban, saved.invoice_prefix, saved.payment_terms_days) == (
        "LV80BANK0000435195001",
        "CLA",
        14,
    )


def test_bank_statement_upload_review_and_apply(client_for, world, invoice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world["staff_a"])
    day = timezone.localdate().isoformat()
    upload = SimpleUploadedFile(
        "march.csv",
        f"date,amount,reference,payer\n{day},605.00,{invoice.number},Member A\n".encode(),
    )
    response = client.post(
        reverse("invoicing:statement_upload", args=[world.cluster_a.pk]), {"file": upload}
    )
    statement = BankStatement.objects.get()
    assert response.url == reverse("invoicing:statement", args=[statement.pk])
    review = client.get(response.url).content.decode()
    assert 'data-outcome="full"' in review
    assert client_for(world["manager_b"]).get(response.url).status_code == 404
    client = client_for(world["staff_a"])
    applied = client.post(
        response.url, {"action": "apply", "apply": ["2"], "invoice_2": str(invoice.pk)}
    )
    assert applied.status_code == 302
    invoice.refresh_from_db()
    assert invoice.status == "paid"


def test_broken_statement_is_a_message_not_a_500(client_for, world, invoice):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world["staff_a"])
    response = client.post(
        reverse("invoicing:statement_upload", args=[world.cluster_a.pk]),
        {"file": SimpleUploadedFile("s.csv", b"when,how much\n1,2\n")},
        follow=True,
    )
    assert response.status_code == 200
    assert "lacks the columns date, amount, reference, payer" in response.content.decode()


def test_accountant_workbook(client_for, world, invoice):
    domain.record_payment(invoice=invoice, amount="100.00", paid_on=timezone.localdate())
    year = invoice.year
    url = reverse("invoicing:export", args=[world.cluster_a.pk, year])
    assert client_for(world["member_a"]).get(url).status_code == 403
    response = client_for(world["staff_a"]).get(url)
    book = load_workbook(io.BytesIO(response.content))
    rows = list(book["Invoices"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Kind", "Credits invoice")
    assert rows[1][0] == invoice.number
    assert rows[1][11] == 605  # a number, not text
    assert isinstance(rows[1][3], type(rows[1][3])) and rows[1][3].year == year
    payments = list(book["Payments"].iter_rows(values_only=True))
    assert payments[1][1] == invoice.number and payments[1][3] == 100


def test_member_sees_its_invoices_page(client_for, world, invoice):
    url = reverse("invoicing:organisation", args=[world.member_a.pk])
    page = client_for(world["member_a"]).get(url)
    assert page.status_code == 200
    assert invoice.number in page.content.decode()
    assert client_for(world["outsider"]).get(url).status_code == 403
    other = reverse("invoicing:organisation", args=[world.member_b.pk])
    assert client_for(world["member_a"]).get(other).status_code == 403


# --- API -----------------------------------------------------------------------------------


def test_api_invoices_read_by_team_and_member_only(client_for, world, invoice):
    assert client_for(world["member_a"]).get("/api/v1/invoicing/invoices").json()["count"] == 1
    detail = client_for(world["member_a"]).get(f"/api/v1/invoicing/invoices/{invoice.pk}").json()
    assert detail["number"] == invoice.number
    assert detail["lines"][0]["gross"] == "605.00"
    assert detail["status"] == "open"
    assert client_for(world["manager_b"]).get("/api/v1/invoicing/invoices").json()["count"] == 0
    missing = client_for(world["manager_b"]).get(f"/api/v1/invoicing/invoices/{invoice.pk}")
    assert missing.status_code == 404


def test_api_payments_create_and_list(client_for, world, invoice):
    body = {"invoice_id": invoice.pk, "amount": "200.00", "paid_on": str(timezone.localdate())}
    denied = client_for(world["member_a"]).post(
        "/api/v1/invoicing/payments", body, content_type="application/json"
    )
    assert denied.status_code == 403
    hidden = client_for(world["manager_b"]).post(
        "/api/v1/invoicing/payments", body, content_type="application/json"
    )
    assert hidden.status_code == 404
    client = client_for(world["staff_a"])
    created = client.post("/api/v1/invoicing/payments", body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["invoice_number"] == invoice.number
    too_much = client.post(
        "/api/v1/invoicing/payments",
        {**body, "amount": "500.00"},
        content_type="application/json",
    )
    assert too_much.status_code == 422
    assert "Only" in too_much.text
    assert client.get("/api/v1/invoicing/payments").json()["count"] == 1
    assert client_for(world["member_a"]).get("/api/v1/invoicing/payments").json()["count"] == 0
    invoice.refresh_from_db()
    assert invoice.paid_amount == Decimal("200.00")


@pytest.mark.parametrize(
    ("user", "linked"), [("member_a", True), ("staff_a", True), ("observer_a", False)]
)
def test_organisation_page_links_to_its_invoices(client_for, world, invoice, user, linked):
    page = client_for(world[user]).get(
        reverse("registry:organisation_detail", args=[world.member_a.pk])
    )
    assert page.status_code == 200
    link = reverse("invoicing:organisation", args=[world.member_a.pk])
    assert (link in page.content.decode()) is linked


@pytest.mark.parametrize("year", ["20x6", "²⁰²⁶", "٢٠٢٦"])
def test_unreadable_filters_are_named_over_an_empty_list(client_for, world, invoice, year):
    url = reverse("invoicing:cluster", args=[world.cluster_a.pk])
    # Superscript and Arabic-Indic digits are digits to str.isdigit() but no year; as on every
    # list (common/pages.py list_page), an invalid filter says why over an empty list.
    page = client_for(world["staff_a"]).get(url, {"year": year, "status": "bogus"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "These filters are not valid" in text and "year" in text and "status" in text
    assert invoice.number not in text
    assert invoice.number in client_for(world["staff_a"]).get(url, {"year": ""}).content.decode()
    overdue = client_for(world["staff_a"]).get(url, {"status": "overdue"})
    assert invoice.number not in overdue.content.decode()
    open_ = client_for(world["staff_a"]).get(url, {"status": "open"})
    assert invoice.number in open_.content.decode()


def test_a_draft_is_issued_or_deleted_from_its_page(client_for, world, billing):
    drafts = domain.generate_invoices(
        cluster=world.cluster_a,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        issue=False,
    ).created
    draft = drafts[0]
    # A member does not see drafts at all.
    assert (
        client_for(world["member_a"]).get(reverse("invoicing:invoice", args=[draft.pk])).status_code
        == 404
    )
    client = client_for(world["staff_a"])
    url = reverse("invoicing:invoice", args=[draft.pk])
    assert "Issue and number" in client.get(url).content.decode()
    assert client.get(reverse("invoicing:invoice_pdf", args=[draft.pk])).status_code == 404
    client.post(url, {"action": "issue"})
    draft.refresh_from_db()
    assert draft.number == f"CLA-{timezone.localdate().year}-0001"
    refused = client.post(reverse("invoicing:delete_draft", args=[draft.pk]), follow=True)
    assert "never deleted" in refused.content.decode()
    assert Invoice.objects.filter(pk=draft.pk).exists()


def test_the_invoice_list_filters_through_the_shared_filter_form(client_for, world, invoice):
    url = reverse("invoicing:cluster", args=[world.cluster_a.pk])
    year = str(invoice.year)
    page = client_for(world["staff_a"]).get(url, {"year": year, "status": "open"}).content.decode()
    # common/_filters.html, fed by InvoiceFilterForm: the cluster's years and every status,
    # the chosen ones selected.
    assert 'role="search"' in page
    assert '<select name="year" id="filter_year">' in page
    assert f'<option value="{year}" selected>{year}</option>' in page
    assert '<option value="open" selected>Open</option>' in page
    assert '<option value="overdue">Overdue</option>' in page
    assert invoice.number in page
    other_year = client_for(world["staff_a"]).get(url, {"year": str(invoice.year - 1)})
    assert invoice.number not in other_year.content.decode()
