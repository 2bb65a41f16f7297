"""Organisers send the six-month follow-up from the event's pages and read the answers; the
outcomes reach the event statistics and the strategy KPI sources (issue 12, item 11)."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from clusterhub.common.models import Notification
from clusterhub.events import domain
from clusterhub.events.models import Event
from clusterhub.events.models import FollowUp
from clusterhub.events.models import MeetingSlot
from clusterhub.strategy import kpi_sources
from tests.events.conftest import accepted
from tests.events.conftest import works_at


@pytest.fixture(autouse=True)
def _tfidf(tfidf_embedder):
    """Matchmaking with the TF-IDF embedder (tests/events/conftest.py)."""


@pytest.fixture
def held(b2b, world):
    """The B2B event, with two meetings (a-b held: both checked in; c-a not), moved seven months
    into the past so that its follow-up is due."""
    event, slots, (a, b, c, d) = b2b
    works_at(a.user, "Dairy A (test)", world.cluster_a)
    works_at(b.user, "Carrier B (test)", world.cluster_a)
    works_at(c.user, "Software C (test)", world.cluster_a)
    domain.lock_meeting(request=accepted(a, b), slot=slots[0], table=1)
    domain.lock_meeting(request=accepted(c, a), slot=slots[1], table=1)
    for reg in (a, b, c):
        domain.check_in(registration=reg)
    shift = dt.timedelta(days=213)
    Event.objects.filter(pk=event.pk).update(
        starts_at=event.starts_at - shift,
        ends_at=event.ends_at - shift,
        registration_opens=event.registration_opens - shift,
        registration_closes=event.registration_closes - shift,
    )
    MeetingSlot.objects.filter(event=event).update(
        starts_at=F("starts_at") - shift, ends_at=F("ends_at") - shift
    )
    event.refresh_from_db()
    # c did not come after all: one of the two meetings was not held.
    type(c).objects.filter(pk=c.pk).update(checked_in_at=None)
    return event, (a, b, c, d)


def _page(client, event):
    return client.get(reverse("events:follow_up_answers", args=[event.pk]))


def _send(client, event):
    return client.post(reverse("events:send_follow_ups", args=[event.pk]), follow=True)


def test_organiser_sends_once_and_nobody_is_asked_twice(held, world, client_for):
    event, regs = held
    client = client_for(world["manager_a"])
    page = _page(client, event)
    assert page.status_code == 200
    assert [r.registration for r in page.context["not_asked"]] == sorted(
        regs, key=lambda r: (r.user.last_name, r.user.first_name, r.pk)
    )
    assert "Send the follow-up to 4 participants" in page.content.decode()

    response = _send(client, event)
    assert response.redirect_chain[-1][0] == reverse("events:follow_up_answers", args=[event.pk])
    assert "4 participants asked." in response.content.decode()
    notes = Notification.objects.filter(event=event, subject__endswith="six months on")
    assert FollowUp.objects.filter(registration__event=event).count() == 4
    assert notes.count() == 4

    again = _send(client, event)
    assert "Everyone had been asked already." in again.content.decode()
    # The command goes through the same verb: it asks nobody again either.
    call_command("events", "send-follow-ups", str(event.pk))
    assert FollowUp.objects.filter(registration__event=event).count() == 4
    assert notes.count() == 4
    assert len(again.context["waiting"]) == 4


def test_sending_before_six_months_is_refused_with_a_message(b2b, world, client_for):
    event, _slots, _regs = b2b
    response = _send(client_for(world["manager_a"]), event)
    assert response.status_code == 200
    assert "The follow-up is sent six months after the event." in response.content.decode()
    assert FollowUp.objects.count() == 0


def test_answers_and_outcomes_in_the_page_statistics_and_kpis(held, world, client_for):
    event, (a, b, c, d) = held
    domain.send_follow_ups(event=event)
    a.refresh_from_db()
    b.refresh_from_db()
    domain.answer_follow_up(
        follow_up=a.follow_up, led_to_agreement=True, agreements=2, notes="cold-chain pilot"
    )
    domain.answer_follow_up(follow_up=b.follow_up, led_to_agreement=False)

    client = client_for(world["manager_a"])
    page = _page(client, event)
    assert [r.registration for r in page.context["answered"]] == sorted(
        [a, b], key=lambda r: (r.user.last_name, r.user.first_name, r.pk)
    )
    assert {r.registration for r in page.context["waiting"]} == {c, d}
    assert page.context["not_asked"] == []
    html = page.content.decode()
    assert "cold-chain pilot" in html
    outcomes = page.context["outcomes"]
    # a met b (held) and c (c did not come); a's agreement records a collaboration with each.
    assert (
        outcomes.meetings_held,
        outcomes.answered,
        outcomes.reported_agreement,
        outcomes.agreements,
        outcomes.collaborations_created,
    ) == (1, 2, 1, 2, 2)

    stats = client.get(f"/api/v1/events/{event.pk}/statistics").json()
    assert (stats["meetings_held"], stats["agreements"], stats["collaborations_created"]) == (
        1,
        2,
        2,
    )
    desk = client.get(reverse("events:b2b_desk", args=[event.pk])).content.decode()
    assert "Agreements reported in the follow-up" in desk
    assert "Collaborations created" in desk

    selectable = {key for key, _label in kpi_sources.source_choices(available_only=True)}
    assert {"b2b_meetings_held", "event_agreements", "event_collaborations"} <= selectable
    today = timezone.localdate()
    values = [
        kpi_sources.compute(key, [world.cluster_a], today)
        for key in ("b2b_meetings_held", "event_agreements", "event_collaborations")
    ]
    assert values == [1, 2, 2]
    assert [
        kpi_sources.compute(key, [world.cluster_b], today)
        for key in ("b2b_meetings_held", "event_agreements", "event_collaborations")
    ] == [0, 0, 0]
    # Before the event, nothing had happened yet.
    before = (event.starts_at - dt.timedelta(days=1)).date()
    assert kpi_sources.compute("b2b_meetings_held", [world.cluster_a], before) == 0
    assert kpi_sources.compute("event_agreements", [world.cluster_a], before) == 0


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("admin", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("coordinator", 200),
        ("member_a", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_see_and_send_the_follow_up(held, world, client_for, username, status):
    event, _regs = held
    client = client_for(world[username])
    assert _page(client, event).status_code == status
    sent = client.post(reverse("events:send_follow_ups", args=[event.pk]))
    assert sent.status_code == (302 if status == 200 else status)
    assert FollowUp.objects.count() == (4 if status == 200 else 0)


def test_anonymous_is_sent_to_sign_in(held, client):
    event, _regs = held
    for response in (
        _page(client, event),
        client.post(reverse("events:send_follow_ups", args=[event.pk])),
    ):
        assert response.status_code == 302
        assert "login" in response.url
    assert FollowUp.objects.count() == 0


def test_the_event_page_links_organisers_to_the_follow_up(held, world, client_for):
    event, _regs = held
    link = reverse("events:follow_up_answers", args=[event.pk])
    detail = reverse("events:detail", args=[event.pk])
    assert link in client_for(world["manager_a"]).get(detail).content.decode()
    assert link not in client_for(world["member_a"]).get(detail).content.decode()
