"""B2B meeting pages: opt-in and availability, browsing and requests, the organiser's desk."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.jobs import ACTIVE_STATES
from clusterhub.common.jobs import DuplicateJob
from clusterhub.common.jobs import job_url
from clusterhub.common.models import Job
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import carry_out_if_valid
from clusterhub.common.pages import ids_or_404
from clusterhub.common.pages import show_refusal
from clusterhub.events import calendars
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.calendars import ICS
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.forms import LockForm
from clusterhub.events.forms import MeetingRequestForm
from clusterhub.events.forms import OptInForm
from clusterhub.events.forms import ScheduleForm
from clusterhub.events.forms import SlotsForm
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.queries import requests_as_of
from clusterhub.events.views.base import my_registration
from clusterhub.events.views.base import organised_event
from clusterhub.events.views.base import visible_event


def _b2b_url(event) -> str:
    return reverse("events:b2b", args=[event.pk])


def _desk_url(event) -> str:
    return reverse("events:b2b_desk", args=[event.pk])


def _b2b_event(request, pk: int):
    event = visible_event(request, pk)
    if not event.b2b_enabled:
        raise PermissionDenied
    return event


@login_required
def b2b(request, pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    if request.method == "POST":
        form = OptInForm(request.POST)
        if form.is_valid():
            joining = form.cleaned_data["opt_in"]
            ids = ids_or_404(request.POST.getlist("slot"))
            saved = carry_out(
                request,
                lambda: domain.opt_in(
                    registration=registration,
                    profile=form.cleaned_data["profile"],
                    cap=form.cleaned_data["cap"],
                    opt_in=joining,
                    slots=list(event.slots.filter(pk__in=ids)) if joining else None,
                ),
                done=_("Saved."),
            )
            if saved:
                return redirect(_b2b_url(event))
    form = OptInForm(
        initial={
            "opt_in": registration.b2b_opt_in,
            "profile": registration.b2b_profile,
            "cap": registration.b2b_cap,
        }
    )
    mine = Q(sender=registration) | Q(receiver=registration)
    return render(
        request,
        "events/b2b.html",
        {
            "event": event,
            "registration": registration,
            "form": form,
            "slots": event.slots.all(),
            "available": set(registration.availability.values_list("slot_id", flat=True)),
            "requests": requests_as_of(
                event.meeting_requests.filter(mine).select_related("sender__user", "receiver__user")
            ),
            "schedule": reports.schedule_rows(registration),
        },
    )


@login_required
def participants(request, pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    others = (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED, b2b_opt_in=True)
        .exclude(pk=registration.pk)
        .select_related("user__person__organisation")
        .order_by("user__last_name", "user__first_name")
    )
    return render(
        request,
        "events/participants.html",
        {
            "event": event,
            "registration": registration,
            "others": others,
            "recommended": domain.recommended_partners(registration=registration),
            "form": MeetingRequestForm(),
        },
    )


@login_required
@require_POST
def request_meeting(request, pk: int, reg_pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    receiver = get_object_or_404(
        event.registrations.exclude(status=RegistrationStatus.CANCELLED), pk=reg_pk
    )
    form = MeetingRequestForm(request.POST)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.send_meeting_request(
            sender=registration, receiver=receiver, **form.cleaned_data
        ),
        done=_("Request sent."),
        invalid=_("Write a message (at most 2,000 characters)."),
    )
    return redirect(reverse("events:participants", args=[event.pk]))


@login_required
@require_POST
def answer(request, pk: int, request_pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    meeting_request = get_object_or_404(MeetingRequest, pk=request_pk, receiver=registration)
    carry_out(
        request,
        lambda: domain.answer_meeting_request(
            request=meeting_request, accept=request.POST.get("accept") == "1"
        ),
    )
    return redirect(_b2b_url(event))


@login_required
@require_POST
def cancel_meeting(request, pk: int, meeting_pk: int):
    event = _b2b_event(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("request"), pk=meeting_pk, request__event=event
    )
    registration = None
    if not request.user.has_perm("events.schedule_meetings", event):
        registration = my_registration(request, event)
        if registration.pk not in (meeting.request.sender_id, meeting.request.receiver_id):
            raise PermissionDenied
    carry_out(request, lambda: domain.cancel_meeting(meeting=meeting), done=_("Meeting cancelled."))
    return redirect(_b2b_url(event) if registration else _desk_url(event))


@login_required
def schedule_pdf(request, pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    return download(reports.schedule_pdf(registration), f"meetings-{event.pk}.pdf", PDF)


@login_required
def schedule_ics(request, pk: int):
    event = _b2b_event(request, pk)
    registration = my_registration(request, event)
    return download(calendars.meetings_calendar(registration), f"meetings-{event.pk}.ics", ICS)


@login_required
def desk(request, pk: int):
    event = organised_event(request, pk, "events.schedule_meetings")
    accepted = event.meeting_requests.filter(status=RequestStatus.ACCEPTED).select_related(
        "sender__user", "receiver__user", "meeting__slot"
    )
    return render(
        request,
        "events/b2b_desk.html",
        {
            "event": event,
            "slots": event.slots.all(),
            "accepted": accepted,
            "meetings": Meeting.objects.filter(
                request__event=event, status=MeetingStatus.SCHEDULED
            ).select_related("slot", "request__sender__user", "request__receiver__user"),
            "stats": reports.statistics(event),
            "slots_form": SlotsForm(),
            "schedule_form": ScheduleForm(),
            "lock_form": LockForm(event=event),
            "schedule_job": Job.objects.filter(
                dedupe_key=f"{domain.SCHEDULE_JOB}:{event.pk}", state__in=ACTIVE_STATES
            ).first(),
        },
    )


@login_required
@require_POST
def add_slots(request, pk: int):
    event = organised_event(request, pk, "events.schedule_meetings")
    with timezone.override(event.tz):
        form = SlotsForm(request.POST)
        carry_out_if_valid(
            request,
            form,
            lambda: domain.add_slots(event=event, **form.cleaned_data),
            done=_("Slots added."),
            invalid=_("Check the slot fields: %(e)s") % {"e": form.errors.as_text()},
        )
    return redirect(_desk_url(event))


@login_required
@require_POST
def run_scheduler(request, pk: int):
    event = organised_event(request, pk, "events.schedule_meetings")
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The time limit is between 1 and 600 seconds."))
        return redirect(_desk_url(event))
    try:
        job = domain.schedule_later(
            event=event, time_limit=form.cleaned_data["time_limit"], user=request.user
        )
    except DuplicateJob as exc:
        messages.error(request, exc.messages[0])
        return redirect(job_url(exc.job))
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect(_desk_url(event))
    # The solver runs in the worker; the job page follows it and links back to the schedule.
    return redirect(job_url(job))


@login_required
@require_POST
def publish(request, pk: int):
    event = organised_event(request, pk, "events.schedule_meetings")
    domain.publish_schedule(event=event, published=request.POST.get("published") == "1")
    return redirect(_desk_url(event))


@login_required
@require_POST
def lock(request, pk: int, request_pk: int):
    event = organised_event(request, pk, "events.schedule_meetings")
    meeting_request = get_object_or_404(MeetingRequest, pk=request_pk, event=event)
    form = LockForm(request.POST, event=event)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.lock_meeting(request=meeting_request, **form.cleaned_data),
        done=_("Meeting locked."),
        invalid=_("Pick a slot and a table."),
    )
    return redirect(_desk_url(event))
