"""Every grants page: sign-in required except the public ones; unknown ids are 404, never 500."""

import pytest
from django.urls import URLPattern
from django.urls import reverse
from django.urls.converters import IntConverter

from clusterhub.grants import urls as grants_urls
from tests.factories import UserFactory

NAMED = [p for p in grants_urls.urlpatterns if isinstance(p, URLPattern) and p.name]
PUBLIC = {"index", "public_project", "public_news"}


def kwargs_for(pattern: URLPattern, pk: int) -> dict:
    values = {"fmt": "pdf", "acronym": "NOPE"}
    return {
        name: pk if isinstance(conv, IntConverter) else values[name]
        for name, conv in pattern.pattern.converters.items()
    }


@pytest.mark.parametrize(
    "pattern", [p for p in NAMED if p.name not in PUBLIC], ids=lambda p: p.name
)
def test_anonymous_visitors_are_sent_to_sign_in(pattern, client, db):
    url = reverse(f"grants:{pattern.name}", kwargs=kwargs_for(pattern, 1))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("pattern", NAMED, ids=lambda p: p.name)
def test_unknown_ids_are_404_for_a_signed_in_user(pattern, client_for, db):
    url = reverse(f"grants:{pattern.name}", kwargs=kwargs_for(pattern, 999_999))
    c = client_for(UserFactory(username="visitor"))
    post_only = {"expenditure_delete", "deliverable_link", "deliverable_unlink"}
    response = c.post(url) if pattern.name in post_only else c.get(url)
    expected = 200 if pattern.name == "index" else 404
    assert response.status_code == expected


def test_odd_query_strings_do_not_break_pages(grant, world, client_for):
    c = client_for(world["coordinator"])
    pk = grant.project.pk
    # A partner filter that cannot be an id names no partner (common/pages.id_or_404).
    assert c.get(f"/grants/projects/{pk}/expenditure/?partner=abc").status_code == 404
    assert (
        c.get(f"/grants/projects/{pk}/expenditure/?partner=99999999999999999999").status_code == 404
    )
    assert c.get(f"/grants/projects/{pk}/report.pdf?period=99999999999").status_code == 404
    assert c.get(f"/grants/projects/{pk}/report.pdf?period=x").status_code == 404
    assert c.get(f"/grants/projects/{pk}/report.txt").status_code == 404
    assert c.get("/grants/p/%00/").status_code == 404
