"""Domain verbs: stage requirements, the decision log, uptake, surveys and their bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterhub.services import domain
from clusterhub.services.models import Question
from clusterhub.services.models import QuestionAnswer
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import Survey
from clusterhub.services.models import SurveyResponse
from clusterhub.services.models import SurveyToken
from tests.factories import OrganisationFactory
from tests.services.conftest import answers_for
from tests.services.conftest import make_service


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --- services and stages --------------------------------------------------------------------


def test_move_to_pilot_without_plan_is_refused_naming_the_missing_fields(world, idea_a):
    idea_a.owner = world["manager_a"]
    idea_a.description = "A clinic"
    domain.save_service(service=idea_a)
    with pytest.raises(ValidationError) as exc:
        domain.move_service(
            service=idea_a, to_status="pilot", actor=world["manager_a"], reason="Go"
        )
    message = errors_of(exc)["status"][0]
    assert message == (
        "To be at stage Pilot the service needs: target members, resources, price model."
    )
    idea_a.refresh_from_db()
    assert idea_a.status == "idea"
    assert StageDecision.objects.count() == 0


def test_move_to_active_without_launch_date_and_kpi_is_refused(world, idea_a):
    idea_a.owner = world["manager_a"]
    idea_a.description = "A clinic"
    idea_a.target_size_classes = ["micro"]
    idea_a.resources = "Staff"
    idea_a.price_model = "free"
    domain.save_service(service=idea_a)
    with pytest.raises(ValidationError) as exc:
        domain.move_service(
            service=idea_a, to_status="active", actor=world["manager_a"], reason="x"
        )
    errors = errors_of(exc)
    assert errors["status"] == [
        "To be at stage Active the service needs: launch date, success KPI."
    ]
    assert errors["launch_date"] == ["Required from stage Active on."]
    assert errors["success_kpi"] == ["Required from stage Active on."]


def test_move_to_design_needs_owner_and_description(world, idea_a):
    with pytest.raises(ValidationError) as exc:
        domain.move_service(
            service=idea_a, to_status="design", actor=world["manager_a"], reason="x"
        )
    assert errors_of(exc)["status"] == [
        "To be at stage Design the service needs: owner, description."
    ]


def test_stage_moves_are_logged_with_who_when_why(world, idea_a):
    idea_a.owner = world["staff_a"]
    idea_a.description = "A clinic"
    domain.save_service(service=idea_a)
    decision = domain.move_service(
        service=idea_a, to_status="design", actor=world["manager_a"], reason="  Members want it "
    )
    assert (decision.from_status, decision.to_status) == ("idea", "design")
    assert decision.decided_by == world["manager_a"]
    assert decision.reason == "Members want it"
    assert decision.decided_at is not None
    assert Service.objects.get(pk=idea_a.pk).status == "design"


def test_move_needs_a_reason_and_a_different_known_stage(world, idea_a):
    with pytest.raises(ValidationError) as exc:
        domain.move_service(service=idea_a, to_status="idea", actor=world["manager_a"], reason=" ")
    assert errors_of(exc) == {
        "to_status": ["The service is already at this stage."],
        "reason": ["Say why: the reason goes into the decision log."],
    }
    with pytest.raises(ValidationError) as exc:
        domain.move_service(
            service=idea_a, to_status="launched", actor=world["manager_a"], reason="x"
        )
    assert errors_of(exc) == {"to_status": ["Unknown stage launched."]}


def test_retiring_sets_the_date(world, active_a):
    domain.move_service(
        service=active_a, to_status="retired", actor=world["manager_a"], reason="Old"
    )
    active_a.refresh_from_db()
    assert active_a.status == "retired"
    assert active_a.retired_on is not None


def test_editing_cannot_change_the_stage_unlogged(world, idea_a):
    idea_a.status = "retired"
    idea_a.retired_on = dt.date(2026, 1, 1)
    with pytest.raises(ValidationError) as exc:
        domain.save_service(service=idea_a)
    assert errors_of(exc) == {"status": ["Change the stage with a stage move, which is logged."]}


def test_fixed_fee_needs_an_amount_and_free_drops_it(world):
    with pytest.raises(ValidationError) as exc:
        make_service(world.cluster_a, world["manager_a"], price_model="fixed_fee")
    assert errors_of(exc)["price_eur"] == ["A fixed fee or a price per use needs an amount."]
    service = make_service(world.cluster_a, world["manager_a"], price_eur=Decimal("10"))
    assert service.price_eur is None


def test_unknown_target_codes_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_service(
            world.cluster_a,
            world["manager_a"],
            target_org_types=["sme", "alien"],
            target_sectors=["62", "ZZ99"],
        )
    errors = errors_of(exc)
    assert errors["target_org_types"] == ["Unknown codes: alien."]
    assert errors["target_sectors"] == ["Not NACE Rev. 2.1 codes: ZZ99."]


def test_service_names_are_unique_per_cluster(world, active_a):
    with pytest.raises(ValidationError) as exc:
        make_service(world.cluster_a, world["manager_a"])
    assert list(errors_of(exc)) == ["__all__"]
    make_service(world.cluster_b, world["manager_b"])


# --- guidance and uptake --------------------------------------------------------------------


def test_guidance_note_needs_text(world, idea_a):
    with pytest.raises(ValidationError) as exc:
        domain.add_guidance(service=idea_a, author=world["expert_a"], text="   ")
    assert errors_of(exc) == {"text": ["Write the guidance."]}
    note = domain.add_guidance(service=idea_a, author=world["expert_a"], text="Pilot first")
    assert list(idea_a.guidance_notes.values_list("text", flat=True)) == ["Pilot first"]
    assert note.author == world["expert_a"]


def test_uptake_only_for_launched_services_and_members(world, idea_a, active_a):
    with pytest.raises(ValidationError) as exc:
        domain.record_uptake(
            service=idea_a, organisation=world.member_a, used_on=dt.date(2026, 1, 1)
        )
    assert errors_of(exc) == {
        "service": ["Uptake is recorded for services in pilot or active only."]
    }
    with pytest.raises(ValidationError) as exc:
        domain.record_uptake(
            service=active_a, organisation=world.member_b, used_on=dt.date(2026, 1, 1)
        )
    assert errors_of(exc) == {"organisation": ["This organisation is not a member of the cluster."]}
    with pytest.raises(ValidationError) as exc:
        domain.record_uptake(
            service=active_a,
            organisation=world.member_a,
            used_on=dt.date(2026, 1, 1),
            satisfaction=6,
        )
    assert list(errors_of(exc)) == ["satisfaction"]
    uptake = domain.record_uptake(
        service=active_a, organisation=world.member_a, used_on=dt.date(2026, 1, 1), satisfaction=5
    )
    assert active_a.uptakes.get() == uptake


# --- surveys ---------------------------------------------------------------------------------


def test_template_survey_has_a_rating_question_per_category(world):
    survey = domain.create_survey_from_template(cluster=world.cluster_a, actor=world["manager_a"])
    rated = set(survey.questions.filter(kind="rating").values_list("category", flat=True))
    assert rated == {
        "information",
        "networking",
        "training",
        "internationalisation",
        "innovation",
        "finance",
        "advocacy",
        "infrastructure",
    }
    assert survey.questions.count() == 11
    assert survey.status == "draft"


def test_questions_change_only_in_draft(world, survey_a):
    with pytest.raises(ValidationError) as exc:
        domain.save_question(question=Question(survey=survey_a, text="Late?", kind="text"))
    assert exc.value.messages == [
        "The survey is Open for answers; questions change only while it is a draft."
    ]


def test_choice_question_needs_two_choices(world):
    survey = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="S"))
    with pytest.raises(ValidationError) as exc:
        domain.save_question(
            question=Question(survey=survey, text="Q", kind="choice", choices=["a", "a "])
        )
    assert errors_of(exc) == {"choices": ["A choice question needs at least two choices."]}


def test_survey_without_questions_cannot_open(world):
    survey = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="S"))
    with pytest.raises(ValidationError) as exc:
        domain.open_survey(survey=survey)
    assert exc.value.messages == ["Add at least one question before opening the survey."]


def test_member_answers_once(world, survey_a):
    response = domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a), user=world["member_a"]
    )
    assert response.answers.count() == 4
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(
            survey=survey_a, answers=answers_for(survey_a), user=world["member_a"]
        )
    assert exc.value.messages == ["You have already answered this survey."]
    assert SurveyResponse.objects.count() == 1
    assert QuestionAnswer.objects.count() == 4


def test_closed_and_draft_surveys_refuse_answers(world, survey_a):
    domain.close_survey(survey=survey_a)
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(
            survey=survey_a, answers=answers_for(survey_a), user=world["member_a"]
        )
    assert exc.value.messages == ["This survey is closed; answers are no longer accepted."]
    draft = domain.save_survey(survey=Survey(cluster=world.cluster_a, title="Draft"))
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(survey=draft, answers={}, user=world["member_a"])
    assert exc.value.messages == ["This survey is not open for answers yet."]
    assert SurveyResponse.objects.count() == 0


def test_one_time_token_answers_once(world, survey_a):
    [(record, token)] = domain.issue_tokens(survey=survey_a, labels=["Member A Ltd"])
    assert record.digest != token and len(token) >= 30
    domain.submit_response(survey=survey_a, answers=answers_for(survey_a), token=token)
    record.refresh_from_db()
    assert record.used_at is not None
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(survey=survey_a, answers=answers_for(survey_a), token=token)
    assert exc.value.messages == ["This link has already been used to answer the survey."]
    assert SurveyResponse.objects.count() == 1


def test_forged_token_and_token_of_another_survey_are_refused(world, survey_a):
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(survey=survey_a, answers=answers_for(survey_a), token="forged")
    assert exc.value.messages == ["This survey link is not valid."]
    other = domain.create_survey_from_template(cluster=world.cluster_b, actor=world["manager_b"])
    [(_record, token)] = domain.issue_tokens(survey=other, labels=["x"])
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(survey=survey_a, answers=answers_for(survey_a), token=token)
    assert exc.value.messages == ["This survey link is not valid."]
    assert SurveyToken.objects.filter(used_at__isnull=False).count() == 0


def test_bad_answers_are_refused_per_question(world, survey_a):
    q = {x.kind: x.pk for x in survey_a.questions.all()}
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(
            survey=survey_a,
            answers={
                q["rating"]: 6,
                q["choice"]: "Never",
                q["multiple"]: ["Workshops", "Golf"],
                999: 1,
            },
            user=world["member_a"],
        )
    assert errors_of(exc) == {
        "answers": ["Unknown questions: 999."],
        f"q{q['rating']}": ["Choose a rating from 1 to 5."],
        f"q{q['choice']}": ["Choose from the choices offered."],
        f"q{q['multiple']}": ["Choose from the choices offered."],
    }
    with pytest.raises(ValidationError) as exc:
        domain.submit_response(survey=survey_a, answers={}, user=world["member_a"])
    assert errors_of(exc) == {
        f"q{q['rating']}": ["This question needs an answer."],
        f"q{q['choice']}": ["This question needs an answer."],
    }
    for bad in (True, 3.5, "3.5", "x"):
        with pytest.raises(ValidationError):
            domain.submit_response(
                survey=survey_a,
                answers={q["rating"]: bad, q["choice"]: "Often"},
                user=world["member_a"],
            )
    assert SurveyResponse.objects.count() == 0


def test_tokens_are_refused_for_closed_surveys_and_without_labels(world, survey_a):
    with pytest.raises(ValidationError) as exc:
        domain.issue_tokens(survey=survey_a, labels=[])
    assert errors_of(exc) == {"labels": ["Say for whom the links are (one line each)."]}
    domain.close_survey(survey=survey_a)
    with pytest.raises(ValidationError) as exc:
        domain.issue_tokens(survey=survey_a, labels=["a"])
    assert exc.value.messages == ["The survey is closed."]


def test_close_and_reopen(world, survey_a):
    with pytest.raises(ValidationError):
        domain.open_survey(survey=survey_a)
    domain.close_survey(survey=survey_a)
    with pytest.raises(ValidationError):
        domain.close_survey(survey=survey_a)
    assert domain.open_survey(survey=survey_a).status == "open"


def test_token_organisation_is_kept_on_the_response(world, survey_a):
    org = OrganisationFactory()
    [(_record, token)] = domain.issue_tokens(survey=survey_a, labels=["x"], organisation=org)
    response = domain.submit_response(survey=survey_a, answers=answers_for(survey_a), token=token)
    assert response.organisation == org
    assert response.respondent is None
