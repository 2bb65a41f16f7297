"""Pages: who sees what (403/404 for the rest), forms, the board, answering, exports, PDFs."""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from clusterhub.services import domain
from clusterhub.services.models import Service
from clusterhub.services.models import StageDecision
from clusterhub.services.models import SurveyResponse
from tests.services.conftest import answers_for


def get(client_for, user, name, *args):
    return client_for(user).get(reverse(f"services:{name}", args=args))


def test_index_lists_clusters_surveys_and_comparisons(world, client_for, survey_a):
    page = get(client_for, world["member_a"], "index")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cluster A" in html and "Cluster B" not in html
    assert reverse("services:survey_answer", args=[survey_a.pk]) in html
    html = get(client_for, world["coordinator"], "index").content.decode()
    assert reverse("services:comparison", args=[world.programme.pk]) in html


def test_anonymous_is_sent_to_sign_in(world):
    response = Client().get(reverse("services:portfolio", args=[world.cluster_a.pk]))
    assert response.status_code == 302
    assert "/accounts/login" in response["Location"]


@pytest.mark.parametrize(
    ("name", "allowed", "denied"),
    [
        (
            "portfolio",
            ["admin", "coordinator", "member_a", "observer_a", "expert_a"],
            ["outsider", "manager_b"],
        ),
        (
            "pipeline",
            ["manager_a", "staff_a", "expert_a"],
            ["member_a", "observer_a", "coordinator", "manager_b"],
        ),
        ("gaps", ["manager_a", "expert_a"], ["member_a", "observer_a", "outsider"]),
        ("survey_list", ["manager_a", "staff_a"], ["expert_a", "member_a", "manager_b"]),
        ("service_create", ["manager_a", "staff_a"], ["expert_a", "member_a", "coordinator"]),
    ],
)
def test_cluster_pages(world, client_for, name, allowed, denied):
    for user in allowed:
        assert get(client_for, world[user], name, world.cluster_a.pk).status_code == 200, user
    for user in denied:
        assert get(client_for, world[user], name, world.cluster_a.pk).status_code == 403, user
    assert get(client_for, world["admin"], name, 10**9).status_code == 404


def test_portfolio_shows_visible_services_only(world, client_for, active_a, idea_a):
    html = get(client_for, world["member_a"], "portfolio", world.cluster_a.pk).content.decode()
    assert "Export desk" in html and "Funding clinic" not in html
    html = get(client_for, world["staff_a"], "portfolio", world.cluster_a.pk).content.decode()
    assert "Export desk" in html and "Funding clinic" in html


def test_other_clusters_service_guessed_by_id_is_404(world, client_for, service_b, idea_a):
    for name in ("service_detail", "service_edit", "service_delete"):
        assert get(client_for, world["manager_a"], name, service_b.pk).status_code == 404
    # Visible but not changeable: 403; in development and not visible: 404.
    assert get(client_for, world["member_a"], "service_detail", idea_a.pk).status_code == 404
    response = client_for(world["manager_b"]).post(
        reverse("services:service_move", args=[idea_a.pk]), {"to_status": "design", "reason": "x"}
    )
    assert response.status_code == 404


def test_member_may_read_but_not_edit_a_service(world, client_for, active_a):
    assert get(client_for, world["member_a"], "service_detail", active_a.pk).status_code == 200
    assert get(client_for, world["member_a"], "service_edit", active_a.pk).status_code == 403
    response = client_for(world["member_a"]).post(
        reverse("services:service_move", args=[active_a.pk]),
        {"to_status": "retired", "reason": "x"},
    )
    assert response.status_code == 403


def test_create_service_through_the_form(world, client_for):
    response = client_for(world["manager_a"]).post(
        reverse("services:service_create", args=[world.cluster_a.pk]),
        {
            "name": "Finance desk",
            "category": "finance",
            "status": "idea",
            "target_sectors": "62, 10",
            "owner": world["manager_a"].pk,
        },
    )
    service = Service.objects.get(name="Finance desk")
    assert response.status_code == 302
    assert service.target_sectors == ["10", "62"]
    assert service.owner == world["manager_a"]


