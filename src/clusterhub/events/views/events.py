"""Event pages: list, detail with agenda, forms, registration, attendees, exports, feedback."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.accounts import audit
from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import require
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import XLSX
from clusterhub.common.downloads import download
from clusterhub.common.notifications import inbox
from clusterhub.common.notifications import mark_read
from clusterhub.common.notifications import unread_count
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import form_page
from clusterhub.common.pages import ids_or_404
from clusterhub.common.pages import page_of
from clusterhub.common.pages import save_or_errors
from clusterhub.common.pages import saving_form_page
from clusterhub.common.pages import show_refusal
from clusterhub.events import calendars
from clusterhub.events import domain
from clusterhub.events import reports
from clusterhub.events.calendars import ICS
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.forms import EventForm
from clusterhub.events.forms import FeedbackForm
from clusterhub.events.forms import FollowUpForm
from clusterhub.events.forms import QuestionForm
from clusterhub.events.forms import RegistrationForm
from clusterhub.events.forms import SessionForm
from clusterhub.events.models import Event
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Question
from clusterhub.events.models import Session
from clusterhub.events.queries import active_registration
from clusterhub.events.queries import events_visible_to
from clusterhub.events.views.base import LAYOUT
from clusterhub.events.views.base import my_registration
from clusterhub.events.views.base import organised_event
from clusterhub.events.views.base import registration_of_event
from clusterhub.events.views.base import visible_event
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.registry.queries import people_visible_to


def _detail_url(event: Event) -> str:
    return reverse("events:detail", args=[event.pk])


@login_required
def index(request):
    events = events_visible_to(request.user).select_related("cluster", "programme")
    r = roles_of(request.user)
    mine = {
        reg.event_id: reg
        for reg in request.user.event_registrations.exclude(status=RegistrationStatus.CANCELLED)
    }
    can_add = r.is_admin or bool(r.team_clusters or r.coordinated_programmes)
    unread = unread_count(request.user)
    # Paginated like the registry lists: a year of a busy network is thousands of events.
    page = page_of(request, events)
    rows = [(e, mine.get(e.pk)) for e in page]
    return render(
        request,
        "events/index.html",
        {
            "rows": rows,
            "page_obj": page,
            "can_add": can_add,
            "unread": unread,
        },
    )


@login_required
def notifications(request):
    """The user's inbox; reading it changes nothing (marking read is a POST, below)."""
    return render(
        request,
        "events/notifications.html",
        {
            "notes": inbox(request.user),
            "unread": unread_count(request.user),
        },
    )


@login_required
@require_POST
def notifications_read(request):
    mark_read(user=request.user)
    return redirect(reverse("events:notifications"))


def _host_choices(user):
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.all(), Programme.objects.all()
    return (
        Cluster.objects.filter(pk__in=r.team_clusters),
        Programme.objects.filter(pk__in=r.coordinated_programmes),
    )


def _event_form_save(request, form):
    event = form.save(commit=False)
    perm_ok = (
        event.cluster_id is None
        or request.user.has_perm("events.add_event_for_cluster", event.cluster)
    ) and (
        event.programme_id is None
        or request.user.has_perm("events.add_event_for_programme", event.programme)
    )
    if not perm_ok:
        form.add_error("cluster", _("You may not organise events for this host."))
        return None
    saved = []
    ok = save_or_errors(
        form,
        lambda: saved.append(
            domain.save_event(
                event=event,
                audience_clusters=list(form.cleaned_data["audience_clusters"]),
                by=request.user,
            )
        ),
    )
    return saved[0] if ok else None


