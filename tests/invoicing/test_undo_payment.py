"""Undoing a payment recorded by mistake: the verb, the staff page's button and the API.

The invoice goes back to open (or partly paid), the audit log keeps what was undone, and only
the cluster's team (and admins) may undo: to anyone else the payment is not there (404).
"""

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from clusterhub.accounts.models import AuditEntry
from clusterhub.invoicing import domain
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


def pay(invoice, amount):
    return domain.record_payment(invoice=invoice, amount=amount, paid_on=timezone.localdate())


def test_undoing_the_only_payment_leaves_the_invoice_open_and_is_audited(invoice):
    payment = pay(invoice, "605.00")
    assert payment.invoice.status == "paid"
    invoice = domain.undo_payment(payment=payment)
    assert invoice.paid_amount == 0 and invoice.status == "open"
    assert not Payment.objects.filter(pk=payment.pk).exists()
    entry = AuditEntry.objects.get(action=domain.AUDIT_PAYMENT_UNDONE)
    assert entry.target_id == str(invoice.pk)
    assert entry.details["amount"] == "605.00" and entry.details["payment"] == payment.pk


def test_undoing_one_of_two_payments_leaves_it_partly_paid(invoice):
    pay(invoice, "300.00")
    second = pay(invoice, "305.00")
    invoice = domain.undo_payment(payment=second)
    assert invoice.paid_amount == Decimal("300.00") and invoice.status == "partly_paid"


def test_a_payment_is_undone_once(invoice):
    payment = pay(invoice, "100.00")
    domain.undo_payment(payment=payment)
    with pytest.raises(ValidationError, match="already been undone"):
        domain.undo_payment(payment=payment)
    invoice.refresh_from_db()
    assert invoice.paid_amount == 0


def test_staff_undo_from_the_invoice_page(client_for, world, invoice):
    payment = pay(invoice, "605.00")
    client = client_for(world["staff_a"])
    page = client.get(reverse("invoicing:invoice", args=[invoice.pk])).content.decode()
    url = reverse("invoicing:undo_payment", args=[payment.pk])
    assert url in page
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == reverse("invoicing:invoice", args=[invoice.pk])
    invoice.refresh_from_db()
    assert invoice.paid_amount == 0
    assert AuditEntry.objects.get(action=domain.AUDIT_PAYMENT_UNDONE).actor == world["staff_a"]


@pytest.mark.parametrize("user", ["member_a", "expert_a", "coordinator", "manager_b", "outsider"])
def test_others_cannot_undo_a_payment(client_for, world, invoice, user):
    payment = pay(invoice, "605.00")
    client = client_for(world[user])
    url = reverse("invoicing:undo_payment", args=[payment.pk])
    assert client.post(url).status_code == 404
    assert Payment.objects.filter(pk=payment.pk).exists()
    assert not AuditEntry.objects.filter(action=domain.AUDIT_PAYMENT_UNDONE).exists()


def test_the_member_sees_no_undo_button(client_for, world, invoice):
    payment = pay(invoice, "605.00")
    page = client_for(world["member_a"]).get(reverse("invoicing:invoice", args=[invoice.pk]))
    assert page.status_code == 200
    assert reverse("invoicing:undo_payment", args=[payment.pk]) not in page.content.decode()


def test_undo_is_a_post(client_for, world, invoice):
    payment = pay(invoice, "605.00")
    url = reverse("invoicing:undo_payment", args=[payment.pk])
    assert client_for(world["staff_a"]).get(url).status_code == 405


def test_undo_through_the_api(api_as, invoice):
    payment = pay(invoice, "605.00")
    path = f"/invoicing/payments/{payment.pk}/undo"
    for user in ("member_a", "manager_b", "outsider"):
        assert api_as(user).post(path).status_code == 404
    assert api_as().post(path).status_code == 401
    assert Payment.objects.filter(pk=payment.pk).exists()
    response = api_as("manager_a").post(path)
    assert response.status_code == 200
    assert response.json()["status"] == "open" and response.json()["paid_amount"] == "0.00"
    assert api_as("manager_a").post(path).status_code == 404
