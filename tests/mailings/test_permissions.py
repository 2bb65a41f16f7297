"""Pages and API of mailings: managers of the cluster only. Not visible is 404, visible but not
allowed is 403; bad input names its field; audit entries."""

import pytest
from django.core import mail
from django.test import Client

from clusterhub.accounts.models import AuditEntry
from clusterhub.mailings.models import Bounce
from clusterhub.mailings.models import Mailing
from tests.conftest import area_api
from tests.mailings.conftest import EN
from tests.mailings.conftest import LV
from tests.mailings.conftest import make_mailing

V1 = "/api/v1/mailings"
api_as = area_api(V1)
DENIED = ("staff_a", "member_a", "expert_a", "observer_a", "coordinator", "manager_b", "outsider")


def test_rules(world, mailing):
    assert world["manager_a"].has_perm("mailings.send_mailing", mailing)
    assert world["admin"].has_perm("mailings.send_mailing", mailing)
    for name in DENIED:
        user = world[name]
        for perm in ("view", "change", "delete", "send"):
            assert not user.has_perm(f"mailings.{perm}_mailing", mailing), (name, perm)
    assert world["manager_a"].has_perm("mailings.add_mailing", world.cluster_a)
    assert not world["manager_a"].has_perm("mailings.add_mailing", world.cluster_b)
    assert not world["staff_a"].has_perm("mailings.add_mailing", world.cluster_a)
    assert not world["manager_a"].has_perm("mailings.record_bounce")


