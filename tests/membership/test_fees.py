"""fee_for and billable_memberships: rule choice, pro-rating by days, month ends, leap years."""

import datetime as dt
from decimal import Decimal

import pytest

from clusterhub.membership.fees import FeeError
from clusterhub.membership.fees import add_years
from clusterhub.membership.fees import billable_memberships
from clusterhub.membership.fees import covered_fraction
from clusterhub.membership.fees import fee_for
from clusterhub.registry.models import Membership
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.membership.conftest import assign
from tests.membership.conftest import make_type

D = dt.date
Y2025 = (D(2025, 1, 1), D(2025, 12, 31))
Y2024 = (D(2024, 1, 1), D(2024, 12, 31))  # leap year
LONG_AGO = D(2020, 1, 1)


def member(cluster, *, org_type="sme", size="small", since=LONG_AGO, until=None):
    org = OrganisationFactory(org_type=org_type, size_class=size)
    return MembershipFactory(cluster=cluster, organisation=org, since=since, until=until)


# --- which rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("org_type", "size", "expected"),
    [
        ("sme", "micro", "300.00"),  # type and size
        ("sme", "small", "600.00"),
        ("sme", "medium", "900.00"),  # type only
        ("sme", "", "900.00"),  # size unknown: type only
        ("large", "large", "2400.00"),  # type only beats size only
        ("research", "large", "2000.00"),  # size only
        ("research", "small", "1000.00"),  # neither
    ],
)
def test_most_specific_rule_wins(world, full_a, org_type, size, expected):
    m = member(world.cluster_a, org_type=org_type, size=size)
    assign(m, full_a)
    assert fee_for(m, *Y2025) == Decimal(expected)


def test_free_type_costs_nothing_and_is_not_billable(world, free_a):
    m = member(world.cluster_a)
    assign(m, free_a)
    assert fee_for(m, *Y2025) == Decimal("0.00")
    assert list(billable_memberships(world.cluster_a, *Y2025)) == []


def test_no_matching_rule_is_an_error_naming_the_member(world):
    mtype = make_type(world.cluster_a, "SMEs only", rules=[("sme", "", "500")])
    m = member(world.cluster_a, org_type="university", size="")
    assign(m, mtype)
    with pytest.raises(FeeError, match="SMEs only.*University"):
        fee_for(m, *Y2025)


def test_membership_without_type_is_an_error(world, membership_a):
    with pytest.raises(FeeError, match="no membership type"):
        fee_for(membership_a, *Y2025)


def test_period_ending_before_start_is_refused(world, full_a):
    m = member(world.cluster_a)
    assign(m, full_a)
    with pytest.raises(FeeError):
        fee_for(m, D(2025, 2, 1), D(2025, 1, 31))


# --- pro-rating by days -----------------------------------------------------------------------


def test_whole_year_pays_the_yearly_fee_in_common_and_leap_years(world, full_a):
    m = member(world.cluster_a)
    assign(m, full_a)
    assert fee_for(m, *Y2025) == Decimal("600.00")
    assert fee_for(m, *Y2024) == Decimal("600.00")
    # A year not starting on 1 January, across 29 February 2024.
    assert fee_for(m, D(2023, 7, 1), D(2024, 6, 30)) == Decimal("600.00")


def test_join_mid_year_pays_by_days(world, full_a):
    m = member(world.cluster_a, since=D(2025, 7, 1))
    assign(m, full_a)
    # 184 days of 365: 600 * 184 / 365 = 302.4657... -> 302.47
    assert fee_for(m, *Y2025) == Decimal("302.47")


def test_join_on_month_end_in_leap_year(world, full_a):
    m = member(world.cluster_a, since=D(2024, 2, 29))
    assign(m, full_a)
    # 29 Feb to 31 Dec 2024: 307 days of 366; 600 * 307 / 366 = 503.2786... -> 503.28
    assert fee_for(m, *Y2024) == Decimal("503.28")


