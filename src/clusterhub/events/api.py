"""The events REST API under /api/v1/events/...: events, agenda, registration, B2B meetings.

Handlers are thin: an event the user cannot see is 404 (queries.events_visible_to), a visible one
they may not change is 403 (rules.py), every write goes through domain.py, whose validation
errors become 422 with the field named.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.api_errors import ERRORS
from clusterhub.common.api_helpers import PathId
from clusterhub.common.api_helpers import apply_patch
from clusterhub.common.api_helpers import chosen
from clusterhub.common.api_helpers import if_match
from clusterhub.common.api_helpers import patch_values
from clusterhub.common.api_helpers import with_etag
from clusterhub.common.downloads import download
from clusterhub.common.pagination import PageNumber
from clusterhub.events import calendars
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.models import Event
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Meeting
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import MeetingSlot
from clusterhub.events.models import Question
from clusterhub.events.models import Registration
from clusterhub.events.models import Session
from clusterhub.events.queries import active_registration
from clusterhub.events.queries import events_visible_to
from clusterhub.events.queries import registrations_visible_to
from clusterhub.events.queries import scheduled_meetings_of
from clusterhub.events.schemas import AgendaIn
from clusterhub.events.schemas import AnswerIn
from clusterhub.events.schemas import AvailabilityIn
from clusterhub.events.schemas import ConflictOut
from clusterhub.events.schemas import EventCreate
from clusterhub.events.schemas import EventFeedbackIn
from clusterhub.events.schemas import EventOut
from clusterhub.events.schemas import EventQuestionIn
from clusterhub.events.schemas import EventSessionOut
from clusterhub.events.schemas import EventUpdate
from clusterhub.events.schemas import FollowUpIn
from clusterhub.events.schemas import LockIn
from clusterhub.events.schemas import MeetingOut
from clusterhub.events.schemas import MeetingRequestIn
from clusterhub.events.schemas import MeetingRequestOut
from clusterhub.events.schemas import OptInIn
from clusterhub.events.schemas import ParticipantOut
from clusterhub.events.schemas import PublishIn
from clusterhub.events.schemas import QuestionOut
from clusterhub.events.schemas import RegisterIn
from clusterhub.events.schemas import RegistrationOut
from clusterhub.events.schemas import RunOut
from clusterhub.events.schemas import ScheduleIn
from clusterhub.events.schemas import SessionIn
from clusterhub.events.schemas import SlotOut
from clusterhub.events.schemas import SlotsIn
from clusterhub.events.schemas import StatisticsOut
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import people_visible_to

router = Router(tags=["events"])


def _event(request, pk: int, perm: str = "") -> Event:
    return object_for(request.user, events_visible_to(request.user), pk, perm)


def _registration(request, pk: int, perm: str = "") -> Registration:
    """Someone else's registration is not even visible (404), as on the pages."""
    visible = registrations_visible_to(request.user).select_related("event", "user")
    return object_for(request.user, visible, pk, perm)


def _ids(model, ids: list[int], field: str, queryset=None) -> list:
    objects = list((queryset if queryset is not None else model.objects).filter(pk__in=ids))
    if len(objects) != len(set(ids)):
        raise ValidationError({field: _("Some of these ids are unknown.")})
    return objects


# Events ------------------------------------------------------------------------------------


@router.get("/events/", response=list[EventOut])
@paginate(PageNumber)
def list_events(request):
    return events_visible_to(request.user)


@router.post("/events/", response={201: EventOut, **ERRORS})
def create_event(request, payload: EventCreate):
    data = payload.dict(exclude_none=True)
    audience = data.pop("audience_clusters", [])
    cluster_id, programme_id = data.pop("cluster", None), data.pop("programme", None)
    cluster = chosen(
        Cluster.objects.all(), cluster_id, field="cluster", message=_("Unknown cluster.")
    )
    programme = chosen(
        Programme.objects.all(), programme_id, field="programme", message=_("Unknown programme.")
    )
    if cluster:
        require(request.user, "events.add_event_for_cluster", cluster)
    if programme:
        require(request.user, "events.add_event_for_programme", programme)
    event = Event(cluster=cluster, programme=programme, **data)
    domain.save_event(
        event=event,
        audience_clusters=_ids(Cluster, audience, "audience_clusters"),
        by=request.user,
    )
    return Status(201, event)


