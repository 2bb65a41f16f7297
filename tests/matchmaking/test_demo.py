"""The matchmaking demo on top of the registry demo: idempotent, and it shows what it should."""

from clusterhub.accounts.models import User
from clusterhub.matchmaking.chains import chain_fill
from clusterhub.matchmaking.demo import demo_food_producer, load_demo
from clusterhub.matchmaking.models import (
    Collaboration,
    Introduction,
    Profile,
    Suggestion,
    ValueChain,
)
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.registry.demo import load_demo as load_registry_demo


def counts():
    return [
        m.objects.count() for m in (Profile, Introduction, Collaboration, ValueChain, Suggestion)
    ]


def test_demo_twice_same_counts_and_sensible_recommendations(db):
    load_registry_demo()
    load_demo()
    first = counts()
    hashes = dict(Profile.objects.values_list("pk", "text_hash"))
    load_registry_demo()
    load_demo()
    assert counts() == first
    assert dict(Profile.objects.values_list("pk", "text_hash")) == hashes
    assert first[0] > 100
    assert first[1:4] == [1, 1, 1]
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
