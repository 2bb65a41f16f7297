"""`clusterhub membership remind`: reminders once per period, bad arguments named."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError
from django.core.management import call_command

from tests.membership.conftest import assign


def run(*args) -> str:
    out = StringIO()
    call_command("membership", "remind", *args, stdout=out)
    return out.getvalue()


def test_remind_mails_due_members_once(
    world, full_a, membership_a, django_capture_on_commit_callbacks
):
    assign(membership_a, full_a, period_end=dt.date(2026, 12, 31))
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 members" in run("--on", "2026-12-10", "--cluster", "CLA")
    assert [m.to for m in mail.outbox] == [["alda@member-a.example"]]
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 members" in run("--on", "2026-12-11")
    assert len(mail.outbox) == 1


def test_remind_only_the_cluster_asked_for(world, full_a, membership_a):
    assign(membership_a, full_a, period_end=dt.date(2026, 12, 31))
    assert "0 members" in run("--on", "2026-12-10", "--cluster", "CLB")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--on", "10.12.2026"), "--on"),
        (("--days", "-1"), "--days"),
        (("--cluster", "NOPE"), "NOPE"),
    ],
)
def test_bad_arguments_are_named(world, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
