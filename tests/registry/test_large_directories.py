"""Behaviour that keeps the registry fast with thousands of clusters and 150,000 organisations
(bench/web.py measures it): prefix search, paginated card lists, one-pass long selects, and the
settings switch the plain-http load test needs."""

import datetime as dt
import json
import os
import secrets
import subprocess
import sys

import pytest
from django import forms
from django.urls import reverse

from clusterhub.registry.forms import LongSelect
from tests.factories import ClusterFactory
from tests.factories import OrganisationFactory


def _names(response) -> list[str]:
    assert response.status_code == 200
    return [o.name for o in response.context["page_obj"]]


def test_organisation_search_matches_the_start_of_name_number_or_city(world, client_for):
    OrganisationFactory(name="Northwind Foods", registration_number="40003123", city="Cēsis")
    OrganisationFactory(name="Southwind Foods", city="Northport")
    client = client_for(world["outsider"])
    page = reverse("registry:organisation_list")
    # Case does not matter; the city counts too, and the matches are sorted by name.
    assert _names(client.get(page, {"q": "north"})) == ["Northwind Foods", "Southwind Foods"]
    assert _names(client.get(page, {"q": "4000312"})) == ["Northwind Foods"]
    # Text inside a word is not a match: the search uses the indexes (migration 0003).
    assert _names(client.get(page, {"q": "wind"})) == []
    assert _names(client.get(page, {"q": "north", "sort": "-name"})) == [
        "Southwind Foods",
        "Northwind Foods",
    ]


def test_dashboard_index_is_paginated(world, client_for):
    for n in range(30):
        ClusterFactory(name=f"Zeta cluster {n:02d}", acronym=f"ZC{n:02d}")
    client = client_for(world["admin"])
    first = client.get(reverse("registry:dashboard_index"))
    assert first.status_code == 200
    assert len(first.context["clusters"]) == 25
    assert first.context["page_obj"].paginator.count == 32  # with Cluster A and Cluster B
    last = client.get(reverse("registry:dashboard_index"), {"page": 2})
    assert [c.acronym for c in last.context["clusters"]] == [f"ZC{n:02d}" for n in range(23, 30)]


def test_services_index_is_paginated(world, client_for):
    for n in range(30):
        ClusterFactory(name=f"Zeta cluster {n:02d}", acronym=f"ZC{n:02d}")
    response = client_for(world["admin"]).get(reverse("services:index"), {"page": 2})
    assert response.status_code == 200
    assert [c.acronym for c in response.context["clusters"]] == [
        f"ZC{n:02d}" for n in range(23, 30)
    ]


def test_events_index_is_paginated_newest_first(world, client_for):
    from clusterhub.events.models import Event

    start = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
    Event.objects.bulk_create(
        Event(
            title=f"Workshop {n:02d}",
            kind="workshop",
            cluster=world.cluster_a,
            starts_at=start + dt.timedelta(days=n),
            ends_at=start + dt.timedelta(days=n, hours=4),
            venue="Riga",
            capacity=10,
            registration_opens=start - dt.timedelta(days=30),
            registration_closes=start + dt.timedelta(days=n, hours=-1),
        )
        for n in range(30)
    )
    client = client_for(world["outsider"])
    first = client.get(reverse("events:index"))
    assert first.status_code == 200
    assert [e.title for e, _reg in first.context["rows"]][:2] == ["Workshop 29", "Workshop 28"]
    assert len(first.context["rows"]) == 25
    second = client.get(reverse("events:index"), {"page": 2})
    assert [e.title for e, _reg in second.context["rows"]] == [
        f"Workshop {n:02d}" for n in range(4, -1, -1)
    ]


def test_long_select_renders_like_a_select_and_escapes():
    class Form(forms.Form):
        pick = forms.ChoiceField(
            choices=[("", "Any"), ("1", "A & <b>"), ('"2', "B")], required=False, widget=LongSelect
        )

    html = str(Form({"pick": '"2'}, auto_id="f_%s")["pick"])
    assert html == (
        '<select name="pick" id="f_pick"><option value="">Any</option>'
        '<option value="1">A &amp; &lt;b&gt;</option>'
        '<option value="&quot;2" selected>B</option></select>'
    )


def _cookie_flags(**env: str) -> dict:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CLUSTERHUB_")}
    environ.update(
        CLUSTERHUB_PRODUCTION="1",
        CLUSTERHUB_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_SETTINGS_MODULE="clusterhub.settings",
        **env,
    )
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_SSL_REDIRECT]))"
    )
    result = subprocess.run(  # noqa: S603 - fixed command, our own interpreter
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, [True, True, True]),
        # The cookie switch alone changes nothing: a real site keeps Secure cookies.
        ({"CLUSTERHUB_SECURE_COOKIES": "0"}, [True, True, True]),
        ({"CLUSTERHUB_SSL_REDIRECT": "0"}, [True, True, False]),
        (
            {"CLUSTERHUB_SSL_REDIRECT": "0", "CLUSTERHUB_SECURE_COOKIES": "0"},
            [False, False, False],
        ),
    ],
)
def test_secure_cookie_switch_needs_the_redirect_off_too(tmp_path, env, expected):
    assert _cookie_flags(CLUSTERHUB_VAR_DIR=str(tmp_path), **env) == expected
