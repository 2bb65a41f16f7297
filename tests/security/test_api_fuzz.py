"""Fuzz every API operation from its OpenAPI schema (schemathesis), as an admin and as a member.

The data is the test world plus every area's demo, so small ids point at real objects. Each
operation gets FUZZ_EXAMPLES valid and FUZZ_EXAMPLES invalid requests per user, generated from a
fixed seed; each request runs in a savepoint that is rolled back, so a delete or a token
revocation does not change what the next request meets. Every answer must be below 500, carry a
documented status code and content type, and match the documented schema.

Run (each user is one test, so two cores run them side by side; -rP prints the summary):

    .venv/bin/python -m pytest -m fuzz tests/security/test_api_fuzz.py -n 2 -rP

`make test` leaves them out (`-m "not e2e and not fuzz"`); CI runs them as a stage of their own.
CLUSTERHUB_FUZZ_EXAMPLES overrides the number of examples.
"""

import logging
import os
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, seed, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from clusterhub.accounts.domain import create_token
from clusterhub.api import api

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SEED = 20_261_127
# Per operation, user and mode: 220 operations x 2 modes x 10 = 4,400 requests per user.
FUZZ_EXAMPLES = int(os.environ.get("CLUSTERHUB_FUZZ_EXAMPLES", "10"))
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
FUZZ_SETTINGS = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    # Failures are recorded, not raised, so there is nothing to shrink.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@contextmanager
def in_process_requests() -> Iterator[list[str]]:
    """Serve requests in this thread, on this test's database connection, quietly.

    Django closes the connection around each request; the test client prevents that the same
    way. A view's exception is kept (the list yielded) so a 500 shows its traceback, and the
    thousands of expected 404 and 422 are not logged.
    """
    tracebacks: list[str] = []

    def keep(sender, request=None, **kwargs):
        tracebacks.append(traceback.format_exc())

    request_logger = logging.getLogger("django.request")
    level = request_logger.level
    request_logger.setLevel(logging.CRITICAL)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep)
    try:
        yield tracebacks
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
        request_logger.setLevel(level)


def fuzz(operation, mode, headers: dict, failures: dict, tracebacks: list[str], statuses: Counter):
    """Run the examples of one operation and mode; record the first failure of each check."""

    @seed(SEED)
    @FUZZ_SETTINGS
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case):
        tracebacks.clear()
        with transaction.atomic():
            try:
                response = case.call(headers=headers)
                statuses[f"{response.status_code // 100}xx"] += 1
                case.validate_response(response, checks=CHECKS, headers=headers)
            except (Exception, FailureGroup) as exc:  # noqa: BLE001 (recorded; the run goes on)
                for failure in getattr(exc, "exceptions", [exc]):
                    title = getattr(failure, "title", type(failure).__name__)
                    detail = str(exc)[:2000] + "".join(tb[-3000:] for tb in tracebacks[-1:])
                    failures.setdefault(f"{operation.label} [{title}]", detail)
            transaction.set_rollback(True)

    run()


def load_demos() -> None:
    from clusterhub.registry.demo import load_demo
    from clusterhub.registry.management.commands.demo import load_area_demos

    load_demo()
    load_area_demos()


@pytest.mark.parametrize("username", ["admin", "member_a"])
def test_every_operation_answers_within_its_schema(world, username):
    load_demos()
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    schema.app = WSGIHandler()
    operations = [result.ok() for result in schema.get_all_operations()]
    headers = {"Authorization": f"Bearer {create_token(user=world[username], name='fuzz')[1]}"}
    failures: dict[str, str] = {}
    statuses: Counter = Counter()
    started = time.monotonic()
    with in_process_requests() as tracebacks:
        for operation in operations:
            for mode in MODES:
                fuzz(operation, mode, headers, failures, tracebacks, statuses)
    summary = (
        f"API fuzz as {username}: {len(operations)} operations, {statuses.total()} cases "
        f"({FUZZ_EXAMPLES} examples per operation and mode, seed {SEED}) in "
        f"{time.monotonic() - started:.0f} s; answers {dict(sorted(statuses.items()))}; "
        f"{len(failures)} failures"
    )
    print(summary)
    assert not failures, "\n\n".join([summary, *(f"{k}\n{v}" for k, v in failures.items())])
