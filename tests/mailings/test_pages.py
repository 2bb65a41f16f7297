"""The edit page: protected against lost updates (the mailing and its versions), saves an
unchanged form; the delete page asks first."""

from django.utils import timezone

from clusterhub.common.concurrency import FIELD_NAME
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.models import MailingVersion


def _form(mailing, fingerprint):
    return {
        FIELD_NAME: fingerprint,
        "title": mailing.title,
        "category": "news",
        "default_language": "en",
        "audience": "members",
        "subject_en": "Changed subject",
        "body_en": "<p>Changed</p>",
    }


def _fingerprint(page) -> str:
    html = page.content.decode()
    start = html.index(f'name="{FIELD_NAME}"')
    tag = html[html.rindex("<input", 0, start) : html.index(">", start)]
    return tag.split('value="')[1].split('"')[0]


def test_edit_refuses_a_mailing_changed_after_it_was_opened(world, client_for, mailing):
    client = client_for(world["manager_a"])
    opened = client.get(f"/mailings/{mailing.pk}/edit/")
    assert opened.status_code == 200
    fingerprint = _fingerprint(opened)
    # Someone else changes a language version meanwhile.
    MailingVersion.objects.filter(mailing=mailing, language="lv").update(subject="Cits")
    stale = client.post(f"/mailings/{mailing.pk}/edit/", _form(mailing, fingerprint))
    assert stale.status_code == 409
    assert b"Someone else changed this record" in stale.content
    assert mailing.versions.get(language="en").subject == "Cluster news"


def test_edit_saves_and_drops_an_emptied_language(world, client_for, mailing):
    client = client_for(world["manager_a"])
    fingerprint = _fingerprint(client.get(f"/mailings/{mailing.pk}/edit/"))
    saved = client.post(f"/mailings/{mailing.pk}/edit/", _form(mailing, fingerprint))
    assert saved.status_code == 302
    assert list(mailing.versions.values_list("language", "subject")) == [("en", "Changed subject")]


def test_delete_asks_then_deletes(world, client_for, mailing):
    client = client_for(world["manager_a"])
    assert client.get(f"/mailings/{mailing.pk}/delete/").status_code == 200
    assert Mailing.objects.filter(pk=mailing.pk).exists()
    assert client.post(f"/mailings/{mailing.pk}/delete/").status_code == 302
    assert not Mailing.objects.filter(pk=mailing.pk).exists()


def test_send_with_a_time_in_the_past_sends_now_and_bad_time_is_a_message(
    world, client_for, mailing, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MAILINGS_RATE_PER_SECOND = 0
    client = client_for(world["manager_a"])
    bad = client.post(f"/mailings/{mailing.pk}/send/", {"when": "tomorrow-ish"}, follow=True)
    assert bad.status_code == 200 and b"Enter a valid date/time" in bad.content
    assert Mailing.objects.get(pk=mailing.pk).status == "draft"
    past = timezone.localtime() - timezone.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/mailings/{mailing.pk}/send/", {"when": past.strftime("%Y-%m-%dT%H:%M")})
    assert Mailing.objects.get(pk=mailing.pk).status == "sent"
