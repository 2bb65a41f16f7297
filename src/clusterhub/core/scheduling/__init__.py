"""B2B meeting scheduling: place accepted meeting requests into time slots and tables.

Pure Python plus OR-Tools. The problem (Bofill et al. call it the B2B scheduling problem):

- each request (a, b, weight) is placed at most once, in a slot where both a and b are available;
- a person meets at most one partner per slot and at most `cap` partners in the day;
- a slot holds at most `tables` meetings;
- locked meetings stay exactly where the organiser put them.

Phase 1 maximises the (priority-weighted) number of meetings. The LP relaxation (GLOP) gives a
proven upper bound, and its solution says which requests to place first: a greedy + repair pass in
that order already reaches the bound within 0.1 % on large events. CP-SAT then improves it (the
whole model on small events, slot-window neighbourhoods on large ones). The result reports the
proven upper bound (the better of CP-SAT's own bound and the LP's) and the gap. Phase 2 fixes which meetings take place
and moves them between slots to shorten each person's day (sum over people of last slot - first
slot), i.e. fewer idle gaps between meetings. When re-scheduling, meetings that already stood in
the previous schedule keep their slot where possible: each kept meeting earns a small bonus that
never outweighs one more meeting.

The time limit is a promise: every phase (LP, CP-SAT, neighbourhood search, phase 2), model
building included, takes its budget from one deadline, and a phase that cannot finish stops and
keeps the best solution found so far.
"""

from __future__ import annotations

import time
from collections import defaultdict

from .bounds import _lp_relaxation
from .bounds import _trivial_bound
from .bounds import lp_bound
from .exact import _reduce_gaps
from .exact import _solve_whole
from .greedy import first_come_first_served
from .greedy import greedy_with_repair
from .model import Instance
from .model import Placement
from .model import Request
from .model import Result
from .model import SchedulingError
from .model import check
from .model import idle_slots
from .model import validate
from .solver import READ_BACK_SECONDS
from .solver import _left
from .solver import _value
from .windows import WINDOW_SECONDS
from .windows import WINDOW_SLOTS
from .windows import _improve_by_slot_windows

__all__ = [
    "GAPS_MODEL_LIMIT",
    "GAPS_SHARE",
    "LP_SHARE",
    "READ_BACK_SECONDS",
    "SAFETY_SHARE",
    "WHOLE_MODEL_LIMIT",
    "WHOLE_SHARE",
    "WINDOW_SECONDS",
    "WINDOW_SLOTS",
    "Instance",
    "Placement",
    "Request",
    "Result",
    "SchedulingError",
    "_improve_by_slot_windows",
    "_lp_relaxation",
    "check",
    "first_come_first_served",
    "greedy_with_repair",
    "idle_slots",
    "lp_bound",
    "schedule",
    "validate",
]

# Above this many (request, slot) pairs the whole model is skipped for the neighbourhood search:
# at 13,500 pairs (300 people, 16 slots) CP-SAT no longer improves the LP-guided start in 20 s.
WHOLE_MODEL_LIMIT = 10_000
# Shares of the time limit: the LP bound at most, the whole model at most, and what phase 2
# (shorter days) keeps at the end.
LP_SHARE = 0.2
WHOLE_SHARE = 0.25
GAPS_SHARE = 0.15
# Phase 2 (shorter days) builds one model over every placed meeting and slot; above this many
# variables CP-SAT's presolve alone overruns its time limit (5,000 meetings x 11 slots: 7.9 s for
# 5.3 s given, no solution) and phase 1's schedule is kept as it is.
GAPS_MODEL_LIMIT = 20_000
# Kept back from the limit for what CP-SAT does after its own limit (stopping its workers) and
# what follows the last phase (tables, idle slots): the promise holds on a loaded machine too.
SAFETY_SHARE = 0.05


def schedule(
    instance: Instance,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    reduce_gaps: bool = True,
    use_lp_bound: bool = True,
    seed: int = 0,
) -> Result:
    """Place as many (weighted) meetings as possible, then shorten people's days.

    Returns within `time_limit` seconds of wall time: each phase gets what is left of one
    deadline, and 5 % of the limit (at most 1.5 s) is kept back for CP-SAT's stopping latency on
    a loaded machine and for the table assignment.
    """

    started = time.monotonic()
    deadline = started + time_limit - min(SAFETY_SHARE * time_limit, 1.5)
    validate(instance)
    by_id = {r.id: r for r in instance.requests}
    weight_of = {r.id: r.weight for r in instance.requests}
    fcfs_value = sum(weight_of[rid] for rid in first_come_first_served(instance))

    solved = None
    if use_lp_bound:
        solved = _lp_relaxation(instance, min(LP_SHARE * time_limit, _left(deadline)))
    if solved is None:  # no LP, or no proof in time: the trivial bound stands
        bound, preference = _trivial_bound(instance), None
    else:
        bound, preference = int(solved[0] + 1e-6), solved[1]
    chosen = greedy_with_repair(instance, preference)

    proven = False
    search_until = deadline - (GAPS_SHARE * time_limit if reduce_gaps else 0.0)
    pairs = sum(len(instance.common_slots(r)) for r in instance.requests)
    if pairs <= WHOLE_MODEL_LIMIT and _value(instance, chosen, weight_of)[0] < bound:
        # Small events: the whole model, usually proven optimal in well under a second.
        whole_until = min(time.monotonic() + WHOLE_SHARE * time_limit, search_until)
        found, cp_bound, proven = _solve_whole(
            instance, chosen, weight_of, whole_until, workers, seed
        )
        bound = min(bound, cp_bound)
        if _value(instance, found, weight_of) >= _value(instance, chosen, weight_of):
            chosen = found
    value = sum(weight_of[rid] for rid in chosen)
    if not proven and value < bound:
        chosen = _improve_by_slot_windows(instance, chosen, search_until, workers, seed, bound)
        value = sum(weight_of[rid] for rid in chosen)
    bound = max(bound, value)
    optimal = proven or value >= bound

    gaps_model = sum(len(instance.common_slots(by_id[rid])) for rid in chosen)
    if reduce_gaps and chosen and gaps_model <= GAPS_MODEL_LIMIT:
        chosen = _reduce_gaps(instance, chosen, deadline, workers, seed)
    placements = _assign_tables(instance, chosen)
    return Result(
        placements=placements,
        placed=len(chosen),
        objective=value,
        upper_bound=bound,
        optimal=optimal,
        greedy=fcfs_value,
        idle_slots=idle_slots(instance, chosen),
        seconds=time.monotonic() - started,
    )


def _assign_tables(instance: Instance, chosen: dict[int, int]) -> tuple[Placement, ...]:
    """Tables per slot: locked tables first, then a meeting's previous table, then the lowest."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for rid, s in chosen.items():
        by_slot[s].append(rid)
    placements: list[Placement] = []
    for s, rids in sorted(by_slot.items()):
        taken: dict[int, int] = {}
        for rid in sorted(rids):
            locked = instance.locked.get(rid)
            if locked and locked[0] == s and locked[1] is not None:
                taken[locked[1]] = rid
        for rid in sorted(rids):
            prev = instance.previous.get(rid)
            if rid in taken.values() or prev is None or prev[0] != s or prev[1] in taken:
                continue
            if 0 <= prev[1] < instance.tables:
                taken[prev[1]] = rid
        free = (t for t in range(instance.tables) if t not in taken)
        for rid in sorted(rids):
            if rid not in taken.values():
                taken[next(free)] = rid
        placements.extend(Placement(rid, s, t) for t, rid in taken.items())
    return tuple(sorted(placements, key=lambda p: (p.slot, p.table)))
