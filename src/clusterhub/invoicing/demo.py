"""Demo invoicing for the five 5FOREXCELLENCE clusters, built through the domain verbs on top of
the registry and membership demos (idempotent: settings are found by cluster, a period already
invoiced is skipped by `generate_invoices` itself, payments are only added to invoices that
have none).

Each cluster invoices the current year's fees on 20 January (or last year's when the demo is
loaded in January); about two thirds of its members have paid, some in part, the rest are
overdue. A cluster whose members have no membership type yet (the membership demo not loaded)
gets a "Full member" type with one fee rule per size class first.
"""

import random
from datetime import date
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clusterhub.invoicing import domain
from clusterhub.invoicing.models import BillingProfile
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership

SEED = 18

# acronym: the values of these settings fields, in this order
SETTINGS_FIELDS = (
    "legal_name",
    "address",
    "registration_number",
    "vat_number",
    "iban",
    "invoice_prefix",
    "vat_rate",
)
SETTINGS = {
    "LITC": (
        "Biedrība Latvijas IT klasteris",
        "Brīvības iela 200\nRīga, LV-1039",
        "40008113346",
        "LV40008113346",
        "LV80BANK0000435195001",
        "LITC",
        Decimal("21.00"),
    ),
    "EE-ICT": (
        "MTÜ Eesti IKT Klaster",
        "Lõõtsa 6\n11415 Tallinn",
        "80310596",
        "EE101770239",
        "EE382200221020145685",
        "EEICT",
        Decimal("24.00"),
    ),
    "NETPORT": (
        "Netport Science Park AB",
        "Biblioteksgatan 4\n374 35 Karlshamn",
        "5566997777",
        "SE556699777701",
        "SE4550000000058398257466",
        "NETP",
        Decimal("25.00"),
    ),
    "HAV-FOOD": (
        "Havila Food Cluster",
        "Rannikkotie 3\n21100 Naantali",
        "2345678-9",
        "FI23456789",
        "FI2112345600000785",
        "HAVF",
        Decimal("25.50"),
    ),
    "LLA-LOG": (
        "Lietuvos logistikos klasteris",
        "Gedimino pr. 1\nLT-01103 Vilnius",
        "302345678",
        "LT100012345678",
        "LT121000011101001000",
        "LLAL",
        Decimal("21.00"),
    ),
}
FEES = {"micro": "300.00", "small": "600.00", "medium": "1200.00", "large": "2500.00", "": "600.00"}


def _settings(cluster: Cluster) -> InvoicingSettings:
    found = InvoicingSettings.objects.filter(cluster=cluster).first()
    if found is not None:
        return found
    return domain.save_settings(
        settings=InvoicingSettings(
            cluster=cluster,
            **dict(zip(SETTINGS_FIELDS, SETTINGS[cluster.acronym], strict=True)),
            payment_terms_days=30,
            footer="Demo data: invented legal details and bank account.",
        )
    )


def _fee_rules(cluster: Cluster) -> None:
    """A paying type for members that have none (only when the membership demo gave none)."""
    untyped = Membership.objects.filter(cluster=cluster, terms__isnull=True)
    if not untyped.exists() or MemberTerms.objects.filter(membership__cluster=cluster).exists():
        return
    mtype, created = MembershipType.objects.get_or_create(cluster=cluster, name="Full member")
    if created:
        FeeRule.objects.bulk_create(
            FeeRule(membership_type=mtype, size_class=size, yearly_amount=Decimal(amount))
            for size, amount in FEES.items()
        )
    MemberTerms.objects.bulk_create(
        MemberTerms(membership=m, membership_type=mtype) for m in untyped
    )


@transaction.atomic
def load_demo() -> None:
    today = timezone.localdate()
    year = today.year if today.month > 1 else today.year - 1
    issued_on = date(year, 1, 20)
    rng = random.Random(SEED)
    for acronym in SETTINGS:
        cluster = Cluster.objects.filter(acronym=acronym).first()
        if cluster is None:
            continue
        _settings(cluster)
        _fee_rules(cluster)
        # A public body among the members pays no VAT.
        public = (
            Membership.objects.filter(cluster=cluster, organisation__org_type="public")
            .select_related("organisation")
            .first()
        )
        if public is not None:
            BillingProfile.objects.get_or_create(
                organisation=public.organisation, defaults={"non_taxable": True}
            )
        run = domain.generate_invoices(
            cluster=cluster,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            issued_on=issued_on,
        )
        # Payments only for the invoices this run made: on a second load the overdue ones stay
        # overdue and nothing is paid twice (the demo is idempotent).
        unpaid = Invoice.objects.filter(
            pk__in=[invoice.pk for invoice in run.created], kind="invoice", paid_amount=0
        ).order_by("sequence")
        for invoice in unpaid:
            luck = rng.random()
            paid_on = min(invoice.due_on + timedelta(days=rng.randint(-25, 10)), today)
            if luck < 0.6:
                amount = invoice.total
            elif luck < 0.7:
                amount = (invoice.total / 2).quantize(Decimal("0.01"))
            else:
                continue  # overdue
            domain.record_payment(
                invoice=invoice,
                amount=amount,
                paid_on=paid_on,
                payer=invoice.buyer_name,
                reference=invoice.number,
                source="bank",
            )
