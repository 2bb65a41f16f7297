"""The matchmaking API: allowed and denied sides of every operation, and no 500 on bad input."""

import pytest

from clusterhub.common import concurrency
from clusterhub.matchmaking import domain
from clusterhub.matchmaking.enums import Visibility
from clusterhub.matchmaking.models import Collaboration
from clusterhub.matchmaking.models import Introduction
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.models import ValueChain
from tests.matchmaking.test_domain import make_profile

API = "/api/v1/matchmaking"


def body(org, cluster, **kw):
    data = {
        "organisation_id": org.pk,
        "cluster_id": cluster.pk,
        "kind": "business_offer",
        "title": "Cold store",
        "description": "Temperature-controlled warehousing in the port of Riga.",
        "nace_codes": ["52.10"],
        "target_regions": "LV, EE",
    }
    data.update(kw)
    return data


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 201),
        ("member_a", 201),
        ("manager_a", 201),
        ("staff_a", 201),
        ("expert_a", 403),
        ("observer_a", 403),
        ("coordinator", 403),
        ("manager_b", 403),
        ("outsider", 403),
    ],
)
def test_who_may_publish_a_profile_for_member_a(world, client_for, user, status):
    response = client_for(world[user]).post(
        f"{API}/profiles", body(world.member_a, world.cluster_a), content_type="application/json"
    )
    assert response.status_code == status
    assert Profile.objects.count() == (1 if status == 201 else 0)


def test_bad_profile_input_is_422_with_the_field(world, client_for):
    client = client_for(world["member_a"])
    cases = [
        ({"description": ""}, "description"),
        ({"nace_codes": ["99.99"]}, "nace_codes"),
        ({"target_regions": "Narnia"}, "target_regions"),
        ({"cluster_id": world.cluster_b.pk}, "cluster"),
        ({"cluster_id": 10**12}, "cluster_id"),
        ({"kind": "gift"}, "kind"),
    ]
    for change, field in cases:
        r = client.post(
            f"{API}/profiles",
            body(world.member_a, world.cluster_a, **change),
            content_type="application/json",
        )
        assert r.status_code == 422, change
        assert field in r.json()["errors"], (change, r.json())


def test_long_description_is_cut_and_said(world, client_for):
    r = client_for(world["member_a"]).post(
        f"{API}/profiles",
        body(world.member_a, world.cluster_a, description="x" * 9000),
        content_type="application/json",
    )
    assert r.status_code == 201
    assert len(r.json()["description"]) == 4000
    assert r.json()["notices"] == ["The description was cut to its first 4000 characters."]


