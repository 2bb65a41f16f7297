"""Invoicing permission matrix: a cluster's manager and staff see and handle its invoices (only
the manager changes the settings); a member representative sees the issued invoices of the
organisation they represent, with their PDFs, and nothing else; programme coordinators and
everyone else see no invoice; admins may do everything (invoicing/rules.py, queries.py).

Invoices outside a user's visible set answer 404 (a draft included, for the member), a visible
invoice the user may not handle answers 403. Cluster B has its own issued invoice and payment,
whose details only admin and manager B may ever find in an answer.
"""

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from clusterhub.invoicing import domain
from clusterhub.invoicing.models import BillingProfile
from clusterhub.registry.models import Membership
from tests.factories import FeeRuleFactory
from tests.factories import InvoicingSettingsFactory
from tests.factories import MembershipTypeFactory
from tests.factories import MemberTermsFactory
from tests.security.matrix import ADMIN
from tests.security.matrix import EDITORS_A
from tests.security.matrix import MANAGERS_A
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

# The invoice of member A: its team and its representative see it.
READERS_A = EDITORS_A | {"member_a"}
NOT_READERS_A = SIGNED_IN - READERS_A
NOT_EDITORS_A = SIGNED_IN - EDITORS_A
# Cluster B's invoicing: only these may find its details in an answer.
SEES_B = ADMIN | {"manager_b"}

SECRETS = (
    "secret-notes-a",
    "secret-notes-b",
    "membership-note-a",
    "membership-note-b",
    "billing-address-of-b",
    # The numbers of cluster B's invoices.
    "ZQB-",
    "payer-of-b",
)


def _set_up_invoicing(cluster, prefix: str) -> None:
    InvoicingSettingsFactory(
        cluster=cluster, invoice_prefix=prefix, vat_rate=Decimal("21.00"), payment_terms_days=30
    )
    paying = MembershipTypeFactory(cluster=cluster, name="Full member")
    FeeRuleFactory(membership_type=paying, yearly_amount=Decimal("500.00"))
    for membership in Membership.objects.filter(cluster=cluster):
        MemberTermsFactory(membership=membership, membership_type=paying)


@pytest.fixture(scope="module")
def objects(world):
    _set_up_invoicing(world.cluster_a, "CLA")
    _set_up_invoicing(world.cluster_b, "ZQB")
    BillingProfile.objects.create(organisation=world.member_a, billing_address="Riga 1")
    BillingProfile.objects.create(
        organisation=world.member_b, billing_address="billing-address-of-b"
    )
    issued_on = timezone.localdate() - timedelta(days=5)
    year = issued_on.year
    period = {"period_start": date(year, 1, 1), "period_end": date(year, 12, 31)}
    invoice = domain.generate_invoices(
        cluster=world.cluster_a, issued_on=issued_on, **period
    ).created[0]
    draft = domain.generate_invoices(
        cluster=world.cluster_a,
        period_start=date(year + 1, 1, 1),
        period_end=date(year + 1, 12, 31),
        issue=False,
    ).created[0]
    invoice_b = domain.generate_invoices(
        cluster=world.cluster_b, issued_on=issued_on, **period
    ).created[0]
    domain.record_payment(
        invoice=invoice_b, amount=Decimal("10.00"), paid_on=issued_on, payer="payer-of-b"
    )
    payment = domain.record_payment(
        invoice=invoice, amount=Decimal("5.00"), paid_on=issued_on, payer="Member A Ltd"
    )
    statement = domain.read_bank_statement(
        cluster=world.cluster_a,
        data=f"date,amount,reference,payer\n{issued_on},605.00,{invoice.number},A\n".encode(),
        filename="march.csv",
    )
    return {
        "cluster": world.cluster_a,
        "member": world.member_a,
        "invoice": invoice,
        "draft": draft,
        "statement": statement,
        "payment": payment,
        "year": year,
    }


