"""The registry's part of a person's own data: their person records (accounts/personal_data.py).

Registered in `RegistryConfig.ready()`. A person record is exported in its own "people" section;
its names and emails identify the person in others' texts; deleting the account turns the
records into "Deleted person" without contacts, in their change history and the admin's log too.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from clusterhub.accounts.personal_data import DELETED_PERSON
from clusterhub.accounts.personal_data import PersonalDataSource
from clusterhub.accounts.personal_data import row
from clusterhub.accounts.personal_data import update_with_history
from clusterhub.registry.models import Person


def _sections(*, user) -> dict[str, list[dict]]:
    return {"people": [row(p) for p in Person.objects.filter(user=user).order_by("pk")]}


def _names(*, user) -> tuple[list[str], list[str]]:
    people = list(Person.objects.filter(user=user))
    strong = [f"{p.first_name} {p.last_name}" for p in people] + [p.email for p in people]
    weak = [p.first_name for p in people] + [p.last_name for p in people]
    return strong, weak


def _anonymise(*, user, deleted_person: str, olds: list[str]) -> None:
    people = Person.objects.filter(user=user)
    first, last = DELETED_PERSON
    blank = {"first_name": first, "last_name": last, "job_title": "", "email": ""}
    update_with_history(people, **blank, phone="", linkedin="", notes="")
    # `update` skips save(), which keeps the folded search column (not in the history): set it.
    people.update(search_text=Person(**blank).make_search_text())
    person_ids = [str(pk) for pk in people.values_list("pk", flat=True)]
    if person_ids:
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Person), object_id__in=person_ids
        ).update(object_repr=deleted_person)


SOURCE = PersonalDataSource(
    area="registry",
    sections=_sections,
    names=_names,
    anonymise=_anonymise,
    own_sections=frozenset({"registry.person"}),
)