def test_profile_visibility_in_the_api(world, client_for):
    public = make_profile(world.member_b, world.cluster_b, title="Public offer")
    clusters = make_profile(
        world.member_b, world.cluster_b, title="Cluster offer", visibility=Visibility.CLUSTERS
    )
    anon = make_profile(
        world.member_b, world.cluster_b, title="Anon offer", visibility=Visibility.ANONYMOUS
    )
    items = client_for(world["outsider"]).get(f"{API}/profiles").json()["items"]
    assert sorted(i["title"] for i in items) == ["Anon offer", "Public offer"]
    assert {i["title"]: i["organisation"] for i in items}["Anon offer"] is None
    assert client_for(world["outsider"]).get(f"{API}/profiles/{clusters.pk}").status_code == 404
    assert client_for(world["outsider"]).get(f"{API}/profiles/{public.pk}").json()["organisation"][
        "name"
    ] == ("Member B OÜ")
    assert client_for(world["manager_b"]).get(f"{API}/profiles/{anon.pk}").json()["organisation"][
        "name"
    ] == ("Member B OÜ")
    assert client_for(world["manager_b"]).get(f"{API}/profiles/{clusters.pk}").status_code == 200
    # Changing: the owner's side only.
    patch = {"title": "Renamed"}
    assert (
        client_for(world["manager_a"])
        .patch(f"{API}/profiles/{public.pk}", patch, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for(world["manager_b"])
        .patch(f"{API}/profiles/{public.pk}", patch, content_type="application/json")
        .json()["title"]
        == "Renamed"
    )
    assert (
        client_for(world["manager_b"])
        .patch(f"{API}/profiles/{public.pk}", {"title": None}, content_type="application/json")
        .status_code
        == 422
    )


def test_recommendations_api_with_reasons_and_permissions(world, client_for, member_of):
    dairy = member_of(world.cluster_a, "Dairy", "10.51")
    carrier = member_of(world.cluster_b, "Carrier", "49.41")
    make_profile(
        dairy,
        world.cluster_a,
        kind="business_request",
        title="Need cold transport",
        description="We need refrigerated transport for chilled dairy products.",
    )
    make_profile(
        carrier,
        world.cluster_b,
        title="Refrigerated transport",
        description="Refrigerated transport of chilled food and dairy products.",
    )
    url = f"{API}/organisations/{dairy.pk}/recommendations?top=2"
    r = client_for(world["manager_a"]).get(url)
    assert r.status_code == 200
    first = r.json()[0]
    assert first["organisation"]["name"] == "Carrier"
    assert [x["code"] for x in first["reasons"]][:2] == ["sought_sector", "text_match"]
    assert set(first["parts"]) == {"text", "complementarity", "cross_industry", "distance", "size"}
    for user in ("outsider", "expert_a", "manager_b", "member_a"):
        assert client_for(world[user]).get(url).status_code == 403, user
    assert (
        client_for(world["manager_a"])
        .get(f"{API}/organisations/{10**15}/recommendations")
        .status_code
        == 404
    )
    assert client_for(world["manager_a"]).get(f"{url}&top=0").status_code == 422
    assert client_for(world["manager_a"]).get(f"{url}&org_type=alien").status_code == 422
    profile = dairy.partnering_profiles.get()
    purl = f"{API}/profiles/{profile.pk}/recommendations"
    assert client_for(world["manager_a"]).get(purl).json()[0]["profile_title"] == (
        "Refrigerated transport"
    )
    assert client_for(world["outsider"]).get(purl).status_code == 403


def test_introduction_flow_through_the_api(world, client_for):
    anon = make_profile(
        world.member_b, world.cluster_b, title="Anon offer", visibility=Visibility.ANONYMOUS
    )

    def member():
        return client_for(world["member_a"])

    payload = {"requester_id": world.member_a.pk, "profile_id": anon.pk, "message": "Hello"}
    r = member().post(f"{API}/introductions", payload, content_type="application/json")
    assert r.status_code == 201 and r.json()["target"] is None
    again = member().post(f"{API}/introductions", payload, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
    pk = r.json()["id"]
    # Not forwarded yet: member B's side cannot decide; the requester cannot forward.
    assert (
        client_for(world["manager_a"]).post(f"{API}/introductions/{pk}/forward").status_code == 403
    )
    r = client_for(world["manager_b"]).post(f"{API}/introductions/{pk}/accept")
    assert r.status_code == 403
    r = client_for(world["manager_b"]).post(f"{API}/introductions/{pk}/forward")
    assert r.status_code == 200 and r.json()["status"] == "forwarded"
    assert member().post(f"{API}/introductions/{pk}/accept").status_code == 403
    assert client_for(world["outsider"]).post(f"{API}/introductions/{pk}/accept").status_code == 404
    r = client_for(world["manager_b"]).post(f"{API}/introductions/{pk}/accept")
    assert r.status_code == 200 and r.json()["status"] == "accepted"
    collaboration_id = r.json()["collaboration_id"]
    assert (
        member().get(f"{API}/introductions").json()["items"][0]["target"]["name"] == "Member B OÜ"
    )
    # The collaboration: both sides see it; values are Decimal strings.
    r = member().patch(
        f"{API}/collaborations/{collaboration_id}",
        {"status": "negotiating", "expected_value_eur": "2500.10"},
        content_type="application/json",
    )
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["expected_value_eur"]) == ("negotiating", "2500.10")
    assert (
        member()
        .patch(
            f"{API}/collaborations/{collaboration_id}",
            {"expected_value_eur": "-1"},
            content_type="application/json",
        )
        .status_code
        == 422
    )
    assert (
        client_for(world["outsider"]).get(f"{API}/collaborations/{collaboration_id}").status_code
        == 404
    )
    assert (
        client_for(world["coordinator"])
        .patch(
            f"{API}/collaborations/{collaboration_id}",
            {"notes": "x"},
            content_type="application/json",
        )
        .status_code
        == 403
    )


def test_collaboration_patch_honours_if_match(world, api_as):
    collaboration = domain.save_collaboration(
        collaboration=Collaboration(title="Pilot"), partners=[world.member_a, world.member_b]
    )
    api = api_as("member_a", prefix=API)
    path = f"/collaborations/{collaboration.pk}"
    read = api.get(path)
    assert read.status_code == 200
    assert read["ETag"] == f'"{concurrency.fingerprint(collaboration)}"'
    # Someone else changes it after this client read it: the client's version is stale.
    behind = Collaboration.objects.get(pk=collaboration.pk)
    behind.notes = "their note"
    domain.save_collaboration(collaboration=behind)
    stale = api.patch(path, {"notes": "my note"}, **{"If-Match": read["ETag"]})
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith("Someone else changed this record")
    assert Collaboration.objects.get(pk=collaboration.pk).notes == "their note"
    current = api.patch(path, {"notes": "my note"}, **{"If-Match": api.get(path)["ETag"]})
    assert current.status_code == 200 and current.json()["notes"] == "my note"
    # The answer carries the new version, so the next change needs no GET.
    assert current["ETag"] == api.get(path)["ETag"] != read["ETag"]
    assert api.patch(path, {"status": "agreed"}, **{"If-Match": current["ETag"]}).status_code == 200
    without = api.patch(path, {"notes": "no header"})
    assert without.status_code == 200
    saved = Collaboration.objects.get(pk=collaboration.pk)
    assert (saved.notes, saved.status) == ("no header", "agreed")


def test_introduction_to_yourself_and_for_others_is_refused(world, client_for):
    member = client_for(world["member_a"])
    r = member.post(
        f"{API}/introductions",
        {"requester_id": world.member_a.pk, "target_id": world.member_a.pk},
        content_type="application/json",
    )
    assert r.status_code == 422 and "target" in r.json()["errors"]
    r = member.post(
        f"{API}/introductions",
        {"requester_id": world.member_b.pk, "target_id": world.member_a.pk},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert Introduction.objects.count() == 0


def test_value_chains_api(world, client_for):
    payload = {
        "cluster_id": world.cluster_a.pk,
        "name": "Farm to fork",
        "stages": [
            {"name": "Processing", "nace_codes": ["10"]},
            {"name": "IT", "nace_codes": ["62"]},
        ],
    }
    for user in ("staff_a", "member_a", "manager_b", "outsider"):
        r = client_for(world[user]).post(
            f"{API}/value-chains", payload, content_type="application/json"
        )
        assert r.status_code == 403, user
    r = client_for(world["manager_a"]).post(
        f"{API}/value-chains", payload, content_type="application/json"
    )
    assert r.status_code == 201
    assert r.json()["gaps"] == ["Processing", "IT"]
    chain_id = r.json()["id"]
    dup = client_for(world["manager_a"]).post(
        f"{API}/value-chains", payload, content_type="application/json"
    )
    assert dup.status_code == 422 and "name" in dup.json()["errors"]
    bad = dict(payload, name="Other", stages=[{"name": "X", "nace_codes": ["nope"]}])
    r = client_for(world["manager_a"]).post(
        f"{API}/value-chains", bad, content_type="application/json"
    )
    assert r.status_code == 422 and "stages" in r.json()["errors"]
    assert client_for(world["observer_a"]).get(f"{API}/value-chains/{chain_id}").status_code == 200
    assert client_for(world["manager_b"]).get(f"{API}/value-chains/{chain_id}").status_code == 404
    assert client_for(world["outsider"]).get(f"{API}/value-chains").json()["count"] == 0
    assert ValueChain.objects.count() == 1


def test_garbage_ids_and_bodies_never_500(world, client_for):
    client = client_for(world["admin"])
    for url in (
        f"{API}/profiles/0",
        f"{API}/profiles/99999999999999999999999",
        f"{API}/introductions/-1/accept",
        f"{API}/value-chains/abc",
    ):
        r = client.get(url) if "accept" not in url else client.post(url)
        assert r.status_code in (404, 422), url
    r = client.post(f"{API}/profiles", "not json", content_type="application/json")
    assert r.status_code in (400, 422)


def test_declined_introduction_cannot_be_decided_again(world, client_for):
    intro, _ = domain.request_introduction(requester=world.member_a, target=world.member_b)
    assert (
        client_for(world["manager_b"])
        .post(f"{API}/introductions/{intro.pk}/decline")
        .json()["status"]
        == "declined"
    )
    assert (
        client_for(world["manager_b"]).post(f"{API}/introductions/{intro.pk}/accept").status_code
        == 403
    )
