"""NACE titles in English, Latvian, Estonian and Swedish (issue 14, point 3): the derived table
that ships, the command that derives it, the loader, and titles shown in the reader's language
with English where a NACE 2.1 code has no translated title."""

import csv
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from clusterhub.accounts.domain import create_token
from clusterhub.registry.management.commands.derive_nace_titles import COLUMNS
from clusterhub.registry.management.commands.derive_nace_titles import derive
from clusterhub.registry.management.commands.derive_nace_titles import sentence_case
from clusterhub.registry.models import NaceCode
from clusterhub.registry.reference import NACE_TITLES_FILE
from clusterhub.registry.reference import load_reference_data
from clusterhub.registry.reference import nace_titles
from tests.factories import ClusterFactory
from tests.factories import OrganisationFactory
from tests.shared_data import shared_data_file


def _shipped_rows() -> list[dict[str, str]]:
    with NACE_TITLES_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# The derived table


def test_shipped_table_has_every_code_and_the_agreed_columns():
    rows = _shipped_rows()
    assert list(rows[0]) == ["code", "title_en", "title_lv", "title_et", "title_sv", "source"]
    assert len(rows) == 1047
    sources = [r["source"] for r in rows]
    assert sources.count("rev2-same-code") == 679
    assert sources.count("english-fallback") == 368
    fallbacks = [r for r in rows if r["source"] == "english-fallback"]
    assert {(r["title_lv"], r["title_et"], r["title_sv"]) for r in fallbacks} == {("", "", "")}
    by_code = {r["code"]: r for r in rows}
    assert by_code["58.2"] == {
        "code": "58.2",
        "title_en": "Software publishing",
        "title_lv": "Datorprogrammatūras tiražēšana",
        "title_et": "Tarkvara kirjastamine",
        "title_sv": "Utgivning av programvara",
        "source": "rev2-same-code",
    }
    # Rev. 2 had computer programming under 62.01; 2.1 renumbered it, so English only.
    assert by_code["62.10"]["source"] == "english-fallback"
    # Section titles are in sentence case, as every 2.1 title is.
    assert by_code["A"]["title_sv"] == "Jordbruk, skogsbruk och fiske"


def test_derive_maps_same_code_and_title_and_falls_back_otherwise(tmp_path):
    source = tmp_path / "rev2.csv"
    with source.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["level", "code", "parent", "title_en", "title_lv", "title_et", "title_sv"])
        writer.writerow(
            ["1", "A", "", "AGRICULTURE, FORESTRY AND FISHING", "LAUKI", "PÕLD", "JORD"]
        )
        # Same code, same words in another order and case: mapped.
        writer.writerow(
            ["4", "62.10", "62.1", "computer PROGRAMMING activities", "Prog", "Progr", "Progra"]
        )
        # Same code, another activity (2.1 narrowed it to non-renewable sources): English.
        writer.writerow(["4", "35.11", "35.1", "Production of electricity", "El", "Elekter", "El"])
    rows = {r["code"]: r for r in derive(source)}
    assert len(rows) == 1047
    assert rows["A"] == {
        "code": "A",
        "title_en": "Agriculture, forestry and fishing",
        "title_lv": "Lauki",
        "title_et": "Põld",
        "title_sv": "Jord",
        "source": "rev2-same-code",
    }
    assert (rows["62.10"]["title_lv"], rows["62.10"]["source"]) == ("Prog", "rev2-same-code")
    assert rows["35.11"] == {
        "code": "35.11",
        "title_en": "Production of electricity from non-renewable sources",
        "title_lv": "",
        "title_et": "",
        "title_sv": "",
        "source": "english-fallback",
    }
    assert rows["01.11"]["source"] == "english-fallback"  # not in this source at all
    assert set(rows["A"]) == set(COLUMNS)


def test_sentence_case_only_touches_capitals():
    assert sentence_case("MÄETÖÖSTUS") == "Mäetööstus"
    assert sentence_case("Muu tarkvara kirjastamine") == "Muu tarkvara kirjastamine"


def test_command_reproduces_the_shipped_table(tmp_path):
    source = shared_data_file("nace_rev2_titles_en_lv_et_sv.csv")
    output = tmp_path / "nace21_titles.csv"
    call_command("derive_nace_titles", str(source), output=output, stdout=io.StringIO())
    assert output.read_text(encoding="utf-8") == NACE_TITLES_FILE.read_text(encoding="utf-8")


# The loader


def test_loader_reads_the_shipped_table():
    titles = nace_titles()
    assert len(titles) == 1047
    assert titles["58.29"] == {
        "lv": "Citu programmatūru tiražēšana",
        "et": "Muu tarkvara kirjastamine",
        "sv": "Utgivning av annan programvara",
    }
    assert titles["62.10"] == {"lv": "", "et": "", "sv": ""}