@router.get("/events/{pk}", response={200: EventOut, **ERRORS})
def get_event(request, response: HttpResponse, pk: PathId):
    return with_etag(response, _event(request, pk))


@router.patch("/events/{pk}", response={200: EventOut, **ERRORS})
@transaction.atomic
def update_event(request, response: HttpResponse, pk: PathId, payload: EventUpdate):
    event = _event(request, pk, "events.change_event")
    values = patch_values(payload)
    if_match(request, event)
    clusters = None  # left out: unchanged; null: no audience clusters (the PATCH rule)
    if "audience_clusters" in values:
        ids = values.pop("audience_clusters") or []
        clusters = _ids(Cluster, ids, "audience_clusters")
    apply_patch(event, values)
    return with_etag(
        response, domain.save_event(event=event, audience_clusters=clusters, by=request.user)
    )


@router.get("/events/{pk}/calendar.ics", response={200: None, **ERRORS})
def event_ics(request, pk: PathId):
    return download(calendars.event_calendar(_event(request, pk)), f"event-{pk}.ics", calendars.ICS)


# Agenda and questions ----------------------------------------------------------------------


@router.get("/events/{pk}/sessions", response={200: list[EventSessionOut], **ERRORS})
def list_sessions(request, pk: PathId):
    return list(_event(request, pk).sessions.prefetch_related("speakers"))


@router.post("/events/{pk}/sessions", response={201: EventSessionOut, **ERRORS})
def create_session(request, pk: PathId, payload: SessionIn):
    event = _event(request, pk, "events.change_event")
    data = payload.dict()
    # Only people the organiser may see: a guessed id of another cluster's contact is unknown.
    speakers = _ids(Person, data.pop("speakers"), "speakers", people_visible_to(request.user))
    session = Session(event=event, **data)
    domain.save_session(session=session, speakers=speakers)
    return Status(201, session)


@router.get("/events/{pk}/conflicts", response={200: list[ConflictOut], **ERRORS})
def list_conflicts(request, pk: PathId):
    event = _event(request, pk, "events.change_event")
    return [
        {"kind": c["kind"], "sessions": [s.pk for s in c["sessions"]], "message": c["message"]}
        for c in domain.session_conflicts(event)
    ]


@router.get("/events/{pk}/questions", response={200: list[QuestionOut], **ERRORS})
def list_questions(request, pk: PathId):
    return list(_event(request, pk).questions.all())


@router.post("/events/{pk}/questions", response={201: QuestionOut, **ERRORS})
def create_question(request, pk: PathId, payload: EventQuestionIn):
    event = _event(request, pk, "events.change_event")
    question = Question(event=event, **payload.dict())
    domain.save_question(question=question)
    return Status(201, question)


# Registration ------------------------------------------------------------------------------


@router.post("/events/{pk}/registrations", response={201: RegistrationOut, **ERRORS})
def register(request, pk: PathId, payload: RegisterIn):
    event = _event(request, pk, "events.register_for_event")
    return Status(201, domain.register(event=event, user=request.user, answers=payload.answers))


@router.get("/events/{pk}/registrations", response=list[RegistrationOut])
@paginate(PageNumber)
def list_registrations(request, pk: PathId):
    event = _event(request, pk, "events.view_attendees")
    return event.registrations.select_related("user").order_by("created_at", "id")


@router.get("/events/{pk}/registrations/mine", response={200: RegistrationOut, **ERRORS})
def my_registration(request, pk: PathId):
    registration = active_registration(_event(request, pk), request.user)
    if registration is None:
        raise Http404
    return registration


@router.post("/registrations/{pk}/cancel", response={200: RegistrationOut, **ERRORS})
def cancel(request, pk: PathId):
    return domain.cancel_registration(
        registration=_registration(request, pk, "events.change_registration")
    )


