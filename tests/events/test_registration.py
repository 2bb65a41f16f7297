import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from clusterhub.common.models import Notification
from clusterhub.events import domain
from clusterhub.events.domain import meetings
from clusterhub.events.domain import registrations
from clusterhub.events.models import Question
from tests.events.conftest import NOW


def test_capacity_fills_then_waiting_list(make_event, people, django_capture_on_commit_callbacks):
    event = make_event(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        regs = [domain.register(event=event, user=u) for u in people[:4]]
    assert [r.status for r in regs] == ["confirmed", "confirmed", "waiting", "waiting"]
    assert (
        Notification.objects.filter(user=people[2], subject__contains="waiting list").count() == 1
    )
    assert len(mail.outbox) == 4


def test_cancellation_promotes_the_next_person_and_tells_them(
    make_event, people, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    first = domain.register(event=event, user=people[0])
    second = domain.register(event=event, user=people[1])
    third = domain.register(event=event, user=people[2])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.cancel_registration(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("confirmed", "waiting")
    assert second.promoted_at is not None
    assert (
        Notification.objects.filter(user=people[1], subject__startswith="A place at").count() == 1
    )
    assert [m.to for m in mail.outbox] == [[people[1].email]]


def test_cancelling_a_waiting_registration_promotes_nobody(make_event, people):
    event = make_event(capacity=1)
    domain.register(event=event, user=people[0])
    waiting = domain.register(event=event, user=people[1])
    third = domain.register(event=event, user=people[2])
    domain.cancel_registration(registration=waiting)
    third.refresh_from_db()
    assert third.status == "waiting"


def test_cancelling_twice_is_refused(make_event, people):
    reg = domain.register(event=make_event(), user=people[0])
    domain.cancel_registration(registration=reg)
    with pytest.raises(ValidationError, match="already cancelled"):
        domain.cancel_registration(registration=reg)


def test_second_registration_refused_but_allowed_after_cancel(make_event, people):
    event = make_event()
    reg = domain.register(event=event, user=people[0])
    with pytest.raises(ValidationError, match="already registered"):
        domain.register(event=event, user=people[0])
    domain.cancel_registration(registration=reg)
    again = domain.register(event=event, user=people[0])
    assert again.status == "confirmed"
    assert event.registrations.count() == 2


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 2, "not opened yet"), (-3, -1, "closed")],
)
def test_registration_outside_its_window(make_event, people, opens, closes, message):
    event = make_event(
        registration_opens=NOW + dt.timedelta(days=opens),
        registration_closes=NOW + dt.timedelta(days=closes),
    )
    with pytest.raises(ValidationError, match=message):
        domain.register(event=event, user=people[0])
    assert event.registrations.count() == 0


def test_extra_questions_are_validated_and_kept(make_event, people):
    event = make_event()
    diet = domain.save_question(question=Question(event=event, label="Diet", required=True))
    day = domain.save_question(
        question=Question(event=event, label="Day", kind="choice", choices="Mon\nTue")
    )
    with pytest.raises(ValidationError) as info:
        domain.register(event=event, user=people[0], answers={str(day.pk): "Sun"})
    assert set(info.value.message_dict) == {f"question_{diet.pk}", f"question_{day.pk}"}
    reg = domain.register(
        event=event, user=people[0], answers={str(diet.pk): " vegan ", str(day.pk): "Tue"}
    )
    assert reg.answers == {str(diet.pk): "vegan", str(day.pk): "Tue"}


def test_choice_question_needs_two_choices(make_event):
    with pytest.raises(ValidationError, match="two choices"):
        domain.save_question(
            question=Question(event=make_event(), label="X", kind="choice", choices="A")
        )


def test_event_validation_messages(make_event, world):
    with pytest.raises(ValidationError) as info:
        make_event(ends_at=NOW, venue="", online_url="", programme=world.programme)
    assert set(info.value.message_dict) >= {"ends_at", "venue", "cluster"}
    with pytest.raises(ValidationError, match="timezone"):
        make_event(timezone="Mars/Olympus")


