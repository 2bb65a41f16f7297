"""The verbs of member services. Forms, API handlers and the demo all call these.

Each verb validates with the models' own rules (full_clean) and writes in one transaction, so a
refused input leaves nothing half-saved.
"""

import json
import secrets
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from clusterhub.accounts.models import User
from clusterhub.common.saving import save
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Organisation
from clusterhub.services.enums import CHOICE_KINDS
from clusterhub.services.enums import QuestionKind
from clusterhub.services.enums import ServiceCategory
from clusterhub.services.enums import ServiceStatus
from clusterhub.services.enums import SurveyStatus
from clusterhub.services.models import GuidanceNote
from clusterhub.services.models import Question
from clusterhub.services.models import QuestionAnswer
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import Survey
from clusterhub.services.models import SurveyResponse
from clusterhub.services.models import SurveyToken
from clusterhub.services.models import Uptake

TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "needs_template.json"
MAX_TEXT_ANSWER = 5000
MAX_TOKENS_AT_ONCE = 500


# --- services and the pipeline -------------------------------------------------------------


def save_service(*, service: Service) -> Service:
    """Create or update a service. An existing service changes stage only through move_service,
    so that every move is in the decision log."""
    with transaction.atomic():
        if service.pk is not None:
            stored = Service.objects.filter(pk=service.pk).values_list("status", flat=True).first()
            if stored is not None and stored != service.status:
                raise ValidationError(
                    {"status": _("Change the stage with a stage move, which is logged.")}
                )
        save(service)
    return service


def move_service(*, service: Service, to_status: str, actor: User, reason: str) -> StageDecision:
    """Move a service to another stage and log who, when and why. Refused, naming the missing
    fields, when the service lacks what the stage requires."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if to_status not in ServiceStatus.values:
        errors["to_status"] = [_("Unknown stage %(stage)s.") % {"stage": to_status}]
    elif to_status == service.status:
        errors["to_status"] = [_("The service is already at this stage.")]
    if not reason:
        errors["reason"] = [_("Say why: the reason goes into the decision log.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=service.pk)
        from_status = service.status
        service.status = to_status
        if to_status == ServiceStatus.RETIRED and service.retired_on is None:
            service.retired_on = timezone.localdate()
        if to_status != ServiceStatus.RETIRED:
            service.retired_on = None
        save(service)
        return StageDecision.objects.create(
            service=service,
            from_status=from_status,
            to_status=to_status,
            decided_by=actor,
            reason=reason,
        )


def add_guidance(*, service: Service, author: User, text: str) -> GuidanceNote:
    """An expert's (or the team's) note on a service."""
    return save(GuidanceNote(service=service, author=author, text=text))


def record_uptake(
    *,
    service: Service,
    organisation: Organisation,
    used_on: date,
    satisfaction: int | None = None,
    comment: str = "",
    actor: User | None = None,
) -> Uptake:
    """Record that a member organisation used a launched service, and how satisfied it was."""
    uptake = Uptake(
        service=service,
        organisation=organisation,
        used_on=used_on,
        satisfaction=satisfaction,
        comment=comment,
        recorded_by=actor,
    )
    return save(uptake)


@transaction.atomic
def delete_service(*, service: Service) -> None:
    """Delete a service with its notes, decision log and uptake (the caller has asked)."""
    service.delete()


# --- surveys -------------------------------------------------------------------------------


def save_survey(*, survey: Survey) -> Survey:
    """Create or change a survey; a new one without a language is in its creator's (the active
    one), which its respondents' pages then follow."""
    if survey.pk is None and not survey.language:
        survey.language = survey_language(None)
    return save(survey)


