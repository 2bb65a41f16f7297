"""Old codes converted, not refused (issue 17.2): the derived tables, the conversion rules, and the
cell readers the importer calls. Pages and API: test_conversions_pages_api.py."""

import csv
import filecmp
import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from clusterhub.registry import conversions
from clusterhub.registry.conversions import Method
from clusterhub.registry.conversions import convert_nace
from clusterhub.registry.conversions import convert_nuts
from clusterhub.registry.conversions import nace21_codes
from clusterhub.registry.conversions import nace_meaning_changed
from clusterhub.registry.conversions import normalise_nace
from clusterhub.registry.importer.cells import read_country
from clusterhub.registry.importer.cells import read_nace
from clusterhub.registry.importer.cells import read_nace_list
from clusterhub.registry.importer.cells import read_nuts
from clusterhub.registry.models import NaceCode
from clusterhub.registry.models import NutsRegion
from tests.shared_data import shared_data_file


def _rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


# The derived tables


def test_nace_table_covers_every_rev2_code_with_a_known_method_and_real_targets():
    rows = _rows(conversions.NACE_TABLE)
    assert len(rows) == 996  # every NACE Rev. 2 section, division, group and class
    assert {r["method"] for r in rows} == set(Method.NACE)
    current = nace21_codes()
    for row in rows:
        targets = [c for c in row["nace21"].split(";") if c]
        assert set(targets) <= current, row
        if row["method"] in (Method.EXACT, Method.SAME_TITLE):
            assert len(targets) == 1, row
        if row["method"] == Method.EXACT:
            assert targets == [row["rev2_code"]]
        if row["method"] == Method.NONE:
            assert targets == []
        if row["method"] == Method.CANDIDATES:
            assert 1 <= len(targets) <= 5, row
            scores = [float(s) for s in row["similarity"].split(";")]
            assert scores == sorted(scores, reverse=True), row


@pytest.mark.django_db
def test_nuts_table_names_only_gone_codes_and_existing_successors():
    rows = _rows(conversions.NUTS_TABLE)
    assert {r["method"] for r in rows} == set(Method.NUTS)
    existing = set(NutsRegion.objects.values_list("code", flat=True))
    for row in rows:
        targets = row["nuts2024"].split(";")
        assert row["code_2021"] not in existing, row
        assert set(targets) <= existing, row
        assert len(row["names_2024"].split(";")) == len(targets)
        assert (len(targets) == 1) is (row["method"] in Method.APPLIED), row


def test_derive_command_reproduces_the_committed_tables(tmp_path):
    source = shared_data_file("nuts2021_to_nuts2024_changes.csv").parent
    shared_data_file("nace_rev2_titles_en_lv_et_sv.csv")
    nace, nuts = tmp_path / "nace.csv", tmp_path / "nuts.csv"
    out = io.StringIO()
    call_command(
        "derive_code_conversions", str(source), nace_output=nace, nuts_output=nuts, stdout=out
    )
    assert filecmp.cmp(nace, conversions.NACE_TABLE, shallow=False)
    assert filecmp.cmp(nuts, conversions.NUTS_TABLE, shallow=False)
    # One line per table: its rows counted by method, in the methods' order, adding up.
    nace_line, nuts_line = out.getvalue().splitlines()
    said = re.fullmatch(
        r"(\d+) NACE Rev\. 2 codes: (\d+) exact, (\d+) same-title, (\d+) candidates, "
        r"(\d+) none\. Written to (.+)\.",
        nace_line,
    )
    assert said and said[6] == str(nace)
    assert int(said[1]) == sum(int(n) for n in said.groups()[1:5]) > 0
    said = re.fullmatch(
        r"(\d+) NUTS 2021 codes changed: (\d+) recode, (\d+) boundary-shift, (\d+) split, "
        r"(\d+) merged\. Written to (.+)\.",
        nuts_line,
    )
    assert said and said[6] == str(nuts)
    assert int(said[1]) == sum(int(n) for n in said.groups()[1:5]) > 0


def test_derive_command_refuses_a_folder_without_the_sources(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="nace_rev2_titles_en_lv_et_sv.csv does not exist"):
        call_command("derive_code_conversions", str(tmp_path))


# NACE


@pytest.mark.parametrize(
    ("typed", "code"), [("62.01", "62.01"), ("6201", "62.01"), (" 621 ", "62.1"), ("k", "K")]
)
def test_nace_codes_are_normalised_as_people_type_them(typed, code):
    assert normalise_nace(typed) == code


