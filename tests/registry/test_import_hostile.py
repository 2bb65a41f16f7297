"""Control characters in an imported file: refused by row and column, never a 500.

A NUL in a cell used to reach the database (PostgreSQL refuses it in any query, even on a dry
run); other C0 controls cannot be written to XLSX. The shared table reader reports each one, so
the page and the command answer the usual list of problems and write nothing.
"""

import io

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from clusterhub.common.spreadsheets import read_table
from clusterhub.registry.importer import Problem
from clusterhub.registry.importer import import_organisations
from clusterhub.registry.models import Organisation
from tests.common.test_xlsx_hostile import inline
from tests.common.test_xlsx_hostile import row
from tests.common.test_xlsx_hostile import xlsx

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]
HEADER = "name,country,member_since\n"
GOOD_ROW = "Good SIA,LV,2021-01-01\n"


def csv_with(text: str) -> bytes:
    return (HEADER + GOOD_ROW + f'"{text}",LV,2021-01-01\n').encode("utf-8")


def message(char: str) -> str:
    return (
        f"row 3, column name: The text holds the control character U+{ord(char):04X}, "
        "which is not accepted; remove it."
    )


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_every_control_character_is_refused_by_row_and_column(world, char, dry_run):
    before = Organisation.objects.count()
    result = import_organisations(
        cluster=world.cluster_a, data=csv_with(f"Bad{char}SIA"), filename="m.csv", dry_run=dry_run
    )
    assert [str(p) for p in result.problems] == [message(char)]
    assert Organisation.objects.count() == before


def test_tab_and_line_breaks_are_not_control_problems():
    table = read_table(
        (HEADER + '"Multi\r\nLine\tSIA",LV,2021-01-01\n').encode(), "m.csv", max_bytes=1000
    )
    assert table.problems == ()
    assert table.rows[0]["name"] == "Multi\r\nLine\tSIA"


def test_every_bad_cell_is_listed_with_its_column(world):
    data = (HEADER + GOOD_ROW + "A\x00,L\x0bV,2021-01-01\n\nB\x1f,LV,2021-01-01\n").encode()
    result = import_organisations(
        cluster=world.cluster_a, data=data, filename="m.csv", dry_run=True
    )
    assert [str(p) for p in result.problems] == [
        message("\x00"),
        "row 3, column country: The text holds the control character U+000B, which is not "
        "accepted; remove it.",
        message("\x1f").replace("row 3", "row 5"),
    ]


def _post(client, cluster, data: bytes, name: str, dry_run: bool):
    upload = io.BytesIO(data)
    upload.name = name
    payload = {"file": upload, **({"dry_run": "on"} if dry_run else {})}
    # The upload starts a background job (run at commit in tests) and redirects to its page.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("registry:organisations_import", args=[cluster.pk]), payload)
    return client.get(response["Location"]) if response.status_code == 302 else response


def page_problems(response) -> list[str]:
    """The problems the job page lists, as the importer's Problem would print them."""
    return [
        str(Problem(p["row"], p["column"], p["message"]))
        for p in response.context["result"]["problems"]
    ]


@pytest.mark.parametrize("dry_run", [True, False])
def test_the_page_lists_a_nul_byte_as_a_problem(world, client_for, dry_run):
    before = Organisation.objects.count()
    response = _post(
        client_for(world["manager_a"]), world.cluster_a, csv_with("Nul\x00SIA"), "m.csv", dry_run
    )
    assert response.status_code == 200
    assert page_problems(response) == [message("\x00")]
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("reference", ["&#0;", "&#11;"])
def test_the_page_refuses_a_control_character_reference_in_xlsx(world, client_for, reference):
    # XML 1.0 holds no C0 control but tab and line breaks, not even as a reference: such a
    # workbook is unreadable, and said so.
    data = xlsx(row(1, inline("A1", "name")) + row(2, inline("A2", f"Bad{reference}SIA")))
    response = _post(client_for(world["manager_a"]), world.cluster_a, data, "m.xlsx", True)
    assert response.status_code == 200
    assert page_problems(response) == ["The file is not a readable XLSX workbook."]


def test_the_command_lists_a_nul_byte_and_writes_nothing(world, tmp_path):
    path = tmp_path / "m.csv"
    path.write_bytes(csv_with("Nul\x00SIA"))
    out = io.StringIO()
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="^1 problem found; nothing was written\\.$"):
        call_command(
            "import", "organisations", str(path), "--cluster", world.cluster_a.acronym, stdout=out
        )
    assert out.getvalue() == message("\x00") + "\n"
    assert Organisation.objects.count() == before
