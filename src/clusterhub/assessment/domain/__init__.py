"""The verbs of the assessment area. Each runs in one transaction and validates before writing.

Split by responsibility: frameworks, answers (drafts, answers, evidence), scoring (the one
rescoring path), reviews (submission, expert review, labels).
"""

from clusterhub.assessment.domain.answers import (
    add_evidence,
    check_upload,
    remove_evidence,
    save_answer,
    save_answers,
    start_assessment,
)
from clusterhub.assessment.domain.frameworks import (
    current_framework,
    framework_exists,
    import_framework,
)
from clusterhub.assessment.domain.reviews import (
    MAX_EXPERTS,
    approve_review,
    assign_expert,
    award_label,
    review_answer,
    save_findings,
    submission_problems,
    submit_assessment,
)
from clusterhub.assessment.domain.scoring import rescore, rescore_all

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
