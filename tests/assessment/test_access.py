"""Who sees and does what, through pages and the API; bad input answers 4xx, never 500."""

import json
from datetime import date
from decimal import Decimal

import pytest

from clusterhub.assessment import domain
from clusterhub.assessment.forms import OVERTAKEN
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import LabelAward
from tests.assessment.conftest import as_opened
from tests.assessment.conftest import fill
from tests.conftest import area_api

V1 = "/api/v1/assessment"
api_as = area_api(V1)
ALL = (
    "admin",
    "coordinator",
    "manager_a",
    "staff_a",
    "member_a",
    "expert_a",
    "observer_a",
    "manager_b",
    "outsider",
)


def _status(client_for, world, name, url):
    return client_for(world[name]).get(url).status_code


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("coordinator", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 404),
        ("expert_a", 404),
        ("observer_a", 404),
        ("manager_b", 404),
        ("outsider", 404),
    ],
)
def test_drafts_are_seen_by_the_team_only(draft, client_for, world, user, status):
    assert _status(client_for, world, user, f"/assessment/{draft.pk}/") == status


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("admin", 200),
        ("coordinator", 200),
        ("manager_a", 200),
        ("staff_a", 200),
        ("member_a", 200),
        ("expert_a", 404),  # an expert role in the cluster is not an assignment
        ("observer_a", 200),
        ("manager_b", 404),
        ("outsider", 404),
    ],
)
@pytest.mark.parametrize("page", ["", "areas/governance/", "peers/", "report/", "report.pdf"])
def test_submitted_results_are_seen_by_insiders(submitted, client_for, world, user, status, page):
    response = client_for(world[user]).get(f"/assessment/{submitted.pk}/{page}")
    assert response.status_code == status
    if status == 200 and page == "report.pdf":
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")


def test_assigned_expert_sees_and_reviews_only_that_assessment(submitted, client_for, world):
    expert = world["expert_a"]
    domain.assign_expert(assessment=submitted, expert=expert)
    c = client_for(expert)
    assert c.get(f"/assessment/{submitted.pk}/").status_code == 200
    assert c.get(f"/assessment/{submitted.pk}/review/").status_code == 200
    assert (
        client_for(world["manager_a"]).get(f"/assessment/{submitted.pk}/review/").status_code == 403
    )
    c = client_for(expert)
    answered = c.post(
        f"/assessment/{submitted.pk}/review/",
        {"code": "GO03", "comment": "Only a draft", "points": "1", "reason": "Not adopted"},
    )
    assert answered.status_code == 302
    go03 = Answer.objects.get(assessment=submitted, indicator__code="GO03")
    assert (go03.points, go03.expert_points, go03.expert_comment) == (4, 1, "Only a draft")
    c.post(
        f"/assessment/{submitted.pk}/review/",
        {"form": "findings", "strengths": "a", "weaknesses": "b", "recommendations": "c"},
    )
    approved = c.post(f"/assessment/{submitted.pk}/review/", {"form": "approve"})
    assert approved.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    assert c.get(f"/assessment/{submitted.pk}/review/").status_code == 403


def test_review_page_rejects_bad_points_without_500(submitted, client_for, world):
    domain.assign_expert(assessment=submitted, expert=world["expert_a"])
    c = client_for(world["expert_a"])
    for data in (
        {"code": "GO03", "points": "abc"},
        {"code": "GO03", "points": "99", "reason": "x"},
        {"code": "GO03", "points": "1"},
        {"code": "NOPE"},
    ):
        response = c.post(f"/assessment/{submitted.pk}/review/", data)
        assert response.status_code in (200, 302, 404)
    assert Answer.objects.get(assessment=submitted, indicator__code="GO03").expert_points is None


