"""Someone else saving in the same moment as the test's request, for the pages that lock the
record whose rows they save (common.concurrency.holding).

The claim is about PostgreSQL: there, without the lock, the test's save reads the rows before
the other save commits and overwrites it. SQLite serialises writers by itself (IMMEDIATE
transactions); the suite's in-memory SQLite, shared between threads, answers "table is locked"
at once instead of waiting, so these tests run on PostgreSQL only (CI runs the suite on both).
"""

import threading

import pytest
from django.db import connection

from clusterhub.common.concurrency import holding

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a database server that waits for locks"
)


def saved_meanwhile(record, save) -> threading.Thread:
    """Run `save` in another connection, holding `record` as the pages do; return once it has
    written but not committed. It commits half a second later, while the test's own request is
    (or, without the lock, is not) waiting for it. Join the thread before asserting."""
    written, release = threading.Event(), threading.Event()

    def run():
        try:
            with holding(record):
                save()
                written.set()
                release.wait(20)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(20)
    threading.Timer(0.5, release.set).start()
    return thread
