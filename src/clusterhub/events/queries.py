"""What each user may see of events: one place, used by pages, API and exports."""

import datetime as dt

from django.db.models import Case
from django.db.models import CharField
from django.db.models import F
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.utils import timezone

from clusterhub.accounts.roles import roles_of
from clusterhub.common.access import visible_records
from clusterhub.events.enums import Audience
from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.enums import RequestStatus
from clusterhub.events.models import Event
from clusterhub.events.models import Meeting
from clusterhub.events.models import Registration


def organised_by_q(user) -> Q:
    """Events the user organises: the team of the host cluster or a coordinator of the programme."""
    r = roles_of(user)
    return Q(cluster_id__in=r.team_clusters) | Q(programme_id__in=r.coordinated_programmes)


def audience_q(user) -> Q:
    """Published events open to the signed-in user: public ones, members-only ones for an
    insider of an audience cluster, and any the user holds a registration for that is not
    cancelled (confirmed or waiting). The one definition: the list below and the rules'
    `in_audience` predicate both ask it."""
    r = roles_of(user)
    # Each condition is a subquery of ids, not a join: joined to the audience clusters and the
    # registrations, the filter ran once per event and registration (60 ms for a year of events).
    members_events = Event.audience_clusters.through.objects.filter(
        cluster_id__in=r.insider_clusters
    ).values("event_id")
    registered = (
        Registration.objects.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .values("event_id")
    )
    return Q(published=True) & (
        Q(audience=Audience.PUBLIC)
        | Q(audience=Audience.MEMBERS, pk__in=members_events)
        | Q(pk__in=registered)
    )


def in_audience(user, event: Event) -> bool:
    """Whether `audience_q` admits this event for the user (rules.py's predicate)."""
    if event is None or event.pk is None or not user.is_authenticated:
        return False
    return Event.objects.filter(audience_q(user), pk=event.pk).exists()


def events_visible_to(user) -> QuerySet[Event]:
    """Published events open to the user's audience, plus every event the user organises."""
    return visible_records(
        user,
        Event.objects.all(),
        lambda events: events.filter(audience_q(user) | organised_by_q(user)),
    )


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Registrations the user may see (rules' events.view_registration): their own and those of
    the events they organise (every one for an administrator), among the events they see."""
    return visible_records(
        user,
        Registration.objects.filter(event__in=events_visible_to(user)),
        lambda registrations: registrations.filter(
            Q(user=user) | Q(event__in=Event.objects.filter(organised_by_q(user)))
        ),
    )


def events_organised_by(user) -> QuerySet[Event]:
    if roles_of(user).is_admin:
        return Event.objects.all()
    return Event.objects.filter(organised_by_q(user))


def active_registration(event: Event, user) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("user")
        .first()
    )


def scheduled_meetings_of(registration: Registration):
    """A participant's scheduled meetings, shown only once the organiser has published them."""
    return (
        Meeting.objects.filter(
            Q(request__sender=registration) | Q(request__receiver=registration),
            status=MeetingStatus.SCHEDULED,
            request__event__b2b_published=True,
        )
        .select_related("slot", "request__sender__user", "request__receiver__user")
        .order_by("slot__starts_at")
    )


def requests_as_of(requests: QuerySet, now: dt.datetime | None = None) -> QuerySet:
    """Meeting requests with `current_status`: a pending request past its deadline reads
    "expired" although its row still says pending (reading writes nothing; answering it or
    `domain.expire_requests` stores the change)."""
    return requests.annotate(
        current_status=Case(
            When(
                status=RequestStatus.PENDING,
                expires_at__lte=now or timezone.now(),
                then=Value(RequestStatus.EXPIRED.value),
            ),
            default=F("status"),
            output_field=CharField(),
        )
    )
