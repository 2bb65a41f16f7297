"""The permission matrix of events: every page, export and API operation, for every role.

Events of cluster A: a members-only B2B event (for A's insiders; member_a registered, opted in,
with a pending and a scheduled meeting), a past event member_a attended (feedback, follow-up), an
unpublished draft (its organisers only) and a public event (everyone signed in). A's team and the
programme's coordinator organise; manager_b and outsider do not see A's members' events at all.
Pages about one's own registration answer 404 to anyone without one, admins included.
"""

import datetime as dt

import pytest

from clusterhub.events import domain
from clusterhub.events.models import Session
from tests.events.conftest import NOW
from tests.events.conftest import accepted
from tests.events.conftest import new_event
from tests.factories import UserFactory
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import OUTSIDE_A
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import TEAM_A
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

PARTICIPANT = frozenset({"member_a"})
NOT_PARTICIPANT = SIGNED_IN - PARTICIPANT
# Organisers, and the participant herself, handle her registration; other insiders get 404.
REGISTRATION = TEAM_A | PARTICIPANT
NOT_REGISTRATION = SIGNED_IN - REGISTRATION
NOT_TEAM = SIGNED_IN - TEAM_A
# Who may create an event somewhere: any cluster's team, the coordinator.
CREATORS = TEAM_A | {"manager_b"}

SECRETS = (
    "secret-members-event",
    "secret-draft-event",
    "secret-b2b-profile",
    "secret-meeting-message",
    # A person of cluster B's member (tests/conftest.py): A's organisers may not see her.
    "Berit",
)


@pytest.fixture(scope="module")
def objects(world) -> dict:
    a = world.cluster_a
    members = new_event(
        world,
        title="Members day",
        description="secret-members-event",
        audience="members",
        capacity=10,
        b2b_enabled=True,
        b2b_tables=2,
        b2b_cap=5,
    )
    domain.save_event(event=members, audience_clusters=[a])
    session = domain.save_session(
        session=Session(
            event=members,
            title="Opening",
            starts_at=members.starts_at,
            ends_at=members.starts_at + dt.timedelta(hours=1),
        )
    )
    slots = domain.add_slots(event=members, starts_at=members.starts_at, count=3)
    guests = [UserFactory(username=f"guest-{i}") for i in range(3)]
    mine = domain.register(event=members, user=world["member_a"])
    domain.opt_in(registration=mine, profile="secret-b2b-profile", slots=slots)
    theirs = []
    for guest in guests:
        reg = domain.register(event=members, user=guest)
        domain.opt_in(registration=reg, profile=f"profile of {guest.username}", slots=slots)
        theirs.append(reg)
    pending = domain.send_meeting_request(
        sender=theirs[0], receiver=mine, message="secret-meeting-message"
    )
    agreed = accepted(mine, theirs[1])
    meeting = domain.lock_meeting(request=agreed, slot=slots[0], table=1)

    past_start = NOW - dt.timedelta(days=200)
    past = new_event(
        world,
        title="Last year's forum",
        audience="members",
        starts_at=past_start,
        ends_at=past_start + dt.timedelta(hours=8),
        registration_opens=past_start - dt.timedelta(days=30),
        registration_closes=past_start - dt.timedelta(days=1),
    )
    domain.save_event(event=past, audience_clusters=[a])
    attended = domain.register(
        event=past, user=world["member_a"], now=past_start - dt.timedelta(days=2)
    )
    domain.send_follow_ups(event=past)

    draft = new_event(world, title="secret-draft-event", published=False)
    public = new_event(world, title="Open day", audience="public", capacity=50)
    return {
        "event": members.pk,
        "session": session.pk,
        "slot": slots[1].pk,
        "registration": mine.pk,
        "guest_registration": theirs[0].pk,
        # A participant nobody has asked yet, so member_a's new request is a first one.
        "free_registration": theirs[2].pk,
        "pending_request": pending.pk,
        "agreed_request": agreed.pk,
        "meeting": meeting.pk,
        "past_event": past.pk,
        "past_registration": attended.pk,
        "draft": draft.pk,
        "public_event": public.pk,
        "cluster_a": a.pk,
        "person_b": world.person_b.pk,
        "starts_at": members.starts_at.isoformat(),
        "later": (members.starts_at + dt.timedelta(hours=3)).isoformat(),
        "later_local": (members.starts_at + dt.timedelta(hours=3))
        .astimezone(members.tz)
        .strftime("%Y-%m-%d %H:%M"),
        "later_local_end": (members.starts_at + dt.timedelta(hours=4))
        .astimezone(members.tz)
        .strftime("%Y-%m-%d %H:%M"),
    }


