"""Matchmaking tests run on the TF-IDF backend (fast); tests of the real model say so."""

import pytest

from clusterhub.matchmaking import index
from clusterhub.registry.models import NaceCode
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory


@pytest.fixture(autouse=True)
def _tfidf(settings):
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    index.invalidate()
    yield
    index.invalidate()


@pytest.fixture
def member_of(db):
    """Make an organisation with a NACE code and place, a current member of a cluster."""

    def make(cluster, name, nace, *, country="LV", lat="56.95", lon="24.10", size="small"):
        org = OrganisationFactory(
            name=name,
            country=country,
            primary_nace=NaceCode.objects.get(code=nace),
            latitude=lat,
            longitude=lon,
            size_class=size,
        )
        MembershipFactory(cluster=cluster, organisation=org)
        return org

    return make
