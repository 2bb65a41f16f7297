"""Old stored service texts and survey answers with control characters do not break exports."""

from django.urls import reverse

from clusterhub.services import domain
from clusterhub.services.models import QuestionAnswer
from clusterhub.services.models import Service
from tests.services.conftest import answers_for
from tests.xlsx_controls import cleaned
from tests.xlsx_controls import control_text
from tests.xlsx_controls import xlsx_texts


def test_cluster_survey_and_comparison_exports(world, client_for, active_a, survey_a):
    Service.objects.filter(pk=active_a.pk).update(
        name=control_text("Service"), description=control_text("About")
    )
    domain.submit_response(survey=survey_a, answers=answers_for(survey_a), user=world["member_a"])
    survey_a.questions.filter(kind="text").update(text=control_text("Else"))
    QuestionAnswer.objects.filter(question__kind="text").update(text=control_text("Answer"))
    manager = client_for(world["manager_a"])
    for what in ("portfolio", "decisions", "uptake", "gaps"):
        response = manager.get(
            reverse("services:cluster_export", args=[world.cluster_a.pk, what, "xlsx"])
        )
        assert response.status_code == 200, what
        if what == "portfolio":
            assert {cleaned("Service"), cleaned("About")} <= xlsx_texts(response.content)
    for what in ("responses", "summary"):
        response = manager.get(reverse("services:survey_export", args=[survey_a.pk, what, "xlsx"]))
        assert response.status_code == 200, what
        assert cleaned("Else") in xlsx_texts(response.content), what
        if what == "responses":
            assert cleaned("Answer") in xlsx_texts(response.content)
    response = client_for(world["coordinator"]).get(
        reverse("services:comparison_export", args=[world.programme.pk, "xlsx"])
    )
    assert response.status_code == 200
    assert any(cleaned("Service") in text for text in xlsx_texts(response.content))
