"""Key numbers of a cluster from the facts about its current members.

Used by the cluster dashboard and, later, by the assessment's computed indicators; the thresholds
of the ECCP listing criteria are arguments so that callers can take them from configuration.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from clusterhub.core.geo import distance_km
from clusterhub.core.types import EccpCheck
from clusterhub.core.types import MemberFacts
from clusterhub.core.types import Point

NEARBY_KM = 150.0


@dataclass(frozen=True)
class ClusterProfile:
    members: int
    committed: int
    by_type: dict[str, int]
    by_size: dict[str, int]
    by_sector: dict[str, int]
    located: int
    within_150km: int

    @property
    def committed_share(self) -> Decimal | None:
        return _share(self.committed, self.members)

    @property
    def nearby_share(self) -> Decimal | None:
        """Share of members with a known location that lie within 150 km of the office."""
        return _share(self.within_150km, self.located)

    @property
    def member_types(self) -> int:
        return len(self.by_type)


def _share(part: int, whole: int) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def profile(members: list[MemberFacts], office: Point | None) -> ClusterProfile:
    """Count members by type, size and sector, and how many lie within 150 km of the office."""
    located = [m.location for m in members if m.location is not None]
    near = 0
    if office is not None:
        near = sum(1 for place in located if distance_km(office, place) <= NEARBY_KM)
    return ClusterProfile(
        members=len(members),
        committed=sum(1 for m in members if m.committed),
        by_type=dict(Counter(m.org_type for m in members).most_common()),
        by_size=dict(Counter(m.size_class for m in members).most_common()),
        by_sector=dict(Counter(m.sector for m in members).most_common()),
        located=len(located) if office is not None else 0,
        within_150km=near,
    )


def eccp_checks(
    p: ClusterProfile,
    *,
    management_fte: Decimal,
    min_fte: Decimal = Decimal("0.5"),
    min_committed: int = 15,
    min_member_types: int = 2,
) -> list[EccpCheck]:
    """The checkable ECCP listing criteria (DOMAIN.md §2) with what is required and what is."""
    return [
        EccpCheck("fte", min_fte, management_fte, management_fte >= min_fte),
        EccpCheck(
            "committed",
            Decimal(min_committed),
            Decimal(p.committed),
            p.committed >= min_committed,
        ),
        EccpCheck(
            "types",
            Decimal(min_member_types),
            Decimal(p.member_types),
            p.member_types >= min_member_types,
        ),
    ]
