"""Pages of the needs surveys: building, opening and closing them, one-time links, results,
exports, and answering (signed in, or through a one-time link without an account).

Thin, like views.py: visibility from queries.py, rights from rules.py, writes through domain.py.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clusterhub.common.access import object_for
from clusterhub.common.access import require
from clusterhub.common.charts import horizontal_bar_chart
from clusterhub.common.downloads import table_download
from clusterhub.common.pages import carry_out
from clusterhub.common.pages import deleting_page
from clusterhub.common.pages import redirect_once_saved
from clusterhub.common.pages import refusal_before_deleting
from clusterhub.common.pages import show_form_errors
from clusterhub.common.pages import show_refusal
from clusterhub.registry.models import Cluster
from clusterhub.services import domain
from clusterhub.services import exports
from clusterhub.services.analysis import survey_results
from clusterhub.services.enums import QuestionKind
from clusterhub.services.forms import QuestionForm
from clusterhub.services.forms import SurveyForm
from clusterhub.services.forms import TemplateSurveyForm
from clusterhub.services.forms import TokenForm
from clusterhub.services.forms import answer_form_class
from clusterhub.services.models import Question
from clusterhub.services.models import Survey
from clusterhub.services.queries import represented_member
from clusterhub.services.queries import surveys_visible_to
from clusterhub.services.views.base import FORMATS
from clusterhub.services.views.base import cluster_tabs
from clusterhub.services.views.base import visible_cluster

# --- surveys -------------------------------------------------------------------------------


def _survey_list_page(request, cluster: Cluster, form: SurveyForm, status: int = 200):
    """The cluster's surveys with the form for a new one (blank, or refused with its errors)."""
    surveys = (
        surveys_visible_to(request.user)
        .filter(cluster=cluster)
        .annotate(response_count=Count("responses"))
    )
    return render(
        request,
        "services/survey_list.html",
        {
            **cluster_tabs(request, cluster),
            "surveys": surveys,
            "form": form,
            "template_form": TemplateSurveyForm(),
        },
        status=status,
    )


@login_required
def survey_list(request, pk: int):
    cluster = visible_cluster(request, pk, "services.manage_surveys")
    return _survey_list_page(request, cluster, SurveyForm())


@login_required
@require_POST
def survey_create(request, pk: int):
    cluster = visible_cluster(request, pk, "services.manage_surveys")
    if request.POST.get("from_template"):
        # A language not offered (a forged form) falls back to the active one, then English.
        template_form = TemplateSurveyForm(request.POST)
        language = template_form.cleaned_data["language"] if template_form.is_valid() else None
        survey = domain.create_survey_from_template(
            cluster=cluster,
            actor=request.user,
            title=request.POST.get("title", "")[:200],
            language=language,
        )
        messages.success(request, _("A draft survey was made from the template."))
        return redirect("services:survey_detail", pk=survey.pk)
    form = SurveyForm(request.POST, instance=Survey(cluster=cluster, created_by=request.user))
    return redirect_once_saved(
        request,
        form,
        lambda: domain.save_survey(survey=form.instance),
        then=lambda survey: reverse("services:survey_detail", args=[survey.pk]),
    ) or _survey_list_page(request, cluster, form, status=400)


def _survey(request, pk: int, perm: str = "") -> Survey:
    """A survey the user may see, or 404; and the right `perm` on it (when given), or 403."""
    return object_for(request.user, surveys_visible_to(request.user), pk, perm)


@login_required
def survey_detail(request, pk: int):
    survey = _survey(request, pk)
    if not request.user.has_perm("services.change_survey", survey):
        # A member representative who can see the survey goes on to answer it.
        if request.user.has_perm("services.answer_survey", survey):
            return redirect("services:survey_answer", pk=survey.pk)
        raise PermissionDenied
    form = QuestionForm(request.POST or None)

    def save():
        question = form.save(commit=False)
        question.survey = survey
        return domain.save_question(question=question)

    saved = redirect_once_saved(
        request,
        form,
        save,
        done=_("The question was added."),
        then=reverse("services:survey_detail", args=[survey.pk]),
    )
    if saved:
        return saved
    return render(
        request,
        "services/survey_detail.html",
        {
            **cluster_tabs(request, survey.cluster),
            "survey": survey,
            "questions": survey.questions.all(),
            "form": form,
            "token_form": TokenForm(),
            "tokens": survey.tokens.order_by("pk"),
            "answer_url": request.build_absolute_uri(
                reverse("services:survey_answer", args=[survey.pk])
            ),
        },
        status=400 if form.errors else 200,
    )


@login_required
def question_delete(request, pk: int):
    """GET asks, POST removes (the survey page's button posts directly)."""
    question = object_for(
        request.user, Question.objects.filter(survey__in=surveys_visible_to(request.user)), pk
    )
    require(request.user, "services.change_survey", question.survey)

    def delete():
        domain.delete_question(question=question)

    return deleting_page(
        request,
        question,
        delete,
        back_url=reverse("services:survey_detail", args=[question.survey_id]),
        question=lambda: {"refusal": refusal_before_deleting(delete, obj=question)},
    )


