"""What each user may see of assessments, as querysets (mirrors rules.py)."""

from django.db.models import Q
from django.db.models import QuerySet
from django.utils import timezone

from clusterhub.accounts.roles import roles_of
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Framework
from clusterhub.assessment.models import LabelAward
from clusterhub.assessment.rules import NON_EXPERT_ROLES
from clusterhub.common.access import visible_records
from clusterhub.core.months import add_months
from clusterhub.registry.models import Cluster

# Reminders cover labels that expire within this many months or expired within a year.
REMINDER_MONTHS = 6


def _every(records: QuerySet) -> QuerySet:
    """The rule of records every signed-in user sees."""
    return records


def frameworks_visible_to(user) -> QuerySet[Framework]:
    return visible_records(user, Framework.objects.all(), _every)


def assessments_visible_to(user) -> QuerySet[Assessment]:
    def own(assessments):
        r = roles_of(user)
        results_insider = r.clusters_with(*NON_EXPERT_ROLES) | r.coordinated_clusters
        submitted = ~Q(status=AssessmentStatus.DRAFT)
        ids = (
            Assessment.objects.filter(
                Q(cluster_id__in=r.team_clusters)
                | (submitted & Q(cluster_id__in=results_insider))
                | (submitted & Q(reviews__expert=user))
            )
            .values("pk")
            .distinct()
        )
        return assessments.filter(pk__in=ids)

    base = Assessment.objects.select_related("cluster", "framework").prefetch_related("reviews")
    return visible_records(user, base, own)


def awards_visible_to(user) -> QuerySet[LabelAward]:
    """Label awards are public facts about a cluster once awarded (like a published label)."""
    return visible_records(user, LabelAward.objects.select_related("cluster"), _every)


def clusters_startable_by(user) -> QuerySet[Cluster]:
    """Clusters the user may start an assessment for: all for admins, else their team's."""
    r = roles_of(user)
    if r.is_admin:
        return Cluster.objects.all()
    return Cluster.objects.filter(pk__in=r.clusters_with("cluster_manager", "cluster_staff"))


def assessments_assigned_to(user) -> QuerySet[Assessment]:
    """Submitted assessments the user reviews as an expert."""
    return (
        assessments_visible_to(user)
        .filter(reviews__expert=user)
        .exclude(status=AssessmentStatus.DRAFT)
        .distinct()
    )


def reminders_for(user) -> list[dict]:
    """Label awards of the user's clusters that expire within 6 months or expired recently."""
    today = timezone.localdate()
    horizon = add_months(today, REMINDER_MONTHS)
    r = roles_of(user)
    awards = awards_visible_to(user).filter(
        valid_until__lte=horizon, valid_until__gte=add_months(today, -12)
    )
    if not r.is_admin:
        awards = awards.filter(cluster_id__in=r.insider_clusters)
    latest = {}
    for award in awards.order_by("valid_until"):
        latest[(award.cluster_id, award.level)] = award
    # An award renewed since is no reminder.
    renewed = set(
        awards_visible_to(user).filter(valid_until__gt=horizon).values_list("cluster_id", "level")
    )
    return [
        {"award": a, "expired": a.valid_until < today, "days": (a.valid_until - today).days}
        for key, a in latest.items()
        if key not in renewed
    ]
