"""The permission matrix: who may open each page and call each API operation, as tables.

An area's test module lists one `Page` row per URL name and one `Operation` row per API
operationId, naming the users of `tests.conftest.ROLE_USERS` (plus `ANONYMOUS`) who are let
through. Every other user is denied, and the check asserts how:

- allowed: a GET answers 200 (or the row's `ok` statuses); a POST action or an API write is not
  refused (not 401/403/404) and does not fail (< 500); an API write with a valid body, a DELETE,
  and a write whose operation takes no body answer 2xx;
- denied, signed in: 403, or 404 for the users in `hidden` (the object is not visible to them);
- anonymous (unless allowed): pages redirect to the sign-in page, the API answers 401;
- a denied answer contains none of the area's secrets (strings planted in private data), and an
  allowed answer shown to a user outside `sees_secrets` (when a row sets it) contains none either,
  which is how lists that filter by visibility are checked.

Rows use cluster A's objects, so manager_b, outsider and the people of cluster B guessing those ids
are the cross-cluster (IDOR) cases. Tests either parametrise over (row, user) with `cases` and call
`check_page` / `check_operation`, or (faster) over rows with `rows` and call
`check_page_all` / `check_operation_all`, which try every user in a rolled-back savepoint and
report all wrong cells of the row together. The world and an area's `objects` are built once per
module (tests/security/conftest.py). `assert_complete` ties the tables to the URL and API
registries: an endpoint without a row, or a row naming no endpoint, fails its area's
completeness test.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from tests.conftest import ROLE_USERS

ANONYMOUS = "anonymous"
USERS = (*ROLE_USERS, ANONYMOUS)

# Role sets the area tables are written with (cluster A is the one with the programme).
SIGNED_IN = frozenset(ROLE_USERS)
PUBLIC = SIGNED_IN | {ANONYMOUS}
ADMIN = frozenset({"admin"})
NOBODY = frozenset()
MANAGERS_A = frozenset({"admin", "manager_a"})
EDITORS_A = frozenset({"admin", "manager_a", "staff_a"})
TEAM_A = EDITORS_A | {"coordinator"}
INSIDERS_A = TEAM_A | {"member_a", "expert_a", "observer_a"}
OUTSIDE_A = frozenset({"manager_b", "outsider"})

WRITE_METHODS = {"post", "put", "patch", "delete"}
REFUSALS = {401, 403, 404}


@dataclass(frozen=True)
class Page:
    """One URL name of the web pages (exports included)."""

    name: str
    # Keys into the area's `objects` dict, in URL argument order; a value that is not a key is
    # used literally (e.g. "csv").
    args: tuple = ()
    allowed: frozenset[str] = frozenset()
    # Denied users who get 404 (the object is not visible to them) rather than 403.
    hidden: frozenset[str] = frozenset()
    method: str = "get"
    # POST form data built from `objects`.
    data: Callable[[dict], dict] | None = None
    # Statuses an allowed user may get instead of the default (200 for GET).
    ok: tuple[int, ...] | None = None
    # When set, allowed users outside it must not find any secret in the answer.
    sees_secrets: frozenset[str] | None = None
    query: dict | None = None
    # Send `data` as a JSON body (for fetch() endpoints) instead of a form.
    json: bool = False
    # username -> the exact status that user gets, where it differs from the rule above (say
    # a form that refuses a foreign object by validation, 200, rather than by permission).
    exact: dict | None = None

    @property
    def label(self) -> str:
        return _label(self.name, self.args, self.method)


@dataclass(frozen=True)
class Operation:
    """One API operation, named by its operationId in /api/openapi.json."""

    operation_id: str
    # Path parameter values, in path order; same rule as Page.args.
    args: tuple = ()
    allowed: frozenset[str] = frozenset()
    hidden: frozenset[str] = frozenset()
    # A VALID JSON body for writes, so a denied user is refused by the permission check and not
    # by validation (ninja validates the body before the handler runs).
    body: Callable[[dict], dict] | None = None
    query: dict | None = None
    # Multipart form data (with files) for upload operations, instead of `body`.
    form: Callable[[dict], dict] | None = None
    ok: tuple[int, ...] | None = None
    sees_secrets: frozenset[str] | None = None
    exact: dict | None = None

    @property
    def label(self) -> str:
        short = self.operation_id.removeprefix("clusterhub_").replace("_api_", ":", 1)
        return _label(short, self.args, "")


def _label(name: str, args: tuple, method: str) -> str:
    parts = [name]
    if args:
        parts.append("(" + ",".join(str(a) for a in args) + ")")
    if method and method != "get":
        parts.append(f"[{method}]")
    return "".join(parts)


def cases(rows: Iterable[Page | Operation], users: Iterable[str] = USERS):
    """pytest params of (row, username) for every row and user, with readable ids."""
    users = tuple(users)
    return [pytest.param(row, user, id=f"{row.label}-{user}") for row in rows for user in users]


def rows(table: Iterable[Page | Operation]):
    """pytest params of one row each, for `check_page_all` / `check_operation_all`."""
    return [pytest.param(row, id=row.label) for row in table]


def _for_every_user(check, users: Iterable[str]) -> int:
    """Run `check(username)` for each user, each in a savepoint rolled back afterwards.

    The module's world then serves all users of a row, and what an allowed user wrote or
    deleted is gone before the next user tries. Every user's outcome is
    collected, so a failure lists all wrong cells of the row at once. Returns the cases run.
    """
    failures = []
    count = 0
    for username in users:
        count += 1
        try:
            with transaction.atomic():
                try:
                    check(username)
                finally:
                    transaction.set_rollback(True)
        except AssertionError as exc:
            failures.append(str(exc).splitlines()[0])
        except Exception as exc:  # noqa: BLE001 - a crash is a wrong cell like any other
            failures.append(f"{username}: {type(exc).__name__}: {exc}")
    assert not failures, "\n".join(failures)
    return count


def check_page_all(client_for, world, objects, row: Page, secrets, users=USERS) -> int:
    """`check_page` for every user; returns the number of cases."""
    return _for_every_user(
        lambda username: check_page(client_for, world, objects, row, username, secrets), users
    )


def check_operation_all(client_for, world, objects, row: Operation, secrets, users=USERS) -> int:
    """`check_operation` for every user; returns the number of cases."""
    return _for_every_user(
        lambda username: check_operation(client_for, world, objects, row, username, secrets),
        users,
    )


def _value(arg, objects: dict):
    if isinstance(arg, str) and arg in objects:
        obj = objects[arg]
        return getattr(obj, "pk", obj)
    return arg


def _values(args: tuple, objects: dict) -> list:
    return [_value(arg, objects) for arg in args]


def _user_client(client_for, world, username: str) -> Client:
    # A fresh client per user: one client shared by all would carry the previous user's flash
    # messages (a cookie that signing in again does not clear) into the next user's answer.
    client = Client()
    if username != ANONYMOUS:
        client.force_login(world[username])
    return client


def _assert_no_secrets(response, secrets: Iterable[str], what: str) -> None:
    body = _text(response)
    leaked = [secret for secret in secrets if secret and secret in body]
    assert not leaked, f"{what}: answer {response.status_code} leaks {leaked}"


def _text(response) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
        response.streaming_content = [content]  # so a later look still finds it
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def _exact(row, username: str, response, secrets, where: str) -> bool:
    """Assert the row's exact status for this user, if it names one; True when it did."""
    if not row.exact or username not in row.exact:
        return False
    expected = row.exact[username]
    assert response.status_code == expected, f"{where}: {response.status_code}, expected {expected}"
    if username not in row.allowed:
        _assert_no_secrets(response, secrets, where)
    return True