@router.post("/registrations/{pk}/check-in", response={200: RegistrationOut, **ERRORS})
def check_in(request, pk: PathId):
    registration = _registration(request, pk)
    require(request.user, "events.manage_registrations", registration.event)
    return domain.check_in(registration=registration)


@router.put("/registrations/{pk}/agenda", response={200: list[EventSessionOut], **ERRORS})
def set_agenda(request, pk: PathId, payload: AgendaIn):
    registration = _registration(request, pk, "events.change_registration")
    sessions = _ids(Session, payload.sessions, "sessions", registration.event.sessions)
    domain.set_personal_agenda(registration=registration, sessions=sessions)
    return list(registration.agenda.prefetch_related("speakers"))


@router.get("/registrations/{pk}/calendar.ics", response={200: None, **ERRORS})
def agenda_ics(request, pk: PathId):
    registration = _registration(request, pk)
    return download(calendars.personal_calendar(registration), f"agenda-{pk}.ics", calendars.ICS)


@router.post("/registrations/{pk}/feedback", response={200: None, **ERRORS})
def feedback(request, pk: PathId, payload: EventFeedbackIn):
    registration = _registration(request, pk, "events.change_registration")
    if registration.user_id != request.user.pk:
        raise PermissionDenied
    domain.submit_feedback(registration=registration, **payload.dict())
    return Status(200, None)


@router.post("/registrations/{pk}/follow-up", response={200: None, **ERRORS})
def follow_up(request, pk: PathId, payload: FollowUpIn):
    registration = _registration(request, pk, "events.change_registration")
    record = get_object_or_404(FollowUp, registration=registration)
    domain.answer_follow_up(follow_up=record, **payload.dict())
    return Status(200, None)


# B2B ---------------------------------------------------------------------------------------


@router.post("/registrations/{pk}/b2b", response={200: RegistrationOut, **ERRORS})
def opt_in(request, pk: PathId, payload: OptInIn):
    registration = _registration(request, pk, "events.change_registration")
    return domain.opt_in(registration=registration, **payload.dict())


@router.put("/registrations/{pk}/availability", response={200: list[SlotOut], **ERRORS})
def set_availability(request, pk: PathId, payload: AvailabilityIn):
    registration = _registration(request, pk, "events.change_registration")
    slots = _ids(MeetingSlot, payload.slots, "slots", registration.event.slots)
    domain.opt_in(
        registration=registration,
        profile=registration.b2b_profile,
        cap=registration.b2b_cap,
        opt_in=registration.b2b_opt_in,
        slots=slots,
    )
    return [a.slot for a in registration.availability.select_related("slot")]


@router.get("/events/{pk}/slots", response={200: list[SlotOut], **ERRORS})
def list_slots(request, pk: PathId):
    return list(_event(request, pk).slots.all())


@router.post("/events/{pk}/slots", response={201: list[SlotOut], **ERRORS})
def add_slots(request, pk: PathId, payload: SlotsIn):
    event = _event(request, pk, "events.schedule_meetings")
    return Status(201, domain.add_slots(event=event, **payload.dict()))


@router.get("/events/{pk}/participants", response=list[ParticipantOut])
@paginate(PageNumber)
def list_participants(request, pk: PathId):
    event = _event(request, pk)
    mine = active_registration(event, request.user)
    if not (mine and mine.b2b_opt_in) and not request.user.has_perm(
        "events.schedule_meetings", event
    ):
        raise PermissionDenied
    regs = event.registrations.filter(
        status=RegistrationStatus.CONFIRMED, b2b_opt_in=True
    ).select_related("user__person__organisation")
    return [
        {
            "registration_id": r.pk,
            "name": r.display_name,
            "organisation": r.organisation.name if r.organisation else None,
            "profile": r.b2b_profile,
        }
        for r in regs
    ]


