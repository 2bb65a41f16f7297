"""Recommendations on the TF-IDF backend: ranking, reasons, filters, visibility, bad input."""

from datetime import timedelta

import pytest
from django.utils import timezone

from clusterhub.matchmaking import domain
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import Suggestion
from clusterhub.matchmaking.recommend import Filters
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.matchmaking.recommend import for_profile
from clusterhub.matchmaking.stored import recompute_all
from tests.matchmaking.test_domain import OFFER
from tests.matchmaking.test_domain import REQUEST
from tests.matchmaking.test_domain import make_profile


@pytest.fixture
def market(world, member_of):
    """A dairy in cluster A asking for cold transport and traceability software; a carrier,
    a software house and another dairy offering; a bank far away."""
    a, b = world.cluster_a, world.cluster_b
    orgs = {
        "dairy": member_of(a, "Dairy", "10.51"),
        "carrier": member_of(b, "Carrier", "49.41", country="EE", lat="59.43", lon="24.75"),
        "software": member_of(b, "Software", "62.10", country="EE", lat="59.43", lon="24.75"),
        "dairy2": member_of(a, "Other Dairy", "10.51"),
        "bank": member_of(b, "Bank", "64.19", country="EE", lat="59.43", lon="24.75", size="large"),
    }
    make_profile(
        orgs["dairy"],
        a,
        kind=REQUEST,
        title="Refrigerated transport of dairy to Tallinn",
        description="We need refrigerated trucks and cold chain transport for chilled dairy.",
        nace=("49.41",),
    )
    make_profile(
        orgs["dairy"],
        a,
        kind="technology_request",
        title="Traceability software",
        description="Batch traceability software from farm to shelf with temperature logging.",
        nace=("62.10",),
    )
    make_profile(
        orgs["carrier"],
        b,
        kind=OFFER,
        title="Refrigerated trucking",
        description="Refrigerated trucks, cold chain transport of chilled food to Tallinn.",
    )
    make_profile(
        orgs["software"],
        b,
        kind="technology_offer",
        title="Traceability software",
        description="Traceability software for food: batch tracking and temperature logging.",
        nace=("62.10",),
    )
    make_profile(
        orgs["dairy2"],
        a,
        kind=OFFER,
        title="Cheese",
        nace=("10.51",),
        description="Organic cheese and yoghurt from family farms for retail buyers.",
    )
    make_profile(
        orgs["bank"],
        b,
        kind=OFFER,
        title="Loans",
        nace=("64.19",),
        description="Business loans and leasing for companies of every size.",
    )
    return orgs


def names(recs):
    return [r.organisation.name if r.organisation else None for r in recs]


def test_food_producer_sees_logistics_and_it_first_with_reasons(world, market):
    recs = for_organisation(organisation=market["dairy"], user=world["manager_a"])
    assert names(recs)[:2] == ["Software", "Carrier"] or names(recs)[:2] == ["Carrier", "Software"]
    assert "Dairy" not in names(recs)
    carrier = next(r for r in recs if r.organisation.name == "Carrier")
    codes = [code for code, _text in carrier.reasons]
    assert codes[0] == "sought_sector"
    assert "text_match" in codes
    assert carrier.profile.title == "Refrigerated trucking"
    assert carrier.reasons[0][1] == (
        "They work in Land transport and transport via pipelines, the sector your request asks for."
    )
    assert recs[-1].score <= recs[0].score


def test_filters_narrow_the_candidates(world, market):
    user = world["manager_a"]
    dairy = market["dairy"]
    assert names(for_organisation(organisation=dairy, user=user, filters=Filters(sector="H"))) == [
        "Carrier"
    ]
    assert names(for_organisation(organisation=dairy, user=user, filters=Filters(sector="62"))) == [
        "Software"
    ]
    assert "Other Dairy" not in names(
        for_organisation(organisation=dairy, user=user, filters=Filters(other_clusters_only=True))
    )
    assert set(
        names(for_organisation(organisation=dairy, user=user, filters=Filters(country="LV")))
    ) == {
        "Other Dairy",
        "Member A Ltd",
    }
    assert (
        names(for_organisation(organisation=dairy, user=user, filters=Filters(org_type="large")))
        == []
    )


def test_profile_recommendations_answer_requests_with_offers(world, market):
    request = market["dairy"].partnering_profiles.get(title__startswith="Refrigerated")
    recs = for_profile(profile=request, user=world["manager_a"], top=3)
    assert recs[0].profile.title == "Refrigerated trucking"
    assert all(r.profile.kind in ("business_offer", "technology_offer") for r in recs)


