"""Importing and exporting clusters (issue 17.3): all or nothing, per-row problems, made
acronyms, sector groups from ESCA names or NACE divisions, programmes, labels, rights."""

import io
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from clusterhub.accounts.models import RoleAssignment
from clusterhub.accounts.roles import forget_roles
from clusterhub.assessment.models import LabelAward
from clusterhub.common.jobs import execute_job
from clusterhub.common.jobs import job_url
from clusterhub.common.models import Job
from clusterhub.registry.exports import export_clusters
from clusterhub.registry.importer.clusters import group_for_nace
from clusterhub.registry.importer.clusters import import_clusters
from clusterhub.registry.importer.clusters import make_acronym
from clusterhub.registry.jobs import CLUSTER_IMPORT_KIND
from clusterhub.registry.models import Cluster
from tests.factories import ClusterFactory
from tests.factories import ProgrammeFactory

DATA = Path(__file__).resolve().parents[1] / "data"
EUROPE = DATA / "clusters_europe_80.csv"
HEADER = "name,acronym,country,nuts,sector_group,website,label,label_valid_until,programme"
GOOD_ROW = "Good Cluster,,LV,LV00A,ict,https://good.example,,,"


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    settings.VAR_DIR = tmp_path  # where the page stores uploads for the import jobs


def run(data, *, filename="clusters.csv", dry_run=False, **kwargs):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return import_clusters(data=data, filename=filename, dry_run=dry_run, **kwargs)


def problems_of(result) -> list[str]:
    return [str(p) for p in result.problems]


# -- the 80 European clusters -------------------------------------------------------------


def test_eighty_european_clusters_import_in_one_go(world):
    before = Cluster.objects.count()
    dry = run(EUROPE.read_bytes(), dry_run=True, programme=world.programme)
    assert problems_of(dry) == []
    assert (dry.rows, dry.created, dry.labels_added) == (80, 80, 12)
    assert Cluster.objects.count() == before

    result = run(EUROPE.read_bytes(), programme=world.programme)
    assert problems_of(result) == []
    assert (result.created, result.updated, result.unchanged, result.labels_added) == (
        80,
        0,
        0,
        12,
    )
    assert result.ignored_columns == []
    assert Cluster.objects.count() == before + 80
    assert world.programme.clusters.count() == 81  # and cluster A
    acronyms = list(Cluster.objects.values_list("acronym", flat=True))
    assert len({a.upper() for a in acronyms}) == len(acronyms)

    litc = Cluster.objects.get(acronym="LITC")
    assert (litc.name, litc.country, litc.nuts_region_id, litc.sector_group) == (
        "Latvian IT Cluster",
        "LV",
        "LV00A",
        "ict",
    )
    assert sorted(litc.sectors.values_list("code", flat=True)) == ["62", "63"]
    award = LabelAward.objects.get(cluster=litc)
    assert (award.level, award.valid_from, award.valid_until) == (
        "silver",
        date(2024, 8, 31),
        date(2026, 8, 31),
    )
    aerospace = Cluster.objects.get(name="Aerospace Valley")
    assert aerospace.acronym == "AV"  # made from the initials
    assert aerospace.country == "FR"
    assert Cluster.objects.get(name="Minalogic").acronym == "MINAL"  # one word
    assert Cluster.objects.get(name="Paper Province").sector_group == "production"  # NACE 17
    assert Cluster.objects.get(name="Photonics Bretagne").sector_group == "micro_nano"
    assert aerospace.history.count() == 1


def test_the_eighty_clusters_import_again_without_any_change(world):
    run(EUROPE.read_bytes(), programme=world.programme)
    before = (Cluster.objects.count(), LabelAward.objects.count())
    again = run(EUROPE.read_bytes(), programme=world.programme)
    assert problems_of(again) == []
    assert (again.created, again.updated, again.unchanged, again.labels_added) == (0, 0, 80, 0)
    assert (Cluster.objects.count(), LabelAward.objects.count()) == before
    assert Cluster.objects.get(name="Aerospace Valley").history.count() == 1


