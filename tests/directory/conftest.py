"""A public world on top of the shared `world`: events, offers, a label, a funded programme,
and private data of every kind that must never reach a public page."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from clusterhub.assessment.models import LabelAward
from clusterhub.events.models import Event
from clusterhub.grants.models import Project
from clusterhub.matchmaking.models import Profile
from clusterhub.registry.models import NutsRegion
from tests.events.conftest import new_event

NOW = timezone.now().replace(second=0, microsecond=0)

# Strings that must never appear on a public page or in a public API answer.
SECRETS = (
    "secret-notes-a",
    "secret-notes-b",
    "membership-note-a",
    "membership-note-b",
    "alda@member-a.example",
    "berit@member-b.example",
    "+371 2999 1234",
    "Ozola",
    "Tamm",
    "Member B OÜ",  # never agreed to be listed
    "Draft strategy meeting",
    "Members-only board",
    "Past conference",
    "Hidden request for partners",
    "Cluster-only offer",
    "Anonymous offer",
    "https://meet.example/private-room",
    "987654.32",
    "987 654",
    "Unpublished description words",
)


@dataclass
class Public:
    world: object
    public_event: Event
    label: LabelAward


def _profile(world, title, **extra):
    fields = {
        "organisation": world.member_a,
        "cluster": world.cluster_a,
        "kind": "technology_offer",
        "title": title,
        "description": "Unpublished description words about a sensor platform.",
        "keywords": "sensors, IoT",
        "visibility": "public",
    }
    fields.update(extra)
    return Profile.objects.create(**fields)


@pytest.fixture
def public(world) -> Public:
    a, b = world.cluster_a, world.cluster_b
    a.description = "Sensors and software from Latvia."
    a.nuts_region = NutsRegion.objects.get(code="LV00A")
    a.save()
    b.nuts_region = NutsRegion.objects.filter(country_code="EE", level=3).order_by("code").first()
    b.save()
    world.person_a.phone = "+371 2999 1234"
    world.person_a.save()
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EISMEA"
    world.programme.save()
    Project.objects.create(
        programme=world.programme,
        funding_programme="COSME",
        grant_agreement_number="GA-1",
        acronym="5FX-GRANT",
        title="Five for Excellence",
        start_date=dt.date(2025, 1, 1),
        duration_months=24,
        total_budget=Decimal("987654.32"),
        grant_amount=Decimal("500000.00"),
    )
    today = timezone.localdate()
    label = LabelAward.objects.create(
        cluster=a,
        level="gold",
        awarded_on=today - dt.timedelta(days=30),
        valid_from=today - dt.timedelta(days=30),
        valid_until=today + dt.timedelta(days=700),
    )
    public_event = new_event(
        world, title="Open sensor day", online_url="https://meet.example/private-room"
    )
    new_event(world, title="Draft strategy meeting", published=False)
    new_event(world, title="Members-only board", audience="members")
    new_event(
        world,
        title="Past conference",
        starts_at=NOW - dt.timedelta(days=10),
        ends_at=NOW - dt.timedelta(days=9),
        registration_closes=NOW - dt.timedelta(days=11),
        registration_opens=NOW - dt.timedelta(days=20),
    )
    _profile(world, "Open sensor platform")
    _profile(world, "Hidden request for partners", kind="business_request")
    _profile(world, "Cluster-only offer", visibility="clusters")
    _profile(world, "Anonymous offer", visibility="anonymous")
    _profile(
        world,
        "Expired offer",
        deadline=today - dt.timedelta(days=1),
    )
    # A public offer whose title names a member that never agreed to be listed.
    _profile(
        world,
        "Member B OÜ sells sensors",
        organisation=world.member_b,
        cluster=world.cluster_b,
    )
    return Public(world, public_event, label)
