"""Pages of the assessment area. Thin: permissions from rules.py, work in domain.py."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import JsonResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.assessment import domain
from clusterhub.assessment import reports
from clusterhub.assessment.enums import AssessmentStatus
from clusterhub.assessment.evaluation import clean_input
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.forms import OVERTAKEN
from clusterhub.assessment.forms import AssignExpertForm
from clusterhub.assessment.forms import AwardForm
from clusterhub.assessment.forms import EvidenceForm
from clusterhub.assessment.forms import FindingsForm
from clusterhub.assessment.forms import ReviewAnswerForm
from clusterhub.assessment.forms import StartAssessmentForm
from clusterhub.assessment.forms import input_value
from clusterhub.assessment.forms import overtaken
from clusterhub.assessment.forms import untouched
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Assessment
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import ExpertReview
from clusterhub.assessment.presentation import readiness_view
from clusterhub.assessment.presentation import shown_value
from clusterhub.assessment.queries import assessments_assigned_to
from clusterhub.assessment.queries import assessments_visible_to
from clusterhub.assessment.queries import awards_visible_to
from clusterhub.assessment.queries import clusters_startable_by
from clusterhub.assessment.queries import reminders_for
from clusterhub.assessment.reports import benchmark_context
from clusterhub.assessment.reports import comparison_context
from clusterhub.assessment.reports import lookups
from clusterhub.assessment.reports import progress
from clusterhub.assessment.reports import report_context
from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.concurrency import holding
from clusterhub.common.downloads import PDF
from clusterhub.common.downloads import download
from clusterhub.common.downloads import file_download
from clusterhub.common.numbers import format_percent
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import carry_out_if_valid
from clusterhub.common.pages import redirect_once_saved


def _assessment(request, pk: int, perm: str = "assessment.view_assessment") -> Assessment:
    """The assessment if the user may see it (else 404) and holds `perm` (else 403)."""
    return object_for(request.user, assessments_visible_to(request.user), pk, perm)


def _answer(assessment: Assessment, code: str) -> Answer:
    """The assessment's answer to the indicator `code`; 404 when its framework has no such one."""
    answer = assessment.answers.filter(indicator__code=code).select_related("indicator").first()
    if answer is None:
        raise Http404
    return answer


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


# --- index --------------------------------------------------------------------------------------


@login_required
def index(request):
    visible = assessments_visible_to(request.user).order_by("cluster__acronym", "-period_end")
    startable = clusters_startable_by(request.user)
    assigned = assessments_assigned_to(request.user).order_by("cluster__acronym", "-period_end")
    awards = awards_visible_to(request.user).filter(valid_until__gte=timezone.localdate())
    return render(
        request,
        "assessment/index.html",
        {
            "assessments": [a for a in visible if a not in assigned],
            "assigned": assigned,
            "can_start": startable.exists(),
            "reminders": reminders_for(request.user),
            "awards": awards.order_by("cluster__acronym", "level")[:50],
        },
    )