def test_a_current_nace_code_is_taken_as_it_is():
    assert convert_nace("62.10") == conversions.Converted("62.10")
    assert convert_nace("6210").code == "62.10"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("62.01", "62.10"),  # Computer programming activities: same title, new code
        ("6201", "62.10"),
        ("70.22", "70.20"),  # Business and other management consultancy activities
        ("14.19", "14.29"),  # same title once "n.e.c." is set aside
        ("41.10", "68.12"),  # Development of building projects moved to real estate
    ],
)
def test_a_rev2_code_with_one_counterpart_converts_and_says_so(old, new):
    converted = convert_nace(old)
    assert converted.code == new
    assert converted.note == f"{normalise_nace(old)} (NACE Rev. 2) → {new} (NACE 2.1)"
    assert converted.error == ""


def test_a_rev2_code_with_several_counterparts_is_a_choice_never_applied():
    converted = convert_nace("62.02")
    assert converted.code is None
    assert [c.code for c in converted.choices] == ["62.20", "62.10", "62.90", "70.20", "26.20"]
    assert converted.error == (
        "62.02 is a NACE Rev. 2 code (Computer consultancy activities) with no single NACE 2.1 "
        "counterpart; choose one of: 62.20 Computer consultancy and computer facilities "
        "management activities; 62.10 Computer programming activities; 62.90 Other information "
        "technology and computer service activities; 70.20 Business and other management "
        "consultancy activities; 26.20 Manufacture of computers and peripheral equipment."
    )


def test_the_description_ranks_the_candidates():
    plain = [c.code for c in convert_nace("62.02").choices]
    described = [c.code for c in convert_nace("62.02", description="management consulting").choices]
    assert sorted(plain) == sorted(described)
    assert described.index("70.20") < described.index("62.10")
    assert plain.index("70.20") > plain.index("62.10")


def test_a_rev2_code_without_counterpart_asks_for_a_nace21_code():
    converted = convert_nace("96.04")
    assert converted.code is None
    assert converted.choices == ()
    assert converted.error == (
        "96.04 is a NACE Rev. 2 code (Physical well-being activities) with no NACE 2.1 "
        "counterpart found; give a NACE 2.1 code."
    )


def test_an_unknown_nace_code_is_left_to_the_caller():
    converted = convert_nace("99.99")
    assert converted.unknown
    assert (converted.code, converted.note, converted.error) == (None, "", "")


def test_a_code_whose_activity_changed_is_noted_only_then():
    assert nace_meaning_changed("25.40") == (
        "25.40 is read as NACE 2.1 (Forging and shaping metal and powder metallurgy); in NACE "
        "Rev. 2 it meant Manufacture of weapons and ammunition, which is 25.30 in NACE 2.1."
    )
    assert nace_meaning_changed("10.51") == ""  # reworded: "Operation of dairies and cheese making"
    assert nace_meaning_changed("01.11") == ""  # same code, same activity
    assert nace_meaning_changed("62.10") == ""  # not a Rev. 2 code


# NUTS


@pytest.mark.parametrize(
    ("old", "new", "note"),
    [
        ("NL332", "NL361", "NL332 (NUTS 2021) → NL361 (NUTS 2024)"),
        ("nl 332", "NL361", "NL332 (NUTS 2021) → NL361 (NUTS 2024)"),
        ("LV006", "LV00A", "LV006 (NUTS 2021) → LV00A (NUTS 2024; the region's borders moved)"),
        ("PT16", "PT19", "PT16 (NUTS 2021) → PT19 (NUTS 2024; the region's borders moved)"),
    ],
)
def test_a_nuts2021_code_with_one_successor_converts(old, new, note):
    assert convert_nuts(old) == conversions.Converted(
        new, note=note, old=old.replace(" ", "").upper()
    )


def test_a_split_region_is_a_choice():
    converted = convert_nuts("PT17")
    assert converted.code is None
    assert [str(c) for c in converted.choices] == [
        "PT1A Grande Lisboa",
        "PT1B Península de Setúbal",
    ]
    assert converted.error == (
        "PT17 (NUTS 2021, Área Metropolitana de Lisboa) was split in NUTS 2024; choose one of: "
        "PT1A Grande Lisboa; PT1B Península de Setúbal."
    )


def test_a_merged_region_is_a_choice_nearest_first():
    converted = convert_nuts("LV007")
    assert converted.code is None
    assert [c.code for c in converted.choices] == ["LV00A", "LV00C", "LV00B"]
    assert converted.error == (
        "LV007 (NUTS 2021, Pierīga) was merged into other regions in NUTS 2024; choose one of: "
        "LV00A Rīga; LV00C Vidzeme; LV00B Kurzeme."
    )