@login_required
@require_POST
def survey_status(request, pk: int, action: str):
    survey = _survey(request, pk, "services.change_survey")
    verbs = {"open": domain.open_survey, "close": domain.close_survey}
    if action not in verbs:
        raise Http404
    carry_out(
        request,
        lambda: verbs[action](survey=survey),
        done=lambda survey: _("The survey is now %(s)s.") % {"s": survey.get_status_display()},
        joined=False,
    )
    return redirect("services:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_tokens(request, pk: int):
    """Issue one-time links and show them once (only their digests are stored)."""
    survey = _survey(request, pk, "services.change_survey")
    form = TokenForm(request.POST)
    issued = []
    if form.is_valid():
        try:
            issued = domain.issue_tokens(survey=survey, labels=form.cleaned_data["labels"])
        except ValidationError as exc:
            show_refusal(request, exc, joined=False)
    else:
        show_form_errors(request, form)
    links = [
        (record.label, request.build_absolute_uri(reverse("services:survey_token", args=[token])))
        for record, token in issued
    ]
    return render(
        request,
        "services/survey_links.html",
        {**cluster_tabs(request, survey.cluster), "survey": survey, "links": links},
        status=200 if issued else 400,
    )


def _results_context(survey: Survey) -> dict:
    results = survey_results(survey)
    charts = {}
    for q in results.questions:
        if q.counts:
            charts[q.question_id] = horizontal_bar_chart(
                q.counts, title=q.text, description=_("Number of answers per option")
            )
    category_chart = horizontal_bar_chart(
        [(domain.category_label(code), mean) for code, mean, _n in results.category_means],
        title=_("Mean importance rating per service category (1-5)"),
    )
    return {
        "results": results,
        "charts": charts,
        "category_chart": category_chart,
        "category_rows": [
            (domain.category_label(code), mean, n) for code, mean, n in results.category_means
        ],
        "rating_kind": QuestionKind.RATING,
    }


@login_required
def survey_results_page(request, pk: int):
    survey = _survey(request, pk, "services.view_survey_results")
    return render(
        request,
        "services/survey_results.html",
        {**cluster_tabs(request, survey.cluster), "survey": survey, **_results_context(survey)},
    )


@login_required
def survey_export(request, pk: int, what: str, fmt: str):
    survey = _survey(request, pk, "services.view_survey_results")
    if fmt not in FORMATS or what not in ("responses", "summary"):
        raise Http404
    table = (
        exports.survey_table(survey)
        if what == "responses"
        else exports.survey_summary_table(survey)
    )
    return table_download(*table, fmt=fmt, name=f"survey-{survey.pk}-{what}", title=what)


# --- answering -----------------------------------------------------------------------------


def _in_survey_language(request, survey: Survey) -> None:
    """A respondent who has not chosen a language (no language cookie, no profile language)
    sees the page around the questions in the survey's language, not the browser's: a
    Latvian survey opened from a link in an English browser is all Latvian."""
    if not survey.language or survey.language not in dict(settings.LANGUAGES):
        return
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in dict(settings.LANGUAGES):
        return
    if request.user.is_authenticated and request.user.language:
        return
    translation.activate(survey.language)
    request.LANGUAGE_CODE = survey.language


def _refusal_page(request, survey: Survey | None, message: str, status: int = 409):
    """Why the survey cannot be answered: closed, answered already, or a link that is not valid."""
    return render(
        request,
        "services/survey_refused.html",
        {"survey": survey, "message": message},
        status=status,
    )


def _answer_page(request, survey: Survey, *, user=None, token: str | None = None):
    _in_survey_language(request, survey)
    questions = list(survey.questions.all())
    form_class = answer_form_class(questions)
    try:
        record = domain.token_record(token) if token else None
        domain.check_answerable(survey, user=user, record=record)
    except ValidationError as exc:
        return _refusal_page(request, survey, " ".join(exc.messages))
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answers = {q.pk: form.cleaned_data.get(f"q{q.pk}") for q in questions}
        organisation = represented_member(user, survey.cluster) if user is not None else None
        try:
            domain.submit_response(
                survey=survey, answers=answers, user=user, token=token, organisation=organisation
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and all(k.startswith("q") for k in exc.error_dict):
                for field, errors in exc.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return _refusal_page(request, survey, " ".join(exc.messages))
        else:
            return render(request, "services/survey_thanks.html", {"survey": survey})
    return render(
        request,
        "services/survey_answer.html",
        {"survey": survey, "form": form, "questions": questions},
        status=400 if form.errors else 200,
    )


@login_required
def survey_answer(request, pk: int):
    survey = _survey(request, pk, "services.answer_survey")
    return _answer_page(request, survey, user=request.user)


def survey_token(request, token: str):
    """Answer through a one-time link, signed in or not. A forged link gets a clear page."""
    record = domain.token_record(token)
    if record is None:
        return _refusal_page(
            request, None, _("This survey link is not valid. Check the address."), status=404
        )
    return _answer_page(request, record.survey, token=token)
