"""Two people saving the same answer in the same moment: the second waits for the first and is
told, instead of replacing the first one's answer unseen (see tests/same_moment.py)."""

import json

import pytest

from clusterhub.assessment import domain
from clusterhub.assessment.forms import OVERTAKEN
from clusterhub.assessment.models import Answer
from tests.assessment.conftest import as_opened
from tests.same_moment import ON_POSTGRESQL
from tests.same_moment import saved_meanwhile

pytestmark = [ON_POSTGRESQL, pytest.mark.django_db(transaction=True)]


def _go03(assessment) -> Answer:
    return Answer.objects.get(assessment=assessment, indicator__code="GO03")


def _colleague_answers(assessment, value: str):
    return saved_meanwhile(
        assessment, lambda: domain.save_answer(answer=_go03(assessment), value=value)
    )


def test_the_area_page_waits_for_a_save_in_the_same_moment_and_says_so(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/areas/governance/"
    opened = as_opened(c.get(url).content.decode())
    colleague = _colleague_answers(draft, "adopted")
    clash = c.post(url, {**opened, "value-GO03": "none"})
    colleague.join(20)
    assert clash.status_code == 200
    assert str(OVERTAKEN) in clash.content.decode()
    assert _go03(draft).choice == "adopted"


def test_autosave_waits_for_a_save_in_the_same_moment_and_says_so(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/answers/GO03/autosave/"
    colleague = _colleague_answers(draft, "adopted")
    body = json.dumps({"value": "none", "shown": ""})
    clash = c.post(url, body, content_type="application/json")
    colleague.join(20)
    assert clash.status_code == 409
    assert clash.json() == {"errors": {"GO03": [str(OVERTAKEN)]}, "value": "adopted"}
    assert _go03(draft).choice == "adopted"
