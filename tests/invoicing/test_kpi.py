from datetime import date
from decimal import Decimal

import pytest

from clusterhub.invoicing import domain
from clusterhub.strategy import kpi_sources

pytestmark = pytest.mark.django_db


def test_membership_income_is_the_net_fees_invoiced_this_year_less_credit_notes(billing, world):
    billing.member("Beta SIA")
    created = domain.generate_invoices(
        cluster=world.cluster_a,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        issued_on=date(2026, 1, 15),
    ).created
    domain.create_credit_note(
        invoice=created[0], reason="Discount", amount=Decimal("121.00"), issued_on=date(2026, 3, 1)
    )
    clusters = [world.cluster_a]
    assert kpi_sources.compute("membership_income", clusters, date(2026, 1, 14)) == 0
    assert kpi_sources.compute("membership_income", clusters, date(2026, 2, 1)) == Decimal(
        "1000.00"
    )
    assert kpi_sources.compute("membership_income", clusters, date(2026, 3, 1)) == Decimal("900.00")
    assert kpi_sources.compute("membership_income", clusters, date(2027, 3, 1)) == 0
    assert kpi_sources.compute("membership_income", [world.cluster_b], date(2026, 3, 1)) == 0
