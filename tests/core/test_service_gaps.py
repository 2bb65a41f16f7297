from decimal import Decimal

from clusterhub.core.service_gaps import CategoryDemand
from clusterhub.core.service_gaps import CategorySupply
from clusterhub.core.service_gaps import GapKind
from clusterhub.core.service_gaps import demand_reasons
from clusterhub.core.service_gaps import demand_score
from clusterhub.core.service_gaps import rank_opportunities


def test_no_demand_signal_gives_no_opportunity():
    demand = CategoryDemand("finance", mean_rating=Decimal("3.4"), ratings=10)
    assert demand_reasons(demand) == ()
    assert rank_opportunities([demand], []) == []


def test_important_category_without_active_service_is_a_new_service():
    demand = CategoryDemand("finance", mean_rating=Decimal("5"), ratings=4)
    [found] = rank_opportunities([demand], [CategorySupply("finance")])
    assert found.kind == GapKind.NEW
    assert found.reasons == ("survey",)
    # survey part only: 0.5 * (5 - 1) / 4 = 0.5 -> 50.0
    assert found.score == Decimal("50.0")


def test_service_in_development_lowers_the_urgency_of_a_new_service():
    demand = CategoryDemand("finance", mean_rating=Decimal("5"), ratings=4)
    [found] = rank_opportunities([demand], [CategorySupply("finance", in_development=("Clinic",))])
    assert found.kind == GapKind.NEW
    assert found.score == Decimal("30.0")


def test_active_service_members_are_satisfied_with_is_no_gap():
    demand = CategoryDemand("finance", mean_rating=Decimal("5"))
    supply = CategorySupply("finance", active=("Desk",), mean_satisfaction=Decimal("4.2"))
    assert rank_opportunities([demand], [supply]) == []


def test_active_service_with_no_satisfaction_recorded_is_no_gap():
    demand = CategoryDemand("finance", mean_rating=Decimal("5"))
    assert rank_opportunities([demand], [CategorySupply("finance", active=("Desk",))]) == []


def test_active_service_rated_low_is_to_improve():
    demand = CategoryDemand("finance", mean_rating=Decimal("4"))
    supply = CategorySupply("finance", active=("Desk",), mean_satisfaction=Decimal("2.5"))
    [found] = rank_opportunities([demand], [supply])
    assert found.kind == GapKind.IMPROVE
    # 0.5 * 0.75 * 0.8 = 0.3
    assert found.score == Decimal("30.0")


def test_weak_indicators_and_unmet_requests_add_demand():
    demand = CategoryDemand(
        "innovation", weak_indicators=("4.1", "4.2", "4.3", "4.4"), unmet_requests=10
    )
    assert demand_reasons(demand) == ("assessment", "requests")
    # indicators and requests are capped at 1: 0.3 + 0.2
    assert demand_score(demand) == Decimal("0.5")


def test_ranking_is_by_score_then_category():
    demands = [
        CategoryDemand("training", mean_rating=Decimal("4")),
        CategoryDemand("finance", mean_rating=Decimal("5")),
        CategoryDemand("advocacy", mean_rating=Decimal("4")),
    ]
    assert [o.category for o in rank_opportunities(demands, [])] == [
        "finance",
        "advocacy",
        "training",
    ]


def test_unavailable_requests_source_counts_as_no_signal():
    demand = CategoryDemand("advocacy", mean_rating=Decimal("2"), unmet_requests=None)
    assert demand_score(demand) == Decimal("0.125")
    assert demand_reasons(demand) == ()


def test_request_category_by_kind_sector_and_destination():
    from clusterhub.core.service_gaps import request_category

    def cat(kind="business_request", divisions=(), abroad=False):
        return request_category(kind=kind, divisions=frozenset(divisions), abroad=abroad)

    assert cat(kind="rd_request", divisions=["64"]) == "innovation"
    assert cat(kind="technology_request") == "innovation"
    assert cat(divisions=["65"], abroad=True) == "finance"
    assert cat(divisions=["85"]) == "training"
    assert cat(divisions=["49"], abroad=True) == "internationalisation"
    assert cat(divisions=["49"]) == "networking"
