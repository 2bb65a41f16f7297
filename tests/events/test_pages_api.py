"""Pages and API: who may see and do what; bad input answers 4xx, never 500."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from clusterhub.events import domain
from clusterhub.events.models import Question

V1 = "/api/v1"


@pytest.fixture
def client_for(db):
    """A fresh signed-in client per user, so two users in one test do not share a session."""
    from django.test import Client

    def sign_in(user):
        client = Client()
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def members_event(make_event, world):
    event = make_event(audience="members", b2b_enabled=True, capacity=1)
    event.audience_clusters.set([world.cluster_a])
    return event


def _get(client, url):
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("user", "detail", "attendees"),
    [
        ("admin", 200, 200),
        ("coordinator", 200, 200),
        ("manager_a", 200, 200),
        ("staff_a", 200, 200),
        ("member_a", 200, 403),
        ("observer_a", 200, 403),
        ("manager_b", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_visibility_of_a_members_only_event(
    client_for, world, members_event, user, detail, attendees
):
    client = client_for(world[user])
    pk = members_event.pk
    assert _get(client, reverse("events:detail", args=[pk])) == detail
    for name in (
        "attendees",
        "attendees_xlsx",
        "attendees_pdf",
        "badges_pdf",
        "b2b_desk",
        "feedback_summary",
        "edit",
    ):
        assert _get(client, reverse(f"events:{name}", args=[pk])) == attendees, name
    assert client.get(f"{V1}/events/{pk}").status_code == detail
    assert client.get(f"{V1}/events/{pk}/registrations").status_code == attendees


def test_anonymous_is_sent_to_sign_in(client, members_event):
    response = client.get(reverse("events:detail", args=[members_event.pk]))
    assert response.status_code == 302


def test_register_page_flow_and_waiting_list(client_for, world, members_event):
    client = client_for(world["member_a"])
    url = reverse("events:register", args=[members_event.pk])
    assert client.post(url).status_code == 302
    page = client.get(reverse("events:detail", args=[members_event.pk]))
    assert "Confirmed" in page.content.decode()
    client.post(url)
    assert members_event.registrations.count() == 1  # second registration refused
    observer = client_for(world["observer_a"])
    observer.post(url)
    assert members_event.registrations.get(user=world["observer_a"]).status == "waiting"
    assert client_for(world["outsider"]).post(url).status_code == 404
    ics = client_for(world["member_a"]).get(reverse("events:event_ics", args=[members_event.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VCALENDAR" in ics.content


def test_pages_render_for_organiser_and_participant(client_for, world, members_event):
    reg = domain.register(event=members_event, user=world["member_a"])
    domain.opt_in(registration=reg, profile="We build <cold-chain> software")
    manager = client_for(world["manager_a"])
    for name in (
        "detail",
        "attendees",
        "b2b_desk",
        "feedback_summary",
        "edit",
        "session_create",
        "question_create",
    ):
        assert manager.get(reverse(f"events:{name}", args=[members_event.pk])).status_code == 200, (
            name
        )
    assert manager.get(reverse("events:index")).status_code == 200
    assert manager.get(reverse("events:create")).status_code == 200
    member = client_for(world["member_a"])
    for name in ("b2b", "participants", "feedback"):
        assert member.get(reverse(f"events:{name}", args=[members_event.pk])).status_code == 200, (
            name
        )
    assert member.get(reverse("events:notifications")).status_code == 200
    assert member.get(reverse("events:create")).status_code == 403


def test_check_in_page(client_for, world, members_event):
    reg = domain.register(event=members_event, user=world["member_a"])
    url = reverse("events:check_in", args=[members_event.pk, reg.pk])
    assert client_for(world["member_a"]).post(url).status_code == 403
    assert client_for(world["staff_a"]).post(url).status_code == 302
    reg.refresh_from_db()
    assert reg.checked_in_at is not None


def test_scheduler_page_with_bad_input_is_a_message(client_for, world, members_event):
    client = client_for(world["manager_a"])
    url = reverse("events:run_scheduler", args=[members_event.pk])
    response = client.post(url, {"time_limit": "abc"}, follow=True)
    assert "between 1 and 600" in response.content.decode()
    response = client.post(url, {"time_limit": "5"}, follow=True)
    assert "Add meeting slots before scheduling." in response.content.decode()
    slots_url = reverse("events:add_slots", args=[members_event.pk])
    local = members_event.starts_at.astimezone(members_event.tz).strftime("%Y-%m-%dT%H:%M")
    client.post(slots_url, {"starts_at": local, "count": "4", "gap_minutes": "0"})
    assert members_event.slots.count() == 4
    assert members_event.slots.first().starts_at == members_event.starts_at
    response = client.post(
        slots_url, {"starts_at": local, "count": "1", "gap_minutes": "0"}, follow=True
    )
    assert "overlap" in response.content.decode()


def test_api_create_event_permissions(client_for, world):
    start = dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)
    body = {
        "title": "API workshop",
        "kind": "workshop",
        "cluster": world.cluster_a.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=6)).isoformat(),
        "venue": "Riga",
        "capacity": 10,
        "registration_opens": (start - dt.timedelta(days=30)).isoformat(),
        "registration_closes": (start - dt.timedelta(days=1)).isoformat(),
    }
    post = lambda user, data: client_for(world[user]).post(  # noqa: E731
        f"{V1}/events/", json.dumps(data), content_type="application/json"
    )
    assert post("member_a", body).status_code == 403
    assert post("manager_b", body).status_code == 403
    response = post("manager_a", body)
    assert response.status_code == 201
    assert response.json()["title"] == "API workshop"
    bad = post("manager_a", {**body, "ends_at": start.isoformat(), "timezone": "Nowhere/Land"})
    assert bad.status_code == 422
    assert set(bad.json()["errors"]) >= {"ends_at", "timezone"}
    assert post("manager_a", {**body, "capacity": -1}).status_code == 422
    assert post("manager_a", {**body, "cluster": 2**70}).status_code == 422


def test_api_registration_b2b_and_schedule(client_for, world, members_event):
    q = domain.save_question(question=Question(event=members_event, label="Diet", required=True))
    member = client_for(world["member_a"])
    url = f"{V1}/events/{members_event.pk}/registrations"
    missing = member.post(url, json.dumps({}), content_type="application/json")
    assert missing.status_code == 422
    assert f"question_{q.pk}" in missing.json()["errors"]
    reg = member.post(
        url, json.dumps({"answers": {str(q.pk): "fish"}}), content_type="application/json"
    )
    assert reg.status_code == 201 and reg.json()["status"] == "confirmed"
    reg_id = reg.json()["id"]
    assert (
        member.post(
            url, json.dumps({"answers": {str(q.pk): "x"}}), content_type="application/json"
        ).status_code
        == 422
    )
    # Someone else's registration is not visible.
    assert (
        client_for(world["observer_a"]).post(f"{V1}/registrations/{reg_id}/cancel").status_code
        == 404
    )
    assert (
        member.post(
            f"{V1}/registrations/{reg_id}/b2b",
            json.dumps({"profile": "IT"}),
            content_type="application/json",
        ).status_code
        == 200
    )
    manager = client_for(world["manager_a"])
    slots = manager.post(
        f"{V1}/events/{members_event.pk}/slots",
        json.dumps({"starts_at": members_event.starts_at.isoformat(), "count": 2}),
        content_type="application/json",
    )
    assert slots.status_code == 201 and len(slots.json()) == 2
    avail = member.put(
        f"{V1}/registrations/{reg_id}/availability",
        json.dumps({"slots": [s["id"] for s in slots.json()] + [2**40]}),
        content_type="application/json",
    )
    assert avail.status_code == 422
    assert (
        member.post(
            f"{V1}/events/{members_event.pk}/schedule",
            json.dumps({}),
            content_type="application/json",
        ).status_code
        == 403
    )
    run = manager.post(
        f"{V1}/events/{members_event.pk}/schedule",
        json.dumps({"time_limit": 2}),
        content_type="application/json",
    )
    assert run.status_code == 200 and run.json()["placed"] == 0
    stats = manager.get(f"{V1}/events/{members_event.pk}/statistics")
    assert stats.status_code == 200 and stats.json()["participants"] == 1
    assert member.post(f"{V1}/registrations/{reg_id}/cancel").status_code == 200
    again = member.post(f"{V1}/registrations/{reg_id}/cancel")
    assert again.status_code == 422
    assert "already cancelled" in json.dumps(again.json())


def test_api_list_is_paginated_with_fixed_queries(
    client_for, world, make_event, django_assert_max_num_queries
):
    for i in range(3):
        make_event(title=f"E{i}")
    client = client_for(world["member_a"])
    with django_assert_max_num_queries(8):
        body = client.get(f"{V1}/events/?page_size=2").json()
    assert body["count"] == 3 and len(body["items"]) == 2
    assert client.get(f"{V1}/events/?page=0").status_code == 422


def test_feedback_and_follow_up_pages(client_for, world, members_event):
    reg = domain.register(event=members_event, user=world["member_a"])
    member = client_for(world["member_a"])
    url = reverse("events:feedback", args=[members_event.pk])
    response = member.post(url, {"overall": "9", "content": "4", "organisation": "4"})
    assert response.status_code == 400
    response = member.post(url, {"overall": "5", "content": "4", "organisation": "4"})
    assert response.status_code == 400  # the event has not started yet
    assert "Feedback opens when the event starts." in response.content.decode()
    assert member.get(reverse("events:follow_up", args=[members_event.pk])).status_code == 404
    assert client_for(world["observer_a"]).get(url).status_code == 404  # not registered
    assert reg.pk


def test_organiser_sees_agenda_conflicts(client_for, world, members_event):
    from clusterhub.events.models import Session

    start = members_event.starts_at
    for title in ("Opening", "Panel"):
        domain.save_session(
            session=Session(
                event=members_event,
                title=title,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=1),
                room="Hall",
            )
        )
    url = reverse("events:detail", args=[members_event.pk])
    assert "Room Hall is booked twice" in client_for(world["staff_a"]).get(url).content.decode()
    assert "booked twice" not in client_for(world["member_a"]).get(url).content.decode()
    conflicts = client_for(world["staff_a"]).get(f"{V1}/events/{members_event.pk}/conflicts")
    assert [c["kind"] for c in conflicts.json()] == ["room"]
    assert (
        client_for(world["member_a"]).get(f"{V1}/events/{members_event.pk}/conflicts").status_code
        == 403
    )