def _is_sign_in_redirect(response) -> bool:
    if response.status_code not in (301, 302):
        return False
    return response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)


# Pages ---------------------------------------------------------------------------------------


def page_url(row: Page, objects: dict) -> str:
    return reverse(row.name, args=_values(row.args, objects))


def check_page(client_for, world, objects: dict, row: Page, username: str, secrets) -> None:
    """Request the page as the user and assert the row's expectation for them."""
    url = page_url(row, objects)
    client = _user_client(client_for, world, username)
    where = f"{row.method.upper()} {url} as {username}"
    if row.method == "get":
        response = client.get(url, row.query or {})
    else:
        data = row.data(objects) if row.data else {}
        if row.query:
            url = f"{url}?{_query_string(row.query)}"
        if row.json:
            response = getattr(client, row.method)(
                url, json.dumps(data, default=str), content_type="application/json"
            )
        else:
            response = getattr(client, row.method)(url, data)
    status = response.status_code
    assert status < 500, f"{where}: {status}"
    if _exact(row, username, response, secrets, where):
        return
    if username in row.allowed:
        if row.ok is not None:
            assert status in row.ok, f"{where}: {status}, expected one of {row.ok}"
        elif row.method == "get":
            assert status == 200, f"{where}: {status}, expected 200"
        else:
            assert status not in REFUSALS, f"{where}: refused with {status}"
        if row.sees_secrets is not None and username not in row.sees_secrets:
            _assert_no_secrets(response, secrets, where)
        return
    if username == ANONYMOUS:
        assert _is_sign_in_redirect(response), f"{where}: {status}, expected sign-in redirect"
    else:
        expected = 404 if username in row.hidden else 403
        assert status == expected, f"{where}: {status}, expected {expected}"
    _assert_no_secrets(response, secrets, where)


# API -----------------------------------------------------------------------------------------


