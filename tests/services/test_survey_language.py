"""The needs-survey template in four languages, surveys made in the manager's chosen language,
and respondents through a link shown the page in the survey's language (docs/translation.md)."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clusterhub.services import domain
from clusterhub.services.models import Survey

pytestmark = pytest.mark.django_db

OTHER_LANGUAGES = ("lv", "et", "sv")
TITLES = {
    "en": "Member needs survey",
    "lv": "Biedru vajadzību aptauja",
    "et": "Liikmete vajaduste küsitlus",
    "sv": "Behovsenkät för medlemmar",
}


@pytest.fixture(autouse=True)
def _language_reset():
    """A page request leaves its language active in this thread; the next test starts clean."""
    yield
    translation.deactivate()


def _texts(survey: Survey) -> list[str]:
    texts = [survey.title, survey.introduction]
    for question in survey.questions.order_by("position"):
        texts.append(question.text)
        texts.extend(question.choices)
    return texts


def test_every_template_text_exists_in_every_offered_language():
    template = domain.load_template()
    values = [template["title"], template["introduction"]]
    for spec in template["questions"]:
        values.append(spec["text"])
        values.extend(spec.get("choices", []))
    assert len(values) == 2 + 11 + 9
    offered = {code for code, _name in settings.LANGUAGES}
    for value in values:
        assert set(value) == offered, value
        assert all(text.strip() == text and text for text in value.values()), value


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_survey_from_the_template_is_wholly_in_its_language(world, language):
    english = _texts(
        domain.create_survey_from_template(cluster=world.cluster_a, actor=None, language="en")
    )
    survey = domain.create_survey_from_template(
        cluster=world.cluster_a, actor=world["manager_a"], language=language
    )
    assert survey.language == language
    assert survey.title == TITLES[language]
    texts = _texts(survey)
    assert len(texts) == len(english) == 22
    # No text fell back to English.
    assert [t for t, e in zip(texts, english, strict=True) if t == e] == []
    assert list(survey.questions.values_list("category", flat=True)[:8]) == [
        "information",
        "networking",
        "training",
        "internationalisation",
        "innovation",
        "finance",
        "advocacy",
        "infrastructure",
    ]


def test_sample_translations_are_the_agreed_ones(world):
    survey = domain.create_survey_from_template(cluster=world.cluster_b, actor=None, language="sv")
    frequency = survey.questions.get(position=9)
    assert frequency.text == "Hur ofta skulle ni använda en av klustrets tjänster?"
    assert frequency.choices == ["Varje månad", "Några gånger om året", "En gång om året", "Sällan"]
    latvian = domain.create_survey_from_template(cluster=world.cluster_b, actor=None, language="lv")
    assert latvian.questions.get(position=10).choices[-1] == "Jaunumu vēstules"


def test_a_missing_translation_falls_back_to_english(world, tmp_path, monkeypatch):
    template = domain.load_template()
    del template["questions"][0]["text"]["sv"]
    template["questions"][8]["choices"][1] = "A few times a year"  # a plain string is English
    template["introduction"]["sv"] = ""
    path = tmp_path / "needs_template.json"
    path.write_text(json.dumps(template), encoding="utf-8")
    monkeypatch.setattr(domain, "TEMPLATE_FILE", path)
    survey = domain.create_survey_from_template(cluster=world.cluster_a, actor=None, language="sv")
    questions = list(survey.questions.order_by("position"))
    assert questions[0].text == (
        "How important to you is information on markets, technology trends and regulation?"
    )
    assert questions[1].text.startswith("Hur viktigt är det för er att träffa")
    assert questions[8].choices[1] == "A few times a year"
    assert questions[8].choices[0] == "Varje månad"
    assert survey.introduction.startswith("Tell us which services")


def test_the_language_defaults_to_the_active_one_then_english(world):
    with translation.override("et"):
        survey = domain.create_survey_from_template(cluster=world.cluster_a, actor=None)
        assert survey.language == "et"
        assert survey.title == TITLES["et"]
        # A language that is not offered is not used.
        assert domain.survey_language("fi") == "et"
    with translation.override("fi"):
        assert domain.survey_language(None) == "en"
        assert (
            domain.create_survey_from_template(
                cluster=world.cluster_a, actor=None, language="xx"
            ).title
            == TITLES["en"]
        )


def test_the_manager_chooses_the_language_on_the_page(world, client_for):
    manager = world["manager_a"]
    manager.language = "lv"
    manager.save(update_fields=["language"])
    client = client_for(manager)
    page = client.get(reverse("services:survey_list", args=[world.cluster_a.pk])).content.decode()
    # Both forms default to the manager's language, each with its own field id.
    assert '<option value="lv" selected>Latviešu</option>' in page
    assert page.count('<option value="lv" selected>') == 2
    assert 'id="id_template-language"' in page
    assert 'id="id_language"' in page
    response = client.post(
        reverse("services:survey_create", args=[world.cluster_a.pk]),
        {"from_template": "1", "template-language": "et"},
    )
    survey = world.cluster_a.surveys.get()
    assert response["Location"] == reverse("services:survey_detail", args=[survey.pk])
    assert (survey.language, survey.title) == ("et", TITLES["et"])
    forged = client.post(
        reverse("services:survey_create", args=[world.cluster_a.pk]),
        {"from_template": "1", "template-language": "de"},
    )
    assert forged.status_code == 302
    assert world.cluster_a.surveys.order_by("-pk").first().language == "lv"
    blank = client.post(
        reverse("services:survey_create", args=[world.cluster_a.pk]),
        {"title": "Kvartāla aptauja", "language": "sv"},
    )
    assert blank.status_code == 302
    assert world.cluster_a.surveys.get(title="Kvartāla aptauja").language == "sv"


@pytest.fixture
def latvian_link(world):
    survey = domain.create_survey_from_template(cluster=world.cluster_a, actor=None, language="lv")
    domain.open_survey(survey=survey)
    [(_record, token)] = domain.issue_tokens(survey=survey, labels=["SIA Bērzs"])
    return reverse("services:survey_token", args=[token])


def test_a_link_respondent_sees_the_page_in_the_surveys_language(latvian_link):
    response = Client(headers={"accept-language": "en"}).get(latvian_link)
    assert response.status_code == 200
    assert response["Content-Language"] == "lv"
    page = response.content.decode()
    assert '<html lang="lv"' in page
    assert "Nosūtīt manas atbildes" in page
    assert TITLES["lv"] in page
    assert "Send my answers" not in page


def test_a_respondent_who_chose_a_language_keeps_it(latvian_link):
    client = Client(headers={"accept-language": "en"})
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    response = client.get(latvian_link)
    assert response["Content-Language"] == "sv"
    page = response.content.decode()
    assert '<html lang="sv"' in page
    assert "Skicka mina svar" in page
    # The questions stay as the cluster wrote them.
    assert TITLES["lv"] in page
