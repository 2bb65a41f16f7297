"""Large events: improve a solution by re-solving a few slots at a time (neighbourhood search)."""

from __future__ import annotations

import random
from collections import defaultdict
from typing import TYPE_CHECKING

from .model import Instance
from .solver import _left
from .solver import _solve
from .solver import _solver_seconds
from .solver import _value

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# Slots freed at a time, and CP-SAT's time for each neighbourhood (many short ones beat few long
# ones: 1,417 against 1,406 meetings in 20 s on 300 people / 16 slots).
WINDOW_SLOTS = 2
WINDOW_SECONDS = 0.2


def _improve_by_slot_windows(
    instance: Instance,
    chosen: dict[int, int],
    until: float,
    workers: int,
    seed: int,
    bound: int,
) -> dict[int, int]:
    """Large-neighbourhood search: free every meeting in a few slots and re-solve them exactly.

    Meetings outside the window stay; any unplaced request may enter. Each sub-model is small
    (a few thousand variables) so CP-SAT solves it to optimality in well under a second, and the
    solution never gets worse. Slot windows are the natural neighbourhoods: a freed slot can take
    a request whose partners were blocked there. It stops at the bound, at `until`, or after
    4 x slots windows in a row that found nothing better.
    """
    rng = random.Random(seed)
    weight_of = {r.id: r.weight for r in instance.requests}
    chosen = dict(chosen)
    size = min(WINDOW_SLOTS, instance.slots)
    stale = 0
    while _left(until) > 0.1 and stale < 4 * instance.slots:
        if sum(weight_of[rid] for rid in chosen) >= bound:
            break
        window = set(rng.sample(range(instance.slots), size))
        fixed = {rid: s for rid, s in chosen.items() if s not in window or rid in instance.locked}
        model, x = _window_model(instance, chosen, fixed, window)
        if not x:
            stale += 1
            continue
        seconds = min(WINDOW_SECONDS, _solver_seconds(until, len(x)))
        if seconds <= 0:  # building the sub-model used up the time
            break
        solver, found, _optimal = _solve(model, seconds, workers, seed)
        if not found:
            stale += 1
            continue
        candidate = dict(fixed)
        candidate.update({rid: s for (rid, s), v in x.items() if solver.boolean_value(v)})
        better = _value(instance, candidate, weight_of)
        stale = 0 if better > _value(instance, chosen, weight_of) else stale + 1
        if better >= _value(instance, chosen, weight_of):
            chosen = candidate
    return chosen


def _window_model(
    instance: Instance, chosen: dict[int, int], fixed: dict[int, int], window: set[int]
) -> tuple[cp_model.CpModel, dict[tuple[int, int], cp_model.IntVar]]:
    """The sub-model of one window: every request not fixed, in the window's free slots."""
    from ortools.sat.python import cp_model

    busy: set[tuple[int, int]] = set()
    count: dict[int, int] = defaultdict(int)
    load: dict[int, int] = defaultdict(int)
    by_id = {r.id: r for r in instance.requests}
    for rid, s in fixed.items():
        r = by_id[rid]
        busy.update(((r.a, s), (r.b, s)))
        count[r.a] += 1
        count[r.b] += 1
        load[s] += 1
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    person_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    slot_all: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    per_request: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for r in instance.requests:
        if r.id in fixed:
            continue
        for s in instance.common_slots(r):
            if s not in window or (r.a, s) in busy or (r.b, s) in busy:
                continue
            var = x[(r.id, s)] = model.new_bool_var("")
            per_request[r.id].append(var)
            for p in (r.a, r.b):
                person_slot[(p, s)].append(var)
                person_all[p].append(var)
            slot_all[s].append(var)
    for vars_ in [*per_request.values(), *person_slot.values()]:
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    for s, vars_ in slot_all.items():
        model.add(sum(vars_) <= instance.tables - load[s])
    for p, vars_ in person_all.items():
        cap = instance.cap_of(p)
        if cap is not None:
            model.add(sum(vars_) <= cap - count[p])
    prev_slot = {rid: s for rid, (s, _t) in instance.previous.items()}
    kept = [var for (rid, s), var in x.items() if prev_slot.get(rid) == s]
    scale = len(kept) + 1
    weight_of = {r.id: r.weight for r in instance.requests}
    model.maximize(scale * sum(weight_of[rid] * v for (rid, _s), v in x.items()) + sum(kept))
    for (rid, s), var in x.items():
        model.add_hint(var, 1 if chosen.get(rid) == s else 0)
    return model, x
