"""Attendee lists, badges, meeting schedules and statistics: the figures and files organisers use."""

import math
from collections import Counter

from django.db.models import Count
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from django.utils.translation import pgettext_lazy

from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.mail import in_language_of
from clusterhub.common.pdf import render_pdf
from clusterhub.common.spreadsheets import write_xlsx
from clusterhub.events import follow_ups
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.models import Event
from clusterhub.events.models import Feedback
from clusterhub.events.models import Meeting
from clusterhub.events.models import Registration
from clusterhub.events.queries import requests_as_of
from clusterhub.events.queries import scheduled_meetings_of
from clusterhub.registry.funding import funding_notice


def attendees(event: Event):
    return (
        event.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user__person__organisation")
        .order_by("status", "user__last_name", "user__first_name", "id")
    )


def _organisation_name(reg: Registration) -> str:
    org = reg.organisation
    return org.name if org is not None else ""


def attendee_rows(event: Event) -> tuple[list[str], list[list]]:
    questions = list(event.questions.all())
    headers = [
        _("Name"),
        _("Email"),
        _("Organisation"),
        _("Status"),
        _("Registered"),
        _("Checked in"),
        *[q.label for q in questions],
    ]
    rows = []
    for reg in attendees(event):
        rows.append(
            [
                reg.display_name,
                reg.user.email,
                _organisation_name(reg),
                reg.get_status_display(),
                # Real datetimes in the event's own time zone, without it: a typed date cell in
                # XLSX, and a date in the reader's language on the page and in the PDF.
                _event_time(reg.created_at, event),
                _event_time(reg.checked_in_at, event),
                *[_answer_text(reg.answers.get(str(q.pk), "")) for q in questions],
            ]
        )
    return headers, rows


def _event_time(value, event: Event):
    return value.astimezone(event.tz).replace(tzinfo=None) if value else ""


def _answer_text(value) -> str:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def attendees_xlsx(event: Event) -> bytes:
    headers, rows = attendee_rows(event)
    return write_xlsx(headers, rows, title=str(_("Attendees")))


def _programme(event: Event):
    return event.programme or (event.cluster.programmes.first() if event.cluster_id else None)


def attendees_pdf(event: Event) -> bytes:
    headers, rows = attendee_rows(event)
    return render_pdf(
        "events/pdf/attendees.html",
        {
            "event": event,
            "headers": headers[:6],
            "rows": [r[:6] for r in rows],
            "funding_notice": funding_notice(_programme(event)),
        },
    )


def badges_pdf(event: Event) -> bytes:
    confirmed = [r for r in attendees(event) if r.status == RegistrationStatus.CONFIRMED]
    badges = [{"name": r.display_name, "organisation": _organisation_name(r)} for r in confirmed]
    return render_pdf("events/pdf/badges.html", {"event": event, "badges": badges})