def test_an_exported_file_imports_back_unchanged(world):
    run(EUROPE.read_bytes(), programme=world.programme)
    for fmt in ("csv", "xlsx"):
        export = export_clusters(programme=world.programme, fmt=fmt)
        assert export.filename.startswith("5FX-clusters-")
        again = run(export.content, filename=export.filename)
        assert problems_of(again) == []
        assert (again.rows, again.created, again.updated, again.labels_added) == (81, 0, 0, 0)


def test_the_export_lists_the_columns_the_import_reads(world):
    cluster = world.cluster_a
    cluster.sectors.set(["62.10"])
    text = export_clusters(programme=world.programme, fmt="csv").content.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == (
        "name,acronym,country,nuts_region,sector_group,website,city,description,label,"
        "label_valid_until,programme"
    )
    assert lines[1] == "Cluster A,CLA,LV,,ict; 62.10,,Riga,,,,5FX"
    assert len(lines) == 2  # cluster B is not in the programme


# -- acronyms and sector groups --------------------------------------------------------------


def test_acronyms_are_made_from_initials_and_kept_unique():
    assert make_acronym("Latvian IT Cluster", set()) == "LITC"
    assert make_acronym("Cluster of Food and Drinks", set()) == "CFD"
    assert make_acronym("Östersjö Energi Klustret", set()) == "OEK"
    assert make_acronym("Latvian IT Cluster", {"LITC"}, "LV") == "LITC-LV"
    assert make_acronym("Latvian IT Cluster", {"LITC", "LITC-LV"}, "LV") == "LITC-2"


@pytest.mark.parametrize(
    ("code", "group"),
    [
        ("62", "ict"),
        ("62.10", "ict"),
        ("10", "food"),
        ("30", "transport"),
        ("30.30", "aviation_space"),
        ("50", "maritime"),
        ("47", None),
    ],
)
def test_nace_divisions_map_to_sector_groups(code, group):
    assert group_for_nace(code) == group


def test_a_made_acronym_avoids_one_in_the_registry(world):
    ClusterFactory(acronym="GC", name="Green Cluster")
    result = run(f"{HEADER}\n{GOOD_ROW}\n")
    assert problems_of(result) == []
    assert Cluster.objects.get(name="Good Cluster").acronym == "GC-LV"
    assert [str(n) for n in result.notes] == [
        "Acronyms were made from the names of the clusters in rows 2: GC-LV."
    ]


def test_a_group_and_nace_codes_together(world):
    result = run(f"{HEADER}\nDrinks Cluster,,LV,,food; 11.01; 11.05,,,,\n")
    assert problems_of(result) == []
    cluster = Cluster.objects.get(name="Drinks Cluster")
    assert cluster.sector_group == "food"
    assert sorted(cluster.sectors.values_list("code", flat=True)) == ["11.01", "11.05"]


