"""The verbs of the assessment area. Each runs in one transaction and validates before writing."""

from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clusterhub.accounts import audit
from clusterhub.accounts.enums import AuditAction, Role
from clusterhub.accounts.models import RoleAssignment
from clusterhub.assessment.computed import registry_values
from clusterhub.assessment.enums import AnswerType, AssessmentStatus, LabelLevel
from clusterhub.assessment.evaluation import (
    clean_input,
    evaluate,
    indicator_result,
    placed_points,
    readiness,
)
from clusterhub.assessment.models import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    Answer,
    Area,
    Assessment,
    Evidence,
    ExpertReview,
    Framework,
    Indicator,
    LabelAward,
)
from clusterhub.core.scoring import award_validity, percent, score
from clusterhub.registry.models import Cluster, Programme

MAX_EXPERTS = 2


# --- frameworks ---------------------------------------------------------------------------------


# The keys of a normalised definition that hold texts a user reads (loader.py); everything else
# (codes, areas, types, bands, options, label rules) decides scores and may not change within a
# version.
_TEXT_KEYS = ("name", "description", "title", "question", "help", "unit", "translations")


def _rules_only(definition: dict) -> dict:
    """The definition without its texts: what must be equal for a re-import to only update texts."""

    def strip(part):
        if isinstance(part, dict):
            return {k: strip(v) for k, v in part.items() if k not in _TEXT_KEYS}
        if isinstance(part, list):
            return [strip(v) for v in part]
        return part

    rules = strip(definition)
    for ind in rules["indicators"]:
        if "options" in ind["scoring"]:
            ind["scoring"]["options"] = [[v, p] for v, _label, p in ind["scoring"]["options"]]
    return rules


def framework_exists(definition: dict) -> bool:
    return Framework.objects.filter(code=definition["code"], version=definition["version"]).exists()


@transaction.atomic
def import_framework(*, definition: dict) -> Framework:
    """Store a checked framework (loader.validate) as a new version. Writes Framework, Areas,
    Indicators. Importing a code+version that exists already updates its texts in every
    language (idempotent) and refuses any change to codes, bands, options or label rules."""
    existing = (
        Framework.objects.select_for_update()
        .filter(code=definition["code"], version=definition["version"])
        .first()
    )
    if existing is not None:
        if _rules_only(existing.definition) != _rules_only(definition):
            raise ValidationError(
                {
                    "version": _(
                        "Framework %(code)s version %(version)s exists already with other "
                        "indicators or rules; give the changed file a new version."
                    )
                    % {"code": definition["code"], "version": definition["version"]}
                }
            )
        return _update_texts(existing, definition)
    framework = Framework(
        code=definition["code"],
        version=definition["version"],
        name=definition["name"],
        description=definition["description"],
        translations=definition.get("translations", {}),
        definition=definition,
    )
    framework.full_clean()
    framework.save()
    areas = {}
    for position, a in enumerate(definition["areas"], start=1):
        areas[a["code"]] = Area.objects.create(
            framework=framework,
            code=a["code"],
            title=a["title"],
            translations=a.get("translations", {}),
            position=position,
        )
    for position, i in enumerate(definition["indicators"], start=1):
        Indicator.objects.create(
            framework=framework,
            area=areas[i["area"]],
            code=i["code"],
            position=position,
            title=i["title"],
            question=i["question"],
            help_text=i["help"],
            answer_type=i["type"],
            unit=i["unit"],
            translations=i.get("translations", {}),
            scoring=i["scoring"],
            max_points=max(Decimal(p) for p in i["scoring"]["levels"]),
            has_minimum="minimum_points" in i["scoring"],
            source=i["source"],
            service_categories=i["services"],
            training_topics=i["training"],
        )
    return framework


def _update_texts(framework: Framework, definition: dict) -> Framework:
    """Re-import of an existing version: the texts and translations only (rules are equal)."""
    framework.name = definition["name"]
    framework.description = definition["description"]
    framework.translations = definition.get("translations", {})
    framework.definition = definition
    framework.full_clean()
    framework.save(update_fields=["name", "description", "translations", "definition"])
    new_areas = {a["code"]: a for a in definition["areas"]}
    areas = list(framework.areas.all())
    for area in areas:
        area.title = new_areas[area.code]["title"]
        area.translations = new_areas[area.code].get("translations", {})
    Area.objects.bulk_update(areas, ["title", "translations"])
    new_indicators = {i["code"]: i for i in definition["indicators"]}
    indicators = list(framework.indicators.all())
    for ind in indicators:
        new = new_indicators[ind.code]
        ind.title, ind.question, ind.help_text = new["title"], new["question"], new["help"]
        ind.unit, ind.scoring = new["unit"], new["scoring"]
        ind.translations = new.get("translations", {})
    Indicator.objects.bulk_update(
        indicators, ["title", "question", "help_text", "unit", "scoring", "translations"]
    )
    return framework


def current_framework() -> Framework | None:
    """The newest framework offered for new assessments."""
    return Framework.objects.filter(is_active=True).order_by("-created_at", "-pk").first()


