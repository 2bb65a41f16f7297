"""The verbs of the assessment area. Each runs in one transaction and validates before writing.

Split by responsibility: frameworks, answers (drafts, answers, evidence), scoring (the one
rescoring path), reviews (submission, expert review, labels).
"""

from clusterhub.assessment.domain.answers import add_evidence
from clusterhub.assessment.domain.answers import check_upload
from clusterhub.assessment.domain.answers import remove_evidence
from clusterhub.assessment.domain.answers import save_answer
from clusterhub.assessment.domain.answers import save_answers
from clusterhub.assessment.domain.answers import start_assessment
from clusterhub.assessment.domain.frameworks import current_framework
from clusterhub.assessment.domain.frameworks import framework_exists
from clusterhub.assessment.domain.frameworks import import_framework
from clusterhub.assessment.domain.reviews import MAX_EXPERTS
from clusterhub.assessment.domain.reviews import approve_review
from clusterhub.assessment.domain.reviews import assign_expert
from clusterhub.assessment.domain.reviews import award_label
from clusterhub.assessment.domain.reviews import review_answer
from clusterhub.assessment.domain.reviews import save_findings
from clusterhub.assessment.domain.reviews import submission_problems
from clusterhub.assessment.domain.reviews import submit_assessment
from clusterhub.assessment.domain.scoring import rescore
from clusterhub.assessment.domain.scoring import rescore_all

__all__ = [
    "MAX_EXPERTS",
    "add_evidence",
    "approve_review",
    "assign_expert",
    "award_label",
    "check_upload",
    "current_framework",
    "framework_exists",
    "import_framework",
    "remove_evidence",
    "rescore",
    "rescore_all",
    "review_answer",
    "save_answer",
    "save_answers",
    "save_findings",
    "start_assessment",
    "submission_problems",
    "submit_assessment",
]
