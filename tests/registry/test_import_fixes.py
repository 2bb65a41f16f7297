"""The organisation import fixes of issue 17.4: missing columns, types read from names, later
re-imports, NFC and case-folded names, legacy encodings, unread columns on the command line,
NACE suggestions in the dry run."""

import io
import unicodedata
from datetime import date

import pytest
from django.core.management import call_command

from clusterhub.registry import importer as importer_module
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.importer.org_types import type_from_name
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from tests.factories import OrganisationFactory

TYPES = (
    "sme, large, research, university, education, public, finance, consultant, association, other"
)


def run(cluster, data, *, filename="members.csv", dry_run=False):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return import_organisations(cluster=cluster, data=data, filename=filename, dry_run=dry_run)


def problems_of(result) -> list[str]:
    return [str(p) for p in result.problems]


def notes_of(result) -> list[str]:
    return [str(n) for n in result.notes]


# -- a missing required column is one message -------------------------------------------------


def test_a_missing_country_column_is_one_message(world):
    rows = "\n".join(f"Firm {i} SIA,SME" for i in range(40))
    result = run(world.cluster_a, f"name,type\n{rows}\n")
    assert problems_of(result) == [
        "row 1, column country: The file has no country column (ISO code or name, e.g. LV or "
        "Latvija)."
    ]


def test_a_missing_type_column_is_one_message_listing_the_rows(world):
    rows = "\n".join(f"Firm {i} SIA,LV" for i in range(12))
    result = run(world.cluster_a, f"name,country\nTartu Ülikool,EE\n{rows}\n")
    assert problems_of(result) == [
        "row 1, column type: The file has no type column, and the names in rows 3, 4, 5, 6, 7, "
        "8, 9, 10, 11, 12 and 2 more do not say what kind of organisation each is. Add a type "
        f"column ({TYPES}); a row whose name says it (university, association, "
        "municipality...) may leave it empty."
    ]
    assert not Organisation.objects.filter(name="Firm 0 SIA").exists()


# -- types read from names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Latvijas Universitāte", "university"),
        ("Rīgas Tehniskās universitātes Inženierzinātņu centrs", "university"),
        ("Tartu Ülikool", "university"),
        ("Tallinna Tehnikaülikool", "university"),
        ("Uppsala universitet", "university"),
        ("Kungliga Tekniska högskolan", "university"),
        ("University of Tartu", "university"),
        ("Biedrība Zaļās tehnoloģijas", "association"),
        ("MTÜ Eesti Tarkvara Klaster", "association"),
        ("Föreningen Svensk Robotik", "association"),
        ("Baltic Wood Association", "association"),
        ("Rīgas valstspilsētas pašvaldība", "public"),
        ("Rae vald", "public"),
        ("Malmö kommun", "public"),
        ("Ministry of Economics", "public"),
        ("Institute of Solid State Physics", "research"),
        ("Tartu Kutsekool", "education"),
        ("Baltic Code SIA", None),
        ("Põltsamaa Robotics OÜ", None),
        ("Kommunikationsbyrån AB", None),
        ("Skåne ekonomisk förening", None),
    ],
)
def test_the_type_is_read_from_the_name_where_it_says_it(name, expected):
    assert type_from_name(name) == expected


def test_an_empty_type_is_read_from_the_name_with_a_note(world):
    text = "name,country,type\nTartu Ülikool,EE,\nMalmö kommun,SE,\nBaltic Code SIA,LV,SME\n"
    result = run(world.cluster_a, text)
    assert problems_of(result) == []
    assert Organisation.objects.get(name="Tartu Ülikool").org_type == "university"
    assert Organisation.objects.get(name="Malmö kommun").org_type == "public"
    assert notes_of(result) == ["The type of 2 rows was read from their names (rows 2, 3)."]


def test_an_empty_type_the_name_does_not_say_is_one_question(world):
    result = run(world.cluster_a, "name,country,type\nBaltic Code SIA,LV,\n")
    assert problems_of(result) == [
        "row 2, column type: What kind of organisation is Baltic Code SIA? Its name does not "
        f"say; write one of: {TYPES}."
    ]


def test_an_existing_organisation_keeps_its_type_when_the_cell_is_empty(world):
    result = run(world.cluster_a, "name,country,type\nMember A Ltd,LV,\n")
    assert problems_of(result) == []
    world.member_a.refresh_from_db()
    assert world.member_a.org_type == "sme"


# -- re-importing on a later day ------------------------------------------------------------


def test_reimporting_on_a_later_day_updates_the_open_membership(world, monkeypatch):
    text = "name,country,type,committed,ground\nBaltic Code SIA,LV,SME,no,\n"
    monkeypatch.setattr(importer_module.timezone, "localdate", lambda: date(2025, 3, 1))
    assert problems_of(run(world.cluster_a, text)) == []
    monkeypatch.setattr(importer_module.timezone, "localdate", lambda: date(2025, 9, 15))
    again = run(world.cluster_a, text.replace(",no,", ",yes,fee"))
    assert problems_of(again) == []
    assert (again.created, again.memberships_added, again.memberships_updated) == (0, 0, 1)
    membership = Membership.objects.get(organisation__name="Baltic Code SIA")
    assert (membership.since, membership.committed) == (date(2025, 3, 1), True)
    third = run(world.cluster_a, text.replace(",no,", ",yes,fee"))
    assert (third.unchanged, third.memberships_added, third.memberships_updated) == (1, 0, 0)


