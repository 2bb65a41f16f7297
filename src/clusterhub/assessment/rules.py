"""Who may see and do what with assessments; defined once, used by pages, API and reports.

- A cluster's team (manager, staff) and its programme coordinators see all its assessments,
  drafts included; manager and staff start, fill and submit them.
- Other insiders of the cluster (member representatives, observers) see submitted results.
- An expert sees only submitted assessments assigned to them (an expert role in a cluster does
  not by itself open its assessments), comments, adjusts and approves while it is submitted.
- Admins and the coordinators of the cluster's programme assign experts and award labels.
- Nobody outside sees another cluster's answers; peer charts show anonymous percentiles only.
"""

import rules

from clusterhub.accounts.enums import Role
from clusterhub.accounts.roles import roles_of
from clusterhub.accounts.rules import is_platform_admin
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.registry.rules import is_cluster_staff_or_manager
from clusterhub.registry.rules import is_cluster_team

NON_EXPERT_ROLES = (
    Role.CLUSTER_MANAGER,
    Role.CLUSTER_STAFF,
    Role.MEMBER_REPRESENTATIVE,
    Role.OBSERVER,
)


@rules.predicate
def is_results_insider(user, cluster) -> bool:
    """Any role in the cluster other than expert, or coordinating its programme."""
    if cluster is None:
        return False
    r = roles_of(user)
    return r.in_cluster(cluster.pk, *NON_EXPERT_ROLES) or cluster.pk in r.coordinated_clusters


@rules.predicate
def coordinates_cluster(user, cluster) -> bool:
    return cluster is not None and cluster.pk in roles_of(user).coordinated_clusters


def _cluster(assessment):
    return assessment.cluster if assessment is not None else None


@rules.predicate
def is_assigned_expert(user, assessment) -> bool:
    if assessment is None or not user.is_authenticated:
        return False
    return assessment.status != AssessmentStatus.DRAFT and any(
        r.expert_id == user.pk for r in assessment.reviews.all()
    )


@rules.predicate
def team_of_assessment(user, assessment) -> bool:
    return assessment is not None and is_cluster_team(user, _cluster(assessment))


@rules.predicate
def insider_of_submitted(user, assessment) -> bool:
    return (
        assessment is not None
        and assessment.status != AssessmentStatus.DRAFT
        and is_results_insider(user, _cluster(assessment))
    )


@rules.predicate
def editor_of_assessment(user, assessment) -> bool:
    return assessment is not None and is_cluster_staff_or_manager(user, _cluster(assessment))


@rules.predicate
def is_draft(user, assessment) -> bool:
    return assessment is not None and assessment.status == AssessmentStatus.DRAFT


@rules.predicate
def is_submitted(user, assessment) -> bool:
    return assessment is not None and assessment.status == AssessmentStatus.SUBMITTED


@rules.predicate
def coordinator_of_assessment(user, assessment) -> bool:
    return assessment is not None and coordinates_cluster(user, _cluster(assessment))


signed_in = rules.is_authenticated & rules.is_active

rules.add_perm("assessment.view_framework", signed_in)
rules.add_perm("assessment.import_framework", is_platform_admin)
# On a cluster:
rules.add_perm("assessment.add_assessment", is_platform_admin | is_cluster_staff_or_manager)
# On an assessment:
rules.add_perm(
    "assessment.view_assessment",
    is_platform_admin | team_of_assessment | insider_of_submitted | is_assigned_expert,
)
rules.add_perm(
    "assessment.change_assessment", (is_platform_admin | editor_of_assessment) & is_draft
)
rules.add_perm(
    "assessment.submit_assessment", (is_platform_admin | editor_of_assessment) & is_draft
)
rules.add_perm(
    "assessment.assign_experts",
    (is_platform_admin | coordinator_of_assessment) & ~is_draft,
)
rules.add_perm("assessment.review_assessment", is_assigned_expert & is_submitted)
rules.add_perm(
    "assessment.award_label", (is_platform_admin | coordinator_of_assessment) & ~is_draft
)