# -- one test per kind of bad row -------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",,LV,,ict,,,,", "row 3, column name: The name is missing."),
        ("Bad Cluster,,,,ict,,,,", "row 3, column country: The country is missing."),
        ("Bad Cluster,,Atlantis,,ict,,,,", "row 3, column country: Unknown country: Atlantis."),
        ("Bad Cluster,,LV,LV999,ict,,,,", "row 3, column nuts: Unknown NUTS code: LV999."),
        ("Bad Cluster,,EE,LV00A,ict,,,,", "row 3, column nuts: NUTS region LV00A is not in EE."),
        (
            "Bad Cluster,,LV,,rocketry,,,,",
            "row 3, column sector_group: Unknown sector group or NACE division: rocketry. Use "
            "one of aviation_space, biotechnology, construction, creative, energy_environment, "
            "food, health, ict, maritime, micro_nano, materials, production, tourism, "
            "transport, or NACE divisions such as 62; 63.",
        ),
        (
            "Bad Cluster,,LV,,47,,,,",
            "row 3, column sector_group: NACE 47 belongs to no ESCA sector group; add the group "
            "(one of aviation_space, biotechnology, construction, creative, energy_environment, "
            "food, health, ict, maritime, micro_nano, materials, production, tourism, "
            "transport), e.g. ict; 47.",
        ),
        (
            "Bad Cluster,,LV,,,,,,",
            "row 3, column sector_group: The sector group is missing: write one of "
            "aviation_space, biotechnology, construction, creative, energy_environment, food, "
            "health, ict, maritime, micro_nano, materials, production, tourism, transport, or "
            "NACE divisions.",
        ),
        (
            "Bad Cluster,,LV,,ict,not a url,,,",
            "row 3, column website: Not a valid web address: not a url.",
        ),
        (
            "Bad Cluster,,LV,,ict,,Platinum,2026-01-01,",
            "row 3, column label: Unknown label: Platinum. Write Bronze, Silver or Gold.",
        ),
        (
            "Bad Cluster,,LV,,ict,,Gold,2026-13-01,",
            "row 3, column label_valid_until: Not a date: 2026-13-01. Write it as YYYY-MM-DD.",
        ),
        (
            "Bad Cluster,,LV,,ict,,Gold,,",
            "row 3, column label_valid_until: Give the day the label is valid until.",
        ),
        ("Bad Cluster,,LV,,ict,,,,NOPE", "row 3, column programme: Unknown programme: NOPE."),
        ("good cluster,,LV,,ict,,,,", "row 3, column name: Good Cluster is already in row 2."),
        (
            "Other Cluster,GC,LV,,ict,,,,",
            "row 3, column acronym: The acronym GC is already used in row 2.",
        ),
    ],
    ids=[
        "missing-name",
        "missing-country",
        "unknown-country",
        "unknown-nuts",
        "nuts-not-in-country",
        "unknown-sector",
        "nace-without-group",
        "missing-sector",
        "bad-url",
        "unknown-label",
        "bad-label-date",
        "label-without-date",
        "unknown-programme",
        "same-name-in-file",
        "made-acronym-repeated",
    ],
)
def test_bad_row_is_reported_by_row_and_column(world, row, expected):
    before = Cluster.objects.count()
    result = run(f"{HEADER}\n{GOOD_ROW}\n{row}\n")
    assert problems_of(result) == [expected]
    assert Cluster.objects.count() == before


def test_missing_required_columns_are_one_message_each(world):
    rows = "\n".join(f"Cluster {i},https://c{i}.example" for i in range(30))
    result = run(f"name,website\n{rows}\n")
    assert problems_of(result) == [
        "row 1, column country: The file has no country column (ISO code or name, e.g. LV or "
        "Latvija).",
        "row 1, column sector_group: The file has no sector_group column (an ESCA sector "
        "group, or NACE divisions such as 62; 63).",
    ]


def test_label_without_its_validity_column_is_refused(world):
    result = run("name,country,sector_group,label\nA Cluster,LV,ict,Gold\n")
    assert problems_of(result) == [
        "row 1, column label_valid_until: Give both the label and label_valid_until columns, "
        "or neither."
    ]


def test_an_acronym_of_another_cluster_is_refused(world):
    result = run("name,acronym,country,sector_group\nNew Name,CLA,LV,ict\n")
    assert problems_of(result) == [
        "row 2, column acronym: The acronym CLA already belongs to Cluster A. Check the "
        "acronym, or use that name."
    ]


def test_a_known_name_with_another_acronym_is_refused(world):
    result = run("name,acronym,country,sector_group\nCluster A,XYZ,LV,ict\n")
    assert problems_of(result) == [
        "row 2, column acronym: Cluster A is already in the registry with the acronym CLA; "
        "change the acronym on its page, or write CLA here."
    ]


def test_names_are_matched_after_nfc_and_case_folding(world):
    ClusterFactory(name="Östersjö Klustret", acronym="OK1", country="SE")
    nfd = unicodedata.normalize("NFD", "ÖSTERSJÖ KLUSTRET")
    result = run(f"name,country,sector_group,city\n{nfd},SE,ict,Malmö\n")
    assert problems_of(result) == []
    assert (result.created, result.updated) == (0, 1)
    cluster = Cluster.objects.get(acronym="OK1")
    assert (cluster.name, cluster.city) == ("Östersjö Klustret", "Malmö")


def test_one_bad_row_writes_nothing(world):
    result = run(f"{HEADER}\n{GOOD_ROW}\nBad,,Atlantis,,ict,,,,\n")
    assert not result.ok
    assert not Cluster.objects.filter(name="Good Cluster").exists()