@login_required
def create(request):
    clusters, programmes = _host_choices(request.user)
    if not clusters.exists() and not programmes.exists():
        require(request.user, "events.add_event_for_cluster", None)
    form = EventForm(request.POST or None, clusters=clusters, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        event = _event_form_save(request, form)
        if event is not None:
            messages.success(request, _("Event created."))
            return redirect(_detail_url(event))
    return form_page(
        request, form, title=_("New event"), back_url=reverse("events:index"), base_template=LAYOUT
    )


@login_required
def edit(request, pk: int):
    event = organised_event(request, pk)
    clusters, programmes = _host_choices(request.user)
    with timezone.override(event.tz):
        form = EventForm(
            request.POST or None, instance=event, clusters=clusters, programmes=programmes
        )
        saved = request.method == "POST" and form.is_valid() and _event_form_save(request, form)
        if saved:
            messages.success(request, _("Event saved."))
            return redirect(_detail_url(event))
        return form_page(
            request, form, title=_("Edit event"), back_url=_detail_url(event), base_template=LAYOUT
        )


@login_required
def detail(request, pk: int):
    event = visible_event(request, pk)
    registration = active_registration(event, request.user)
    organiser = request.user.has_perm("events.change_event", event)
    sessions = list(event.sessions.prefetch_related("speakers"))
    now = timezone.now()
    context = {
        "event": event,
        "registration": registration,
        "organiser": organiser,
        "sessions": sessions,
        "conflicts": domain.session_conflicts(event) if organiser else [],
        "confirmed": event.registrations.filter(status=RegistrationStatus.CONFIRMED).count(),
        "waiting": event.registrations.filter(status=RegistrationStatus.WAITING).count(),
        "registration_open": event.registration_opens <= now <= event.registration_closes,
        "can_register": request.user.has_perm("events.register_for_event", event),
        "form": RegistrationForm(event=event),
        "agenda_ids": set(registration.agenda.values_list("pk", flat=True))
        if registration
        else set(),
        "started": now >= event.starts_at,
        "follow_up": FollowUp.objects.filter(registration=registration).first()
        if registration
        else None,
    }
    return render(request, "events/detail.html", context)


@login_required
@require_POST
def register(request, pk: int):
    event = visible_event(request, pk)
    require(request.user, "events.register_for_event", event)
    form = RegistrationForm(request.POST, event=event)
    if not form.is_valid():
        messages.error(request, _("Please answer the registration questions."))
        return redirect(_detail_url(event))
    try:
        reg = domain.register(event=event, user=request.user, answers=form.answers())
    except ValidationError as exc:
        show_refusal(request, exc)
        return redirect(_detail_url(event))
    if reg.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("You are registered."))
    else:
        messages.info(request, _("The event is full: you are on the waiting list."))
    return redirect(_detail_url(event))


@login_required
@require_POST
def cancel(request, pk: int):
    event = visible_event(request, pk)
    registration = my_registration(request, event)
    carry_out(
        request,
        lambda: domain.cancel_registration(registration=registration),
        done=_("Your registration is cancelled."),
    )
    return redirect(_detail_url(event))


@login_required
@require_POST
def agenda(request, pk: int):
    event = visible_event(request, pk)
    registration = my_registration(request, event)
    ids = ids_or_404(request.POST.getlist("session"))
    sessions = list(event.sessions.filter(pk__in=ids))
    carry_out(
        request,
        lambda: domain.set_personal_agenda(registration=registration, sessions=sessions),
        done=_("Your agenda is saved."),
    )
    return redirect(_detail_url(event))


@login_required
def event_ics(request, pk: int):
    event = visible_event(request, pk)
    return download(calendars.event_calendar(event), f"event-{event.pk}.ics", ICS)


@login_required
def agenda_ics(request, pk: int):
    event = visible_event(request, pk)
    registration = my_registration(request, event)
    return download(calendars.personal_calendar(registration), f"my-agenda-{event.pk}.ics", ICS)


def _session_form(request, session: Session | None = None) -> SessionForm:
    """Speakers are picked among the people the organiser may see (and those already on the
    session), so the form never lists another cluster's contacts."""
    form = SessionForm(request.POST or None, instance=session)
    people = people_visible_to(request.user)
    if session is not None and session.pk:
        people = people | session.speakers.all()
    form.fields["speakers"].queryset = people.distinct().order_by("last_name", "first_name")
    return form


@login_required
def session_create(request, pk: int):
    event = organised_event(request, pk)
    return _session_page(request, event, None, title=_("New session"))


