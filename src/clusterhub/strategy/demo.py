"""Demo strategies, built through the domain verbs on top of the registry demo (idempotent).

- 5FOREXCELLENCE's "Cluster management excellence strategy 2017-2020", a project output of the
  COSME-funded programme: an objective per programme activity, actions, and KPIs computed from
  the platform (members, committed members, assessment score) with past measurements;
- a strategy for LITC started from the template (its assessment's weak areas).
"""

from datetime import date
from decimal import ROUND_CEILING
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from clusterhub.accounts.models import User
from clusterhub.registry.models import Cluster
from clusterhub.registry.models import Programme
from clusterhub.strategy import domain
from clusterhub.strategy import kpi_sources
from clusterhub.strategy.enums import ActionStatus
from clusterhub.strategy.enums import Direction
from clusterhub.strategy.enums import Frequency
from clusterhub.strategy.enums import Origin
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy
from clusterhub.training.models import TrainingProgramme

PROGRAMME = "5FOREXCELLENCE"
TITLE = "Cluster management excellence strategy 2017-2020"
START, END = date(2017, 1, 1), date(2020, 12, 31)
LITC_TITLE = "LITC cluster excellence strategy (from the assessment)"

VISION = (
    "Well-managed clusters in the Baltic Sea region that give their SMEs services, partners and "
    "markets across the food, logistics and IT value chain."
)
MISSION = (
    "The five partners benchmark and improve their cluster management, develop new services "
    "with their members, learn from each other and build cross-industry value chains."
)

# (objective, [(action, owner username, due date, status)])
OBJECTIVES = [
    (
        "Evaluate and train the cluster management",
        [
            ("Benchmark each cluster with a foreign expert", "expert", date(2017, 6, 30), "done"),
            ("Train the cluster coordinators", "coordinator", date(2018, 3, 31), "done"),
        ],
    ),
    (
        "Plan new and improved services for members",
        [
            ("Survey member needs in every cluster", "manager", date(2017, 12, 31), "done"),
            ("Launch two new services per cluster", "manager", date(2019, 12, 31), "in_progress"),
        ],
    ),
    (
        "Share experience between the clusters",
        [
            ("Hold four experience-sharing workshops", "coordinator", date(2018, 12, 31), "done"),
            ("Hold the international conference", "coordinator", date(2019, 6, 30), "done"),
        ],
    ),
    (
        "Keep a cluster management excellence strategy",
        [
            (
                "Review the strategy yearly with the partners",
                "coordinator",
                date(2020, 12, 31),
                "planned",
            ),
        ],
    ),
    (
        "Build cross-industry value chains",
        [
            (
                "Match food, logistics and IT members",
                "foodmanager",
                date(2020, 6, 30),
                "in_progress",
            ),
        ],
    ),
]

PAST_DAYS = (date(2017, 6, 30), date(2018, 6, 30), date(2019, 6, 30), date(2020, 6, 30))
# The benchmarking reports of the time, entered by hand.
PAST_SCORES = ((date(2017, 6, 30), Decimal("48.0")), (date(2019, 6, 30), Decimal("56.5")))


def load_demo() -> None:
    programme = Programme.objects.filter(acronym=PROGRAMME).first()
    if programme is None:
        return
    with transaction.atomic():
        if not Strategy.objects.filter(programme=programme, title=TITLE).exists():
            _programme_strategy(programme)
    litc = Cluster.objects.filter(acronym="LITC").first()
    if litc is not None and not Strategy.objects.filter(cluster=litc, title=LITC_TITLE).exists():
        today = timezone.localdate()
        strategy = domain.start_from_template(
            cluster=litc,
            title=LITC_TITLE,
            start=today,
            end=date(today.year + 3, 12, 31),
        )
        domain.compute_measurements(strategy=strategy, on=today)


def _programme_strategy(programme: Programme) -> None:
    strategy = domain.save_strategy(
        strategy=Strategy(
            programme=programme, title=TITLE, start=START, end=END, vision=VISION, mission=MISSION
        )
    )
    users = {u.username: u for u in User.objects.filter(username__in=_owner_names())}
    training = _first_training_programme(programme)
    for position, (title, actions) in enumerate(OBJECTIVES, start=1):
        objective = domain.save_objective(
            objective=Objective(strategy=strategy, position=position, title=title)
        )
        for action_title, owner, due, status in actions:
            action = domain.save_action(
                action=Action(
                    objective=objective,
                    title=action_title,
                    owner_user=users.get(owner),
                    due_date=due,
                    status=ActionStatus(status),
                )
            )
            if training is not None and action_title.startswith("Train"):
                domain.link_action(
                    action=action,
                    app_label=training._meta.app_label,
                    model=training._meta.model_name,
                    object_id=training.pk,
                )
    clusters = strategy.scope_clusters()
    first = strategy.objectives.order_by("position").first()
    for source, name in (("members", "Members"), ("committed_members", "Committed members")):
        baseline = kpi_sources.compute(source, clusters, START)
        kpi = domain.save_kpi(
            kpi=Kpi(
                strategy=strategy,
                objective=first,
                name=name,
                unit="members",
                baseline=baseline,
                target=max(
                    baseline + 5, (baseline * Decimal("1.6")).to_integral_value(ROUND_CEILING)
                ),
                direction=Direction.UP,
                frequency=Frequency.YEARLY,
                source=source,
            )
        )
        for day in PAST_DAYS:  # members on each day, as the registry records them
            domain.record_measurement(
                measurement=Measurement(
                    kpi=kpi,
                    date=day,
                    value=kpi_sources.compute(source, clusters, day),
                    origin=Origin.COMPUTED,
                )
            )
    score = domain.save_kpi(
        kpi=Kpi(
            strategy=strategy,
            objective=first,
            name="Assessment score",
            unit="%",
            baseline=Decimal("45.0"),
            target=Decimal("65.0"),
            direction=Direction.UP,
            frequency=Frequency.YEARLY,
            source="assessment_score",
        )
    )
    for day, value in PAST_SCORES:
        domain.record_measurement(
            measurement=Measurement(
                kpi=score, date=day, value=value, note="ECEI benchmarking report"
            )
        )
    # The closing measurement at the end of the period, computed from the platform.
    domain.compute_measurements(strategy=strategy, on=END)


def _owner_names() -> set[str]:
    return {owner for _title, actions in OBJECTIVES for _a, owner, _d, _s in actions}


def _first_training_programme(programme: Programme) -> TrainingProgramme | None:
    """The first training programme of the registry programme (training sits below strategy)."""
    return TrainingProgramme.objects.filter(programme=programme).order_by("pk").first()
