"""Fuzz every API operation from its OpenAPI schema (schemathesis' engine, as `st run` runs it),
as an admin and as a member.

The data is the test world plus every area's demo, so small ids point at real objects. Each user
gets two runs of every phase schemathesis has: examples, coverage (boundary and type-confusion
values for each parameter), fuzzing (positive and negative data) and stateful (chains that
follow the links schemathesis infers from the schema and from the answers, create -> read ->
update -> delete). The first run uses a fixed seed; the second a seed that changes per run,
printed in the summary so a failure reproduces with `CLUSTERHUB_FUZZ_SEED=<seed>`.

Requests are served in process (WSGI) on committed data, since the stateful phase needs what
one step wrote to be there for the next; the unit phases run each request in a transaction
that is rolled back, so a delete does not take a record away from the operations after it.
Nothing is left out: revoking an API token is called with a throwaway token of the same user,
and when a call revokes the token the run authenticates with, the run says so and issues a new
one (counted in the summary).

Every answer must be below 500, carry a documented status code and content type, and match the
documented schema; valid data sent by the admin must not be refused with a 4xx
(positive_data_acceptance, where a refusal can only be the data's fault: the member is refused
on permissions all the time). Run (each user is one test; -rP prints the summary):

    .venv/bin/python -m pytest -m fuzz tests/security/test_api_fuzz.py -n 2 -rP

`make test` leaves them out (`-m "not e2e and not fuzz"`); CI runs them as a stage of their own.
CLUSTERHUB_FUZZ_EXAMPLES overrides the number of examples per operation and phase.
"""

import logging
import os
import re
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import got_request_exception
from django.core.signals import request_finished
from django.core.signals import request_started
from django.db import close_old_connections
from django.db import transaction
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.models import ApiToken
from clusterhub.api import api
from tests.conftest import build_world

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    """The test world, committed: schemathesis' engine sends requests from threads of its own,
    whose connections see only committed rows (not the matrices' world of the module, kept
    in a transaction: tests/security/conftest.py)."""
    return build_world()


FIXED_SEED = 20_261_127
FUZZ_EXAMPLES = int(os.environ.get("CLUSTERHUB_FUZZ_EXAMPLES", "6"))
STATEFUL_STEPS = 6
REVOKE_TOKEN = re.compile(r"/api/v1/tokens/[^/]+")
UNIT_PHASES = ("examples", "coverage", "fuzzing")
POSITIVE = "positive_data_acceptance"


def engine_runs(seeds: tuple[int, int]) -> list[tuple[int, tuple[str, ...]]]:
    """(seed, phases) of each engine run. Examples and coverage enumerate values (the seed
    hardly changes them), so only the fixed seed runs them; both seeds fuzz and chain."""
    fixed, this_run = seeds
    return [
        (fixed, UNIT_PHASES),
        (fixed, ("stateful",)),
        (this_run, ("fuzzing",)),
        (this_run, ("stateful",)),
    ]


CHECKS = (
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
)


def run_seed() -> int:
    """The second run's seed: from CLUSTERHUB_FUZZ_SEED to reproduce one, else new each run."""
    given = os.environ.get("CLUSTERHUB_FUZZ_SEED")
    return int(given) if given else time.time_ns() % 2**31


@contextmanager
def in_process_requests() -> Iterator[list[str]]:
    """Serve requests in process, quietly, keeping the traceback of each 500.

    Django closes the connection around each request; the engine's threads keep theirs. The
    thousands of expected 404 and 422 are not logged.
    """
    tracebacks: list[str] = []

    def keep(sender, request=None, **kwargs):
        tracebacks.append(f"{request.method} {request.path}\n{traceback.format_exc()[-3000:]}")

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


class Credentials:
    """The run's bearer token; revoking calls get a throwaway one, and a revoked run token is
    replaced (and counted), so no operation is left out and none locks the run out."""

    def __init__(self, user):
        self.user = user
        self.reissued = 0
        self.record, self.token = create_token(user=user, name="fuzz")

    def header(self, method: str, path: str) -> str:
        if method == "DELETE" and REVOKE_TOKEN.fullmatch(path):
            return f"Bearer {create_token(user=self.user, name='fuzz-throwaway')[1]}"
        if not ApiToken.objects.filter(pk=self.record.pk, revoked_at__isnull=True).exists():
            self.reissued += 1
            self.record, self.token = create_token(user=self.user, name="fuzz")
        return f"Bearer {self.token}"


class App:
    """The Django WSGI app, authenticating as `credentials`; with `rollback` each request runs
    in a transaction that is rolled back."""

    def __init__(self, credentials: Credentials, *, rollback: bool):
        self.django = WSGIHandler()
        self.credentials = credentials
        self.rollback = rollback

    def __call__(self, environ, start_response):
        environ["HTTP_AUTHORIZATION"] = self.credentials.header(
            environ["REQUEST_METHOD"], environ["PATH_INFO"]
        )
        if not self.rollback:
            return self.django(environ, start_response)
        with transaction.atomic():
            # Read the whole body inside the transaction, then undo what the request wrote.
            body = b"".join(self.django(environ, start_response))
            transaction.set_rollback(True)
        return [body]


