"""The membership demo: each partner cluster has types, fee rules, typed members and a waiting
application, twice the same."""

from clusterhub.membership.demo import PARTNER_CLUSTERS
from clusterhub.membership.demo import load_demo
from clusterhub.membership.fees import billable_memberships
from clusterhub.membership.fees import fee_for
from clusterhub.membership.models import Application
from clusterhub.membership.models import FeeRule
from clusterhub.membership.models import MembershipType
from clusterhub.membership.models import MemberTerms
from clusterhub.registry.demo import load_demo as load_registry_demo
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership


def counts():
    return tuple(m.objects.count() for m in (MembershipType, FeeRule, MemberTerms, Application))


def test_demo_gives_every_partner_cluster_types_fees_and_a_waiting_application(db):
    import datetime as dt

    load_registry_demo()
    load_demo()
    first = counts()
    load_demo()
    assert counts() == first
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    for acronym in PARTNER_CLUSTERS:
        cluster = Cluster.objects.get(acronym=acronym)
        types = MembershipType.objects.filter(cluster=cluster)
        assert sorted(t.is_free for t in types) == [False, True], acronym
        assert FeeRule.objects.filter(membership_type__cluster=cluster).count() == 6
        assert not Membership.objects.filter(cluster=cluster, terms__isnull=True).exists()
        assert Application.objects.filter(cluster=cluster, status="pending").count() == 1
        fees = [fee_for(m, *year) for m in billable_memberships(cluster, *year)]
        assert fees and all(f > 0 for f in fees), acronym
