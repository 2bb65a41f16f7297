"""Sending: each recipient's language with their own unsubscribe link, in a background job,
rate-limited, delivered/failed recorded, never twice to an address of a mailing."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task_backends

from clusterhub.accounts.models import AuditEntry
from clusterhub.common.jobs import execute_job
from clusterhub.common.models import Job
from clusterhub.mailings import domain
from clusterhub.mailings import sending
from clusterhub.mailings.models import Delivery
from clusterhub.mailings.models import Mailing
from clusterhub.mailings.models import Unsubscription
from tests.factories import PersonFactory
from tests.factories import UserFactory
from tests.mailings.conftest import EN
from tests.mailings.conftest import make_mailing


@pytest.fixture
def latvian(world):
    """A second person at Member A whose account chose Latvian."""
    user = UserFactory(username="liga", email="liga-login@member-a.example", language="lv")
    return PersonFactory(
        organisation=world.member_a, email="liga@member-a.example", first_name="Līga", user=user
    )


def test_send_now_runs_the_job_and_records_each_delivery(world, latvian, outbox_settings, queue):
    mailing = make_mailing(world.cluster_a)
    assert queue(mailing, base_url="https://hub.example/") == 2
    # The immediate task backend (tests) ran the job after the commit.
    mailing.refresh_from_db()
    assert mailing.status == "sent" and mailing.finished_at is not None
    job = Job.objects.get()
    assert (job.kind, job.state, job.owner, job.params) == (
        "mailings.send",
        "done",
        None,
        {"mailing": mailing.pk},
    )
    assert job.result["summary"] == f"{mailing}: 2 delivered, 0 failed."
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"alda@member-a.example", "liga@member-a.example"}
    # Alda chose no language: the default (English); Līga's account chose Latvian.
    assert by_address["alda@member-a.example"].subject == "Cluster news"
    assert by_address["liga@member-a.example"].subject == "Klastera ziņas"
    lv = by_address["liga@member-a.example"]
    assert "Sveiki, biedri" in lv.body
    html = lv.alternatives[0][0]
    assert "<em>biedri</em>" in html
    link = lv.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://hub.example/mailings/unsubscribe/")
    assert link in lv.body and link in html
    assert lv.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sending.counts_of(mailing) == {
        "pending": 0,
        "sending": 0,
        "sent": 2,
        "failed": 0,
        "skipped": 0,
        "total": 2,
    }
    assert AuditEntry.objects.filter(action="mailing_sent", target_id=str(mailing.pk)).count() == 1


def test_running_the_task_again_sends_nothing_twice(world, latvian, outbox_settings, queue):
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    assert len(mail.outbox) == 2
    Mailing.objects.filter(pk=mailing.pk).update(status="sending")  # as if re-run mid-way
    sending.send_pending(mailing.pk)
    sending.send_pending(mailing.pk)
    assert len(mail.outbox) == 2
    with pytest.raises(ValidationError):
        queue(Mailing.objects.get(pk=mailing.pk))
    assert Delivery.objects.filter(mailing=mailing).count() == 2


def test_a_second_run_skips_rows_the_first_has_claimed(world, latvian, outbox_settings, queue):
    """Two workers at once: the rows one run claimed are invisible to the other."""
    outbox_settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    assert mail.outbox == []  # queued, not run
    claimed = sending._claim(mailing)  # the first run took the batch ...
    assert len(claimed) == 2
    sending.send_pending(mailing.pk)  # ... so a second run finds nothing to send
    assert mail.outbox == []
    assert sending.counts_of(mailing)["sending"] == 2


def test_failures_are_recorded_per_recipient(world, latvian, outbox_settings, monkeypatch, queue):
    original = sending.EmailMultiAlternatives.send

    def send(message, fail_silently=False):
        if message.to == ["liga@member-a.example"]:
            raise OSError("mailbox unavailable")
        return original(message, fail_silently)

    monkeypatch.setattr(sending.EmailMultiAlternatives, "send", send)
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    failed = Delivery.objects.get(mailing=mailing, email="liga@member-a.example")
    assert failed.status == "failed" and failed.error == "mailbox unavailable"
    assert sending.counts_of(mailing)["sent"] == 1
    assert sending.counts_of(mailing)["failed"] == 1


def test_unsubscribing_after_queueing_is_honoured_at_sending(
    world, latvian, outbox_settings, queue
):
    outbox_settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    Unsubscription.objects.create(
        cluster=world.cluster_a, email="liga@member-a.example", category="news"
    )
    sending.send_pending(mailing.pk)
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
    skipped = Delivery.objects.get(mailing=mailing, email="liga@member-a.example")
    assert skipped.status == "skipped" and skipped.error == "unsubscribed"


def test_rate_limit(world, outbox_settings, queue):
    for i in range(5):
        PersonFactory(organisation=world.member_a, email=f"p{i}@member-a.example")
    outbox_settings.MAILINGS_RATE_PER_SECOND = 2
    outbox_settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    now = [0.0]
    waits = []

    def sleep(seconds):
        waits.append(round(seconds, 3))
        now[0] += seconds

    sending.send_pending(mailing.pk, sleep=sleep, clock=lambda: now[0])
    assert len(mail.outbox) == 6
    # 6 messages at 2 a second: the 2nd waits until 0.5 s, the 3rd until 1 s, ...
    assert waits == [0.5, 0.5, 0.5, 0.5, 0.5]
    assert now[0] == 2.5


def test_scheduled_mailing_waits_for_its_time(world, outbox_settings, queue):
    mailing = make_mailing(world.cluster_a)
    when = timezone.now() + dt.timedelta(hours=2)
    assert queue(mailing, when=when) == 1
    mailing.refresh_from_db()
    assert mailing.status == "scheduled" and mailing.scheduled_for == when
    sending.send_pending(mailing.pk)  # too early: nothing
    call_command("mailings", "send-due")
    assert mail.outbox == []
    Mailing.objects.filter(pk=mailing.pk).update(scheduled_for=timezone.now())
    call_command("mailings", "send-due")
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
    mailing.refresh_from_db()
    assert mailing.status == "sent"


def test_a_scheduled_mailing_is_queued_for_its_time_where_the_queue_can_defer(
    world, outbox_settings, queue
):
    outbox_settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }
    mailing = make_mailing(world.cluster_a)
    when = timezone.now() + dt.timedelta(hours=2)
    queue(mailing, when=when)
    (queued,) = task_backends["default"].results
    assert queued.task.run_after == when
    assert queued.args == [Job.objects.get(kind="mailings.send").pk]
    assert mail.outbox == []


def test_a_job_for_a_deleted_mailing_says_so(world, outbox_settings):
    job = Job.objects.create(kind="mailings.send", title="Sending", params={"mailing": 999999})
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.result) == (
        "done",
        {"summary": "The mailing was deleted before it was sent."},
    )


def test_a_sent_mailing_can_neither_change_nor_go(world, outbox_settings, queue):
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    mailing.refresh_from_db()
    with pytest.raises(ValidationError):
        domain.save_mailing(mailing=mailing, versions={"en": {"subject": "x", "body_html": "y"}})
    with pytest.raises(ValidationError):
        domain.delete_mailing(mailing=mailing)


def test_nobody_to_send_to_and_missing_default_version(world, outbox_settings, queue):
    empty = make_mailing(world.cluster_a, org_types=["finance"])
    with pytest.raises(ValidationError, match="reaches nobody"):
        queue(empty)
    with pytest.raises(ValidationError) as caught:
        make_mailing(world.cluster_a, default_language="et")
    assert "subject_et" in caught.value.message_dict


def test_send_test_goes_to_oneself_in_every_language(world, mailing, outbox_settings):
    address = sending.send_test(mailing=mailing, user=world["manager_a"])
    assert address == "manager_a@example.org"
    assert sorted(m.subject for m in mail.outbox) == [
        "[Test] Cluster news",
        "[Test] Klastera ziņas",
    ]
    assert all(m.to == ["manager_a@example.org"] for m in mail.outbox)
    assert not Delivery.objects.exists()


def test_bounces_are_flagged_and_skipped(world, latvian, outbox_settings, queue):
    call_command("mailings", "record-bounces", "Liga@member-a.example", "--reason", "no such user")
    call_command("mailings", "record-bounces", "liga@member-a.example")
    from clusterhub.mailings.models import Bounce

    bounce = Bounce.objects.get()
    assert (bounce.email, bounce.count, bounce.reason) == (
        "liga@member-a.example",
        2,
        "no such user",
    )
    mailing = make_mailing(world.cluster_a)
    queue(mailing)
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
    with pytest.raises(ValidationError) as caught:
        domain.record_bounce(email="not an address")
    assert "email" in caught.value.message_dict


def test_changing_a_scheduled_mailing_takes_it_back_to_a_draft(world, outbox_settings, queue):
    mailing = make_mailing(world.cluster_a)
    queue(mailing, when=timezone.now() + dt.timedelta(days=1))
    assert Delivery.objects.filter(mailing=mailing).count() == 1
    mailing.refresh_from_db()
    domain.save_mailing(
        mailing=mailing, versions={"en": {"subject": "Later", "body_html": "<p>x</p>"}}
    )
    mailing.refresh_from_db()
    assert (mailing.status, mailing.scheduled_for) == ("draft", None)
    assert not Delivery.objects.filter(mailing=mailing).exists()
    with pytest.raises(ValidationError) as caught:
        domain.save_mailing(mailing=mailing, nuts_region="ZZ9", versions={"en": EN})
    assert "nuts_region" in caught.value.message_dict
