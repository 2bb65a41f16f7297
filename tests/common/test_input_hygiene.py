"""Issue 13 items 2 (clean on input) and 6 (single-line fields): text typed in a form or sent to
the API is stored NFC, without control characters, and one line where the column is one line
(common/cleaning.py). The meta tests walk every model and every form class of the project, so a
new one cannot slip past."""

import datetime as dt
import importlib
import json

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from clusterhub.api import api
from clusterhub.common.cleaning import CleaningParser
from clusterhub.common.cleaning import clean_model_text
from clusterhub.common.text import clean_text
from clusterhub.common.text import single_line
from clusterhub.events.models import Event
from clusterhub.registry.models import Organisation

HOSTILE = " Night\r\nshift\x0b at\u2028Cafe\u0301\x1b "
ONE_LINE = "Night shift at Café"
MULTI_LINE = " Night\r\nshift at\u2028Café "


def test_the_rules():
    assert single_line(HOSTILE) == ONE_LINE
    assert clean_text(HOSTILE) == MULTI_LINE
    assert clean_text("tab\tkept\x00\x07\x1b\x7f") == "tab\tkept"
    assert single_line("a \n\n b\x85c\x0cd") == "a b c d"


def _project_models():
    return [m for m in apps.get_models() if m.__module__.startswith("clusterhub.")]


def test_every_text_column_of_every_model_is_cleaned_before_saving():
    checked = 0
    for model in _project_models():
        assert pre_save.has_listeners(model), model
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        instance = model()
        for field in fields:
            setattr(instance, field.attname, HOSTILE)
        clean_model_text(model, instance)
        for field in fields:
            expected = MULTI_LINE if isinstance(field, models.TextField) else ONE_LINE
            assert getattr(instance, field.attname) == expected, f"{model.__name__}.{field.name}"
            checked += 1
    assert checked > 200


def _form_classes():
    for config in apps.get_app_configs():
        if not config.name.startswith("clusterhub."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            is_form = isinstance(value, type) and issubclass(value, forms.BaseForm)
            if is_form and value.__module__ == module.__name__:
                yield value


def test_every_text_field_of_every_form_cleans_or_refuses():
    checked = 0
    for form_class in _form_classes():
        for name, field in form_class.base_fields.items():
            if not isinstance(field, forms.CharField):
                continue
            if isinstance(field.widget, forms.PasswordInput):
                continue
            try:
                value = field.to_python(HOSTILE)
            except forms.ValidationError:
                continue  # a field that parses codes refuses such text: also safe
            multi = isinstance(field.widget, forms.Textarea)
            where = f"{form_class.__name__}.{name}"
            assert "\x0b" not in str(value) and "\x00" not in str(value), where
            if not multi:
                assert "\n" not in str(value) and "\u2028" not in str(value), where
            checked += 1
    assert checked > 50


def test_a_nul_is_refused_by_forms_and_the_api_not_removed(world):
    with pytest.raises(forms.ValidationError):
        forms.CharField().clean("Riga\x00")
    response = _client(world["manager_a"]).get("/api/v1/reference/countries", {"q": "L\x00"})
    assert response.status_code == 422


@pytest.mark.parametrize(
    "path, field",
    [
        ("/api/v1/clusters", "sector"),
        ("/api/v1/directory/clusters", "country"),
        ("/api/v1/matchmaking/profiles", "sector"),
        ("/api/v1/audit-log", "actor"),
    ],
)
def test_a_nul_in_any_text_filter_is_a_422_naming_it(world, path, field):
    # common/filters.py ListFilters refuses it in every text field, not only the search text.
    response = _client(world["admin"]).get(path, {field: "L\x00"})
    assert response.status_code == 422
    assert field in str(response.json())


def test_a_password_is_kept_as_typed():
    assert forms.CharField(widget=forms.PasswordInput, strip=False).clean(" a\nb ") == " a\nb "


def test_a_field_of_line_breaks_only_is_required():
    with pytest.raises(forms.ValidationError):
        forms.CharField().clean("\r\n\x0b")


def test_the_api_parses_through_the_cleaning_parser():
    assert isinstance(api.parser, CleaningParser)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_event_written_through_the_api_is_stored_clean(world):
    start = dt.datetime(2030, 5, 1, 9, tzinfo=dt.UTC)
    body = {
        "title": HOSTILE,
        "description": HOSTILE,
        "kind": "workshop",
        "cluster": world.cluster_a.pk,
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=6)).isoformat(),
        "venue": "Riga\nOld town",
        "capacity": 10,
        "registration_opens": (start - dt.timedelta(days=30)).isoformat(),
        "registration_closes": (start - dt.timedelta(days=1)).isoformat(),
    }
    response = _client(world["manager_a"]).post(
        "/api/v1/events/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.title, event.description, event.venue) == (
        ONE_LINE,
        MULTI_LINE,
        "Riga Old town",
    )


def test_an_organisation_written_through_a_form_and_the_api_is_stored_clean(world):
    client = _client(world["manager_a"])
    organisation = world.member_a
    response = client.patch(
        f"/api/v1/organisations/{organisation.pk}",
        json.dumps({"name": "Member\nA\x0b Ltd"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert Organisation.objects.get(pk=organisation.pk).name == "Member A Ltd"
    page = client.get(reverse("registry:organisation_edit", args=[organisation.pk]))
    form = page.context["form"]
    data = {
        name: form[name].value() if form[name].value() is not None else "" for name in form.fields
    }
    data = {k: v for k, v in data.items() if v not in (None, False)}
    data["name"] = "Member\r\nB\u2028Ltd\x07"
    response = client.post(reverse("registry:organisation_edit", args=[organisation.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    assert Organisation.objects.get(pk=organisation.pk).name == "Member B Ltd"
