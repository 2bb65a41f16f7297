"""Old stored text with control characters does not break the members' XLSX export."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from clusterhub.registry.models import Organisation
from tests.xlsx_controls import cleaned
from tests.xlsx_controls import control_text
from tests.xlsx_controls import xlsx_texts


@pytest.fixture
def planted(world):
    Organisation.objects.filter(pk=world.member_a.pk).update(
        name=control_text("Member"), description=control_text("About")
    )


def test_page_export(world, client_for, planted):
    response = client_for(world["manager_a"]).get(
        reverse("registry:organisations_export", args=[world.cluster_a.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert {cleaned("Member"), cleaned("About")} <= xlsx_texts(response.content)


def test_command_export(world, planted, tmp_path):
    path = tmp_path / "m.xlsx"
    call_command(
        "export", "organisations", "--cluster", world.cluster_a.acronym, "--format", "xlsx",
        "--output", str(path),
    )  # fmt: skip
    assert {cleaned("Member"), cleaned("About")} <= xlsx_texts(path.read_bytes())
