"""The strategy verbs: validation with clear messages, nothing half-saved, computing KPIs,
starting from a template, progress and overdue actions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from clusterhub.assessment.insights import WeakArea
from clusterhub.registry.models import Membership
from clusterhub.registry.models import NaceCode
from clusterhub.strategy import domain
from clusterhub.strategy import kpi_sources
from clusterhub.strategy.enums import ActionStatus
from clusterhub.strategy.enums import Direction
from clusterhub.strategy.enums import Origin
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.strategy.progress import progress_of
from tests.factories import MembershipFactory
from tests.factories import OrganisationFactory
from tests.factories import PersonFactory
from tests.strategy.conftest import make_strategy


def _messages(exc_info) -> dict[str, list[str]]:
    return exc_info.value.message_dict


# --- bad input -------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as exc:
        make_strategy(cluster=world.cluster_a, start=date(2025, 1, 1), end=date(2024, 12, 31))
    assert _messages(exc) == {"end": ["The end (2024-12-31) is before the start (2025-01-01)."]}
    assert Strategy.objects.count() == 0


@pytest.mark.parametrize("owners", ["none", "both"])
def test_a_strategy_has_exactly_one_owner(world, owners):
    fields = {} if owners == "none" else {"cluster": world.cluster_a, "programme": world.programme}
    with pytest.raises(ValidationError) as exc:
        make_strategy(**fields)
    assert _messages(exc) == {
        "cluster": ["A strategy belongs to a cluster or to a programme: pick one."]
    }


def test_a_cluster_strategy_can_be_the_output_only_of_its_own_programme(world):
    ok = make_strategy(cluster=world.cluster_a, output_of=world.programme)
    assert ok.funding_programme == world.programme
    with pytest.raises(ValidationError) as exc:
        make_strategy(cluster=world.cluster_b, output_of=world.programme)
    assert _messages(exc) == {"output_of": ["The cluster does not take part in 5FX."]}


def test_a_programme_strategy_needs_no_output_programme(world):
    with pytest.raises(ValidationError) as exc:
        make_strategy(programme=world.programme, output_of=world.programme)
    assert _messages(exc) == {
        "output_of": ["A programme's strategy is its own output; leave this empty."]
    }


def _kpi(strategy, **fields) -> Kpi:
    fields.setdefault("name", "Members")
    fields.setdefault("baseline", Decimal("10"))
    fields.setdefault("target", Decimal("20"))
    return domain.save_kpi(kpi=Kpi(strategy=strategy, **fields))


@pytest.mark.parametrize(
    ("direction", "target", "message"),
    [
        (
            Direction.UP,
            "10.00",
            "The target equals the baseline, so there is nothing to achieve; set a target above "
            "or below 10.",
        ),
        (
            Direction.DOWN,
            "10",
            "The target equals the baseline, so there is nothing to achieve; set a target above "
            "or below 10.",
        ),
        (Direction.UP, "5", "Higher is better, so the target must be above the baseline (10)."),
        (Direction.DOWN, "15", "Lower is better, so the target must be below the baseline (10)."),
    ],
)
def test_a_kpi_target_must_lie_in_its_direction(plans, direction, target, message):
    with pytest.raises(ValidationError) as exc:
        _kpi(plans.b, baseline=Decimal("10"), target=Decimal(target), direction=direction)
    assert _messages(exc) == {"target": [message]}
    assert plans.b.kpis.count() == 0


def test_a_kpi_with_an_unknown_source_or_another_strategys_objective_is_refused(plans):
    with pytest.raises(ValidationError) as exc:
        _kpi(plans.b, source="horoscope", objective=plans.objective_a)
    assert _messages(exc) == {
        "source": ["horoscope is not a known KPI source."],
        "objective": ["The objective belongs to another strategy."],
    }


def test_a_kpi_figure_with_too_many_decimals_is_refused(plans):
    with pytest.raises(ValidationError) as exc:
        _kpi(plans.b, baseline=Decimal("1.005"))
    assert _messages(exc) == {"baseline": ["Ensure that there are no more than 2 decimal places."]}


def test_a_measurement_outside_the_period_is_refused(plans):
    for day in (date(2023, 12, 31), date(2027, 1, 1)):
        with pytest.raises(ValidationError) as exc:
            domain.record_measurement(
                measurement=Measurement(kpi=plans.kpi_a, date=day, value=Decimal("12"))
            )
        assert _messages(exc) == {
            "date": [f"{day} is outside the strategy period (2024-01-01 to 2026-12-31)."]
        }
    assert Measurement.objects.count() == 0


def test_one_measurement_per_kpi_and_day(plans):
    day = date(2024, 3, 1)
    domain.record_measurement(measurement=Measurement(kpi=plans.kpi_a, date=day, value=1))
    with pytest.raises(ValidationError) as exc:
        domain.record_measurement(measurement=Measurement(kpi=plans.kpi_a, date=day, value=2))
    assert _messages(exc) == {"date": ["Members already has a measurement on 2024-03-01."]}


def test_the_period_cannot_shrink_past_a_measurement(plans):
    domain.record_measurement(
        measurement=Measurement(kpi=plans.kpi_a, date=date(2026, 6, 1), value=Decimal("14"))
    )
    plans.a.end = date(2025, 12, 31)
    with pytest.raises(ValidationError) as exc:
        domain.save_strategy(strategy=plans.a)
    assert _messages(exc) == {
        "end": [
            "A measurement of Members on 2026-06-01 would fall outside the period; delete it "
            "first or keep the period wider."
        ]
    }
    plans.a.refresh_from_db()
    assert plans.a.end == date(2026, 12, 31)


def test_an_action_has_one_owner_at_most(plans, world):
    action = Action(
        objective=plans.objective_a,
        title="Two owners",
        owner_user=world["manager_a"],
        owner_person=world.person_a,
    )
    with pytest.raises(ValidationError) as exc:
        domain.save_action(action=action)
    assert _messages(exc) == {
        "owner_person": ["Give the owner as a user or as a person, not both."]
    }


def test_an_action_links_only_to_services_events_or_trainings(plans):
    with pytest.raises(ValidationError) as exc:
        domain.link_action(
            action=plans.action_a, app_label="registry", model="cluster", object_id=1
        )
    assert _messages(exc) == {
        "content_type": ["An action links to services, events or trainings only."]
    }
    with pytest.raises(ValidationError) as exc:
        domain.link_action(action=plans.action_a, app_label="events", model="nope", object_id=1)
    assert _messages(exc) == {"model": ["events.nope is not a kind of object the platform knows."]}


# --- computing KPIs --------------------------------------------------------------------------


def test_members_are_counted_as_of_the_day(world):
    # cluster A has one member since 2020-01-01 (the world); add one that left and one later.
    MembershipFactory(
        cluster=world.cluster_a,
        organisation=OrganisationFactory(),
        since=date(2019, 1, 1),
        until=date(2021, 6, 30),
        committed=False,
        commitment_ground="",
    )
    MembershipFactory(
        cluster=world.cluster_a, organisation=OrganisationFactory(), since=date(2023, 1, 1)
    )
    clusters = [world.cluster_a]
    assert kpi_sources.compute("members", clusters, date(2020, 6, 1)) == 2
    assert kpi_sources.compute("members", clusters, date(2022, 1, 1)) == 1
    assert kpi_sources.compute("members", clusters, date(2024, 1, 1)) == 2
    assert kpi_sources.compute("committed_members", clusters, date(2020, 6, 1)) == 1
    assert kpi_sources.compute("members", [world.cluster_a, world.cluster_b], date(2024, 1, 1)) == 3


def test_a_source_whose_lookups_do_not_fit_its_model_is_unavailable(world, monkeypatch):
    missing = kpi_sources._counted(
        kpi_sources._Counted(Membership, where=(("nowhere", 1),)), "missing", "Missing", "things"
    )
    no_cluster = kpi_sources._counted(kpi_sources._Counted(NaceCode), "codes", "Codes", "codes")
    bad_date = kpi_sources._counted(
        kpi_sources._Counted(Membership, date_field="signed_on"), "m", "M", "m"
    )
    for source in (missing, no_cluster, bad_date):
        monkeypatch.setitem(kpi_sources.SOURCES, source.key, source)
        assert source.available() is False
        assert kpi_sources.compute(source.key, [world.cluster_a], date(2024, 1, 1)) is None
    assert ("missing", "Missing (not available)") in kpi_sources.source_choices()
    assert "missing" not in dict(kpi_sources.source_choices(available_only=True))


def test_a_counted_source_applies_its_date_and_conditions(world):
    count = kpi_sources._Counted(
        Membership,
        date_field="since",
        where=(("committed", True),),
        exclude=(("organisation__name", "Nobody"),),
    )
    MembershipFactory(
        cluster=world.cluster_a, organisation=OrganisationFactory(), since=date(2023, 1, 1)
    )
    assert count.available() is True
    assert count([world.cluster_a], date(2022, 1, 1)) == 1
    assert count([world.cluster_a], date(2023, 1, 1)) == 2
    assert count([world.cluster_a, world.cluster_b], date(2023, 1, 1)) == 3


@pytest.mark.parametrize("key", sorted(kpi_sources.SOURCES))
def test_every_available_source_computes_a_decimal_on_an_empty_platform(world, key):
    value = kpi_sources.compute(key, [world.cluster_b], date(2024, 1, 1))
    if not kpi_sources.SOURCES[key].available() or key == "assessment_score":
        assert value is None
    else:
        assert isinstance(value, Decimal)
        # Cluster B's one member since 2020 is still a member: retention 100 %.
        expected = {"members": 1, "committed_members": 1, "membership_retention": 100}
        assert value == expected.get(key, 0)


def test_the_assessment_score_is_the_mean_of_the_clusters_that_have_one(world, monkeypatch):
    scores = {world.cluster_a.pk: Decimal("60.5"), world.cluster_b.pk: None}
    monkeypatch.setattr(
        kpi_sources.insights, "assessment_score", lambda cluster: scores[cluster.pk]
    )
    both = [world.cluster_a, world.cluster_b]
    assert kpi_sources.compute("assessment_score", both, date(2024, 1, 1)) == Decimal("60.50")
    scores[world.cluster_b.pk] = Decimal("70")
    assert kpi_sources.compute("assessment_score", both, date(2024, 1, 1)) == Decimal("65.25")
    assert kpi_sources.compute("assessment_score", [], date(2024, 1, 1)) is None


def test_compute_records_each_computed_kpi_and_keeps_values_entered_by_hand(plans):
    score = _kpi(plans.a, name="Score", source="assessment_score")  # no assessment: no value
    manual = _kpi(plans.a, name="Manual")
    day = date(2025, 5, 5)
    report = domain.compute_measurements(strategy=plans.a, on=day)
    assert [(m.kpi, m.date, m.value, m.origin) for m in report.recorded] == [
        (plans.kpi_a, day, Decimal(1), Origin.COMPUTED)
    ]
    assert report.skipped == [(score, "the platform holds no data for it yet")]
    assert manual.measurements.count() == 0
    # A second run the same day replaces the computed value instead of adding one.
    again = domain.compute_measurements(strategy=plans.a, on=day)
    assert len(again.recorded) == 1
    assert plans.kpi_a.measurements.count() == 1
    # A value entered by hand that day is never overwritten.
    plans.kpi_a.measurements.update(origin=Origin.MANUAL, value=Decimal("7"))
    third = domain.compute_measurements(strategy=plans.a, on=day)
    assert third.recorded == []
    assert (plans.kpi_a, "a value entered by hand exists on that day") in third.skipped
    assert plans.kpi_a.measurements.get().value == Decimal("7.00")


def test_compute_refuses_a_day_outside_the_period(plans):
    with pytest.raises(ValidationError) as exc:
        domain.compute_measurements(strategy=plans.a, on=date(2030, 1, 1))
    assert _messages(exc) == {
        "date": [
            "2030-01-01 is outside the strategy period (2024-01-01 to 2026-12-31); KPIs are "
            "measured within it."
        ]
    }
    assert Measurement.objects.count() == 0


def test_a_programme_strategy_counts_the_members_of_all_its_clusters(plans, world):
    world.programme.clusters.add(world.cluster_b)
    kpi = _kpi(plans.programme, source="members")
    domain.compute_measurements(strategy=plans.programme, on=date(2024, 2, 1))
    assert kpi.measurements.get().value == Decimal("2.00")


# --- templates -------------------------------------------------------------------------------


def test_the_template_takes_objectives_from_the_weak_areas(world, monkeypatch):
    weak = [
        WeakArea(code="A5", title="Contacts and interaction", percent=Decimal("35.0")),
        WeakArea(code="A3", title="Financing", percent=Decimal("52.5")),
    ]
    monkeypatch.setattr(domain.insights, "weak_areas", lambda cluster: weak)
    monkeypatch.setattr(domain.kpi_sources.insights, "assessment_score", lambda c: Decimal("48.0"))
    strategy = domain.start_from_template(
        cluster=world.cluster_a,
        title="From the assessment",
        start=date(2025, 1, 1),
        end=date(2027, 12, 31),
        today=date(2025, 1, 1),
    )
    objectives = list(
        strategy.objectives.values_list("position", "area_code", "title", "description")
    )
    assert objectives == [
        (
            1,
            "A5",
            "Improve Contacts and interaction",
            "The latest assessment scored this area 35%.",
        ),
        (2, "A3", "Improve Financing", "The latest assessment scored this area 52.5%."),
    ]
    kpis = list(strategy.kpis.values_list("source", "baseline", "target", "unit"))
    assert kpis == [
        ("members", Decimal("1.00"), Decimal("2.00"), "members"),
        ("committed_members", Decimal("1.00"), Decimal("2.00"), "members"),
        ("assessment_score", Decimal("48.00"), Decimal("55.20"), "%"),
    ]


def test_without_an_assessment_the_template_uses_the_six_ecei_areas(world):
    strategy = domain.start_from_template(
        cluster=world.cluster_b, title="Generic", start=date(2025, 1, 1), end=date(2026, 1, 1)
    )
    assert list(strategy.objectives.values_list("area_code", flat=True)) == [
        "structure",
        "governance",
        "financing",
        "services",
        "interaction",
        "achievements",
    ]
    assert strategy.objectives.first().title == "Strengthen: Structure of the cluster"
    # No assessment score to start from: no assessment KPI.
    assert list(strategy.kpis.values_list("source", flat=True)) == ["members", "committed_members"]


def test_a_template_with_bad_dates_saves_nothing(world):
    with pytest.raises(ValidationError):
        domain.start_from_template(
            cluster=world.cluster_a, title="Bad", start=date(2025, 1, 1), end=date(2024, 1, 1)
        )
    assert Strategy.objects.count() == 0
    assert Objective.objects.count() == 0


# --- progress --------------------------------------------------------------------------------


def test_progress_gives_a_status_per_kpi_and_flags_overdue_actions(plans, world):
    done = domain.save_action(
        action=Action(
            objective=plans.objective_a,
            title="Finished late",
            due_date=date(2024, 1, 31),
            status=ActionStatus.DONE,
            owner_person=PersonFactory(organisation=world.member_a),
        )
    )
    domain.save_action(
        action=Action(objective=plans.objective_a, title="Later", due_date=date(2026, 1, 1))
    )
    hand = _kpi(plans.a, name="Events", baseline=Decimal(0), target=Decimal(8))
    domain.record_measurement(
        measurement=Measurement(kpi=hand, date=date(2025, 7, 2), value=Decimal("1"))
    )
    progress = progress_of(plans.a, today=date(2025, 7, 2))
    assert [a.title for a in progress.overdue] == ["Recruit members"]
    assert done not in progress.overdue
    assert [(p.kpi.name, p.status.value, p.achieved_percent) for p in progress.kpis] == [
        ("Members", "no_data", None),
        ("Events", "off_track", 13),
    ]
    chart = progress.kpis[1].chart
    assert chart.startswith("<svg") and "<title>Events</title>" in chart
    assert "baseline 0, target 8, latest 1 on 2 Jul 2025" in chart


def test_compute_skips_a_kpi_whose_source_is_unavailable(plans, monkeypatch):
    missing = kpi_sources._counted(
        kpi_sources._Counted(NaceCode), "events_held", "Events held", "events"
    )
    monkeypatch.setitem(kpi_sources.SOURCES, "events_held", missing)
    events = _kpi(plans.a, name="Events", source="events_held")
    report = domain.compute_measurements(strategy=plans.a, on=date(2025, 1, 1))
    assert report.skipped == [(events, "its source is not available")]
    assert [m.kpi for m in report.recorded] == [plans.kpi_a]