# --- assessments --------------------------------------------------------------------------------


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
    if programme is not None and not programme.clusters.filter(pk=cluster.pk).exists():
        raise ValidationError({"programme": _("The cluster does not take part in this programme.")})
    assessment = Assessment(
        cluster=cluster,
        framework=framework,
        period_start=period_start,
        period_end=period_end,
        started_by=user,
        programme=programme,
    )
    assessment.full_clean()
    values = registry_values(cluster, period_start=period_start, period_end=period_end)
    assessment.committed_members = int(values["committed_members"])
    assessment.save()
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


@transaction.atomic
def save_answer(*, answer: Answer, value: object, override_reason: str = "") -> Answer:
    """Validate and store one answer; changing a computed value needs a reason. Rescores."""
    assessment = answer.assessment
    _require_draft(assessment)
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
    answer.full_clean()
    answer.save()
    rescore(assessment)
    answer.refresh_from_db(fields=["points"])
    return answer


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


@transaction.atomic
def rescore(assessment: Assessment) -> Assessment:
    """Recompute points of every answer and cache the totals on the assessment."""
    evaluation = evaluate(assessment)
    changed = []
    for ans in evaluation.answers:
        pts = placed_points(ans.indicator, ans, len(ans.evidence.all())) or Decimal(0)
        if ans.points != pts:
            ans.points = pts
            changed.append(ans)
    if changed:
        Answer.objects.bulk_update(changed, ["points"])
    results = [indicator_result(a.indicator, a, len(a.evidence.all())) for a in evaluation.answers]
    s = score(results, [r.area for r in results])
    assessment.total_points = s.points
    assessment.max_points = s.max_points
    assessment.total_percent = s.percent
    assessment.area_percents = {k: str(v) for k, v in s.area_percents().items()}
    assessment.indicator_percents = {r.code: str(percent(r.points, r.max_points)) for r in results}
    assessment.save(
        update_fields=[
            "total_points",
            "max_points",
            "total_percent",
            "area_percents",
            "indicator_percents",
            "updated_at",
        ]
    )
    return assessment


def rescore_all(assessments) -> int:
    """Rescore many assessments with a handful of queries (after a framework fix, or for the
    benchmark). Answers are read as plain rows, not model instances, and totals are written
    with one executemany: 1,300 assessments take about a second instead of fifteen."""
    import json
    from types import SimpleNamespace

    from django.db import connection
    from django.db.models import Count

    assessments = list(assessments)
    by_id = {a.pk: a for a in assessments}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(
            framework_id__in={a.framework_id for a in assessments}
        ).select_related("area")
    }
    evidence = dict(
        Evidence.objects.filter(answer__assessment_id__in=by_id)
        .values_list("answer_id")
        .annotate(n=Count("pk"))
        .values_list("answer_id", "n")
    )
    fields = (
        "pk",
        "assessment_id",
        "indicator_id",
        "number",
        "choice",
        "flag",
        "text",
        "answered",
        "points",
        "expert_points",
    )
    rows: dict[int, list] = {pk: [] for pk in by_id}
    for values in (
        Answer.objects.filter(assessment_id__in=by_id)
        .order_by("assessment_id", "indicator_id")
        .values_list(*fields)
        .iterator(chunk_size=5000)
    ):
        row = SimpleNamespace(**dict(zip(fields, values, strict=True)))
        row.effective_points = row.points
        rows[row.assessment_id].append(row)
    changed_points = []
    totals = []
    for pk, answers in rows.items():
        results = []
        for ans in answers:
            indicator = indicators[ans.indicator_id]
            n_evidence = evidence.get(ans.pk, 0)
            reached = placed_points(indicator, ans, n_evidence)
            pts = reached or Decimal(0)
            if ans.points != pts:
                ans.points = pts
                changed_points.append((str(pts), ans.pk))
            ans.effective_points = ans.expert_points if ans.expert_points is not None else pts
            results.append(indicator_result(indicator, ans, n_evidence, reached))
        s = score(results)
        totals.append(
            (
                str(s.points),
                str(s.max_points),
                str(s.percent),
                json.dumps({k: str(v) for k, v in s.area_percents().items()}),
                json.dumps({r.code: str(percent(r.points, r.max_points)) for r in results}),
                pk,
            )
        )
    now = timezone.now()
    answer_table = connection.ops.quote_name(Answer._meta.db_table)
    table = connection.ops.quote_name(Assessment._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if changed_points:
            cursor.executemany(
                f"UPDATE {answer_table} SET points = %s WHERE id = %s",  # noqa: S608  # nosec B608  # quoted table name, values bound
                changed_points,
            )
        cursor.executemany(
            f"UPDATE {table} SET total_points = %s, max_points = %s, total_percent = %s, "  # noqa: S608  # nosec B608  # quoted table name, values bound
            "area_percents = %s, indicator_percents = %s, updated_at = %s WHERE id = %s",
            [(*row[:-1], connection.ops.adapt_datetimefield_value(now), row[-1]) for row in totals],
        )
    return len(assessments)


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
    review.full_clean()
    review.save()
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
    answer.full_clean()
    answer.save()
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
    review.full_clean()
    review.save()
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
    award.full_clean()
    award.save()
    audit.record(
        AuditAction.LABEL_AWARDED, target=award, level=level, valid_until=award.valid_until
    )
    return award
