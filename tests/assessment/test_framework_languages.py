"""The framework in four languages: the file format, the shipped texts, pages, API and re-import."""

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from clusterhub.accounts.domain import choose_language
from clusterhub.assessment import domain
from clusterhub.assessment import loader
from clusterhub.assessment.models import Area
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import Indicator
from clusterhub.assessment.models import in_language
from tests.assessment.conftest import FRAMEWORK_FILE
from tests.assessment.test_access import V1


@pytest.fixture
def raw():
    return yaml.safe_load(FRAMEWORK_FILE.read_text())


def _error(data) -> str:
    with pytest.raises(loader.FrameworkError) as exc:
        loader.validate(data)
    return str(exc.value)


# --- the file format ----------------------------------------------------------------------------


def test_every_text_of_the_shipped_framework_is_in_latvian_estonian_and_swedish():
    d = loader.read_file(FRAMEWORK_FILE)
    others = {"lv", "et", "sv"}
    assert set(d["translations"]["name"]) == others
    assert set(d["translations"]["description"]) == others
    assert all(set(a["translations"]["title"]) == others for a in d["areas"])
    for ind in d["indicators"]:
        t = ind["translations"]
        expected = {"title", "question"} | {k for k in ("help", "unit") if ind[k] not in ("", "%")}
        if ind["type"] == "choice":
            expected.add("options")
            assert set(t["options"]) == {o[0] for o in ind["scoring"]["options"]}
            assert all(set(labels) == others for labels in t["options"].values())
        assert set(t) == expected, ind["code"]
        assert all(set(t[k]) == others for k in expected - {"options"}), ind["code"]
        # A translation is the translator's text, not the English copied over.
        assert t["title"]["lv"] != ind["title"]
        assert t["question"]["sv"] != ind["question"]


def test_the_glossary_terms_are_used():
    d = loader.read_file(FRAMEWORK_FILE)
    assert d["translations"]["description"]["lv"].startswith("36 rādītāji")
    assert d["translations"]["description"]["et"].startswith("36 näitajat")
    assert d["translations"]["description"]["sv"].startswith("36 indikatorer")
    st01 = d["indicators"][0]["translations"]["title"]
    assert st01 == {
        "lv": "Iesaistītie biedri",
        "et": "Pühendunud liikmed",
        "sv": "Engagerade medlemmar",
    }


def test_a_plain_string_is_english_with_no_translations(raw):
    raw["indicators"][0]["title"] = "Committed members"
    raw["areas"][0]["title"] = "Structure"
    d = loader.validate(raw)
    assert d["indicators"][0]["title"] == "Committed members"
    assert "title" not in d["indicators"][0]["translations"]
    assert d["areas"][0] == {"code": "structure", "title": "Structure", "translations": {}}


def test_some_languages_may_be_left_out(raw):
    raw["indicators"][0]["title"] = {"en": "Committed members", "lv": "Iesaistītie biedri"}
    d = loader.validate(raw)
    assert d["indicators"][0]["title"] == "Committed members"
    assert d["indicators"][0]["translations"]["title"] == {"lv": "Iesaistītie biedri"}


def test_an_unknown_language_code_is_named_with_the_indicator_and_field(raw):
    raw["indicators"][3]["title"] = {"en": "Members within 150 km", "de": "Mitglieder"}
    assert _error(raw) == (
        "indicators[3].title: unknown language code de in indicator ST04; "
        "use one of en, lv, et, sv."
    )


def test_an_unknown_language_code_in_an_option_label_names_the_option(raw):
    raw["indicators"][8]["options"][1]["label"] = {"en": "A draft", "lt": "Projektas"}
    assert _error(raw) == (
        "indicators[8].options[1].label: unknown language code lt in indicator GO03, "
        "option draft; use one of en, lv, et, sv."
    )


def test_an_unknown_language_code_in_an_area_or_the_framework_is_named(raw):
    raw["areas"][4]["title"] = {"en": "Interaction", "EN": "Interaction"}
    assert _error(raw) == (
        "areas[4].title: unknown language code EN in area interaction; use one of en, lv, et, sv."
    )
    raw["areas"][4]["title"] = "Interaction"
    raw["description"] = {"en": "About", "fi": "Tietoa"}
    assert _error(raw) == (
        "framework.description: unknown language code fi in framework clusterhub-ecei; "
        "use one of en, lv, et, sv."
    )


