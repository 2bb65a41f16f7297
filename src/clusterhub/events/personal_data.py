"""Events' part of a person's own data (accounts/personal_data.py), registered in
`EventsConfig.ready()`.

The export adds the meeting requests the person's registrations sent (they point at the
registration, not at the user). Deleting the account keeps registrations for attendance counts
but blanks their answers and every free text about the person; notifications to them go, and
others' notifications that name them say "Deleted person".
"""

from django.db.models import Q

from clusterhub.accounts.personal_data import PersonalDataSource, replace_all, row
from clusterhub.events.models import Feedback, FollowUp, MeetingRequest, Notification, Registration


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
