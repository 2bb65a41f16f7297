"""iCalendar (RFC 5545) files: an event with its sessions, a personal agenda, a meeting schedule.

The icalendar package folds long lines at 75 octets, escapes commas, semicolons and newlines,
and writes CRLF line ends; times go out in UTC (the "Z" form), which every client converts to
the reader's zone, so no VTIMEZONE block is needed.

A personal calendar (agenda, meetings) is written in its holder's language (the profile's
language, else the one of the request), not in the language of whoever triggers the download:
the words in it (SUMMARY, DESCRIPTION, LOCATION, the calendar name) are read in the holder's
calendar app, long after the page is gone.

Stored text goes in through `_line` / `_text` whatever it holds: input is cleaned (common/text.py)
but older rows, the admin shell or an import may hold a line break in a title, and icalendar
refuses one in a property that is not escaped as text (the calendar name), while a control
character other than a line break makes a file no client reads.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as VEvent

from clusterhub.common.text import clean_text
from clusterhub.common.text import single_line
from clusterhub.events.models import Event
from clusterhub.events.models import Meeting
from clusterhub.events.models import Session
from clusterhub.events.queries import scheduled_meetings_of

# The content type these files are answered with.
ICS = "text/calendar; charset=utf-8"

PRODID = "-//ClusterHub//Events//EN"
UID_DOMAIN = "clusterhub.events"


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", single_line(name))
    return cal


# Properties that are one line to every client; the rest (DESCRIPTION) may keep line breaks.
_ONE_LINE = {"location", "url"}


def _vevent(uid: str, summary: str, start: dt.datetime, end: dt.datetime, **extra) -> VEvent:
    vevent = VEvent()
    vevent.add("uid", f"{uid}@{UID_DOMAIN}")
    vevent.add("dtstamp", timezone.now().astimezone(dt.UTC).replace(microsecond=0))
    vevent.add("dtstart", start.astimezone(dt.UTC))
    vevent.add("dtend", end.astimezone(dt.UTC))
    vevent.add("summary", single_line(summary))
    for key, value in extra.items():
        value = single_line(value) if key in _ONE_LINE else clean_text(value).strip()
        if value:
            vevent.add(key.replace("_", "-"), value)
    return vevent


def _where(event: Event, room: str = "") -> str:
    parts = [room, event.venue, event.city]
    return ", ".join(p for p in parts if p) or event.online_url


def _session_vevent(session: Session) -> VEvent:
    event = session.event
    speakers = ", ".join(f"{p.first_name} {p.last_name}" for p in session.speakers.all())
    description = session.description
    if speakers:
        description = f"{_('Speakers')}: {speakers}\n\n{description}".strip()
    return _vevent(
        f"session-{session.pk}",
        f"{session.title} ({event.title})",
        session.starts_at,
        session.ends_at,
        location=_where(event, session.room),
        description=description,
    )


def event_calendar(event: Event) -> bytes:
    """The event itself and every session of its agenda."""
    cal = _calendar(event.title)
    cal.add_component(
        _vevent(
            f"event-{event.pk}",
            event.title,
            event.starts_at,
            event.ends_at,
            location=_where(event),
            description=event.description,
            url=event.online_url,
        )
    )
    for session in event.sessions.prefetch_related("speakers"):
        cal.add_component(_session_vevent(session))
    return cal.to_ical()


def _holder_language(registration) -> str:
    """The calendar holder's chosen language if it is one we offer, else the active one."""
    chosen = getattr(registration.user, "language", "") or ""
    offered = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in offered else (translation.get_language() or settings.LANGUAGE_CODE)


def personal_calendar(registration) -> bytes:
    """The sessions a participant picked and their scheduled B2B meetings."""
    with translation.override(_holder_language(registration)):
        return _personal_calendar(registration)


def _personal_calendar(registration) -> bytes:
    event = registration.event
    cal = _calendar(_("My agenda: %(e)s") % {"e": event.title})
    for session in registration.agenda.prefetch_related("speakers"):
        cal.add_component(_session_vevent(session))
    for meeting in scheduled_meetings_of(registration):
        cal.add_component(_meeting_vevent(meeting, registration))
    return cal.to_ical()


def meetings_calendar(registration) -> bytes:
    """Only the participant's B2B meetings."""
    with translation.override(_holder_language(registration)):
        return _meetings_calendar(registration)


def _meetings_calendar(registration) -> bytes:
    cal = _calendar(_("My meetings: %(e)s") % {"e": registration.event.title})
    for meeting in scheduled_meetings_of(registration):
        cal.add_component(_meeting_vevent(meeting, registration))
    return cal.to_ical()


def _meeting_vevent(meeting: Meeting, registration) -> VEvent:
    request = meeting.request
    other = request.receiver if request.sender_id == registration.pk else request.sender
    return _vevent(
        f"meeting-{meeting.pk}",
        _("B2B meeting with %(who)s") % {"who": other.display_name},
        meeting.slot.starts_at,
        meeting.slot.ends_at,
        location=_("Table %(n)s, %(where)s")
        % {"n": meeting.table, "where": _where(registration.event)},
        description=request.message,
    )
