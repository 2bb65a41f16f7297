"""The two shared page helpers every area's views use (common/pages.py):

carry_out runs the domain verb behind a button and says what came of it (a success message, or
the verb's reasons as error messages, joined or one per reason); saving_form_page saves a valid
POST through a domain verb, says so and redirects, else shows the form with its errors;
carry_out_if_valid does carry_out's work for a small form once it is valid, else says what to put
right; deleting_page asks, then deletes through a domain verb, says so and goes on (409 when refused).
"""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from clusterhub.common.pages import carry_out
from clusterhub.common.pages import carry_out_if_valid
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import redirect_once_saved
from clusterhub.common.pages import saving_form_page
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _request(method: str = "post", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)
    return request


def _said(request) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in get_messages(request)]


def _refuse(reasons):
    def verb():
        raise ValidationError(reasons)

    return verb


# --- carry_out -----------------------------------------------------------------------------


def test_a_verb_that_goes_through_says_done():
    request = _request()
    assert carry_out(request, lambda: None, done="Meeting cancelled.") is True
    assert _said(request) == [(constants.SUCCESS, "Meeting cancelled.")]


def test_the_done_message_may_name_what_the_verb_returned():
    request = _request()
    assert carry_out(request, lambda: 3, done=lambda n: f"{n} payments were recorded.") is True
    assert _said(request) == [(constants.SUCCESS, "3 payments were recorded.")]


def test_without_a_done_message_nothing_is_said():
    request = _request()
    assert carry_out(request, lambda: None) is True
    assert _said(request) == []


def test_a_refusal_is_one_message_joining_its_reasons():
    request = _request()
    verb = _refuse(["The event is full.", "Registration is closed."])
    assert carry_out(request, verb, done="You are registered.") is False
    assert _said(request) == [(constants.ERROR, "The event is full. Registration is closed.")]


def test_a_refusal_may_say_each_reason_on_its_own():
    request = _request()
    verb = _refuse({"file": ["Too large."], "__all__": ["Not a draft."]})
    assert carry_out(request, verb, done="Evidence added.", joined=False) is False
    assert _said(request) == [(constants.ERROR, "Too large."), (constants.ERROR, "Not a draft.")]


def test_a_denied_verb_is_not_a_refusal_and_goes_up_as_403():
    request = _request()

    def verb():
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        carry_out(request, verb, done="Done.")
    assert _said(request) == []


# --- saving_form_page ----------------------------------------------------------------------


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


class Record:
    pk = 7

    def __str__(self):
        return "Record seven"


def _page(request, save, **options):
    form = NameForm(request.POST if request.method == "POST" else None)
    options = {"title": "Name it", "back_url": "/back/", **options}
    return saving_form_page(request, form, save, **options)


def test_a_valid_post_is_saved_said_and_goes_back():
    request = _request(data={"name": "Ada"})
    saves = []
    response = _page(request, lambda: saves.append("saved"), done="The name was saved.")
    assert saves == ["saved"]
    assert response.status_code == 302
    assert response["Location"] == "/back/"
    assert _said(request) == [(constants.SUCCESS, "The name was saved.")]


def test_the_message_and_the_next_page_may_name_the_saved_record():
    request = _request(data={"name": "Ada"})
    response = _page(
        request,
        Record,
        done=lambda record: f"{record} was added.",
        then=lambda record: f"/records/{record.pk}/",
    )
    assert response.status_code == 302
    assert response["Location"] == "/records/7/"
    assert _said(request) == [(constants.SUCCESS, "Record seven was added.")]


def test_what_else_the_page_says_comes_after_the_done_message():
    request = _request(data={"name": "Ada"})

    def after(record):
        messages.info(request, f"Also about {record}.")

    response = _page(request, Record, done="Saved.", after=after)
    assert response["Location"] == "/back/"
    assert _said(request) == [
        (constants.SUCCESS, "Saved."),
        (constants.INFO, "Also about Record seven."),
    ]


def test_an_invalid_post_says_nothing_else_either():
    request = _request(data={"name": ""})
    afters = []
    response = _page(request, Record, done="Saved.", after=afters.append)
    assert response.status_code == 400
    assert afters == []
    assert _said(request) == []


def test_saved_without_a_message_says_nothing():
    request = _request(data={"name": "Ada"})
    response = _page(request, Record, then="/elsewhere/")
    assert response["Location"] == "/elsewhere/"
    assert _said(request) == []


