"""What each user may see of assessments, as querysets (mirrors rules.py)."""

from django.db.models import Q, QuerySet

from clusterhub.accounts.roles import roles_of
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.models import Assessment, Framework, LabelAward
from clusterhub.assessment.rules import NON_EXPERT_ROLES


def frameworks_visible_to(user) -> QuerySet[Framework]:
    if not user.is_authenticated:
        return Framework.objects.none()
    return Framework.objects.all()


def assessments_visible_to(user) -> QuerySet[Assessment]:
    base = Assessment.objects.select_related("cluster", "framework").prefetch_related("reviews")
    r = roles_of(user)
    if r.is_admin:
        return base
    if not user.is_authenticated:
        return base.none()
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
    return base.filter(pk__in=ids)


def awards_visible_to(user) -> QuerySet[LabelAward]:
    """Label awards are public facts about a cluster once awarded (like a published label)."""
    if not user.is_authenticated:
        return LabelAward.objects.none()
    return LabelAward.objects.select_related("cluster")
