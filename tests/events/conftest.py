"""An event factory for the events tests: hosted by cluster A, open now, starting in a week."""

import datetime as dt

import pytest
from django.utils import timezone

from clusterhub.events import domain
from clusterhub.events.models import Event
from tests.factories import UserFactory

NOW = timezone.now().replace(second=0, microsecond=0)


@pytest.fixture
def make_event(world):
    def make(**overrides) -> Event:
        start = NOW + dt.timedelta(days=7)
        fields = {
            "title": "Experience-sharing workshop",
            "kind": "workshop",
            "cluster": world.cluster_a,
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=8),
            "timezone": "Europe/Riga",
            "venue": "Teikums, Riga",
            "city": "Riga",
            "capacity": 2,
            "registration_opens": NOW - dt.timedelta(days=1),
            "registration_closes": start - dt.timedelta(hours=1),
        }
        fields.update(overrides)
        return domain.save_event(event=Event(**fields))

    return make


@pytest.fixture
def people(db):
    """Five extra signed-up users for capacity and B2B tests."""
    return [
        UserFactory(username=f"guest-{i}", first_name="Guest", last_name=f"N{i}") for i in range(5)
    ]