def test_leave_on_month_end(world, full_a):
    m = member(world.cluster_a, since=D(2019, 5, 1), until=D(2025, 2, 28))
    assign(m, full_a)
    # 1 Jan to 28 Feb 2025: 59 days; 600 * 59 / 365 = 96.9863... -> 96.99
    assert fee_for(m, *Y2025) == Decimal("96.99")
    m.until = D(2024, 2, 29)
    # 60 days of 366: 600 * 60 / 366 = 98.3606... -> 98.36
    assert fee_for(m, *Y2024) == Decimal("98.36")


def test_join_and_leave_in_the_period(world, full_a):
    m = member(world.cluster_a, since=D(2025, 3, 1), until=D(2025, 3, 31))
    assign(m, full_a)
    # 31 days: 600 * 31 / 365 = 50.9589 -> 50.96
    assert fee_for(m, *Y2025) == Decimal("50.96")


def test_exact_half_cent_rounds_half_up(world):
    # 1.83 a year over 366 days is exactly 0.005 a day: half up gives 0.01 (half even: 0.00).
    mtype = make_type(world.cluster_a, "Tiny", rules=[("", "", "1.83")])
    m = member(world.cluster_a, since=D(2024, 6, 1), until=D(2024, 6, 1))
    assign(m, mtype)
    assert fee_for(m, *Y2024) == Decimal("0.01")
    mtype.fee_rules.update(yearly_amount=Decimal("1.82"))
    m = Membership.objects.get(pk=m.pk)
    assert fee_for(m, *Y2024) == Decimal("0.00")  # 0.0049727 -> 0.00


def test_quarter_is_its_days_of_the_year(world, full_a):
    m = member(world.cluster_a)
    assign(m, full_a)
    # Q1 2025: 90 days of the year from 1 January 2025 (365): 600 * 90/365 = 147.945 -> 147.95
    assert fee_for(m, D(2025, 1, 1), D(2025, 3, 31)) == Decimal("147.95")
    # Q1 2024: 91 of 366: 149.1803 -> 149.18
    assert fee_for(m, D(2024, 1, 1), D(2024, 3, 31)) == Decimal("149.18")


def test_two_year_period_pays_twice(world, full_a):
    m = member(world.cluster_a)
    assign(m, full_a)
    assert fee_for(m, D(2024, 1, 1), D(2025, 12, 31)) == Decimal("1200.00")


def test_not_overlapping_costs_nothing(world, full_a):
    m = member(world.cluster_a, since=D(2026, 1, 1))
    assign(m, full_a)
    assert fee_for(m, *Y2025) == Decimal("0.00")


def test_add_years_moves_29_february_to_1_march():
    assert add_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
    assert add_years(D(2024, 2, 29), 4) == D(2028, 2, 29)
    assert add_years(D(2025, 1, 31), 1) == D(2026, 1, 31)


def test_year_from_29_february_is_whole():
    assert covered_fraction(D(2020, 1, 1), None, D(2024, 2, 29), D(2025, 2, 28)) == 1


# --- billable memberships ---------------------------------------------------------------------


def test_billable_memberships_overlap_the_period_and_pay(world, full_a, free_a):
    c = world.cluster_a
    inside = member(c, since=D(2025, 6, 1))
    left_before = member(c, since=D(2020, 1, 1), until=D(2024, 12, 31))
    left_on_first_day = member(c, since=D(2020, 1, 1), until=D(2025, 1, 1))
    joins_after = member(c, since=D(2026, 1, 1))
    free = member(c)
    other_cluster = member(world.cluster_b)
    for m in (inside, left_before, left_on_first_day, joins_after):
        assign(m, full_a)
    assign(free, free_a)
    assign(other_cluster, make_type(world.cluster_b, rules=[("", "", "10")]))
    rows = list(billable_memberships(c, *Y2025))
    assert {m.pk for m in rows} == {inside.pk, left_on_first_day.pk}
    # No membership type: not billable (world's own member of A has none).
    assert world.member_a.pk not in {m.organisation_id for m in rows}


def test_billable_memberships_compute_fees_in_a_fixed_number_of_queries(
    world, full_a, django_assert_max_num_queries
):
    for _ in range(20):
        assign(member(world.cluster_a), full_a)
    with django_assert_max_num_queries(3):
        fees = [fee_for(m, *Y2025) for m in billable_memberships(world.cluster_a, *Y2025)]
    assert fees == [Decimal("600.00")] * 20
