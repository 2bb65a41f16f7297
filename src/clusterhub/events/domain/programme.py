"""Events, their agenda and registration questions: what organisers write."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.saving import save
from clusterhub.events.domain.registrations import _promote_waiting
from clusterhub.events.enums import RegistrationStatus
from clusterhub.events.models import Event
from clusterhub.events.models import Question
from clusterhub.events.models import Session

# Events, agenda, questions ------------------------------------------------------------------


def save_event(
    *,
    event: Event,
    audience_clusters: list | None = None,
    by=None,
    now: dt.datetime | None = None,
) -> Event:
    """Create or update an event, and replace its audience clusters when given.

    With `by` (the user making the change; None for the demo and commands), each audience
    cluster added must be one `by` acts for (events.add_event_for_cluster); clusters the event
    already invites may stay, so an organiser can edit an event an administrator widened.
    A changed capacity applies to the people registered already: raised, it confirms those
    waiting in the order they registered and notifies each (as a cancellation does); lowered
    below the number confirmed, it is refused, since nobody's confirmed place is taken away.
    """
    with transaction.atomic():
        previous = None
        if event.pk is not None:
            # The lock register() takes: no registration slips in between count and save.
            previous = (
                Event.objects.select_for_update()
                .filter(pk=event.pk)
                .values_list("capacity", flat=True)
                .first()
            )
        # An invalid capacity (None) is left to full_clean's field error.
        changed = (
            previous is not None and isinstance(event.capacity, int) and event.capacity != previous
        )
        if changed:
            confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
            if event.capacity < confirmed:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(n)s people are confirmed; the capacity cannot be lower than "
                            "%(n)s. Cancel registrations first."
                        )
                        % {"n": confirmed}
                    }
                )
        if by is not None and audience_clusters is not None:
            _check_audience(event, audience_clusters, by)
        save(
            event,
            None if audience_clusters is None else {"audience_clusters": audience_clusters},
        )
        if changed and event.capacity > previous:
            _promote_waiting(event, now or timezone.now())
    return event


def _check_audience(event: Event, clusters: list, by) -> None:
    kept = set(event.audience_clusters.values_list("pk", flat=True)) if event.pk else set()
    refused = [
        c
        for c in clusters
        if c.pk not in kept and not by.has_perm("events.add_event_for_cluster", c)
    ]
    if refused:
        raise ValidationError(
            {
                "audience_clusters": _("You may only invite clusters you act for, not %(c)s.")
                % {"c": ", ".join(str(c) for c in refused)}
            }
        )


def save_session(*, session: Session, speakers: list | None = None) -> Session:
    """Create or update an agenda session, and replace its speakers when given."""
    return save(session, None if speakers is None else {"speakers": speakers})


def session_conflicts(event: Event) -> list[dict]:
    """Sessions that overlap in time and share a room or a speaker, in words for the organiser."""
    sessions = list(event.sessions.prefetch_related("speakers"))
    conflicts = []
    for i, a in enumerate(sessions):
        for b in sessions[i + 1 :]:
            if b.starts_at >= a.ends_at or a.starts_at >= b.ends_at:
                continue
            if a.room and a.room.casefold() == b.room.casefold():
                conflicts.append(
                    {
                        "kind": "room",
                        "sessions": (a, b),
                        "message": _("Room %(room)s is booked twice: %(a)s and %(b)s.")
                        % {"room": a.room, "a": a.title, "b": b.title},
                    }
                )
            shared = {p.pk: p for p in a.speakers.all()}.keys() & {p.pk for p in b.speakers.all()}
            for person in (p for p in a.speakers.all() if p.pk in shared):
                conflicts.append(
                    {
                        "kind": "speaker",
                        "sessions": (a, b),
                        "message": _("%(who)s speaks in two places at once: %(a)s and %(b)s.")
                        % {
                            "who": f"{person.first_name} {person.last_name}",
                            "a": a.title,
                            "b": b.title,
                        },
                    }
                )
    return conflicts


def save_question(*, question: Question) -> Question:
    """Create or update an extra registration question."""
    return save(question)
