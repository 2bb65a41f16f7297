"""Training programme and module texts in several languages, with their change history."""

import json

from django.urls import reverse
from django.utils import translation

from clusterhub.common.history import FieldChange
from clusterhub.common.history import history_of
from clusterhub.training.models import Module
from clusterhub.training.models import TrainingProgramme
from tests.languages import reader

V1 = "/api/v1"
LV = "Klasteru vadības izcilība"


def test_api_patch_stores_the_language_and_history_records_it(client_for, tw):
    coordinator = reader(client_for, tw["coordinator"], "en")
    versions = tw.tp.history.count()
    response = coordinator.patch(
        f"{V1}/training/programmes/{tw.tp.pk}",
        json.dumps({"title_lv": LV, "description_et": "Klastrijuhtimise koolitus."}),
        content_type="application/json",
    )
    assert response.status_code == 200
    answer = response.json()
    assert (answer["title"], answer["title_en"], answer["title_lv"]) == (
        "Cluster management excellence",
        "Cluster management excellence",
        LV,
    )
    assert answer["description_et"] == "Klastrijuhtimise koolitus."
    assert tw.tp.history.count() == versions + 1
    latest = tw.tp.history.first()
    assert (latest.title_en, latest.title_lv) == ("Cluster management excellence", LV)
    newest = history_of(TrainingProgramme.objects.get(pk=tw.tp.pk))[0]
    assert FieldChange("title [lv]", "—", LV) in newest.changes
    assert FieldChange("description [et]", "—", "Klastrijuhtimise koolitus.") in newest.changes

    latvian = reader(client_for, tw["coordinator"], "lv")
    assert latvian.get(f"{V1}/training/programmes/{tw.tp.pk}").json()["title"] == LV
    swedish = reader(client_for, tw["coordinator"], "sv")
    assert (
        swedish.get(f"{V1}/training/programmes/{tw.tp.pk}").json()["title"]
        == "Cluster management excellence"
    )


def test_api_module_create_with_title_lv(client_for, tw):
    coordinator = reader(client_for, tw["coordinator"], "en")
    response = coordinator.post(
        f"{V1}/training/programmes/{tw.tp.pk}/modules",
        json.dumps(
            {"title": "Digital tools", "title_lv": "Digitālie rīki", "competence": "digital"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    module = Module.objects.get(pk=response.json()["id"])
    assert (module.title_en, module.title_lv, module.title_sv) == (
        "Digital tools",
        "Digitālie rīki",
        None,
    )
    with translation.override("lv"):
        assert Module.objects.get(pk=module.pk).title == "Digitālie rīki"


def test_latvian_reader_sees_latvian_programme_and_module_titles(client_for, tw):
    TrainingProgramme.objects.filter(pk=tw.tp.pk).update(title_lv=LV)
    Module.objects.filter(pk=tw.strategy.pk).update(title_lv="Stratēģija")
    url = reverse("training:programme_detail", args=[tw.tp.pk])
    latvian = reader(client_for, tw["manager_a"], "lv").get(url).content.decode()
    assert LV in latvian and "Stratēģija" in latvian
    assert "Cluster management excellence" not in latvian
    # The module without a Latvian title keeps its original.
    assert "Financing" in latvian
    english = reader(client_for, tw["manager_a"], "en").get(url).content.decode()
    assert "Cluster management excellence" in english and LV not in english


def test_edit_form_round_trips_the_languages(client_for, tw):
    url = reverse("training:programme_edit", args=[tw.tp.pk])
    coordinator = reader(client_for, tw["coordinator"], "lv")
    page = coordinator.get(url).content.decode()
    assert 'name="title_lv"' in page and 'name="description_sv"' in page
    assert 'value="Cluster management excellence"' in page
    response = coordinator.post(
        url,
        {
            "title": "Cluster management excellence",
            "description": "Five modules.",
            "title_lv": LV,
            "description_sv": "Fem moduler.",
        },
    )
    assert response.status_code == 302
    tp = TrainingProgramme.objects.get(pk=tw.tp.pk)
    assert (tp.title_en, tp.title_lv, tp.title_et, tp.description_en, tp.description_sv) == (
        "Cluster management excellence",
        LV,
        None,
        "Five modules.",
        "Fem moduler.",
    )
    again = coordinator.get(url).content.decode()
    assert f'value="{LV}"' in again and "Fem moduler." in again
    assert tp.history.first().title_lv == LV
