"""Mail goes after commit through the job queue (common/mail.py): queued when the transaction
commits, never when it rolls back, retried a bounded number of times when the server refuses,
and sent once per idempotency key."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction

from clusterhub.common.jobs import execute_job
from clusterhub.common.mail import MAIL_KIND
from clusterhub.common.mail import mail_key
from clusterhub.common.mail import send_notification
from clusterhub.common.models import Job
from clusterhub.common.notifications import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTEMPTS: list[int] = []


class FlakyBackend:
    """Refuses the first FAILURES messages (as a mail server that is down), then takes them."""

    FAILURES = 0

    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        ATTEMPTS.append(len(messages))
        if len(ATTEMPTS) <= FlakyBackend.FAILURES:
            raise smtplib.SMTPServerDisconnected("server went away")
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def flaky(settings):
    ATTEMPTS.clear()
    settings.EMAIL_BACKEND = "tests.common.test_mail_queue.FlakyBackend"
    settings.CLUSTERHUB_MAIL_RETRY_DELAYS = [0, 0]
    return FlakyBackend


def test_a_mail_is_sent_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_notification(subject="Hello\nthere", body="Body", to=["a@example.org"])
        assert mail.outbox == []
    assert mail.outbox == []  # still nothing: the transaction has not committed
    assert len(callbacks) == 1
    callbacks[0]()
    assert [(m.subject, m.to, m.body) for m in mail.outbox] == [
        ("Hello there", ["a@example.org"], "Body")
    ]
    job = Job.objects.get(kind=MAIL_KIND)
    assert job.state == Job.State.DONE
    assert job.params == {"recipients": 1}  # who got what is not kept after sending
    assert job.result["attempts"] == 1


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    user = UserFactory(email="rolled@example.org")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(user=user, event=None, subject="Never", body="Rolled back")
                raise RuntimeError("the verb failed after notifying")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Job.objects.filter(kind=MAIL_KIND).exists()


def test_a_refused_mail_is_retried_and_then_sent(flaky, django_capture_on_commit_callbacks):
    flaky.FAILURES = 2
    with django_capture_on_commit_callbacks(execute=True):
        send_notification(subject="Retry", body="x", to=["b@example.org"])
    assert ATTEMPTS == [1, 1, 1]
    assert [m.subject for m in mail.outbox] == ["Retry"]
    job = Job.objects.get(kind=MAIL_KIND)
    assert (job.state, job.result["attempts"]) == (Job.State.DONE, 3)


def test_retries_are_bounded_and_the_job_fails_with_the_reason(
    flaky, django_capture_on_commit_callbacks
):
    flaky.FAILURES = 10
    with django_capture_on_commit_callbacks(execute=True):
        send_notification(subject="Down", body="x", to=["c@example.org"])
    assert ATTEMPTS == [1, 1, 1]  # the first attempt and the two retries, no more
    assert mail.outbox == []
    job = Job.objects.get(kind=MAIL_KIND)
    assert job.state == Job.State.FAILED
    assert "server went away" in job.error


def test_one_key_is_sent_once(django_capture_on_commit_callbacks):
    key = mail_key("notification", 41)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_notification(subject="Once", body="x", to=["d@example.org"], key=key)
        assert send_notification(subject="Once", body="x", to=["d@example.org"], key=key)
    with django_capture_on_commit_callbacks(execute=True):  # later, after it was sent
        assert send_notification(subject="Once", body="x", to=["d@example.org"], key=key)
    assert [m.subject for m in mail.outbox] == ["Once"]
    job = Job.objects.get(kind=MAIL_KIND)
    assert job.dedupe_key == key
    # The queue delivering the same task again does not send it again either.
    assert execute_job(job.pk) is None
    assert len(mail.outbox) == 1


def test_a_notification_mails_its_text_once(django_capture_on_commit_callbacks):
    user = UserFactory(email="e@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=user, event=None, subject="Seat confirmed", body="See you")
    assert [(m.to, m.subject) for m in mail.outbox] == [(["e@example.org"], "Seat confirmed")]
    assert Job.objects.get(kind=MAIL_KIND).dedupe_key == mail_key("notification", note.pk)


def test_without_an_address_nothing_is_queued():
    assert send_notification(subject="x", body="x", to=[""]) is False
    assert not Job.objects.filter(kind=MAIL_KIND).exists()