def _payment(objects):
    return {
        "invoice_id": objects["invoice"].pk,
        "amount": "10.00",
        "paid_on": timezone.localdate().isoformat(),
        "payer": "Member A Ltd",
    }


PAGES = [
    # Anyone who runs a cluster's invoicing or represents an invoiced member; nobody else.
    Page("invoicing:index", allowed=READERS_A | {"manager_b"}, sees_secrets=SEES_B),
    Page("invoicing:cluster", ("cluster",), EDITORS_A),
    Page("invoicing:settings", ("cluster",), MANAGERS_A),
    Page("invoicing:settings", ("cluster",), MANAGERS_A, method="post", data=lambda o: {}),
    Page("invoicing:generate", ("cluster",), EDITORS_A),
    Page("invoicing:generate", ("cluster",), EDITORS_A, method="post", data=lambda o: {}),
    Page("invoicing:reminders", ("cluster",), EDITORS_A, method="post", ok=(302,)),
    # Without a file: a message and back to the list, for the team.
    Page("invoicing:statement_upload", ("cluster",), EDITORS_A, method="post", ok=(302,)),
    Page("invoicing:export", ("cluster", "year"), EDITORS_A),
    Page("invoicing:billing_profile", ("cluster", "member"), EDITORS_A),
    Page(
        "invoicing:billing_profile",
        ("cluster", "member"),
        EDITORS_A,
        method="post",
        data=lambda o: {"billing_address": "Riga 2"},
        ok=(302,),
    ),
    Page("invoicing:statement", ("statement",), EDITORS_A, hidden=NOT_EDITORS_A),
    Page(
        "invoicing:statement",
        ("statement",),
        EDITORS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        data=lambda o: {"action": "discard"},
        ok=(302,),
    ),
    Page("invoicing:invoice", ("invoice",), READERS_A, hidden=NOT_READERS_A),
    # The representative sees the invoice but may not handle it: 403.
    Page(
        "invoicing:invoice",
        ("invoice",),
        EDITORS_A,
        hidden=NOT_READERS_A,
        method="post",
        data=lambda o: {"action": "payment", "amount": "10.00", "paid_on": date.today()},
        ok=(302,),
    ),
    Page("invoicing:invoice_pdf", ("invoice",), READERS_A, hidden=NOT_READERS_A),
    # Payments are the team's: to everyone else a payment is not there.
    Page(
        "invoicing:undo_payment",
        ("payment",),
        EDITORS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        ok=(302,),
    ),
    # A draft is not visible to the representative.
    Page(
        "invoicing:delete_draft",
        ("draft",),
        EDITORS_A,
        hidden=NOT_EDITORS_A,
        method="post",
        ok=(302,),
    ),
    Page("invoicing:organisation", ("member",), READERS_A),
]

OPERATIONS = [
    Operation("clusterhub_invoicing_api_list_invoices", allowed=SIGNED_IN, sees_secrets=SEES_B),
    Operation("clusterhub_invoicing_api_get_invoice", ("invoice",), READERS_A, NOT_READERS_A),
    Operation("clusterhub_invoicing_api_list_payments", allowed=SIGNED_IN, sees_secrets=SEES_B),
    Operation(
        "clusterhub_invoicing_api_create_payment",
        allowed=EDITORS_A,
        hidden=NOT_READERS_A,
        body=_payment,
        ok=(201,),
    ),
    Operation("clusterhub_invoicing_api_undo_payment", ("payment",), EDITORS_A, NOT_EDITORS_A),
]


# Where cluster B's planted strings do appear, so their absence elsewhere means something.
SHOWN = [
    (OPERATIONS[0], "manager_b", "ZQB-"),
    (OPERATIONS[0], "admin", "ZQB-"),
    (OPERATIONS[2], "manager_b", "payer-of-b"),
    (OPERATIONS[2], "admin", "payer-of-b"),
]


globals().update(
    area_tests(
        PAGES,
        OPERATIONS,
        SECRETS,
        namespaces=["invoicing"],
        tags_or_prefixes=["invoicing"],
        shown=SHOWN,
    )
)
