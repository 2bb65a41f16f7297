"""The inbox: reading it changes nothing; marking read is a POST (a verb), and the model lives
in common (platform-wide) on the table events created."""

from django.test import Client
from django.urls import reverse

from clusterhub.common.models import Notification
from clusterhub.common.notifications import notify


def test_reading_the_inbox_marks_nothing_and_the_post_marks_all(world):
    user = world["member_a"]
    notify(user=user, event=None, subject="Hello", body="First")
    notify(user=user, event=None, subject="Again", body="Second")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("events:notifications"))
    assert page.status_code == 200
    assert b"Hello" in page.content
    assert Notification.objects.filter(user=user, read_at__isnull=True).count() == 2
    assert client.get(reverse("events:notifications_read")).status_code == 405
    answer = client.post(reverse("events:notifications_read"))
    assert answer.status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()


def test_the_table_is_the_one_events_created():
    assert Notification._meta.db_table == "events_notification"
    assert Notification._meta.app_label == "common"
