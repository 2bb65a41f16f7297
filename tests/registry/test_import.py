"""Importing organisations with memberships: validation by row and column, all or nothing."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from clusterhub.registry.importer import import_organisations
from clusterhub.registry.importer.cells import type_by_keyword
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from tests.factories import ClusterFactory
from tests.factories import OrganisationFactory
from tests.shared_data import shared_data_file

DATA = Path(__file__).resolve().parents[1] / "data"
GOOD = (DATA / "members_good.csv").read_bytes()
CLUSTER_LIST = "clusters_lv_ee_se_compiled.csv"  # in ../shared/data

# A compact header for the bad-row tests; row 2 is good, row 3 is the one under test.
HEADER = (
    "name,reg_no,country,nuts,nace,secondary_nace,type,headcount,website,latitude,longitude,"
    "member_since,member_until,committed,commitment_ground"
)
GOOD_ROW = "Good SIA,40003000009,LV,LV00A,62.10,,SME,5,https://good.example,,,2021-01-01,,no,"


def run(cluster, data, *, filename="members.csv", dry_run=False):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return import_organisations(cluster=cluster, data=data, filename=filename, dry_run=dry_run)


def problems_of(result) -> list[str]:
    return [str(p) for p in result.problems]


def good_as_xlsx() -> bytes:
    """members_good.csv as a workbook with real numbers, as Excel would keep them."""
    rows = list(csv.reader(io.StringIO(GOOD.decode("utf-8"))))
    wb = Workbook()
    ws = wb.active
    ws.append(rows[0])
    for row in rows[1:]:
        ws.append([int(v) if v.isdigit() else v for v in row])
    ws["M2"] = 56.9496
    ws["N2"] = 24.1052
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def assert_good_file_imported(world, result):
    assert problems_of(result) == []
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert (result.memberships_added, result.memberships_updated) == (3, 0)
    code = Organisation.objects.get(name="Baltic Code SIA")
    assert code.registration_number == "40003000001"
    assert code.country == "LV"
    assert code.nuts_region_id == "LV00A"
    assert code.primary_nace_id == "62.10"
    assert sorted(code.secondary_nace.values_list("code", flat=True)) == ["62.20", "62.90"]
    assert code.org_type == "sme"
    assert code.size_class == "small"
    assert code.headcount == 12
    assert code.turnover_eur == Decimal("900000")
    assert code.balance_sheet_eur == Decimal("400000")
    assert code.city == "Rīga"
    assert (code.latitude, code.longitude) == (Decimal("56.94960"), Decimal("24.10520"))
    membership = Membership.objects.get(cluster=world.cluster_a, organisation=code)
    assert (membership.since, membership.until) == (date(2021, 3, 1), None)
    assert (membership.committed, membership.commitment_ground) == (True, "fee")

    robotics = Organisation.objects.get(name="Tartu Robotics OÜ")
    assert robotics.country == "EE"
    assert robotics.org_type == "research"
    assert robotics.website == "https://robotics.example"
    assert robotics.description == "Sources:\nhttps://news.example/robotics"
    membership = Membership.objects.get(cluster=world.cluster_a, organisation=robotics)
    assert (membership.since, membership.until) == (date(2022, 1, 15), date(2030, 12, 31))
    assert (membership.committed, membership.commitment_ground) == (False, "")

    region = Organisation.objects.get(name="Vidzeme Planning Region")
    assert region.org_type == "public"
    assert region.registration_number is None
    membership = Membership.objects.get(cluster=world.cluster_a, organisation=region)
    assert membership.since == timezone.localdate()


# -- good files ----------------------------------------------------------------------------


def test_good_csv_imports_every_row(world):
    assert_good_file_imported(world, run(world.cluster_a, GOOD))


def test_good_xlsx_imports_every_row(world):
    assert_good_file_imported(world, run(world.cluster_a, good_as_xlsx(), filename="m.xlsx"))


def test_csv_with_bom_imports(world):
    assert_good_file_imported(world, run(world.cluster_a, b"\xef\xbb\xbf" + GOOD))


def test_semicolon_separated_csv_imports(world):
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(csv.reader(io.StringIO(GOOD.decode("utf-8"))))
    assert out.getvalue().count(";") > 40
    assert_good_file_imported(world, run(world.cluster_a, out.getvalue()))


def test_dry_run_reports_counts_and_writes_nothing(world):
    before = (Organisation.objects.count(), Membership.objects.count())
    result = run(world.cluster_a, GOOD, dry_run=True)
    assert problems_of(result) == []
    assert (result.created, result.memberships_added) == (3, 3)
    assert result.written is False
    assert result.summary().startswith("Dry run: 3 rows are valid.")
    assert (Organisation.objects.count(), Membership.objects.count()) == before


def test_second_import_updates_instead_of_duplicating(world):
    run(world.cluster_a, GOOD)
    again = run(world.cluster_a, GOOD)
    assert problems_of(again) == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert (again.memberships_added, again.memberships_updated) == (0, 0)
    changed = GOOD.replace(b",SME,12,", b",SME,60,").replace(b"2030-12-31,no", b"2031-06-30,no")
    third = run(world.cluster_a, changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert (third.memberships_added, third.memberships_updated) == (0, 1)
    assert Organisation.objects.get(name="Baltic Code SIA").size_class == "medium"
    assert Organisation.objects.filter(name="Baltic Code SIA").count() == 1


def test_existing_organisation_is_linked_by_name_and_country(world):
    count = Organisation.objects.count()
    result = run(world.cluster_a, "name,country\nMember B OÜ,EE\n")
    assert problems_of(result) == []
    assert (result.created, result.unchanged, result.memberships_added) == (0, 1, 1)
    assert Organisation.objects.count() == count
    assert Membership.objects.filter(cluster=world.cluster_a, organisation=world.member_b).exists()


def test_existing_organisation_is_matched_by_registration_number(world):
    OrganisationFactory(name="Numbered SIA", registration_number="40003111111", country="LV")
    result = run(world.cluster_a, "name,reg_no,country,headcount\nNumbered SIA,40003111111,LV,3\n")
    assert (result.created, result.updated) == (0, 1)
    assert Organisation.objects.get(registration_number="40003111111").headcount == 3


def test_empty_cells_leave_existing_values_alone(world):
    OrganisationFactory(name="Kept SIA", country="LV", website="https://kept.example", city="Cēsis")
    result = run(world.cluster_a, "name,country,website,city\nKept SIA,LV,,\n")
    assert result.unchanged == 1
    kept = Organisation.objects.get(name="Kept SIA")
    assert (kept.website, kept.city) == ("https://kept.example", "Cēsis")


def test_blank_lines_do_not_shift_row_numbers(world):
    result = run(world.cluster_a, f"{HEADER}\n{GOOD_ROW}\n\n,,LV\n")
    assert problems_of(result) == ["row 4, column name: The name is missing."]


# -- one test per kind of bad row ----------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            ",,LV,,,,SME,,,,,,,,",
            "row 3, column name: The name is missing.",
        ),
        (
            "Bad SIA,,Atlantis,,,,SME,,,,,,,,",
            "row 3, column country: Unknown country: Atlantis.",
        ),
        (
            "Bad SIA,,LV,LV999,,,SME,,,,,,,,",
            "row 3, column nuts: Unknown NUTS code: LV999.",
        ),
        (
            "Bad SIA,,EE,LV00A,,,SME,,,,,,,,",
            "row 3, column nuts: NUTS region LV00A is not in EE.",
        ),
        (
            "Bad SIA,,LV,,99.99,,SME,,,,,,,,",
            "row 3, column nace: Unknown NACE code: 99.99.",
        ),
        (
            'Bad SIA,,LV,,,"62.10, 62.77",SME,,,,,,,,',
            "row 3, column secondary_nace: Unknown NACE code: 62.77.",
        ),
        (
            "Bad SIA,,LV,,,,spaceship,,,,,,,,",
            "row 3, column type: Unknown organisation type: spaceship. Use one of: sme, large, "
            "research, university, education, public, finance, consultant, association, other.",
        ),
        (
            "Bad SIA,,LV,,,,,,,,,,,,",
            "row 3, column type: What kind of organisation is Bad SIA? Its name does not say; "
            "write one of: sme, large, research, university, education, public, finance, "
            "consultant, association, other.",
        ),
        (
            "Bad SIA,,LV,,,,SME,twelve,,,,,,,",
            "row 3, column headcount: Not a number: twelve.",
        ),
        (
            "Bad SIA,,LV,,,,SME,1e999999999,,,,,,,",
            "row 3, column headcount: The number 1e999999999 is too large.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,1e999999,1,,,,",
            "row 3, column latitude: The number 1e999999 is too large.",
        ),
        (
            "Bad SIA,,LV,,,,SME,2.5,,,,,,,",
            "row 3, column headcount: Not a whole number: 2.5.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,56.9,,,,,",
            "row 3, column longitude: Give both latitude and longitude, or neither.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,91,24,,,,",
            "row 3, column latitude: Ensure this value is less than or equal to 90.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,not a url,,,,,,",
            "row 3, column website: Not a valid web address: not a url.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,,,2021-13-01,,,",
            "row 3, column member_since: Not a date: 2021-13-01. Write it as YYYY-MM-DD.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,,,2021-01-01,2020-01-01,,",
            "row 3, column member_until: The end date is before the start date.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,,,,,maybe,",
            "row 3, column committed: Write yes or no, not maybe.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,,,,,yes,",
            "row 3, column commitment_ground: Say why the member counts as committed.",
        ),
        (
            "Bad SIA,,LV,,,,SME,,,,,,,yes,bribe",
            "row 3, column commitment_ground: Unknown ground of commitment: bribe. "
            "Use one of: written, fee, active.",
        ),
        (
            "Other SIA,40003000009,LV,,,,SME,,,,,,,,",
            "row 3, column reg_no: Registration number 40003000009 is already used in row 2.",
        ),
        (
            "Good SIA,,LV,,,,SME,,,,,,,,",
            "row 3, column name: Good SIA (LV) is already in row 2.",
        ),
    ],
    ids=[
        "missing-name",
        "unknown-country",
        "unknown-nuts",
        "nuts-not-in-country",
        "unknown-nace",
        "unknown-secondary-nace",
        "unknown-type",
        "missing-type",
        "bad-number",
        "huge-number",
        "huge-coordinate",
        "fractional-headcount",
        "latitude-without-longitude",
        "latitude-out-of-range",
        "bad-url",
        "bad-date",
        "until-before-since",
        "bad-boolean",
        "committed-without-ground",
        "unknown-ground",
        "duplicate-number-in-file",
        "duplicate-name-in-file",
    ],
)
def test_bad_row_is_reported_by_row_and_column(world, row, expected):
    before = Organisation.objects.count()
    result = run(world.cluster_a, f"{HEADER}\n{GOOD_ROW}\n{row}\n")
    assert problems_of(result) == [expected]
    assert Organisation.objects.count() == before


def test_registration_number_of_another_organisation_in_database_is_refused(world):
    OrganisationFactory(name="Owner SIA", registration_number="40003222222", country="LV")
    result = run(
        world.cluster_a, f"{HEADER}\n{GOOD_ROW}\nClaimer SIA,40003222222,LV,,,,SME,,,,,,,,"
    )
    assert problems_of(result) == [
        "row 3, column reg_no: Registration number 40003222222 already belongs to Owner SIA in "
        "LV. Check the number, or use that name."
    ]


def test_membership_overlapping_a_closed_one_is_refused(world):
    # An open membership is the same membership (tests/registry/test_import_fixes.py); a
    # closed one is another period, which a new one may not overlap.
    Membership.objects.filter(organisation=world.member_a).update(until=date(2024, 12, 31))
    result = run(world.cluster_a, f"{HEADER}\nMember A Ltd,,LV,,,,SME,,,,,2023-05-01,,,")
    assert problems_of(result) == [
        "row 2, column member_since: This organisation is already a member of this cluster from "
        "2020-01-01 to 2024-12-31; membership periods may not overlap."
    ]


def test_same_name_with_different_numbers_is_two_organisations(world):
    text = "name,reg_no,country,type\nTwin SIA,40003000011,LV,SME\nTwin SIA,40003000012,LV,SME\n"
    result = run(world.cluster_a, text)
    assert problems_of(result) == []
    assert result.created == 2


def test_the_same_registry_organisation_twice_in_a_file_is_refused(world):
    OrganisationFactory(name="Once SIA", registration_number="40003000013", country="LV")
    text = "name,reg_no,country\nOnce SIA,40003000013,LV\nOnce SIA,,LV\n"
    assert problems_of(run(world.cluster_a, text)) == [
        "row 3, column reg_no: Registration number 40003000013 is already used in row 2."
    ]


def test_ambiguous_name_asks_for_registration_number(world):
    OrganisationFactory(name="Twin SIA", country="LV")
    OrganisationFactory(name="Twin SIA", country="LV")
    result = run(world.cluster_a, "name,country,type\nTwin SIA,LV,SME\n")
    assert problems_of(result) == [
        "row 2, column name: Several organisations are called Twin SIA in LV; add the "
        "registration number to say which one."
    ]


def test_every_problem_of_every_row_is_listed(world):
    text = (
        f"{HEADER}\n"
        "Bad One,,Atlantis,,99.99,,SME,,,,,,,,\n"
        f"{GOOD_ROW}\n"
        "Bad Two,,LV,,,,SME,lots,,,,yesterday,,,\n"
    )
    assert problems_of(run(world.cluster_a, text)) == [
        "row 2, column country: Unknown country: Atlantis.",
        "row 2, column nace: Unknown NACE code: 99.99.",
        "row 4, column headcount: Not a number: lots.",
        "row 4, column member_since: Not a date: yesterday. Write it as YYYY-MM-DD.",
    ]


def test_one_bad_row_among_good_ones_writes_nothing(world):
    before = (Organisation.objects.count(), Membership.objects.count())
    text = GOOD.decode("utf-8") + "Broken SIA,,LV,LV999,,,SME,,,,,,,,,,,\n"
    result = run(world.cluster_a, text)
    assert problems_of(result) == ["row 5, column nuts: Unknown NUTS code: LV999."]
    assert result.written is False
    assert (Organisation.objects.count(), Membership.objects.count()) == before


# -- the file as a whole ---------------------------------------------------------------------


def test_oversized_file_is_refused_with_both_sizes(world, settings):
    settings.CLUSTERHUB_MAX_IMPORT_BYTES = 100
    result = run(world.cluster_a, GOOD)
    assert problems_of(result) == [
        f"The file is {len(GOOD)} bytes; the largest accepted is 100 bytes."
    ]


def test_malformed_csv_is_refused(world):
    result = run(world.cluster_a, 'name,country\n"Broken SIA,LV\n')
    assert problems_of(result) == ["The CSV file is malformed: unexpected end of data"]


def test_row_with_too_many_cells_is_refused(world):
    result = run(world.cluster_a, "name,country\nA SIA,LV,extra\n")
    assert problems_of(result) == ["Row 2 has more cells than the header has columns: extra"]


def test_empty_file_is_refused(world):
    assert problems_of(run(world.cluster_a, "")) == ["The file is empty."]


def test_broken_xlsx_is_refused(world):
    result = run(world.cluster_a, b"PK\x03\x04 not really", filename="members.xlsx")
    assert problems_of(result) == ["The file is not a readable XLSX workbook."]


def test_file_without_name_column_is_refused(world):
    result = run(world.cluster_a, "country,type\nLV,SME\n")
    assert problems_of(result) == [
        "row 1, column name: The file has no name column (the organisation's name)."
    ]


def test_two_columns_with_the_same_meaning_are_refused(world):
    result = run(world.cluster_a, "name,country,website,url\nA SIA,LV,,\n")
    assert problems_of(result) == [
        "row 1, column url: The columns website and url mean the same thing; keep one."
    ]


def test_unknown_columns_are_reported_as_not_read(world):
    result = run(world.cluster_a, "name,country,type,favourite_colour\nA SIA,LV,SME,blue\n")
    assert problems_of(result) == []
    assert result.ignored_columns == ["favourite_colour"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cluster organisation", "association"),
        ("cluster organisation (membership association)", "association"),
        ("industry association / cluster", "association"),
        ("science park / cluster organisation", "association"),
        ("science park", "other"),
        ("planning region (public body)", "public"),
        ("Technical University", "university"),
        ("R&D institute", "research"),
        ("small enterprise", "sme"),
        ("bakery", None),
    ],
)
def test_organisation_types_are_read_by_keyword(text, expected):
    assert type_by_keyword(text) == expected


# -- the real cluster list -------------------------------------------------------------------


def test_real_cluster_list_imports_cleanly(world):
    cluster = ClusterFactory(acronym="BSR", country="SE")
    cluster_list = shared_data_file(CLUSTER_LIST)
    result = run(cluster, cluster_list.read_bytes(), filename=cluster_list.name)
    assert problems_of(result) == []
    assert (result.rows, result.created, result.memberships_added) == (55, 55, 55)
    assert result.ignored_columns == []
    members = Organisation.objects.filter(memberships__cluster=cluster)
    assert members.count() == 55
    assert sorted(set(members.values_list("country", flat=True))) == ["EE", "LV", "SE"]
    assert members.filter(name="Latvian IT Cluster", country="LV").count() == 1
    assert members.filter(nuts_region__isnull=True).count() == 26
    assert members.get(name="Järnvägsklustret").nuts_region_id == "SE125"
    food = members.get(name="Food Products Quality Cluster")
    assert food.org_type == "association"
    assert "Local name: Pārtikas produktu kvalitātes klasteris" in food.description
    netport = members.get(name="NetPort Science Park")
    assert netport.nuts_region_id == "SE221"
    assert netport.website == (
        "https://naringsliv.se/legacy/nya-motesplatser-och-ideer-skapas-pa-netport-science-park/"
    )
    assert netport.description.endswith(
        "Sources:\n"
        "https://www.itbaltic.com/single-post/2016/01/01/five-for-cross-industry-value-chain-excellence"
    )
    assert members.get(name="Vidzeme Planning Region").org_type == "public"
    assert members.filter(org_type="other").count() == 4  # the four plain science parks


def test_real_cluster_list_imports_twice_without_duplicates(world):
    cluster = ClusterFactory(acronym="BSR", country="SE")
    data = shared_data_file(CLUSTER_LIST).read_bytes()
    run(cluster, data)
    again = run(cluster, data)
    assert (again.created, again.unchanged, again.memberships_added) == (0, 55, 0)
    assert Organisation.objects.filter(memberships__cluster=cluster).count() == 55


# -- the page --------------------------------------------------------------------------------


def post_file(client, cluster, data: bytes, *, dry_run: bool, name="members.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    payload = {"file": upload}
    if dry_run:
        payload["dry_run"] = "on"
    # The upload starts a background job (run at commit in tests) and redirects to its page.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("registry:organisations_import", args=[cluster.pk]), payload)
    return client.get(response["Location"]) if response.status_code == 302 else response


@pytest.mark.parametrize("username", ["admin", "manager_a", "staff_a"])
def test_import_page_is_open_to_the_cluster_team(world, client_for, username):
    client = client_for(world[username])
    response = client.get(reverse("registry:organisations_import", args=[world.cluster_a.pk]))
    assert response.status_code == 200
    assert 'name="dry_run"' in response.content.decode()
    assert response.context["form"]["dry_run"].value() is True


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("organisations_import", lambda world: [world.cluster_a.pk]),
        ("programme_clusters_import", lambda world: [world.programme.pk]),
        ("clusters_import", lambda world: []),
    ],
)
def test_import_pages_are_drawn_in_the_registry_layout(world, client_for, name, args):
    """Under the registry's tab row, as its other pages; an import is a cluster's (or the
    registry's clusters'), so the Clusters tab is the current one, never Organisations."""
    html = client_for(world["admin"]).get(reverse(f"registry:{name}", args=args(world))).content
    html = html.decode()
    assert '<nav class="subnav" aria-label="Registry">' in html
    assert f'href="{reverse("registry:cluster_list")}" aria-current="page">Clusters</a>' in html
    assert f'href="{reverse("registry:organisation_list")}">Organisations</a>' in html
    assert html.count('aria-current="page"') == 1


@pytest.mark.parametrize(
    "username",
    ["coordinator", "member_a", "expert_a", "observer_a", "manager_b", "outsider"],
)
def test_import_page_is_closed_to_others(world, client_for, username):
    client = client_for(world[username])
    url = reverse("registry:organisations_import", args=[world.cluster_a.pk])
    assert client.get(url).status_code == 403
    before = Organisation.objects.count()
    response = post_file(client, world.cluster_a, GOOD, dry_run=False)
    assert response.status_code == 403
    assert b"Member A Ltd" not in response.content
    assert b"Baltic Code" not in response.content
    assert Organisation.objects.count() == before


def test_import_page_of_missing_cluster_is_404(world, client_for):
    client = client_for(world["admin"])
    response = client.get(reverse("registry:organisations_import", args=[999999]))
    assert response.status_code == 404


def test_import_page_asks_anonymous_users_to_sign_in(world, client):
    response = client.get(reverse("registry:organisations_import", args=[world.cluster_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_import_page_dry_run_shows_summary_and_writes_nothing(world, client_for):
    client = client_for(world["manager_a"])
    before = Organisation.objects.count()
    response = post_file(client, world.cluster_a, GOOD, dry_run=True)
    assert response.status_code == 200
    assert "Dry run: 3 rows are valid." in response.content.decode()
    assert Organisation.objects.count() == before


def test_import_page_imports_for_real(world, client_for):
    client = client_for(world["staff_a"])
    response = post_file(client, world.cluster_a, GOOD, dry_run=False)
    assert response.status_code == 200
    assert "Imported 3 rows: 3 organisations created" in response.content.decode()
    assert Membership.objects.filter(cluster=world.cluster_a).count() == 4


def test_import_page_lists_problems_in_a_table(world, client_for):
    client = client_for(world["manager_a"])
    before = Organisation.objects.count()
    data = f"{HEADER}\n{GOOD_ROW}\nBad SIA,,Atlantis,,,,SME,,,,,,,,\n".encode()
    response = post_file(client, world.cluster_a, data, dry_run=False)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<td>3</td><td>country</td><td>Unknown country: Atlantis.</td>" in body
    assert "Nothing was written" in body
    assert Organisation.objects.count() == before


def test_import_page_refuses_oversized_upload(world, client_for, settings):
    settings.CLUSTERHUB_MAX_IMPORT_BYTES = 50
    client = client_for(world["manager_a"])
    response = post_file(client, world.cluster_a, GOOD, dry_run=True)
    assert f"The file is {len(GOOD)} bytes; the largest accepted is 50 bytes." in (
        response.content.decode()
    )


# -- the command -----------------------------------------------------------------------------


def test_import_command_prints_the_summary(world):
    out = io.StringIO()
    call_command(
        "import", "organisations", str(DATA / "members_good.csv"), cluster="CLA", stdout=out
    )
    assert out.getvalue() == (
        "Imported 3 rows: 3 organisations created, 0 updated, 0 unchanged; "
        "3 memberships added, 0 updated.\n"
    )
    assert Organisation.objects.filter(name="Tartu Robotics OÜ").exists()


def test_import_command_dry_run_writes_nothing(world):
    out = io.StringIO()
    call_command(
        "import",
        "organisations",
        str(DATA / "members_good.csv"),
        "--cluster",
        "CLA",
        "--dry-run",
        stdout=out,
    )
    assert out.getvalue().startswith("Dry run: 3 rows are valid.")
    assert not Organisation.objects.filter(name="Tartu Robotics OÜ").exists()


def test_import_command_lists_problems_and_fails(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\n{GOOD_ROW}\nBad SIA,,Atlantis,,,,SME,,,,,,,,\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match=r"^1 problem found; nothing was written\.$"):
        call_command("import", "organisations", str(bad), cluster="CLA", stdout=out)
    assert out.getvalue() == "row 3, column country: Unknown country: Atlantis.\n"
    assert not Organisation.objects.filter(name="Good SIA").exists()


def test_import_command_refuses_unknown_cluster(world):
    with pytest.raises(CommandError, match="No cluster has the acronym NOPE."):
        call_command("import", "organisations", str(DATA / "members_good.csv"), cluster="NOPE")


def test_import_command_refuses_missing_file(world, tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(CommandError, match="Cannot read .*missing.csv: No such file or directory"):
        call_command("import", "organisations", str(missing), cluster="CLA")


# -- all or nothing: a bad row in a workbook, a failure while writing --------------------------


def test_one_bad_row_in_a_workbook_writes_nothing_and_names_the_row(world):
    rows = list(csv.reader(io.StringIO(GOOD.decode("utf-8"))))
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    ws.append(["Broken SIA", "", "LV", "LV00A", "62.10", "", "SME", "many"])
    out = io.BytesIO()
    wb.save(out)
    before = (Organisation.objects.count(), Membership.objects.count())
    result = run(world.cluster_a, out.getvalue(), filename="members.xlsx")
    assert problems_of(result) == ["row 5, column headcount: Not a number: many."]
    assert result.written is False
    assert (Organisation.objects.count(), Membership.objects.count()) == before


def test_a_failure_while_writing_row_3_takes_rows_1_and_2_back(world, monkeypatch):
    """Validation passed, then the database refused the third membership (someone changed the
    registry in between): the rows already written are rolled back and the run says so."""
    from django.core.exceptions import ValidationError

    from clusterhub.registry.importer import writing

    real_write = writing._write_memberships
    calls = []

    def write_memberships(plans, now):
        # The rows are written in bulk: the organisations are in, then memberships are refused.
        calls.append(Organisation.objects.filter(name="Baltic Code SIA").count())
        real_write(plans, now)
        raise ValidationError("This organisation is already a member.")

    monkeypatch.setattr(writing, "_write_memberships", write_memberships)
    before = (Organisation.objects.count(), Membership.objects.count())
    result = run(world.cluster_a, GOOD)
    assert calls == [1]
    assert problems_of(result) == [
        "The registry changed while importing; nothing was written: "
        "This organisation is already a member."
    ]
    assert result.written is False
    assert (Organisation.objects.count(), Membership.objects.count()) == before
    assert not Organisation.objects.filter(name="Baltic Code SIA").exists()
