"""The directory's demo: every other current member of each partner cluster is listed, once."""

import pytest

from clusterhub.directory.demo import load_demo
from clusterhub.directory.models import ListingConsent
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_demo_lists_every_other_member_and_runs_once():
    cluster = ClusterFactory(acronym="LITC")
    ProgrammeFactory(acronym="5FOREXCELLENCE").clusters.add(cluster)
    outside = ClusterFactory(acronym="OTHER")
    for name in ("Alpha", "Beta", "Gamma"):
        MembershipFactory(cluster=cluster, organisation=OrganisationFactory(name=name))
    MembershipFactory(cluster=outside, organisation=OrganisationFactory(name="Delta"))
    load_demo()
    load_demo()
    listed = ListingConsent.objects.filter(listed=True).order_by("organisation__name")
    assert [(c.cluster.acronym, c.organisation.name) for c in listed] == [
        ("LITC", "Alpha"),
        ("LITC", "Gamma"),
    ]
    assert ListingConsent.objects.count() == 2
