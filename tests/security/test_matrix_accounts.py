"""Accounts permission matrix: sign-in, profile, tokens, personal data, the audit log and locks.

Everyone signed in manages their own account and tokens; someone else's token is not found
(404), never revoked; the audit log and the sign-in locks are for platform admins
(accounts/rules.py). The pages outside any area (home, the language switch) are here too, and the
check that every page and API operation of the project has a row in one of the area matrices.
"""

import importlib
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from clusterhub.accounts.domain import create_token
from clusterhub.accounts.models import SignInThrottle
from tests.security.matrix import ADMIN
from tests.security.matrix import NOBODY
from tests.security.matrix import PUBLIC
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import all_namespaces
from tests.security.matrix import all_page_names
from tests.security.matrix import area_tests
from tests.security.matrix import operations_by_id

OWNER = frozenset({"manager_a"})
NOT_OWNER = SIGNED_IN - OWNER
# The name of manager A's token: only manager A's own pages and answers may show it.
SECRETS = ("token-of-manager-a",)


@pytest.fixture(scope="module")
def objects(world):
    token, _raw = create_token(user=world["manager_a"], name="token-of-manager-a")
    now = timezone.now()
    lock = SignInThrottle.objects.create(
        scope="pair",
        username="manager_a",
        address="203.0.113.66",
        failures=5,
        window_ends=now + timedelta(minutes=15),
        locked_until=now + timedelta(minutes=15),
    )
    return {"token_a": token, "lock": lock}


PAGES = [
    # Signed-in users are sent on from the sign-in page (302); everyone else gets the form.
    Page("accounts:login", allowed=PUBLIC, ok=(200, 302), sees_secrets=NOBODY),
    Page("accounts:logout", allowed=PUBLIC, method="post", ok=(302,)),
    Page("accounts:password_change", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("accounts:password_change_done", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("accounts:profile", allowed=SIGNED_IN, sees_secrets=OWNER),
    # One's own profile language: every signed-in user, for themselves only.
    Page(
        "accounts:language",
        allowed=SIGNED_IN,
        method="post",
        data=lambda o: {"language": "lv"},
        ok=(302,),
        sees_secrets=NOBODY,
    ),
    Page(
        "accounts:token_create",
        allowed=SIGNED_IN,
        method="post",
        data=lambda o: {"name": "laptop"},
        ok=(200,),
        sees_secrets=OWNER,
    ),
    Page("accounts:token_revoke", ("token_a",), OWNER, hidden=NOT_OWNER, method="post"),
    Page("accounts:my_data", allowed=SIGNED_IN, sees_secrets=OWNER),
    Page("accounts:delete_account", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Page("accounts:audit_log", allowed=ADMIN),
    Page("accounts:audit_log_export", allowed=ADMIN),
    # Sign-in locks name usernames and addresses: platform admins only.
    Page("accounts:sign_in_locks", allowed=ADMIN),
    Page("accounts:sign_in_lock_lift", ("lock",), ADMIN, method="post"),
    # Outside any area: home sends the signed-in on to the dashboards.
    Page("home", allowed=SIGNED_IN, ok=(302,)),
    # Django's set_language (the header's language switcher): everyone, signed in or not.
    Page(
        "set_language",
        allowed=PUBLIC,
        method="post",
        data=lambda o: {"language": "lv", "next": "/"},
        ok=(302,),
        sees_secrets=NOBODY,
    ),
]

OPERATIONS = [
    Operation("clusterhub_accounts_api_me", allowed=SIGNED_IN, sees_secrets=NOBODY),
    Operation("clusterhub_accounts_api_list_tokens", allowed=SIGNED_IN, sees_secrets=OWNER),
    Operation(
        "clusterhub_accounts_api_create_token",
        allowed=SIGNED_IN,
        body=lambda o: {"name": "ci"},
        sees_secrets=NOBODY,
    ),
    Operation("clusterhub_accounts_api_revoke_token", ("token_a",), OWNER, hidden=NOT_OWNER),
    Operation("clusterhub_accounts_api_list_audit_log", allowed=ADMIN),
]


globals().update(
    area_tests(
        PAGES, OPERATIONS, SECRETS, namespaces=["accounts", ""], tags_or_prefixes=["accounts"]
    )
)


def test_every_page_and_operation_of_the_project_has_a_row():
    """Across all area matrices: a new app, or an endpoint outside every area, fails here."""
    pages, operations = [], []
    for path in sorted(Path(__file__).parent.glob("test_matrix_*.py")):
        module = importlib.import_module(f"tests.security.{path.stem}")
        pages += list(module.PAGES)
        operations += list(module.OPERATIONS)
    listed_pages = {row.name for row in pages}
    listed_operations = {row.operation_id for row in operations}
    # Django's admin site and the API's schema and docs pages are checked in
    # test_admin_site_and_schema.py; the other "api" URLs are the operations checked below.
    assert sorted(all_page_names(all_namespaces() - {"admin", "api"}) - listed_pages) == []
    assert sorted(set(operations_by_id()) - listed_operations) == []