def test_english_is_required(raw):
    raw["areas"][1]["title"] = {"lv": "Klastera vadība un pārvaldība"}
    assert _error(raw) == (
        "areas[1].title.en: the English text is missing in area governance; English is required."
    )


def test_english_is_required_for_an_optional_text_that_has_translations(raw):
    raw["indicators"][0]["help"] = {"sv": "Förifyllt från medlemsregistret."}
    assert _error(raw) == (
        "indicators[0].help.en: the English text is missing in indicator ST01; English is required."
    )


def test_an_optional_text_may_be_left_out_in_every_language(raw):
    raw["indicators"][0]["help"] = {}
    d = loader.validate(raw)
    assert d["indicators"][0]["help"] == ""
    assert "help" not in d["indicators"][0]["translations"]


def test_an_empty_translation_is_refused(raw):
    raw["indicators"][8]["options"][1]["label"] = {"en": "A draft", "lv": "  "}
    assert _error(raw) == (
        "indicators[8].options[1].label.lv: is empty in indicator GO03, option draft; "
        "leave the language out to show the English text."
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            {"en": "Committed members", "sv": ["Engagerade"]},
            "indicators[0].title.sv: must be text.",
        ),
        ({"en": "x" * 201}, "indicators[0].title.en: is too long."),
        (["Committed members"], "indicators[0].title: must be text."),
    ],
)
def test_bad_texts_are_named(raw, value, message):
    raw["indicators"][0]["title"] = value
    assert _error(raw) == message


def test_a_comma_in_an_unquoted_flow_mapping_is_refused_not_cut(raw):
    raw["indicators"][8]["options"][3] = yaml.safe_load(
        "{value: action_plan, label: Adopted, with an action plan and budget, points: 4}"
    )
    assert _error(raw) == (
        "indicators[8].options[3].with an action plan and budget: unknown setting."
    )


def test_an_unknown_indicator_setting_is_refused(raw):
    raw["indicators"][0]["title_lv"] = "Iesaistītie biedri"
    assert _error(raw) == "indicators[0].title_lv: unknown setting."


# --- the active language, with English as the fallback ------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("lv", "Biedri"),
        ("et", "Liikmed"),
        ("sv", "Medlemmar"),
        ("en", "Members"),
        ("de", "Members"),
    ],
)
def test_in_language_falls_back_to_english(language, expected):
    texts = {"lv": "Biedri", "et": "Liikmed", "sv": "Medlemmar"}
    assert in_language("Members", texts, language) == expected


def test_a_missing_or_empty_translation_shows_english_never_empty():
    assert in_language("Members", {"lv": "Biedri"}, "sv") == "Members"
    assert in_language("Members", {"sv": ""}, "sv") == "Members"
    assert in_language("Members", None, "lv") == "Members"
    with translation.override("lv"):
        assert in_language("Members", {"lv": "Biedri"}) == "Biedri"


def test_models_follow_the_active_language(framework):
    st01 = Indicator.objects.get(framework=framework, code="ST01")
    go03 = Indicator.objects.get(framework=framework, code="GO03")
    with translation.override("et"):
        assert st01.local_title == "Pühendunud liikmed"
        assert st01.local_unit == "liiget"
        assert str(st01.area) == "structure Klastri struktuur"
        assert go03.option_label("adopted") == "Liikmete poolt heaks kiidetud"
        assert str(framework) == "ClusterHubi klastrijuhtimise raamistik (ECEI eeskujul) 2026"
    with translation.override("en"):
        assert go03.option_label("action_plan") == "Adopted, with an action plan and budget"
        assert st01.local_help.startswith("A member counts if it signed")


# --- pages --------------------------------------------------------------------------------------


def _in_latvian(client_for, world):
    choose_language(user=world["manager_a"], language="lv")
    return client_for(world["manager_a"])


def test_the_questionnaire_in_latvian_shows_latvian_indicators_and_area_names(
    client_for, world, draft
):
    client = _in_latvian(client_for, world)
    html = client.get(reverse("assessment:area", args=[draft.pk, "structure"])).content.decode()
    assert "<h1>Klastera struktūra</h1>" in html
    assert "Cik klasterim ir iesaistīto biedru?" in html
    assert "Iesaistītie biedri" in html
    assert "Klastera vadība un pārvaldība" in html  # the other areas in the area menu
    assert "How many members are committed" not in html
    assert "Structure of the cluster" not in html
    html = client.get(reverse("assessment:area", args=[draft.pk, "governance"])).content.decode()
    assert ">Biedru apstiprināta</option>" in html
    assert "Adopted by the members" not in html


