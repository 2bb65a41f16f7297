"""The public directory, cluster page and widget as an anonymous visitor sees them."""

import re

import pytest
from django.urls import reverse

from clusterhub.directory import domain
from clusterhub.directory.models import ListingConsent
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_directory_lists_every_cluster_with_a_map_point_linking_to_its_page(client, public):
    a, b = public.world.cluster_a, public.world.cluster_b
    html = client.get(reverse("directory:index")).content.decode()
    assert "<svg" in html and 'role="group"' in html
    for cluster in (a, b):
        url = reverse("directory:cluster", args=[cluster.pk])
        assert f'<a href="{url}" aria-label="{cluster.name} ({cluster.acronym})">' in html
        assert f"<title>{cluster.name} ({cluster.acronym})</title>" in html
    # The list fallback names both too.
    assert html.count("<tr>") == 3  # header and two clusters


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=EE", {"CLB"}),
        ("country=lv", {"CLA"}),
        ("region=LV", {"CLA"}),
        ("region=EE0", {"CLB"}),
        ("region=LV00A", {"CLA"}),
        ("region=LV00C", set()),
        ("label=gold", {"CLA"}),
        ("label=any", {"CLA"}),
        ("label=none", {"CLB"}),
        ("label=silver", set()),
        ("sector_group=ict", {"CLA", "CLB"}),
        ("sector_group=food", set()),
        ("q=cluster+b", {"CLB"}),
    ],
)
def test_filters_narrow_the_list_and_the_map(client, public, query, expected):
    html = client.get(reverse("directory:index") + "?" + query).content.decode()
    shown = {acr for acr in ("CLA", "CLB") if f"({acr})</title>" in html}
    assert shown == expected
    listed = {acr for acr in ("CLA", "CLB") if f'<span class="muted">{acr}</span>' in html}
    assert listed == expected


@pytest.mark.parametrize(
    "query", ["country=Latvia", "label=platinum", "region=%25%25", "sector_group=x"]
)
def test_a_bad_filter_is_a_message_naming_the_field_not_an_error(client, public, query):
    response = client.get(reverse("directory:index") + "?" + query)
    assert response.status_code == 200
    field = query.split("=")[0]
    assert "These filters are not valid" in response.content.decode()
    assert f"{field}:" in response.content.decode()


def test_cluster_page_shows_the_public_profile(client, public):
    a = public.world.cluster_a
    html = client.get(reverse("directory:cluster", args=[a.pk])).content.decode()
    assert "Sensors and software from Latvia." in html
    assert "Gold label" in html
    assert "Rīga" in html and "LV00A" in html
    assert "1 member" in html
    assert '<td>SME</td><td class="num">1</td>' in html
    assert f'href="/membership/{a.pk}/apply/"' in html
    assert "Open sensor day" in html
    # Its one public offer waits until the member agrees to be named (test below).
    assert "Open sensor platform" not in html
    assert (
        "The 5FX project has received funding from the European Union&#x27;s COSME programme."
        in html
    )
    assert "No member has agreed to be named publicly yet." in html


def test_funding_notice_only_where_a_funded_programme_applies(client, public):
    b = public.world.cluster_b
    html = client.get(reverse("directory:cluster", args=[b.pk])).content.decode()
    assert "received funding" not in html


def test_a_member_is_named_only_after_agreeing(client, public):
    world = public.world
    a = world.cluster_a
    url = reverse("directory:cluster", args=[a.pk])
    assert "Member A Ltd" not in client.get(url).content.decode()
    domain.set_listing(cluster=a, organisation=world.member_a, listed=True, by=world["member_a"])
    html = client.get(url).content.decode()
    assert "Member A Ltd" in html
    # Its public open offer shows now, with its name.
    assert "Open sensor platform" in html
    assert "Member A Ltd · sensors, IoT" in html
    # Not the offers it keeps to the clusters' members or anonymous, nor requests or expired ones.
    for hidden in ("Cluster-only offer", "Anonymous offer", "Hidden request", "Expired offer"):
        assert hidden not in html
    domain.set_listing(cluster=a, organisation=world.member_a, listed=False, by=world["manager_a"])
    assert "Member A Ltd" not in client.get(url).content.decode()
    consent = ListingConsent.objects.get(cluster=a, organisation=world.member_a)
    assert consent.listed is False and consent.decided_by == world["manager_a"]


def test_a_former_member_is_not_listed_even_with_consent(client, public):
    world = public.world
    former = OrganisationFactory(name="Former Member SIA")
    m = MembershipFactory(cluster=world.cluster_a, organisation=former)
    domain.set_listing(cluster=world.cluster_a, organisation=former, listed=True, by=None)
    m.until = m.since
    m.save()
    html = client.get(reverse("directory:cluster", args=[world.cluster_a.pk])).content.decode()
    assert "Former Member SIA" not in html


def test_only_a_current_member_can_be_listed(public):
    from django.core.exceptions import ValidationError

    outsider = OrganisationFactory(name="Not A Member")
    with pytest.raises(ValidationError) as exc:
        domain.set_listing(
            cluster=public.world.cluster_a, organisation=outsider, listed=True, by=None
        )
    assert exc.value.message_dict == {
        "listed": ["Not A Member is not a current member of this cluster."]
    }


def test_acronym_url_redirects_to_the_page_and_unknown_is_404(client, public):
    a = public.world.cluster_a
    response = client.get("/clusters/cla/")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:cluster", args=[a.pk])
    assert client.get("/clusters/NOPE/").status_code == 404
    assert client.get("/clusters/999999/").status_code == 404
    assert client.get("/clusters/99999999999999999999999/").status_code == 404
    assert client.get("/clusters/999999/widget/").status_code == 404


def test_widget_alone_may_be_framed(client, public):
    a = public.world.cluster_a
    widget = client.get(reverse("directory:widget", args=[a.pk]))
    assert widget.status_code == 200
    assert "X-Frame-Options" not in widget.headers
    assert "frame-ancestors *" in widget["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in widget["Content-Security-Policy"]
    html = widget.content.decode()
    assert "Cluster A" in html and "Gold label" in html
    assert f"http://testserver/membership/{a.pk}/apply/" in html
    for url in (
        reverse("directory:index"),
        reverse("directory:cluster", args=[a.pk]),
    ):
        page = client.get(url)
        assert page["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_pages_load_nothing_from_another_site(client, public):
    a = public.world.cluster_a
    for url in (
        reverse("directory:index"),
        reverse("directory:cluster", args=[a.pk]),
        reverse("directory:widget", args=[a.pk]),
    ):
        html = client.get(url).content.decode()
        # Tags that load something (the embed code on the page is text, &lt;iframe ...).
        loads = re.findall(r"<(?:script|img|link|iframe|object|embed)\b[^>]*>", html)
        assert loads, url
        for tag in loads:
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), (url, tag)


@pytest.mark.parametrize("language", ["en", "lv", "et", "sv"])
def test_pages_render_in_each_language(client, public, language):
    a = public.world.cluster_a
    client.cookies["django_language"] = language
    for url in (
        reverse("directory:index"),
        reverse("directory:cluster", args=[a.pk]),
        reverse("directory:widget", args=[a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()