def test_an_open_membership_takes_the_start_date_the_file_gives(world):
    # world.member_a has been a member of cluster A since 2020-01-01, with no end.
    result = run(
        world.cluster_a, "name,country,type,member_since\nMember A Ltd,LV,SME,2019-06-01\n"
    )
    assert problems_of(result) == []
    assert result.memberships_updated == 1
    membership = Membership.objects.get(organisation=world.member_a, cluster=world.cluster_a)
    assert membership.since == date(2019, 6, 1)
    assert Membership.objects.filter(organisation=world.member_a).count() == 1


# -- names compared after NFC and case-folding ------------------------------------------------


def test_an_nfd_file_makes_no_duplicates(world):
    text = "name,country,type\nBērzu Tehnoloģijas SIA,LV,SME\nÖstersjö Energi AB,SE,SME\n"
    assert problems_of(run(world.cluster_a, text)) == []
    count = Organisation.objects.count()
    again = run(world.cluster_a, unicodedata.normalize("NFD", text).encode("utf-8"))
    assert problems_of(again) == []
    assert (again.created, again.unchanged) == (0, 2)
    assert Organisation.objects.count() == count


def test_names_are_matched_whatever_their_case_and_the_registry_spelling_stays(world):
    OrganisationFactory(name="Põltsamaa Robotics OÜ", country="EE", registration_number=None)
    result = run(world.cluster_a, "name,country,type,city\nPÕLTSAMAA ROBOTICS OÜ,EE,SME,Tartu\n")
    assert problems_of(result) == []
    assert (result.created, result.updated) == (0, 1)
    organisation = Organisation.objects.get(country="EE", city="Tartu")
    assert organisation.name == "Põltsamaa Robotics OÜ"


def test_a_number_with_the_name_in_other_case_is_not_a_rename(world):
    OrganisationFactory(name="Owner SIA", registration_number="40003222222", country="LV")
    result = run(world.cluster_a, "name,reg_no,country,type\nOWNER SIA,40003222222,LV,SME\n")
    assert problems_of(result) == []
    assert result.created == 0


# -- encodings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("Bērzu Tehnoloģijas SIA", "cp1257"),
        ("Rīgas Šūšanas un Žāvēšanas SIA", "cp1257"),
        ("Östersjö Energi AB", "cp1252"),
        ("Café Résidence SARL", "cp1252"),
        ("Malmö Åkeri AB\u0081", "latin-1"),
    ],
)
def test_a_legacy_encoded_file_is_read_with_a_note(world, name, encoding):
    text = f"name,country,type\n{name},LV,SME\n"
    result = run(world.cluster_a, text.encode(encoding))
    assert notes_of(result)[0] == (
        f"The file is not UTF-8 text; it was read as {encoding}. Check the accented letters in "
        "the result; to be sure, save the file as CSV UTF-8."
    )
    if "\u0081" not in name:
        assert problems_of(result) == []
        assert Organisation.objects.filter(name=name).exists()


def test_a_utf8_file_spoilt_on_one_row_names_the_row_and_its_line(world):
    good = b"name,country,type,description\n"
    good += 'Bērzs SIA,LV,SME,"two\nlines"\n'.encode()
    bad = b"Malm\xf6 AB,SE,SME,\n"
    result = run(world.cluster_a, good + bad)
    assert problems_of(result) == [
        "row 3, column name: line 4: this text is not UTF-8 (shown with \ufffd): Malm\ufffd AB. "
        "The rest of the file is UTF-8; retype these letters or save the file as CSV UTF-8."
    ]
    assert not Organisation.objects.filter(name="Bērzs SIA").exists()


# -- the command line lists what it did not read ----------------------------------------------


def test_the_command_lists_unread_columns_and_notes(world, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("name,country,type,colour\nTartu Ülikool,EE,,blue\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import", "organisations", str(path), "--cluster", "CLA", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Columns not read: colour."
    assert lines[1] == "Note: The type of 1 row was read from its name (row 2)."
    assert lines[2].startswith("Imported 1 rows: 1 organisations created")


# -- NACE suggestions in the dry run -----------------------------------------------------------


def test_the_dry_run_suggests_a_nace_code_for_rows_with_a_description(world, monkeypatch):
    monkeypatch.setattr(importer_module, "SUGGESTION_ROWS", 2)
    text = (
        "name,country,type,nace,description\n"
        "Code SIA,LV,SME,,We develop custom software and mobile apps for logistics companies\n"
        "Bread OÜ,EE,SME,,Bakery making bread and pastries\n"
        "Coded SIA,LV,SME,62.10,We develop custom software\n"
        "Third SIA,LV,SME,,Bakery making bread\n"
        "Fourth SIA,LV,SME,,\n"
    )
    result = run(world.cluster_a, text, dry_run=True)
    assert problems_of(result) == []
    notes = notes_of(result)
    assert notes[0].startswith(
        "row 2, column nace: No NACE code; the description suggests 62.10 Computer programming "
        "activities (matched words: "
    )
    assert notes[1].startswith("row 3, column nace: No NACE code; the description suggests 10.71")
    assert notes[2:] == [
        "NACE codes are suggested for the first 2 rows without one only; 1 more rows have a "
        "description and no NACE code."
    ]
    # A real import writes no code it was not given.
    written = run(world.cluster_a, text)
    assert notes_of(written) == []
    assert Organisation.objects.get(name="Code SIA").primary_nace_id is None