def test_past_deadline_profiles_are_not_recommended(world, market):
    offer = market["carrier"].partnering_profiles.get()
    offer.deadline = timezone.localdate() - timedelta(days=1)
    domain.save_profile(profile=offer)
    request = market["dairy"].partnering_profiles.get(title__startswith="Refrigerated")
    recs = for_profile(profile=request, user=world["manager_a"])
    assert "Refrigerated trucking" not in [r.profile.title for r in recs]


def test_anonymous_profiles_are_shown_without_a_name(world, market):
    offer = market["carrier"].partnering_profiles.get()
    offer.visibility = Visibility.ANONYMOUS
    domain.save_profile(profile=offer)
    request = market["dairy"].partnering_profiles.get(title__startswith="Refrigerated")
    recs = for_profile(profile=request, user=world["manager_a"], top=5)
    anon = [r for r in recs if r.profile.pk == offer.pk]
    assert len(anon) == 1 and anon[0].organisation is None
    assert "nearby" not in [c for c, _t in anon[0].reasons]
    # The carrier's own cluster manager sees who it is.
    recs_b = for_profile(profile=request, user=world["manager_b"], top=5)
    assert [r.organisation.name for r in recs_b if r.profile.pk == offer.pk] == ["Carrier"]
    # Organisation recommendations do not use the anonymous text.
    carrier = next(
        r
        for r in for_organisation(organisation=market["dairy"], user=world["manager_a"])
        if r.organisation.name == "Carrier"
    )
    assert carrier.profile is None


def test_cluster_only_profiles_count_only_for_insiders(world, market):
    offer = market["software"].partnering_profiles.get()
    offer.visibility = Visibility.CLUSTERS
    domain.save_profile(profile=offer)
    request = market["dairy"].partnering_profiles.get(title="Traceability software")
    assert offer.pk not in [
        r.profile.pk for r in for_profile(profile=request, user=world["manager_a"])
    ]
    assert offer.pk in [r.profile.pk for r in for_profile(profile=request, user=world["manager_b"])]


def test_declined_partners_are_not_proposed_for_90_days(world, market):
    intro, _ = domain.request_introduction(requester=market["dairy"], target=market["carrier"])
    domain.decide_introduction(introduction=intro, accept=False)
    assert "Carrier" not in names(
        for_organisation(organisation=market["dairy"], user=world["admin"])
    )


def test_recompute_all_stores_public_suggestions(world, market):
    count = recompute_all(top=3)
    assert count == Suggestion.objects.count()
    top = Suggestion.objects.filter(organisation=market["dairy"]).order_by("rank")
    assert [s.rank for s in top] == [1, 2, 3]
    assert {s.partner.name for s in top[:2]} == {"Carrier", "Software"}


def test_recommend_all_command_shows_progress_and_stores(world, market):
    from io import StringIO

    from django.core.management import CommandError
    from django.core.management import call_command

    out, err = StringIO(), StringIO()
    call_command("matchmaking", "recommend", "--all", "--top", "2", stdout=out, stderr=err)
    assert "Embedded 0 profiles." in out.getvalue()
    assert err.getvalue() == ""  # the progress bar is drawn only on a terminal
    seen = []
    recompute_all(top=2, on_progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (7, 7)
    Profile.objects.update(vector_model="stale")  # every profile needs embedding again
    embedded = []
    n = domain.embed_profiles(
        profiles=list(Profile.objects.all()),
        on_progress=lambda done, total: embedded.append((done, total)),
    )
    assert n > 0 and embedded[-1] == (n, n)
    assert Suggestion.objects.filter(organisation=market["dairy"]).count() == 2
    with pytest.raises(CommandError, match="--top must be between 1 and 100"):
        call_command("matchmaking", "recommend", "--all", "--top", "0")


def test_diversify_caps_one_sector_among_the_first():
    from clusterhub.matchmaking.recommend import diversify

    sectors = ["62", "62", "62", "62", "49", "", "", "", ""]
    assert diversify(list(range(9)), sectors.__getitem__, 6, per_sector=2) == [0, 1, 4, 5, 6, 7]
    assert diversify(list(range(5)), sectors.__getitem__, 5, per_sector=2) == [0, 1, 4, 2, 3]
