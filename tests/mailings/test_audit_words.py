"""The audit log names mailing (and invoicing) actions in words, in the reader's language; the
stored action stays the machine name (filters, CSV)."""

import pytest
from django.urls import reverse
from django.utils import translation

from clusterhub.accounts.enums import audit_action_label
from clusterhub.accounts.models import AuditEntry
from clusterhub.mailings import domain
from clusterhub.mailings.enums import MailingAuditAction
from tests.mailings.conftest import make_mailing

pytestmark = pytest.mark.django_db


def test_every_mailing_action_has_words():
    for action in MailingAuditAction:
        assert audit_action_label(action.value) == str(action.label) != action.value
    assert audit_action_label("payment_undone") == "Payment undone"
    assert audit_action_label("something_unknown") == "something_unknown"


def test_the_words_are_translated():
    with translation.override("lv"):
        assert audit_action_label("login") == str(translation.gettext("Signed in"))
        assert audit_action_label("mailing_sent") == translation.gettext("Mailing sent")


def test_the_audit_log_shows_mailing_actions_in_words(world, client_for):
    mailing = make_mailing(world.cluster_a)
    domain.delete_mailing(mailing=mailing)
    assert set(AuditEntry.objects.values_list("action", flat=True)) >= {
        "mailing_created",
        "mailing_deleted",
    }
    page = client_for(world["admin"]).get(reverse("accounts:audit_log")).content.decode()
    assert "Mailing written" in page and "Mailing deleted" in page
    assert "<td>mailing_created</td>" not in page and "<td>mailing_deleted</td>" not in page