def test_create_active_service_without_plan_shows_the_missing_fields(world, client_for):
    response = client_for(world["manager_a"]).post(
        reverse("services:service_create", args=[world.cluster_a.pk]),
        {"name": "Finance desk", "category": "finance", "status": "active"},
    )
    assert response.status_code == 400
    assert (
        "To be at stage Active the service needs: owner, description" in response.content.decode()
    )
    assert not Service.objects.exists()


def test_pipeline_board_moves_with_buttons_and_refuses_missing_fields(world, client_for, idea_a):
    client = client_for(world["manager_a"])
    html = client.get(reverse("services:pipeline", args=[world.cluster_a.pk])).content.decode()
    assert 'name="to_status" value="design"' in html
    move = reverse("services:service_move", args=[idea_a.pk])
    response = client.post(
        move, {"to_status": "design", "reason": "Go", "back": "pipeline"}, follow=True
    )
    assert (
        "To be at stage Design the service needs: owner, description." in response.content.decode()
    )
    assert StageDecision.objects.count() == 0
    idea_a.owner = world["manager_a"]
    idea_a.description = "Clinic"
    domain.save_service(service=idea_a)
    response = client.post(move, {"to_status": "design", "reason": "Go", "back": "pipeline"})
    assert response.status_code == 302
    assert response["Location"] == reverse("services:pipeline", args=[world.cluster_a.pk])
    assert StageDecision.objects.get().decided_by == world["manager_a"]


def test_expert_adds_guidance_but_cannot_move(world, client_for, idea_a):
    client = client_for(world["expert_a"])
    client.post(reverse("services:guidance_add", args=[idea_a.pk]), {"text": "Pilot with five"})
    assert idea_a.guidance_notes.get().author == world["expert_a"]
    response = client.post(
        reverse("services:service_move", args=[idea_a.pk]), {"to_status": "design", "reason": "x"}
    )
    assert response.status_code == 403
    observer = client_for(world["observer_a"])
    assert (
        observer.post(reverse("services:guidance_add", args=[idea_a.pk]), {"text": "x"}).status_code
        == 404
    )


def test_record_uptake_from_the_page(world, client_for, active_a):
    response = client_for(world["staff_a"]).post(
        reverse("services:uptake_add", args=[active_a.pk]),
        {"organisation": world.member_a.pk, "used_on": "2026-02-01", "satisfaction": "4"},
    )
    assert response.status_code == 302
    assert active_a.uptakes.get().satisfaction == 4


def _said(client, url, data) -> tuple[str, list[str]]:
    """Where a small form's POST leads, and the messages shown there."""
    response = client.post(url, data, follow=True)
    return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]


def test_small_service_forms_say_what_to_put_right_and_write_nothing(world, client_for, active_a):
    client = client_for(world["manager_a"])
    detail = reverse("services:service_detail", args=[active_a.pk])
    guidance = reverse("services:guidance_add", args=[active_a.pk])
    assert _said(client, guidance, {"text": ""}) == (detail, ["Write the guidance."])
    assert _said(client, reverse("services:uptake_add", args=[active_a.pk]), {"used_on": "x"}) == (
        detail,
        ["Member organisation: This field is required.", "Used on: Enter a valid date."],
    )
    assert _said(client, reverse("services:service_move", args=[active_a.pk]), {"reason": "x"}) == (
        detail,
        ["This field is required."],
    )
    assert (active_a.guidance_notes.count(), active_a.uptakes.count()) == (0, 0)
    assert StageDecision.objects.count() == 0
    assert _said(client, guidance, {"text": "Pilot"}) == (detail, ["Your guidance note was added."])


