"""Background jobs permission matrix: a job (its page, its progress fragment, its file) is seen
by the user who started it and by staff; to everyone else it does not exist (404), so nobody
learns which ids are taken. Everyone signed in has a list of their own jobs, showing nobody
else's; a backup of the whole site is started by administrators only (common/rules.py).
"""

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from clusterhub.common.models import Job
from tests.security.matrix import ADMIN
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Page
from tests.security.matrix import area_tests

# member_a started the job; admin is staff (the only staff user of the world).
SEES_JOB = frozenset({"admin", "member_a"})
NOT_SEES_JOB = SIGNED_IN - SEES_JOB
OWNER = frozenset({"member_a"})
SECRETS = ("job-title-of-member-a", "job-file-of-member-a", "job-error-of-member-a")


@pytest.fixture
def objects(world, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    now = timezone.now()
    job = Job(
        kind="registry.import_members",
        owner=world["member_a"],
        title="job-title-of-member-a",
        state=Job.State.DONE,
        started_at=now,
        finished_at=now,
    )
    job.result_file.save("report.csv", ContentFile(b"name\njob-file-of-member-a\n"), save=False)
    job.save()
    failed = Job.objects.create(
        kind="registry.import_members",
        owner=world["member_a"],
        title="job-title-of-member-a (failed)",
        state=Job.State.FAILED,
        error="job-error-of-member-a",
        finished_at=now,
    )
    return {"job": job, "failed": failed}


PAGES = [
    # Everyone's own list: member_a's jobs appear in member_a's list only (admins included:
    # staff see other people's jobs in the admin site, not here).
    Page("jobs:list", allowed=SIGNED_IN, sees_secrets=OWNER),
    Page("jobs:detail", ("job",), SEES_JOB, hidden=NOT_SEES_JOB),
    Page("jobs:detail", ("failed",), SEES_JOB, hidden=NOT_SEES_JOB),
    Page("jobs:status", ("job",), SEES_JOB, hidden=NOT_SEES_JOB),
    Page("jobs:download", ("job",), SEES_JOB, hidden=NOT_SEES_JOB),
    # A failed job has no file: not found, even for its owner.
    Page("jobs:download", ("failed",), hidden=SIGNED_IN),
    # Admins are sent to the new job's page (the job is queued when the request commits).
    Page("jobs:backup", allowed=ADMIN, method="post", ok=(302,)),
]

OPERATIONS = []


# Where the planted strings do appear, so their absence elsewhere means something.
SHOWN = [
    (PAGES[0], "member_a", "job-title-of-member-a"),
    (PAGES[1], "admin", "job-title-of-member-a"),
    (PAGES[2], "member_a", "job-error-of-member-a"),
    (PAGES[4], "member_a", "job-file-of-member-a"),
    (PAGES[4], "admin", "job-file-of-member-a"),
]


globals().update(
    area_tests(
        PAGES, OPERATIONS, SECRETS, namespaces=["jobs"], tags_or_prefixes=["jobs"], shown=SHOWN
    )
)
