"""Strategies over the `world`: one of cluster A, one of cluster B, one of A's programme."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from clusterhub.strategy import domain
from clusterhub.strategy.models import Action
from clusterhub.strategy.models import Kpi
from clusterhub.strategy.models import Objective
from clusterhub.strategy.models import Strategy


@dataclass
class Plans:
    a: Strategy
    b: Strategy
    programme: Strategy
    objective_a: Objective
    action_a: Action
    kpi_a: Kpi


def make_strategy(**fields) -> Strategy:
    fields.setdefault("start", date(2024, 1, 1))
    fields.setdefault("end", date(2026, 12, 31))
    fields.setdefault("title", "Strategy")
    return domain.save_strategy(strategy=Strategy(**fields))


@pytest.fixture
def plans(world) -> Plans:
    a = make_strategy(cluster=world.cluster_a, title="Strategy of A", vision="Vision A")
    b = make_strategy(cluster=world.cluster_b, title="Strategy of B")
    programme = make_strategy(programme=world.programme, title="Programme strategy")
    objective = domain.save_objective(objective=Objective(strategy=a, title="Grow"))
    action = domain.save_action(
        action=Action(objective=objective, title="Recruit members", due_date=date(2024, 6, 30))
    )
    kpi = domain.save_kpi(
        kpi=Kpi(
            strategy=a,
            name="Members",
            unit="members",
            baseline=Decimal("10"),
            target=Decimal("20"),
            source="members",
        )
    )
    return Plans(a, b, programme, objective, action, kpi)