def test_member_answers_the_survey_once_through_the_page(world, client_for, survey_a):
    client = client_for(world["member_a"])
    url = reverse("services:survey_answer", args=[survey_a.pk])
    data = {f"q{pk}": v for pk, v in answers_for(survey_a).items()}
    assert client.get(url).status_code == 200
    response = client.post(url, data)
    assert response.status_code == 200
    assert "were saved" in response.content.decode()
    assert SurveyResponse.objects.get().organisation == world.member_a
    again = client.post(url, data)
    assert again.status_code == 409
    assert "You have already answered this survey." in again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_missing_answer_is_shown_at_its_question(world, client_for, survey_a):
    client = client_for(world["member_a"])
    response = client.post(reverse("services:survey_answer", args=[survey_a.pk]), {})
    assert response.status_code == 400
    assert "This question needs an answer." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_others_cannot_answer(world, client_for, survey_a):
    assert get(client_for, world["observer_a"], "survey_answer", survey_a.pk).status_code == 404
    assert get(client_for, world["manager_b"], "survey_answer", survey_a.pk).status_code == 404
    assert get(client_for, world["manager_a"], "survey_answer", survey_a.pk).status_code == 403


def test_closed_survey_page_refuses_clearly(world, client_for, survey_a):
    domain.close_survey(survey=survey_a)
    response = get(client_for, world["member_a"], "survey_answer", survey_a.pk)
    assert response.status_code == 409
    assert "This survey is closed; answers are no longer accepted." in response.content.decode()


def test_token_link_answers_once_without_signing_in(world, survey_a):
    [(_record, token)] = domain.issue_tokens(survey=survey_a, labels=["Member A"])
    client = Client()
    url = reverse("services:survey_token", args=[token])
    assert client.get(url).status_code == 200
    data = {f"q{pk}": v for pk, v in answers_for(survey_a).items()}
    assert client.post(url, data).status_code == 200
    reused = client.post(url, data)
    assert reused.status_code == 409
    assert "This link has already been used to answer the survey." in reused.content.decode()
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize("token", ["forged-token", "x" * 300, "%00", "' OR 1=1 --"])
def test_forged_token_gets_a_clear_page(db, token):
    response = Client().get(f"/services/answer/{token}/")
    assert response.status_code == 404
    assert "This survey link is not valid. Check the address." in response.content.decode()


def test_manager_builds_a_survey_from_the_template_and_opens_it(world, client_for):
    client = client_for(world["manager_a"])
    response = client.post(
        reverse("services:survey_create", args=[world.cluster_a.pk]), {"from_template": "1"}
    )
    survey = world.cluster_a.surveys.get()
    assert response["Location"] == reverse("services:survey_detail", args=[survey.pk])
    client.post(
        reverse("services:survey_detail", args=[survey.pk]),
        {"text": "Which fair?", "kind": "choice", "choices": "A\nB", "required": "on"},
    )
    assert survey.questions.count() == 12
    client.post(reverse("services:survey_status", args=[survey.pk, "open"]))
    survey.refresh_from_db()
    assert survey.status == "open"
    links = client.post(reverse("services:survey_tokens", args=[survey.pk]), {"labels": "A\nB"})
    assert links.status_code == 200
    assert links.content.decode().count("/services/answer/") == 2


def test_blank_survey_needs_a_title(world, client_for):
    response = client_for(world["manager_a"]).post(
        reverse("services:survey_create", args=[world.cluster_a.pk]), {"title": "  "}
    )
    assert response.status_code == 400
    assert not world.cluster_a.surveys.exists()


def test_results_page_has_charts_and_tables(world, client_for, survey_a):
    domain.submit_response(survey=survey_a, answers=answers_for(survey_a), user=world["member_a"])
    response = get(client_for, world["manager_a"], "survey_results", survey_a.pk)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") == 4  # per category + rating + choice + multiple
    assert "Access to finance" in html
    assert get(client_for, world["member_a"], "survey_results", survey_a.pk).status_code == 403
    assert get(client_for, world["manager_b"], "survey_results", survey_a.pk).status_code == 404


def test_gap_analysis_page_names_its_sources(world, client_for, survey_a):
    domain.submit_response(
        survey=survey_a, answers=answers_for(survey_a, rating=5), user=world["member_a"]
    )
    html = get(client_for, world["manager_a"], "gaps", world.cluster_a.pk).content.decode()
    assert "Member requests no member offers: from matchmaking" in " ".join(html.split())
    assert "New service: Access to finance" in html