def test_an_invalid_post_shows_the_form_with_its_errors_and_saves_nothing():
    request = _request(data={"name": "x" * 21})
    saves = []
    response = _page(request, lambda: saves.append("saved"), done="The name was saved.")
    assert saves == []
    assert response.status_code == 400
    assert b"Ensure this value has at most 20 characters (it has 21)." in response.content
    assert b'href="/back/"' in response.content
    assert _said(request) == []


def test_the_verb_s_refusal_goes_onto_the_form_fields():
    request = _request(data={"name": "Ada"})
    response = _page(request, _refuse({"name": ["That name is taken."]}), done="Saved.")
    assert response.status_code == 400
    assert b"That name is taken." in response.content
    assert _said(request) == []


def test_a_denied_save_goes_up_as_403():
    request = _request(data={"name": "Ada"})

    def save():
        raise PermissionDenied

    with pytest.raises(PermissionDenied):
        _page(request, save, done="Saved.")
    assert _said(request) == []


def test_opening_the_page_shows_the_empty_form_and_saves_nothing():
    request = _request("get")
    saves = []
    response = _page(request, lambda: saves.append("saved"), done="Saved.")
    assert saves == []
    assert response.status_code == 200
    assert b'name="name"' in response.content
    assert b"Name it" in response.content


def test_redirect_once_saved_leaves_the_page_to_the_caller_until_saved():
    request = _request(data={"name": ""})
    form = NameForm(request.POST)
    assert redirect_once_saved(request, form, Record, done="Saved.", then="/x/") is None
    assert form.errors["name"] == ["This field is required."]


# --- deleting_page -------------------------------------------------------------------------


def _delete(request, organisation, delete, **options):
    return deleting_page(
        request,
        organisation,
        delete,
        back_url="/back/",
        then="/list/",
        done="Organisation %(name)s was deleted.",
        **options,
    )


def test_asking_deletes_nothing_and_shows_what_the_question_adds():
    organisation = OrganisationFactory(name="Baltic Foods")
    deletes = []
    response = _delete(
        _request("get"),
        organisation,
        lambda: deletes.append(1),
        question=lambda: {"dependents": [("people", 2)]},
    )
    assert response.status_code == 200
    assert deletes == []
    assert b"people" in response.content
    assert b'href="/back/"' in response.content


def test_a_confirmed_delete_names_the_record_and_goes_on():
    organisation = OrganisationFactory(name="100% Baltic Foods")
    request = _request()
    response = _delete(request, organisation, organisation.delete)
    assert (response.status_code, response["Location"]) == (302, "/list/")
    assert _said(request) == [(constants.SUCCESS, "Organisation 100% Baltic Foods was deleted.")]
    assert not type(organisation).objects.filter(name="100% Baltic Foods").exists()


def test_a_refused_delete_answers_409_with_the_reason_and_says_nothing_else():
    organisation = OrganisationFactory(name="Baltic Foods")
    request = _request()
    response = _delete(request, organisation, _refuse("It still has open invoices."))
    assert response.status_code == 409
    assert b"It still has open invoices." in response.content
    assert _said(request) == []


# --- carry_out_if_valid --------------------------------------------------------------------


def test_a_valid_small_form_runs_its_verb_and_says_done():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)
    ran = []
    assert carry_out_if_valid(
        request, form, lambda: ran.append(form.cleaned_data["name"]), done="Named."
    )
    assert ran == ["Ada"]
    assert _said(request) == [(constants.SUCCESS, "Named.")]


def test_an_invalid_small_form_says_what_to_put_right_and_runs_nothing():
    request = _request(data={"name": ""})
    ran = []
    assert not carry_out_if_valid(
        request, NameForm(request.POST), lambda: ran.append(1), done="Named.", invalid="Name it."
    )
    assert ran == []
    assert _said(request) == [(constants.ERROR, "Name it.")]


def test_without_its_own_words_the_form_s_errors_are_said_labelled_if_asked():
    request = _request(data={"name": "x" * 21})
    assert not carry_out_if_valid(request, NameForm(request.POST), lambda: None, labelled=True)
    assert _said(request) == [
        (constants.ERROR, "Name: Ensure this value has at most 20 characters (it has 21).")
    ]


def test_a_valid_small_form_s_refused_verb_says_each_reason_when_not_joined():
    request = _request(data={"name": "Ada"})
    went = carry_out_if_valid(
        request, NameForm(request.POST), _refuse(["Too late.", "Full."]), done="x", joined=False
    )
    assert went is False
    assert _said(request) == [(constants.ERROR, "Too late."), (constants.ERROR, "Full.")]
