"""The verbs of the events app. Forms, API handlers, the CLI and the demo all call these.

Each verb validates (model clean() through full_clean, plus the rules that need the database)
and writes in one transaction; whatever it tells people goes through common.notifications,
whose mail leaves after the commit. By responsibility:

- programme.py: events, their agenda and registration questions;
- registrations.py: registration, the waiting list, check-in, feedback, the follow-up;
- meetings.py: B2B slots, taking part, requests and meetings;
- schedule.py: the B2B scheduler and publishing its result.
"""

from clusterhub.events.domain.meetings import add_slots
from clusterhub.events.domain.meetings import answer_meeting_request
from clusterhub.events.domain.meetings import cancel_meeting
from clusterhub.events.domain.meetings import expire_requests
from clusterhub.events.domain.meetings import lock_meeting
from clusterhub.events.domain.meetings import opt_in
from clusterhub.events.domain.meetings import recommended_partners
from clusterhub.events.domain.meetings import send_meeting_request
from clusterhub.events.domain.programme import save_event
from clusterhub.events.domain.programme import save_question
from clusterhub.events.domain.programme import save_session
from clusterhub.events.domain.programme import session_conflicts
from clusterhub.events.domain.registrations import ACTIVE
from clusterhub.events.domain.registrations import FOLLOW_UP_AFTER
from clusterhub.events.domain.registrations import answer_follow_up
from clusterhub.events.domain.registrations import cancel_registration
from clusterhub.events.domain.registrations import check_in
from clusterhub.events.domain.registrations import clean_answers
from clusterhub.events.domain.registrations import register
from clusterhub.events.domain.registrations import send_follow_ups
from clusterhub.events.domain.registrations import set_personal_agenda
from clusterhub.events.domain.registrations import submit_feedback
from clusterhub.events.domain.registrations import withdraw_user
from clusterhub.events.domain.schedule import SCHEDULE_JOB
from clusterhub.events.domain.schedule import build_instance
from clusterhub.events.domain.schedule import check_can_schedule
from clusterhub.events.domain.schedule import publish_schedule
from clusterhub.events.domain.schedule import schedule_later
from clusterhub.events.domain.schedule import schedule_meetings

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
