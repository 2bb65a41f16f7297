"""Events' part of a person's own data (accounts/personal_data.py), registered in
`EventsConfig.ready()`.

The export adds the meeting requests the person's registrations sent (they point at the
registration, not at the user). Deleting the account keeps registrations for attendance counts
but blanks their answers and every free text about the person; notifications to them go, and
others' notifications that name them say "Deleted person". Mails still waiting in the queue
(common/mail.py) follow the notifications: those to the person are dropped, the others name
"Deleted person" (a sent mail keeps nothing but its key).
"""

import json

from django.db.models import Q

from clusterhub.accounts.personal_data import PersonalDataSource
from clusterhub.accounts.personal_data import replace_all
from clusterhub.accounts.personal_data import row
from clusterhub.common.mail import MAIL_KIND
from clusterhub.common.models import Job
from clusterhub.common.models import Notification
from clusterhub.events.models import Feedback
from clusterhub.events.models import FollowUp
from clusterhub.events.models import MeetingRequest
from clusterhub.events.models import Registration


def _records(*, user) -> dict[str, list[dict]]:
    sent = MeetingRequest.objects.filter(sender__user=user).order_by("pk")
    if not sent:
        return {}
    return {"events.meetingrequest": [{**row(m), "_linked_by": "sender"} for m in sent]}


def _anonymise(*, user, deleted_person: str, olds: list[str]) -> None:
    registrations = Registration.objects.filter(user=user)
    registrations.update(answers={}, b2b_profile="", b2b_opt_in=False)
    # Both directions: a request to the person usually greets them by name.
    MeetingRequest.objects.filter(
        Q(sender__in=registrations) | Q(receiver__in=registrations)
    ).update(message="")
    Feedback.objects.filter(registration__in=registrations).update(comment="")
    FollowUp.objects.filter(registration__in=registrations).update(notes="")
    Notification.objects.filter(user=user).delete()
    _forget_waiting_mail(olds=olds, deleted_person=deleted_person)
    # Messages to others (a meeting request, a place freed) name the person: rename them there.
    if not olds:
        return
    named = Q()
    for old in olds:
        named |= Q(subject__icontains=old) | Q(body__icontains=old)
    changed = list(Notification.objects.filter(named))
    for note in changed:
        note.subject = replace_all(note.subject, olds, deleted_person)
        note.body = replace_all(note.body, olds, deleted_person)
    Notification.objects.bulk_update(changed, ["subject", "body"])


SOURCE = PersonalDataSource(area="events", records=_records, anonymise=_anonymise)


def _forget_waiting_mail(*, olds: list[str], deleted_person: str) -> None:
    if not olds:
        return
    lowered = [old.lower() for old in olds if old]
    waiting = Job.objects.filter(kind=MAIL_KIND).exclude(state=Job.State.RUNNING)
    for job in waiting.exclude(params={}).only("params", "title", "error", "state"):
        text = (json.dumps(job.params, ensure_ascii=False) + job.title + job.error).lower()
        if not any(old in text for old in lowered):
            continue
        to = job.params.get("to") or []
        kept = [address for address in to if address.lower() not in lowered]
        if to and not kept:
            # The job row stays: its key keeps the message from being queued again.
            job.params, job.title, job.error = {}, "mail dropped", ""
            job.state = Job.State.FAILED
            job.save(update_fields=["params", "title", "error", "state"])
            continue
        job.params = replace_all({**job.params, "to": kept}, olds, deleted_person)
        job.title = replace_all(job.title, olds, deleted_person)
        job.error = replace_all(job.error, olds, deleted_person)
        job.save(update_fields=["params", "title", "error"])