def test_questionnaire_area_saves_all_or_nothing(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/areas/governance/"
    bad = c.post(url, {"value-GO03": "adopted", "value-GO05": "150", "reason-GO01": "Two left"})
    assert bad.status_code == 200
    assert "Enter a value from 0 to 100 %." in bad.content.decode()
    # What was typed comes back to be put right, the reason for a changed figure too.
    assert 'id="reason-GO01" value="Two left"' in bad.content.decode()
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").answered is False
    good = c.post(url, {"value-GO03": "adopted", "value-GO05": "50", "value-GO01": "0"})
    assert good.status_code == 200  # GO01 changed without a reason
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").answered is False
    ok = c.post(
        url,
        {"value-GO03": "adopted", "value-GO05": "50", "value-GO01": "0", "reason-GO01": "Left"},
    )
    assert ok.status_code == 302
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").choice == "adopted"


def test_saving_an_area_keeps_the_answers_someone_else_gave_meanwhile(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/areas/governance/"
    opened = as_opened(c.get(url).content.decode())
    assert opened["shown-value-GO03"] == opened["shown-value-GO05"] == ""
    # The manager answers GO03 while the staff member fills GO05 in the page opened before.
    go03 = Answer.objects.get(assessment=draft, indicator__code="GO03")
    domain.save_answer(answer=go03, value="adopted")
    assert c.post(url, {**opened, "value-GO05": "50"}).status_code == 302
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").choice == "adopted"
    assert Answer.objects.get(assessment=draft, indicator__code="GO05").number == 50
    # The page shows both now, and what it shows is what it compares with.
    opened = as_opened(c.get(url).content.decode())
    assert (opened["value-GO03"], opened["value-GO05"]) == ("adopted", "50")
    # Both change GO03: the second to save is told; nothing is saved, and the page shows the
    # other answer to decide on, beside this person's other changes.
    domain.save_answer(answer=go03, value="draft")
    clash = c.post(url, {**opened, "value-GO03": "none", "value-GO05": "60"})
    assert clash.status_code == 200
    page = clash.content.decode()
    assert str(OVERTAKEN) in page
    assert '<option value="draft" selected>' in page
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").choice == "draft"
    assert Answer.objects.get(assessment=draft, indicator__code="GO05").number == 50
    again = as_opened(page)
    assert (again["shown-value-GO03"], again["shown-value-GO05"]) == ("draft", "50")
    assert 'value="60"' in page
    # Changed again over the answer now shown: this person's answer replaces it.
    assert c.post(url, {**again, "value-GO03": "none", "value-GO05": "60"}).status_code == 302
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").choice == "none"
    assert Answer.objects.get(assessment=draft, indicator__code="GO05").number == 60


def test_text_and_number_answers_given_meanwhile_are_not_replaced(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/areas/achievements/"
    opened = as_opened(c.get(url).content.decode())
    ac01 = Answer.objects.get(assessment=draft, indicator__code="AC01")
    ac02 = Answer.objects.get(assessment=draft, indicator__code="AC02")
    domain.save_answer(answer=ac01, value="Logistics day\nFood fair")
    domain.save_answer(answer=ac02, value="12.5")
    clash = c.post(url, {**opened, "value-AC01": "Our own list", "value-AC02": "15"})
    assert clash.status_code == 200
    assert clash.content.decode().count(str(OVERTAKEN)) == 2
    assert Answer.objects.get(pk=ac01.pk).text == "Logistics day\nFood fair"
    assert Answer.objects.get(pk=ac02.pk).number == Decimal("12.5")
    again = as_opened(clash.content.decode())
    assert (again["value-AC01"], again["value-AC02"]) == ("Logistics day\nFood fair", "12.50")
    # The same answers, as a browser sends them and typed another way, are no clash.
    same = {**opened, "value-AC01": "Logistics day\r\nFood fair", "value-AC02": "12,5"}
    assert c.post(url, same).status_code == 302
    assert Answer.objects.get(pk=ac02.pk).number == Decimal("12.5")


def test_autosave_does_not_replace_an_answer_given_meanwhile(draft, client_for, world):
    c = client_for(world["staff_a"])
    url = f"/assessment/{draft.pk}/answers/GO03/autosave/"

    def autosave(**body):
        return c.post(url, json.dumps(body), content_type="application/json")

    def stored():
        return Answer.objects.get(assessment=draft, indicator__code="GO03").choice

    go03 = Answer.objects.get(assessment=draft, indicator__code="GO03")
    domain.save_answer(answer=go03, value="adopted")
    clash = autosave(value="none", shown="")
    assert clash.status_code == 409
    assert clash.json() == {"errors": {"GO03": [str(OVERTAKEN)]}, "value": "adopted"}
    assert stored() == "adopted"
    # Changed again over the answer the page now shows: saved, and the page learns the new one.
    saved = autosave(value="none", shown="adopted")
    assert saved.status_code == 200
    assert saved.json()["shown"] == "none"
    assert stored() == "none"
    # Giving the answer someone else gave meanwhile is no clash.
    domain.save_answer(answer=go03, value="draft")
    assert autosave(value="draft", shown="none").status_code == 200
    # A script that sends no shown value saves as before.
    assert autosave(value="adopted").status_code == 200
    assert stored() == "adopted"


def test_an_answer_is_untouched_when_value_and_reason_come_back_as_shown():
    from django.http import QueryDict

    from clusterhub.assessment.forms import untouched

    def post(**fields):
        query = QueryDict(mutable=True)
        for name, value in fields.items():
            query[name.replace("_", "-")] = value
        return query

    # A textarea's lines come back ending in CRLF.
    assert untouched(post(value_X1="a\r\nb", shown_value_X1="a\nb"), "X1") is True
    assert untouched(post(value_X1="a", shown_value_X1="b"), "X1") is False
    assert (
        untouched(
            post(value_X1="5", shown_value_X1="5", reason_X1="new", shown_reason_X1="old"), "X1"
        )
        is False
    )
    assert untouched(post(value_X1="5"), "X1") is False  # a script's post: every answer is saved


@pytest.mark.parametrize(
    ("user", "status"), [("manager_b", 404), ("member_a", 404), ("outsider", 404)]
)
def test_others_cannot_post_answers(draft, client_for, world, user, status):
    c = client_for(world[user])
    url = f"/assessment/{draft.pk}/areas/governance/"
    assert c.post(url, {"value-GO03": "adopted"}).status_code == status
    auto = c.post(
        f"/assessment/{draft.pk}/answers/GO03/autosave/",
        json.dumps({"value": "adopted"}),
        content_type="application/json",
    )
    assert auto.status_code == status
    assert Answer.objects.get(assessment=draft, indicator__code="GO03").answered is False


def test_autosave(draft, client_for, world):
    c = client_for(world["manager_a"])
    url = f"/assessment/{draft.pk}/answers/GO03/autosave/"
    ok = c.post(url, json.dumps({"value": "action_plan"}), content_type="application/json")
    assert ok.status_code == 200
    assert ok.json()["points"] == "4.00"
    bad = c.post(url, json.dumps({"value": "best"}), content_type="application/json")
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["GO03"]
    assert c.post(url, "{not json", content_type="application/json").status_code == 400
    assert c.post(url, "[1]", content_type="application/json").status_code == 400
    missing = f"/assessment/{draft.pk}/answers/XX99/autosave/"
    assert c.post(missing, "{}", content_type="application/json").status_code == 404


def test_submitted_assessment_is_read_only_to_its_team(submitted, client_for, world):
    c = client_for(world["manager_a"])
    assert (
        c.post(f"/assessment/{submitted.pk}/areas/governance/", {"value-GO03": "none"}).status_code
        == 403
    )
    assert c.post(f"/assessment/{submitted.pk}/submit/").status_code == 403


def test_evidence_upload_and_download(draft, client_for, world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    c = client_for(world["manager_a"])
    url = f"/assessment/{draft.pk}/answers/GO03/evidence/"
    c.post(url, {"file": SimpleUploadedFile("strategy.pdf", b"%PDF-1.4 x"), "description": "S"})
    c.post(url, {"file": SimpleUploadedFile("virus.exe", b"MZ")})
    evidence = list(Answer.objects.get(assessment=draft, indicator__code="GO03").evidence.all())
    assert [e.original_name for e in evidence] == ["strategy.pdf"]
    download = f"/assessment/{draft.pk}/evidence/{evidence[0].pk}/"
    response = c.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert client_for(world["manager_b"]).get(download).status_code == 404
    # Guessing the evidence id under another assessment id finds nothing.
    other = domain.start_assessment(
        cluster=world.cluster_b,
        framework=draft.framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    guessed = f"/assessment/{other.pk}/evidence/{evidence[0].pk}/"
    assert client_for(world["manager_b"]).get(guessed).status_code == 404


def test_start_page(world, framework, client_for):
    assert client_for(world["outsider"]).get("/assessment/start/").status_code == 403
    assert client_for(world["member_a"]).get("/assessment/start/").status_code == 403
    c = client_for(world["manager_a"])
    assert c.get("/assessment/start/").status_code == 200
    response = c.post(
        "/assessment/start/",
        {
            "cluster": world.cluster_b.pk,
            "framework": framework.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
        },
    )
    assert response.status_code == 200  # cluster B is not a choice for manager A
    response = c.post(
        "/assessment/start/",
        {
            "cluster": world.cluster_a.pk,
            "framework": framework.pk,
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "programme": world.programme.pk,
        },
    )
    assert response.status_code == 302
    assert world.cluster_a.assessments.count() == 1


def test_assign_and_award_pages(submitted, client_for, world):
    url = f"/assessment/{submitted.pk}/experts/"
    assert (
        client_for(world["manager_a"]).post(url, {"expert": world["expert_a"].pk}).status_code
        == 403
    )
    assert (
        client_for(world["manager_b"]).post(url, {"expert": world["expert_a"].pk}).status_code
        == 404
    )
    assert (
        client_for(world["coordinator"]).post(url, {"expert": world["expert_a"].pk}).status_code
        == 302
    )
    assert submitted.reviews.get().expert == world["expert_a"]
    award = f"/assessment/{submitted.pk}/awards/"
    assert (
        client_for(world["manager_a"])
        .post(award, {"level": "bronze", "awarded_on": "2026-01-01"})
        .status_code
        == 403
    )
    # Not approved: the coordinator is told, nothing is recorded.
    assert (
        client_for(world["coordinator"])
        .post(award, {"level": "bronze", "awarded_on": "2026-01-01"})
        .status_code
        == 302
    )
    assert LabelAward.objects.count() == 0


def test_assign_and_award_forms_say_what_is_missing(submitted, client_for, world):
    coordinator = client_for(world["coordinator"])

    def said(url, data) -> tuple[str, list[str]]:
        response = coordinator.post(url, data, follow=True)
        return response.redirect_chain[-1][0], [str(m) for m in response.context["messages"]]

    overview = f"/assessment/{submitted.pk}/"
    experts, awards = f"{overview}experts/", f"{overview}awards/"
    assert said(experts, {}) == (overview, ["Choose an expert."])
    assert said(awards, {"level": "gold"}) == (overview, ["Choose a label and a date."])
    assert (submitted.reviews.count(), LabelAward.objects.count()) == (0, 0)
    assert said(experts, {"expert": world["expert_a"].pk}) == (overview, ["Expert assigned."])


def test_index_shows_expiry_reminders(submitted, client_for, world):
    from django.utils import timezone

    from clusterhub.core.months import add_months

    domain.award_label(
        assessment=submitted,
        level="bronze",
        awarded_on=add_months(timezone.localdate(), -22),
        check=False,
    )
    page = client_for(world["manager_a"]).get("/assessment/").content.decode()
    assert "Label expiry reminders" in page
    assert "CLA · Bronze" in page
    other = client_for(world["manager_b"]).get("/assessment/").content.decode()
    assert "Label expiry reminders" not in other


def test_compare_page(world, framework, client_for):
    first = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
    )
    fill(first)
    domain.submit_assessment(assessment=first)
    second = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    c = client_for(world["manager_a"])
    page = c.get(f"/assessment/{second.pk}/compare/{first.pk}/")
    assert page.status_code == 200
    assert "Before and after" in page.content.decode()
    foreign = domain.start_assessment(
        cluster=world.cluster_b,
        framework=framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    assert c.get(f"/assessment/{second.pk}/compare/{foreign.pk}/").status_code == 404
    assert (
        client_for(world["admin"]).get(f"/assessment/{second.pk}/compare/{foreign.pk}/").status_code
        == 404
    )


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_only_visible_assessments(submitted, world, api_as):
    draft = domain.start_assessment(
        cluster=world.cluster_a,
        framework=submitted.framework,
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
    )

    def ids(name):
        response = api_as(name).get("/assessments")
        assert response.status_code == 200
        return sorted(item["id"] for item in response.json()["items"])

    assert ids("manager_a") == sorted([submitted.pk, draft.pk])
    assert ids("member_a") == [submitted.pk]
    assert ids("expert_a") == []
    assert ids("manager_b") == []
    assert ids("outsider") == []


@pytest.mark.parametrize("path", ["", "/answers", "/answers/GO03", "/score", "/peers", "/reviews"])
def test_api_hides_another_clusters_assessment(submitted, api_as, path):
    assert api_as("manager_b").get(f"/assessments/{submitted.pk}{path}").status_code == 404
    assert api_as("manager_a").get(f"/assessments/{submitted.pk}{path}").status_code == 200


def test_api_answers_and_validation(draft, api_as):
    staff = api_as("staff_a")
    ok = staff.send("put", f"/assessments/{draft.pk}/answers/GO03", {"value": "adopted"})
    assert ok.status_code == 200
    assert ok.json()["points"] == "3.00"
    yes = staff.send("put", f"/assessments/{draft.pk}/answers/GO04", {"value": True})
    assert yes.json()["flag"] is True
    number = staff.send("put", f"/assessments/{draft.pk}/answers/IN01", {"value": 12})
    assert number.json()["number"] == "12.00"
    for odd in ([1], {"a": 1}, "x" * 10001):
        response = staff.send("put", f"/assessments/{draft.pk}/answers/IN01", {"value": odd})
        assert response.status_code == 422
    bad = staff.send("put", f"/assessments/{draft.pk}/answers/IN02", {"value": "250"})
    assert bad.status_code == 422
    assert list(bad.json()["errors"]) == ["IN02"]
    assert (
        staff.send("put", f"/assessments/{draft.pk}/answers/NOPE", {"value": "1"}).status_code
        == 404
    )
    assert staff.send("put", f"/assessments/{draft.pk}/answers/GO03", "{bad").status_code in (
        400,
        422,
    )
    link = staff.send(
        "post", f"/assessments/{draft.pk}/answers/GO03/links", {"link": "https://e.example/s"}
    )
    assert link.status_code == 201
    assert len(link.json()["evidence"]) == 1
    assert (
        staff.send(
            "post", f"/assessments/{draft.pk}/answers/GO03/links", {"link": "not a url"}
        ).status_code
        == 422
    )
    assert (
        api_as("manager_b")
        .send("put", f"/assessments/{draft.pk}/answers/GO03", {"value": "none"})
        .status_code
        == 404
    )
    submit = staff.send("post", f"/assessments/{draft.pk}/submit")
    assert submit.status_code == 422
    assert "GO05" in submit.json()["errors"]


STALE = "Someone else changed this record after you opened it"


def test_api_answer_put_refuses_a_stale_if_match_and_writes_nothing(draft, api_as):
    staff, manager = api_as("staff_a"), api_as("manager_a")
    path = f"/assessments/{draft.pk}/answers/GO03"
    opened = staff.get(path)
    assert opened.status_code == 200
    assert opened.json()["points"] == "0.00"
    # The manager answers the same indicator in between.
    assert manager.send("put", path, {"value": "adopted"}).json()["points"] == "3.00"
    stale = staff.send("put", path, {"value": "none"}, **{"If-Match": opened["ETag"]})
    assert stale.status_code == 412
    assert stale.json()["detail"].startswith(STALE)
    assert staff.get(path).json()["points"] == "3.00"
    # A member does not see a draft: 404, not a 412 that would tell it exists.
    refused = api_as("member_a").send("put", path, {"value": "none"}, **{"If-Match": '"x"'})
    assert refused.status_code == 404
    current = staff.get(path)["ETag"]
    fresh = staff.send("put", path, {"value": "none"}, **{"If-Match": current})
    assert fresh.status_code == 200
    assert fresh.json()["points"] == "0.00"
    assert fresh["ETag"] == staff.get(path)["ETag"] != current
    # Without If-Match the answer is stored as before.
    assert staff.send("put", path, {"value": "adopted"}).status_code == 200


def test_api_create_assessment(world, framework, api_as):
    body = {"cluster": world.cluster_a.pk, "period_start": "2025-01-01", "period_end": "2025-12-31"}
    assert api_as("manager_b").send("post", "/assessments", body).status_code == 403
    assert api_as("member_a").send("post", "/assessments", body).status_code == 403
    created = api_as("manager_a").send("post", "/assessments", body)
    assert created.status_code == 201
    assert created.json()["framework"] == framework.pk
    missing = api_as("manager_a").send("post", "/assessments", dict(body, cluster=999999))
    assert missing.status_code == 422
    assert list(missing.json()["errors"]) == ["cluster"]
    backwards = api_as("manager_a").send(
        "post", "/assessments", dict(body, period_end="2024-01-01")
    )
    assert backwards.status_code == 422
    assert list(backwards.json()["errors"]) == ["period_end"]
    huge = api_as("manager_a").send("post", "/assessments", dict(body, cluster=2**70))
    assert huge.status_code == 422


def test_api_review_and_award_flow(submitted, world, api_as):
    expert = world["expert_a"]
    assert (
        api_as("manager_a")
        .send("post", f"/assessments/{submitted.pk}/reviews", {"expert": expert.pk})
        .status_code
        == 403
    )
    assigned = api_as("coordinator").send(
        "post", f"/assessments/{submitted.pk}/reviews", {"expert": expert.pk}
    )
    assert assigned.status_code == 201
    not_expert = api_as("coordinator").send(
        "post", f"/assessments/{submitted.pk}/reviews", {"expert": world["outsider"].pk}
    )
    assert not_expert.status_code == 422
    assert api_as("expert_a").get(f"/assessments/{submitted.pk}").status_code == 200
    reviewed = api_as("expert_a").send(
        "put",
        f"/assessments/{submitted.pk}/reviews/mine/answers/GO03",
        {"comment": "ok", "points": "2", "reason": "draft only"},
    )
    assert reviewed.status_code == 200
    assert (reviewed.json()["points"], reviewed.json()["expert_points"]) == ("4.00", "2.00")
    assert (
        api_as("manager_a")
        .send("put", f"/assessments/{submitted.pk}/reviews/mine/answers/GO03", {"comment": "x"})
        .status_code
        == 403
    )
    assert (
        api_as("expert_a")
        .send("post", f"/assessments/{submitted.pk}/reviews/mine/approve")
        .status_code
        == 422
    )
    api_as("expert_a").send(
        "put", f"/assessments/{submitted.pk}/reviews/mine", {"recommendations": "Adopt it"}
    )
    assert (
        api_as("expert_a")
        .send("post", f"/assessments/{submitted.pk}/reviews/mine/approve")
        .status_code
        == 200
    )
    award = {"level": "bronze", "awarded_on": "2026-01-05"}
    assert (
        api_as("manager_a").send("post", f"/assessments/{submitted.pk}/awards", award).status_code
        == 403
    )
    refused = api_as("coordinator").send("post", f"/assessments/{submitted.pk}/awards", award)
    assert refused.status_code == 422  # cluster A has too few committed members for Bronze
    assert (
        api_as("coordinator")
        .send(
            "post",
            f"/assessments/{submitted.pk}/awards",
            {"level": "platinum", "awarded_on": "2026-01-05"},
        )
        .status_code
        == 422
    )
    score = api_as("manager_a").get(f"/assessments/{submitted.pk}/score").json()
    assert [r["level"] for r in score["readiness"]] == ["bronze", "silver", "gold"]
    assert score["readiness"][0]["ready"] is False


def test_api_frameworks_and_awards(framework, submitted, api_as):
    listed = api_as("outsider").get("/frameworks")
    assert [f["id"] for f in listed.json()["items"]] == [framework.pk]
    detail = api_as("outsider").get(f"/frameworks/{framework.pk}").json()
    assert len(detail["indicators"]) == 36
    assert detail["labels"]["gold"]["min_percent"] == "80"
    assert api_as("outsider").get("/frameworks/999999").status_code == 404
    assert api_as("outsider").get("/awards").json() == {"items": [], "count": 0}
    peers = api_as("manager_a").get(f"/assessments/{submitted.pk}/peers", group="sector").json()
    assert (peers["shown"], peers["group_size"], peers["areas"]) == (False, 0, [])
    assert (
        api_as("manager_a").get(f"/assessments/{submitted.pk}/peers", group="bogus").status_code
        == 422
    )


def test_anonymous_is_refused(submitted, client):
    assert client.get("/assessment/").status_code == 302
    assert client.get(f"/assessment/{submitted.pk}/").status_code == 302
    assert client.get(f"{V1}/assessments").status_code == 401


def test_report_carries_the_funding_notice_of_an_eu_funded_programme(submitted, client_for, world):
    page = (
        client_for(world["manager_a"]).get(f"/assessment/{submitted.pk}/report/").content.decode()
    )
    assert "has received funding" not in page
    world.programme.eu_funding_programme = "COSME"
    world.programme.funding_agency = "EASME"
    world.programme.save()
    page = (
        client_for(world["manager_a"]).get(f"/assessment/{submitted.pk}/report/").content.decode()
    )
    assert (
        "The 5FX project has received funding from the European Union&#x27;s COSME programme."
        in page
    )
    assert "Fewer than 5 peers: no peer comparison." in page


def test_cli_report_writes_a_pdf(submitted, tmp_path):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    out = tmp_path / "r.pdf"
    call_command("assessment", "report", str(submitted.pk), "--pdf", str(out))
    assert out.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command("assessment", "report", "999999", "--pdf", str(out))
    with pytest.raises(CommandError):
        call_command("assessment", "report", str(submitted.pk), "--pdf", str(tmp_path / "no/r.pdf"))