def test_comparison_page_and_denied(world, client_for, active_a):
    page = get(client_for, world["coordinator"], "comparison", world.programme.pk)
    assert page.status_code == 200
    assert "Export desk" in page.content.decode()
    for user in ("member_a", "manager_b", "outsider", "expert_a"):
        assert get(client_for, world[user], "comparison", world.programme.pk).status_code == 403
    assert get(client_for, world["coordinator"], "comparison", 10**9).status_code == 404


def _xlsx_rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


def test_exports_csv_and_xlsx(world, client_for, active_a, survey_a):
    active_a.description = '=HYPERLINK("http://evil")'
    domain.save_service(service=active_a)
    client = client_for(world["manager_a"])
    csv = client.get(
        reverse("services:cluster_export", args=[world.cluster_a.pk, "portfolio", "csv"])
    )
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Name,Category,Status")
    assert "'=HYPERLINK" in text
    for what in ("portfolio", "decisions", "uptake", "gaps"):
        xlsx = client.get(
            reverse("services:cluster_export", args=[world.cluster_a.pk, what, "xlsx"])
        )
        assert xlsx.status_code == 200, what
        assert _xlsx_rows(xlsx.content)[0][0] in {"Name", "Service", "Rank"}
    domain.submit_response(survey=survey_a, answers=answers_for(survey_a), user=world["member_a"])
    rows = _xlsx_rows(
        client.get(
            reverse("services:survey_export", args=[survey_a.pk, "responses", "xlsx"])
        ).content
    )
    assert rows[0][4:] == ("Finance?", "How often?", "Formats?", "Else?")
    assert rows[1][4:] == ("4", "Often", "Workshops", "More")
    comparison = client_for(world["coordinator"]).get(
        reverse("services:comparison_export", args=[world.programme.pk, "csv"])
    )
    assert "Export desk" in comparison.content.decode("utf-8-sig")


def test_exports_denied_and_unknown(world, client_for, survey_a):
    a = world.cluster_a.pk
    assert (
        client_for(world["member_a"])
        .get(reverse("services:cluster_export", args=[a, "uptake", "csv"]))
        .status_code
        == 403
    )
    assert (
        client_for(world["member_a"])
        .get(reverse("services:cluster_export", args=[a, "portfolio", "csv"]))
        .status_code
        == 200
    )
    assert (
        client_for(world["outsider"])
        .get(reverse("services:cluster_export", args=[a, "portfolio", "csv"]))
        .status_code
        == 403
    )
    assert (
        client_for(world["manager_a"])
        .get(reverse("services:cluster_export", args=[a, "secrets", "csv"]))
        .status_code
        == 404
    )
    assert (
        client_for(world["manager_a"])
        .get(reverse("services:cluster_export", args=[a, "portfolio", "exe"]))
        .status_code
        == 404
    )
    assert (
        client_for(world["member_a"])
        .get(reverse("services:survey_export", args=[survey_a.pk, "responses", "csv"]))
        .status_code
        == 403
    )


def test_pdfs_carry_the_funding_notice_when_eu_funded(world, client_for, active_a):
    world.programme.eu_funding_programme = "COSME"
    world.programme.save()
    client = client_for(world["manager_a"])
    for name in ("portfolio_pdf", "gaps_pdf"):
        response = client.get(reverse(f"services:{name}", args=[world.cluster_a.pk]))
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")
    assert get(client_for, world["member_a"], "gaps_pdf", world.cluster_a.pk).status_code == 403


def test_pdf_context_has_the_notice(world, client_for, active_a, monkeypatch):
    seen = {}

    def fake_render(template, context, **kwargs):
        seen[template] = context.get("funding_notice")
        return b"%PDF-fake"

    monkeypatch.setattr("clusterhub.services.reports.render_pdf", fake_render)
    client = client_for(world["manager_a"])
    client.get(reverse("services:portfolio_pdf", args=[world.cluster_a.pk]))
    assert seen["services/portfolio_pdf.html"] is None
    world.programme.eu_funding_programme = "COSME"
    world.programme.save()
    client.get(reverse("services:gaps_pdf", args=[world.cluster_a.pk]))
    assert "COSME" in seen["services/gaps_pdf.html"].acknowledgement
    client_b = client_for(world["manager_b"])
    client_b.get(reverse("services:portfolio_pdf", args=[world.cluster_b.pk]))
    assert seen["services/portfolio_pdf.html"] is None


