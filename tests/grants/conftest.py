"""A small funded project on top of the `world` fixture.

Cluster A is managed by organisation "Partner A" (lead partner), so manager_a and staff_a are
partner users; cluster B is managed by "Outside Org", which is not in the consortium, so
manager_b is not. The coordinator coordinates the project's programme.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from clusterhub.core import grant_money
from clusterhub.grants import domain
from clusterhub.grants.models import Partner
from clusterhub.grants.models import Project
from tests.factories import OrganisationFactory

RATE = Decimal("7.00")


@dataclass
class Grant:
    project: Project
    lead: Partner
    other: Partner


def budget_lines(share: Decimal) -> dict[str, Decimal]:
    direct = grant_money.direct_for_total(share, rate_percent=RATE).direct
    staff = grant_money.cents(direct * Decimal("0.6"))
    travel = Decimal("1000.00")
    return {"staff": staff, "travel": travel, "other": direct - staff - travel}


@pytest.fixture
def grant(world) -> Grant:
    return build_grant(world)


def build_grant(world) -> Grant:
    """The project of the module docstring, on the given world."""
    partner_a = OrganisationFactory(name="Partner A")
    partner_c = OrganisationFactory(name="Partner C", country="EE")
    world.cluster_a.managing_organisation = partner_a
    world.cluster_a.save()
    world.cluster_b.managing_organisation = OrganisationFactory(name="Outside Org")
    world.cluster_b.save()
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    project = domain.save_project(
        project=Project(
            programme=world.programme,
            funding_programme="COSME 2014-2020",
            grant_agreement_number="123456",
            acronym="5FX",
            title="Five for Excellence",
            description="Public description of the project.",
            start_date=date(2016, 1, 1),
            duration_months=18,
            total_budget=Decimal("100000.00"),
            grant_amount=Decimal("95000.00"),
            indirect_rate=RATE,
        )
    )
    lead, other = domain.set_consortium(
        project=project,
        partners=[
            domain.PartnerSpec(
                organisation=partner_a, role="lead", budget_share=Decimal("60000.00")
            ),
            domain.PartnerSpec(
                organisation=partner_c, role="partner", budget_share=Decimal("40000.00")
            ),
        ],
    )
    domain.set_budget(
        project=project,
        lines={lead: budget_lines(lead.budget_share), other: budget_lines(other.budget_share)},
    )
    return Grant(project=project, lead=lead, other=other)
