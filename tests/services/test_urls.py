"""Every services page needs sign-in (but the one-time answer link), unknown ids are 404."""

import pytest
from django.urls import URLPattern
from django.urls import reverse
from django.urls.converters import IntConverter

from clusterhub.services import urls

NAMED = [p for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name]
PUBLIC = {"survey_token"}
SLUGS = {"what": "portfolio", "fmt": "csv", "action": "open", "token": "abc"}


def kwargs_for(pattern: URLPattern, pk: int = 1) -> dict[str, object]:
    return {
        name: pk if isinstance(converter, IntConverter) else SLUGS[name]
        for name, converter in pattern.pattern.converters.items()
    }


@pytest.mark.parametrize(
    "pattern", [p for p in NAMED if p.name not in PUBLIC], ids=lambda p: p.name
)
def test_anonymous_visitors_are_sent_to_sign_in(pattern, client, db):
    url = reverse(f"services:{pattern.name}", kwargs=kwargs_for(pattern))
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize(
    "pattern", [p for p in NAMED if "pk" in p.pattern.converters], ids=lambda p: p.name
)
def test_an_unknown_id_is_not_found_even_for_an_admin(pattern, client_for, world):
    url = reverse(f"services:{pattern.name}", kwargs=kwargs_for(pattern, pk=999_999))
    assert client_for(world["admin"]).post(url).status_code == 404