def test_a_legacy_encoded_file_is_read_with_a_note(world):
    text = "name,country,sector_group,city\nPārtikas klasteris,LV,food,Rīga\n"
    result = run(text.encode("cp1257"))
    assert problems_of(result) == []
    assert [str(n) for n in result.notes][0].startswith(
        "The file is not UTF-8 text; it was read as cp1257."
    )
    assert Cluster.objects.get(city="Rīga").name == "Pārtikas klasteris"


# -- rights ---------------------------------------------------------------------------------


def test_a_coordinator_may_not_update_a_cluster_outside_the_programme(world):
    coordinator = world["coordinator"]
    text = "name,country,sector_group,city\nCluster B,EE,ict,Tartu\nCluster A,LV,ict,Cēsis\n"
    result = run(
        text,
        programme=world.programme,
        may_use_programme=lambda p: coordinator.has_perm("registry.import_clusters", p),
        may_update_cluster=lambda c: coordinator.has_perm("registry.update_cluster_by_import", c),
    )
    assert problems_of(result) == [
        "row 2, column name: Cluster B is already in the registry, and you may not change it; "
        "ask its manager or an administrator."
    ]
    other = ProgrammeFactory(acronym="OTHER")
    result = run(
        "name,country,sector_group,programme\nFresh Cluster,LV,ict,OTHER\n",
        may_use_programme=lambda p: coordinator.has_perm("registry.import_clusters", p),
    )
    assert problems_of(result) == [
        "row 2, column programme: You may not add clusters to the programme OTHER."
    ]
    assert not other.clusters.exists()


def _post(client, url, payload):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, payload)


def _upload(client, url, text, *, dry_run):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = "clusters.csv"
    data = {"file": upload}
    if dry_run:
        data["dry_run"] = "on"
    return _post(client, url, data)


def _job_page(client, response) -> tuple[Job, str]:
    """The job an upload started (the page redirects to it) and its page as the user sees it."""
    job = Job.objects.filter(kind=CLUSTER_IMPORT_KIND).latest("pk")
    assert response.status_code == 302
    assert response["Location"] == job_url(job)
    return job, client.get(job_url(job)).content.decode()


def test_the_coordinator_imports_into_the_programme_in_the_background(world, client_for):
    """Checked by a job, then "Import now" imports the stored file without a second upload."""
    client = client_for(world["coordinator"])
    url = reverse("registry:programme_clusters_import", args=[world.programme.pk])
    assert client.get(url).status_code == 200
    check, page = _job_page(client, _upload(client, url, f"{HEADER}\n{GOOD_ROW}\n", dry_run=True))
    assert (check.state, check.owner, check.params["programme"]) == (
        Job.State.DONE,
        world["coordinator"],
        world.programme.pk,
    )
    assert check.title == "Check of the clusters in clusters.csv"
    assert "Dry run: 1 rows are valid." in page
    assert f'name="confirm_job" value="{check.pk}"' in page
    assert f'action="{url}"' in page
    assert not Cluster.objects.filter(name="Good Cluster").exists()

    real, page = _job_page(client, _post(client, url, {"confirm_job": str(check.pk)}))
    assert real.pk != check.pk
    assert real.params["file"] == check.params["file"]
    assert real.title == f"Import of the clusters in clusters.csv into {world.programme.acronym}"
    assert real.state == Job.State.DONE, real.error
    assert "Imported 1 rows: 1 clusters created" in page
    assert "Import now" not in page
    assert reverse("registry:programme_detail", args=[world.programme.pk]) in page
    assert world.programme.clusters.filter(name="Good Cluster").exists()


def test_the_job_lists_problems_notes_and_unread_columns(world, client_for):
    client = client_for(world["admin"])
    url = reverse("registry:clusters_import")
    text = "name,country,sector_group,colour\nGood Cluster,LV,ict,red\nBad,Atlantis,ict,\n"
    job, page = _job_page(client, _upload(client, url, text, dry_run=True))
    assert job.result["problems"] == [
        {"row": 3, "column": "country", "message": "Unknown country: Atlantis."}
    ]
    assert job.params["programme"] is None
    assert "<td>3</td><td>country</td><td>Unknown country: Atlantis.</td>" in page
    assert "Columns not read: colour" in page
    assert "confirm_job" not in page
    assert f'href="{url}"' in page  # "Upload a corrected file"
    assert _post(client, url, {"confirm_job": str(job.pk)}).status_code == 404