def test_delete_service(world, client_for, active_a):
    client = client_for(world["manager_a"])
    domain.add_guidance(service=active_a, author=world["manager_a"], text="Ask the bank first.")
    asked = client.get(reverse("services:service_delete", args=[active_a.pk]))
    assert asked.status_code == 200
    # Only what exists is listed: the note, not the (empty) decision log and uptake.
    assert asked.context["dependents"] == [("guidance notes", 1)]
    response = client.post(reverse("services:service_delete", args=[active_a.pk]), follow=True)
    assert response.redirect_chain == [
        (reverse("services:portfolio", args=[world.cluster_a.pk]), 302)
    ]
    assert [str(m) for m in response.context["messages"]] == ["The service was deleted."]
    assert not Service.objects.exists()


def test_a_question_of_an_open_survey_is_not_deleted_and_the_page_says_why(
    world, client_for, survey_a
):
    question = survey_a.questions.order_by("pk").first()
    url = reverse("services:question_delete", args=[question.pk])
    client = client_for(world["manager_a"])
    asked = client.get(url)
    posted = client.post(url)
    assert (asked.status_code, posted.status_code) == (409, 409)
    assert asked.context["refusal"] == posted.context["refusal"] != ""
    assert survey_a.questions.filter(pk=question.pk).exists()


def test_portfolio_shows_uptake_and_satisfaction(world, client_for, active_a):
    for satisfaction in (4, 5):
        domain.record_uptake(
            service=active_a,
            organisation=world.member_a,
            used_on=dt.date(2026, 1, 1),
            satisfaction=satisfaction,
        )
    html = get(client_for, world["observer_a"], "portfolio", world.cluster_a.pk).content.decode()
    assert '<td class="num">2</td><td class="num">4.5</td>' in html


def test_portfolio_status_filter(world, client_for, active_a):
    client = client_for(world["manager_a"])
    url = reverse("services:portfolio", args=[world.cluster_a.pk])
    assert "Export desk" not in client.get(url, {"status": "pilot"}).content.decode()
    assert "Export desk" in client.get(url, {"status": "active"}).content.decode()
    assert "Export desk" in client.get(url, {"status": "\x00bogus"}).content.decode()


def test_portfolio_filters_through_the_shared_filter_form(world, client_for, active_a, idea_a):
    client = client_for(world["manager_a"])
    url = reverse("services:portfolio", args=[world.cluster_a.pk])

    def page(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return response.content.decode()

    every = page()
    # The fields of services/filters.py ServiceFilters, drawn by common/_filters.html.
    assert 'role="search"' in every and 'class="actions filters"' not in every
    for field in (
        '<input type="text" name="q"',
        '<select name="status"',
        '<select name="category"',
    ):
        assert field in every
    assert "Export desk" in every and "Funding clinic" in every
    active = page(status="active")
    assert '<option value="active" selected>Active</option>' in active
    assert "Export desk" in active and "Funding clinic" not in active
    finance = page(category="finance")
    assert '<option value="finance" selected>Access to finance</option>' in finance
    assert "Funding clinic" in finance and "Export desk" not in finance
    searched = page(q="clinic", sort="-name")
    assert (
        'value="clinic"' in searched
        and '<input type="hidden" name="sort" value="-name">' in searched
    )
    assert "Funding clinic" in searched and "Export desk" not in searched
    # A value that names no status is ignored (as before): nothing selected, the whole portfolio.
    bogus = page(status="bogus")
    assert " selected>" not in bogus.split('<select name="status"')[1].split("</select>")[0]
    assert "Export desk" in bogus and "Funding clinic" in bogus