@router.post("/events/{pk}/meeting-requests", response={201: MeetingRequestOut, **ERRORS})
def send_request(request, pk: PathId, payload: MeetingRequestIn):
    event = _event(request, pk)
    sender = active_registration(event, request.user)
    if sender is None:
        raise ValidationError(_("Register for the event first."))
    receiver = chosen(
        event.registrations.all(),
        payload.receiver,
        field="receiver",
        message=_("That person is not at this event."),
    )
    meeting_request = domain.send_meeting_request(
        sender=sender, receiver=receiver, message=payload.message, priority=payload.priority
    )
    return Status(201, meeting_request)


@router.get("/registrations/{pk}/meeting-requests", response=list[MeetingRequestOut])
@paginate(PageNumber)
def list_requests(request, pk: PathId):
    registration = _registration(request, pk)
    return MeetingRequest.objects.filter(Q(sender=registration) | Q(receiver=registration))


@router.post("/meeting-requests/{pk}/answer", response={200: MeetingRequestOut, **ERRORS})
def answer(request, pk: PathId, payload: AnswerIn):
    meeting_request = get_object_or_404(
        MeetingRequest,
        pk=pk,
        receiver__user=request.user,
        receiver__status=RegistrationStatus.CONFIRMED,
    )
    return domain.answer_meeting_request(request=meeting_request, accept=payload.accept)


@router.post("/meeting-requests/{pk}/lock", response={200: MeetingOut, **ERRORS})
def lock(request, pk: PathId, payload: LockIn):
    meeting_request = get_object_or_404(
        MeetingRequest.objects.filter(event__in=events_visible_to(request.user)), pk=pk
    )
    event = meeting_request.event
    require(request.user, "events.schedule_meetings", event)
    slot = chosen(
        event.slots.all(),
        payload.slot,
        field="slot",
        message=_("That slot is not part of this event."),
    )
    return domain.lock_meeting(request=meeting_request, slot=slot, table=payload.table)


@router.post("/events/{pk}/schedule", response={200: RunOut, **ERRORS})
def schedule(request, pk: PathId, payload: ScheduleIn):
    event = _event(request, pk, "events.schedule_meetings")
    return domain.schedule_meetings(event=event, time_limit=payload.time_limit)


@router.post("/events/{pk}/publish", response={200: EventOut, **ERRORS})
def publish(request, pk: PathId, payload: PublishIn):
    event = _event(request, pk, "events.schedule_meetings")
    return domain.publish_schedule(event=event, published=payload.published)


@router.get("/events/{pk}/meetings", response=list[MeetingOut])
@paginate(PageNumber)
def list_meetings(request, pk: PathId):
    event = _event(request, pk, "events.schedule_meetings")
    return Meeting.objects.filter(
        request__event=event, status=MeetingStatus.SCHEDULED
    ).select_related("slot", "request")


@router.get("/registrations/{pk}/meetings", response={200: list[MeetingOut], **ERRORS})
def my_meetings(request, pk: PathId):
    return list(scheduled_meetings_of(_registration(request, pk)))


@router.get("/registrations/{pk}/meetings.ics", response={200: None, **ERRORS})
def meetings_ics(request, pk: PathId):
    registration = _registration(request, pk)
    return download(calendars.meetings_calendar(registration), f"meetings-{pk}.ics", calendars.ICS)


@router.post("/meetings/{pk}/cancel", response={200: MeetingOut, **ERRORS})
def cancel_meeting(request, pk: PathId):
    meeting = get_object_or_404(
        Meeting.objects.select_related("request__event").filter(
            request__event__in=events_visible_to(request.user)
        ),
        pk=pk,
    )
    req = meeting.request
    organiser = request.user.has_perm("events.schedule_meetings", req.event)
    party = Registration.objects.filter(
        pk__in=(req.sender_id, req.receiver_id), user=request.user
    ).exists()
    if not (organiser or party):
        raise Http404
    return domain.cancel_meeting(meeting=meeting)


@router.get("/events/{pk}/statistics", response={200: StatisticsOut, **ERRORS})
def statistics(request, pk: PathId):
    return reports.statistics(_event(request, pk, "events.view_statistics"))
