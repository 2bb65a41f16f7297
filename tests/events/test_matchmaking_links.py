"""Events use matchmaking: B2B recommendations, and follow-up agreements become collaborations."""

import datetime as dt

import pytest

from clusterhub.events import domain
from clusterhub.matchmaking.domain import save_profile
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile
from tests.events.conftest import accepted as _accepted
from tests.events.conftest import works_at


@pytest.fixture(autouse=True)
def _tfidf(tfidf_embedder):
    """Matchmaking with the TF-IDF embedder (tests/events/conftest.py)."""


def test_follow_up_agreement_records_a_collaboration_with_each_partner_met(b2b, world):
    event, _slots, (a, b, c, _d) = b2b
    org_a = works_at(a.user, "Dairy A (test)", world.cluster_a)
    works_at(b.user, "Carrier B (test)", world.cluster_a)
    org_c = works_at(c.user, "Software C (test)", world.cluster_a)
    _accepted(a, b)
    _accepted(c, a)
    domain.schedule_meetings(event=event, time_limit=5)
    half_year = event.ends_at + dt.timedelta(days=183)
    domain.send_follow_ups(event=event, now=half_year)
    a.refresh_from_db()
    domain.answer_follow_up(
        follow_up=a.follow_up, led_to_agreement=True, agreements=1, notes="cold-chain pilot"
    )
    collaborations = Collaboration.objects.filter(partners=org_a).order_by("title")
    assert [sorted(p.name for p in c.partners.all()) for c in collaborations] == [
        ["Carrier B (test)", "Dairy A (test)"],
        ["Dairy A (test)", "Software C (test)"],
    ]
    assert {c.status for c in collaborations} == {"exploring"}
    assert "1 agreement from B2B meetings" in collaborations[0].notes
    assert "cold-chain pilot" in collaborations[0].notes
    # Answering again changes nothing.
    from clusterhub.events.follow_ups import organisations_met
    from clusterhub.matchmaking.domain import record_event_agreement

    assert (
        record_event_agreement(
            organisation=org_a,
            partners=organisations_met(a),
            event_id=event.pk,
            event_title=event.title,
            agreements=1,
            notes="cold-chain pilot",
        )
        == []
    )
    assert Collaboration.objects.filter(partners=org_c).count() == 1


def test_b2b_participants_see_matchmaking_recommendations(b2b, world):
    _event, _slots, (a, b, _c, _d) = b2b
    dairy = works_at(a.user, "Dairy A (test)", world.cluster_a)
    carrier = works_at(b.user, "Carrier B (test)", world.cluster_a)
    save_profile(
        profile=Profile(
            organisation=dairy,
            cluster=world.cluster_a,
            kind="business_request",
            title="Refrigerated transport for milk",
            description="We need refrigerated road transport for milk to Riga every day.",
        ),
        nace_codes=["49.41"],
    )
    save_profile(
        profile=Profile(
            organisation=carrier,
            cluster=world.cluster_a,
            kind="business_offer",
            title="Refrigerated road transport",
            description="Refrigerated road transport of milk and dairy products in Latvia.",
        ),
        nace_codes=["49.41"],
    )
    lines = domain.recommended_partners(registration=a)
    assert lines and lines[0].startswith("Carrier B (test)")
