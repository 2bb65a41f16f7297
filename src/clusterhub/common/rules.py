"""Who may see a background job: the user who started it, and staff (who also see every job
in the admin). Everyone else gets a 404, on the page, its fragment, its download and the API."""

import rules


@rules.predicate
def is_job_owner(user, job) -> bool:
    return job is not None and user.is_authenticated and job.owner_id == user.pk


can_view_job = is_job_owner | rules.is_staff | rules.is_superuser

rules.add_perm("common.view_job", can_view_job)
# Backups of the whole site: administrators only (the archive holds every record).
rules.add_perm("common.start_backup", rules.is_superuser)
