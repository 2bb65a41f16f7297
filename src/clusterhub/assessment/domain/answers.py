"""Drafts and their answers: starting an assessment, saving answers, attaching evidence."""

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusterhub.assessment.computed import registry_values
from clusterhub.assessment.domain.scoring import rescore
from clusterhub.assessment.enums import AnswerType
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.evaluation import clean_input
from clusterhub.assessment.models import EVIDENCE_EXTENSIONS
from clusterhub.assessment.models import EVIDENCE_MAX_BYTES
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import Framework
from clusterhub.common.saving import validate
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme


@transaction.atomic
def start_assessment(
    *,
    cluster: Cluster,
    framework: Framework,
    period_start: date,
    period_end: date,
    user=None,
    programme: Programme | None = None,
) -> Assessment:
    """Create a draft with one answer per indicator, computed ones pre-filled from the registry."""

    def cluster_in_programme() -> None:
        if programme is not None and not programme.clusters.filter(pk=cluster.pk).exists():
            raise ValidationError(
                {"programme": _("The cluster does not take part in this programme.")}
            )

    assessment = Assessment(
        cluster=cluster,
        framework=framework,
        period_start=period_start,
        period_end=period_end,
        started_by=user,
        programme=programme,
    )
    validate(assessment, cluster_in_programme)
    values = registry_values(cluster, period_start=period_start, period_end=period_end)
    assessment.committed_members = int(values["committed_members"])
    assessment.save()  # validated above; committed_members is the registry's count
    answers = []
    for indicator in framework.indicators.all():
        answer = Answer(assessment=assessment, indicator=indicator)
        value = values.get(indicator.source) if indicator.source else None
        if value is not None:
            high = indicator.scoring.get("max")
            if high is not None:
                value = min(value, Decimal(high))
            answer.number = answer.computed_number = value.quantize(Decimal("0.01"))
            answer.answered = True
        answers.append(answer)
    Answer.objects.bulk_create(answers)
    rescore(assessment)
    return assessment


def _require_draft(assessment: Assessment) -> None:
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("This assessment was submitted and can no longer be changed."))


def _store(answer: Answer, value: object, override_reason: str) -> None:
    """Validate one answer's new value and write it; changing a computed value needs a reason."""
    indicator = answer.indicator
    fields = clean_input(indicator, value)
    if (
        answer.computed_number is not None
        and fields["number"] != answer.computed_number
        and not override_reason.strip()
        and not answer.override_reason
    ):
        raise ValidationError(
            {
                indicator.code: _("The registry says %(value)s; give a reason for changing it.")
                % {"value": answer.computed_number}
            }
        )
    for key, v in fields.items():
        setattr(answer, key, v)
    if answer.computed_number is not None:
        if fields["number"] == answer.computed_number:
            answer.override_reason = ""
        elif override_reason.strip():
            answer.override_reason = override_reason.strip()[:2000]
    if indicator.answer_type == AnswerType.EVIDENCE and answer.evidence.exists():
        answer.answered = True
    # Not common.saving.save: save_answers calls this once per answer inside its own
    # transaction, and a savepoint per answer would add two queries to each of them.
    answer.full_clean()
    answer.save()


@transaction.atomic
def save_answers(
    *, assessment: Assessment, values: Iterable[tuple[Answer, object, str]]
) -> list[Answer]:
    """Validate and store answers of one draft, (answer, value, override reason) each, then
    rescore the assessment once. All or nothing: the first invalid answer raises."""
    _require_draft(assessment)
    saved = []
    for answer, value, override_reason in values:
        if answer.assessment_id != assessment.pk:
            raise ValidationError({"answer": _("This answer belongs to another assessment.")})
        _store(answer, value, override_reason)
        saved.append(answer)
    rescore(assessment)
    # The points as stored (two decimals), in one query.
    points = dict(Answer.objects.filter(pk__in=[a.pk for a in saved]).values_list("pk", "points"))
    for answer in saved:
        answer.points = points[answer.pk]
    return saved


@transaction.atomic
def save_answer(*, answer: Answer, value: object, override_reason: str = "") -> Answer:
    """Validate and store one answer (see save_answers). Rescores."""
    (saved,) = save_answers(assessment=answer.assessment, values=[(answer, value, override_reason)])
    return saved


def check_upload(upload) -> None:
    """Size and type limits for evidence files (the name never becomes a path)."""
    name = (upload.name or "").lower()
    if not name.endswith(EVIDENCE_EXTENSIONS):
        raise ValidationError(
            {
                "file": _("Allowed file types: %(types)s.")
                % {"types": ", ".join(EVIDENCE_EXTENSIONS)}
            }
        )
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 10 MB.")})
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})


@transaction.atomic
def add_evidence(
    *, answer: Answer, upload=None, link: str = "", description: str = "", user=None
) -> Evidence:
    """Attach a file or a link to an answer. Writes the file under MEDIA_ROOT. Rescores."""
    _require_draft(answer.assessment)
    if upload is not None:
        check_upload(upload)
    evidence = Evidence(
        answer=answer,
        link=link.strip(),
        description=description.strip()[:300],
        added_by=user,
    )
    if upload is not None:
        evidence.original_name = (upload.name or "")[-200:]
        evidence.size = upload.size
        evidence.file = upload
    evidence.full_clean(exclude=["file"])
    evidence.save()
    if answer.indicator.answer_type == AnswerType.EVIDENCE and not answer.answered:
        answer.answered = True
        answer.save(update_fields=["answered", "updated_at"])
    rescore(answer.assessment)
    return evidence


@transaction.atomic
def remove_evidence(*, evidence: Evidence) -> None:
    answer = evidence.answer
    _require_draft(answer.assessment)
    if evidence.file:
        evidence.file.delete(save=False)
    evidence.delete()
    rescore(answer.assessment)
