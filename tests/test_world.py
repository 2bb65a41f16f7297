from clusterhub.accounts.roles import roles_of
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion


def test_reference_data_is_loaded_for_every_test(db):
    assert NaceCode.objects.get(code="62.10").title == "Computer programming activities"
    assert NutsRegion.objects.get(code="LV00C").name == "Vidzeme"


def test_world_roles_are_what_the_fixture_says(world):
    assert roles_of(world["manager_a"]).team_clusters == {world.cluster_a.pk}
    assert roles_of(world["coordinator"]).coordinated_clusters == {world.cluster_a.pk}
    assert roles_of(world["member_a"]).represented_organisations == {world.member_a.pk}
    assert roles_of(world["outsider"]).insider_clusters == frozenset()
    assert roles_of(world["admin"]).is_admin is True
