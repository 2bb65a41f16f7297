"""Exporting a cluster's current members: columns, formula safety, round trip, permissions."""

import csv
import io
from datetime import date
from datetime import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from clusterhub.registry.exports import HEADERS
from clusterhub.registry.exports import export_clusters
from clusterhub.registry.exports import export_organisations
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import ProgrammeFactory


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(content: bytes) -> list[list[object]]:
    ws = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in ws.iter_rows(values_only=True)]


@pytest.fixture
def rich_cluster(world):
    """Cluster A with a member that has every field filled in, and one whose membership ended."""
    org = OrganisationFactory(
        name="Rīgas Datu Centrs SIA",
        registration_number="40003333333",
        country="LV",
        nuts_region_id="LV00A",
        primary_nace_id="62.10",
        org_type="sme",
        headcount=40,
        turnover_eur=Decimal("1234567.89"),
        balance_sheet_eur=Decimal("500000.00"),
        website="https://datu-centrs.example",
        city="Rīga",
        address="Brīvības iela 1",
        latitude=Decimal("56.94960"),
        longitude=Decimal("-24.10520"),
        description="- data centre\nSources:\nhttps://news.example/dc",
    )
    org.secondary_nace.set(["62.90", "62.20"])
    org.full_clean()
    org.save()
    MembershipFactory(
        cluster=world.cluster_a,
        organisation=org,
        since=date(2019, 5, 2),
        until=date(2099, 12, 31),
        committed=True,
        commitment_ground="written",
    )
    gone = OrganisationFactory(name="Former Member SIA")
    MembershipFactory(
        cluster=world.cluster_a, organisation=gone, since=date(2015, 1, 1), until=date(2018, 1, 1)
    )
    return world.cluster_a


def test_export_file_names_keep_to_safe_characters_and_end_with_the_date(world):
    """An acronym is user text: only letters, digits, - and _ reach the file name, and one
    without any of them gives way to a plain word."""
    today = timezone.localdate().isoformat()
    world.cluster_a.acronym = 'Clé "A"/B'
    members = export_organisations(cluster=world.cluster_a, fmt="xlsx", user=None)
    assert members.filename == f"Cl-A-B-members-{today}.xlsx"
    members = export_organisations(cluster=ClusterFactory(acronym="ÅÄÖ"), fmt="csv", user=None)
    assert members.filename == f"cluster-members-{today}.csv"
    assert export_clusters(programme=None, fmt="csv").filename == f"clusters-{today}.csv"
    programme = ProgrammeFactory(acronym="Ĳ")
    assert export_clusters(programme=programme, fmt="xlsx").filename == (
        f"programme-clusters-{today}.xlsx"
    )
    assert export_clusters(programme=world.programme, fmt="csv").filename == (
        f"5FX-clusters-{today}.csv"
    )


def test_csv_export_has_the_import_columns_and_current_members_only(rich_cluster):
    export = export_organisations(cluster=rich_cluster, fmt="csv", user=None)
    assert export.content_type == "text/csv; charset=utf-8"
    assert export.filename.startswith("CLA-members-")
    rows = csv_rows(export.content)
    assert rows[0] == list(HEADERS)
    assert [r[0] for r in rows[1:]] == ["Member A Ltd", "Rīgas Datu Centrs SIA"]
    assert dict(zip(HEADERS, rows[2], strict=True)) == {
        "name": "Rīgas Datu Centrs SIA",
        "registration_number": "40003333333",
        "country": "LV",
        "nuts_region": "LV00A",
        "primary_nace": "62.10",
        "secondary_nace": "62.20; 62.90",
        "type": "sme",
        "size_class": "small",
        "headcount": "40",
        "turnover_eur": "1234567.89",
        "balance_sheet_eur": "500000.00",
        "website": "https://datu-centrs.example",
        "city": "Rīga",
        "address": "Brīvības iela 1",
        "latitude": "56.94960",
        "longitude": "-24.10520",
        "description": "'- data centre\nSources:\nhttps://news.example/dc",
        "member_since": "2019-05-02",
        "member_until": "2099-12-31",
        "committed": "yes",
        "commitment_ground": "written",
    }


def test_export_leaves_out_contacts_and_internal_notes(world):
    content = export_organisations(cluster=world.cluster_a, fmt="csv", user=None).content.decode(
        "utf-8"
    )
    assert "Member A Ltd" in content
    for secret in ("alda@member-a.example", "Ozola", "membership-note-a", "secret-notes-a"):
        assert secret not in content


