"""The verbs of the events app. Forms, API handlers, the CLI and the demo all call these.

Each verb validates (model clean() through full_clean, plus the rules that need the database)
and writes in one transaction; whatever it tells people goes through common.notifications,
whose mail leaves after the commit. By responsibility:

- programme.py: events, their agenda and registration questions;
- registrations.py: registration, the waiting list, check-in, feedback, the follow-up;
- meetings.py: B2B slots, taking part, requests and meetings;
- schedule.py: the B2B scheduler and publishing its result.
"""

from clusterhub.events.domain.meetings import (
    add_slots,
    answer_meeting_request,
    cancel_meeting,
    expire_requests,
    lock_meeting,
    opt_in,
    recommended_partners,
    send_meeting_request,
)
from clusterhub.events.domain.programme import (
    save_event,
    save_question,
    save_session,
    session_conflicts,
)
from clusterhub.events.domain.registrations import (
    ACTIVE,
    FOLLOW_UP_AFTER,
    answer_follow_up,
    cancel_registration,
    check_in,
    clean_answers,
    register,
    send_follow_ups,
    set_personal_agenda,
    submit_feedback,
    withdraw_user,
)
from clusterhub.events.domain.schedule import (
    SCHEDULE_JOB,
    build_instance,
    check_can_schedule,
    publish_schedule,
    schedule_later,
    schedule_meetings,
)

__all__ = [
    "ACTIVE",
    "FOLLOW_UP_AFTER",
    "SCHEDULE_JOB",
    "add_slots",
    "answer_follow_up",
    "answer_meeting_request",
    "build_instance",
    "cancel_meeting",
    "cancel_registration",
    "check_can_schedule",
    "check_in",
    "clean_answers",
    "expire_requests",
    "lock_meeting",
    "opt_in",
    "publish_schedule",
    "recommended_partners",
    "register",
    "save_event",
    "save_question",
    "save_session",
    "schedule_later",
    "schedule_meetings",
    "send_follow_ups",
    "send_meeting_request",
    "session_conflicts",
    "set_personal_agenda",
    "submit_feedback",
    "withdraw_user",
]
