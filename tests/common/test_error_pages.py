"""Error answers get the site's layout, a plain explanation and a way on; 4xx log one line."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.views.defaults import server_error

from tests.conftest import PASSWORD


def _text(response) -> str:
    return response.content.decode()


def test_404_has_the_layout_navigation_and_a_way_back(client_for, world):
    response = client_for(world.users["manager_a"]).get("/registry/no-such-page/")
    assert response.status_code == 404
    html = _text(response)
    assert "<title>Page not found · ClusterHub</title>" in html
    assert 'aria-label="Areas"' in html  # the site's navigation
    assert "There is no page at this address." in html
    assert f'href="{reverse("home")}"' in html


def test_404_for_an_anonymous_visitor_offers_sign_in(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert f'href="{reverse("accounts:login")}?next=/no-such-page/"' in _text(response)


def test_403_explains_and_logs_one_line_without_traceback(client_for, world, caplog):
    dashboard = reverse("registry:cluster_dashboard", args=[world.cluster_a.pk])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client_for(world.users["manager_b"]).get(dashboard)
    assert response.status_code == 403
    html = _text(response)
    assert "<h1>You may not open this page</h1>" in html
    assert 'aria-label="Areas"' in html
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == f"Forbidden (Permission denied): {dashboard}"
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_csrf_failure_page_is_in_the_layout(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["manager_a"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    html = _text(response)
    assert "<h1>This form could not be accepted</h1>" in html
    assert "Nothing was saved." in html
    assert 'aria-label="Areas"' in html


def test_400_for_a_bad_host_is_in_the_layout(client):
    response = client.get("/accounts/login/", HTTP_HOST="bad host")
    assert response.status_code == 400
    assert "<h1>This request could not be understood</h1>" in _text(response)


def test_500_page_needs_no_database(rf):
    # No database fixture: pytest-django refuses any query, so this renders without one.
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = _text(response)
    assert "<h1>Something went wrong</h1>" in html
    assert '<a href="/">Go to the start page</a>' in html


@pytest.mark.urls("tests.common.error_urls")
def test_a_failing_page_answers_the_500_page_and_logs_the_traceback(world, caplog):
    client = Client(raise_request_exception=False)
    client.login(username="manager_a", password=PASSWORD)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in _text(response)
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


def test_favicon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    page = client.get(reverse("accounts:login"))
    assert 'rel="icon"' in _text(page)
