"""Old stored project texts with control characters do not break the report workbook."""

from django.core.management import call_command
from django.urls import reverse

from clusterhub.grants.models import Project
from clusterhub.registry.models import Organisation
from tests.xlsx_controls import cleaned
from tests.xlsx_controls import control_text
from tests.xlsx_controls import xlsx_texts


def test_report_page_api_and_command(grant, world, client_for, tmp_path):
    Project.objects.filter(pk=grant.project.pk).update(title=control_text("Title"))
    Organisation.objects.filter(pk=grant.lead.organisation_id).update(name=control_text("Lead"))
    client = client_for(world["manager_a"])
    page = client.get(reverse("grants:report_download", args=[grant.project.pk, "xlsx"]))
    api = client.get(f"/api/v1/grants/projects/{grant.project.pk}/report.xlsx")
    path = tmp_path / "r.xlsx"
    call_command("grants", "report", "5FX", "--xlsx", str(path))
    for content in (page.content, api.content, path.read_bytes()):
        texts = xlsx_texts(content)
        assert f"5FX: {cleaned('Title')}" in texts
        assert cleaned("Lead") in texts
    assert (page.status_code, api.status_code) == (200, 200)
