"""Who may do what with events. Defined once; pages, API and exports ask these.

- organisers are the host cluster's team (manager, staff) and, for a programme's event, its
  coordinators; they change the event, its agenda, questions, slots, and see attendee lists;
- a published public event is open to every signed-in user; a members-only one to anyone with a
  role in one of its audience clusters, and to anyone registered for it (queries.audience_q);
- a participant sees and changes their own registration, availability and meeting answers.
"""

import rules

from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.events import queries
from clusterhub.registry.rules import coordinates_programme
from clusterhub.registry.rules import is_cluster_team


@rules.predicate
def organises(user, event) -> bool:
    if event is None:
        return False
    r = roles_of(user)
    if event.cluster_id is not None:
        return event.cluster_id in r.team_clusters
    return event.programme_id in r.coordinated_programmes


@rules.predicate
def in_audience(user, event) -> bool:
    # Defined once, in queries (the lists filter by the same Q).
    return queries.in_audience(user, event)


@rules.predicate
def owns_registration(user, registration) -> bool:
    return registration is not None and registration.user_id == user.pk


@rules.predicate
def organises_event_of(user, registration) -> bool:
    return registration is not None and organises(user, registration.event)


organiser = is_platform_admin | organises

rules.add_perm("events.view_event", organiser | in_audience)
rules.add_perm("events.register_for_event", organiser | in_audience)
rules.add_perm("events.change_event", organiser)
rules.add_perm("events.manage_registrations", organiser)
rules.add_perm("events.view_attendees", organiser)
rules.add_perm("events.schedule_meetings", organiser)
rules.add_perm("events.view_statistics", organiser)
# The six-month follow-up: send it, see who answered and what.
rules.add_perm("events.manage_follow_ups", organiser)
rules.add_perm(
    "events.view_registration", is_platform_admin | owns_registration | organises_event_of
)
rules.add_perm(
    "events.change_registration", is_platform_admin | owns_registration | organises_event_of
)

# Creating an event: for a cluster its team, for a programme its coordinators.
rules.add_perm("events.add_event_for_cluster", is_platform_admin | is_cluster_team)
rules.add_perm("events.add_event_for_programme", is_platform_admin | coordinates_programme)
