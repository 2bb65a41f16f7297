"""List-valued form fields: a blank form submitted as served saves, an edit form round-trips.

Every list typed into a form goes through `clusterhub.common.forms.ListField`, which shows an
empty list as an empty box (not "[]") and reads comma/whitespace separated values (or one per
line) back into the same list.
"""

import importlib

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.urls import reverse

from clusterhub.common.forms import ListField
from clusterhub.services.forms import QuestionForm
from clusterhub.services.forms import ServiceForm
from clusterhub.services.forms import TokenForm
from clusterhub.services.models import Question
from clusterhub.services.models import Service
from tests.meta.test_edit_and_delete_pages import _FormReader


def served_form(html: str, field: str) -> dict[str, list[str]]:
    """The page's post form that has `field`, as a browser would submit it untouched."""
    reader = _FormReader()
    reader.feed(html)
    fields = next(f for f in reader.forms if any(name == field for name, _ in f))
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def test_list_field_shows_an_empty_list_as_an_empty_box():
    field = ListField()
    assert field.prepare_value([]) == ""
    assert field.prepare_value(["10", "62"]) == "10, 62"
    assert ListField(one_per_line=True).prepare_value(["Often", "Very often"]) == (
        "Often\nVery often"
    )


def test_list_field_reads_comma_semicolon_and_whitespace_separated_values():
    field = ListField()
    assert field.clean("") == []
    assert field.clean(" 10,62 ;49.41\n 10  01.1") == ["10", "62", "49.41", "01.1"]
    assert ListField(one_per_line=True).clean("Often\r\n\n Very often \n") == [
        "Often",
        "Very often",
    ]


def test_list_field_refuses_text_over_its_length():
    with pytest.raises(forms.ValidationError):
        ListField(max_length=5).clean("10, 62, 63")


def test_blank_new_service_form_submitted_as_served_saves(world, client_for):
    client = client_for(world["manager_a"])
    url = reverse("services:service_create", args=[world.cluster_a.pk])
    page = client.get(url).content.decode()
    assert 'value="[]"' not in page
    data = served_form(page, "name")
    data.update(name=["Funding clinic"], category=["finance"])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    service = Service.objects.get(name="Funding clinic")
    assert service.target_sectors == []
    assert service.target_org_types == []
    assert service.target_size_classes == []


def test_service_edit_form_round_trips_its_lists(world, client_for, active_a):
    active_a.target_sectors = ["10", "62"]
    active_a.target_size_classes = ["micro", "small"]
    active_a.save()
    client = client_for(world["manager_a"])
    url = reverse("services:service_edit", args=[active_a.pk])
    page = client.get(url).content.decode()
    assert 'value="10, 62"' in page
    response = client.post(url, served_form(page, "name"))
    assert response.status_code == 302
    active_a.refresh_from_db()
    assert active_a.target_sectors == ["10", "62"]
    assert active_a.target_org_types == ["sme"]
    assert active_a.target_size_classes == ["micro", "small"]


def test_blank_new_question_form_submitted_as_served_saves(world, client_for, survey_a):
    survey_a.status = "draft"
    survey_a.save()
    client = client_for(world["manager_a"])
    url = reverse("services:survey_detail", args=[survey_a.pk])
    page = client.get(url).content.decode()
    assert "[]</textarea>" not in page
    data = served_form(page, "text")
    data.update(text=["Training?"], kind=["rating"])
    response = client.post(url, data)
    assert response.status_code == 302
    assert Question.objects.get(text="Training?").choices == []


def test_question_form_round_trips_its_choices(world, survey_a):
    question = survey_a.questions.get(kind="multiple")
    form = QuestionForm(instance=question)
    assert form["choices"].value() == "Workshops\nWebinars\nVisits"
    bound = QuestionForm(
        {"text": question.text, "kind": "multiple", "choices": form["choices"].value()},
        instance=question,
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["choices"] == ["Workshops", "Webinars", "Visits"]


def test_token_form_reads_one_label_a_line():
    form = TokenForm({"labels": "Ann\n\n Bērzs SIA \n"})
    assert form.is_valid()
    assert form.cleaned_data["labels"] == ["Ann", "Bērzs SIA"]
    assert not TokenForm({"labels": " \n"}).is_valid()


def _list_model_fields():
    """(model, field name) of every JSONField that holds a list."""
    for model in apps.get_models():
        if not model.__module__.startswith("clusterhub."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.JSONField) and field.default is list:
                yield model, field.name


def _model_forms():
    for config in apps.get_app_configs():
        if not config.name.startswith("clusterhub."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.ModelForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_every_list_valued_model_field_in_a_form_uses_a_list_field():
    """A JSON list shown in a CharField renders as "[]" and comes back as the text "[]"."""
    list_fields = set(_list_model_fields())
    found, wrong = [], []
    for form_class in _model_forms():
        model = form_class._meta.model
        for name, field in form_class.base_fields.items():
            if (model, name) in list_fields:
                found.append(f"{form_class.__name__}.{name}")
                if not isinstance(field, ListField | forms.MultipleChoiceField):
                    wrong.append(f"{form_class.__name__}.{name}")
    assert sorted(found) == [
        "QuestionForm.choices",
        "ServiceForm.target_org_types",
        "ServiceForm.target_sectors",
        "ServiceForm.target_size_classes",
    ]
    assert wrong == []


def test_typed_code_lists_in_other_apps_use_the_same_field():
    from clusterhub.matchmaking.forms import ProfileForm
    from clusterhub.registry.forms import NaceCodesField

    assert isinstance(ServiceForm.base_fields["target_sectors"], ListField)
    assert isinstance(ProfileForm.base_fields["nace"], ListField)
    assert issubclass(NaceCodesField, ListField)
    assert ProfileForm()["nace"].value() in ("", None)


def test_a_list_field_refuses_a_nul_and_drops_other_control_characters():
    # Not a CharField, so the project-wide text cleaning does not reach it; on PostgreSQL the
    # NUL reached a query and answered 500.
    from django import forms

    from clusterhub.common.forms import ListField

    field = ListField()
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("\x00, 62.01")
    assert refused.value.messages == ["Null characters are not allowed."]
    assert field.clean("62.01\x0b, 10.51") == ["62.01", "10.51"]
