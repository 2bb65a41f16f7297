"""The exact CP-SAT models: the whole placement (small events) and phase 2, shorter days."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from .model import Instance
from .model import idle_slots
from .solver import _solve
from .solver import _solver_seconds

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


def _one_place_each(
    model: cp_model.CpModel,
    instance: Instance,
    person_slot: dict[tuple[int, int], list[cp_model.IntVar]],
    slot_all: dict[int, list[cp_model.IntVar]],
) -> None:
    """What both models require: a person meets at most once in a slot, and a slot holds at
    most as many meetings as there are tables."""
    for vars_ in person_slot.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for vars_ in slot_all.values():
        if len(vars_) > instance.tables:
            model.add(sum(vars_) <= instance.tables)


def _solve_whole(
    instance: Instance,
    greedy: dict[int, int],
    weight_of: dict[int, int],
    until: float,
    workers: int,
    seed: int,
) -> tuple[dict[int, int], int, bool]:
    """The whole placement model in CP-SAT: (solution, proven bound, proven optimal)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    person_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    slot_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for r in instance.requests:
        row = []
        for s in instance.common_slots(r):
            var = model.new_bool_var("")
            x[(r.id, s)] = var
            row.append(var)
            for p in (r.a, r.b):
                person_slot[(p, s)].append(var)
                person_all[p].append(var)
            slot_all[s].append(var)
        if len(row) > 1:
            model.add_at_most_one(row)
    _one_place_each(model, instance, person_slot, slot_all)
    for p, vars_ in person_all.items():
        cap = instance.cap_of(p)
        if cap is not None and len(vars_) > cap:
            model.add(sum(vars_) <= cap)
    for rid, (slot, _table) in instance.locked.items():
        model.add(x[(rid, slot)] == 1)

    meetings = sum(weight_of[rid] * var for (rid, _s), var in x.items())
    kept = [x[(rid, s)] for rid, (s, _t) in instance.previous.items() if (rid, s) in x]
    # One more meeting always beats keeping every previous slot: scale meetings above the bonus.
    scale = len(kept) + 1
    model.maximize(scale * meetings + sum(kept))
    for key, var in x.items():
        model.add_hint(var, 1 if greedy.get(key[0]) == key[1] else 0)

    # Small events end here, proven optimal; the others then improve by neighbourhood search
    # over a few slots at a time.
    seconds = _solver_seconds(until, len(x))
    if seconds > 0:
        solver, found, optimal = _solve(model, seconds, workers, seed)
        if found:
            chosen = {rid: s for (rid, s), var in x.items() if solver.boolean_value(var)}
            cp_bound = int(solver.best_objective_bound // scale)
            return chosen, cp_bound, optimal
    # No solution in time: the greedy one stands, with the trivial bound.
    return greedy, sum(weight_of.values()), False


def _reduce_gaps(
    instance: Instance, chosen: dict[int, int], deadline: float, workers: int, seed: int
) -> dict[int, int]:
    """Phase 2: the same meetings, moved to make each person's day as compact as possible."""
    from ortools.sat.python import cp_model

    by_id = {r.id: r for r in instance.requests}
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    slot_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    slots_of_person: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for n, rid in enumerate(chosen):
        # Large events may not even build this model in time: keep phase 1's schedule then.
        if n % 500 == 0 and _solver_seconds(deadline, len(x)) <= 0:
            return chosen
        r = by_id[rid]
        locked = instance.locked.get(rid)
        options = [locked[0]] if locked else instance.common_slots(r)
        row = []
        for s in options:
            var = model.new_bool_var("")
            x[(rid, s)] = var
            row.append(var)
            slot_all[s].append(var)
            for p in (r.a, r.b):
                person_slot[(p, s)].append(var)
                slots_of_person[p].append((s, var))
        model.add_exactly_one(row)
    _one_place_each(model, instance, person_slot, slot_all)
    spans = []
    for n, day in enumerate(slots_of_person.values()):
        if n % 500 == 0 and _solver_seconds(deadline, len(x)) <= 0:
            return chosen
        first = model.new_int_var(0, instance.slots - 1, "")
        last = model.new_int_var(0, instance.slots - 1, "")
        for s, var in day:
            model.add(first <= s).only_enforce_if(var)
            model.add(last >= s).only_enforce_if(var)
        spans.append(last - first)
    kept = [x[(rid, s)] for rid, (s, _t) in instance.previous.items() if (rid, s) in x]
    # Keeping a published slot matters more than a shorter day: weigh it above any span change.
    model.minimize(sum(spans) - (2 * instance.slots * len(slots_of_person) + 1) * sum(kept))
    for (rid, s), var in x.items():
        model.add_hint(var, 1 if chosen[rid] == s else 0)
    left = _solver_seconds(deadline, len(x))  # building the model took part of the time
    if left <= 0:
        return chosen
    solver, found, _optimal = _solve(model, left, workers, seed)
    if not found:
        return chosen
    moved = {rid: s for (rid, s), var in x.items() if solver.boolean_value(var)}
    if idle_slots(instance, moved) > idle_slots(instance, chosen) and not instance.previous:
        return chosen
    return moved