def _require_draft(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(
            _("The survey is %(status)s; questions change only while it is a draft.")
            % {"status": survey.get_status_display()}
        )


def save_question(*, question: Question) -> Question:
    """Add or change a question of a draft survey; a new one goes to the end."""
    with transaction.atomic():
        _require_draft(question.survey)
        if question.pk is None and not question.position:
            last = question.survey.questions.order_by("-position").first()
            question.position = (last.position + 1) if last else 1
        save(question)
    return question


def delete_question(*, question: Question) -> None:
    with transaction.atomic():
        _require_draft(question.survey)
        question.delete()


def load_template() -> dict:
    """The shipped template of needs questions, one rating question per service category.

    Each text is either English or {language: text}; template_text picks one language.
    """
    return json.loads(TEMPLATE_FILE.read_text(encoding="utf-8"))


def template_text(value: str | dict, language: str) -> str:
    """A template text in `language`, else in English (a text not yet translated is shown in
    English, never empty)."""
    if isinstance(value, str):
        return value
    return value.get(language) or value.get("en") or ""


def survey_language(language: str | None) -> str:
    """A language offered for surveys: the one asked for, else the active one, else English."""
    offered = dict(settings.LANGUAGES)
    for candidate in (language, translation.get_language()):
        if candidate and candidate in offered:
            return candidate
    return "en"


def create_survey_from_template(
    *, cluster: Cluster, actor: User | None, title: str = "", language: str | None = None
) -> Survey:
    """A draft survey with the template's questions, ready to adjust and open.

    Written in `language` (default: the active one), English where the template lacks a text.
    """
    language = survey_language(language)
    template = load_template()
    with transaction.atomic():
        survey = save_survey(
            survey=Survey(
                cluster=cluster,
                title=title or template_text(template["title"], language),
                introduction=template_text(template["introduction"], language),
                language=language,
                created_by=actor,
            )
        )
        for position, spec in enumerate(template["questions"], start=1):
            save_question(
                question=Question(
                    survey=survey,
                    position=position,
                    text=template_text(spec["text"], language),
                    kind=spec["kind"],
                    choices=[template_text(c, language) for c in spec.get("choices", [])],
                    category=spec.get("category", ""),
                    required=spec.get("required", True),
                )
            )
    return survey


def open_survey(*, survey: Survey) -> Survey:
    """Open a draft (or reopen a closed) survey for answers; it needs a question."""
    if survey.status == SurveyStatus.OPEN:
        raise ValidationError(_("The survey is already open."))
    if not survey.questions.exists():
        raise ValidationError(_("Add at least one question before opening the survey."))
    survey.status = SurveyStatus.OPEN
    survey.opened_at = survey.opened_at or timezone.now()
    survey.closed_at = None
    return save_survey(survey=survey)


def close_survey(*, survey: Survey) -> Survey:
    """Close an open survey; later answers are refused."""
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."))
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    return save_survey(survey=survey)


def issue_tokens(
    *, survey: Survey, labels: list[str], organisation: Organisation | None = None
) -> list[tuple[SurveyToken, str]]:
    """One-time answer links, one per label. Returns each record with its token, which is not
    stored (only its digest) and so is shown once."""
    labels = [label.strip()[:200] for label in labels]
    if not labels:
        raise ValidationError({"labels": _("Say for whom the links are (one line each).")})
    if len(labels) > MAX_TOKENS_AT_ONCE:
        raise ValidationError(
            {"labels": _("At most %(n)s links at once.") % {"n": MAX_TOKENS_AT_ONCE}}
        )
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("The survey is closed."))
    issued = []
    with transaction.atomic():
        for label in labels:
            token = secrets.token_urlsafe(24)
            record = SurveyToken.objects.create(
                survey=survey,
                digest=SurveyToken.digest_of(token),
                label=label,
                organisation=organisation,
            )
            issued.append((record, token))
    return issued


def token_record(token: str) -> SurveyToken | None:
    """The survey link a token stands for, or None for a forged one."""
    if not token or len(token) > 100:
        return None
    return (
        SurveyToken.objects.select_related("survey", "survey__cluster")
        .filter(digest=SurveyToken.digest_of(token))
        .first()
    )


