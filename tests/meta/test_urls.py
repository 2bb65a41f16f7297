"""Every registry URL name leads to its view, sign-in is required everywhere, unknown ids are 404."""

import pytest
from django.urls import URLPattern
from django.urls import resolve
from django.urls import reverse
from django.urls.converters import IntConverter

from clusterhub.registry import urls as registry_urls
from tests.factories import UserFactory

NAMED = [p for p in registry_urls.urlpatterns if isinstance(p, URLPattern) and p.name]
UNKNOWN_ID = 999_999


def sample_kwargs(pattern: URLPattern, pk: int = 1) -> dict[str, object]:
    """A value for each path parameter: an id for <int:...>, the CSV format for <str:fmt>."""
    return {
        name: pk if isinstance(converter, IntConverter) else "csv"
        for name, converter in pattern.pattern.converters.items()
    }


def test_url_names_are_unique_and_include_the_pages_others_link_to():
    names = [p.name for p in NAMED]
    assert len(set(names)) == len(names)
    linked = {"cluster_list", "dashboard_index", "cluster_dashboard", "organisations_export"}
    assert linked - set(names) == set()


@pytest.mark.parametrize("pattern", NAMED, ids=lambda p: p.name)
def test_url_name_resolves_back_to_its_own_view(pattern):
    url = reverse(f"registry:{pattern.name}", kwargs=sample_kwargs(pattern))
    match = resolve(url)
    # An alias (a second name for the same path) resolves to the first name; same route and view.
    assert match.route == f"registry/{pattern.pattern}"
    assert match.func is pattern.callback


@pytest.mark.parametrize("pattern", NAMED, ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_sign_in(pattern, client, db):
    url = reverse(f"registry:{pattern.name}", kwargs=sample_kwargs(pattern))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


WITH_ID = [p for p in NAMED if "pk" in p.pattern.converters]


@pytest.mark.parametrize("pattern", WITH_ID, ids=lambda p: p.name)
def test_an_unknown_id_is_not_found_for_a_signed_in_user(pattern, client_for, db):
    url = reverse(f"registry:{pattern.name}", kwargs=sample_kwargs(pattern, pk=UNKNOWN_ID))
    response = client_for(UserFactory(username="visitor")).get(url)
    assert response.status_code == 404
