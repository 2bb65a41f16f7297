"""How every area's `*_visible_to(user)` opens: administrators see all, signed-out visitors
nothing, anyone else what the area's own rule gives."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.registry.models import Cluster
from tests.factories import ClusterFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

USERS = {
    "administrator": {"is_superuser": True},
    "inactive administrator": {"is_superuser": True, "is_active": False},
    "member": {},
    "inactive member": {"is_active": False},
}


@pytest.fixture
def clusters():
    return ClusterFactory(), ClusterFactory()


def the_first(asked: list):
    def own(records):
        asked.append(records)
        return records.order_by("pk")[:1]

    return own


def test_an_administrator_sees_every_record_without_the_area_rule(clusters):
    asked = []
    admin = UserFactory(is_superuser=True)
    records = Cluster.objects.all()
    assert visible_records(admin, records, the_first(asked)) is records
    assert asked == []


def test_a_signed_out_visitor_sees_nothing_without_the_area_rule(clusters):
    asked = []
    visible = visible_records(AnonymousUser(), Cluster.objects.all(), the_first(asked))
    assert list(visible) == []
    assert asked == []


@pytest.mark.parametrize("who", ["member", "inactive member", "inactive administrator"])
def test_anyone_else_signed_in_sees_what_the_area_rule_gives(clusters, who):
    asked = []
    user = UserFactory(**USERS[who])
    records = Cluster.objects.all()
    visible = visible_records(user, records, the_first(asked))
    assert asked == [records]
    assert list(visible) == [min(clusters, key=lambda c: c.pk)]


@pytest.mark.parametrize("who", list(USERS))
def test_an_administrator_is_who_the_roles_call_one(who):
    """common cannot ask accounts' roles_of (it sits below accounts): both must agree."""
    user = UserFactory(**USERS[who])
    everything = Cluster.objects.all()
    seen_as_admin = visible_records(user, everything, lambda records: records.none()) is everything
    assert seen_as_admin == roles_of(user).is_admin
