"""Mailings permission matrix: a cluster's mailings are seen, written, tested, sent and deleted
by that cluster's managers and admins only (mailings/rules.py); to everyone else a mailing does
not exist (404), and so does the form for a cluster they do not manage. The list answers whoever
manages some cluster (manager_b sees cluster B's mailings, never A's), the API list answers everyone
signed in with only what they may see. The unsubscribe page answers everyone (the token is the
key); recording a bounce is for admins.
"""

import pytest

from clusterhub.mailings import domain
from tests.mailings.conftest import make_mailing
from tests.security.matrix import ADMIN
from tests.security.matrix import MANAGERS_A
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import allowed_answer
from tests.security.matrix import area_tests

NOT_MANAGERS_A = SIGNED_IN - MANAGERS_A
MANAGERS = MANAGERS_A | {"manager_b"}
# Ozola: the person of member A, a recipient, never shown outside cluster A's managers.
SECRETS = ("secret-mailing-a", "secret-mailing-b", "secret-notes-a", "secret-notes-b", "Ozola")
VERSIONS = {"en": {"subject": "Hello", "body_html": "<p>Hello</p>"}}


def _secret_mailing(cluster, secret: str):
    return make_mailing(
        cluster,
        title=secret,
        versions={"en": {"subject": secret, "body_html": f"<p>{secret}</p>"}},
    )


@pytest.fixture(scope="module")
def objects(world):
    token = domain.unsubscribe_token(
        cluster_id=world.cluster_a.pk, email="alda@member-a.example", category="news"
    )
    return {
        "cluster": world.cluster_a,
        "mailing": _secret_mailing(world.cluster_a, "secret-mailing-a"),
        "mailing_b": _secret_mailing(world.cluster_b, "secret-mailing-b"),
        "token": token,
    }


PAGES = [
    # Whoever manages a cluster; each sees only their clusters' mailings (checked below).
    Page("mailings:index", allowed=MANAGERS),
    Page("mailings:mailing_create", ("cluster",), MANAGERS_A, hidden=NOT_MANAGERS_A),
    # An empty form: shown again with its errors (400) to the managers, not found for others.
    Page(
        "mailings:mailing_create",
        ("cluster",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        method="post",
        ok=(400,),
    ),
    Page("mailings:mailing_detail", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A),
    Page("mailings:mailing_edit", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A),
    Page(
        "mailings:mailing_edit",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        method="post",
        ok=(400,),
    ),
    Page("mailings:mailing_delete", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A),
    Page(
        "mailings:mailing_delete",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        method="post",
        ok=(302,),
    ),
    Page(
        "mailings:mailing_test",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        method="post",
        ok=(302,),
    ),
    Page(
        "mailings:mailing_send",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        method="post",
        data=lambda o: {"when": ""},
        ok=(302,),
    ),
    # Public: the page shows only the token's own address, never a mailing or a note.
    Page("mailings:unsubscribe", ("token",), PUBLIC, sees_secrets=frozenset()),
]

OPERATIONS = [
    Operation("clusterhub_mailings_api_list_mailings", allowed=SIGNED_IN, sees_secrets=MANAGERS),
    Operation(
        "clusterhub_mailings_api_create_mailing",
        allowed=MANAGERS_A,
        body=lambda o: {"cluster": o["cluster"].pk, "title": "New", "versions": VERSIONS},
        # A cluster the caller does not manage is refused on the field, like an unknown id.
        exact=dict.fromkeys(NOT_MANAGERS_A, 422),
    ),
    Operation(
        "clusterhub_mailings_api_get_mailing", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A
    ),
    Operation(
        "clusterhub_mailings_api_update_mailing",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        body=lambda o: {"title": "Renamed"},
    ),
    Operation(
        "clusterhub_mailings_api_delete_mailing", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A
    ),
    Operation(
        "clusterhub_mailings_api_preview_mailing", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A
    ),
    Operation(
        "clusterhub_mailings_api_test_mailing", ("mailing",), MANAGERS_A, hidden=NOT_MANAGERS_A
    ),
    Operation(
        "clusterhub_mailings_api_send_mailing",
        ("mailing",),
        MANAGERS_A,
        hidden=NOT_MANAGERS_A,
        body=lambda o: {"when": None},
    ),
    Operation(
        "clusterhub_mailings_api_record_bounce",
        allowed=ADMIN,
        body=lambda o: {"email": "bounced@example.org"},
    ),
]


globals().update(
    area_tests(PAGES, OPERATIONS, SECRETS, namespaces=["mailings"], tags_or_prefixes=["mailings"])
)


# Each list shows its user's own cluster's mailing and never the other cluster's; admins see both.
LISTS = [PAGES[0], OPERATIONS[0]]
SEEN = [
    (row, username, shown, unseen)
    for row in LISTS
    for username, shown, unseen in (
        ("manager_a", ("secret-mailing-a",), ("secret-mailing-b",)),
        ("manager_b", ("secret-mailing-b",), ("secret-mailing-a",)),
        ("admin", ("secret-mailing-a", "secret-mailing-b"), ()),
    )
]


@pytest.mark.parametrize(
    ("row", "username", "shown", "unseen"), SEEN, ids=lambda v: getattr(v, "label", v)
)
def test_a_list_shows_only_the_mailings_of_clusters_one_manages(
    client_for, world, objects, row, username, shown, unseen
):
    answer = allowed_answer(client_for, world, objects, row, username)
    assert [secret for secret in shown if secret not in answer] == []
    assert [secret for secret in unseen if secret in answer] == []
