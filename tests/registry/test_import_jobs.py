"""Organisation imports run as background jobs (registry/jobs.py, registry/views/io.py): the
upload is stored, a clean dry run offers "Import now" from the stored file, a second import
into the same cluster is refused while the first waits or runs, and another user sees nothing."""

import io
import os

import pytest
from django.test import TestCase
from django.urls import reverse

from clusterhub.common.jobs import job_url
from clusterhub.common.models import Job
from clusterhub.common.models import job_files_storage
from clusterhub.registry.jobs import IMPORT_KIND
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation
from tests.registry.test_import import GOOD
from tests.registry.test_import import GOOD_ROW
from tests.registry.test_import import HEADER


@pytest.fixture(autouse=True)
def _job_files(settings, tmp_path):
    settings.VAR_DIR = tmp_path


def _post(client, cluster, payload):
    url = reverse("registry:organisations_import", args=[cluster.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, payload)


def _upload(client, cluster, data: bytes, *, dry_run: bool, name="members.csv"):
    upload = io.BytesIO(data)
    upload.name = name
    return _post(client, cluster, {"file": upload, **({"dry_run": "on"} if dry_run else {})})


def test_a_clean_dry_run_offers_import_now_which_imports_the_stored_file(world, client_for):
    client = client_for(world["manager_a"])
    before = Organisation.objects.count()
    response = _upload(client, world.cluster_a, GOOD, dry_run=True)
    check = Job.objects.get(kind=IMPORT_KIND)
    assert response.status_code == 302
    assert response["Location"] == job_url(check)
    assert check.state == Job.State.DONE
    assert check.owner == world["manager_a"]
    assert check.result["dry_run"] is True and check.result["ok"] is True
    assert check.params["file"].startswith("imports/")
    assert job_files_storage().open(check.params["file"]).read() == GOOD
    assert Organisation.objects.count() == before

    page = client.get(job_url(check)).content.decode()
    assert "Dry run: 3 rows are valid." in page
    assert f'name="confirm_job" value="{check.pk}"' in page
    assert "Import now" in page

    response = _post(client, world.cluster_a, {"confirm_job": str(check.pk)})
    real = Job.objects.exclude(pk=check.pk).get(kind=IMPORT_KIND)
    assert response["Location"] == job_url(real)
    assert real.params["file"] == check.params["file"]  # no second upload
    assert real.params["dry_run"] is False
    assert real.state == Job.State.DONE, real.error
    assert real.result["written"] is True
    assert real.result["created"] == 3
    assert Organisation.objects.count() == before + 3
    assert Membership.objects.filter(cluster=world.cluster_a).count() == 4
    page = client.get(job_url(real)).content.decode()
    assert "Imported 3 rows: 3 organisations created" in page
    assert "Import now" not in page


def test_a_dry_run_with_problems_offers_no_import_and_cannot_be_confirmed(world, client_for):
    client = client_for(world["manager_a"])
    data = f"{HEADER}\n{GOOD_ROW}\nBad SIA,,Atlantis,,,,SME,,,,,,,,\n".encode()
    _upload(client, world.cluster_a, data, dry_run=True)
    check = Job.objects.get(kind=IMPORT_KIND)
    assert check.result["ok"] is False
    assert check.result["problems"] == [
        {"row": 3, "column": "country", "message": "Unknown country: Atlantis."}
    ]
    page = client.get(job_url(check)).content.decode()
    assert "<td>3</td><td>country</td><td>Unknown country: Atlantis.</td>" in page
    assert "confirm_job" not in page
    response = _post(client, world.cluster_a, {"confirm_job": str(check.pk)})
    assert response.status_code == 404
    assert Job.objects.filter(kind=IMPORT_KIND).count() == 1


def test_import_now_is_refused_for_another_users_or_another_clusters_check(world, client_for):
    _upload(client_for(world["manager_a"]), world.cluster_a, GOOD, dry_run=True)
    check = Job.objects.get(kind=IMPORT_KIND)
    # staff_a may import into cluster A, but the check is manager_a's: 404, nothing started.
    response = _post(client_for(world["staff_a"]), world.cluster_a, {"confirm_job": str(check.pk)})
    assert response.status_code == 404
    # An admin sees every job, but "Import now" is the owner's own step.
    response = _post(client_for(world["admin"]), world.cluster_a, {"confirm_job": str(check.pk)})
    assert response.status_code == 404
    # manager_b may not import into cluster A at all.
    response = _post(
        client_for(world["manager_b"]), world.cluster_a, {"confirm_job": str(check.pk)}
    )
    assert response.status_code == 403
    for bad in ("abc", "99999999", "-1"):
        response = _post(client_for(world["manager_a"]), world.cluster_a, {"confirm_job": bad})
        assert response.status_code == 404, bad
    assert Job.objects.filter(kind=IMPORT_KIND).count() == 1


def test_a_second_import_into_the_cluster_is_refused_while_the_first_waits(world, client_for):
    client = client_for(world["manager_a"])
    url = reverse("registry:organisations_import", args=[world.cluster_a.pk])
    upload = io.BytesIO(GOOD)
    upload.name = "members.csv"
    # Not committed yet in this test, so the first job waits (no worker ran it).
    first = client.post(url, {"file": upload})
    waiting = Job.objects.get(kind=IMPORT_KIND)
    assert first["Location"] == job_url(waiting)
    assert waiting.state == Job.State.QUEUED
    again = io.BytesIO(GOOD)
    again.name = "members.csv"
    response = client.post(url, {"file": again})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The same job is already waiting" in body
    assert f'href="{job_url(waiting)}"' in body
    assert Job.objects.filter(kind=IMPORT_KIND).count() == 1
    # The refused upload is not kept.
    assert len(os.listdir(job_files_storage().path("imports"))) == 1


def test_another_user_cannot_see_an_import_job(world, client_for):
    _upload(client_for(world["manager_a"]), world.cluster_a, GOOD, dry_run=True)
    check = Job.objects.get(kind=IMPORT_KIND)
    for username in ("staff_a", "manager_b", "outsider"):
        client = client_for(world[username])
        assert client.get(job_url(check)).status_code == 404, username
        assert client.get(reverse("jobs:status", args=[check.pk])).status_code == 404, username


def test_the_import_page_lists_my_recent_imports(world, client_for):
    client = client_for(world["manager_a"])
    _upload(client, world.cluster_a, GOOD, dry_run=True)
    check = Job.objects.get(kind=IMPORT_KIND)
    page = client.get(reverse("registry:organisations_import", args=[world.cluster_a.pk]))
    assert f'href="{job_url(check)}"' in page.content.decode()
    other = client_for(world["staff_a"]).get(
        reverse("registry:organisations_import", args=[world.cluster_a.pk])
    )
    assert f'href="{job_url(check)}"' not in other.content.decode()