@pytest.mark.parametrize("code", ["LV00C", "XX999", ""])
def test_current_and_unknown_nuts_codes_are_left_to_the_caller(code):
    assert convert_nuts(code).unknown


# The cell readers the importer calls


class Collected:
    def __init__(self):
        self.problems: list[tuple[str, str]] = []
        self.notes: list[tuple[str, str]] = []

    def problem(self, column, message):
        self.problems.append((column, message))

    def note(self, column, message):
        self.notes.append((column, message))


@pytest.fixture
def nace(db):
    return {c.code: c for c in NaceCode.objects.all()}


@pytest.fixture
def regions(db):
    return {r.code: r for r in NutsRegion.objects.all()}


def test_read_nace_converts_with_a_note(nace):
    seen = Collected()
    assert read_nace("62.01", nace, "primary_nace", seen.problem, seen.note).code == "62.10"
    assert seen.notes == [("primary_nace", "62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)")]
    assert seen.problems == []


def test_read_nace_refuses_an_ambiguous_code_listing_the_candidates(nace):
    seen = Collected()
    found = read_nace(
        "62.02", nace, "primary_nace", seen.problem, seen.note, description="management consulting"
    )
    assert found is None
    assert seen.notes == []
    [(column, message)] = seen.problems
    assert column == "primary_nace"
    assert message.startswith("62.02 is a NACE Rev. 2 code (Computer consultancy activities)")
    assert "choose one of: 62.20 Computer consultancy" in message
    assert message.index("70.20") < message.index("62.10")


def test_read_nace_keeps_the_unknown_code_message(nace):
    seen = Collected()
    assert read_nace("99.99 ", nace, "nace", seen.problem, seen.note) is None
    assert seen.problems == [("nace", "Unknown NACE code: 99.99.")]
    assert read_nace("  ", nace, "nace", seen.problem, seen.note) is None
    assert len(seen.problems) == 1


def test_read_nace_notes_a_code_that_changed_meaning(nace):
    seen = Collected()
    assert read_nace("25.40", nace, "nace", seen.problem, seen.note).code == "25.40"
    assert seen.notes == [("nace", nace_meaning_changed("25.40"))]
    assert seen.problems == []


def test_read_nace_list_reads_each_code(nace):
    seen = Collected()
    found = read_nace_list("62.01; 46.33, 62.02,99.99", nace, "other", seen.problem, seen.note)
    assert [c.code for c in found] == ["62.10", "46.33"]
    assert seen.notes == [("other", "62.01 (NACE Rev. 2) → 62.10 (NACE 2.1)")]
    assert [m.split(" ", 1)[0] for _c, m in seen.problems] == ["62.02", "Unknown"]


def test_read_nuts_converts_refuses_and_keeps_messages(regions):
    seen = Collected()
    assert read_nuts("LV00C", regions, "nuts", seen.problem, seen.note).code == "LV00C"
    assert read_nuts("lv006", regions, "nuts", seen.problem, seen.note).code == "LV00A"
    assert read_nuts("PT17", regions, "nuts", seen.problem, seen.note) is None
    assert read_nuts("LV999", regions, "nuts", seen.problem, seen.note) is None
    assert read_nuts("", regions, "nuts", seen.problem, seen.note) is None
    assert seen.notes == [
        ("nuts", "LV006 (NUTS 2021) → LV00A (NUTS 2024; the region's borders moved)")
    ]
    assert seen.problems == [
        ("nuts", convert_nuts("PT17").error),
        ("nuts", "Unknown NUTS code: LV999."),
    ]


@pytest.mark.parametrize(
    ("text", "code"), [("Latvija", "LV"), ("sverige", "SE"), ("EE", "EE"), ("", "")]
)
def test_read_country_takes_codes_and_names(text, code):
    seen = Collected()
    assert read_country(text, "country", seen.problem) == code
    assert seen.problems == []


def test_read_country_names_the_unknown_one():
    seen = Collected()
    assert read_country(" Atlantis ", "country", seen.problem) == ""
    assert seen.problems == [("country", "Unknown country: Atlantis.")]


def test_candidates_are_titled_in_the_users_language_where_a_title_exists():
    with translation.override("lv"):
        titles = {c.code: c.title for c in convert_nace("95.11").choices}
    assert titles["26.20"] == "Datoru un perifēro iekārtu ražošana"
    assert titles["95.10"] == "Repair and maintenance of computers and communication equipment"
