"""Upper bounds on the weighted number of meetings: the LP relaxation (GLOP) and the trivial one."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .model import Instance


def lp_bound(instance: Instance, seconds: float | None = None) -> float | None:
    """An LP relaxation (GLOP) that proves an upper bound on the objective (None: no proof in time).

    See _lp_relaxation."""
    solved = _lp_relaxation(instance, seconds)
    return None if solved is None else solved[0]


def _lp_relaxation(
    instance: Instance, seconds: float | None = None
) -> tuple[float, dict[int, float]] | None:
    """The LP bound and each request's LP value; None when GLOP does not finish in `seconds`.

    It keeps, per person, "at most cap meetings and at most one per available slot", and per day
    "at most tables x slots meetings", but drops the slot of each meeting: one variable per
    request instead of one per request and slot. On the benchmark instances it gives the same
    bound as the full placement LP in a fraction of a second (the full one takes minutes).
    """
    # No py.typed in ortools.linear_solver (only in its .python subpackage): GLOP is untyped.
    from ortools.linear_solver import pywraplp  # type: ignore[import-untyped]

    if seconds is not None and seconds <= 0:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    objective = solver.Objective()
    per_person: dict[int, list[Any]] = defaultdict(list)
    per_person_slots: dict[int, set[int]] = defaultdict(set)
    every: list[Any] = []
    of_request: dict[int, Any] = {}
    for r in instance.requests:
        common = instance.common_slots(r)
        if not common:
            continue
        low = 1.0 if r.id in instance.locked else 0.0
        var = solver.NumVar(low, 1.0, "")
        objective.SetCoefficient(var, r.weight)
        every.append(var)
        of_request[r.id] = var
        for p in (r.a, r.b):
            per_person[p].append(var)
            per_person_slots[p].update(common)
    for p, vars_ in per_person.items():
        limit = len(per_person_slots[p])
        cap = instance.cap_of(p)
        if cap is not None:
            limit = min(limit, cap)
        if len(vars_) > limit:
            _at_most(solver, vars_, limit)
    if len(every) > instance.tables * instance.slots:
        _at_most(solver, every, instance.tables * instance.slots)
    objective.SetMaximization()
    if seconds is not None:
        solver.SetTimeLimit(max(int(seconds * 1000), 1))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    values = {rid: float(var.solution_value()) for rid, var in of_request.items()}
    return float(objective.Value()), values


def _at_most(solver: Any, vars_: list[Any], limit: int) -> None:
    # Coefficient by coefficient: the natural API (sum(vars_) <= limit) is ten times slower.
    constraint = solver.Constraint(-solver.infinity(), limit)
    for var in vars_:
        constraint.SetCoefficient(var, 1)


def _trivial_bound(instance: Instance) -> int:
    """Every request that has a common slot placed: the bound when the LP has no time."""
    return sum(r.weight for r in instance.requests if instance.common_slots(r))
