"""The grants news API lists each language's title and body, as the other content APIs do."""

import json
from datetime import date

from clusterhub.grants.models import NewsArticle

V1 = "/api/v1"
LANGUAGE_FIELDS = {f"{f}_{c}" for f in ("title", "body") for c in ("en", "lv", "et", "sv")}


def test_news_answers_list_the_per_language_fields(client, client_for, grant, world):
    api = client_for(world["coordinator"])
    path = f"{V1}/grants/projects/{grant.project.pk}/news"
    created = api.post(
        path,
        json.dumps(
            {
                "title": "Results",
                "title_lv": "Rezultāti",
                "body": "What we learnt.",
                "body_et": "Mida me õppisime.",
                "published_on": date(2016, 3, 1).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    expected = {
        "title_en": "Results",
        "title_lv": "Rezultāti",
        "title_et": None,
        "title_sv": None,
        "body_en": "What we learnt.",
        "body_lv": None,
        "body_et": "Mida me õppisime.",
        "body_sv": None,
    }
    answer = created.json()
    assert {name: answer[name] for name in LANGUAGE_FIELDS} == expected

    listed = api.get(path).json()["items"]
    assert [{name: item[name] for name in LANGUAGE_FIELDS} for item in listed] == [expected]

    NewsArticle.objects.update(published_on=date(2016, 3, 1))
    public = client.get(f"{V1}/grants/public/5FX", HTTP_ACCEPT_LANGUAGE="lv").json()
    (article,) = public["news"]
    assert (article["title"], article["body"]) == ("Rezultāti", "What we learnt.")
    assert {name: article[name] for name in LANGUAGE_FIELDS} == expected
