"""What other areas read from events: a stable contract of plain functions and plain data.

Other areas import only this module of events (grants' project reports count a programme's
events). No permission check happens here: callers decide who sees the figures.
"""

from dataclasses import dataclass

from clusterhub.events.models import Event
from clusterhub.events.models import Registration
from clusterhub.registry.models import Programme


@dataclass(frozen=True)
class Activity:
    items: int  # events
    people: int  # registrations to them, whatever their status


def programme_activity(programme: Programme) -> Activity:
    """Events a registry programme hosts, and how many registrations they had."""
    events = Event.objects.filter(programme=programme)
    people = Registration.objects.filter(event__in=events).count()
    return Activity(items=events.count(), people=people)