def check_answerable(survey: Survey, *, user: User | None = None, record=None) -> None:
    """Refuse with a clear message when this survey may not be answered now by this person."""
    if survey.status == SurveyStatus.DRAFT:
        raise ValidationError(_("This survey is not open for answers yet."))
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("This survey is closed; answers are no longer accepted."))
    if record is not None and record.used_at is not None:
        raise ValidationError(_("This link has already been used to answer the survey."))
    if user is not None and survey.responses.filter(respondent=user).exists():
        raise ValidationError(_("You have already answered this survey."))


def _clean_answer(question: Question, value) -> dict:
    """The stored form of one answer; raises ValidationError with a message for the question."""
    if question.kind == QuestionKind.RATING:
        if isinstance(value, bool) or value in ("", None):
            raise ValidationError(_("Choose a rating from 1 to 5."))
        try:
            rating = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ValidationError(_("Choose a rating from 1 to 5.")) from None
        if not 1 <= rating <= 5 or str(value).strip() not in {str(rating), f"{rating}.0"}:
            raise ValidationError(_("Choose a rating from 1 to 5."))
        return {"rating": rating}
    if question.kind in CHOICE_KINDS:
        chosen = value if isinstance(value, list) else [value]
        if not all(isinstance(c, str) for c in chosen) or any(
            c not in question.choices for c in chosen
        ):
            raise ValidationError(_("Choose from the choices offered."))
        chosen = list(dict.fromkeys(chosen))
        if question.kind == QuestionKind.CHOICE and len(chosen) != 1:
            raise ValidationError(_("Choose one answer."))
        return {"selected": chosen}
    if not isinstance(value, str):
        raise ValidationError(_("Write the answer as text."))
    if len(value) > MAX_TEXT_ANSWER:
        raise ValidationError(_("Keep the answer under %(n)s characters.") % {"n": MAX_TEXT_ANSWER})
    return {"text": value.strip()}


def _is_blank(value) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def submit_response(
    *,
    survey: Survey,
    answers: dict[int, object],
    user: User | None = None,
    token: str | None = None,
    organisation: Organisation | None = None,
) -> SurveyResponse:
    """Store one member's answers: signed in (once per person) or through a one-time link.

    `answers` maps question ids to a rating (1-5), a choice, a list of choices or a text.
    Errors are keyed "q<id>" per question; a second answer, a used or forged link and a closed
    survey are refused as a whole.
    """
    record = None
    if token is not None:
        record = token_record(token)
        if record is None or record.survey_id != survey.pk:
            raise ValidationError(_("This survey link is not valid."))
        organisation = organisation or record.organisation
    elif user is None:
        raise ValidationError(_("Sign in or use your survey link to answer."))
    check_answerable(survey, user=user if record is None else None, record=record)
    questions = {q.pk: q for q in survey.questions.all()}
    errors: dict[str, list[str]] = {}
    unknown = [str(k) for k in answers if k not in questions]
    if unknown:
        errors["answers"] = [_("Unknown questions: %(ids)s.") % {"ids": ", ".join(sorted(unknown))}]
    cleaned: dict[int, dict] = {}
    for pk, question in questions.items():
        value = answers.get(pk)
        if _is_blank(value):
            if question.required:
                errors[f"q{pk}"] = [_("This question needs an answer.")]
            continue
        try:
            cleaned[pk] = _clean_answer(question, value)
        except ValidationError as exc:
            errors[f"q{pk}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            if record is not None:
                # Mark the link used first, conditionally, so two tabs racing lose cleanly.
                claimed = SurveyToken.objects.filter(pk=record.pk, used_at__isnull=True).update(
                    used_at=timezone.now()
                )
                if not claimed:
                    raise ValidationError(
                        _("This link has already been used to answer the survey.")
                    )
            response = SurveyResponse.objects.create(
                survey=survey,
                respondent=user if record is None else None,
                organisation=organisation,
                token=record,
            )
            QuestionAnswer.objects.bulk_create(
                QuestionAnswer(response=response, question_id=pk, **values)
                for pk, values in cleaned.items()
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey.")) from None
    return response


def category_label(code: str) -> str:
    return str(ServiceCategory(code).label) if code in ServiceCategory.values else code