def test_loader_without_the_table_gives_english_only(tmp_path):
    assert nace_titles(tmp_path / "missing.csv") == {}


def test_load_reference_data_stores_and_refreshes_the_titles(db):
    NaceCode.objects.filter(code="58.2").update(title_lv="stale", search_text="")
    assert load_reference_data() == {"nace": 1047, "nuts": 1814}
    code = NaceCode.objects.get(code="58.2")
    assert (code.title_en, code.title_lv, code.title_et, code.title_sv) == (
        "Software publishing",
        "Datorprogrammatūras tiražēšana",
        "Tarkvara kirjastamine",
        "Utgivning av programvara",
    )
    assert code.search_text == (
        "software publishing datorprogrammaturas tirazesana tarkvara kirjastamine "
        "utgivning av programvara"
    )


@pytest.mark.parametrize(
    ("language", "software", "programming"),
    [
        ("en", "Software publishing", "Computer programming activities"),
        ("lv", "Datorprogrammatūras tiražēšana", "Computer programming activities"),
        ("et", "Tarkvara kirjastamine", "Computer programming activities"),
        ("sv", "Utgivning av programvara", "Computer programming activities"),
    ],
)
def test_title_is_in_the_readers_language_with_english_fallback(
    db, language, software, programming
):
    with translation.override(language):
        assert NaceCode.objects.get(code="58.2").title == software
        assert str(NaceCode.objects.get(code="62.10")) == f"62.10 {programming}"
        assert dict(
            NaceCode.objects.filter(code__in=["58.2", "62.10"]).values_list("code", "title")
        ) == {"58.2": software, "62.10": programming}


# The picker's API


def _nace(world, language, **params):
    token = create_token(user=world["outsider"], name="test")[1]
    response = Client().get(
        "/api/v1/reference/nace",
        params,
        headers={"Authorization": f"Bearer {token}", "Accept-Language": language},
    )
    assert response.status_code == 200, response.content
    return [(i["code"], i["title"]) for i in response.json()["items"]]


@pytest.mark.parametrize(
    ("language", "q", "found"),
    [
        ("lv", "programmatūra", [("58.2", "Datorprogrammatūras tiražēšana")]),
        ("lv", "PROGRAMMATURA", [("58.2", "Datorprogrammatūras tiražēšana")]),
        # Word by word, in any order, accents forgiven.
        ("lv", "tirazesana datorprogrammaturas", [("58.2", "Datorprogrammatūras tiražēšana")]),
        (
            "et",
            "tarkvara",
            [("58.2", "Tarkvara kirjastamine"), ("58.29", "Muu tarkvara kirjastamine")],
        ),
        (
            "sv",
            "programvara",
            [("58.2", "Utgivning av programvara"), ("58.29", "Utgivning av annan programvara")],
        ),
        # A Latvian word from an English page: matched, answered in English.
        ("en", "programmatūra", [("58.2", "Software publishing")]),
        ("sv", "mejeri", [("46.33", "Partihandel med mejeriprodukter, ägg, matolja och matfett")]),
        # No Latvian title for 62.10: English, never empty.
        (
            "lv",
            "computer programming",
            [
                ("62", "Datorprogrammēšana, konsultēšana un saistītas darbības"),
                ("62.1", "Computer programming activities"),
                ("62.10", "Computer programming activities"),
                (
                    "K",
                    "Telecommunication, computer programming, consulting, computing infrastructure and other information service activities",
                ),
            ],
        ),
    ],
)
def test_nace_picker_searches_four_languages(world, language, q, found):
    assert _nace(world, language, q=q) == found


def test_nace_picker_puts_codes_first_in_the_readers_language(world):
    assert _nace(world, "et", q="58.2") == [
        ("58.2", "Tarkvara kirjastamine"),
        ("58.21", "Publishing of video games"),
        ("58.29", "Muu tarkvara kirjastamine"),
    ]


# Pages


def test_organisation_and_cluster_pages_show_titles_in_the_readers_language(world, client_for):
    org = OrganisationFactory(name="Tarkvara OÜ", country="EE", primary_nace_id="58.29")
    org.secondary_nace.set(["62.10"])
    cluster = ClusterFactory(name="Baltic Software", acronym="BSW")
    cluster.sectors.set(["58.2", "62.10"])
    client = client_for(world["outsider"])
    headers = {"Accept-Language": "et"}
    page = client.get(reverse("registry:organisation_detail", args=[org.pk]), headers=headers)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Muu tarkvara kirjastamine" in text
    assert 'title="Computer programming activities"' in text  # English where none
    page = client.get(reverse("registry:cluster_detail", args=[cluster.pk]), headers=headers)
    text = page.content.decode()
    assert '<span class="code">58.2</span> Tarkvara kirjastamine' in text
    assert '<span class="code">62.10</span> Computer programming activities' in text
