"""Key numbers of a cluster: counts, shares, the 150 km rule and the ECCP listing checks."""

from decimal import Decimal

import pytest

from clusterhub.core.cluster_profile import NEARBY_KM
from clusterhub.core.cluster_profile import ClusterProfile
from clusterhub.core.cluster_profile import eccp_checks
from clusterhub.core.cluster_profile import profile
from clusterhub.core.geo import EARTH_RADIUS_KM
from clusterhub.core.types import EccpCheck
from clusterhub.core.types import MemberFacts
from clusterhub.core.types import Point

OFFICE = Point(56.9496, 24.1052)
KM_PER_DEGREE_OF_LATITUDE = 2 * 3.141592653589793 * EARTH_RADIUS_KM / 360


def north_of_office(km: float) -> Point:
    return Point(OFFICE.lat + km / KM_PER_DEGREE_OF_LATITUDE, OFFICE.lon)


def member(
    org_type="sme",
    size_class="small",
    sector="62",
    committed=True,
    location: Point | None = OFFICE,
) -> MemberFacts:
    return MemberFacts(org_type, size_class, sector, committed, location)


def test_empty_cluster_has_zero_counts_and_no_shares():
    p = profile([], OFFICE)
    assert p == ClusterProfile(
        members=0, committed=0, by_type={}, by_size={}, by_sector={}, located=0, within_150km=0
    )
    assert p.committed_share is None
    assert p.nearby_share is None
    assert p.member_types == 0


def test_counts_by_type_size_and_sector_most_common_first():
    members = [
        member("university", "large", "85"),
        member("sme", "micro", "62"),
        member("sme", "small", "62"),
        member("public_body", "large", "84", committed=False),
    ]
    p = profile(members, OFFICE)
    assert p.members == 4
    assert p.committed == 3
    assert list(p.by_type.items()) == [("sme", 2), ("university", 1), ("public_body", 1)]
    assert list(p.by_size.items()) == [("large", 2), ("micro", 1), ("small", 1)]
    assert list(p.by_sector.items()) == [("62", 2), ("85", 1), ("84", 1)]
    assert p.member_types == 3
    assert p.committed_share == Decimal("75.0")


def test_shares_are_percentages_rounded_to_one_decimal():
    p = profile([member(), member(), member(committed=False)], OFFICE)
    assert p.committed_share == Decimal("66.7")
    assert str(p.committed_share) == "66.7"


def test_150_km_boundary_and_members_without_a_location():
    assert NEARBY_KM == 150.0
    members = [
        member(location=OFFICE),
        member(location=north_of_office(149.99)),
        member(location=north_of_office(150.01)),
        member(location=None),
    ]
    p = profile(members, OFFICE)
    assert p.located == 3
    assert p.within_150km == 2
    assert p.nearby_share == Decimal("66.7")


def test_without_an_office_location_nothing_counts_as_located_or_near():
    p = profile([member(), member(location=None)], None)
    assert p.members == 2
    assert p.located == 0
    assert p.within_150km == 0
    assert p.nearby_share is None


def _profile_with(committed: int, types: int) -> ClusterProfile:
    kinds = ["sme", "university", "research", "public_body"][:types]
    members = [member(org_type=kinds[i % types]) for i in range(committed)]
    return profile(members, OFFICE)


def test_eccp_checks_all_met_at_the_exact_thresholds():
    checks = eccp_checks(_profile_with(15, 2), management_fte=Decimal("0.5"))
    assert checks == [
        EccpCheck("fte", Decimal("0.5"), Decimal("0.5"), True),
        EccpCheck("committed", Decimal(15), Decimal(15), True),
        EccpCheck("types", Decimal(2), Decimal(2), True),
    ]


def test_eccp_checks_all_missed_just_below_the_thresholds():
    checks = eccp_checks(_profile_with(14, 1), management_fte=Decimal("0.49"))
    assert checks == [
        EccpCheck("fte", Decimal("0.5"), Decimal("0.49"), False),
        EccpCheck("committed", Decimal(15), Decimal(14), False),
        EccpCheck("types", Decimal(2), Decimal(1), False),
    ]


def test_eccp_checks_count_only_committed_members():
    p = profile([member(committed=False)] * 20 + [member("university")], OFFICE)
    checks = {c.code: c for c in eccp_checks(p, management_fte=Decimal("2"))}
    assert checks["committed"] == EccpCheck("committed", Decimal(15), Decimal(1), False)
    assert checks["types"].met is True


@pytest.mark.parametrize(
    ("min_fte", "min_committed", "min_types", "expected"),
    [
        (Decimal("1.0"), 3, 3, [True, True, True]),
        (Decimal("1.01"), 4, 4, [False, False, False]),
    ],
)
def test_eccp_thresholds_come_from_the_caller(min_fte, min_committed, min_types, expected):
    checks = eccp_checks(
        _profile_with(3, 3),
        management_fte=Decimal("1.0"),
        min_fte=min_fte,
        min_committed=min_committed,
        min_member_types=min_types,
    )
    assert [c.met for c in checks] == expected
    assert [c.required for c in checks] == [min_fte, Decimal(min_committed), Decimal(min_types)]
