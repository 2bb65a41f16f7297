"""Nothing private is public: every public page and API answer, read as an anonymous visitor,
holds no email, phone, person name, non-consenting member, draft or members-only event, hidden
offer, budget or internal note (tests/directory/conftest.py SECRETS)."""

import json

import pytest
from django.urls import reverse

from clusterhub.directory import domain
from tests.directory.conftest import SECRETS

pytestmark = pytest.mark.django_db

API = "/api/v1/directory/clusters"


def _public_urls(world):
    urls = [
        reverse("directory:index"),
        reverse("directory:index") + "?country=LV",
        reverse("directory:index") + "?label=gold",
        API,
        API + "?country=EE",
    ]
    for cluster in (world.cluster_a, world.cluster_b):
        urls += [
            reverse("directory:cluster", args=[cluster.pk]),
            reverse("directory:widget", args=[cluster.pk]),
            f"{API}/{cluster.pk}",
        ]
    return urls


@pytest.mark.parametrize("language", ["en", "lv", "et", "sv"])
def test_no_private_data_on_any_public_page_or_api_answer(client, public, language):
    world = public.world
    # Member A agrees to be listed; member B never does.
    domain.set_listing(
        cluster=world.cluster_a, organisation=world.member_a, listed=True, by=world["member_a"]
    )
    client.cookies["django_language"] = language
    for url in _public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if url.startswith("/api/"):
            text = json.dumps(response.json(), ensure_ascii=False)
        for secret in SECRETS:
            assert secret not in text, (url, secret)
        # A listed member's people are still never named.
        assert "Alda" not in text, url
    # And what is public is there: the consenting member and the public items.
    page = client.get(reverse("directory:cluster", args=[world.cluster_a.pk])).content.decode()
    assert "Member A Ltd" in page and "Open sensor day" in page
    assert "Open sensor platform" in page


def test_api_answers_only_public_fields(client, public):
    world = public.world
    detail = client.get(f"{API}/{world.cluster_a.pk}").json()
    assert set(detail) == {
        "id", "name", "acronym", "country", "region_code", "region_name", "city",
        "sector_group", "website", "label", "latitude", "longitude", "location_approximate",
        "page_url",
        "description", "founded", "sectors", "member_count", "members_by_type",
        "listed_members", "offers", "upcoming_events", "funding", "apply_url", "widget_url",
    }  # fmt: skip
    assert set(detail["upcoming_events"][0]) == {
        "title", "kind", "starts_at", "ends_at", "timezone", "city", "venue", "language",
    }  # fmt: skip
    assert [e["title"] for e in detail["upcoming_events"]] == ["Open sensor day"]
    # Member A has not agreed to be named: neither it nor its offer shows.
    assert detail["offers"] == []
    assert detail["listed_members"] == []
    assert detail["member_count"] == 1
    assert detail["members_by_type"] == [{"org_type": "sme", "label": "SME", "count": 1}]
    assert detail["label"] == {"level": "gold", "valid_until": str(public.label.valid_until)}
    assert detail["apply_url"] == f"/membership/{world.cluster_a.pk}/apply/"
    assert detail["funding"][0]["programme"] == "5FX"
    domain.set_listing(
        cluster=world.cluster_a, organisation=world.member_a, listed=True, by=world["manager_a"]
    )
    detail = client.get(f"{API}/{world.cluster_a.pk}").json()
    assert detail["listed_members"] == [
        {"name": "Member A Ltd", "org_type": "sme", "city": "", "country": "LV", "website": ""}
    ]
    assert detail["offers"] == [
        {
            "title": "Open sensor platform",
            "kind": "technology_offer",
            "keywords": "sensors, IoT",
            "deadline": None,
            "organisation": "Member A Ltd",
        }
    ]


def test_the_public_api_needs_no_sign_in_and_filters_like_the_page(client, public):
    world = public.world
    listing = client.get(API).json()
    assert listing["count"] == 2
    assert [c["acronym"] for c in listing["items"]] == ["CLA", "CLB"]
    assert [c["acronym"] for c in client.get(API + "?label=gold").json()["items"]] == ["CLA"]
    assert [c["acronym"] for c in client.get(API + "?region=EE").json()["items"]] == ["CLB"]
    bad = client.get(API + "?country=Latvia")
    assert bad.status_code == 422
    assert "country" in bad.content.decode()
    assert client.get(f"{API}/999999").status_code == 404
    assert client.get(f"{API}/0").status_code == 422
    # Writing is not offered at all.
    assert client.post(API, {}).status_code == 405
    assert world is not None