def test_import_now_is_the_owners_own_step_in_the_same_programme(world, client_for):
    url = reverse("registry:programme_clusters_import", args=[world.programme.pk])
    _upload(client_for(world["coordinator"]), url, f"{HEADER}\n{GOOD_ROW}\n", dry_run=True)
    check = Job.objects.get(kind=CLUSTER_IMPORT_KIND)
    # An admin sees every job, but "Import now" is the owner's: 404, nothing started.
    assert _post(client_for(world["admin"]), url, {"confirm_job": str(check.pk)}).status_code == 404
    # The owner, from the registry-wide page (another scope), may not either.
    admin_page = reverse("registry:clusters_import")
    check.owner = world["admin"]
    check.save(update_fields=["owner"])
    response = _post(client_for(world["admin"]), admin_page, {"confirm_job": str(check.pk)})
    assert response.status_code == 404
    assert Job.objects.filter(kind=CLUSTER_IMPORT_KIND).count() == 1
    assert not Cluster.objects.filter(name="Good Cluster").exists()


def test_a_second_cluster_import_is_refused_while_the_first_waits(world, client_for):
    client = client_for(world["admin"])
    url = reverse("registry:clusters_import")
    upload = io.BytesIO(f"{HEADER}\n{GOOD_ROW}\n".encode())
    upload.name = "clusters.csv"
    # Not committed in this test, so the first job waits (no worker ran it).
    first = client.post(url, {"file": upload})
    waiting = Job.objects.get(kind=CLUSTER_IMPORT_KIND)
    assert first["Location"] == job_url(waiting)
    assert waiting.state == Job.State.QUEUED
    again = io.BytesIO(b"name,country,sector_group\nOther,EE,ict\n")
    again.name = "other.csv"
    body = client.post(url, {"file": again}).content.decode()
    assert "The same job is already waiting" in body
    assert f'href="{job_url(waiting)}"' in body
    assert Job.objects.filter(kind=CLUSTER_IMPORT_KIND).count() == 1


def test_a_job_whose_owner_lost_the_right_fails_and_writes_nothing(world, client_for):
    coordinator = world["coordinator"]
    url = reverse("registry:programme_clusters_import", args=[world.programme.pk])
    upload = io.BytesIO(f"{HEADER}\n{GOOD_ROW}\n".encode())
    upload.name = "clusters.csv"
    client_for(coordinator).post(url, {"file": upload})  # queued: not committed in this test
    job = Job.objects.get(kind=CLUSTER_IMPORT_KIND)
    RoleAssignment.objects.filter(user=coordinator, programme=world.programme).delete()
    forget_roles(coordinator)
    execute_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.error) == (Job.State.FAILED, "You may no longer import clusters here.")
    assert not Cluster.objects.filter(name="Good Cluster").exists()


@pytest.mark.parametrize("username", ["manager_a", "staff_a", "member_a", "outsider", "manager_b"])
def test_the_programme_import_and_export_are_closed_to_others(world, client_for, username):
    client = client_for(world[username])
    pk = world.programme.pk
    assert client.get(reverse("registry:programme_clusters_import", args=[pk])).status_code == 403
    response = client.get(reverse("registry:programme_clusters_export", args=[pk, "csv"]))
    assert response.status_code == 403


def test_a_coordinator_may_not_use_another_programme_or_the_whole_registry(world, client_for):
    other = ProgrammeFactory(acronym="OTHER")
    client = client_for(world["coordinator"])
    assert (
        client.get(reverse("registry:programme_clusters_import", args=[other.pk])).status_code
        == 403
    )
    assert client.get(reverse("registry:clusters_import")).status_code == 403
    assert client.get(reverse("registry:clusters_export", args=["csv"])).status_code == 403
    assert (
        client.get(
            reverse("registry:programme_clusters_export", args=[other.pk, "csv"])
        ).status_code
        == 403
    )


