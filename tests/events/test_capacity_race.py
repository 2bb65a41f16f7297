"""Many people register for the last places at once: never more confirmed than capacity.

Runs on whatever database the suite uses: on PostgreSQL (CLUSTERHUB_DATABASE_URL) the event row
lock (SELECT ... FOR UPDATE) serialises the registrations; on SQLite the IMMEDIATE transactions do.
"""

import random
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError
from django.db import connection

from clusterhub.events import domain
from clusterhub.events.models import Event
from tests.factories import UserFactory

CLIENTS = 24
CAPACITY = 5


@pytest.mark.django_db(transaction=True)
def test_parallel_registrations_never_exceed_capacity(make_event):
    event = make_event(capacity=CAPACITY)
    users = [UserFactory(username=f"racer-{i}") for i in range(CLIENTS)]
    start = threading.Barrier(CLIENTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(user):
        try:
            start.wait()
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                try:
                    reg = domain.register(event=Event.objects.get(pk=event.pk), user=user)
                    outcome = reg.status
                    break
                except OperationalError:
                    # The in-memory SQLite test database (shared cache) answers "locked" at
                    # once instead of waiting; a real client would retry the same way.
                    outcome = "locked"
                    time.sleep(random.uniform(0.005, 0.05))
            with lock:
                outcomes.append(outcome)
        except ValidationError as exc:
            with lock:
                outcomes.append(f"refused: {exc.messages}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(outcomes) == sorted(["confirmed"] * CAPACITY + ["waiting"] * (CLIENTS - CAPACITY))
    assert event.registrations.filter(status="confirmed").count() == CAPACITY
    assert event.registrations.filter(status="waiting").count() == CLIENTS - CAPACITY
