"""Saving an area's answers rescores the assessment once, not once per answer."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clusterhub.assessment import domain
from clusterhub.assessment.models import Answer
from tests.assessment.conftest import GOOD_ANSWERS


def _open_answers(draft):
    return [
        a
        for a in draft.answers.select_related("indicator").order_by("indicator__position")
        if a.indicator.code in GOOD_ANSWERS and a.indicator.answer_type != "evidence"
    ]


def _rescorings(queries) -> int:
    return sum("SET total_points" in q["sql"] for q in queries.captured_queries)


def test_save_answers_rescores_once_whatever_the_number_of_answers(draft):
    answers = _open_answers(draft)
    assert len(answers) == 27
    with CaptureQueriesContext(connection) as one:
        domain.save_answers(
            assessment=draft, values=[(answers[0], GOOD_ANSWERS[answers[0].indicator.code], "")]
        )
    with CaptureQueriesContext(connection) as many:
        saved = domain.save_answers(
            assessment=draft, values=[(a, GOOD_ANSWERS[a.indicator.code], "") for a in answers]
        )
    assert _rescorings(one) == _rescorings(many) == 1
    # Each further answer costs its own validation and write, never a rescoring (27 answers
    # saved one by one took 405 queries).
    assert len(many) - len(one) <= 5 * (len(answers) - 1)
    stored = dict(Answer.objects.filter(assessment=draft).values_list("pk", "points"))
    assert [a.points for a in saved] == [stored[a.pk] for a in saved]
    draft.refresh_from_db()
    assert draft.total_points > 0


def test_save_answers_is_all_or_nothing(draft):
    answers = _open_answers(draft)
    values = [(a, GOOD_ANSWERS[a.indicator.code], "") for a in answers]
    assert answers[-1].indicator.answer_type == "yes_no"
    values[-1] = (answers[-1], "perhaps", "")
    with pytest.raises(ValidationError):
        domain.save_answers(assessment=draft, values=values)
    assert (
        not Answer.objects.filter(pk__in=[a.pk for a in answers], answered=True)
        .exclude(computed_number__isnull=False)
        .exists()
    )
