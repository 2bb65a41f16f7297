"""What other areas read from matchmaking: a stable contract of plain functions and plain data.

Readers: services' gap analysis (the open partnering profiles of a cluster's members) and
events' follow-up page (collaborations recorded from an event). Events also calls two of
matchmaking's public functions directly: `domain.record_event_agreement` (a verb) and
`recommend.recommendations_for`. No permission check happens here: callers show only
aggregates to people who may see the cluster or event.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from clusterhub.matchmaking.enums import OFFER_KINDS
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile


@dataclass(frozen=True)
class OpenProfile:
    kind: str  # a ProfileKind value, e.g. "business_request"
    is_offer: bool
    # NACE divisions (two-digit codes) the profile names at division level or below.
    divisions: frozenset[str]
    # NUTS or country codes, upper case, as the profile lists them.
    target_regions: tuple[str, ...]


def open_profiles_of(organisation_ids: Iterable[int] | object, *, on: date) -> list[OpenProfile]:
    """Profiles of these organisations still open on the day (no deadline, or not passed).

    `organisation_ids` may be a list or a subquery of ids.
    """
    profiles = (
        Profile.objects.filter(organisation_id__in=organisation_ids)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=on))
        .prefetch_related("nace_codes")
    )
    return [
        OpenProfile(
            kind=profile.kind,
            is_offer=profile.kind in OFFER_KINDS,
            divisions=frozenset(
                code.code[:2] for code in profile.nace_codes.all() if code.level >= 2
            ),
            target_regions=tuple(
                r.strip().upper() for r in profile.target_regions.split(",") if r.strip()
            ),
        )
        for profile in profiles
    ]


def collaborations_from_event(event_id: int) -> int:
    """Collaborations recorded from the six-month follow-up answers of this event."""
    return Collaboration.objects.filter(origin_event_id=event_id).count()
