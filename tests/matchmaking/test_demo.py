"""The matchmaking demo on top of the registry demo: idempotent, and it shows what it should."""

from collections import Counter

import pytest
from django.urls import reverse

from clusterhub.accounts.models import User
from clusterhub.matchmaking.chains import chain_fill
from clusterhub.matchmaking.demo import demo_carrier
from clusterhub.matchmaking.demo import demo_food_producer
from clusterhub.matchmaking.demo import load_demo
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import Suggestion
from clusterhub.matchmaking.models import ValueChain
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.registry.demo import DEMO_PASSWORD
from clusterhub.registry.demo import load_demo as load_registry_demo
from tests.conftest import kept_for_the_module


def counts():
    return [
        m.objects.count() for m in (Profile, Introduction, Collaboration, ValueChain, Suggestion)
    ]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The registry and matchmaking demos, loaded once for the module."""
    with kept_for_the_module(django_db_blocker):
        load_registry_demo()
        load_demo()
        yield counts()


def test_demo_twice_same_counts_and_sensible_recommendations(demo, db):
    first = demo
    hashes = dict(Profile.objects.values_list("pk", "text_hash"))
    load_registry_demo()
    load_demo()
    assert counts() == first
    assert dict(Profile.objects.values_list("pk", "text_hash")) == hashes
    assert first[0] > 100
    # The introduction that became a collaboration, and one waiting for the carrier.
    assert first[1:4] == [2, 1, 1]
    assert Profile.objects.filter(title__startswith="Meklējam").exists()
    assert Profile.objects.filter(title="Toiduainete jälgitavuse tarkvara").exists()
    assert Profile.objects.filter(title="Flotthantering och ruttoptimering").exists()
    collaboration = Collaboration.objects.get()
    assert collaboration.status == "running"
    assert collaboration.value_chain.name == "Farm-to-fork traceability"
    gaps = [s.name for s in chain_fill(ValueChain.objects.get()) if s.is_gap]
    assert gaps == ["Packaging"]
    dairy = demo_food_producer()
    recs = for_organisation(organisation=dairy, user=User.objects.get(username="foodmanager"))
    top_sections = [r.organisation.primary_nace_id[:2] for r in recs[:5]]
    assert set(top_sections) <= {"49", "52", "53", "58", "62", "63"}, top_sections
    assert all(r.reasons for r in recs[:5])


def test_demo_offers_are_varied_and_the_carrier_answers_its_introductions(demo, db, client):
    repeats = Counter(Profile.objects.values_list("title", flat=True)).most_common(3)
    assert repeats[0][1] <= 2, repeats
    assert Profile.objects.values("title").distinct().count() > 100

    carrier = User.objects.get(username="carrier")
    target = demo_carrier()
    assert carrier.has_perm("matchmaking.request_introduction_for", target)
    waiting = Introduction.objects.get(target=target, status="requested")
    accepted = Introduction.objects.get(target=target, status="accepted")
    assert client.login(username="carrier", password=DEMO_PASSWORD)
    html = client.get(reverse("matchmaking:introductions")).content.decode()
    assert reverse("matchmaking:introduction_action", args=[waiting.pk, "accept"]) in html
    assert reverse("matchmaking:introduction_action", args=[accepted.pk, "accept"]) not in html
    response = client.post(reverse("matchmaking:introduction_action", args=[waiting.pk, "accept"]))
    waiting.refresh_from_db()
    assert waiting.status == "accepted"
    assert response.url == reverse(
        "matchmaking:collaboration_edit", args=[waiting.collaboration.pk]
    )
