"""Choosing the language (issue 14, point 1): the switcher in every page's header, the profile's
language, Accept-Language on a first visit, <html lang> and Content-Language, and codes that are
not offered."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from clusterhub.accounts.domain import choose_language
from tests.conftest import PASSWORD

COOKIE = settings.LANGUAGE_COOKIE_NAME
# "Sign in" (the sign-in page's title) in each language, from the catalogues.
SIGN_IN = {"en": "Sign in", "lv": "Pieteikties", "et": "Logi sisse", "sv": "Logga in"}


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]*)">', response.content.decode())[1]


def switcher(response) -> str:
    """The header's language form, or "" when the page has none."""
    match = re.search(
        r'<form method="post" action="/i18n/setlang/" class="language-form">.*?</form>',
        response.content.decode(),
        re.S,
    )
    return match[0] if match else ""


def test_the_catalogues_say_sign_in_as_this_test_expects():
    for code, words in SIGN_IN.items():
        with translation.override(code):
            assert translation.gettext("Sign in") == words


@pytest.mark.parametrize("code", ["en", "lv", "et", "sv"])
def test_html_lang_content_language_and_the_words_shown_agree(client, db, code):
    client.cookies[COOKIE] = code
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert html_lang(response) == code
    assert response["Content-Language"] == code
    assert f"<title>{SIGN_IN[code]} · ClusterHub</title>" in response.content.decode()


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("lv-LV,lv;q=0.9,en;q=0.5", "lv"),
        ("et", "et"),
        ("sv-SE,sv;q=0.8", "sv"),
        ("en-GB,en;q=0.9", "en"),
        # Not offered: English, never German from Django's own catalogues.
        ("de-DE,de;q=0.9", "en"),
        ("", "en"),
    ],
)
def test_a_first_visit_follows_accept_language(client, db, header, code):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE=header)
    assert html_lang(response) == code
    assert response["Content-Language"] == code
    assert f"<title>{SIGN_IN[code]} · ClusterHub</title>" in response.content.decode()


@pytest.mark.parametrize("cookie", ["de", "xx", "zz-LV", "<script>"])
def test_a_language_cookie_that_is_not_offered_falls_back_to_english(client, db, cookie):
    client.cookies[COOKIE] = cookie
    response = client.get(reverse("accounts:login"))
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


def test_the_switcher_is_on_public_pages_labelled_and_lists_the_languages(client, db):
    for name in ("accounts:login", "training:certificate_lookup"):
        form = switcher(client.get(reverse(name)))
        assert '<label for="language-select" class="visually-hidden">Language</label>' in form
        assert re.findall(r'<option value="(\w+)" lang="(\w+)"', form) == [
            ("en", "en"),
            ("lv", "lv"),
            ("et", "et"),
            ("sv", "sv"),
        ]
        assert '<option value="en" lang="en" selected>English</option>' in form
        assert 'name="csrfmiddlewaretoken"' in form
        assert f'<input type="hidden" name="next" value="{reverse(name)}">' in form


def test_the_switcher_is_on_signed_in_pages_with_the_shown_language_selected(world, client_for):
    client = client_for(world["member_a"])
    client.cookies[COOKIE] = "et"
    form = switcher(client.get(reverse("accounts:profile")))
    assert '<option value="et" lang="et" selected>Eesti</option>' in form
    assert '<button type="submit" class="button small">Vaheta keelt</button>' in form


def test_switching_signed_out_sets_the_cookie_and_comes_back(client, db):
    url = reverse("training:certificate_lookup")
    response = client.post(reverse("set_language"), {"language": "sv", "next": url})
    assert response.status_code == 302
    assert response.url == url
    assert response.cookies[COOKIE].value == "sv"
    page = client.get(url)
    assert html_lang(page) == "sv"
    assert page["Content-Language"] == "sv"


def test_switching_to_a_language_not_offered_changes_nothing_shown(client, db):
    client.post(reverse("set_language"), {"language": "de", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


def test_the_profile_language_wins_over_cookie_and_browser(world, client_for):
    user = world["member_a"]
    choose_language(user=user, language="et")
    client = client_for(user)
    client.cookies[COOKIE] = "sv"
    response = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="lv")
    assert html_lang(response) == "et"
    assert response["Content-Language"] == "et"


def test_a_user_without_a_profile_language_follows_the_browser(world, client_for):
    client = client_for(world["member_a"])
    response = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="sv")
    assert html_lang(response) == "sv"
    user = world["member_a"]
    user.refresh_from_db()
    assert user.language == ""


def test_switching_while_signed_in_becomes_the_profile_language(world, client_for):
    user = world["member_a"]
    choose_language(user=user, language="et")
    client = client_for(user)
    response = client.post(
        reverse("set_language"), {"language": "lv", "next": "/accounts/profile/"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "lv"
    assert html_lang(client.get(reverse("accounts:profile"))) == "lv"


def test_the_profile_form_saves_the_language_and_says_so_in_it(world, client_for):
    user = world["member_a"]
    client = client_for(user)
    page = client.get(reverse("accounts:profile")).content.decode()
    assert '<option value="" selected>As my browser asks</option>' in page
    response = client.post(reverse("accounts:language"), {"language": "lv"}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:profile"), 302)]
    user.refresh_from_db()
    assert user.language == "lv"
    body = response.content.decode()
    assert html_lang(response) == "lv"
    assert "Jūsu valoda ir saglabāta." in body
    assert '<option value="lv" selected>Latviešu</option>' in body
    # Back to "as the browser asks".
    client.post(reverse("accounts:language"), {"language": ""})
    user.refresh_from_db()
    assert user.language == ""


def test_the_profile_refuses_a_language_that_is_not_offered(world, client_for):
    user = world["member_a"]
    response = client_for(user).post(reverse("accounts:language"), {"language": "de"})
    assert response.status_code == 400
    assert "Select a valid choice. de is not one of the available choices." in (
        response.content.decode()
    )
    user.refresh_from_db()
    assert user.language == ""
    with pytest.raises(ValueError, match="language 'de' is not offered"):
        choose_language(user=user, language="de")


def test_signing_in_applies_the_profile_language_and_keeps_it_after_signing_out(world, client):
    choose_language(user=world["manager_a"], language="sv")
    response = client.post(
        reverse("accounts:login"),
        {"username": "manager_a", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="lv",
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "sv"
    assert html_lang(client.get(reverse("accounts:profile"))) == "sv"
    client.post(reverse("accounts:logout"))
    signed_out = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="lv")
    assert html_lang(signed_out) == "sv"
    assert signed_out["Content-Language"] == "sv"


def test_signing_in_without_a_profile_language_sets_no_cookie(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "manager_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert COOKIE not in response.cookies


def test_the_500_page_is_marked_with_the_language_it_is_written_in():
    with translation.override("lv"):
        page = render_to_string("500.html")
    assert '<html lang="lv">' in page
    with translation.override("lv"):
        assert translation.gettext("Something went wrong") in page
    assert "Something went wrong" not in page