@functools.cache
def _openapi() -> dict:
    from clusterhub.api import api

    return api.get_openapi_schema()


@functools.cache
def operations_by_id() -> dict[str, tuple[str, str, dict]]:
    """operationId -> (method, path template, the OpenAPI operation) for the whole API."""
    found = {}
    for path, methods in _openapi()["paths"].items():
        for method, operation in methods.items():
            found[operation["operationId"]] = (method, path, operation)
    return found


def operation_url(row: Operation, objects: dict) -> tuple[str, str]:
    method, template, _operation = operations_by_id()[row.operation_id]
    names = re.findall(r"{([^}]+)}", template)
    values = _values(row.args, objects)
    assert len(names) == len(values), f"{row.label}: path {template} takes {names}"
    path = template
    for name, value in zip(names, values, strict=True):
        path = path.replace("{" + name + "}", str(value), 1)
    return method, path


def _query_string(query: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(query, doseq=True)


def api_client(world, username: str) -> Client:
    """A client calling the API with the user's own bearer token (none when anonymous)."""
    if username == ANONYMOUS:
        return Client()
    from clusterhub.accounts.domain import create_token

    _record, token = create_token(user=world[username], name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def check_operation(client_for, world, objects: dict, row: Operation, username: str, secrets):
    """Call the operation as the user (bearer token) and assert the row's expectation."""
    method, path = operation_url(row, objects)
    _m, _t, operation = operations_by_id()[row.operation_id]
    client = api_client(world, username)
    if row.query:
        path = f"{path}?{_query_string(row.query)}"
    where = f"{method.upper()} {path} as {username}"
    if row.form is not None:
        response = client.post(path, row.form(objects))
    elif method in WRITE_METHODS and method != "delete":
        body = row.body(objects) if row.body else {}
        response = getattr(client, method)(
            path, json.dumps(body, default=str), content_type="application/json"
        )
    else:
        response = getattr(client, method)(path)
    status = response.status_code
    assert status < 500, f"{where}: {status}"
    if _exact(row, username, response, secrets, where):
        return
    if username in row.allowed:
        if row.ok is not None:
            assert status in row.ok, f"{where}: {status}, expected one of {row.ok}"
        elif method == "get":
            assert status == 200, f"{where}: {status}, expected 200: {_text(response)[:300]}"
        elif (
            row.body is not None
            or row.form is not None
            or method == "delete"
            or "requestBody" not in operation
        ):
            assert 200 <= status < 300, f"{where}: {status}, expected 2xx: {_text(response)[:300]}"
        else:
            assert status not in REFUSALS, f"{where}: refused with {status}"
        if row.sees_secrets is not None and username not in row.sees_secrets:
            _assert_no_secrets(response, secrets, where)
        return
    if username == ANONYMOUS:
        assert status == 401, f"{where}: {status}, expected 401"
    else:
        expected = 404 if username in row.hidden else 403
        assert status == expected, (
            f"{where}: {status}, expected {expected}: {_text(response)[:200]}"
        )
    _assert_no_secrets(response, secrets, where)


# Completeness --------------------------------------------------------------------------------


def _walk(patterns, namespace: list[str]) -> Iterable[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = [*namespace, pattern.namespace] if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join([*namespace, pattern.name])


def all_page_names(namespaces: Iterable[str]) -> set[str]:
    """Every named URL ("ns:name") under the given namespaces; "" selects the names outside
    any namespace (the home page, say)."""
    namespaces = set(namespaces)
    return {
        name
        for name in _walk(get_resolver().url_patterns, [])
        if (name.split(":", 1)[0] if ":" in name else "") in namespaces
    }


def all_namespaces() -> set[str]:
    """The URL namespaces of the project ("" for the names outside any)."""
    return {
        name.split(":", 1)[0] if ":" in name else ""
        for name in _walk(get_resolver().url_patterns, [])
    }


def all_operation_ids(tags_or_prefixes: Iterable[str]) -> set[str]:
    """Every operationId tagged with one of the tags, or whose path starts with a "/" prefix."""
    wanted = list(tags_or_prefixes)
    tags = {item for item in wanted if not item.startswith("/")}
    prefixes = tuple(item for item in wanted if item.startswith("/"))
    return {
        operation_id
        for operation_id, (_method, path, operation) in operations_by_id().items()
        if tags & set(operation.get("tags", ())) or (prefixes and path.startswith(prefixes))
    }


def assert_complete(
    pages: Iterable[Page],
    operations: Iterable[Operation],
    *,
    namespaces: Iterable[str],
    tags_or_prefixes: Iterable[str],
) -> None:
    """Every URL name and operation of the area has a row, and every row names one that exists."""
    pages, operations = list(pages), list(operations)
    known_pages = all_page_names(namespaces)
    known_operations = all_operation_ids(tags_or_prefixes)
    listed_pages = {row.name for row in pages}
    listed_operations = {row.operation_id for row in operations}
    problems = []
    if missing := sorted(known_pages - listed_pages):
        problems.append(f"pages without a matrix row: {missing}")
    if missing := sorted(known_operations - listed_operations):
        problems.append(f"API operations without a matrix row: {missing}")
    if unknown := sorted(listed_pages - known_pages):
        problems.append(f"rows naming no page: {unknown}")
    if unknown := sorted(listed_operations - known_operations):
        problems.append(f"rows naming no API operation: {unknown}")
    for row in pages + operations:
        unknown_users = (row.allowed | row.hidden | set(row.exact or ())) - set(USERS)
        if unknown_users:
            problems.append(f"{row.label}: unknown users {sorted(unknown_users)}")
        if row.allowed & row.hidden:
            problems.append(
                f"{row.label}: both allowed and hidden {sorted(row.allowed & row.hidden)}"
            )
    assert not problems, "\n".join(problems)


def allowed_answer(client_for, world, objects, row, username: str) -> str:
    """The body of an allowed GET answer (page or API), for the checks that secrets are real."""
    if isinstance(row, Page):
        response = client_for(world[username]).get(page_url(row, objects), row.query or {})
    else:
        _method, path = operation_url(row, objects)
        response = api_client(world, username).get(path)
    assert response.status_code == 200, f"{row.label} as {username}: {response.status_code}"
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", errors="replace")
    return response.content.decode()


class _HtmlAsPdf:
    """Stands in for weasyprint.HTML: its "PDF" is a PDF header and the HTML it was given."""

    def __init__(self, string: str, base_url=None):
        self.string = string

    def write_pdf(self, stylesheets=()) -> bytes:
        return b"%PDF-1.7\n" + self.string.encode()


def pdf_as_its_html(monkeypatch) -> None:
    """Documents come out of common/pdf.py's `render_pdf` as their HTML, not laid out.

    The matrix asks who may open each document and whether what it says leaks a secret. A real
    PDF's text sits in compressed streams, where the byte search for secrets cannot see it, and
    laying out the pages was a fifth of the suite's time (a document row is rendered once for
    each allowed user). The template is still rendered for every user; each area's own tests
    render its documents for real and read their text back.
    """
    import weasyprint

    monkeypatch.setattr(weasyprint, "HTML", _HtmlAsPdf)


# The tests of an area's matrix module -------------------------------------------------------


def area_tests(
    pages: Iterable[Page],
    operations: Iterable[Operation],
    secrets,
    *,
    namespaces: Iterable[str],
    tags_or_prefixes: Iterable[str],
    shown: Iterable[tuple] = (),
) -> dict:
    """The tests every area's matrix runs, for its module to take in with
    `globals().update(area_tests(PAGES, OPERATIONS, SECRETS, namespaces=..., ...))`:

    - `test_page` / `test_operation`: every row, every user (`check_page_all` /
      `check_operation_all`), against the module's `objects` fixture;
    - `test_every_endpoint_has_a_row`: `assert_complete` for the area's namespaces and tags;
    - `test_each_secret_is_shown_to_someone_allowed`, given `shown` (row, username, secret)
      triples: the planted strings do reach allowed users, so their absence elsewhere means
      something.
    """
    pages, operations, shown = list(pages), list(operations), list(shown)
    namespaces, tags_or_prefixes = list(namespaces), list(tags_or_prefixes)
    tests = {}

    if pages:

        @pytest.mark.parametrize("row", rows(pages))
        def test_page(client_for, world, objects, row, monkeypatch):
            pdf_as_its_html(monkeypatch)
            check_page_all(client_for, world, objects, row, secrets)

        tests["test_page"] = test_page

    if operations:

        @pytest.mark.parametrize("row", rows(operations))
        def test_operation(client_for, world, objects, row, monkeypatch):
            pdf_as_its_html(monkeypatch)
            check_operation_all(client_for, world, objects, row, secrets)

        tests["test_operation"] = test_operation

    def test_every_endpoint_has_a_row():
        assert_complete(pages, operations, namespaces=namespaces, tags_or_prefixes=tags_or_prefixes)

    tests["test_every_endpoint_has_a_row"] = test_every_endpoint_has_a_row

    if shown:

        @pytest.mark.parametrize(
            ("row", "username", "secret"), shown, ids=lambda v: getattr(v, "label", v)
        )
        def test_each_secret_is_shown_to_someone_allowed(
            client_for, world, objects, row, username, secret
        ):
            assert secret in allowed_answer(client_for, world, objects, row, username)

        tests["test_each_secret_is_shown_to_someone_allowed"] = (
            test_each_secret_is_shown_to_someone_allowed
        )

    return tests
