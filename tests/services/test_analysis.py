"""Survey results, the gap analysis with its three sources, and the programme comparison."""

import datetime as dt
from decimal import Decimal

from clusterhub.assessment import insights
from clusterhub.services import analysis
from clusterhub.services import domain
from tests.factories import MembershipFactory
from tests.services.conftest import answers_for
from tests.services.conftest import make_service


def test_survey_results_count_options_and_mean_per_category(world, survey_a):
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=5), user=world["member_a"]
    )
    [(_r, token)] = domain.issue_tokens(survey=survey_a, labels=["x"])
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=2, choice="Rarely"), token=token
    )
    results = analysis.survey_results(survey_a)
    assert results.responses == 2
    rating, choice, multiple, text = results.questions
    assert rating.counts == [("1", 0), ("2", 1), ("3", 0), ("4", 0), ("5", 1)]
    assert rating.mean == Decimal("3.50")
    assert choice.counts == [("Often", 1), ("Rarely", 1)]
    assert multiple.counts == [("Workshops", 2), ("Webinars", 0), ("Visits", 0)]
    assert text.texts == ["More", "More"]
    assert results.category_means == [("finance", Decimal("3.50"), 2)]


def test_gap_analysis_names_a_new_service_for_an_important_category(world, survey_a):
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=5), user=world["member_a"]
    )
    gaps = analysis.gap_analysis(world.cluster_a)
    assert gaps.survey == survey_a
    assert gaps.survey_responses == 1
    assert gaps.requests_available is True
    assert gaps.assessment_available is False
    [found] = gaps.opportunities
    assert (found.category, found.kind, found.score) == ("finance", "new", Decimal("50.0"))


def test_gap_analysis_proposes_to_improve_a_disappointing_service(world, survey_a):
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=5), user=world["member_a"]
    )
    service = make_service(world.cluster_a, world["manager_a"], category="finance")
    domain.record_uptake(
        service=service, organisation=world.member_a, used_on=dt.date(2026, 1, 1), satisfaction=2
    )
    [found] = analysis.gap_analysis(world.cluster_a).opportunities
    assert found.kind == "improve"
    assert found.supply.active == ("Export desk",)
    assert found.supply.mean_satisfaction == Decimal("2.00")


def test_gap_analysis_reads_weak_indicators(world, monkeypatch):
    weak = insights.WeakIndicator(
        code="4.2",
        title="Services",
        area_code="4",
        percent=Decimal("20.0"),
        service_categories=["innovation", "training"],
    )
    monkeypatch.setattr(analysis, "weak_indicators", lambda cluster: [weak])
    gaps = analysis.gap_analysis(world.cluster_a)
    assert gaps.assessment_available is True
    assert [(o.category, o.reasons) for o in gaps.opportunities] == [
        ("innovation", ("assessment",)),
        ("training", ("assessment",)),
    ]
    assert gaps.opportunities[0].demand.weak_indicators == ("4.2 Services (20%)",)


def _profile(world, kind, codes=(), regions="", organisation=None, **extra):
    from clusterhub.matchmaking.models import Profile

    profile = Profile.objects.create(
        organisation=organisation or world.member_a,
        cluster=world.cluster_a,
        kind=kind,
        title=f"{kind} {codes}",
        description="A partnering profile.",
        target_regions=regions,
        **extra,
    )
    profile.nace_codes.set(codes)
    return profile


def test_member_requests_no_member_offers_count_as_demand(world):
    assert analysis.unmet_requests_by_category(world.cluster_a) == {}
    _profile(world, "business_request", ["64.19"])
    _profile(world, "rd_request", ["72.10"])
    _profile(world, "business_request", ["49.41"], regions="SE, EE")
    _profile(world, "business_request", ["62.10"])
    assert analysis.unmet_requests_by_category(world.cluster_a) == {
        "finance": 1,
        "innovation": 1,
        "internationalisation": 1,
        "networking": 1,
    }
    other_member = MembershipFactory(cluster=world.cluster_a).organisation
    _profile(world, "business_offer", ["62.20"], organisation=other_member)
    _profile(world, "business_offer", ["64.92"], organisation=other_member)
    # Offers in divisions 62 and 64 answer the software and the finance request.
    assert analysis.unmet_requests_by_category(world.cluster_a) == {
        "innovation": 1,
        "internationalisation": 1,
    }


def test_requests_past_their_deadline_or_outside_the_cluster_are_not_demand(world):
    _profile(world, "business_request", ["64.19"], deadline=dt.date(2020, 1, 1))
    _profile(world, "business_request", ["64.19"], organisation=world.member_b)
    assert analysis.unmet_requests_by_category(world.cluster_a) == {}


def test_draft_surveys_do_not_count_as_demand(world):
    domain.create_survey_from_template(cluster=world.cluster_a, actor=world["manager_a"])
    assert analysis.latest_answered_survey(world.cluster_a) is None


def test_comparison_matrix_lists_active_services_per_cluster(world, active_a):
    world.programme.clusters.add(world.cluster_b)
    make_service(world.cluster_b, world["manager_b"], name="Trade missions")
    make_service(
        world.cluster_b, world["manager_b"], name="Idea", status="idea", category="finance"
    )
    clusters, rows = analysis.portfolio_comparison(world.programme)
    assert [c.acronym for c in clusters] == ["CLA", "CLB"]
    by_code = {r.category: r for r in rows}
    assert by_code["internationalisation"].cells == [["Export desk"], ["Trade missions"]]
    assert by_code["internationalisation"].offered_by == 2
    assert by_code["finance"].cells == [[], []]
    assert len(rows) == 9
