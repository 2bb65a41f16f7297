"""Invoicing fixtures: cluster A of the shared world with invoicing settings (Latvia, 21 %),
a paying membership type of 500.00 a year for every member of A, and helpers to add members."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from clusterhub.invoicing.models import InvoicingSettings
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.models import Membership
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory

LV_IBAN = "LV80BANK0000435195001"


@dataclass
class Billing:
    world: object
    settings: InvoicingSettings
    paying: MembershipType
    free: MembershipType

    def member(self, name: str, *, country="LV", vat_number="", free=False, since=None):
        org = OrganisationFactory(name=name, country=country)
        kwargs = {"since": since} if since else {}
        membership = MembershipFactory(cluster=self.world.cluster_a, organisation=org, **kwargs)
        MemberTerms.objects.create(
            membership=membership,
            membership_type=self.free if free else self.paying,
            vat_number=vat_number,
        )
        return membership


@pytest.fixture
def billing(world) -> Billing:
    settings = InvoicingSettings.objects.create(
        cluster=world.cluster_a,
        legal_name="Cluster A Association",
        address="Brivibas iela 1, Riga",
        registration_number="40008000001",
        vat_number="LV40008000001",
        iban=LV_IBAN,
        invoice_prefix="CLA",
        vat_rate=Decimal("21.00"),
        payment_terms_days=30,
    )
    paying = MembershipType.objects.create(cluster=world.cluster_a, name="Full member")
    FeeRule.objects.create(membership_type=paying, yearly_amount=Decimal("500.00"))
    free = MembershipType.objects.create(cluster=world.cluster_a, name="Academic", is_free=True)
    for membership in Membership.objects.filter(cluster=world.cluster_a):
        MemberTerms.objects.create(membership=membership, membership_type=paying)
    return Billing(world, settings, paying, free)
