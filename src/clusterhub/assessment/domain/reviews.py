"""After submission: submitting, expert review and approval, and label awards."""

from datetime import date
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction
from clusterhub.accounts.enums import Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.assessment.domain.answers import _require_draft
from clusterhub.assessment.domain.scoring import rescore
from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.enums import LabelLevel
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import ExpertReview
from clusterhub.assessment.models import LabelAward
from clusterhub.common.saving import save
from clusterhub.core.scoring import award_validity

MAX_EXPERTS = 2


def submission_problems(assessment: Assessment) -> dict[str, str]:
    """What must be fixed before submitting: unanswered indicators, missing evidence."""
    problems = {}
    for ans in assessment.answers.select_related("indicator").prefetch_related("evidence"):
        ind = ans.indicator
        has_evidence = bool(ans.evidence.all())
        if ind.answer_type == AnswerType.EVIDENCE:
            if not ans.answered and not has_evidence:
                problems[ind.code] = _("Add evidence or mark that there is none.")
            continue
        if not ans.answered:
            problems[ind.code] = _("Answer this question.")
        elif ind.scoring.get("evidence_required") and not has_evidence and ans.points > 0:
            problems[ind.code] = _("This answer needs evidence (a file or a link).")
    return problems


@transaction.atomic
def submit_assessment(*, assessment: Assessment, on: datetime | None = None) -> Assessment:
    """Freeze the answers for review. Fails naming each unanswered indicator.

    `on` records an earlier submission (importing past benchmarks, the demo); default now.
    """
    _require_draft(assessment)
    problems = submission_problems(assessment)
    if problems:
        raise ValidationError(problems)
    if on is not None and on > timezone.now():
        raise ValidationError({"submitted_at": _("The submission date is in the future.")})
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = on or timezone.now()
    assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    return assessment


# --- expert review ------------------------------------------------------------------------------


@transaction.atomic
def assign_expert(*, assessment: Assessment, expert, assigned_by=None) -> ExpertReview:
    """Give a submitted assessment to an expert (a user holding the expert role); at most two."""
    if assessment.status == AssessmentStatus.DRAFT:
        raise ValidationError(_("Only a submitted assessment can be reviewed."))
    if not RoleAssignment.objects.filter(user=expert, role=Role.EXPERT).exists():
        raise ValidationError({"expert": _("This user does not hold the expert role.")})
    if assessment.reviews.filter(expert=expert).exists():
        raise ValidationError({"expert": _("This expert is assigned already.")})
    if assessment.reviews.count() >= MAX_EXPERTS:
        raise ValidationError({"expert": _("An assessment has at most two experts.")})
    review = ExpertReview(assessment=assessment, expert=expert, assigned_by=assigned_by)
    save(review)
    return review


def _require_open_review(review: ExpertReview) -> None:
    if review.assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError(_("This assessment is not waiting for review."))


@transaction.atomic
def review_answer(
    *,
    review: ExpertReview,
    answer: Answer,
    comment: str = "",
    points: Decimal | None = None,
    reason: str = "",
) -> Answer:
    """An expert's comment on one indicator and, optionally, adjusted points with a reason;
    the self-assessed points stay stored beside them. Rescores."""
    _require_open_review(review)
    if answer.assessment_id != review.assessment_id:
        raise ValidationError({"answer": _("This answer belongs to another assessment.")})
    answer.expert_comment = comment.strip()[:5000]
    answer.expert_points = points
    answer.expert_reason = reason.strip()[:2000] if points is not None else ""
    save(answer)
    rescore(review.assessment)
    answer.refresh_from_db(fields=["points"])
    return answer


@transaction.atomic
def save_findings(
    *, review: ExpertReview, strengths: str, weaknesses: str, recommendations: str
) -> ExpertReview:
    _require_open_review(review)
    review.strengths = strengths.strip()
    review.weaknesses = weaknesses.strip()
    review.recommendations = recommendations.strip()
    save(review)
    return review


@transaction.atomic
def approve_review(*, review: ExpertReview) -> ExpertReview:
    """The expert approves; once every assigned expert has, the assessment is approved."""
    _require_open_review(review)
    if not review.recommendations.strip():
        raise ValidationError({"recommendations": _("Write recommendations before approving.")})
    review.approved_at = timezone.now()
    review.save(update_fields=["approved_at", "updated_at"])
    assessment = review.assessment
    if not assessment.reviews.filter(approved_at__isnull=True).exists():
        assessment.status = AssessmentStatus.APPROVED
        assessment.approved_at = review.approved_at
        assessment.save(update_fields=["status", "approved_at", "updated_at"])
    # Each expert's approval is recorded; the assessment's status says whether it was the last.
    audit.record(
        AuditAction.ASSESSMENT_APPROVED,
        target=assessment,
        review=review.pk,
        assessment_status=assessment.status,
    )
    return review


# --- labels -------------------------------------------------------------------------------------


@transaction.atomic
def award_label(
    *, assessment: Assessment, level: str, awarded_on: date, awarded_by=None, check: bool = True
) -> LabelAward:
    """Record a label with its validity (framework rules: renewals extend seamlessly).

    With `check`, the assessment must be approved and meet the label's rules.
    """
    if level not in LabelLevel.values:
        raise ValidationError({"level": _("Unknown label.")})
    if check:
        if assessment.status != AssessmentStatus.APPROVED:
            raise ValidationError(_("Only an approved assessment can earn a label."))
        ready = readiness(evaluate(assessment))[level]
        if not ready.ready:
            raise ValidationError({"level": _("The assessment does not meet this label's rules.")})
    rules = assessment.framework.label_rules[level]
    previous = (
        LabelAward.objects.filter(cluster=assessment.cluster, level=level)
        .order_by("-valid_until")
        .first()
    )

    def months(key):
        return int(Decimal(rules[key])) if key in rules else None

    validity = award_validity(
        awarded_on=awarded_on,
        validity_months=months("validity_months"),
        previous_until=previous.valid_until if previous else None,
        renewal_grace_months=months("renewal_grace_months"),
        renewal_extension_months=months("renewal_extension_months"),
    )
    award = LabelAward(
        cluster=assessment.cluster,
        level=level,
        assessment=assessment,
        awarded_on=awarded_on,
        valid_from=validity.valid_from,
        valid_until=validity.valid_until,
        renewal_of=previous if validity.is_renewal else None,
        awarded_by=awarded_by,
    )
    save(award)
    audit.record(
        AuditAction.LABEL_AWARDED, target=award, level=level, valid_until=award.valid_until
    )
    return award
