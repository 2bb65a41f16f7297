"""Concurrent edits: a record changed after a form or an API client read it is not overwritten.

Pages: the edit form carries the record's fingerprint; the second of two people saving the same
record gets 409 and a message naming who saved first, and the first person's values stay.
API: GET and PATCH answer an ETag; PATCH with a stale If-Match answers 412 with the uniform
error body and writes nothing; PATCH without If-Match goes ahead.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from clusterhub.common import concurrency
from clusterhub.common.api_helpers import etag_of
from clusterhub.events.models import Event
from clusterhub.grants.models import Deliverable
from clusterhub.grants.models import Project
from clusterhub.mailings.models import Mailing
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Profile
from clusterhub.membership.models import MembershipType
from clusterhub.registry import domain as registry_domain
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.services.models import Service
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.training.models import Module
from clusterhub.training.models import Session
from clusterhub.training.models import TrainingProgramme
from tests.factories import UserFactory
from tests.meta.test_edit_and_delete_pages import _everything  # noqa: F401 (built once for the module)
from tests.meta.test_edit_and_delete_pages import change_behind_the_form
from tests.meta.test_edit_and_delete_pages import everything  # noqa: F401 (the fixture with one of every record)
from tests.meta.test_edit_and_delete_pages import first
from tests.meta.test_edit_and_delete_pages import form_data

STALE = "Someone else changed this record after you opened it"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- the fingerprint -----------------------------------------------------------------------


def test_fingerprint_follows_the_stored_values_not_the_object_in_memory(world):
    cluster = world.cluster_a
    before = concurrency.fingerprint(cluster)
    cluster.city = "Changed only in memory"
    assert concurrency.fingerprint(cluster) == before
    Cluster.objects.filter(pk=cluster.pk).update(city="Valmiera")
    after = concurrency.fingerprint(cluster)
    assert after != before
    assert len(after) == 20
    assert concurrency.fingerprint(Cluster.objects.get(pk=cluster.pk)) == after


def test_fingerprint_sees_many_to_many_links(world):
    cluster = world.cluster_a
    before = concurrency.fingerprint(cluster)
    cluster.sectors.add(NaceCode.objects.order_by("pk").first())
    assert concurrency.fingerprint(cluster) != before


def test_fingerprint_of_a_queryset_changes_with_any_row_or_a_new_row(world):
    people = Person.objects.filter(organisation=world.member_a)
    before = concurrency.fingerprint(people)
    Person.objects.create(organisation=world.member_a, first_name="Ilze", last_name="Berzina")
    assert concurrency.fingerprint(people) != before


def test_check_refuses_another_fingerprint_and_passes_the_current_one(world):
    from clusterhub.registry.forms import ClusterForm

    stale = ClusterForm({concurrency.FIELD_NAME: "0" * 20}, instance=world.cluster_a)
    with transaction.atomic(), pytest.raises(concurrency.StaleRecord) as refused:
        concurrency.check(stale)
    assert refused.value.code == concurrency.STALE_CODE
    current = concurrency.fingerprint(world.cluster_a)
    fresh = ClusterForm({concurrency.FIELD_NAME: current}, instance=world.cluster_a)
    with transaction.atomic():
        concurrency.check(fresh)


# --- two people, one edit form ---------------------------------------------------------------


def test_the_second_of_two_editors_gets_a_conflict_and_the_first_keeps_their_values(world):
    url = reverse("registry:cluster_edit", args=[world.cluster_a.pk])
    first_editor, second_editor = signed_in(world["manager_a"]), signed_in(world["admin"])
    first_form = form_data(first_editor.get(url).content.decode())
    second_form = form_data(second_editor.get(url).content.decode())
    assert first_form[concurrency.FIELD_NAME] == second_form[concurrency.FIELD_NAME]

    first_form["city"] = ["Cēsis"]
    saved = first_editor.post(url, first_form)
    assert saved.status_code == 302

    second_form["city"] = ["Ventspils"]
    refused = second_editor.post(url, second_form)
    body = refused.content.decode()
    assert refused.status_code == 409
    assert STALE in body
    assert f"Last saved by {world['manager_a'].get_full_name()}: " in body
    # The page keeps the version the second editor opened, so saving again is refused again
    # until they reload.
    assert f'value="{second_form[concurrency.FIELD_NAME][0]}"' in body
    assert second_editor.post(url, second_form).status_code == 409

    assert Cluster.objects.get(pk=world.cluster_a.pk).city == "Cēsis"


def test_an_unchanged_record_saves_and_a_reloaded_form_saves_after_a_conflict(world):
    url = reverse("registry:person_edit", args=[world.person_a.pk])
    editor = signed_in(world["manager_a"])
    data = form_data(editor.get(url).content.decode())
    Person.objects.filter(pk=world.person_a.pk).update(job_title="Director")
    data["first_name"] = ["Alda Marija"]
    assert editor.post(url, data).status_code == 409
    assert Person.objects.get(pk=world.person_a.pk).first_name == "Alda"

    reloaded = form_data(editor.get(url).content.decode())
    reloaded["first_name"] = ["Alda Marija"]
    assert editor.post(url, reloaded).status_code == 302
    person = Person.objects.get(pk=world.person_a.pk)
    assert (person.first_name, person.job_title) == ("Alda Marija", "Director")


def test_a_post_without_the_fingerprint_is_saved_as_before(world):
    url = reverse("registry:organisation_edit", args=[world.member_a.pk])
    editor = signed_in(world["admin"])
    data = form_data(editor.get(url).content.decode())
    del data[concurrency.FIELD_NAME]
    data["city"] = ["Jelgava"]
    assert editor.post(url, data).status_code == 302
    assert Organisation.objects.get(pk=world.member_a.pk).city == "Jelgava"


def test_a_save_through_the_domain_in_between_is_a_conflict(world):
    membership = Membership.objects.get(cluster=world.cluster_a, organisation=world.member_a)
    url = reverse("registry:membership_edit", args=[membership.pk])
    editor = signed_in(world["manager_a"])
    data = form_data(editor.get(url).content.decode())
    membership.internal_notes = "their note"
    registry_domain.save_membership(membership=membership)
    data["internal_notes"] = ["my note"]
    response = editor.post(url, data)
    assert response.status_code == 409
    assert Membership.objects.get(pk=membership.pk).internal_notes == "their note"


# --- the API: ETag and If-Match --------------------------------------------------------------


def test_api_get_answers_an_etag_and_patch_honours_if_match(world, api_as):
    api = api_as("manager_a")
    path = f"/clusters/{world.cluster_a.pk}"
    etag = api.get(path)["ETag"]
    assert etag == f'"{concurrency.fingerprint(world.cluster_a)}"'

    fresh = api.patch(path, {"city": "Cēsis"}, **{"If-Match": etag})
    assert fresh.status_code == 200, fresh.content
    assert fresh.json()["city"] == "Cēsis"

    stale = api.patch(path, {"city": "Ventspils"}, **{"If-Match": etag})
    assert stale.status_code == 412
    body = stale.json()
    assert body["errors"] == {}
    assert body["detail"].startswith(STALE)
    assert f"Last saved by {world['manager_a'].get_full_name()}: " in body["detail"]
    assert Cluster.objects.get(pk=world.cluster_a.pk).city == "Cēsis"

    several = api.patch(path, {"city": "Talsi"}, **{"If-Match": f'"x", W/{api.get(path)["ETag"]}'})
    assert several.status_code == 200
    assert api.patch(path, {"city": "Tukums"}, **{"If-Match": "*"}).status_code == 200
    assert api.patch(path, {"city": "Liepāja"}).status_code == 200
    assert Cluster.objects.get(pk=world.cluster_a.pk).city == "Liepāja"


# Each area's record with a PATCH: (model, path of the record, a change to send, whether it has
# a GET of its own). A record without one (listed only under its parent) still honours If-Match
# and answers the new ETag on its PATCH, which a client keeps for its next change.
API_RECORDS = [
    (Cluster, "/clusters/{pk}", {"city": "Cēsis"}, True),
    (Organisation, "/organisations/{pk}", {"city": "Cēsis"}, True),
    (Membership, "/memberships/{pk}", {"internal_notes": "API note"}, True),
    (Person, "/people/{pk}", {"job_title": "Head of R&D"}, True),
    (Service, "/services/services/{pk}", {"name": "Renamed service"}, True),
    (Strategy, "/strategy/strategies/{pk}", {"title": "Renamed strategy"}, True),
    (Objective, "/strategy/objectives/{pk}", {"title": "Renamed objective"}, False),
    (Action, "/strategy/actions/{pk}", {"title": "Renamed action"}, False),
    (Kpi, "/strategy/kpis/{pk}", {"name": "Renamed KPI"}, False),
    (Project, "/grants/projects/{pk}", {"title": "Renamed project"}, True),
    (Deliverable, "/grants/deliverables/{pk}", {"title": "Renamed deliverable"}, False),
    (Profile, "/matchmaking/profiles/{pk}", {"title": "Renamed offer"}, True),
    (Collaboration, "/matchmaking/collaborations/{pk}", {"notes": "API note"}, True),
    (Event, "/events/{pk}", {"venue": "Another hall"}, True),
    (TrainingProgramme, "/training/programmes/{pk}", {"title": "Renamed programme"}, True),
    (Module, "/training/modules/{pk}", {"title": "Renamed module"}, False),
    (Session, "/training/sessions/{pk}", {"place": "Room 2"}, True),
    (MembershipType, "/membership/types/{pk}", {"name": "Renamed type"}, True),
    (Mailing, "/mailings/{pk}", {"title": "Renamed mailing"}, True),
]


def _version(api, path: str, record, readable: bool) -> tuple[int, str | None]:
    """The record's version as the API tells it now: its GET's status and ETag, or for a record
    without a GET the ETag the server gives it (the one its PATCH answers)."""
    if not readable:
        return 200, etag_of(record)
    read = api.get(path)
    return read.status_code, read.get("ETag")


def test_every_areas_update_refuses_a_stale_if_match_and_writes_nothing(everything, api_as):  # noqa: F811
    api = api_as(everything)
    # Someone with no role: a stale version does not make their refused PATCH a 412.
    outsider = api_as(UserFactory(username="concurrency-outsider"))
    problems = []
    for model, template, change, readable in API_RECORDS:
        record = first(model)
        path = template.format(pk=record.pk)
        status, etag = _version(api, path, record, readable)
        if status != 200 or not etag:
            problems.append(f"{path}: GET {status}, ETag {etag!r}")
            continue
        change_behind_the_form(record)
        after_change = concurrency.fingerprint(record)
        refused = outsider.patch(path, change, **{"If-Match": etag})
        if refused.status_code not in (403, 404) or concurrency.fingerprint(record) != after_change:
            problems.append(f"{path}: someone with no role was answered {refused.status_code}")
            continue
        stale = api.patch(path, change, **{"If-Match": etag})
        if stale.status_code != 412 or not stale.json()["detail"].startswith(STALE):
            problems.append(f"{path}: a stale If-Match answered {stale.status_code}")
            continue
        if concurrency.fingerprint(record) != after_change:
            problems.append(f"{path}: a stale If-Match still wrote")
            continue
        fresh = api.patch(path, change, **{"If-Match": _version(api, path, record, readable)[1]})
        if fresh.status_code != 200:
            problems.append(f"{path}: a current If-Match answered {fresh.status_code}")
            continue
        # The answer carries the new version, so a client can chain updates without a GET.
        if fresh.get("ETag") != _version(api, path, record, readable)[1]:
            problems.append(f"{path}: PATCH answered ETag {fresh.get('ETag')!r}, not the new one")
            continue
        again = api.patch(path, change, **{"If-Match": fresh["ETag"]})
        if again.status_code != 200:
            problems.append(f"{path}: the ETag of a PATCH answer was refused ({again.status_code})")
    assert problems == []


# --- list pages: only the rows a person changed ----------------------------------------------


def test_a_list_page_writes_only_the_rows_the_person_changed():
    post = {"was-1": "a", "was-2": "a", "was-3": "a", "was-5": "a"}
    stored = {1: "a", 2: "b", 3: "c", 4: "a", 5: "b"}
    wanted = {1: "b", 2: "a", 3: "b", 4: "b", 5: "b"}
    changed, kept = concurrency.changed_rows(
        post, [1, 2, 3, 4, 5], wanted=wanted.get, stored=stored.get
    )
    # 1 changed here over what was shown: written. 2 left as shown: someone else's "b" stays.
    # 3 changed here, and meanwhile by someone else to another state: kept, to be told.
    # 4 without the state it was shown in (a script): written, as it differs from the stored.
    # 5 changed here to what someone else already stored: nothing to write.
    assert changed == {1: "b", 4: "b"}
    assert kept == [3]
