"""An event factory for the events tests: hosted by cluster A, open now, starting in a week."""

import datetime as dt
import functools

import pytest
from django.utils import timezone

from clusterhub.events import domain
from clusterhub.events.models import Event
from clusterhub.matchmaking import index
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import UserFactory

NOW = timezone.now().replace(second=0, microsecond=0)


def new_event(world, **overrides) -> Event:
    """A workshop of cluster A for two, starting in a week, open for registration now."""
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


@pytest.fixture
def make_event(world):
    return functools.partial(new_event, world)


@pytest.fixture
def people(db):
    """Five extra signed-up users for capacity and B2B tests."""
    return [
        UserFactory(username=f"guest-{i}", first_name="Guest", last_name=f"N{i}") for i in range(5)
    ]


@pytest.fixture
def b2b(make_event, people):
    """A B2B event with 4 opted-in participants, 3 slots of 20 minutes, 1 table."""
    event = make_event(capacity=10, b2b_enabled=True, b2b_tables=1, b2b_cap=5)
    slots = domain.add_slots(event=event, starts_at=event.starts_at, count=3, gap_minutes=5)
    regs = []
    for user in people[:4]:
        reg = domain.register(event=event, user=user)
        domain.opt_in(registration=reg, profile=f"profile of {user.username}", slots=slots)
        regs.append(reg)
    return event, slots, regs


def accepted(sender, receiver, message="Let us talk"):
    req = domain.send_meeting_request(sender=sender, receiver=receiver, message=message)
    return domain.answer_meeting_request(request=req, accept=True)


@pytest.fixture
def tfidf_embedder(settings):
    """Matchmaking with the TF-IDF embedder: fast, and the same on every machine."""
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    index.invalidate()
    yield
    index.invalidate()


def works_at(user, name, cluster):
    """A member organisation of `cluster` named `name`, with `user` as one of its people."""
    organisation = OrganisationFactory(name=name)
    MembershipFactory(cluster=cluster, organisation=organisation)
    PersonFactory(organisation=organisation, user=user)
    return organisation