def test_anonymous_users_are_asked_to_sign_in(world, client):
    response = client.get(reverse("registry:clusters_import"))
    assert response.status_code == 302
    assert "/login" in response["Location"] or "next=" in response["Location"]


def test_exports_as_csv_and_xlsx_for_the_coordinator_and_admin(world, client_for):
    client = client_for(world["coordinator"])
    response = client.get(
        reverse("registry:programme_clusters_export", args=[world.programme.pk, "csv"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Cluster A,CLA" in response.content.decode("utf-8-sig")
    assert "Cluster B" not in response.content.decode("utf-8-sig")
    client = client_for(world["admin"])
    response = client.get(reverse("registry:clusters_export", args=["xlsx"]))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert client.get(reverse("registry:clusters_export", args=["pdf"])).status_code == 404


# -- the command line -------------------------------------------------------------------------


def test_the_command_imports_clusters_into_a_programme(world):
    out = io.StringIO()
    call_command("import", "clusters", str(EUROPE), "--programme", "5FX", stdout=out)
    assert "Imported 80 rows: 80 clusters created, 0 updated, 0 unchanged; 12 labels" in (
        out.getvalue()
    )
    assert world.programme.clusters.count() == 81


def test_the_command_dry_run_writes_nothing_and_lists_unread_columns(world, tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,country,sector_group,colour\nA Cluster,LV,ict,red\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import", "clusters", str(path), "--dry-run", stdout=out)
    assert out.getvalue().splitlines()[0] == "Columns not read: colour."
    assert "Dry run: 1 rows are valid." in out.getvalue()
    assert not Cluster.objects.filter(name="A Cluster").exists()


def test_the_command_refuses_an_unknown_programme_and_lists_problems(world, tmp_path):
    with pytest.raises(CommandError, match="No programme has the acronym NOPE."):
        call_command("import", "clusters", str(EUROPE), "--programme", "NOPE")
    path = tmp_path / "c.csv"
    path.write_text("name,country,sector_group\nA Cluster,Atlantis,ict\n", encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 problem found; nothing was written."):
        call_command("import", "clusters", str(path), stdout=out)
    assert "row 2, column country: Unknown country: Atlantis." in out.getvalue()


def test_the_command_exports_clusters(world, tmp_path):
    path = tmp_path / "c.csv"
    call_command("export", "clusters", "--programme", "5FX", "--output", str(path))
    assert path.read_text(encoding="utf-8-sig").splitlines()[1].startswith("Cluster A,CLA,LV")


def test_the_programme_page_links_the_import_for_its_coordinator_only(world, client_for):
    url = reverse("registry:programme_detail", args=[world.programme.pk])
    link = reverse("registry:programme_clusters_import", args=[world.programme.pk])
    assert link in client_for(world["coordinator"]).get(url).content.decode()
    assert link not in client_for(world["manager_a"]).get(url).content.decode()


def test_old_codes_convert_with_a_note_on_the_row(world):
    result = run("name,country,nuts,sector_group\nRiga Software Cluster,Latvija,LV006,62.01\n")
    assert problems_of(result) == []
    cluster = Cluster.objects.get(name="Riga Software Cluster")
    assert (cluster.country, cluster.nuts_region_id, cluster.sector_group) == ("LV", "LV00A", "ict")
    assert list(cluster.sectors.values_list("code", flat=True)) == ["62.10"]
    notes = [str(n) for n in result.notes]
    assert any(n.startswith("row 2, column nuts: ") and "LV00A" in n for n in notes), notes
    assert any(n.startswith("row 2, column sector_group: ") and "62.10" in n for n in notes), notes


def test_a_merged_old_region_is_a_choice_not_a_guess(world):
    result = run("name,country,nuts,sector_group\nPieriga Cluster,LV,LV007,ict\n")
    assert len(result.problems) == 1
    assert str(result.problems[0]).startswith("row 2, column nuts: ")
    assert "LV00C" in str(result.problems[0])
    assert not Cluster.objects.filter(name="Pieriga Cluster").exists()
