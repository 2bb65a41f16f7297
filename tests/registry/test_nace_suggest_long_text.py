"""Long descriptions reach the suggestion cut with a note, never refused, from the API and from
the "Suggest a code" button; and both forms that ask for a NACE code offer the button."""

from pathlib import Path

import pytest
from django.urls import reverse

import clusterhub
from clusterhub.registry import nace_suggest

URL = "/reference/nace/suggest"
JS = Path(clusterhub.__file__).parent / "common/static/clusterhub/clusterhub.js"
LONG_LV = "Kūpinām un konservējam Baltijas šprotes pēc vectēva receptēm. " * 80  # 5,040 chars


@pytest.fixture(autouse=True)
def _lexical_only(settings, tmp_path):
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    settings.VAR_DIR = tmp_path
    nace_suggest._vectors.cache_clear()
    yield
    nace_suggest._vectors.cache_clear()


def test_a_few_thousand_latvian_characters_are_cut_with_a_note(world, api_as):
    response = api_as("outsider").get(URL, text=LONG_LV)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["note"] == "Only the first 2000 characters were used."
    assert body["suggestions"][0]["code"] == "10.20"


def test_text_of_exactly_the_limit_has_no_note_and_one_more_has(world, api_as):
    api = api_as("outsider")
    text = ("bakery " * 400)[: nace_suggest.MAX_CHARS]
    assert api.get(URL, text=text).json()["note"] is None
    assert api.get(URL, text=text + "x").json()["note"] == (
        "Only the first 2000 characters were used."
    )


def test_the_button_sends_one_character_more_than_is_read_so_the_note_can_show():
    """clusterhub.js cuts before sending (a URL has a length limit); it must leave the server one
    character over MAX_CHARS, or the server never knows the text was cut."""
    source = JS.read_text(encoding="utf-8")
    assert f"description.slice(0, {nace_suggest.MAX_CHARS + 1})" in source
    # And it shows the note the server sends.
    assert "data.note" in source


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("organisation", lambda w: reverse("registry:organisation_create")),
        (
            "partnering profile",
            lambda w: reverse("matchmaking:profile_create", args=[w.member_a.pk]),
        ),
    ],
)
def test_the_forms_pages_offer_suggest_a_code_from_their_description(world, client_for, name, path):
    page = client_for(world["manager_a"]).get(path(world))
    assert page.status_code == 200, name
    html = page.content.decode()
    assert 'data-suggest-from="id_description"' in html
    assert 'id="id_description"' in html
    assert "clusterhub/clusterhub" in html and ".js" in html
