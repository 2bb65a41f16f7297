"""Who sees an event is written once (queries.audience_q): the page list, the API list and the
`events.view_event` permission agree for a user outside the audience who registered, waits,
or cancelled."""

import pytest
from django.test import Client
from django.urls import reverse

from clusterhub.events import domain
from tests.factories import UserFactory


def _seen_everywhere(user, event) -> tuple[bool, bool, bool, bool]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("events:index"))
    listed = [e.pk for e, _reg in page.context["rows"]]
    api = [e["id"] for e in client.get("/api/v1/events/").json()["items"]]
    detail = client.get(reverse("events:detail", args=[event.pk])).status_code == 200
    return (event.pk in listed, event.pk in api, user.has_perm("events.view_event", event), detail)


@pytest.mark.parametrize(
    ("state", "sees"),
    [("confirmed", True), ("waiting", True), ("cancelled", False), ("none", False)],
)
def test_page_list_api_list_and_permission_agree(world, make_event, state, sees):
    # A members-only event of cluster A; the user has no role in A, so only a registration
    # (made, say, while an organiser invited them) can let them see it.
    event = make_event(audience="members", capacity=1)
    event.audience_clusters.set([world.cluster_a])
    first, user = UserFactory(username="first-guest"), UserFactory(username="outside-guest")
    if state == "waiting":
        domain.register(event=event, user=first)
    if state != "none":
        registration = domain.register(event=event, user=user)
        assert registration.status == ("waiting" if state == "waiting" else "confirmed")
        if state == "cancelled":
            domain.cancel_registration(registration=registration)
    assert _seen_everywhere(user, event) == (sees, sees, sees, sees)
