"""NACE 2.1 suggestion from free text, on the lexical path (the model is off in these tests,
as in matchmaking's: MATCHMAKING_EMBEDDER = "tfidf"); bench/nace_suggest.py measures the model."""

import pytest
from django.test import Client

from clusterhub.core.nace_text import build_index
from clusterhub.core.nace_text import fold
from clusterhub.core.nace_text import lexical_scores
from clusterhub.core.nace_text import words
from clusterhub.registry import nace_suggest

URL = "/reference/nace/suggest"


@pytest.fixture(autouse=True)
def _lexical_only(settings, tmp_path):
    settings.MATCHMAKING_EMBEDDER = "tfidf"
    settings.VAR_DIR = tmp_path
    nace_suggest._vectors.cache_clear()
    yield
    nace_suggest._vectors.cache_clear()


def codes(text: str) -> list[str]:
    return [s.code for s in nace_suggest.suggest(text)[0]]


def test_fold_drops_accents_and_case():
    assert fold("Kūpinām ŠPROTES Östersjö Põltsamaa") == "kupinam sprotes ostersjo poltsamaa"


def test_words_leave_out_short_and_stop_words():
    assert words("We develop software for our clients, and AI") == ["develop", "software"]


def test_lexical_scores_weigh_rare_words_and_keep_the_words_as_written():
    index = build_index(
        [{"title": ["Growing of wheat"]}, {"title": ["Growing of apples"]}], {"title": 1.0}
    )
    scores, matched = lexical_scores(index, "Wheat growing")
    assert matched == [["wheat", "growing"], ["growing"]]
    assert scores[0] == pytest.approx(1.0)
    assert 0 < scores[1] < 0.5


def test_software_for_logistics_suggests_computer_programming():
    found = codes("software development for logistics companies")
    assert found[:3] == ["62.10", "62.20", "62.90"]


def test_latvian_fish_smokers_get_fish_processing_first():
    assert codes("Kūpinām un konservējam Baltijas šprotes")[0] == "10.20"


def test_estonian_and_swedish_words_reach_their_classes():
    assert codes("Suitsutame kilu ja räime")[0] == "10.20"
    assert codes("Bageri som bakar surdegsbröd och bullar")[0] == "10.71"


def test_reason_names_the_words_that_matched():
    first = nace_suggest.suggest("We grow wheat and barley")[0][0]
    assert (first.code, first.reason) == ("01.11", "matched words: wheat, barley")


def test_text_with_no_known_word_suggests_nothing():
    assert nace_suggest.suggest("Zzyzx qwrtp")[0] == []


def test_title_falls_back_to_english():
    c = nace_suggest.NaceClass(
        code="62.10", titles={"en": "Computer programming activities", "lv": ""}, notes="", words=()
    )
    assert c.title("lv") == "Computer programming activities"
    assert c.title("sv") == "Computer programming activities"


def test_build_vectors_without_the_model_writes_nothing(tmp_path):
    message = nace_suggest.build_vectors()
    assert (
        message == "The embedding model is not installed or is switched off: lexical matching only."
    )
    assert list(tmp_path.iterdir()) == []


# The endpoint


def test_endpoint_answers_five_classes_with_title_score_and_reason(world, api_as):
    text = "We develop custom software and mobile apps for logistics companies"
    response = api_as("outsider").get(URL, text=text)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["note"] is None
    assert [s["code"] for s in body["suggestions"]] == ["62.10", "62.20", "62.90", "58.29", "52.26"]
    first = body["suggestions"][0]
    assert first["title"] == "Computer programming activities"
    assert first["reason"] == "matched words: develop, custom, software, apps"
    assert 0 < first["score"] <= 1
    scores = [s["score"] for s in body["suggestions"]]
    assert scores == sorted(scores, reverse=True)


def test_endpoint_lists_only_classes_that_match_something(world, api_as):
    body = api_as("outsider").get(URL, text="We grow wheat").json()
    assert [(s["code"], s["reason"]) for s in body["suggestions"]] == [
        ("01.11", "matched words: wheat"),
        ("10.61", "matched words: wheat"),
    ]


def test_long_text_is_cut_with_a_note_not_refused(world, api_as):
    text = ("We develop custom software for logistics companies. " * 100)[:5000]
    response = api_as("outsider").get(URL, text=text)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["note"] == "Only the first 2000 characters were used."
    assert body["suggestions"][0]["code"] == "62.10"


@pytest.mark.parametrize("text", ["", "   ", "\x00"])
def test_empty_text_is_422_naming_text(world, text, api_as):
    response = api_as("outsider").get(URL, text=text)
    assert response.status_code == 422
    assert response.json()["errors"] == {"text": ["Describe the activity in a few words."]}


def test_missing_text_is_422_naming_text(world, api_as):
    response = api_as("outsider").get(URL)
    assert response.status_code == 422
    assert response.json()["errors"] == {"text": ["Describe the activity in a few words."]}


def test_suggest_wants_authentication(db):
    assert Client().get("/api/v1" + URL, {"text": "bakery"}).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "form_path", ["registry.forms.OrganisationForm", "matchmaking.forms.ProfileForm"]
)
def test_forms_render_the_suggest_control_on_their_nace_field(form_path):
    """clusterhub.js adds "Suggest a code" to an input with data-suggest-from: both forms that
    ask for a NACE code name their description field as the text to send."""
    import importlib

    module, name = form_path.rsplit(".", 1)
    form = getattr(importlib.import_module(f"clusterhub.{module}"), name)()
    field = "primary_nace" if name == "OrganisationForm" else "nace"
    html = str(form[field])
    assert 'data-suggest-from="id_description"' in html
    assert 'data-suggest-label="Suggest a code"' in html
    assert 'data-lookup="nace"' in html
    assert 'id="id_description"' in str(form["description"])
    # Only the NACE inputs carry it.
    assert sum("data-suggest-from" in str(form[f]) for f in form.fields) == 1


def test_compound_parts_finds_known_stems_inside_a_word_without_overlap():
    from clusterhub.core.nace_text import compound_parts

    known = {"bageri": 1.0, "arendu": 1.0, "apstra": 1.0, "trade": 1.0, "hantve": 1.0}
    assert compound_parts("hantverksbageri", known) == ["bageri"]
    assert compound_parts("tarkvaraarendus", known) == ["arendu"]
    # "trade" inside "apstrade" is part of the piece already taken, not a second part.
    assert compound_parts("kokapstrade", known) == ["apstra"]
    # The word's own head is its stem, not a part; a short word has no parts.
    assert compound_parts("hantverk", known) == []
    assert compound_parts("bageri", known) == []


def test_a_swedish_compound_reaches_the_class_of_its_last_part():
    assert codes("Hantverksbageri i Uppsala")[0] == "10.71"
