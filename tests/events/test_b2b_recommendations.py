"""The B2B page recommends partners among the event's participants only (issue 12, item 10)."""

import pytest

from clusterhub.events import domain
from clusterhub.matchmaking.domain import save_profile
from clusterhub.matchmaking.models import Profile
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _tfidf(tfidf_embedder):
    """Matchmaking with the TF-IDF embedder (tests/events/conftest.py)."""


def _carrier(name, cluster, user=None):
    organisation = OrganisationFactory(name=name)
    MembershipFactory(cluster=cluster, organisation=organisation)
    if user is not None:
        PersonFactory(organisation=organisation, user=user)
    save_profile(
        profile=Profile(
            organisation=organisation,
            cluster=cluster,
            kind="business_offer",
            title=f"Refrigerated road transport by {name}",
            description="Refrigerated road transport of milk and dairy products in Latvia.",
        ),
        nace_codes=["49.41"],
    )
    return organisation


def test_recommendations_name_only_confirmed_b2b_participants(b2b, world):
    event, _slots, (a, b, c, _d) = b2b
    dairy = OrganisationFactory(name="Dairy A (test)")
    MembershipFactory(cluster=world.cluster_a, organisation=dairy)
    PersonFactory(organisation=dairy, user=a.user)
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
    _carrier("Carrier at the event", world.cluster_a, b.user)
    # A better-fitting carrier that is not at the event, one whose registration was cancelled,
    # and one registered who does not take part in the B2B meetings.
    _carrier("Carrier staying home", world.cluster_a)
    _carrier("Carrier who cancelled", world.cluster_a, c.user)
    domain.cancel_registration(registration=c)
    absent = UserFactory(username="no-b2b")
    _carrier("Carrier without B2B", world.cluster_a, absent)
    domain.register(event=event, user=absent)

    lines = domain.recommended_partners(registration=a)

    assert [line.split(":")[0] for line in lines] == ["Carrier at the event"]
