"""Matchmaking's background jobs (common/jobs.py): embedding a saved profile's text and
refreshing the recommendation index, and `recommend --all` run from the worker."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.jobs import register_job
from clusterhub.matchmaking import domain, index
from clusterhub.matchmaking.models import Profile


@register_job(domain.EMBED_JOB, retries=1)
def embed_profile_job(job, on_progress) -> dict:
    """Embed one profile (skipped when its text did not change) and make every process's
    recommendation index rebuild: the profile's `updated_at` moves, which is the index stamp."""
    profile = Profile.objects.filter(pk=job.params.get("profile")).first()
    if profile is None:
        return {"summary": _("The profile was deleted before its recommendations were updated.")}
    on_progress(0, 1)
    embedded = domain.embed_profiles(profiles=[profile])
    Profile.objects.filter(pk=profile.pk).update(updated_at=timezone.now())
    index.invalidate()
    on_progress(1, 1)
    return {
        "summary": _("Recommendations for %(title)s are up to date.") % {"title": profile.title},
        "embedded": embedded,
    }