def _page(name: str, *args, **expectations) -> Page:
    return Page(f"events:{name}", args, **expectations)


PAGES = (
    _page("index", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    _page("create", allowed=CREATORS),
    _page("notifications", allowed=SIGNED_IN),
    _page("notifications_read", allowed=SIGNED_IN, method="post"),
    _page("detail", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _page("detail", "draft", allowed=TEAM_A, hidden=NOT_TEAM),
    _page("detail", "public_event", allowed=SIGNED_IN),
    _page("edit", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("edit", "draft", allowed=TEAM_A, hidden=NOT_TEAM),
    _page("register", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A, method="post"),
    _page("register", "public_event", allowed=SIGNED_IN, method="post"),
    _page("register", "draft", allowed=TEAM_A, hidden=NOT_TEAM, method="post"),
    _page("cancel", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT, method="post"),
    _page(
        "agenda",
        "event",
        allowed=PARTICIPANT,
        hidden=NOT_PARTICIPANT,
        method="post",
        data=lambda o: {"session": o["session"]},
    ),
    _page("event_ics", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _page("agenda_ics", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    # The speakers offered are the people the organiser may see: admin sees B's person too.
    _page(
        "session_create",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        sees_secrets=frozenset({"admin"}),
    ),
    _page(
        "session_edit",
        "event",
        "session",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        sees_secrets=frozenset({"admin"}),
    ),
    _page(
        "session_create",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {
            "title": "Panel",
            "starts_at": o["later_local"],
            "ends_at": o["later_local_end"],
            "speakers": [o["person_b"]],
        },
        sees_secrets=frozenset({"admin"}),
    ),
    _page("question_create", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("attendees", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("attendees_xlsx", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("attendees_pdf", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("badges_pdf", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("check_in", "event", "registration", allowed=TEAM_A, hidden=OUTSIDE_A, method="post"),
    _page("feedback", "past_event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page("feedback_summary", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("follow_up", "past_event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page("follow_up_answers", "past_event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page("send_follow_ups", "past_event", allowed=TEAM_A, hidden=OUTSIDE_A, method="post"),
    _page("b2b", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page("participants", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page(
        "request_meeting",
        "event",
        "free_registration",
        allowed=PARTICIPANT,
        hidden=NOT_PARTICIPANT,
        method="post",
        data=lambda o: {"message": "Shall we meet?", "priority": "1"},
    ),
    _page(
        "answer",
        "event",
        "pending_request",
        allowed=PARTICIPANT,
        hidden=NOT_PARTICIPANT,
        method="post",
        data=lambda o: {"accept": "1"},
    ),
    _page(
        "cancel_meeting",
        "event",
        "meeting",
        allowed=REGISTRATION,
        hidden=NOT_REGISTRATION,
        method="post",
    ),
    _page("schedule_pdf", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page("schedule_ics", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _page("b2b_desk", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _page(
        "add_slots",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {"starts_at": o["later_local"], "count": "2", "gap_minutes": "0"},
    ),
    _page(
        "run_scheduler",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {"time_limit": "1"},
    ),
    _page(
        "publish",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {"published": "1"},
    ),
    _page(
        "lock",
        "event",
        "agreed_request",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {"slot": o["slot"], "table": "1"},
    ),
)


def _op(name: str, *args, **expectations) -> Operation:
    return Operation(f"clusterhub_events_api_{name}", args, **expectations)


def _new_event(objects: dict) -> dict:
    start = NOW + dt.timedelta(days=30)
    return {
        "title": "New workshop",
        "kind": "workshop",
        "cluster": objects["cluster_a"],
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=4)).isoformat(),
        "venue": "Riga",
        "capacity": 20,
        "registration_opens": NOW.isoformat(),
        "registration_closes": (start - dt.timedelta(days=1)).isoformat(),
    }


OPERATIONS = (
    _op("list_events", allowed=SIGNED_IN, sees_secrets=INSIDERS_A),
    _op("create_event", allowed=TEAM_A, body=_new_event),
    _op("get_event", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op("get_event", "draft", allowed=TEAM_A, hidden=NOT_TEAM),
    _op("get_event", "public_event", allowed=SIGNED_IN),
    _op(
        "update_event",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"venue": "Another hall"},
    ),
    _op("event_ics", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op("list_sessions", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op(
        "create_session",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {
            "title": "Panel",
            "starts_at": o["starts_at"],
            "ends_at": (
                dt.datetime.fromisoformat(o["starts_at"]) + dt.timedelta(hours=1)
            ).isoformat(),
        },
    ),
    # A speaker guessed from cluster B's people: refused on `speakers` like an unknown id.
    _op(
        "create_session",
        "event",
        allowed=frozenset({"admin"}),
        hidden=OUTSIDE_A,
        body=lambda o: {
            "title": "Panel",
            "starts_at": o["starts_at"],
            "ends_at": o["later"],
            "speakers": [o["person_b"]],
        },
        exact=dict.fromkeys(TEAM_A - {"admin"}, 422),
    ),
    _op("list_conflicts", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _op("list_questions", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op(
        "create_question",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"label": "Dietary needs"},
    ),
    # A's audience registers; member_a, registered already, is told so (422).
    _op(
        "register",
        "event",
        allowed=INSIDERS_A - PARTICIPANT,
        hidden=OUTSIDE_A,
        body=lambda o: {},
        exact={"member_a": 422},
    ),
    _op("register", "public_event", allowed=SIGNED_IN, body=lambda o: {}),
    _op("register", "draft", allowed=TEAM_A, hidden=NOT_TEAM, body=lambda o: {}),
    _op("list_registrations", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _op("my_registration", "event", allowed=PARTICIPANT, hidden=NOT_PARTICIPANT),
    _op("cancel", "registration", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    # The check-in is the organisers': the participant sees her registration but may not.
    _op("check_in", "registration", allowed=TEAM_A, hidden=NOT_REGISTRATION),
    _op(
        "set_agenda",
        "registration",
        allowed=REGISTRATION,
        hidden=NOT_REGISTRATION,
        body=lambda o: {"sessions": [o["session"]]},
    ),
    _op("agenda_ics", "registration", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    # Feedback is the participant's own voice: organisers who may see the registration get 403.
    _op(
        "feedback",
        "past_registration",
        allowed=PARTICIPANT,
        hidden=NOT_REGISTRATION,
        body=lambda o: {"overall": 5, "content": 4, "organisation": 4},
    ),
    _op(
        "follow_up",
        "past_registration",
        allowed=REGISTRATION,
        hidden=NOT_REGISTRATION,
        body=lambda o: {"led_to_agreement": True, "agreements": 1},
    ),
    _op(
        "opt_in",
        "registration",
        allowed=REGISTRATION,
        hidden=NOT_REGISTRATION,
        body=lambda o: {"profile": "Looking for partners"},
    ),
    _op(
        "set_availability",
        "registration",
        allowed=REGISTRATION,
        hidden=NOT_REGISTRATION,
        body=lambda o: {"slots": [o["slot"]]},
    ),
    _op("list_slots", "event", allowed=INSIDERS_A, hidden=OUTSIDE_A),
    _op(
        "add_slots",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"starts_at": o["later"], "count": 2},
    ),
    _op("list_participants", "event", allowed=REGISTRATION, hidden=OUTSIDE_A),
    # Sending a meeting request needs one's own registration: for those who see the event but
    # have none it is a 422 naming the problem, not a permission refusal.
    _op(
        "send_request",
        "event",
        allowed=PARTICIPANT,
        hidden=OUTSIDE_A,
        body=lambda o: {"receiver": o["free_registration"], "message": "Shall we meet?"},
        exact=dict.fromkeys(INSIDERS_A - PARTICIPANT, 422),
    ),
    _op("list_requests", "registration", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    # Only the receiver answers a meeting request; to anyone else it does not exist.
    _op(
        "answer",
        "pending_request",
        allowed=PARTICIPANT,
        hidden=NOT_PARTICIPANT,
        body=lambda o: {"accept": True},
    ),
    _op(
        "lock",
        "agreed_request",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"slot": o["slot"], "table": 2},
    ),
    _op(
        "schedule",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"time_limit": 1},
    ),
    _op(
        "publish",
        "event",
        allowed=TEAM_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"published": True},
    ),
    _op("list_meetings", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
    _op("my_meetings", "registration", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    _op("meetings_ics", "registration", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    _op("cancel_meeting", "meeting", allowed=REGISTRATION, hidden=NOT_REGISTRATION),
    _op("statistics", "event", allowed=TEAM_A, hidden=OUTSIDE_A),
)


# Where an allowed user does see each secret (so the matrix's secret checks can fail).
SHOWN = [
    (_op("get_event", "event"), "observer_a", "secret-members-event"),
    (_op("get_event", "draft"), "staff_a", "secret-draft-event"),
    (_op("list_participants", "event"), "manager_a", "secret-b2b-profile"),
    (_op("list_requests", "registration"), "member_a", "secret-meeting-message"),
    (_page("session_create", "event"), "admin", "Berit"),
]


globals().update(
    area_tests(
        PAGES, OPERATIONS, SECRETS, namespaces=["events"], tags_or_prefixes=["events"], shown=SHOWN
    )
)
