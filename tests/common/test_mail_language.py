"""Whose language a message is in: the recipient's profile, else English (docs/translation.md)."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext as _

from clusterhub.common.mail import in_language_of
from clusterhub.common.mail import language_for
from clusterhub.common.mail import send_notification
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_is_written_to_in_the_language_of_their_profile():
    assert language_for(UserFactory(language="lv")) == "lv"
    assert language_for(UserFactory(language="sv")) == "sv"


def test_without_a_chosen_language_the_site_language_is_used(settings):
    settings.LANGUAGE_CODE = "en"
    user = UserFactory(language="")
    # Working at a Latvian organisation says nothing about the language the person reads.
    PersonFactory(user=user, organisation=OrganisationFactory(country="LV"))
    assert language_for(user) == "en"
    assert language_for(None) == "en"


def test_a_person_is_written_to_in_the_language_of_their_account():
    user = UserFactory(language="et")
    person = PersonFactory(user=user)
    assert language_for(person) == "et"
    assert language_for(PersonFactory(user=None)) == "en"


def test_an_address_is_written_to_in_the_language_of_its_account():
    UserFactory(username="liga", email="Liga@Example.org", language="lv")
    UserFactory(username="sven", email="sven@example.org", language="sv")
    assert language_for("liga@example.org") == "lv"
    assert language_for(" sven@example.org ") == "sv"
    assert language_for("nobody@example.org") == "en"
    assert language_for("") == "en"


def test_a_language_no_longer_offered_falls_back_to_english(settings):
    user = UserFactory(language="fi")
    assert language_for(user) == "en"
    settings.LANGUAGE_CODE = "lv"
    assert language_for(user) == "lv"


def test_the_message_is_built_in_the_recipients_language_whoever_sends_it(
    django_capture_on_commit_callbacks,
):
    recipient = UserFactory(language="sv")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        with in_language_of(recipient):
            subject = _("New meeting")
        assert translation.get_language() == "en"
        assert send_notification(subject=subject, body="x", to=[recipient.email])
    assert [m.subject for m in mail.outbox] == ["Nytt möte"]