@login_required
def session_edit(request, pk: int, session_pk: int):
    event = organised_event(request, pk)
    session = get_object_or_404(Session, pk=session_pk, event=event)
    return _session_page(request, event, session, title=_("Edit session"))


def _session_page(request, event: Event, session: Session | None, *, title: str):
    """A new session (`session` None) or one of the event's, in the event's time zone."""
    with timezone.override(event.tz):
        form = _session_form(request, session)

        def save():
            # The form has no event field: a new session gets the event here.
            form.instance.event = event
            speakers = list(form.cleaned_data["speakers"])
            return domain.save_session(session=form.instance, speakers=speakers)

        return saving_form_page(
            request, form, save, title=title, back_url=_detail_url(event), base_template=LAYOUT
        )


@login_required
def question_create(request, pk: int):
    event = organised_event(request, pk)
    form = QuestionForm(request.POST or None)

    def save():
        question: Question = form.save(commit=False)
        question.event = event
        return domain.save_question(question=question)

    return saving_form_page(
        request,
        form,
        save,
        title=_("New registration question"),
        back_url=_detail_url(event),
        base_template=LAYOUT,
    )


@login_required
def attendees(request, pk: int):
    event = organised_event(request, pk, "events.view_attendees")
    headers, rows = reports.attendee_rows(event)
    regs = list(reports.attendees(event))
    return render(
        request,
        "events/attendees.html",
        {
            "event": event,
            "rows": list(zip(regs, rows, strict=True)),
            "headers": headers,
        },
    )


@login_required
def attendees_xlsx(request, pk: int):
    event = organised_event(request, pk, "events.view_attendees")
    audit.exported("attendees.xlsx", target=event)
    return download(reports.attendees_xlsx(event), f"attendees-{event.pk}.xlsx", XLSX)


@login_required
def attendees_pdf(request, pk: int):
    event = organised_event(request, pk, "events.view_attendees")
    audit.exported("attendees.pdf", target=event)
    return download(reports.attendees_pdf(event), f"attendees-{event.pk}.pdf", PDF)


@login_required
def badges_pdf(request, pk: int):
    event = organised_event(request, pk, "events.view_attendees")
    audit.exported("badges.pdf", target=event)
    return download(reports.badges_pdf(event), f"badges-{event.pk}.pdf", PDF)


@login_required
@require_POST
def check_in(request, pk: int, reg_pk: int):
    event = organised_event(request, pk, "events.manage_registrations")
    registration = registration_of_event(request, event, reg_pk)
    carry_out(
        request,
        lambda: domain.check_in(registration=registration),
        done=_("%(who)s checked in.") % {"who": registration.display_name},
    )
    return redirect(reverse("events:attendees", args=[event.pk]))


@login_required
def feedback(request, pk: int):
    event = visible_event(request, pk)
    registration = my_registration(request, event)
    return _answer_page(
        request,
        event,
        FeedbackForm(request.POST or None),
        partial(domain.submit_feedback, registration=registration),
        title=_("Feedback"),
        thanks=_("Thank you for your feedback."),
    )


@login_required
def feedback_summary(request, pk: int):
    event = organised_event(request, pk, "events.view_statistics")
    return render(
        request,
        "events/feedback_summary.html",
        {"event": event, "summary": reports.feedback_summary(event)},
    )


@login_required
def follow_up(request, pk: int):
    event = visible_event(request, pk)
    registration = my_registration(request, event)
    record = get_object_or_404(FollowUp, registration=registration)
    return _answer_page(
        request,
        event,
        FollowUpForm(request.POST or None),
        partial(domain.answer_follow_up, follow_up=record),
        title=_("Six months on"),
        thanks=_("Thank you."),
    )


def _answer_page(request, event: Event, form, answer, *, title: str, thanks: str):
    """A participant's answer about the event (feedback, the follow-up): saved through the
    domain verb `answer` with the form's fields, thanked, and back to the event."""
    return saving_form_page(
        request,
        form,
        lambda: answer(**form.cleaned_data),
        done=thanks,
        title=title,
        back_url=_detail_url(event),
        base_template=LAYOUT,
    )
