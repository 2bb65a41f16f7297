"""Every training page needs sign-in except certificate verification; unknown ids are 404 for
any method, never 500."""

import pytest
from django.urls import URLPattern
from django.urls import reverse
from django.urls.converters import IntConverter

from clusterhub.training import urls as training_urls
from tests.factories import UserFactory

NAMED = [p for p in training_urls.urlpatterns if isinstance(p, URLPattern) and p.name]
PUBLIC = {"certificate_verify", "certificate_lookup"}
UNKNOWN_ID = 999_999
POST_ONLY = {
    "attendance_save",
    "enrolment_withdraw",
    "certificate_issue",
    "certificate_revoke",
}


def kwargs_for(pattern: URLPattern, pk: int = 1) -> dict[str, object]:
    values = {"phase": "before", "code": "ABCD"}
    return {
        name: pk if isinstance(converter, IntConverter) else values[name]
        for name, converter in pattern.pattern.converters.items()
    }


def test_index_is_named_for_the_navigation():
    assert reverse("training:index") == "/training/"


@pytest.mark.parametrize(
    "pattern", [p for p in NAMED if p.name not in PUBLIC], ids=lambda p: p.name
)
def test_anonymous_visitors_are_sent_to_sign_in(pattern, client, db):
    url = reverse(f"training:{pattern.name}", kwargs=kwargs_for(pattern))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("pattern", [p for p in NAMED if p.name in PUBLIC], ids=lambda p: p.name)
def test_verification_pages_are_public(pattern, client, db):
    response = client.get(reverse(f"training:{pattern.name}", kwargs=kwargs_for(pattern)))
    # The lookup form answers 200; the sample code "ABCD" is no certificate, so 404.
    assert response.status_code == (200 if pattern.name == "certificate_lookup" else 404)
    assert b"Certificate verification" in response.content


WITH_ID = [p for p in NAMED if "pk" in p.pattern.converters]


@pytest.mark.parametrize("pattern", WITH_ID, ids=lambda p: p.name)
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_id_is_not_found(pattern, method, client_for, db):
    url = reverse(f"training:{pattern.name}", kwargs=kwargs_for(pattern, pk=UNKNOWN_ID))
    response = getattr(client_for(UserFactory(username="visitor")), method)(url)
    # POST-only views answer GET with 405 before looking anything up.
    expected = 405 if method == "get" and pattern.name in POST_ONLY else 404
    assert response.status_code == expected
