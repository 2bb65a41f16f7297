"""Grant reports from the reports page are made by a job; the job page offers the file."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from clusterhub.common.models import Job
from clusterhub.grants.jobs import REPORT_JOB

pytestmark = pytest.mark.django_db


def _post(client, grant, fmt, **data):
    return client.post(reverse("grants:report_download", args=[grant.project.pk, fmt]), data)


def test_the_reports_page_starts_a_job_whose_page_offers_the_pdf(
    grant, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world["staff_a"])
    page = client.get(reverse("grants:reports", args=[grant.project.pk])).content.decode()
    assert 'method="post"' in page
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _post(client, grant, "pdf")
    job = Job.objects.get(kind=REPORT_JOB)
    assert response.status_code == 302 and response.url == f"/jobs/{job.pk}/"
    assert job.state == Job.State.QUEUED  # the request did not make the PDF
    assert job.params == {"project": grant.project.pk, "period": None, "format": "pdf"}
    # The same report asked again while it waits is the same job.
    assert _post(client, grant, "pdf").url == f"/jobs/{job.pk}/"
    assert Job.objects.filter(kind=REPORT_JOB).count() == 1
    for callback in callbacks:
        callback()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.error
    name = job.result_file.name.rsplit("/", 1)[-1]
    assert name.startswith(f"{grant.project.acronym}-report-final") and name.endswith(".pdf")
    detail = client.get(f"/jobs/{job.pk}/").content.decode()
    assert reverse("jobs:download", args=[job.pk]) in detail
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # Another user does not get the file of someone else's job.
    assert (
        client_for(world["manager_b"]).get(reverse("jobs:download", args=[job.pk])).status_code
        == 404
    )


def test_the_xlsx_report(grant, world, client_for, django_capture_on_commit_callbacks):
    client = client_for(world["staff_a"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, grant, "xlsx")
    job = Job.objects.get(kind=REPORT_JOB)
    assert response.url == f"/jobs/{job.pk}/"
    assert job.state == Job.State.DONE, job.error
    with job.result_file.open("rb") as handle:
        assert load_workbook(io.BytesIO(handle.read())).sheetnames[0] == "Summary"


def test_denied_and_bad_input_start_no_job(grant, world, client_for):
    assert _post(client_for(world["manager_b"]), grant, "pdf").status_code == 404
    client = client_for(world["staff_a"])
    assert _post(client, grant, "doc").status_code == 404
    assert _post(client, grant, "pdf", period="99").status_code == 404
    assert _post(client, grant, "pdf", period="x").status_code == 404
    assert not Job.objects.filter(kind=REPORT_JOB).exists()
