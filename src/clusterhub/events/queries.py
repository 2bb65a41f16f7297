"""What each user may see of events: one place, used by pages, API and exports."""

from django.db.models import Q, QuerySet

from clusterhub.accounts.roles import roles_of
from clusterhub.events.enums import Audience, MeetingStatus, RegistrationStatus
from clusterhub.events.models import Event, Meeting, Registration


def organised_by_q(user) -> Q:
    """Events the user organises: the team of the host cluster or a coordinator of the programme."""
    r = roles_of(user)
    return Q(cluster_id__in=r.team_clusters) | Q(programme_id__in=r.coordinated_programmes)


def events_visible_to(user) -> QuerySet[Event]:
    """Published events open to the user's audience, plus every event the user organises."""
    r = roles_of(user)
    if r.is_admin:
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
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
    audience = (
        Q(audience=Audience.PUBLIC)
        | Q(audience=Audience.MEMBERS, pk__in=members_events)
        | Q(pk__in=registered)
    )
    return Event.objects.filter((Q(published=True) & audience) | organised_by_q(user))


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
