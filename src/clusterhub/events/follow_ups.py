"""The six-month follow-up as organisers read it: who was asked, who answered and what, and the
outcomes of an event's B2B meetings (meetings held, agreements, collaborations created).

Sending goes through `domain.send_follow_ups` (the verb the CLI uses too); this module only
reads. Collaborations are matchmaking's, counted through its contract (matchmaking/insights.py).
"""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models import Q
from django.db.models import Sum

from clusterhub.events.enums import MeetingStatus
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.models import Event
from clusterhub.events.models import FollowUp
from clusterhub.events.models import Meeting
from clusterhub.events.models import Registration
from clusterhub.matchmaking import insights as matchmaking_insights
from clusterhub.registry.models import Organisation


@dataclass(frozen=True)
class Outcomes:
    meetings_held: int
    answered: int
    reported_agreement: int
    agreements: int
    collaborations_created: int


def meetings_held(event: Event) -> int:
    """Scheduled meetings whose two sides both checked in at the event."""
    return Meeting.objects.filter(
        request__event=event,
        status=MeetingStatus.SCHEDULED,
        request__sender__checked_in_at__isnull=False,
        request__receiver__checked_in_at__isnull=False,
    ).count()


def collaborations_created(event: Event) -> int:
    """Collaborations matchmaking recorded from this event's follow-up answers."""
    return matchmaking_insights.collaborations_from_event(event.pk)


def organisations_met(registration: Registration) -> list[Organisation]:
    """Organisations of the people the participant met in scheduled B2B meetings, once each,
    those of meetings they asked for first."""
    met: dict[int, Organisation] = {}
    for side, other in (("sent", "receiver"), ("received", "sender")):
        requests = getattr(registration, side).filter(
            meeting__isnull=False, meeting__status=MeetingStatus.SCHEDULED
        )
        for request in requests.select_related(f"{other}__user__person__organisation"):
            organisation = getattr(request, other).organisation
            if organisation is not None:
                met.setdefault(organisation.pk, organisation)
    return list(met.values())


def outcomes(event: Event) -> Outcomes:
    answers = FollowUp.objects.filter(
        registration__event=event, answered_at__isnull=False
    ).aggregate(
        answered=Count("pk"),
        reported=Count("pk", filter=Q(led_to_agreement=True)),
        agreements=Sum("agreements"),
    )
    return Outcomes(
        meetings_held=meetings_held(event),
        answered=answers["answered"] or 0,
        reported_agreement=answers["reported"] or 0,
        agreements=answers["agreements"] or 0,
        collaborations_created=collaborations_created(event),
    )


@dataclass(frozen=True)
class Row:
    registration: Registration
    follow_up: FollowUp | None  # None: not asked yet

    @property
    def answered(self) -> bool:
        return self.follow_up is not None and self.follow_up.answered_at is not None


def rows(event: Event) -> list[Row]:
    """Each confirmed participant with their follow-up, by name."""
    registrations = (
        event.registrations.filter(status=RegistrationStatus.CONFIRMED)
        .select_related("user__person__organisation")
        .order_by("user__last_name", "user__first_name", "pk")
    )
    asked = {f.registration_id: f for f in FollowUp.objects.filter(registration__event=event)}
    return [Row(registration, asked.get(registration.pk)) for registration in registrations]
