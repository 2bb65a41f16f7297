"""Membership fixtures on top of the world: types and fee rules of cluster A, helpers."""

from decimal import Decimal

import pytest

from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from tests.conftest import area_api


def make_type(cluster, name="Full member", *, free=False, rules=()) -> MembershipType:
    """A membership type with fee rules given as (org_type, size_class, amount)."""
    mtype = MembershipType.objects.create(cluster=cluster, name=name, is_free=free)
    for org_type, size_class, amount in rules:
        FeeRule.objects.create(
            membership_type=mtype,
            org_type=org_type,
            size_class=size_class,
            yearly_amount=Decimal(amount),
        )
    return mtype


def assign(membership, mtype, **fields) -> MemberTerms:
    return MemberTerms.objects.create(membership=membership, membership_type=mtype, **fields)


@pytest.fixture
def full_a(world) -> MembershipType:
    """Cluster A's paying type: SMEs by size, large companies, anyone else."""
    return make_type(
        world.cluster_a,
        rules=[
            ("sme", "micro", "300.00"),
            ("sme", "small", "600.00"),
            ("sme", "", "900.00"),
            ("large", "", "2400.00"),
            ("", "large", "2000.00"),
            ("", "", "1000.00"),
        ],
    )


@pytest.fixture
def free_a(world) -> MembershipType:
    return make_type(world.cluster_a, "Academic (free)", free=True)


@pytest.fixture
def membership_a(world):
    return world.member_a.memberships.get(cluster=world.cluster_a)


V1 = "/api/v1/membership"
api_as = area_api(V1)


@pytest.fixture
def pending_a(world, full_a):
    from clusterhub.membership.domain import submit_application
    from clusterhub.membership.models import Application

    return submit_application(
        application=Application(
            cluster=world.cluster_a,
            company_name="Newco SIA",
            registration_number="40003000001",
            vat_number="LV40003000001",
            country="LV",
            org_type="sme",
            size_class="micro",
            contact_first_name="Ieva",
            contact_last_name="Kalna",
            email="ieva@newco.example",
            membership_type=full_a,
        )
    )
