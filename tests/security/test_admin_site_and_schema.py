"""The two URL namespaces the area matrices leave out: Django's admin site and the API's own pages.

The admin site is for platform administrators only (superusers; no role makes anyone staff):
every one of its URLs, generated from the URL registry, sends every other role and anonymous
visitors to the admin sign-in page, and opens for the platform admin. The API's schema and its
documentation page describe operations, never data, and are public on purpose so that client
authors can read them before they hold a token.
"""

import pytest
from django.test import Client
from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import get_resolver
from django.urls import reverse

from tests.conftest import ROLE_USERS
from tests.security.matrix import all_page_names

# Login shows its form to anyone. Logout sends a non-staff visitor to the admin index (which
# sends them on to sign in) without signing them out.
NOT_GUARDED = {"admin:login"}
SIGN_IN_AT = {"admin:logout": "/admin/"}


def _admin_patterns() -> dict[str, URLPattern]:
    """Every named admin URL pattern, by its "admin:name"."""

    def walk(patterns, inside_admin):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, inside_admin or pattern.namespace == "admin")
            elif inside_admin and pattern.name:
                yield f"admin:{pattern.name}", pattern

    found = {}
    for name, pattern in walk(get_resolver().url_patterns, False):
        found.setdefault(name, pattern)
    return found


def _admin_url(name: str, pattern: URLPattern) -> str:
    # Every argument gets a value that resolves: an app label that exists, "1" for any id.
    regex = pattern.pattern.regex
    if regex.groups > len(regex.groupindex):  # simple-history's re_path has unnamed groups
        return reverse(name, args=["1"] * regex.groups)
    kwargs = {key: "accounts" if key == "app_label" else "1" for key in regex.groupindex}
    return reverse(name, kwargs=kwargs)


ADMIN_URLS = {name: _admin_url(name, pattern) for name, pattern in _admin_patterns().items()}


def test_the_admin_url_list_is_the_registry():
    assert set(ADMIN_URLS) == all_page_names({"admin"})
    assert len(ADMIN_URLS) > 300
    assert "admin:accounts_auditentry_changelist" in ADMIN_URLS


@pytest.mark.parametrize("username", [u for u in ROLE_USERS if u != "admin"] + ["anonymous"])
def test_every_admin_url_sends_everyone_but_the_platform_admin_to_sign_in(world, username):
    client = Client()
    if username != "anonymous":
        client.force_login(world[username])
    wrong = {}
    for name, url in ADMIN_URLS.items():
        if name in NOT_GUARDED:
            continue
        response = client.get(url)
        expected = SIGN_IN_AT.get(name, f"/admin/login/?next={url}")
        if response.status_code != 302 or response["Location"] != expected:
            wrong[name] = (response.status_code, response.get("Location"))
    if username != "anonymous":
        assert client.session["_auth_user_id"] == str(world[username].pk)
    assert wrong == {}


def test_the_platform_admin_opens_the_admin_index_and_every_list(world, client_for):
    client = client_for(world["admin"])
    lists = {name: url for name, url in ADMIN_URLS.items() if name.endswith("_changelist")}
    assert len(lists) > 50
    wrong = {
        name: status
        for name, url in {"admin:index": ADMIN_URLS["admin:index"], **lists}.items()
        if (status := client.get(url).status_code) != 200
    }
    assert wrong == {}


def test_the_admin_sign_in_page_holds_nothing(world, client_for):
    client = client_for(world["manager_a"])
    login = client.get(ADMIN_URLS["admin:login"])
    assert login.status_code == 200
    assert "manager_a" in login.content.decode()  # "You are authenticated as manager_a, but..."
    assert "<table" not in login.content.decode()


@pytest.mark.parametrize("username", ["admin", "member_a", "anonymous"])
def test_the_api_schema_and_docs_are_public_and_describe_no_data(world, username):
    client = Client()
    if username != "anonymous":
        client.force_login(world[username])
    schema = client.get(reverse("api:openapi-json"))
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "ClusterHub API"
    docs = client.get(reverse("api:openapi-view"))
    assert docs.status_code == 200
    body = schema.content.decode() + docs.content.decode()
    for secret in (world.cluster_a.internal_notes, world.person_a.email, world.member_a.name):
        assert secret not in body
