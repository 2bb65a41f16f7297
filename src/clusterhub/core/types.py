"""Value types shared by the pure-Python domain logic."""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class SizeClass(StrEnum):
    """Enterprise size by the EU SME definition (Commission Recommendation 2003/361/EC)."""

    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class Point:
    """A place on the earth in decimal degrees (WGS84)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class MemberFacts:
    """What the cluster dashboard needs to know about one current member."""

    org_type: str
    size_class: str
    sector: str
    committed: bool
    location: Point | None


@dataclass(frozen=True)
class EccpCheck:
    """One checkable criterion for listing on the European Cluster Collaboration Platform."""

    code: str
    required: Decimal
    actual: Decimal
    met: bool
