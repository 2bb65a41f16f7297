"""Invoice numbers under concurrent runs: no gap, no duplicate, no member invoiced twice.

Runs on whatever database the suite uses; the claim is about PostgreSQL, where the counter's
row lock (SELECT ... FOR UPDATE) and the settings row lock serialise the runs: run it with
CLUSTERHUB_DATABASE_URL=postgres://... (docs/invoicing.md). On SQLite the writers are serialised
by the database and a "locked" answer is retried.
"""

import random
import threading
import time
from datetime import date

import pytest
from django.db import OperationalError
from django.db import connection

from clusterhub.invoicing import domain
from clusterhub.invoicing.models import Invoice
from clusterhub.invoicing.models import InvoiceCounter

THREADS = 6
MEMBERS = 30


def _retrying(action):
    deadline = time.monotonic() + 120
    while True:
        try:
            return action()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(random.uniform(0.005, 0.05))


def _in_threads(work):
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(index):
        try:
            start.wait()
            work(index)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180)
    assert errors == []


def _assert_gapless(cluster, count: int):
    sequences = sorted(
        Invoice.objects.filter(cluster=cluster, year=2026).values_list("sequence", flat=True)
    )
    assert sequences == list(range(1, count + 1))
    numbers = list(Invoice.objects.filter(cluster=cluster).values_list("number", flat=True))
    assert len(set(numbers)) == len(numbers) == count
    assert InvoiceCounter.objects.get(cluster=cluster, year=2026).last_number == count


@pytest.mark.django_db(transaction=True)
def test_drafts_issued_at_once_from_many_connections_get_consecutive_numbers(billing):
    for i in range(MEMBERS - 1):
        billing.member(f"Member {i:02d}")
    cluster = billing.world.cluster_a
    drafts = domain.generate_invoices(
        cluster=cluster, period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), issue=False
    ).created
    assert len(drafts) == MEMBERS
    shares = [drafts[i::THREADS] for i in range(THREADS)]

    def work(index):
        for draft in shares[index]:
            _retrying(lambda d=draft: domain.issue_invoice(invoice=d, issued_on=date(2026, 2, 1)))
            if draft is shares[index][0]:
                # A credit note takes a number from the same counter, in the middle of it all.
                _retrying(
                    lambda d=draft: domain.create_credit_note(
                        invoice=d, reason="test", issued_on=date(2026, 2, 1)
                    )
                )

    _in_threads(work)
    _assert_gapless(cluster, MEMBERS + THREADS)


@pytest.mark.django_db(transaction=True)
def test_generation_runs_at_once_invoice_each_member_once(billing):
    for i in range(MEMBERS - 1):
        billing.member(f"Member {i:02d}")
    cluster = billing.world.cluster_a
    created: list[int] = []

    def work(index):
        result = _retrying(
            lambda: domain.generate_invoices(
                cluster=cluster,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
                issued_on=date(2026, 1, 20),
            )
        )
        created.append(len(result.created))

    _in_threads(work)
    assert sorted(created) == [0] * (THREADS - 1) + [MEMBERS]
    _assert_gapless(cluster, MEMBERS)
