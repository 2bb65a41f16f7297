"""Gap analysis of a cluster's services: demand signals against the portfolio, ranked.

Demand per service category comes from up to three sources:
- the needs survey: the mean importance rating (1-5) members gave the category;
- the assessment: how many weak indicators the framework maps to the category;
- matchmaking: member requests in the category that no member offers (None: source not there).

Supply per category is the number of active services, the services still in development and
the mean satisfaction members gave the active ones.

A category is an opportunity when there is demand and the supply does not answer it:
- NEW when no service is active (a service in development is noted, and lowers the urgency);
- IMPROVE when services are active but members rate them below SATISFIED.

The score is a weighted sum of the demand signals, each scaled to 0..1, times a factor for the
kind of gap. It orders the list; the evidence, not the number, is what people read.
"""

from dataclasses import dataclass
from dataclasses import field
from decimal import ROUND_HALF_UP
from decimal import Decimal
from enum import StrEnum

IMPORTANT = Decimal("3.5")  # mean rating from which members call a category important
SATISFIED = Decimal("3.5")  # mean satisfaction below which an active service needs work
WEIGHT_SURVEY = Decimal("0.5")
WEIGHT_INDICATORS = Decimal("0.3")
WEIGHT_REQUESTS = Decimal("0.2")
INDICATORS_FOR_FULL = 3  # weak indicators that count as the strongest assessment signal
REQUESTS_FOR_FULL = 5
FACTOR_NEW = Decimal("1")
FACTOR_NEW_IN_DEVELOPMENT = Decimal("0.6")
FACTOR_IMPROVE = Decimal("0.8")


class GapKind(StrEnum):
    NEW = "new"
    IMPROVE = "improve"


@dataclass(frozen=True)
class CategoryDemand:
    category: str
    mean_rating: Decimal | None = None  # None: no survey answer rated this category
    ratings: int = 0
    weak_indicators: tuple[str, ...] = ()
    unmet_requests: int | None = None  # None: the matchmaking source is not available


@dataclass(frozen=True)
class CategorySupply:
    category: str
    active: tuple[str, ...] = ()
    in_development: tuple[str, ...] = ()
    mean_satisfaction: Decimal | None = None


@dataclass(frozen=True)
class Opportunity:
    category: str
    kind: GapKind
    score: Decimal
    demand: CategoryDemand
    supply: CategorySupply
    reasons: tuple[str, ...] = field(default=())  # codes of the demand signals that fired


def _clamp01(value: Decimal) -> Decimal:
    return min(max(value, Decimal(0)), Decimal(1))


def demand_reasons(demand: CategoryDemand) -> tuple[str, ...]:
    """Which signals say members need this category: 'survey', 'assessment', 'requests'."""
    reasons = []
    if demand.mean_rating is not None and demand.mean_rating >= IMPORTANT:
        reasons.append("survey")
    if demand.weak_indicators:
        reasons.append("assessment")
    if demand.unmet_requests:
        reasons.append("requests")
    return tuple(reasons)


def demand_score(demand: CategoryDemand) -> Decimal:
    """The demand for a category on a 0..1 scale."""
    survey = Decimal(0)
    if demand.mean_rating is not None:
        survey = _clamp01((demand.mean_rating - 1) / 4)
    indicators = _clamp01(Decimal(len(demand.weak_indicators)) / INDICATORS_FOR_FULL)
    requests = _clamp01(Decimal(demand.unmet_requests or 0) / REQUESTS_FOR_FULL)
    return WEIGHT_SURVEY * survey + WEIGHT_INDICATORS * indicators + WEIGHT_REQUESTS * requests


def rank_opportunities(
    demands: list[CategoryDemand], supplies: list[CategorySupply]
) -> list[Opportunity]:
    """Opportunities for new or improved services, highest score first (ties by category)."""
    supply_of = {s.category: s for s in supplies}
    found = []
    for demand in demands:
        reasons = demand_reasons(demand)
        if not reasons:
            continue
        supply = supply_of.get(demand.category, CategorySupply(category=demand.category))
        if not supply.active:
            kind = GapKind.NEW
            factor = FACTOR_NEW_IN_DEVELOPMENT if supply.in_development else FACTOR_NEW
        elif supply.mean_satisfaction is not None and supply.mean_satisfaction < SATISFIED:
            kind, factor = GapKind.IMPROVE, FACTOR_IMPROVE
        else:
            continue
        score = (demand_score(demand) * factor * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)
        found.append(Opportunity(demand.category, kind, score, demand, supply, reasons))
    return sorted(found, key=lambda o: (-o.score, o.category))


# What kind of cluster service would answer a member's partnering request that no member can
# fill: research and technology requests call for innovation support, requests for financiers
# or trainers for finance or training services, requests aimed abroad for internationalisation,
# and any other for brokerage beyond the membership (networking and matchmaking).
FINANCE_DIVISIONS = frozenset({"64", "65", "66"})
EDUCATION_DIVISIONS = frozenset({"85"})
RESEARCH_KINDS = frozenset({"rd_request", "technology_request"})


def request_category(*, kind: str, divisions: frozenset[str], abroad: bool) -> str:
    """The service category an unmet partnering request counts as demand for."""
    if kind in RESEARCH_KINDS:
        return "innovation"
    if divisions & FINANCE_DIVISIONS:
        return "finance"
    if divisions & EDUCATION_DIVISIONS:
        return "training"
    if abroad:
        return "internationalisation"
    return "networking"