def config(seed: int, *, admin: bool, phases: tuple[str, ...]) -> SchemathesisConfig:
    checks = {name: {"enabled": True} for name in CHECKS}
    # A member is refused valid data on permissions (403) everywhere: the check means nothing.
    checks[POSITIVE] = {"enabled": admin, "expected-statuses": ["2xx", "404"]}
    return SchemathesisConfig.from_dict(
        {
            "seed": seed,
            "suppress-health-check": ["all"],
            "workers": 1,
            "generation": {"max-examples": FUZZ_EXAMPLES, "mode": "all", "database": "none"},
            "checks": {"enabled": False, **checks},
            "phases": {
                **{name: {"enabled": name in phases} for name in UNIT_PHASES},
                "stateful": {"enabled": "stateful" in phases, "max-steps": STATEFUL_STEPS},
            },
        }
    )


def run_engine(seed: int, username: str, credentials: Credentials, stats: Counter, *, phases):
    """One engine run of the unit phases given (each request rolled back) or of the stateful
    phase (not rolled back: a chain needs what its last step wrote). Returns the failures, the
    first per operation and check, and the positive-data refusals apart."""
    stateful = phases == ("stateful",)
    schema = schemathesis.openapi.from_dict(
        api.get_openapi_schema(),
        config=config(seed, admin=username == "admin", phases=phases),
    )
    schema.app = App(credentials, rollback=not stateful)
    refused: dict[str, str] = {}

    failures: dict[str, str] = {}
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            stats["scenarios"] += 1
            recorder = event.recorder
            stats["cases"] += len(recorder.cases)
            stats["requests"] += len(recorder.interactions)
            stats[f"requests:{event.phase.value}"] += len(recorder.interactions)
            for interaction in recorder.interactions.values():
                if interaction.response is not None:
                    stats[f"{interaction.response.status_code // 100}xx"] += 1
            for case_id, checks in recorder.checks.items():
                for check in checks:
                    if check.failure_info is None:
                        continue
                    label = recorder.cases[case_id].value.operation.label
                    found = refused if check.name == POSITIVE else failures
                    failure = check.failure_info.failure
                    found.setdefault(
                        f"{label} [{check.name}] seed {seed}",
                        f"{failure.title}: {failure.message}\n{check.failure_info.code_sample}"[
                            :2000
                        ],
                    )
        elif isinstance(event, events.NonFatalError):
            failures.setdefault(f"{event.label} [error] seed {seed}", str(event.value)[:2000])
        elif isinstance(event, events.FatalError):
            failures[f"engine [fatal] seed {seed}"] = repr(event.exception)
        elif isinstance(event, events.EngineFinished) and event.stop_reason != "completed":
            failures[f"engine [stopped: {event.stop_reason}] seed {seed}"] = ""
    return failures, refused


def load_demos() -> None:
    from clusterhub.registry.demo import load_demo
    from clusterhub.site.management.commands.demo import load_area_demos

    load_demo()
    load_area_demos()


@pytest.mark.parametrize("username", ["admin", "member_a"])
def test_every_operation_answers_within_its_schema(world, username):
    load_demos()
    operations = sum(len(methods) for methods in api.get_openapi_schema()["paths"].values())
    credentials = Credentials(world[username])
    stats: Counter = Counter()
    failures: dict[str, str] = {}
    refused: dict[str, str] = {}
    seeds = (FIXED_SEED, run_seed())
    started = time.monotonic()
    with in_process_requests() as tracebacks:
        for seed, phases in engine_runs(seeds):
            found, positive_refusals = run_engine(seed, username, credentials, stats, phases=phases)
            failures.update(found)
            refused.update(positive_refusals)
    summary = (
        f"API fuzz as {username}: {operations} operations, seeds {seeds[0]} (fixed) and "
        f"{seeds[1]} (this run; CLUSTERHUB_FUZZ_SEED={seeds[1]} repeats it), {FUZZ_EXAMPLES} "
        f"examples per operation and phase, {stats['scenarios']} scenarios, {stats['cases']} "
        f"cases, {stats['requests']} requests in {time.monotonic() - started:.0f} s; answers "
        f"{ {k: v for k, v in sorted(stats.items()) if k.endswith('xx')} }; run token "
        f"revoked and reissued {credentials.reissued} times; {len(failures)} failures; "
        f"requests by phase { {k[9:]: v for k, v in stats.items() if k.startswith('requests:')} }"
    )
    print(summary)
    # Valid data the admin sent that a domain rule refused (a 4xx the schema does not predict):
    # listed, not failed, until the schemas say what the domain requires (docs/security.md).
    print(f"{len(refused)} operations refused valid data: " + "; ".join(sorted(refused)))
    details = [f"{key}\n{value}" for key, value in failures.items()]
    assert not failures, "\n\n".join([summary, *details, *tracebacks[:20]])
