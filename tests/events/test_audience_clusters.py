"""An event may only invite the clusters its organiser acts for (issue 13, item 9).

Manager and staff act for their cluster, a coordinator for the clusters of the programmes they
coordinate, an administrator for all; the page offers only those and the API refuses others.
"""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from clusterhub.events import domain
from clusterhub.events.models import Event

V1 = "/api/v1"
REFUSED_B = "You may only invite clusters you act for, not Cluster B (CLB)."

# (user, host, audience, allowed): the host is "cluster" (cluster A) or "programme".
CASES = [
    ("manager_a", "cluster", "a", True),
    ("manager_a", "cluster", "b", False),
    ("staff_a", "cluster", "a", True),
    ("staff_a", "cluster", "b", False),
    ("coordinator", "programme", "a", True),
    ("coordinator", "programme", "b", False),
    ("admin", "cluster", "b", True),
    ("admin", "programme", "b", True),
]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _host(world, host: str) -> dict:
    return (
        {"cluster": world.cluster_a.pk} if host == "cluster" else {"programme": world.programme.pk}
    )


def _audience(world, which: str) -> list[int]:
    return [(world.cluster_a if which == "a" else world.cluster_b).pk]


def _page_data(world, host: str, audience: list[int]) -> dict:
    return {
        "title": "Cold-chain workshop",
        "kind": "workshop",
        **_host(world, host),
        "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-05-01T15:00",
        "timezone": "Europe/Riga",
        "venue": "Riga",
        "capacity": "10",
        "registration_opens": "2030-04-01T09:00",
        "registration_closes": "2030-04-30T09:00",
        "audience": "members",
        "audience_clusters": audience,
        "language": "en",
        "published": "on",
        "meeting_minutes": "20",
        "b2b_tables": "10",
        "b2b_cap": "8",
        "request_expiry_hours": "72",
    }


def _api_body(world, host: str, audience: list[int]) -> dict:
    return {
        "title": "Cold-chain workshop",
        "kind": "workshop",
        **_host(world, host),
        "starts_at": "2030-05-01T09:00:00+03:00",
        "ends_at": "2030-05-01T15:00:00+03:00",
        "venue": "Riga",
        "capacity": 10,
        "registration_opens": "2030-04-01T09:00:00+03:00",
        "registration_closes": "2030-04-30T09:00:00+03:00",
        "audience": "members",
        "audience_clusters": audience,
    }


@pytest.mark.parametrize(("user", "host", "audience", "allowed"), CASES)
def test_the_new_event_page(world, user, host, audience, allowed):
    client = _client(world[user])
    ids = _audience(world, audience)
    response = client.post(reverse("events:create"), _page_data(world, host, ids))
    if allowed:
        assert response.status_code == 302
        event = Event.objects.get()
        assert list(event.audience_clusters.values_list("pk", flat=True)) == ids
    else:
        assert response.status_code == 400
        assert response.context["form"].errors["audience_clusters"] == [
            f"Select a valid choice. {ids[0]} is not one of the available choices."
        ]
        assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("user", "offered"),
    [
        ("manager_a", ["a"]),
        ("staff_a", ["a"]),
        ("coordinator", ["a"]),
        ("admin", ["a", "b"]),
    ],
)
def test_the_page_offers_only_the_clusters_the_user_acts_for(world, user, offered):
    form = _client(world[user]).get(reverse("events:create")).context["form"]
    choices = list(form.fields["audience_clusters"].queryset.order_by("acronym"))
    assert choices == [world.cluster_a if x == "a" else world.cluster_b for x in offered]


@pytest.mark.parametrize(("user", "host", "audience", "allowed"), CASES)
def test_the_api_create(world, user, host, audience, allowed):
    ids = _audience(world, audience)
    response = _client(world[user]).post(
        f"{V1}/events/", json.dumps(_api_body(world, host, ids)), content_type="application/json"
    )
    if allowed:
        assert response.status_code == 201
        event = Event.objects.get()
        assert list(event.audience_clusters.values_list("pk", flat=True)) == ids
    else:
        assert response.status_code == 422
        assert response.json()["errors"] == {"audience_clusters": [REFUSED_B]}
        assert not Event.objects.exists()


@pytest.fixture
def event_of_a(make_event):
    return make_event(audience="members", capacity=10)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [("manager_a", False), ("staff_a", False), ("coordinator", False), ("admin", True)],
)
def test_the_api_patch(world, event_of_a, user, allowed):
    response = _client(world[user]).patch(
        f"{V1}/events/{event_of_a.pk}",
        json.dumps({"audience_clusters": [world.cluster_a.pk, world.cluster_b.pk]}),
        content_type="application/json",
    )
    audience = set(event_of_a.audience_clusters.values_list("pk", flat=True))
    if allowed:
        assert response.status_code == 200
        assert audience == {world.cluster_a.pk, world.cluster_b.pk}
    else:
        assert response.status_code == 422
        assert response.json()["errors"] == {"audience_clusters": [REFUSED_B]}
        assert audience == set()


def test_the_edit_page_refuses_another_cluster(world, event_of_a):
    client = _client(world["manager_a"])
    url = reverse("events:edit", args=[event_of_a.pk])
    data = _page_data(world, "cluster", [world.cluster_b.pk])
    assert client.post(url, data).status_code == 400
    assert not event_of_a.audience_clusters.exists()
    data = _page_data(world, "cluster", [world.cluster_a.pk])
    assert client.post(url, data).status_code == 302
    assert list(event_of_a.audience_clusters.all()) == [world.cluster_a]


def test_a_cluster_invited_by_an_administrator_stays_when_the_organiser_edits(world, event_of_a):
    """The organiser may keep what an administrator chose; only additions must be theirs."""
    domain.save_event(event=event_of_a, audience_clusters=[world.cluster_a, world.cluster_b])
    both = [world.cluster_a.pk, world.cluster_b.pk]
    client = _client(world["manager_a"])
    form = client.get(reverse("events:edit", args=[event_of_a.pk])).context["form"]
    assert set(form.fields["audience_clusters"].queryset) == {world.cluster_a, world.cluster_b}
    data = _page_data(world, "cluster", both)
    assert client.post(reverse("events:edit", args=[event_of_a.pk]), data).status_code == 302
    response = client.patch(
        f"{V1}/events/{event_of_a.pk}",
        json.dumps({"title": "Renamed", "audience_clusters": both}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert set(event_of_a.audience_clusters.values_list("pk", flat=True)) == set(both)


def test_the_verb_refuses_for_the_acting_user(world, event_of_a):
    with pytest.raises(ValidationError) as refused:
        domain.save_event(
            event=event_of_a, audience_clusters=[world.cluster_b], by=world["manager_a"]
        )
    assert refused.value.message_dict == {"audience_clusters": [REFUSED_B]}
    domain.save_event(event=event_of_a, audience_clusters=[world.cluster_b], by=world["admin"])
    assert list(event_of_a.audience_clusters.all()) == [world.cluster_b]
