"""Event texts in several languages: shown in the reader's language, else the original."""

import datetime as dt
import json
from importlib import import_module

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from clusterhub.events import domain
from clusterhub.events.forms import EventForm
from clusterhub.events.forms import SessionForm
from clusterhub.events.models import Event
from clusterhub.events.models import Session
from tests.languages import reader

V1 = "/api/v1"
EN = "Food innovation workshop"
LV = "Pārtikas inovāciju darbnīca"


def form_data(form, tz) -> dict:
    """What the browser sends back for an unchanged form."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, dt.datetime):
            aware = timezone.is_aware(value)
            value = (timezone.localtime(value, tz) if aware else value).strftime("%Y-%m-%dT%H:%M")
        data[bound.name] = "on" if value is True else value
    return data


def test_latvian_reader_sees_the_latvian_title_and_english_reader_the_english(
    client_for, world, make_event
):
    event = make_event(title=EN, title_lv=LV, description="In English.", description_lv="Latviski.")
    url = reverse("events:detail", args=[event.pk])

    latvian = reader(client_for, world["member_a"], "lv").get(url).content.decode()
    assert f"<h1>{LV}</h1>" in latvian
    assert "Latviski." in latvian
    assert EN not in latvian

    english = reader(client_for, world["member_a"], "en").get(url).content.decode()
    assert f"<h1>{EN}</h1>" in english
    assert "In English." in english
    assert LV not in english


def test_swedish_reader_without_swedish_text_sees_the_original(client_for, world, make_event):
    event = make_event(title=EN, title_lv=LV)
    page = reader(client_for, world["member_a"], "sv").get(
        reverse("events:detail", args=[event.pk])
    )
    assert f"<h1>{EN}</h1>" in page.content.decode()
    with translation.override("sv"):
        assert Event.objects.get(pk=event.pk).title == EN
        # Never empty: with no English text either, a reader gets the text that exists.
        Event.objects.filter(pk=event.pk).update(title_en=None)
        assert Event.objects.get(pk=event.pk).title == LV


def test_migration_keeps_the_typed_text_as_the_english_original(make_event):
    event = make_event(title=EN)
    # A row as it stood before the migration: the text only in the base column.
    Event.objects.filter(pk=event.pk).update(title_en=None)
    state = MigrationExecutor(connection).loader.project_state(("events", "0002_content_languages"))
    migration = import_module("clusterhub.events.migrations.0002_content_languages")
    migration.copy_original_text(state.apps, None)
    stored = Event.objects.filter(pk=event.pk).values("title_en", "title_lv", "title_sv").get()
    assert stored == {"title_en": EN, "title_lv": None, "title_sv": None}


def test_api_create_with_title_lv_stores_it_and_answers_in_the_readers_language(client_for, world):
    start = dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)
    body = {
        "title": EN,
        "title_lv": LV,
        "kind": "workshop",
        "cluster": world.cluster_a.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=6)).isoformat(),
        "venue": "Riga",
        "capacity": 10,
        "registration_opens": (start - dt.timedelta(days=30)).isoformat(),
        "registration_closes": (start - dt.timedelta(days=1)).isoformat(),
    }
    manager = reader(client_for, world["manager_a"], "en")
    created = manager.post(f"{V1}/events/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201
    answer = created.json()
    assert (answer["title"], answer["title_en"], answer["title_lv"], answer["title_sv"]) == (
        EN,
        EN,
        LV,
        None,
    )
    event = Event.objects.get(pk=answer["id"])
    assert (event.title_en, event.title_lv, event.title_et) == (EN, LV, None)

    latvian = reader(client_for, world["manager_a"], "lv")
    assert latvian.get(f"{V1}/events/{event.pk}").json()["title"] == LV
    listed = latvian.get(f"{V1}/events/").json()["items"]
    assert [e["title"] for e in listed if e["id"] == event.pk] == [LV]

    too_long = manager.post(
        f"{V1}/events/",
        json.dumps({**body, "title_et": "x" * 201}),
        content_type="application/json",
    )
    assert too_long.status_code == 422
    assert "title_et" in json.dumps(too_long.json())


def test_api_patch_sets_one_language_and_leaves_the_others(client_for, world, make_event):
    event = make_event(title=EN, title_lv=LV)
    manager = reader(client_for, world["manager_a"], "en")
    response = manager.patch(
        f"{V1}/events/{event.pk}",
        json.dumps({"title_sv": "Workshop om livsmedelsinnovation"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    event.refresh_from_db()
    assert (event.title_en, event.title_lv, event.title_sv) == (
        EN,
        LV,
        "Workshop om livsmedelsinnovation",
    )


def test_edit_form_round_trips_the_languages_and_the_main_field_edits_the_original(
    client_for, world, make_event
):
    event = make_event(title=EN, title_lv=LV)
    with translation.override("lv"):
        form = EventForm(instance=event)
        # The main field shows the original even to an editor working in Latvian.
        assert form["title"].value() == EN
        assert form["title_lv"].value() == LV
        assert [f.name for f in form.other_language_fields()] == [
            "title_lv",
            "title_et",
            "title_sv",
            "description_lv",
            "description_et",
            "description_sv",
        ]
        assert "title_lv" not in [f.name for f in form.visible_fields()]
        data = form_data(form, event.tz)

    with translation.override("en"):
        labels = [str(f.label) for f in EventForm(instance=event).other_language_fields()]
    assert labels[:3] == ["Title (Latvian)", "Title (Estonian)", "Title (Swedish)"]

    manager = reader(client_for, world["manager_a"], "lv")
    url = reverse("events:edit", args=[event.pk])
    page = manager.get(url).content.decode()
    assert 'name="title_lv"' in page and f'value="{LV}"' in page
    assert "<details" in page and " open>" in page  # a filled group is shown open

    data.update(title="Food innovation day", title_et="Toiduinnovatsiooni päev", title_lv=LV)
    response = manager.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    event.refresh_from_db()
    assert (event.title_en, event.title_lv, event.title_et, event.title_sv) == (
        "Food innovation day",
        LV,
        "Toiduinnovatsiooni päev",
        None,
    )


def test_session_title_per_language(make_event):
    event = make_event(title=EN)
    session = domain.save_session(
        session=Session(
            event=event,
            title="Opening",
            title_lv="Atklāšana",
            starts_at=event.starts_at,
            ends_at=event.starts_at + dt.timedelta(hours=1),
        ),
        speakers=[],
    )
    with translation.override("lv"):
        assert Session.objects.get(pk=session.pk).title == "Atklāšana"
        form = SessionForm(instance=session)
        assert form["title"].value() == "Opening"
    with translation.override("et"):
        assert Session.objects.get(pk=session.pk).title == "Opening"