def local_span(start, end, tz) -> str:
    """A slot in the event's zone, in the active language's formats (lv "05.12.2026. 10:00–10:20",
    et "05.12.2026 9:00–9:20"); date_format keeps an aware time's own zone."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    day = date_format(a, "SHORT_DATE_FORMAT")
    return f"{day} {date_format(a, 'TIME_FORMAT')}–{date_format(b, 'TIME_FORMAT')}"


def schedule_rows(registration: Registration) -> list[dict]:
    tz = registration.event.tz
    rows = []
    for m in scheduled_meetings_of(registration):
        req = m.request
        other = req.receiver if req.sender_id == registration.pk else req.sender
        rows.append(
            {
                "meeting": m,
                # Pre-formatted: template date filters would convert to the server's zone.
                "time": local_span(m.slot.starts_at, m.slot.ends_at, tz),
                "table": m.table,
                "partner": other.display_name,
                "organisation": _organisation_name(other),
                "message": req.message,
            }
        )
    return rows


def schedule_pdf(registration: Registration) -> bytes:
    """The participant's own meeting schedule, in the participant's language."""
    event = registration.event
    with in_language_of(registration.user):
        return render_pdf(
            "events/pdf/schedule.html",
            {
                "event": event,
                "registration": registration,
                "rows": schedule_rows(registration),
                "funding_notice": funding_notice(_programme(event)),
            },
        )


def scheduler_summary(event: Event, run) -> str:
    """What a scheduler run achieved, in words whose numbers mean what they say.

    Meetings count against the accepted requests. The bound proves a ceiling on the
    priority-weighted value the scheduler maximises (not on the number of meetings), so the
    value is the figure set against it; the share is rounded down so it never overstates.
    """
    accepted = event.meeting_requests.filter(status=RequestStatus.ACCEPTED).count()
    placed = ngettext(
        "%(placed)s of %(accepted)s accepted request placed",
        "%(placed)s of %(accepted)s accepted requests placed",
        accepted,
    ) % {"placed": run.placed, "accepted": accepted}
    if run.optimal:
        value = _("priority-weighted value %(value)s, the best possible") % {"value": run.objective}
    else:
        value = _("priority-weighted value %(value)s of at most %(bound)s (%(share).1f %%)") % {
            "value": run.objective,
            "bound": run.upper_bound,
            "share": math.floor(1000 * run.objective / run.upper_bound) / 10,
        }
    return f"{placed}; {value}."


def statistics(event: Event) -> dict:
    """Requests, acceptance rate, meetings, meetings per participant, empty tables."""
    # A pending request past its deadline counts as expired whether or not it was stored so.
    requests = requests_as_of(event.meeting_requests.all()).aggregate(
        total=Count("id"),
        accepted=Count("id", filter=Q(current_status=RequestStatus.ACCEPTED)),
        declined=Count("id", filter=Q(current_status=RequestStatus.DECLINED)),
        expired=Count("id", filter=Q(current_status=RequestStatus.EXPIRED)),
        pending=Count("id", filter=Q(current_status=RequestStatus.PENDING)),
    )
    answered = requests["accepted"] + requests["declined"]
    meetings = Meeting.objects.filter(request__event=event, status=MeetingStatus.SCHEDULED)
    per_person: Counter = Counter()
    for sender, receiver in meetings.values_list("request__sender_id", "request__receiver_id"):
        per_person[sender] += 1
        per_person[receiver] += 1
    participants = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, b2b_opt_in=True
    ).count()
    slots = event.slots.count()
    table_slots = slots * event.b2b_tables
    distribution = Counter(per_person.values())
    distribution[0] = participants - len(per_person)
    last_run = event.scheduling_runs.first()
    outcomes = follow_ups.outcomes(event)
    return {
        "requests": requests,
        "acceptance_rate": (requests["accepted"] / answered) if answered else None,
        "meetings": meetings.count(),
        "meetings_held": outcomes.meetings_held,
        "participants": participants,
        "per_participant": (2 * meetings.count() / participants) if participants else 0.0,
        "distribution": sorted(distribution.items()),
        "table_slots": table_slots,
        "empty_tables": max(table_slots - meetings.count(), 0),
        "last_run": last_run,
        # What the six-month follow-up reports.
        "follow_up_answers": outcomes.answered,
        "agreements": outcomes.agreements,
        "collaborations_created": outcomes.collaborations_created,
    }


# Lazy: the labels are read per request, in the reader's language, not once at import.
RATING_FIELDS = (
    ("overall", gettext_lazy("Overall")),
    ("content", gettext_lazy("Content")),
    ("organisation", pgettext_lazy("event feedback criterion", "Organisation")),
)


def feedback_summary(event: Event) -> dict:
    """Average and distribution per rating, with an SVG chart per rating."""
    rows = list(Feedback.objects.filter(registration__event=event))
    summary = []
    for field, label in RATING_FIELDS:
        values = [getattr(f, field) for f in rows]
        counts = Counter(values)
        items = [(f"{star} ★", counts.get(star, 0)) for star in range(5, 0, -1)]
        summary.append(
            {
                "label": label,
                "average": (sum(values) / len(values)) if values else None,
                "counts": items,
                "chart": horizontal_bar_chart(items, title=str(label), label_width=60, width=360),
            }
        )
    comments = [f.comment for f in rows if f.comment.strip()]
    return {"count": len(rows), "ratings": summary, "comments": comments}
