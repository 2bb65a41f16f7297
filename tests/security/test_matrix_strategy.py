"""The permission matrix of strategy: every page, export and API operation, for every role.

Cluster A's strategy (with an objective, an action linked to a service, a KPI and a
measurement) is read by A's insiders and the programme's coordinator, and changed by A's manager
and staff; manager_b and outsider do not even see it (404). The programme's strategy is changed
by its coordinator and read by the insiders of the programme's clusters. Cluster B's strategy is
the IDOR probe from A's side: only admin and manager_b see it.
"""

from datetime import date
from decimal import Decimal

import pytest

from clusterhub.events.domain import register
from clusterhub.strategy import domain
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Measurement
from clusterhub.strategy.models import Objective
from tests.events.conftest import new_event
from tests.factories import ProgrammeFactory
from tests.security.matrix import EDITORS_A
from tests.security.matrix import INSIDERS_A
from tests.security.matrix import OUTSIDE_A
from tests.security.matrix import SIGNED_IN
from tests.security.matrix import Operation
from tests.security.matrix import Page
from tests.security.matrix import area_tests
from tests.services.conftest import make_service
from tests.strategy.conftest import make_strategy

# Who may start a strategy somewhere: managers, staff and coordinators, of any cluster.
PLANNERS = frozenset({"admin", "coordinator", "manager_a", "staff_a", "manager_b"})
EDIT_PROGRAMME = frozenset({"admin", "coordinator"})
READ_B = frozenset({"admin", "manager_b"})
NOT_B = SIGNED_IN - READ_B

SECRETS = (
    "secret-vision-of-a",
    "secret-objective-of-a",
    "secret-action-of-a",
    "secret-kpi-of-a",
    "secret-measurement-of-a",
    "secret-vision-of-programme",
    "secret-vision-of-b",
    "secret-event-of-b",
    "secret-programme-event",
)


@pytest.fixture(scope="module")
def objects(world) -> dict:
    a = make_strategy(cluster=world.cluster_a, title="Plan A", vision="secret-vision-of-a")
    b = make_strategy(cluster=world.cluster_b, title="Plan B", vision="secret-vision-of-b")
    programme = make_strategy(
        programme=world.programme, title="Programme plan", vision="secret-vision-of-programme"
    )
    objective = domain.save_objective(
        objective=Objective(strategy=a, title="Grow", description="secret-objective-of-a")
    )
    action = domain.save_action(
        action=Action(
            objective=objective,
            title="Recruit",
            description="secret-action-of-a",
            due_date=date(2024, 6, 30),
        )
    )
    service = make_service(world.cluster_a, world["manager_a"])
    link = domain.link_action(
        action=action, app_label="services", model="service", object_id=service.pk
    )
    kpi = domain.save_kpi(
        kpi=Kpi(
            strategy=a,
            name="secret-kpi-of-a",
            unit="members",
            baseline=Decimal("10"),
            target=Decimal("20"),
            source="members",
        )
    )
    measurement = domain.record_measurement(
        measurement=Measurement(
            kpi=kpi, date=date(2024, 3, 31), value=Decimal("12"), note="secret-measurement-of-a"
        )
    )
    # Objects outside A's strategy, their ids guessed: B's event with manager_b's registration
    # (whose label names a person), and a draft event of another programme (no cluster at all).
    event_b = new_event(world, title="secret-event-of-b", cluster=world.cluster_b)
    registration_b = register(event=event_b, user=world["manager_b"])
    elsewhere = new_event(
        world,
        title="secret-programme-event",
        cluster=None,
        programme=ProgrammeFactory(acronym="OTH", name="Other programme"),
        published=False,
    )
    return {
        "event_b": event_b.pk,
        "registration_b": registration_b.pk,
        "programme_event": elsewhere.pk,
        "strategy": a.pk,
        "strategy_b": b.pk,
        "programme_strategy": programme.pk,
        "objective": objective.pk,
        "action": action.pk,
        "link": link.pk,
        "service": service.pk,
        "kpi": kpi.pk,
        "measurement": measurement.pk,
        "cluster_a": world.cluster_a.pk,
        "programme": world.programme.pk,
    }


