"""Changing an event's capacity is fair to the people already registered (issue 13, item 3).

Raising it confirms those waiting in the order they registered, as a cancellation does;
lowering it below the number confirmed is refused with the numbers, on the page and the API.
"""

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from clusterhub.common.models import Notification
from clusterhub.events import domain
from clusterhub.events.forms import EventForm
from clusterhub.events.models import Event
from tests.factories import UserFactory

V1 = "/api/v1"
PROMOTED = "A place at Experience-sharing workshop is yours"


def _statuses(event: Event) -> list[str]:
    return list(event.registrations.order_by("created_at", "id").values_list("status", flat=True))


@pytest.fixture
def full_event(make_event):
    """Capacity 10 with 10 confirmed and 59 waiting; returns the event and its registrations."""
    event = make_event(capacity=10)
    regs = [domain.register(event=event, user=u) for u in UserFactory.create_batch(69)]
    assert _statuses(event) == ["confirmed"] * 10 + ["waiting"] * 59
    mail.outbox.clear()
    return event, regs


def test_raising_the_capacity_confirms_the_first_waiting_in_order(
    full_event, django_capture_on_commit_callbacks
):
    event, regs = full_event
    event.capacity = 15
    with django_capture_on_commit_callbacks(execute=True):
        domain.save_event(event=event)
    assert _statuses(event) == ["confirmed"] * 15 + ["waiting"] * 54
    promoted = [r.user for r in regs[10:15]]
    assert [m.to for m in mail.outbox] == [[u.email] for u in promoted]
    assert {m.subject for m in mail.outbox} == {PROMOTED}
    assert list(
        Notification.objects.filter(subject=PROMOTED).order_by("id").values_list("user", flat=True)
    ) == [u.pk for u in promoted]
    for reg in regs[10:15]:
        reg.refresh_from_db()
        assert reg.promoted_at is not None
    # Newcomers queue behind the 54 still waiting.
    newcomer = domain.register(event=event, user=UserFactory())
    assert newcomer.status == "waiting"


def test_lowering_below_the_confirmed_count_is_refused_with_the_numbers(full_event):
    event, _regs = full_event
    event.capacity = 9
    with pytest.raises(ValidationError) as refused:
        domain.save_event(event=event)
    assert refused.value.message_dict == {
        "capacity": [
            "10 people are confirmed; the capacity cannot be lower than 10. "
            "Cancel registrations first."
        ]
    }
    assert Event.objects.get(pk=event.pk).capacity == 10
    assert _statuses(event) == ["confirmed"] * 10 + ["waiting"] * 59


def test_lowering_to_the_confirmed_count_is_allowed_and_confirms_nobody(make_event):
    event = make_event(capacity=10)
    for user in UserFactory.create_batch(8):
        domain.register(event=event, user=user)
    event.capacity = 8
    domain.save_event(event=event)
    assert Event.objects.get(pk=event.pk).capacity == 8
    assert domain.register(event=event, user=UserFactory()).status == "waiting"


def test_a_newcomer_cannot_take_a_place_someone_waits_for(make_event):
    """A capacity raised past the domain (the admin site) must not let a newcomer jump the queue."""
    event = make_event(capacity=1)
    domain.register(event=event, user=UserFactory())
    waiting = domain.register(event=event, user=UserFactory())
    Event.objects.filter(pk=event.pk).update(capacity=2)
    newcomer = domain.register(event=event, user=UserFactory())
    waiting.refresh_from_db()
    assert (waiting.status, newcomer.status) == ("confirmed", "waiting")


def _form_data(event: Event, **changes) -> dict:
    """What the edit page posts back, with the changes typed in."""
    data = model_to_dict(event, fields=EventForm._meta.fields)
    for name in ("starts_at", "ends_at", "registration_opens", "registration_closes"):
        data[name] = data[name].astimezone(event.tz).strftime("%Y-%m-%dT%H:%M")
    data["audience_clusters"] = [c.pk for c in data["audience_clusters"]]
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None and v is not False}


def _manager(world) -> Client:
    client = Client()
    client.force_login(world["manager_a"])
    return client


def test_the_edit_page_raises_and_refuses_like_the_verb(world, full_event):
    event, _regs = full_event
    client = _manager(world)
    url = reverse("events:edit", args=[event.pk])
    response = client.post(url, _form_data(event, capacity=9))
    assert response.status_code == 400
    assert (
        "10 people are confirmed; the capacity cannot be lower than 10. Cancel registrations first."
    ) in response.content.decode()
    assert Event.objects.get(pk=event.pk).capacity == 10
    response = client.post(url, _form_data(event, capacity=12))
    assert response.status_code == 302
    assert _statuses(event) == ["confirmed"] * 12 + ["waiting"] * 57


def test_the_api_patch_raises_and_refuses_like_the_verb(world, full_event):
    event, _regs = full_event
    client = _manager(world)
    patch = lambda body: client.patch(  # noqa: E731
        f"{V1}/events/{event.pk}", json.dumps(body), content_type="application/json"
    )
    response = patch({"capacity": 9})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "capacity": [
            "10 people are confirmed; the capacity cannot be lower than 10. "
            "Cancel registrations first."
        ]
    }
    assert Event.objects.get(pk=event.pk).capacity == 10
    response = patch({"capacity": 11})
    assert response.status_code == 200
    assert response.json()["capacity"] == 11
    assert _statuses(event) == ["confirmed"] * 11 + ["waiting"] * 58
