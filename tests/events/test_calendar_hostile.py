"""Issue 13 item 6: a line break or control character stored in an event's title (planted past
the input cleaning, e.g. by an older version or the shell) must not break its calendars or its
mail: every .ics answers a calendar icalendar parses back, and the confirmation mail goes out
with a one-line subject."""

import datetime as dt
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from clusterhub.common.mail import send_notification
from clusterhub.events import domain
from clusterhub.events.models import Event
from clusterhub.events.models import Session

V1 = "/api/v1"
BREAKS = ["Night\nshift", "Night\r\nshift", "Night\x0bshift"]


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _plant(event: Event, title: str) -> None:
    """Store the hostile title straight through the ORM, as no form or API would."""
    Event.objects.filter(pk=event.pk).update(title=title, venue=f"Hall{title}", description=title)
    Session.objects.filter(event=event).update(title=title, room=title)
    event.refresh_from_db()


@pytest.fixture
def hostile_event(make_event, people):
    """A B2B event with a session in someone's agenda and a scheduled meeting between two."""
    event = make_event(capacity=10, b2b_enabled=True, b2b_tables=1, b2b_cap=5)
    session = domain.save_session(
        session=Session(
            event=event,
            title="Opening",
            starts_at=event.starts_at,
            ends_at=event.starts_at + dt.timedelta(hours=1),
        )
    )
    slots = domain.add_slots(event=event, starts_at=event.starts_at, count=1, gap_minutes=5)
    regs = []
    for user in people[:2]:
        reg = domain.register(event=event, user=user)
        domain.opt_in(registration=reg, profile=f"profile of {user.username}", slots=slots)
        regs.append(reg)
    domain.set_personal_agenda(registration=regs[0], sessions=[session])
    request = domain.send_meeting_request(sender=regs[0], receiver=regs[1], message="Hi")
    domain.answer_meeting_request(request=request, accept=True)
    domain.lock_meeting(request=request, slot=slots[0], table=1)
    domain.publish_schedule(event=event)
    return event, regs[0]


def _calendar_urls(event: Event, registration) -> list[str]:
    return [
        reverse("events:event_ics", args=[event.pk]),
        reverse("events:agenda_ics", args=[event.pk]),
        reverse("events:schedule_ics", args=[event.pk]),
        f"{V1}/events/{event.pk}/calendar.ics",
        f"{V1}/registrations/{registration.pk}/calendar.ics",
        f"{V1}/registrations/{registration.pk}/meetings.ics",
    ]


@pytest.mark.parametrize("title", BREAKS)
def test_every_calendar_of_an_event_with_a_broken_title_is_a_valid_calendar(hostile_event, title):
    event, registration = hostile_event
    _plant(event, title)
    client = _client(registration.user)
    for url in _calendar_urls(event, registration):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = Calendar.from_ical(response.content)
        events = calendar.walk("VEVENT")
        assert events, url
        for vevent in events:
            summary = str(vevent["SUMMARY"])
            assert "\n" not in summary and "\r" not in summary and "\x0b" not in summary, url
            assert "Night shift" in summary or "B2B meeting" in summary, (url, summary)
        assert "\x0b" not in response.content.decode(), url


def test_the_calendar_keeps_line_breaks_of_a_description(hostile_event):
    event, registration = hostile_event
    Event.objects.filter(pk=event.pk).update(description="Line one\nLine two\x0b")
    response = _client(registration.user).get(reverse("events:event_ics", args=[event.pk]))
    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(vevent["DESCRIPTION"]) == "Line one\nLine two"


@pytest.mark.parametrize("title", BREAKS)
def test_the_confirmation_mail_goes_out_with_a_one_line_subject(
    make_event, people, title, django_capture_on_commit_callbacks
):
    event = make_event(capacity=10)
    _plant(event, title)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.register(event=event, user=people[0])
    assert [m.subject for m in mail.outbox] == ["Your place at Night shift is confirmed"]
    assert mail.outbox[0].to == [people[0].email]


@pytest.mark.django_db
def test_a_mail_that_cannot_be_sent_is_logged_with_its_recipient(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.events.test_calendar_hostile.BrokenBackend"
    settings.CLUSTERHUB_MAIL_RETRY_DELAYS = []
    with (
        caplog.at_level(logging.ERROR, logger="clusterhub.common.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        queued = send_notification(subject="Hello", body="Body", to=["a@example.org"])
    assert queued is True  # queued; the worker's attempt failed and was logged
    assert [r.getMessage() for r in caplog.records] == [
        "could not send mail 'Hello' to a@example.org"
    ]


class BrokenBackend:
    """A mail backend whose server is down."""

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
