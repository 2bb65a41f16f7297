"""Unsubscribing: one click, no sign-in, honoured at once, per cluster and category; forged and
reused links; transactional mail is not blocked."""

import pytest
from django.core import mail
from django.core import signing
from django.test import Client
from django.urls import reverse

from clusterhub.common.mail import send_notification
from clusterhub.mailings import domain
from clusterhub.mailings.models import Unsubscription
from clusterhub.mailings.queries import segment_of
from tests.mailings.conftest import make_mailing


def url(token):
    return reverse("mailings:unsubscribe", args=[token])


@pytest.fixture
def token(world):
    return domain.unsubscribe_token(
        cluster_id=world.cluster_a.pk, email="Alda@member-a.example", category="news"
    )


def test_the_page_asks_then_one_post_unsubscribes_without_signing_in(world, token):
    client = Client(enforce_csrf_checks=True)
    page = client.get(url(token))
    assert page.status_code == 200
    assert b"alda@member-a.example" in page.content and b"Cluster A" in page.content
    assert not Unsubscription.objects.exists()  # a link checker's GET changes nothing
    done = client.post(url(token))  # the button, or a mail client's RFC 8058 one-click POST
    assert done.status_code == 200
    assert b"Done:" in done.content
    row = Unsubscription.objects.get()
    assert (row.cluster_id, row.email, row.category) == (
        world.cluster_a.pk,
        "alda@member-a.example",
        "news",
    )
    # Honoured at once: the next mailing of the cluster's news leaves her out.
    segment = segment_of(make_mailing(world.cluster_a))
    assert segment.recipients == [] and [r.email for r in segment.unsubscribed] == [
        "alda@member-a.example"
    ]


def test_a_reused_link_changes_nothing_and_says_so(world, token):
    client = Client()
    client.post(url(token))
    again = client.post(url(token))
    assert again.status_code == 200
    assert b"already unsubscribed" in again.content
    assert Unsubscription.objects.count() == 1
    assert domain.unsubscribe(token=token).already is True
    assert b"already unsubscribed" in client.get(url(token)).content


@pytest.mark.parametrize(
    "forge",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # damaged signature
        lambda t: "not-a-token",
        # Signed with another key: someone making links for other people's addresses.
        lambda t: signing.dumps(
            {"c": 1, "e": "victim@example.org", "k": "news"},
            key="someone-elses-key",
            salt=domain.TOKEN_SALT,
        ),
        # Signed by this site for another purpose (another salt).
        lambda t: signing.dumps({"c": 1, "e": "victim@example.org", "k": "news"}),
    ],
)
def test_forged_links_are_refused(world, token, forge):
    response = Client().post(url(forge(token)))
    assert response.status_code == 400
    assert b"not valid" in response.content
    assert not Unsubscription.objects.exists()


def test_a_token_for_an_unknown_category_or_cluster_is_refused(world):
    bad_category = signing.dumps(
        {"c": world.cluster_a.pk, "e": "a@b.example", "k": "spam"}, salt=domain.TOKEN_SALT
    )
    no_cluster = domain.unsubscribe_token(cluster_id=999999, email="a@b.example", category="news")
    for token in (bad_category, no_cluster):
        assert Client().post(url(token)).status_code == 400
    assert not Unsubscription.objects.exists()


def test_other_categories_and_clusters_still_reach_the_address(world, token):
    Client().post(url(token))
    assert domain.is_unsubscribed(
        cluster_id=world.cluster_a.pk, email="alda@member-a.example", category="news"
    )
    assert not domain.is_unsubscribed(
        cluster_id=world.cluster_a.pk, email="alda@member-a.example", category="events"
    )
    assert not domain.is_unsubscribed(
        cluster_id=world.cluster_b.pk, email="alda@member-a.example", category="news"
    )
    events = make_mailing(world.cluster_a, category="events")
    assert [r.email for r in segment_of(events).recipients] == ["alda@member-a.example"]


def test_transactional_mail_is_not_blocked(
    world, token, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Client().post(url(token))
    # Registration confirmations and invoices go through common/mail.py, not mailings (which
    # may hand the message to the queue when the transaction commits).
    with django_capture_on_commit_callbacks(execute=True):
        assert send_notification(
            subject="Your invoice", body="Attached.", to=["alda@member-a.example"]
        )
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