def test_manager_writes_previews_and_sends_on_the_pages(
    world, client_for, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILINGS_RATE_PER_SECOND = 0
    client = client_for(world["manager_a"])
    index = client.get("/mailings/")
    assert index.status_code == 200 and b"/mailings/new/%d/" % world.cluster_a.pk in index.content
    assert b"/mailings/new/%d/" % world.cluster_b.pk not in index.content
    form = {
        "title": "Newsletter",
        "category": "news",
        "default_language": "en",
        "audience": "members",
        "subject_en": "News",
        "body_en": "<p>Hi <script>x()</script></p>",
        "subject_lv": "Ziņas",
        "body_lv": "<p>Sveiki</p>",
    }
    bad = client.post(f"/mailings/new/{world.cluster_a.pk}/", {**form, "subject_en": ""})
    assert bad.status_code == 400 and b"Give the subject" in bad.content
    created = client.post(f"/mailings/new/{world.cluster_a.pk}/", form)
    assert created.status_code == 302
    mailing = Mailing.objects.get()
    assert mailing.versions.get(language="en").body_html == "<p>Hi </p>"
    detail = client.get(created.url)
    assert b"The segment reaches 1 address." in detail.content
    assert b"alda@member-a.example" in detail.content
    client.post(f"/mailings/{mailing.pk}/test/")
    assert [m.to for m in mail.outbox] == [["manager_a@example.org"]] * 2
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/mailings/{mailing.pk}/send/", {"when": ""})
    assert sent.status_code == 302
    assert mail.outbox[-1].to == ["alda@member-a.example"]
    mailing.refresh_from_db()
    assert mailing.status == "sent"
    page = client.get(f"/mailings/{mailing.pk}/").content.decode()
    assert 'id="count-sent">1<' in page
    assert AuditEntry.objects.filter(action="mailing_created").count() == 1
    # A sent mailing can no longer change.
    assert client.get(f"/mailings/{mailing.pk}/edit/").status_code == 302
    assert client.post(f"/mailings/{mailing.pk}/delete/").status_code == 409


@pytest.mark.parametrize("name", DENIED)
def test_pages_are_refused_to_everyone_else(world, client_for, mailing, name):
    client = client_for(world[name])
    for path in ("", "edit/", "delete/"):
        assert client.get(f"/mailings/{mailing.pk}/{path}").status_code == 404, path
    for path in ("test/", "send/"):
        assert client.post(f"/mailings/{mailing.pk}/{path}").status_code == 404, path
    assert client.get(f"/mailings/new/{world.cluster_a.pk}/").status_code == 404
    assert client.get("/mailings/").status_code == (200 if name == "manager_b" else 403)
    assert Mailing.objects.get().status == "draft"


def test_signed_out_is_sent_to_sign_in(world, mailing):
    assert Client().get(f"/mailings/{mailing.pk}/").status_code == 302


def test_api_crud_preview_and_send(world, settings, django_capture_on_commit_callbacks, api_as):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILINGS_RATE_PER_SECOND = 0
    api = api_as("manager_a")
    body = {"cluster": world.cluster_a.pk, "title": "API news", "versions": {"en": EN}}
    created = api.send("post", "/", body)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "draft" and data["counts"]["total"] == 0
    pk = data["id"]
    patched = api.send("patch", f"/{pk}", {"versions": {"en": EN, "lv": LV}, "committed": "yes"})
    assert patched.status_code == 200, patched.content
    assert sorted(v["language"] for v in patched.json()["versions"]) == ["en", "lv"]
    preview = api.get(f"/{pk}/preview").json()
    assert preview["count"] == 1 and preview["first"][0]["email"] == "alda@member-a.example"
    assert api.send("post", f"/{pk}/test", {}).json() == {"sent_to": "manager_a@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.send("post", f"/{pk}/send", {})
    assert sent.status_code == 202 and sent.json()["recipients"] == 1
    assert api.get(f"/{pk}").json()["counts"]["sent"] == 1
    again = api.send("post", f"/{pk}/send", {})
    assert again.status_code == 422
    assert api.get("/").json()["count"] == 1


def test_api_bad_input_names_the_field(world, api_as):
    api = api_as("manager_a")
    cases = [
        ({"cluster": world.cluster_b.pk, "title": "x", "versions": {"en": EN}}, "cluster"),
        ({"cluster": world.cluster_a.pk, "title": "x", "versions": {"xx": EN}}, "versions"),
        ({"cluster": world.cluster_a.pk, "title": "x", "versions": {}}, "subject_en"),
        (
            {"cluster": world.cluster_a.pk, "title": "x", "versions": {"en": EN}, "event": 99},
            "event",
        ),
        (
            {
                "cluster": world.cluster_a.pk,
                "title": "x",
                "versions": {"en": EN},
                "nace_divisions": ["J"],
            },
            "nace_divisions",
        ),
        (
            {"cluster": world.cluster_a.pk, "title": "x", "versions": {"en": EN}, "bogus": 1},
            "bogus",
        ),
    ]
    for body, field in cases:
        response = api.send("post", "/", body)
        assert response.status_code == 422, (field, response.content)
        assert field in response.content.decode(), (field, response.content)
    assert not Mailing.objects.exists()


@pytest.mark.parametrize("name", DENIED)
def test_api_refuses_everyone_else(world, mailing, name, api_as):
    api = api_as(name)
    assert api.get(f"/{mailing.pk}").status_code == 404
    assert api.get(f"/{mailing.pk}/preview").status_code == 404
    assert api.send("patch", f"/{mailing.pk}", {"title": "hijacked"}).status_code == 404
    assert api.send("post", f"/{mailing.pk}/send", {}).status_code == 404
    assert api.delete(f"/{mailing.pk}").status_code == 404
    assert api.get("/").json()["count"] == 0
    created = api.send(
        "post", "/", {"cluster": world.cluster_a.pk, "title": "x", "versions": {"en": EN}}
    )
    assert created.status_code == 422
    assert api.send("post", "/bounces", {"email": "a@b.example"}).status_code == 403
    assert Mailing.objects.get().title == "December news"


def test_api_bounces_admin_only(world, api_as):
    assert api_as("manager_a").send("post", "/bounces", {"email": "x@y.example"}).status_code == 403
    response = api_as("admin").send("post", "/bounces", {"email": "X@y.example", "reason": "550"})
    assert response.status_code == 201
    assert response.json() == {"email": "x@y.example", "reason": "550", "count": 1}
    bad = api_as("admin").send("post", "/bounces", {"email": "nonsense"})
    assert bad.status_code == 422 and "email" in bad.content.decode()
    assert Bounce.objects.count() == 1


def test_api_delete_draft(world, mailing, api_as):
    api = api_as("manager_a")
    assert api.delete(f"/{mailing.pk}").status_code == 204
    assert not Mailing.objects.exists()
    assert AuditEntry.objects.filter(action="mailing_deleted").count() == 1


def test_make_mailing_helper_is_a_draft(world):
    assert make_mailing(world.cluster_a).status == "draft"