def test_a_missing_translation_shows_english_on_the_page(client_for, world, draft):
    st01 = Indicator.objects.get(framework=draft.framework, code="ST01")
    del st01.translations["title"]["lv"]
    st01.save(update_fields=["translations"])
    Area.objects.filter(framework=draft.framework, code="structure").update(translations={})
    client = _in_latvian(client_for, world)
    html = client.get(reverse("assessment:area", args=[draft.pk, "structure"])).content.decode()
    assert "<h1>Structure of the cluster</h1>" in html
    assert '<span class="code">ST01</span> Committed members' in html
    assert "Cik klasterim ir iesaistīto biedru?" in html  # the question is still in Latvian


def test_the_overview_and_report_follow_the_language(client_for, world, draft):
    choose_language(user=world["manager_a"], language="sv")
    client = client_for(world["manager_a"])
    html = client.get(reverse("assessment:detail", args=[draft.pk])).content.decode()
    assert "Klusterledning och styrning" in html
    assert "ClusterHubs ramverk för klusterledning (inspirerat av ECEI) 2026" in html
    html = client.get(reverse("assessment:report", args=[draft.pk])).content.decode()
    assert "Klustrets struktur" in html
    assert "ST01 Engagerade medlemmar" in html
    assert "Committed members" not in html


def test_the_expert_review_shows_the_chosen_option_in_the_experts_language(
    client_for, world, submitted
):
    domain.assign_expert(assessment=submitted, expert=world["expert_a"])
    choose_language(user=world["expert_a"], language="et")
    client = client_for(world["expert_a"])
    html = client.get(reverse("assessment:review", args=[submitted.pk])).content.decode()
    assert '<span class="code">GO03</span> Klastri strateegia</h2>' in html
    assert "Kas klastril on kirjalik strateegia?" in html
    # GO03 was answered "action_plan": its label, not the stored value.
    assert "Heaks kiidetud, koos tegevuskava ja eelarvega" in html
    assert "action_plan" not in html


# --- API ----------------------------------------------------------------------------------------


def test_the_api_answers_in_the_accept_language(world, framework, api_as):
    api = api_as("manager_a", prefix=V1)
    url = f"/api/v1/assessment/frameworks/{framework.pk}"
    body = api.client.get(url, headers=api.headers | {"Accept-Language": "et"}).json()
    assert body["name"] == "ClusterHubi klastrijuhtimise raamistik (ECEI eeskujul)"
    assert body["areas"][0] == {"code": "structure", "title": "Klastri struktuur"}
    st01 = body["indicators"][0]
    assert (st01["title"], st01["question"], st01["unit"]) == (
        "Pühendunud liikmed",
        "Mitu pühendunud liiget klastril on?",
        "liiget",
    )
    go03 = next(i for i in body["indicators"] if i["code"] == "GO03")
    assert go03["scoring"]["options"][2] == ["adopted", "Liikmete poolt heaks kiidetud", "3"]
    body = api.client.get(url, headers=api.headers | {"Accept-Language": "sv"}).json()
    assert body["indicators"][0]["title"] == "Engagerade medlemmar"


def test_the_api_falls_back_to_english(world, framework, api_as):
    Indicator.objects.filter(framework=framework, code="ST01").update(translations={})
    api = api_as("manager_a", prefix=V1)
    url = f"/api/v1/assessment/frameworks/{framework.pk}"
    body = api.client.get(url, headers=api.headers | {"Accept-Language": "lv"}).json()
    assert body["indicators"][0]["title"] == "Committed members"
    assert body["indicators"][1]["title"] == "Biedru veidi"
    body = api.client.get(url, headers=api.headers | {"Accept-Language": "de"}).json()
    assert body["indicators"][1]["title"] == "Member types"
    assert body["areas"][0]["title"] == "Structure of the cluster"


def test_the_score_explains_gaps_with_the_languages_titles_and_options(world, draft, api_as):
    api = api_as("manager_a", prefix=V1)
    url = f"/api/v1/assessment/assessments/{draft.pk}/score"
    body = api.client.get(url, headers=api.headers | {"Accept-Language": "lv"}).json()
    gold = next(r for r in body["readiness"] if r["level"] == "gold")
    go03 = next(g["text"] for g in gold["gaps"] if g["subject"] == "GO03")
    assert go03.startswith("GO03 Klastera stratēģija")
    assert "“Biedru apstiprināta”" in go03