def _new_strategy(objects: dict) -> dict:
    return {
        "cluster": objects["cluster_a"],
        "title": "New",
        "start": "2025-01-01",
        "end": "2025-12-31",
    }


PAGES = (
    Page("strategy:index", allowed=SIGNED_IN),
    Page("strategy:strategy_create", allowed=PLANNERS),
    Page("strategy:strategy_from_template", allowed=PLANNERS),
    Page("strategy:strategy_detail", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page("strategy:strategy_edit", ("strategy",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:strategy_delete", ("strategy",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:strategy_markdown", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page("strategy:strategy_pdf", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page("strategy:strategy_progress", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page(
        "strategy:strategy_compute",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        method="post",
        data=lambda o: {"date": "2025-06-30"},
    ),
    Page("strategy:objective_create", ("strategy",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:action_create", ("strategy",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:kpi_create", ("strategy",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:objective_edit", ("objective",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:objective_delete", ("objective",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:action_edit", ("action",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:action_delete", ("action",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:action_link_create", ("action",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page(
        "strategy:action_link_delete",
        ("action", "link"),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        method="post",
    ),
    Page("strategy:kpi_edit", ("kpi",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:kpi_delete", ("kpi",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:measurement_create", ("kpi",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Page("strategy:measurement_delete", ("measurement",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    # The programme's strategy: its coordinator edits, the programme clusters' insiders read.
    Page("strategy:strategy_detail", ("programme_strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A),
    Page(
        "strategy:strategy_edit",
        ("programme_strategy",),
        allowed=EDIT_PROGRAMME,
        hidden=OUTSIDE_A,
    ),
    # Cluster B's strategy, its id guessed from cluster A's side.
    Page("strategy:strategy_detail", ("strategy_b",), allowed=READ_B, hidden=NOT_B),
    Page("strategy:strategy_pdf", ("strategy_b",), allowed=READ_B, hidden=NOT_B),
    Page(
        "strategy:strategy_edit",
        ("strategy_b",),
        allowed=READ_B,
        hidden=NOT_B,
    ),
)

OPERATIONS = (
    Operation("clusterhub_strategy_api_list_strategies", allowed=SIGNED_IN),
    Operation("clusterhub_strategy_api_create_strategy", allowed=EDITORS_A, body=_new_strategy),
    Operation(
        "clusterhub_strategy_api_create_strategy_from_template",
        allowed=EDITORS_A,
        body=_new_strategy,
    ),
    Operation(
        "clusterhub_strategy_api_get_strategy", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A
    ),
    Operation(
        "clusterhub_strategy_api_update_strategy",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "Renamed"},
    ),
    Operation(
        "clusterhub_strategy_api_delete_strategy",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_strategy_markdown",
        ("strategy",),
        allowed=INSIDERS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_strategy_progress",
        ("strategy",),
        allowed=INSIDERS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_compute_kpis",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"date": "2025-06-30"},
    ),
    Operation("clusterhub_strategy_api_list_kpi_sources", allowed=SIGNED_IN),
    Operation(
        "clusterhub_strategy_api_list_objectives",
        ("strategy",),
        allowed=INSIDERS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_create_objective",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "New objective"},
    ),
    Operation(
        "clusterhub_strategy_api_update_objective",
        ("objective",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "Renamed"},
    ),
    Operation(
        "clusterhub_strategy_api_delete_objective",
        ("objective",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_list_actions", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A
    ),
    Operation(
        "clusterhub_strategy_api_create_action",
        ("objective",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "New action"},
    ),
    Operation(
        "clusterhub_strategy_api_update_action",
        ("action",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "Renamed"},
    ),
    Operation(
        "clusterhub_strategy_api_delete_action", ("action",), allowed=EDITORS_A, hidden=OUTSIDE_A
    ),
    Operation(
        "clusterhub_strategy_api_link_action",
        ("action",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"app_label": "services", "model": "service", "object_id": o["service"]},
    ),
    Operation(
        "clusterhub_strategy_api_unlink_action",
        ("action", "link"),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_list_kpis", ("strategy",), allowed=INSIDERS_A, hidden=OUTSIDE_A
    ),
    Operation(
        "clusterhub_strategy_api_create_kpi",
        ("strategy",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"name": "Events", "baseline": "1", "target": "5"},
    ),
    Operation(
        "clusterhub_strategy_api_update_kpi",
        ("kpi",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"name": "Renamed"},
    ),
    Operation("clusterhub_strategy_api_delete_kpi", ("kpi",), allowed=EDITORS_A, hidden=OUTSIDE_A),
    Operation(
        "clusterhub_strategy_api_list_measurements", ("kpi",), allowed=INSIDERS_A, hidden=OUTSIDE_A
    ),
    Operation(
        "clusterhub_strategy_api_create_measurement",
        ("kpi",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
        body=lambda o: {"date": "2025-03-31", "value": "14"},
    ),
    Operation(
        "clusterhub_strategy_api_delete_measurement",
        ("measurement",),
        allowed=EDITORS_A,
        hidden=OUTSIDE_A,
    ),
    # Links to what lies outside the strategy, ids guessed: refused on the field (422), and the
    # object's label (a person's name, another cluster's or programme's event) never echoed.
    *(
        Operation(
            "clusterhub_strategy_api_link_action",
            ("action",),
            hidden=OUTSIDE_A,
            body=lambda o, kind=kind, key=key: {
                "app_label": "events",
                "model": kind,
                "object_id": o[key],
            },
            exact=dict.fromkeys(EDITORS_A, 422),
        )
        for kind, key in (
            ("event", "event_b"),
            ("registration", "registration_b"),
            ("event", "programme_event"),
        )
    ),
    # A programme's strategy: started and changed by its coordinator.
    Operation(
        "clusterhub_strategy_api_create_strategy",
        allowed=EDIT_PROGRAMME,
        body=lambda o: {
            "programme": o["programme"],
            "title": "Programme plan 2",
            "start": "2025-01-01",
            "end": "2025-12-31",
        },
    ),
    Operation(
        "clusterhub_strategy_api_get_strategy",
        ("programme_strategy",),
        allowed=INSIDERS_A,
        hidden=OUTSIDE_A,
    ),
    Operation(
        "clusterhub_strategy_api_update_strategy",
        ("programme_strategy",),
        allowed=EDIT_PROGRAMME,
        hidden=OUTSIDE_A,
        body=lambda o: {"title": "Renamed"},
    ),
    # Cluster B's strategy, its id guessed from cluster A's side.
    Operation(
        "clusterhub_strategy_api_get_strategy",
        ("strategy_b",),
        allowed=READ_B,
        hidden=NOT_B,
    ),
    Operation(
        "clusterhub_strategy_api_list_objectives",
        ("strategy_b",),
        allowed=READ_B,
        hidden=NOT_B,
    ),
    Operation(
        "clusterhub_strategy_api_delete_strategy",
        ("strategy_b",),
        allowed=READ_B,
        hidden=NOT_B,
    ),
)


def _op(name: str, *args) -> Operation:
    return Operation(f"clusterhub_strategy_api_{name}", args)


# Where an allowed user does see each secret (so the matrix's secret checks can fail).
SHOWN = [
    (Page("strategy:strategy_detail", ("strategy",)), "staff_a", "secret-vision-of-a"),
    (Page("strategy:strategy_progress", ("strategy",)), "observer_a", "secret-kpi-of-a"),
    (_op("list_objectives", "strategy"), "expert_a", "secret-objective-of-a"),
    (_op("list_actions", "strategy"), "member_a", "secret-action-of-a"),
    (_op("list_measurements", "kpi"), "coordinator", "secret-measurement-of-a"),
    (_op("get_strategy", "programme_strategy"), "member_a", "secret-vision-of-programme"),
    (_op("get_strategy", "strategy_b"), "manager_b", "secret-vision-of-b"),
]


globals().update(
    area_tests(
        PAGES,
        OPERATIONS,
        SECRETS,
        namespaces=["strategy"],
        tags_or_prefixes=["strategy"],
        shown=SHOWN,
    )
)
