"""Service names and descriptions in several languages."""

import json

from django.urls import reverse

from clusterhub.services.models import Service
from tests.languages import reader

V1 = "/api/v1"


def test_api_create_with_name_lv_and_pages_in_the_readers_language(client_for, world):
    manager = reader(client_for, world["manager_a"], "en")
    created = manager.post(
        f"{V1}/services/clusters/{world.cluster_a.pk}/services",
        json.dumps(
            {
                "name": "Export coaching",
                "name_lv": "Eksporta konsultācijas",
                "description": "Coaching for first exports.",
                "category": "internationalisation",
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    answer = created.json()
    assert (answer["name"], answer["name_lv"], answer["name_et"]) == (
        "Export coaching",
        "Eksporta konsultācijas",
        None,
    )
    service = Service.objects.get(pk=answer["id"])
    assert (service.name_en, service.name_lv, service.description_en) == (
        "Export coaching",
        "Eksporta konsultācijas",
        "Coaching for first exports.",
    )

    url = reverse("services:service_detail", args=[service.pk])
    latvian = reader(client_for, world["manager_a"], "lv")
    assert "Eksporta konsultācijas" in latvian.get(url).content.decode()
    listed = latvian.get(f"{V1}/services/clusters/{world.cluster_a.pk}/services").json()["items"]
    assert [s["name"] for s in listed] == ["Eksporta konsultācijas"]
    # No Latvian description: the original is shown, never an empty text.
    assert [s["description"] for s in listed] == ["Coaching for first exports."]

    swedish = reader(client_for, world["manager_a"], "sv").get(url).content.decode()
    assert "Export coaching" in swedish and "Eksporta konsultācijas" not in swedish


def test_edit_form_round_trips_the_languages(client_for, world):
    service = Service.objects.create(
        cluster=world.cluster_a, name="Export coaching", category="internationalisation"
    )
    manager = reader(client_for, world["manager_a"], "et")
    url = reverse("services:service_edit", args=[service.pk])
    page = manager.get(url).content.decode()
    assert 'name="name_et"' in page and 'value="Export coaching"' in page
    response = manager.post(
        url,
        {
            "name": "Export coaching",
            "category": "internationalisation",
            "description": "Coaching.",
            "name_et": "Ekspordinõustamine",
            "description_sv": "Rådgivning.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    service.refresh_from_db()
    assert (service.name_en, service.name_et, service.name_lv, service.description_sv) == (
        "Export coaching",
        "Ekspordinõustamine",
        None,
        "Rådgivning.",
    )
    assert 'value="Ekspordinõustamine"' in manager.get(url).content.decode()
