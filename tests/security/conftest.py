"""The security tests' world is built once per module, not once per test.

An area's permission matrix checks every row with the same world and objects (its `objects`
fixture is module-scoped too), so building them once per module instead of once per row took
about a minute off the suite. The world is built in a transaction rolled back when the module
ends; every test here runs in a savepoint inside it (`db`, asked for by every test), and each
user of a matrix row in a savepoint of its own, so nothing one test writes reaches the next
(and the uploads a test deletes are put back). The API fuzz, whose requests come from threads of
their own, builds its own committed world (test_api_fuzz.py).
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import build_world
from tests.conftest import kept_for_the_module


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    with kept_for_the_module(django_db_blocker, MEDIA_ROOT=media):
        yield build_world()


@pytest.fixture(autouse=True)
def _rolled_back(db):
    """Each test's writes are undone before the next: its rows by the savepoint, and the files
    it deleted (a record's delete takes its upload off the disk) put back."""
    media = Path(settings.MEDIA_ROOT)
    files = {path: path.read_bytes() for path in media.rglob("*") if path.is_file()}
    yield
    for path, content in files.items():
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
