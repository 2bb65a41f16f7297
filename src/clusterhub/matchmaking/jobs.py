"""Matchmaking's background jobs (common/jobs.py): embedding a saved profile's text and
refreshing the recommendation index, and `recommend --all` run from the worker."""

from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.common.jobs import register_job
from clusterhub.common.jobs import report_step
from clusterhub.matchmaking import domain
from clusterhub.matchmaking import index
from clusterhub.matchmaking.models import Profile
from clusterhub.matchmaking.stored import recompute_all

RECOMMEND_ALL_JOB = "matchmaking.recommend_all"


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


@register_job(RECOMMEND_ALL_JOB, retries=1)
def recommend_all_job(job, on_progress) -> dict:
    """`clusterhub matchmaking recommend --all --background`: the same work as the command, in
    the worker (all-or-nothing per step, so it may run again after a lost worker)."""
    top = int(job.params.get("top", 10))
    report_step(on_progress, _("Embedding"))
    embedded = domain.embed_profiles(profiles=list(Profile.objects.all()), on_progress=on_progress)
    index.invalidate()
    report_step(on_progress, _("Recommending"))
    stored = recompute_all(top=top, on_progress=on_progress)
    return {
        "summary": _("Embedded %(embedded)s profiles; stored %(stored)s suggestions.")
        % {"embedded": embedded, "stored": stored},
        "embedded": embedded,
        "stored": stored,
    }
