"""Directory permission matrix: the public pages, the widget and the public API answer everyone
(anonymous included) with no private data; the page where a member's public listing is decided
is for the cluster's manager, the member's representative and admins (directory/rules.py)."""

import pytest

from tests.security.matrix import PUBLIC
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests

# Who decides whether member A is named on cluster A's public page.
DECIDES_A = frozenset({"admin", "manager_a", "member_a"})

SECRETS = (
    "secret-notes-a",
    "secret-notes-b",
    "membership-note-a",
    "membership-note-b",
    "alda@member-a.example",
    "berit@member-b.example",
    "Ozola",
)


@pytest.fixture(scope="module")
def objects(world):
    return {"cluster": world.cluster_a, "member": world.member_a}


def _listing(objects):
    return {"shown": [objects["member"].pk], "listed": [objects["member"].pk]}


PAGES = [
    Page("directory:index", allowed=PUBLIC, sees_secrets=frozenset()),
    Page("directory:cluster", ("cluster",), allowed=PUBLIC, sees_secrets=frozenset()),
    Page("directory:widget", ("cluster",), allowed=PUBLIC, sees_secrets=frozenset()),
    # The acronym address redirects to the page above, for everyone.
    Page(
        "directory:cluster_by_acronym",
        ("CLA",),
        allowed=PUBLIC,
        ok=(302,),
        sees_secrets=frozenset(),
    ),
    Page("directory:listing", ("cluster",), allowed=DECIDES_A),
    Page("directory:listing", ("cluster",), allowed=DECIDES_A, method="post", data=_listing),
]

OPERATIONS = [
    Operation(
        "clusterhub_directory_api_list_public_clusters",
        allowed=PUBLIC,
        sees_secrets=frozenset(),
    ),
    Operation(
        "clusterhub_directory_api_get_public_cluster",
        ("cluster",),
        allowed=PUBLIC,
        sees_secrets=frozenset(),
    ),
]


globals().update(
    area_tests(PAGES, OPERATIONS, SECRETS, namespaces=["directory"], tags_or_prefixes=["directory"])
)
