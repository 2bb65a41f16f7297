"""The permission matrix of the directory's pages: anonymous, member, manager, admin (and the
roles in between), for the public pages and for saying who is named publicly."""

import pytest
from django.urls import reverse

from clusterhub.directory.models import ListingConsent
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

USERS = ("admin", "coordinator", "manager_a", "staff_a", "member_a", "expert_a", "manager_b")


@pytest.mark.parametrize("who", ("anonymous", *USERS, "outsider"))
def test_public_pages_answer_everyone_alike(client, client_for, public, who):
    world = public.world
    c = client if who == "anonymous" else client_for(world[who])
    for url in (
        reverse("directory:index"),
        reverse("directory:cluster", args=[world.cluster_a.pk]),
        reverse("directory:widget", args=[world.cluster_a.pk]),
        f"/api/v1/directory/clusters/{world.cluster_a.pk}",
    ):
        response = c.get(url)
        assert response.status_code == 200, (who, url)
        # Signed in or not, the public page shows no private note.
        assert "secret-notes-a" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status", "link"),
    [
        ("anonymous", 302, False),
        ("outsider", 403, False),
        ("expert_a", 403, False),
        ("staff_a", 403, False),
        ("coordinator", 403, False),
        ("manager_b", 403, False),
        ("member_a", 200, True),
        ("manager_a", 200, True),
        ("admin", 200, True),
    ],
)
def test_listing_page_matrix(client, client_for, public, who, status, link):
    world = public.world
    c = client if who == "anonymous" else client_for(world[who])
    response = c.get(reverse("directory:listing", args=[world.cluster_a.pk]))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("accounts:login"))
    page = c.get(reverse("directory:cluster", args=[world.cluster_a.pk])).content.decode()
    assert (reverse("directory:listing", args=[world.cluster_a.pk]) in page) is link


@pytest.fixture
def second_member(public):
    other = OrganisationFactory(name="Second Member AS")
    MembershipFactory(cluster=public.world.cluster_a, organisation=other)
    return other


def _post(c, cluster, shown, listed):
    return c.post(
        reverse("directory:listing", args=[cluster.pk]),
        {"shown": [o.pk for o in shown], "listed": [o.pk for o in listed]},
    )


def test_manager_sees_and_sets_every_member(client_for, public, second_member):
    world = public.world
    c = client_for(world["manager_a"])
    page = c.get(reverse("directory:listing", args=[world.cluster_a.pk])).content.decode()
    assert "Member A Ltd" in page and "Second Member AS" in page
    both = [world.member_a, second_member]
    assert _post(c, world.cluster_a, both, [second_member]).status_code == 302
    listed = ListingConsent.objects.filter(cluster=world.cluster_a, listed=True)
    assert [x.organisation for x in listed] == [second_member]
    assert listed[0].decided_by == world["manager_a"]


def test_representative_sees_and_sets_only_their_organisation(client_for, public, second_member):
    world = public.world
    c = client_for(world["member_a"])
    page = c.get(reverse("directory:listing", args=[world.cluster_a.pk])).content.decode()
    assert "Member A Ltd" in page and "Second Member AS" not in page
    assert _post(c, world.cluster_a, [world.member_a], [world.member_a]).status_code == 302
    assert ListingConsent.objects.get(organisation=world.member_a).listed is True
    # Another member's choice is not theirs to make: refused, nothing written.
    assert _post(c, world.cluster_a, [second_member], [second_member]).status_code == 403
    assert not ListingConsent.objects.filter(organisation=second_member).exists()
    # Ticking an organisation that is not on the form is refused too.
    assert _post(c, world.cluster_a, [world.member_a], [second_member]).status_code == 403


def test_saving_the_list_keeps_a_choice_the_member_made_meanwhile(
    client_for, public, second_member
):
    world = public.world
    url = reverse("directory:listing", args=[world.cluster_a.pk])
    manager = client_for(world["manager_a"])
    both = [world.member_a, second_member]
    assert _post(manager, world.cluster_a, both, both).status_code == 302
    page = manager.get(url).content.decode()
    assert f'name="was-{world.member_a.pk}" value="listed"' in page
    # The member's representative withdraws while the manager's page is open.
    assert (
        _post(client_for(world["member_a"]), world.cluster_a, [world.member_a], []).status_code
        == 302
    )
    # The manager unticks the second member only; the first row comes back as it was shown.
    manager = client_for(world["manager_a"])
    posted = {
        "shown": [world.member_a.pk, second_member.pk],
        "listed": [world.member_a.pk],
        f"was-{world.member_a.pk}": "listed",
        f"was-{second_member.pk}": "listed",
    }
    assert manager.post(url, posted).status_code == 302
    consents = dict(
        ListingConsent.objects.filter(cluster=world.cluster_a).values_list("organisation", "listed")
    )
    assert consents == {world.member_a.pk: False, second_member.pk: False}


def test_manager_of_another_cluster_cannot_set_listing(client_for, public):
    world = public.world
    c = client_for(world["manager_b"])
    assert _post(c, world.cluster_a, [world.member_a], [world.member_a]).status_code == 403
    assert not ListingConsent.objects.exists()


def test_hostile_ids_name_nothing(client_for, public):
    world = public.world
    c = client_for(world["manager_a"])
    url = reverse("directory:listing", args=[world.cluster_a.pk])
    assert c.post(url, {"shown": ["³"], "listed": []}).status_code == 404
    assert c.post(url, {"shown": ["99999999999999999999999"]}).status_code == 404
    assert c.get(reverse("directory:listing", args=[999999])).status_code == 404
