"""Where the map puts a cluster: its coordinates, its managing organisation's, the middle of
at least three members' (rounded), else its country's centre (hollow)."""

from decimal import Decimal

import pytest

from clusterhub.directory.queries import place_of
from clusterhub.registry.models import Cluster
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _fresh(cluster):
    """The cluster as stored (the factory leaves the coordinates as the strings it was given)."""
    return Cluster.objects.select_related("managing_organisation").get(pk=cluster.pk)


def _bare(**extra):
    return ClusterFactory(latitude=None, longitude=None, **extra)


def test_own_coordinates_first():
    cluster = _fresh(ClusterFactory(latitude="57.31190", longitude="25.27060"))
    place = place_of(cluster)
    assert (place.latitude, place.longitude, place.source) == (
        Decimal("57.31190"),
        Decimal("25.27060"),
        "cluster",
    )


def test_managing_organisation_next():
    org = OrganisationFactory(latitude="59.43700", longitude="24.75360")
    place = place_of(_fresh(_bare(managing_organisation=org)))
    assert (place.latitude, place.source) == (Decimal("59.43700"), "managing_organisation")


def test_members_middle_only_over_three_members_and_rounded():
    cluster = _bare(country="SE")
    for lat, lon in (("59.00000", "18.00000"), ("59.20000", "18.20000")):
        org = OrganisationFactory(latitude=lat, longitude=lon, country="SE")
        MembershipFactory(cluster=cluster, organisation=org)
    # Two members: their middle could be read back to an address; the country is used.
    assert place_of(cluster).source == "country"
    org = OrganisationFactory(latitude="59.43000", longitude="18.43000", country="SE")
    MembershipFactory(cluster=cluster, organisation=org)
    place = place_of(cluster)
    assert (place.latitude, place.longitude, place.source) == (
        Decimal("59.2"),
        Decimal("18.2"),
        "members",
    )
    assert not place.approximate


def test_country_centre_last_and_nothing_for_an_unknown_country():
    place = place_of(_bare(country="FI"))
    assert (place.latitude, place.longitude, place.approximate) == (
        Decimal("62.5"),
        Decimal("26.0"),
        True,
    )
    assert place_of(_bare(country="JP")) is None
