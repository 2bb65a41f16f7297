"""POST of a training programme stores the per-language texts, as PATCH does (issue 14)."""

import json

from django.utils import translation

from clusterhub.training.models import TrainingProgramme

V1 = "/api/v1"
LV = "Klasteru vadības izcilība"


def test_create_stores_the_other_languages_texts(client_for, tw):
    response = client_for(tw["coordinator"]).post(
        f"{V1}/training/programmes",
        json.dumps(
            {
                "title": "Cluster management",
                "title_lv": LV,
                "description": "For managers.",
                "description_et": "Klastrijuhtidele.",
                "programme_id": tw.world.programme.pk,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert (answer["title"], answer["title_lv"], answer["title_et"]) == (
        "Cluster management",
        LV,
        None,
    )
    assert answer["description_et"] == "Klastrijuhtidele."
    stored = TrainingProgramme.objects.get(pk=answer["id"])
    assert (stored.title_en, stored.title_lv, stored.title_sv) == ("Cluster management", LV, None)
    assert (stored.description_en, stored.description_et) == ("For managers.", "Klastrijuhtidele.")
    assert stored.programme_id == tw.world.programme.pk
    with translation.override("lv"):
        assert TrainingProgramme.objects.get(pk=stored.pk).title == LV


def test_create_refuses_a_language_text_that_is_too_long(client_for, tw):
    response = client_for(tw["coordinator"]).post(
        f"{V1}/training/programmes",
        json.dumps(
            {"title": "Short", "title_sv": "x" * 201, "programme_id": tw.world.programme.pk}
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["title_sv"]
    assert not TrainingProgramme.objects.filter(title_en="Short").exists()
