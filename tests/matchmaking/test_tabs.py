"""The matchmaking area's tabs: each renders, the offers list filters exactly (page and API)
and paginates with a fixed query count, and introductions show what is left to do."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusterhub.matchmaking import domain
from clusterhub.matchmaking.enums import IntroductionStatus
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import ValueChain
from tests.matchmaking.test_domain import make_profile

TABS = (
    "matchmaking:index",
    "matchmaking:recommended",
    "matchmaking:introductions",
    "matchmaking:collaborations",
    "matchmaking:chains",
)


@pytest.mark.parametrize("name", TABS)
def test_each_tab_renders_with_the_tab_bar(world, client_for, name):
    page = client_for(world["member_a"]).get(reverse(name))
    assert page.status_code == 200
    html = page.content.decode()
    for label in (
        "Offers and requests",
        "Recommended for you",
        "Introductions",
        "Collaborations",
        "Value chains",
    ):
        assert label in html
    assert f'href="{reverse(name)}" aria-current="page"' in html


def _form_pages(world):
    """Each form page of the area, who may open it and the tab it belongs under."""
    profile = make_profile(world.member_a, world.cluster_a)
    collaboration = domain.save_collaboration(
        collaboration=Collaboration(title="Pilot"), partners=[world.member_a, world.member_b]
    )
    chain = domain.save_value_chain(
        chain=ValueChain(cluster=world.cluster_a, name="Chain"), stages=[("IT", ["62"])]
    )
    return [
        ("matchmaking:profile_create", world.member_a.pk, "matchmaking:index"),
        ("matchmaking:profile_edit", profile.pk, "matchmaking:index"),
        ("matchmaking:collaboration_edit", collaboration.pk, "matchmaking:collaborations"),
        ("matchmaking:chain_create", world.cluster_a.pk, "matchmaking:chains"),
        ("matchmaking:chain_edit", chain.pk, "matchmaking:chains"),
    ]


def test_form_pages_are_drawn_inside_the_area_layout(world, client_for):
    client = client_for(world["manager_a"])
    for name, pk, tab in _form_pages(world):
        page = client.get(reverse(name, args=[pk]))
        assert page.status_code == 200, name
        html = page.content.decode()
        assert 'aria-label="Value chains and matchmaking"' in html, name
        assert f'href="{reverse(tab)}" aria-current="page"' in html, name
        assert html.count('aria-current="page"') == 1, name
        assert '<form method="post" class="card form wide-form"' in html, name


def _titles(page) -> list[str]:
    return [p.title for p in page.context["page_obj"]]


@pytest.fixture
def offers(world):
    soon = dt.date.today() + dt.timedelta(days=10)
    later = dt.date.today() + dt.timedelta(days=100)
    return {
        "trucks": make_profile(
            world.member_a, world.cluster_a, title="Trucks", nace=("49.41",), deadline=soon
        ),
        "software": make_profile(
            world.member_a,
            world.cluster_a,
            title="Software",
            kind="technology_offer",
            nace=("62.10",),
            deadline=later,
        ),
        "estonian": make_profile(
            world.member_b, world.cluster_b, title="Estonian storage", nace=("52.10",)
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Estonian storage", "Software", "Trucks"]),
        ({"kind": "technology_offer"}, ["Software"]),
        ({"sector": "49"}, ["Trucks"]),
        ({"sector": "62.10"}, ["Software"]),
        ({"country": "EE"}, ["Estonian storage"]),
        ({"country": "lv"}, ["Software", "Trucks"]),
        ({"deadline_by": (dt.date.today() + dt.timedelta(days=30)).isoformat()}, ["Trucks"]),
        ({"kind": "business_offer", "country": "LV"}, ["Trucks"]),
        ({"q": "storage"}, ["Estonian storage"]),
    ],
)
def test_offer_filters_narrow_exactly_on_page_and_api(world, client_for, offers, query, expected):
    page = client_for(world["member_a"]).get(reverse("matchmaking:index"), query)
    assert page.status_code == 200
    assert sorted(_titles(page)) == expected
    api = client_for(world["member_a"]).get("/api/v1/matchmaking/profiles", query)
    assert api.status_code == 200
    assert sorted(p["title"] for p in api.json()["items"]) == expected


def test_invalid_filter_is_a_message_not_an_error(world, client_for, offers):
    page = client_for(world["member_a"]).get(reverse("matchmaking:index"), {"deadline_by": "x"})
    assert page.status_code == 200
    assert _titles(page) == []
    assert "These filters are not valid" in page.content.decode()
    api = client_for(world["member_a"]).get("/api/v1/matchmaking/profiles", {"kind": "nonsense"})
    assert api.status_code == 422


def test_anonymous_offers_filter_by_the_cluster_shown_not_the_owner(world, client_for):
    # An Estonian member's anonymous offer published through (Latvian) cluster A.
    from tests.factories import MembershipFactory

    MembershipFactory(cluster=world.cluster_a, organisation=world.member_b)
    assert world.cluster_a.country != "EE"
    make_profile(world.member_b, world.cluster_a, title="Hidden", visibility="anonymous")
    client = client_for(world["member_a"])
    assert _titles(client.get(reverse("matchmaking:index"), {"country": "EE"})) == []
    country_a = world.cluster_a.country
    assert _titles(client.get(reverse("matchmaking:index"), {"country": country_a})) == ["Hidden"]


def test_offers_paginate_25_a_page(world, client_for):
    for n in range(30):
        make_profile(world.member_a, world.cluster_a, title=f"Offer {n:02d}")
    client = client_for(world["member_a"])
    first = client.get(reverse("matchmaking:index"), {"sort": "title"})
    second = client.get(reverse("matchmaking:index"), {"sort": "title", "page": 2})
    assert _titles(first) == [f"Offer {n:02d}" for n in range(25)]
    assert _titles(second) == [f"Offer {n:02d}" for n in range(25, 30)]
    assert "page 1 of 2" in first.content.decode()


def _add_offer(world, n):
    make_profile(world.member_b, world.cluster_b, title=f"Offer {n}")


def _add_introduction(world, n):
    from tests.factories import MembershipFactory
    from tests.factories import OrganisationFactory

    other = OrganisationFactory(name=f"Partner {n}")
    MembershipFactory(cluster=world.cluster_a, organisation=other)
    domain.request_introduction(requester=world.member_a, target=other)


def _add_collaboration(world, n):
    from clusterhub.matchmaking.models import Collaboration

    domain.save_collaboration(
        collaboration=Collaboration(title=f"Pilot {n}"), partners=[world.member_a, world.member_b]
    )


def _add_chain(world, n):
    from clusterhub.matchmaking.models import ValueChain

    domain.save_value_chain(
        chain=ValueChain(cluster=world.cluster_a, name=f"Chain {n}"), stages=[("IT", ["62"])]
    )


@pytest.mark.parametrize(
    ("name", "add_row"),
    [
        ("matchmaking:index", _add_offer),
        ("matchmaking:introductions", _add_introduction),
        ("matchmaking:collaborations", _add_collaboration),
        ("matchmaking:chains", _add_chain),
    ],
)
@pytest.mark.parametrize("username", ["member_a", "manager_a"])
def test_tab_lists_have_a_fixed_query_count(world, client_for, name, add_row, username):
    client = client_for(world[username])
    client.get(reverse(name))  # warm per-process caches (reference data, sessions)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse(name))
        assert page.status_code == 200
        return len(queries), len(page.context["page_obj"].object_list)

    add_row(world, 1)
    one = count()
    add_row(world, 2)
    add_row(world, 3)
    three = count()
    assert (one[1], three[1]) == (1, 3)
    assert one[0] == three[0]


# --- introductions (item 10) -------------------------------------------------------------------


def _intro_html(client, intro) -> str:
    return client.get(reverse("matchmaking:introduction_detail", args=[intro.pk])).content.decode()


@pytest.mark.parametrize("username", ["manager_b", "admin"])
def test_an_accepted_introduction_offers_no_accept_or_decline(world, client_for, username):
    intro, _created = domain.request_introduction(requester=world.member_a, target=world.member_b)
    client = client_for(world[username])
    before = _intro_html(client, intro)
    assert ">Accept</button>" in before and ">Decline</button>" in before
    domain.decide_introduction(introduction=intro, accept=True)
    for html in (
        _intro_html(client, intro),
        client.get(reverse("matchmaking:introductions")).content.decode(),
    ):
        assert "Accepted" in html
        assert ">Accept</button>" not in html
        assert ">Decline</button>" not in html


def test_asking_again_after_acceptance_is_refused_by_the_buttons_rule(world, client_for):
    intro, _created = domain.request_introduction(requester=world.member_a, target=world.member_b)
    domain.decide_introduction(introduction=intro, accept=True)
    url = reverse("matchmaking:introduction_action", args=[intro.pk, "decline"])
    assert client_for(world["manager_b"]).post(url).status_code == 403
    intro.refresh_from_db()
    assert intro.status == IntroductionStatus.ACCEPTED


def test_recommendations_link_to_an_existing_introduction_instead_of_asking(
    world, client_for, member_of
):
    carrier = member_of(world.cluster_b, "Carrier", "49.41")
    other = member_of(world.cluster_b, "Other carrier", "49.41")
    make_profile(carrier, world.cluster_b)
    make_profile(other, world.cluster_b, title="Trucking too")
    make_profile(world.member_a, world.cluster_a, kind="business_request", title="Need trucks")
    intro, _created = domain.request_introduction(requester=world.member_a, target=carrier)
    client = client_for(world["member_a"])
    for url in (
        reverse("matchmaking:organisation_recommendations", args=[world.member_a.pk]),
        reverse("matchmaking:recommended"),
    ):
        page = client.get(url)
        recs = {r.organisation.name: r for r in page.context["recommendations"]}
        assert recs["Carrier"].introduction == intro
        assert recs["Other carrier"].introduction is None
        html = page.content.decode()
        detail = reverse("matchmaking:introduction_detail", args=[intro.pk])
        assert html.count(detail) == 1
        assert html.count("Request an introduction") == len(recs) - 1


def test_profile_page_links_to_the_existing_introduction(world, client_for):
    offer = make_profile(world.member_b, world.cluster_b)
    client = client_for(world["member_a"])
    url = reverse("matchmaking:profile_detail", args=[offer.pk])
    assert "Request an introduction for Member A Ltd" in client.get(url).content.decode()
    intro, _created = domain.request_introduction(requester=world.member_a, profile=offer)
    html = client.get(url).content.decode()
    assert "Request an introduction for Member A Ltd" not in html
    assert reverse("matchmaking:introduction_detail", args=[intro.pk]) in html


def test_introduction_request_lands_on_the_introduction(world, client_for):
    offer = make_profile(world.member_b, world.cluster_b)
    url = reverse("matchmaking:introduction_request", args=[world.member_a.pk])
    response = client_for(world["member_a"]).post(url, {"profile": offer.pk})
    intro = Introduction.objects.get()
    assert response.url == reverse("matchmaking:introduction_detail", args=[intro.pk])
