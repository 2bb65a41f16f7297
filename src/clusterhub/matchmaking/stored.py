"""Recomputing the stored suggestions for every member organisation (the batch command)."""

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from clusterhub.common.progress import OnProgress
from clusterhub.matchmaking.models import Suggestion
from clusterhub.matchmaking.recommend import Context
from clusterhub.matchmaking.recommend import for_organisation
from clusterhub.registry.models import Membership
from clusterhub.registry.models import Organisation


class _Everyone(AnonymousUser):
    """What any signed-in user may see: public profiles only (no roles anywhere)."""

    @property
    def is_authenticated(self) -> bool:  # type: ignore[override]
        return True


def recompute_all(*, top: int = 10, on_progress: OnProgress | None = None) -> int:
    """Replace every stored suggestion; returns how many were stored.

    `on_progress(done, total)` is called after each organisation."""
    today = timezone.localdate()
    current = Membership.objects.filter(Q(until__isnull=True) | Q(until__gte=today))
    orgs = list(
        Organisation.objects.filter(pk__in=current.values("organisation_id")).prefetch_related(
            "secondary_nace"
        )
    )
    viewer = _Everyone()
    context = Context.build(viewer)
    rows = []
    now = timezone.now()
    for done, org in enumerate(orgs, start=1):
        for rank, rec in enumerate(
            for_organisation(organisation=org, user=viewer, top=top, context=context), 1
        ):
            rows.append(
                Suggestion(
                    organisation=org,
                    partner=rec.organisation,
                    rank=rank,
                    score=rec.score,
                    reasons=[code for code, _text in rec.reasons],
                    computed_at=now,
                )
            )
        if on_progress is not None:
            on_progress(done, len(orgs))
    with transaction.atomic():
        Suggestion.objects.all().delete()
        Suggestion.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