@login_required
def start(request):
    clusters = clusters_startable_by(request.user)
    if not clusters.exists():
        raise PermissionDenied
    today = timezone.localdate()
    initial = {
        "period_start": today.replace(month=1, day=1),
        "period_end": today,
        "framework": domain.current_framework(),
        "cluster": request.GET.get("cluster"),
    }
    form = StartAssessmentForm(request.POST or None, clusters=clusters, initial=initial)

    def start_it() -> Assessment:
        data = form.cleaned_data
        require(request.user, "assessment.add_assessment", data["cluster"])
        return domain.start_assessment(
            cluster=data["cluster"],
            framework=data["framework"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            programme=data["programme"],
            user=request.user,
        )

    return redirect_once_saved(
        request,
        form,
        start_it,
        done=_("Assessment started; registry figures are pre-filled."),
        then=lambda assessment: reverse("assessment:detail", args=[assessment.pk]),
    ) or render(request, "assessment/start.html", {"form": form})


# --- one assessment -----------------------------------------------------------------------------


@login_required
def detail(request, pk: int):
    assessment = _assessment(request, pk)
    evaluation = evaluate(assessment)
    indicators, areas = lookups(assessment)
    ready = readiness_view(readiness(evaluation), indicators, areas)
    user = request.user
    return render(
        request,
        "assessment/detail.html",
        {
            "assessment": assessment,
            "evaluation": evaluation,
            "progress": progress(evaluation),
            "readiness": ready,
            "problems": domain.submission_problems(assessment) if assessment.is_editable else {},
            "can_edit": user.has_perm("assessment.change_assessment", assessment),
            "can_assign": user.has_perm("assessment.assign_experts", assessment),
            "can_review": user.has_perm("assessment.review_assessment", assessment),
            "can_award": user.has_perm("assessment.award_label", assessment),
            "reviews": assessment.reviews.select_related("expert"),
            "assign_form": AssignExpertForm(),
            "award_form": AwardForm(initial={"awarded_on": timezone.localdate()}),
            "awards": assessment.awards.all(),
            "others": Assessment.objects.filter(cluster=assessment.cluster)
            .exclude(pk=assessment.pk)
            .exclude(status=AssessmentStatus.DRAFT)
            .filter(pk__in=assessments_visible_to(user).values("pk")),
        },
    )


def _area_or_404(assessment, code):
    area = assessment.framework.areas.filter(code=code).first()
    if area is None:
        raise Http404
    return area


@login_required
def questionnaire(request, pk: int, area: str):
    """One area's questions; a plain form posting all of them, and JS autosave per answer."""
    assessment = _assessment(request, pk)
    area_obj = _area_or_404(assessment, area)
    can_edit = request.user.has_perm("assessment.change_assessment", assessment)
    answers = assessment.answers.filter(indicator__area=area_obj).select_related("indicator")
    answers = answers.prefetch_related("evidence")
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        require(request.user, "assessment.change_assessment", assessment)
        with holding(assessment):  # the answers compared are the answers replaced
            answers = list(answers)
            errors = _save_area(request, assessment, answers)
        if not errors:
            messages.success(request, _("Answers saved."))
            return redirect("assessment:area", pk=pk, area=area)
        messages.error(request, _("Nothing was saved; correct the answers marked below."))
    evaluation = evaluate(assessment)
    areas = list(assessment.framework.areas.all())
    return render(
        request,
        "assessment/area.html",
        {
            "assessment": assessment,
            "area": area_obj,
            "areas": areas,
            "progress": progress(evaluation),
            "rows": [
                {
                    "answer": a,
                    "indicator": a.indicator,
                    "errors": errors.get(a.indicator.code, []),
                    "value": input_value(request.POST, a, errors),
                    "shown": shown_value(a),
                    "reason": request.POST.get(f"reason-{a.indicator.code}", a.override_reason),
                    "options": a.indicator.local_options,
                }
                for a in answers
            ],
            "can_edit": can_edit,
            "evidence_form": EvidenceForm(),
        },
    )


def _save_area(request, assessment, answers: list[Answer]) -> dict[str, list[str]]:
    """Validate every answer of the area the person changed first, then save them all (or none),
    rescoring once."""
    answers = [a for a in answers if not untouched(request.POST, a.indicator.code)]
    errors: dict[str, list[str]] = {}
    for a in answers:
        code = a.indicator.code
        if overtaken(a, request.POST.get(f"value-{code}"), request.POST.get(f"shown-value-{code}")):
            errors[code] = [str(OVERTAKEN)]
            continue
        try:
            clean_input(a.indicator, request.POST.get(f"value-{code}", ""))
        except ValidationError as exc:
            errors.update(_errors(exc))
    if errors:
        return errors
    values = [
        (
            a,
            request.POST.get(f"value-{a.indicator.code}", ""),
            request.POST.get(f"reason-{a.indicator.code}", ""),
        )
        for a in answers
    ]
    try:
        domain.save_answers(assessment=assessment, values=values)
    except ValidationError as exc:
        return _errors(exc)
    return {}


@login_required
@require_POST
def autosave(request, pk: int, code: str):
    """Save one answer as the user types (fetch from assessment.js); JSON in, JSON out."""
    assessment = _assessment(request, pk, "assessment.change_assessment")
    with holding(assessment):  # the answer compared is the answer replaced
        answer = _answer(assessment, code)
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            data = None
        if not isinstance(data, dict):
            return JsonResponse({"errors": {"__all__": [_("Malformed request.")]}}, status=400)
        if overtaken(answer, data.get("value"), data.get("shown")):
            return JsonResponse(
                {"errors": {code: [OVERTAKEN]}, "value": shown_value(answer)}, status=409
            )
        try:
            answer = domain.save_answer(
                answer=answer,
                value=data.get("value"),
                override_reason=str(data.get("reason") or ""),
            )
        except ValidationError as exc:
            return JsonResponse({"errors": _errors(exc)}, status=422)
    assessment.refresh_from_db()
    return JsonResponse(
        {
            "code": code,
            "points": str(answer.points),
            "max_points": str(answer.indicator.max_points),
            "total_percent": str(assessment.total_percent),
            "area_percent": assessment.area_percents.get(answer.indicator.area.code),
            # The same figures as the page writes them in the reader's language ("12,5 %"):
            # the script shows these, the machine values above stay for other callers.
            "points_text": str(floatformat(answer.points, "-2")),
            "total_percent_text": format_percent(assessment.total_percent),
            "shown": shown_value(answer),  # what the page now compares the next change with
        }
    )


@login_required
@require_POST
def evidence_add(request, pk: int, code: str):
    assessment = _assessment(request, pk, "assessment.change_assessment")
    answer = _answer(assessment, code)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        carry_out(
            request,
            lambda: domain.add_evidence(
                answer=answer,
                upload=form.cleaned_data["file"],
                link=form.cleaned_data["link"] or "",
                description=form.cleaned_data["description"],
                user=request.user,
            ),
            done=_("Evidence added."),
            joined=False,
        )
    else:
        for msgs in form.errors.values():
            for m in msgs:
                messages.error(request, f"{code}: {m}")
    return redirect("assessment:area", pk=pk, area=answer.indicator.area.code)


def _evidence(request, pk: int, evidence_pk: int, perm: str) -> Evidence:
    assessment = _assessment(request, pk, perm)
    evidence = Evidence.objects.filter(answer__assessment=assessment)
    return object_for(request.user, evidence.select_related("answer__indicator__area"), evidence_pk)


@login_required
@require_POST
def evidence_remove(request, pk: int, evidence_pk: int):
    evidence = _evidence(request, pk, evidence_pk, "assessment.change_assessment")
    area = evidence.answer.indicator.area.code
    domain.remove_evidence(evidence=evidence)
    messages.success(request, _("Evidence removed."))
    return redirect("assessment:area", pk=pk, area=area)


@login_required
def evidence_file(request, pk: int, evidence_pk: int):
    evidence = _evidence(request, pk, evidence_pk, "assessment.view_assessment")
    return file_download(evidence.file, evidence.original_name or "evidence")


@login_required
@require_POST
def submit(request, pk: int):
    assessment = _assessment(request, pk, "assessment.submit_assessment")
    try:
        domain.submit_assessment(assessment=assessment)
        messages.success(request, _("Submitted. The programme coordinator can now assign experts."))
    except ValidationError as exc:
        messages.error(
            request,
            _("Not submitted: %(n)s questions need attention.") % {"n": len(_errors(exc))},
        )
    return redirect("assessment:detail", pk=pk)


# --- peers, report, comparison ------------------------------------------------------------------


@login_required
def peers(request, pk: int):
    assessment = _assessment(request, pk)
    ctx = benchmark_context(assessment, request.GET.get("group", "all"))
    ctx["assessment"] = assessment
    return render(request, "assessment/peers.html", ctx)


@login_required
def report(request, pk: int):
    assessment = _assessment(request, pk)
    return render(request, "assessment/report.html", report_context(assessment))


@login_required
def report_pdf(request, pk: int):
    assessment = _assessment(request, pk)
    return download(reports.report_pdf(assessment), reports.report_filename(assessment), PDF)


@login_required
def compare(request, pk: int, other: int):
    after = _assessment(request, pk)
    before = _assessment(request, other)
    if before.cluster_id != after.cluster_id:
        raise Http404
    if before.period_end > after.period_end:
        before, after = after, before
    return render(request, "assessment/compare.html", comparison_context(before, after))


# --- experts and labels -------------------------------------------------------------------------


@login_required
@require_POST
def assign(request, pk: int):
    assessment = _assessment(request, pk, "assessment.assign_experts")
    form = AssignExpertForm(request.POST)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.assign_expert(
            assessment=assessment, expert=form.cleaned_data["expert"], assigned_by=request.user
        ),
        done=_("Expert assigned."),
        invalid=_("Choose an expert."),
        joined=False,
    )
    return redirect("assessment:detail", pk=assessment.pk)


