"""Assessment verbs: pre-filling, answering, evidence, submission, review, labels, insights."""

from datetime import date
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clusterhub.accounts.domain import grant_role
from clusterhub.assessment import domain
from clusterhub.assessment import insights
from clusterhub.assessment.benchmark import benchmark
from clusterhub.assessment.benchmark import size_band
from clusterhub.assessment.evaluation import evaluate
from clusterhub.assessment.evaluation import readiness
from clusterhub.assessment.models import Answer
from clusterhub.assessment.models import Evidence
from clusterhub.assessment.models import LabelAward
from tests.assessment.conftest import fill
from tests.factories import ClusterFactory
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import UserFactory


def answer(assessment, code) -> Answer:
    return assessment.answers.select_related("indicator").get(indicator__code=code)


def test_start_prefills_computed_indicators_from_the_registry(world, framework):
    cluster = world.cluster_a
    cluster.founded = 2010
    cluster.management_fte = Decimal("1.50")
    cluster.save()
    for n in range(3):
        MembershipFactory(
            cluster=cluster,
            organisation=OrganisationFactory(name=f"Uni {n}", org_type="university"),
            committed=True,
            commitment_ground="fee",
        )
    a = domain.start_assessment(
        cluster=cluster,
        framework=framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    assert answer(a, "GO01").number == Decimal("1.50")
    assert answer(a, "GO01").computed_number == Decimal("1.50")
    assert answer(a, "GO02").number == Decimal(15)
    assert answer(a, "ST05").number == Decimal(3)
    assert answer(a, "ST01").number == Decimal(cluster.memberships.filter(committed=True).count())
    assert answer(a, "ST02").number == Decimal(2)  # the factory member and universities
    assert answer(a, "GO03").answered is False
    assert a.answers.count() == 36
    assert a.committed_members == 3 + int(
        world.cluster_a.memberships.filter(committed=True).count() > 3
    )


def test_start_refuses_a_period_that_ends_before_it_starts(world, framework):
    with pytest.raises(ValidationError) as exc:
        domain.start_assessment(
            cluster=world.cluster_a,
            framework=framework,
            period_start=date(2025, 2, 1),
            period_end=date(2025, 1, 1),
        )
    assert list(exc.value.message_dict) == ["period_end"]


def test_start_refuses_a_programme_the_cluster_is_not_in(world, framework):
    with pytest.raises(ValidationError) as exc:
        domain.start_assessment(
            cluster=world.cluster_b,
            framework=framework,
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
            programme=world.programme,
        )
    assert list(exc.value.message_dict) == ["programme"]


@pytest.mark.parametrize(
    ("code", "value", "message"),
    [
        ("IN02", "101", "Enter a value from 0 to 100 %."),
        ("IN02", "-1", "Enter a value from 0 to 100 %."),
        ("SE01", "9", "Enter a value from 0 to 8 categories."),
        ("FI03", "12 kg", "Enter a number."),
        ("FI03", "NaN", "Enter a number."),
        ("FI03", "1.234", "Use at most two decimals."),
        ("GO03", "perfect", "Choose one of: none, draft, adopted, action_plan."),
        ("GO04", "maybe", "Answer yes or no."),
    ],
)
def test_bad_answers_are_refused_naming_the_indicator(draft, code, value, message):
    before = answer(draft, code)
    with pytest.raises(ValidationError) as exc:
        domain.save_answer(answer=before, value=value)
    assert exc.value.message_dict == {code: [message]}
    after = answer(draft, code)
    assert (after.number, after.choice, after.flag, after.answered) == (
        before.number,
        before.choice,
        before.flag,
        before.answered,
    )


def test_percent_sign_and_comma_are_understood(draft):
    saved = domain.save_answer(answer=answer(draft, "IN02"), value="75,5 %")
    assert saved.number == Decimal("75.5")
    assert saved.points == Decimal(3)


def test_changing_a_computed_value_needs_a_reason_which_is_kept(draft):
    go01 = answer(draft, "GO01")
    with pytest.raises(ValidationError) as exc:
        domain.save_answer(answer=go01, value="2")
    assert list(exc.value.message_dict) == ["GO01"]
    saved = domain.save_answer(answer=go01, value="2", override_reason="New hire in March")
    assert (saved.number, saved.computed_number, saved.override_reason) == (
        Decimal(2),
        go01.computed_number,
        "New hire in March",
    )
    back = domain.save_answer(answer=saved, value=str(go01.computed_number))
    assert back.override_reason == ""


def test_scores_follow_the_answers(draft):
    domain.save_answer(answer=answer(draft, "GO03"), value="action_plan")
    draft.refresh_from_db()
    assert answer(draft, "GO03").points == Decimal(4)
    assert Decimal(draft.indicator_percents["GO03"]) == Decimal("100.0")
    domain.save_answer(answer=answer(draft, "GO03"), value="")
    draft.refresh_from_db()
    assert answer(draft, "GO03").points == Decimal(0)
    assert answer(draft, "GO03").answered is False


def test_evidence_upload_is_limited_and_stored_under_a_generated_name(draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ans = answer(draft, "GO03")
    with pytest.raises(ValidationError) as exc:
        domain.add_evidence(answer=ans, upload=SimpleUploadedFile("run.exe", b"MZ"))
    assert list(exc.value.message_dict) == ["file"]
    big = SimpleUploadedFile("big.pdf", b"x" * (10 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError):
        domain.add_evidence(answer=ans, upload=big)
    ev = domain.add_evidence(
        answer=ans, upload=SimpleUploadedFile("../../etc/Strategy 2025.PDF", b"%PDF-1.4 demo")
    )
    assert ev.original_name == "Strategy 2025.PDF"  # Django drops the path part
    assert ev.file.name.startswith(f"assessment/evidence/{draft.pk}/")
    assert ev.file.name.endswith(".pdf")
    assert "Strategy" not in ev.file.name and ".." not in ev.file.name
    assert (tmp_path / ev.file.name).read_bytes() == b"%PDF-1.4 demo"
    assert Evidence.objects.count() == 1
    with pytest.raises(ValidationError):
        domain.add_evidence(answer=ans)  # neither file nor link
    stored = tmp_path / ev.file.name
    domain.remove_evidence(evidence=ev)
    assert not stored.exists()


def test_submit_lists_what_is_missing_then_freezes(draft):
    with pytest.raises(ValidationError) as exc:
        domain.submit_assessment(assessment=draft)
    assert "GO03" in exc.value.message_dict
    fill(draft, evidence_link="")  # answers without the required evidence
    with pytest.raises(ValidationError) as exc:
        domain.submit_assessment(assessment=draft)
    assert set(exc.value.message_dict) == {"GO03", "FI04", "IN05", "AC03"}
    assert exc.value.message_dict["GO03"] == ["This answer needs evidence (a file or a link)."]


def test_submitted_assessment_cannot_change(submitted):
    assert submitted.status == "submitted"
    with pytest.raises(ValidationError):
        domain.save_answer(answer=answer(submitted, "GO03"), value="none")
    with pytest.raises(ValidationError):
        domain.add_evidence(answer=answer(submitted, "GO03"), link="https://x.example")


def test_review_flow_keeps_both_values_and_approves(submitted, world):
    expert = world["expert_a"]
    with pytest.raises(ValidationError) as exc:
        domain.assign_expert(assessment=submitted, expert=world["manager_b"])
    assert list(exc.value.message_dict) == ["expert"]
    review = domain.assign_expert(assessment=submitted, expert=expert)
    with pytest.raises(ValidationError):
        domain.assign_expert(assessment=submitted, expert=expert)
    before = submitted.total_points
    go03 = answer(submitted, "GO03")
    with pytest.raises(ValidationError) as exc:
        domain.review_answer(review=review, answer=go03, points=Decimal(1))
    assert list(exc.value.message_dict) == ["expert_reason"]
    with pytest.raises(ValidationError):
        domain.review_answer(review=review, answer=go03, points=Decimal(9), reason="too many")
    domain.review_answer(
        review=review, answer=go03, comment="Draft only", points=Decimal(1), reason="Not adopted"
    )
    go03 = answer(submitted, "GO03")
    assert (go03.points, go03.expert_points, go03.expert_reason) == (
        Decimal(4),
        Decimal(1),
        "Not adopted",
    )
    submitted.refresh_from_db()
    assert submitted.total_points == before - 3
    with pytest.raises(ValidationError) as exc:
        domain.approve_review(review=review)
    assert list(exc.value.message_dict) == ["recommendations"]
    domain.save_findings(
        review=review, strengths="s", weaknesses="w", recommendations="Adopt the strategy."
    )
    domain.approve_review(review=review)
    submitted.refresh_from_db()
    assert submitted.status == "approved"
    with pytest.raises(ValidationError):
        domain.review_answer(review=review, answer=go03, comment="late")


def test_at_most_two_experts(submitted, world):
    experts = [UserFactory(username=f"ex{n}") for n in range(3)]
    for user in experts:
        grant_role(user=user, role="expert", cluster=world.cluster_b)
    domain.assign_expert(assessment=submitted, expert=experts[0])
    domain.assign_expert(assessment=submitted, expert=experts[1])
    with pytest.raises(ValidationError) as exc:
        domain.assign_expert(assessment=submitted, expert=experts[2])
    assert exc.value.message_dict == {"expert": ["An assessment has at most two experts."]}


def test_label_awards_check_readiness_and_renew(submitted, world):
    with pytest.raises(ValidationError):  # not approved yet
        domain.award_label(assessment=submitted, level="bronze", awarded_on=date(2026, 1, 5))
    r = readiness(evaluate(submitted))
    assert r["bronze"].ready is False  # cluster A has one member
    first = domain.award_label(
        assessment=submitted, level="bronze", awarded_on=date(2024, 1, 5), check=False
    )
    assert (first.valid_from, first.valid_until) == (date(2024, 1, 5), date(2026, 1, 5))
    renewal = domain.award_label(
        assessment=submitted, level="bronze", awarded_on=date(2026, 11, 1), check=False
    )
    assert (renewal.valid_from, renewal.valid_until, renewal.renewal_of) == (
        date(2026, 1, 5),
        date(2029, 1, 5),
        first,
    )
    gold = domain.award_label(
        assessment=submitted, level="gold", awarded_on=date(2026, 11, 1), check=False
    )
    assert gold.valid_until == date(2028, 11, 1)
    assert LabelAward.objects.count() == 3


def test_insights_contract(world, draft):
    assert insights.latest_assessment(world.cluster_a) is None
    assert insights.assessment_score(world.cluster_a) is None
    assert insights.weak_areas(world.cluster_a) == []
    assert insights.weak_indicators(world.cluster_a) == []
    fill(draft)
    domain.submit_assessment(assessment=draft)
    assert insights.latest_assessment(world.cluster_a) == draft
    draft.refresh_from_db()
    assert insights.assessment_score(world.cluster_a) == draft.total_percent
    weak = insights.weak_areas(world.cluster_a)
    assert [w.code for w in weak] == ["structure"]
    assert weak[0].percent == Decimal(draft.area_percents["structure"])
    indicators = insights.weak_indicators(world.cluster_a)
    st01 = next(w for w in indicators if w.code == "ST01")
    assert (st01.area_code, st01.percent) == ("structure", Decimal("0.0"))
    assert st01.service_categories == ["networking", "information"]
    assert st01.training_topics == ["strategy"]
    assert [w.percent for w in indicators] == sorted(w.percent for w in indicators)
    assert insights.weak_areas(world.cluster_b) == []


def test_latest_assessment_prefers_approved_over_newer_submitted(world, framework):
    older = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(2023, 1, 1),
        period_end=date(2023, 12, 31),
    )
    fill(older)
    domain.submit_assessment(assessment=older)
    newer = domain.start_assessment(
        cluster=world.cluster_a,
        framework=framework,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    fill(newer)
    domain.submit_assessment(assessment=newer)
    assert insights.latest_assessment(world.cluster_a) == newer
    review = domain.assign_expert(assessment=older, expert=world["expert_a"])
    domain.save_findings(review=review, strengths="", weaknesses="", recommendations="r")
    domain.approve_review(review=review)
    assert insights.latest_assessment(world.cluster_a) == older


def _peer(framework, n, *, sector="ict", country="LV"):
    cluster = ClusterFactory(
        acronym=f"P{n}", name=f"Peer {n}", sector_group=sector, country=country
    )
    a = domain.start_assessment(
        cluster=cluster,
        framework=framework,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    fill(a)
    domain.save_answer(answer=answer(a, "IN01"), value=str(n))
    return domain.submit_assessment(assessment=a)


def test_peer_groups_below_five_are_not_shown(submitted, framework):
    for n in range(4):
        _peer(framework, n)
    assert benchmark(submitted, "all").shown is False
    assert benchmark(submitted, "all").group_size == 4
    _peer(framework, 4)
    bench = benchmark(submitted, "all")
    assert (bench.shown, bench.group_size) == (True, 5)
    # Drafts and the cluster's own assessments are never peers.
    assert benchmark(submitted, "country").group_size == 5
    assert benchmark(submitted, "sector").group_size == sum(
        1 for n in range(5) if submitted.cluster.sector_group == "ict"
    )
    in01 = next(p for p in bench.indicators if p.code == "IN01")
    assert in01.percentile == Decimal("100.0")  # 20 events beat peers with 0-4


def test_size_bands():
    assert [size_band(n) for n in (0, 24, 25, 99, 100, 249, 250, 5000)] == [
        "0-24",
        "0-24",
        "25-49",
        "50-99",
        "100-249",
        "100-249",
        "250+",
        "250+",
    ]


def test_submitted_at_in_the_future_is_refused(draft):
    from django.utils import timezone

    fill(draft)
    with pytest.raises(ValidationError):
        domain.submit_assessment(assessment=draft, on=timezone.now() + timedelta(days=2))


def test_rescore_all_matches_rescore(submitted, world, framework):
    from clusterhub.assessment.models import Assessment

    expected = (submitted.total_points, submitted.total_percent, submitted.area_percents)
    other = _peer(framework, 7)
    Assessment.objects.update(total_points=0, total_percent=0, area_percents={})
    Answer.objects.filter(assessment=submitted, indicator__code="GO03").update(points=0)
    assert domain.rescore_all(Assessment.objects.all()) == 2
    submitted.refresh_from_db()
    assert (submitted.total_points, submitted.total_percent, submitted.area_percents) == expected
    assert answer(submitted, "GO03").points == Decimal(4)
    other.refresh_from_db()
    assert other.total_percent > 0
