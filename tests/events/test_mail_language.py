"""Event mail and notifications are in the recipient's language, not in the language of whoever
caused them (docs/translation.md, "Whose language")."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

from clusterhub.common.models import Notification
from clusterhub.events import domain
from tests.events.conftest import accepted
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLE = "Experience-sharing workshop"


def test_a_latvian_user_promoted_by_an_english_organiser_is_told_in_latvian(
    make_event, world, django_capture_on_commit_callbacks
):
    event = make_event(capacity=1)
    english = UserFactory(username="ellen", language="en")
    latvian = UserFactory(username="liga", language="lv")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        domain.register(event=event, user=english)
        domain.register(event=event, user=latvian)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([english.email], f"Your place at {TITLE} is confirmed"),
        ([latvian.email], f"Jūs esat pasākuma {TITLE} gaidītāju sarakstā"),
    ]
    mail.outbox.clear()
    # The organiser works in English and raises the capacity: the place goes to Līga.
    event.capacity = 2
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        domain.save_event(event=event, by=world["manager_a"])
        assert translation.get_language() == "en"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([latvian.email], f"Vieta pasākumā {TITLE} ir Jūsu"),
    ]
    assert mail.outbox[0].body == (
        f"Pasākumā {TITLE} atbrīvojās vieta: Jūsu reģistrācija tagad ir apstiprināta."
    )
    note = Notification.objects.get(user=latvian, subject__startswith="Vieta")
    assert note.body == mail.outbox[0].body


def test_a_user_without_a_language_gets_english_whatever_the_sender_reads(
    make_event, django_capture_on_commit_callbacks
):
    event = make_event()
    user = UserFactory(language="")
    with translation.override("sv"), django_capture_on_commit_callbacks(execute=True):
        domain.register(event=event, user=user)
    assert [m.subject for m in mail.outbox] == [f"Your place at {TITLE} is confirmed"]


def test_meeting_mail_in_each_recipients_language_with_its_dates(
    b2b, django_capture_on_commit_callbacks
):
    event, slots, (a, b, _c, _d) = b2b
    a.user.language, b.user.language = "sv", "lv"
    a.user.save(update_fields=["language"])
    b.user.save(update_fields=["language"])
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        request = domain.send_meeting_request(sender=a, receiver=b, message="Hej")
        domain.answer_meeting_request(request=request, accept=True)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([b.user.email], f"Tikšanās pieprasījums no {a.display_name}"),
        ([a.user.email], f"{b.display_name} accepterade din mötesförfrågan"),
    ]
    domain.publish_schedule(event=event)
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        domain.schedule_meetings(event=event, time_limit=5)
    meeting = request.meeting
    local = meeting.slot.starts_at.astimezone(event.tz)
    with translation.override("sv"):
        swedish_time = date_format(local, "SHORT_DATETIME_FORMAT")
    with translation.override("en"):
        assert swedish_time != date_format(local, "SHORT_DATETIME_FORMAT")
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[a.user.email].subject == "Nytt möte"
    assert by_address[a.user.email].body == (
        f"{a.display_name} och {b.display_name} möts kl. {swedish_time}, bord {meeting.table}."
    )
    assert by_address[b.user.email].subject == "Jauna tikšanās"


def test_accepted_helper_still_notifies_in_english_by_default(
    b2b, django_capture_on_commit_callbacks
):
    _event, _slots, (a, b, _c, _d) = b2b
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        accepted(a, b)
    assert [m.subject for m in mail.outbox] == [
        f"Meeting request from {a.display_name}",
        f"{b.display_name} accepted your meeting request",
    ]