def _my_review(request, assessment) -> ExpertReview:
    review = assessment.reviews.filter(expert=request.user).first()
    if review is None:
        raise PermissionDenied
    return review


@login_required
def review(request, pk: int):
    assessment = _assessment(request, pk, "assessment.review_assessment")
    my_review = _my_review(request, assessment)
    evaluation = evaluate(assessment)
    findings = FindingsForm(
        request.POST if request.POST.get("form") == "findings" else None,
        initial={
            "strengths": my_review.strengths,
            "weaknesses": my_review.weaknesses,
            "recommendations": my_review.recommendations,
        },
    )
    answer_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        try:
            if request.POST.get("form") == "findings":
                if findings.is_valid():
                    domain.save_findings(review=my_review, **findings.cleaned_data)
                    messages.success(request, _("Findings saved."))
                    return redirect("assessment:review", pk=pk)
            elif request.POST.get("form") == "approve":
                domain.approve_review(review=my_review)
                messages.success(request, _("Assessment approved."))
                return redirect("assessment:detail", pk=pk)
            else:
                code = request.POST.get("code", "")
                answer = _answer(assessment, code)
                form = ReviewAnswerForm(request.POST)
                if form.is_valid():
                    domain.review_answer(
                        review=my_review,
                        answer=answer,
                        comment=form.cleaned_data["comment"],
                        points=form.cleaned_data["points"],
                        reason=form.cleaned_data["reason"],
                    )
                    messages.success(request, _("%(code)s reviewed.") % {"code": code})
                    return redirect(f"{request.path}#ind-{code}")
                answer_errors[code] = [m for ms in form.errors.values() for m in ms]
        except ValidationError as exc:
            for field, msgs in _errors(exc).items():
                for m in msgs:
                    messages.error(request, m if field == "__all__" else f"{field}: {m}")
    return render(
        request,
        "assessment/review.html",
        {
            "assessment": assessment,
            "review": my_review,
            "evaluation": evaluation,
            "findings": findings,
            "answer_errors": answer_errors,
        },
    )


@login_required
@require_POST
def award(request, pk: int):
    assessment = _assessment(request, pk, "assessment.award_label")
    form = AwardForm(request.POST)
    carry_out_if_valid(
        request,
        form,
        lambda: domain.award_label(
            assessment=assessment,
            level=form.cleaned_data["level"],
            awarded_on=form.cleaned_data["awarded_on"],
            awarded_by=request.user,
        ),
        done=_("Label recorded."),
        invalid=_("Choose a label and a date."),
        joined=False,
    )
    return redirect("assessment:detail", pk=assessment.pk)
