"""Mailings permission matrix: every mailings page and API operation against every role.

Expectations follow mailings/rules.py: only cluster A's manager (and admins) see, write, test,
send and delete cluster A's mailings; everyone else gets 404 for them (they do not exist for
them) and 403 on the list (manager_b manages cluster B, so the list answers him, without A's
mailings). The unsubscribe page answers everyone, anonymous included. Bounces are for admins.
"""

import pytest

from clusterhub.mailings import domain
from tests.mailings.conftest import make_mailing
from tests.security.matrix import (
    ADMIN,
    MANAGERS_A,
    PUBLIC,
    ROLE_USERS,
    SIGNED_IN,
    Operation,
    Page,
    assert_complete,
    check_operation_all,
    check_page_all,
    rows,
)

SECRETS = ("secret-mailing-a", "alda@member-a.example", "Ozola")
OTHERS = frozenset(ROLE_USERS) - MANAGERS_A
VERSIONS = {"en": {"subject": "Hello", "body_html": "<p>Hello</p>"}}


@pytest.fixture
def objects(world):
    mailing = make_mailing(
        world.cluster_a,
        title="secret-mailing-a",
        versions={"en": {"subject": "secret-mailing-a", "body_html": "<p>secret-mailing-a</p>"}},
    )
    token = domain.unsubscribe_token(
        cluster_id=world.cluster_a.pk, email="alda@member-a.example", category="news"
    )
    return {"cluster": world.cluster_a, "mailing": mailing, "token": token}


PAGES = [
    Page(
        "mailings:index",
        allowed=MANAGERS_A | {"manager_b"},
        sees_secrets=MANAGERS_A,
    ),
    Page("mailings:mailing_create", ("cluster",), allowed=MANAGERS_A, hidden=OTHERS),
    Page("mailings:mailing_detail", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS),
    Page("mailings:mailing_edit", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS),
    Page("mailings:mailing_delete", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS),
    Page(
        "mailings:mailing_delete",
        ("mailing",),
        allowed=MANAGERS_A,
        hidden=OTHERS,
        method="post",
        ok=(302,),
    ),
    Page(
        "mailings:mailing_test",
        ("mailing",),
        allowed=MANAGERS_A,
        hidden=OTHERS,
        method="post",
        ok=(302,),
    ),
    Page(
        "mailings:mailing_send",
        ("mailing",),
        allowed=MANAGERS_A,
        hidden=OTHERS,
        method="post",
        data=lambda objects: {"when": ""},
        ok=(302,),
    ),
    # Public: the token is the key; the page shows only the token's own address.
    Page("mailings:unsubscribe", ("token",), allowed=PUBLIC),
]

OPERATIONS = [
    Operation("clusterhub_mailings_api_list_mailings", allowed=SIGNED_IN, sees_secrets=MANAGERS_A),
    Operation(
        "clusterhub_mailings_api_create_mailing",
        allowed=MANAGERS_A,
        body=lambda o: {"cluster": o["cluster"].pk, "title": "New", "versions": VERSIONS},
        # A cluster the caller does not manage is refused on the field, like an unknown id.
        exact=dict.fromkeys(OTHERS, 422),
    ),
    Operation(
        "clusterhub_mailings_api_get_mailing", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS
    ),
    Operation(
        "clusterhub_mailings_api_update_mailing",
        ("mailing",),
        allowed=MANAGERS_A,
        hidden=OTHERS,
        body=lambda o: {"title": "Renamed"},
    ),
    Operation(
        "clusterhub_mailings_api_delete_mailing", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS
    ),
    Operation(
        "clusterhub_mailings_api_preview_mailing", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS
    ),
    Operation(
        "clusterhub_mailings_api_test_mailing", ("mailing",), allowed=MANAGERS_A, hidden=OTHERS
    ),
    Operation(
        "clusterhub_mailings_api_send_mailing",
        ("mailing",),
        allowed=MANAGERS_A,
        hidden=OTHERS,
        body=lambda o: {"when": None},
    ),
    Operation(
        "clusterhub_mailings_api_record_bounce",
        allowed=ADMIN,
        body=lambda o: {"email": "bounced@example.org"},
    ),
]


@pytest.mark.parametrize("row", rows(PAGES))
def test_page(client_for, world, objects, row):
    check_page_all(client_for, world, objects, row, SECRETS)


@pytest.mark.parametrize("row", rows(OPERATIONS))
def test_operation(client_for, world, objects, row):
    check_operation_all(client_for, world, objects, row, SECRETS)


def test_every_mailings_endpoint_has_a_row():
    assert_complete(PAGES, OPERATIONS, namespaces=["mailings"], tags_or_prefixes=["mailings"])