def test_xlsx_export_has_the_same_rows(rich_cluster):
    export = export_organisations(cluster=rich_cluster, fmt="xlsx", user=None)
    rows = xlsx_rows(export.content)
    assert rows[0] == list(HEADERS)
    assert [r[0] for r in rows[1:]] == ["Member A Ltd", "Rīgas Datu Centrs SIA"]
    assert rows[2][HEADERS.index("turnover_eur")] == pytest.approx(1234567.89)
    # A real date cell, not text: Excel sorts and filters it as a date.
    assert rows[2][HEADERS.index("member_since")] == datetime(2019, 5, 2, 0, 0)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_neutralises_formulas(world, fmt):
    names = ['=HYPERLINK("https://evil.example","click")', "+1", "-2", "@x"]
    for name in names:
        MembershipFactory(cluster=world.cluster_a, organisation=OrganisationFactory(name=name))
    export = export_organisations(cluster=world.cluster_a, fmt=fmt, user=None)
    rows = csv_rows(export.content) if fmt == "csv" else xlsx_rows(export.content)
    exported = sorted(r[0] for r in rows[1:])
    assert exported == sorted(["Member A Ltd", *("'" + n for n in names)])


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_imports_back_unchanged(rich_cluster, fmt):
    MembershipFactory(cluster=rich_cluster, organisation=OrganisationFactory(name="=1+1 SIA"))
    first = export_organisations(cluster=rich_cluster, fmt=fmt, user=None)
    organisations = Organisation.objects.count()
    memberships = Membership.objects.count()

    # Into the same cluster: everything is recognised and nothing changes.
    same = import_organisations(
        cluster=rich_cluster, data=first.content, filename=first.filename, dry_run=False
    )
    assert [str(p) for p in same.problems] == []
    assert (same.created, same.updated, same.unchanged) == (0, 0, 3)
    assert (same.memberships_added, same.memberships_updated) == (0, 0)
    assert (Organisation.objects.count(), Membership.objects.count()) == (
        organisations,
        memberships,
    )

    # Into another cluster: the same organisations get the same memberships there.
    other = ClusterFactory(acronym="CLC")
    into_other = import_organisations(
        cluster=other, data=first.content, filename=first.filename, dry_run=False
    )
    assert (into_other.created, into_other.unchanged, into_other.memberships_added) == (0, 3, 3)
    second = export_organisations(cluster=other, fmt=fmt, user=None)
    if fmt == "csv":
        assert second.content == first.content
    else:
        assert xlsx_rows(second.content) == xlsx_rows(first.content)
    assert Organisation.objects.get(name="Rīgas Datu Centrs SIA").description == (
        "- data centre\nSources:\nhttps://news.example/dc"
    )


def test_export_recreates_organisations_the_registry_does_not_know(rich_cluster):
    first = export_organisations(cluster=rich_cluster, fmt="csv", user=None)
    # Make the exported organisations unknown: neither their names nor their numbers match.
    for org in Organisation.objects.filter(memberships__cluster=rich_cluster):
        org.name = f"Old {org.name}"
        org.registration_number = None
        org.save()
    fresh = ClusterFactory(acronym="CLD")
    result = import_organisations(
        cluster=fresh, data=first.content, filename="x.csv", dry_run=False
    )
    assert [str(p) for p in result.problems] == []
    assert (result.created, result.memberships_added) == (2, 2)
    assert export_organisations(cluster=fresh, fmt="csv", user=None).content == first.content


# -- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["admin", "coordinator", "manager_a", "staff_a"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_page_is_open_to_the_cluster_team(world, client_for, username, fmt):
    client = client_for(world[username])
    response = client.get(reverse("registry:organisations_export", args=[world.cluster_a.pk, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="CLA-members-')
    rows = csv_rows(response.content) if fmt == "csv" else xlsx_rows(response.content)
    assert [r[0] for r in rows[1:]] == ["Member A Ltd"]


@pytest.mark.parametrize(
    "username", ["member_a", "expert_a", "observer_a", "manager_b", "outsider"]
)
def test_export_page_is_closed_to_others(world, client_for, username):
    client = client_for(world[username])
    response = client.get(
        reverse("registry:organisations_export", args=[world.cluster_a.pk, "csv"])
    )
    assert response.status_code == 403
    assert b"Member A Ltd" not in response.content
    assert "attachment" not in response.get("Content-Disposition", "")


def test_export_page_answers_404_to_unknown_format_and_cluster(world, client_for):
    client = client_for(world["admin"])
    url = reverse("registry:organisations_export", args=[world.cluster_a.pk, "pdf"])
    assert client.get(url).status_code == 404
    url = reverse("registry:organisations_export", args=[999999, "csv"])
    assert client.get(url).status_code == 404


def test_export_page_asks_anonymous_users_to_sign_in(world, client):
    url = reverse("registry:organisations_export", args=[world.cluster_a.pk, "csv"])
    response = client.get(url)
    assert response.status_code == 302
    assert b"Member A Ltd" not in response.content


# -- the command -----------------------------------------------------------------------------


def test_export_command_writes_csv_to_stdout(world):
    out = io.StringIO()
    call_command("export", "organisations", "--cluster", "CLA", "--format", "csv", stdout=out)
    rows = csv_rows(out.getvalue().encode("utf-8"))
    assert rows[0] == list(HEADERS)
    assert [r[0] for r in rows[1:]] == ["Member A Ltd"]


def test_export_command_writes_xlsx_to_a_file(world, tmp_path):
    target = tmp_path / "members.xlsx"
    err = io.StringIO()
    call_command(
        "export", "organisations", cluster="CLA", format="xlsx", output=str(target), stderr=err
    )
    assert [r[0] for r in xlsx_rows(target.read_bytes())] == ["name", "Member A Ltd"]
    assert err.getvalue() == f"Wrote {target}.\n"


def test_export_command_refuses_xlsx_to_a_text_stream(world):
    with pytest.raises(CommandError, match="XLSX is a binary format: give --output FILE."):
        call_command("export", "organisations", cluster="CLA", format="xlsx", stdout=io.StringIO())


def test_export_command_refuses_unknown_cluster(world):
    with pytest.raises(CommandError, match="No cluster has the acronym NOPE."):
        call_command("export", "organisations", cluster="NOPE", stdout=io.StringIO())
