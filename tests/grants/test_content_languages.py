"""The public project page and news in several languages, with their change history."""

import json
from datetime import date

from django.urls import reverse

from clusterhub.grants import domain
from clusterhub.grants.models import NewsArticle
from clusterhub.grants.models import Project

V1 = "/api/v1"
LV_TITLE = "Pieci izcilībai"
LV_TEXT = "Projekta publiskais apraksts."


def test_public_page_in_the_visitors_language_with_the_original_as_fallback(client, grant):
    Project.objects.filter(pk=grant.project.pk).update(title_lv=LV_TITLE, description_lv=LV_TEXT)
    url = reverse("grants:public_project", args=["5FX"])

    latvian = client.get(url, HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    assert LV_TITLE in latvian and LV_TEXT in latvian
    assert "Public description of the project." not in latvian

    swedish = client.get(url, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Five for Excellence" in swedish and "Public description of the project." in swedish
    assert LV_TITLE not in swedish

    api = client.get(f"{V1}/grants/public/5FX", HTTP_ACCEPT_LANGUAGE="lv").json()
    assert (api["title"], api["description"]) == (LV_TITLE, LV_TEXT)
    api = client.get(f"{V1}/grants/public/5FX", HTTP_ACCEPT_LANGUAGE="et").json()
    assert api["title"] == "Five for Excellence"


def test_news_form_stores_the_languages_and_history_records_them(client_for, grant, world):
    coordinator = world["coordinator"]
    coordinator.language = "lv"
    coordinator.save(update_fields=["language"])
    client = client_for(coordinator)
    url = reverse("grants:news_create", args=[grant.project.pk])
    page = client.get(url).content.decode()
    assert 'name="title_lv"' in page and 'name="body_sv"' in page
    response = client.post(
        url,
        {
            "title": "Kick-off in Riga",
            "body": "The partners met in Riga.",
            "title_lv": "Projekta atklāšana Rīgā",
            "body_lv": "Partneri tikās Rīgā.",
            "published_on": "2016-02-01",
        },
    )
    assert response.status_code == 302
    article = NewsArticle.objects.get(project=grant.project)
    # The main fields are the original, even when the editor works in Latvian.
    assert (article.title_en, article.title_lv, article.title_et) == (
        "Kick-off in Riga",
        "Projekta atklāšana Rīgā",
        None,
    )
    assert (article.body_en, article.body_lv) == (
        "The partners met in Riga.",
        "Partneri tikās Rīgā.",
    )

    article.title_et = "Projekti avakoosolek Riias"
    domain.save_news(article=article)
    assert article.history.count() == 2
    assert article.history.first().title_et == "Projekti avakoosolek Riias"
    assert article.history.last().title_et is None

    public = reverse("grants:public_news", args=["5FX", article.pk])
    assert "Partneri tikās Rīgā." in client.get(public, HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    estonian = client_for(world["outsider"]).get(public, HTTP_ACCEPT_LANGUAGE="et")
    assert "Projekti avakoosolek Riias" in estonian.content.decode()
    assert "The partners met in Riga." in estonian.content.decode()


def test_api_news_and_project_take_per_language_fields(client_for, grant, world):
    client = client_for(world["coordinator"])
    created = client.post(
        f"{V1}/grants/projects/{grant.project.pk}/news",
        json.dumps(
            {
                "title": "Results",
                "title_sv": "Resultat",
                "body": "What we learnt.",
                "published_on": date(2016, 3, 1).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    article = NewsArticle.objects.get(project=grant.project)
    assert (article.title_en, article.title_sv, article.body_sv) == ("Results", "Resultat", None)

    patched = client.patch(
        f"{V1}/grants/projects/{grant.project.pk}",
        json.dumps({"title_lv": LV_TITLE}),
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert (patched.json()["title"], patched.json()["title_lv"]) == (
        "Five for Excellence",
        LV_TITLE,
    )
    assert grant.project.history.first().title_lv == LV_TITLE