# --- re-import ----------------------------------------------------------------------------------


def test_importing_the_same_version_again_updates_the_translations(framework, raw):
    raw["indicators"][0]["title"]["lv"] = "Apņēmīgie biedri"
    raw["areas"][0]["title"]["sv"] = "Klustrets sammansättning"
    del raw["indicators"][1]["title"]["et"]
    again = domain.import_framework(definition=loader.validate(raw))
    assert again.pk == framework.pk
    assert Framework.objects.count() == 1
    assert Indicator.objects.filter(framework=framework).count() == 36
    assert Area.objects.get(framework=framework, code="structure").translations["title"]["sv"] == (
        "Klustrets sammansättning"
    )
    st01, st02 = Indicator.objects.filter(framework=framework, code__in=["ST01", "ST02"])
    assert st01.translations["title"]["lv"] == "Apņēmīgie biedri"
    assert "et" not in st02.translations["title"]
    framework.refresh_from_db()
    assert framework.definition["indicators"][0]["translations"]["title"]["lv"] == (
        "Apņēmīgie biedri"
    )


def test_a_changed_rule_in_the_same_version_is_refused(framework, raw):
    raw["indicators"][0]["bands"][1]["points"] = 2
    with pytest.raises(ValidationError) as exc:
        domain.import_framework(definition=loader.validate(raw))
    assert exc.value.message_dict == {
        "version": [
            "Framework clusterhub-ecei version 2026 exists already with other indicators or "
            "rules; give the changed file a new version."
        ]
    }
    st01 = Indicator.objects.get(framework=framework, code="ST01")
    assert st01.scoring["bands"][1][2] == "1"


def test_the_command_says_when_it_updated_texts(db, capsys):
    call_command("assessment", "import-framework", str(FRAMEWORK_FILE))
    assert "Imported ClusterHub cluster management framework (ECEI-inspired) version 2026" in (
        capsys.readouterr().out
    )
    call_command("assessment", "import-framework", str(FRAMEWORK_FILE))
    assert capsys.readouterr().out == (
        "Updated the texts of ClusterHub cluster management framework (ECEI-inspired) version "
        "2026: 36 indicators in 6 areas.\n"
    )
    assert Framework.objects.count() == 1


def test_a_framework_stored_before_translations_gets_them_on_re_import(framework):
    # As stored by the version before translations: English only, no `translations` anywhere.
    old = framework.definition
    old.pop("translations")
    for part in old["areas"] + old["indicators"]:
        part.pop("translations")
    Framework.objects.filter(pk=framework.pk).update(definition=old, translations={})
    Area.objects.filter(framework=framework).update(translations={})
    Indicator.objects.filter(framework=framework).update(translations={})
    call_command("assessment", "import-framework", str(FRAMEWORK_FILE))
    assert Framework.objects.count() == 1
    with translation.override("lv"):
        st01 = Indicator.objects.get(framework=framework, code="ST01")
        assert (st01.local_title, str(st01.area)) == (
            "Iesaistītie biedri",
            "structure Klastera struktūra",
        )


def test_the_command_takes_a_language(db, capsys):
    call_command("assessment", "import-framework", str(FRAMEWORK_FILE), "--language", "lv")
    assert "ClusterHub klastera vadības ietvars (veidots pēc ECEI parauga)" in (
        capsys.readouterr().out
    )
    with pytest.raises(CommandError):
        call_command("assessment", "import-framework", str(FRAMEWORK_FILE), "--language", "de")


def test_the_report_command_writes_the_pdf_in_the_chosen_language(draft, tmp_path, monkeypatch):
    pages = []

    def fake_pdf(template, context):
        pages.append((translation.get_language(), render_to_string(template, context)))
        return b"%PDF-fake"

    monkeypatch.setattr("clusterhub.assessment.reports.render_pdf", fake_pdf)
    out = tmp_path / "r.pdf"
    call_command("assessment", "report", str(draft.pk), "--pdf", str(out), "--language", "sv")
    [(language, html)] = pages
    assert language == "sv"
    assert "Klustrets struktur" in html
    assert "ST01 Engagerade medlemmar" in html
    assert out.read_bytes() == b"%PDF-fake"