def test_check_in_only_confirmed_and_keeps_first_time(make_event, people):
    event = make_event(capacity=1)
    reg = domain.register(event=event, user=people[0])
    waiting = domain.register(event=event, user=people[1])
    domain.check_in(registration=reg, now=NOW)
    domain.check_in(registration=reg, now=NOW + dt.timedelta(hours=1))
    assert reg.checked_in_at == NOW
    with pytest.raises(ValidationError, match="confirmed"):
        domain.check_in(registration=waiting)


def test_agenda_conflicts_room_and_speaker(make_event, world):
    from clusterhub.events.models import Session

    event = make_event()
    start = event.starts_at
    a = domain.save_session(
        session=Session(
            event=event,
            title="Opening",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            room="Hall",
        ),
        speakers=[world.person_a],
    )
    domain.save_session(
        session=Session(
            event=event,
            title="Panel",
            starts_at=start + dt.timedelta(minutes=30),
            ends_at=start + dt.timedelta(hours=2),
            room="hall",
        ),
    )
    domain.save_session(
        session=Session(
            event=event,
            title="Talk",
            starts_at=start,
            ends_at=start + dt.timedelta(minutes=45),
            room="Room 2",
        ),
        speakers=[world.person_a],
    )
    domain.save_session(
        session=Session(
            event=event,
            title="Later",
            starts_at=start + dt.timedelta(hours=1),
            ends_at=start + dt.timedelta(hours=2),
            room="Hall",
        ),
        speakers=[world.person_a],
    )
    kinds = sorted(
        (c["kind"], c["sessions"][0].title, c["sessions"][1].title)
        for c in domain.session_conflicts(event)
    )
    assert kinds == [
        ("room", "Opening", "Panel"),
        ("room", "Panel", "Later"),
        ("speaker", "Opening", "Talk"),
    ]
    with pytest.raises(ValidationError, match="within the event"):
        domain.save_session(
            session=Session(
                event=event,
                title="Out",
                starts_at=start - dt.timedelta(hours=2),
                ends_at=start,
                room="X",
            )
        )
    assert a.pk is not None


def test_feedback_and_follow_up(make_event, people, world, monkeypatch):
    event = make_event()
    reg = domain.register(event=event, user=people[0])
    with pytest.raises(ValidationError, match="opens when the event starts"):
        domain.submit_feedback(registration=reg, overall=5, content=4, organisation=3, now=NOW)
    later = event.ends_at + dt.timedelta(hours=1)
    fb = domain.submit_feedback(registration=reg, overall=5, content=4, organisation=3, now=later)
    assert (fb.overall, fb.content) == (5, 4)
    with pytest.raises(ValidationError):
        domain.submit_feedback(registration=reg, overall=6, content=4, organisation=3, now=later)
    with pytest.raises(ValidationError, match="six months"):
        domain.send_follow_ups(event=event, now=later)
    half_year = event.ends_at + dt.timedelta(days=183)
    assert domain.send_follow_ups(event=event, now=half_year) == 1
    assert domain.send_follow_ups(event=event, now=half_year) == 0
    fed = []
    monkeypatch.setattr(registrations, "record_event_agreement", lambda **kw: fed.append(kw))
    with pytest.raises(ValidationError):
        domain.answer_follow_up(follow_up=reg.follow_up, led_to_agreement=True, agreements=0)
    domain.answer_follow_up(
        follow_up=reg.follow_up, led_to_agreement=True, agreements=2, notes="joint bid"
    )
    assert fed == [
        {
            "organisation": None,
            "partners": [],
            "event_id": event.pk,
            "event_title": event.title,
            "agreements": 2,
            "notes": "joint bid",
        }
    ]
    assert reg.follow_up.agreements == 2


def test_a_matchmaking_failure_means_no_recommendations(make_event, people, monkeypatch):
    reg = domain.register(event=make_event(), user=people[0])

    def broken(*args, **kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(meetings, "recommendations_for", broken)
    assert domain.recommended_partners(registration=reg) == []
