"""Matchmaking pages: allowed and denied sides, forms through the domain verbs."""

from clusterhub.matchmaking import domain
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from tests.matchmaking.test_domain import make_profile


def test_index_needs_sign_in_and_reverses(world, client):
    assert client.get("/matchmaking/").status_code == 302
    client.force_login(world["outsider"])
    assert client.get("/matchmaking/").status_code == 200


def test_profile_form_creates_caps_and_reports(world, client_for):
    url = f"/matchmaking/organisations/{world.member_a.pk}/profiles/new/"
    assert client_for(world["outsider"]).get(url).status_code == 403
    assert client_for(world["manager_b"]).get(url).status_code == 403
    client = client_for(world["member_a"])
    data = {
        "cluster": world.cluster_a.pk,
        "kind": "technology_request",
        "title": "Traceability",
        "description": "y" * 5000,
        "nace": "62.10",
        "visibility": "public",
    }
    r = client.post(url, data, follow=True)
    assert r.status_code == 200
    assert "The description was cut to its first 4000 characters." in r.content.decode()
    profile = Profile.objects.get()
    assert len(profile.description) == 4000
    bad = client.post(url, dict(data, nace="99.99", title="Other"))
    assert bad.status_code == 400
    assert "Unknown NACE code: 99.99." in bad.content.decode()
    edit = f"/matchmaking/profiles/{profile.pk}/edit/"
    assert client_for(world["manager_b"]).get(edit).status_code == 403
    assert client_for(world["staff_a"]).get(edit).status_code == 200


def test_recommendation_page_permissions(world, client_for, member_of):
    carrier = member_of(world.cluster_b, "Carrier", "49.41")
    make_profile(carrier, world.cluster_b)
    url = f"/matchmaking/organisations/{world.member_a.pk}/recommendations/?sector=H"
    page = client_for(world["member_a"]).get(url)
    assert page.status_code == 200
    assert "Carrier" in page.content.decode()
    assert client_for(world["outsider"]).get(url).status_code == 403
    assert (
        client_for(world["manager_a"])
        .get("/matchmaking/organisations/999999/recommendations/")
        .status_code
        == 404
    )
    assert client_for(world["member_a"]).get(url + "&country=TOOLONG").status_code == 200


def test_introduction_buttons_flow(world, client_for):
    offer = make_profile(world.member_b, world.cluster_b)
    url = f"/matchmaking/organisations/{world.member_a.pk}/introductions/new/"
    assert client_for(world["manager_b"]).post(url, {"profile": offer.pk}).status_code == 403
    r = client_for(world["member_a"]).post(url, {"profile": offer.pk})
    assert r.status_code == 302
    client_for(world["member_a"]).post(url, {"profile": offer.pk})
    intro = Introduction.objects.get()
    accept = f"/matchmaking/introductions/{intro.pk}/accept/"
    assert client_for(world["member_a"]).post(accept).status_code == 403
    assert client_for(world["outsider"]).post(accept).status_code == 404
    assert client_for(world["manager_b"]).get(accept).status_code == 405
    r = client_for(world["manager_b"]).post(accept)
    collaboration = Collaboration.objects.get()
    assert r.url == f"/matchmaking/collaborations/{collaboration.pk}/"
    r = client_for(world["member_a"]).post(
        r.url, {"title": "Together", "status": "agreed", "expected_value_eur": "10.00", "notes": ""}
    )
    assert r.status_code == 302
    collaboration.refresh_from_db()
    assert (collaboration.status, str(collaboration.expected_value_eur)) == ("agreed", "10.00")
    assert (
        client_for(world["outsider"])
        .get(f"/matchmaking/collaborations/{collaboration.pk}/")
        .status_code
        == 404
    )
    assert (
        client_for(world["member_a"])
        .post(f"/matchmaking/introductions/{intro.pk}/explode/")
        .status_code
        == 404
    )


def test_value_chain_pages(world, client_for, member_of):
    member_of(world.cluster_a, "Dairy", "10.51")
    new = f"/matchmaking/clusters/{world.cluster_a.pk}/chains/new/"
    assert client_for(world["staff_a"]).get(new).status_code == 403
    assert client_for(world["manager_b"]).get(new).status_code == 403
    r = client_for(world["manager_a"]).post(
        new,
        {"name": "Farm to fork", "description": "", "stages": "Processing: 10\nPackaging: 17.21"},
    )
    chain = ValueChain.objects.get()
    assert r.url == f"/matchmaking/chains/{chain.pk}/"
    page = client_for(world["observer_a"]).get(r.url).content.decode()
    assert "Dairy" in page and "Gap: no member fills this stage" in page and "<svg" in page
    assert client_for(world["manager_b"]).get(r.url).status_code == 404
    svg = client_for(world["member_a"]).get(f"/matchmaking/chains/{chain.pk}/map.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    bad = client_for(world["manager_a"]).post(
        f"/matchmaking/chains/{chain.pk}/edit/", {"name": "Farm to fork", "stages": "nonsense"}
    )
    assert bad.status_code == 400
    assert [s.name for s in chain.stages.all()] == ["Processing", "Packaging"]


def test_anonymous_profile_page_hides_the_name(world, client_for):
    offer = make_profile(world.member_b, world.cluster_b, visibility="anonymous")
    page = client_for(world["member_a"]).get(f"/matchmaking/profiles/{offer.pk}/").content.decode()
    assert "Member B OÜ" not in page
    assert "Anonymous member of CLB" in page
    own = client_for(world["manager_b"]).get(f"/matchmaking/profiles/{offer.pk}/").content.decode()
    assert "Member B OÜ" in own
    domain.delete_profile(profile=offer)
    assert (
        client_for(world["member_a"]).get(f"/matchmaking/profiles/{offer.pk}/").status_code == 404
    )


def _named_patterns():
    from django.urls import URLPattern

    from clusterhub.matchmaking import urls

    return [p for p in urls.urlpatterns if isinstance(p, URLPattern) and p.name]


def _url(pattern, pk):
    from django.urls import reverse
    from django.urls.converters import IntConverter

    kwargs = {
        name: pk if isinstance(conv, IntConverter) else "accept"
        for name, conv in pattern.pattern.converters.items()
    }
    return reverse(f"matchmaking:{pattern.name}", kwargs=kwargs)


def test_every_page_needs_sign_in_and_unknown_ids_are_404(world, client, client_for):
    for pattern in _named_patterns():
        url = _url(pattern, 1)
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"/accounts/login/?next={url}"
    for pattern in _named_patterns():
        if not pattern.pattern.converters:
            continue
        url = _url(pattern, 999_999)
        assert client_for(world["admin"]).post(url).status_code == 404, url
