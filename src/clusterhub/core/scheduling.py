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
from collections.abc import Iterable
from dataclasses import dataclass, field

# Above this many (request, slot) pairs the whole model is skipped for the neighbourhood search:
# at 13,500 pairs (300 people, 16 slots) CP-SAT no longer improves the LP-guided start in 20 s.
WHOLE_MODEL_LIMIT = 10_000
# Shares of the time limit: the LP bound at most, the whole model at most, and what phase 2
# (shorter days) keeps at the end.
LP_SHARE = 0.2
WHOLE_SHARE = 0.25
GAPS_SHARE = 0.15
# Neighbourhood search: slots freed at a time, and CP-SAT's time for each neighbourhood (many
# short ones beat few long ones: 1,417 against 1,406 meetings in 20 s on 300 people / 16 slots).
WINDOW_SLOTS = 2
WINDOW_SECONDS = 0.2
# Phase 2 (shorter days) builds one model over every placed meeting and slot; above this many
# variables CP-SAT's presolve alone overruns its time limit (5,000 meetings x 11 slots: 7.9 s for
# 5.3 s given, no solution) and phase 1's schedule is kept as it is.
GAPS_MODEL_LIMIT = 20_000
# Kept back from the limit for what CP-SAT does after its own limit (stopping its workers) and
# what follows the last phase (tables, idle slots): the promise holds on a loaded machine too.
SAFETY_SHARE = 0.05
# Reading one variable's value back from CP-SAT in Python (measured: about 1 µs; kept generous).
READ_BACK_SECONDS = 4e-6


class SchedulingError(ValueError):
    """The instance contradicts itself (a locked meeting that cannot stand, a bad count)."""


@dataclass(frozen=True)
class Request:
    id: int
    a: int
    b: int
    weight: int = 1


@dataclass(frozen=True)
class Placement:
    request_id: int
    slot: int
    table: int


@dataclass(frozen=True)
class Instance:
    """Slots are numbered 0..slots-1 in time order; tables 0..tables-1."""

    slots: int
    tables: int
    availability: dict[int, frozenset[int]]
    requests: tuple[Request, ...]
    cap: int | None = None
    caps: dict[int, int] = field(default_factory=dict)
    locked: dict[int, tuple[int, int | None]] = field(default_factory=dict)
    # The previous schedule when re-scheduling: request id -> (slot, table).
    previous: dict[int, tuple[int, int]] = field(default_factory=dict)
    # common_slots per request, computed once: every phase asks, and the time limit counts it.
    _common: dict[Request, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def cap_of(self, person: int) -> int | None:
        return self.caps.get(person, self.cap)

    def common_slots(self, request: Request) -> list[int]:
        """The slots both sides can meet in, in time order (shared: do not change the list)."""
        found = self._common.get(request)
        if found is None:
            a = self.availability.get(request.a, frozenset())
            b = self.availability.get(request.b, frozenset())
            found = self._common[request] = sorted(s for s in a & b if 0 <= s < self.slots)
        return found


@dataclass(frozen=True)
class Result:
    placements: tuple[Placement, ...]
    placed: int
    objective: int
    upper_bound: int
    optimal: bool
    greedy: int  # what first come, first served places (weighted), for comparison
    idle_slots: int
    seconds: float

    @property
    def gap(self) -> float:
        """Share of the bound not reached: 0.0 means proven optimal."""
        if self.upper_bound <= 0:
            return 0.0
        return max(self.upper_bound - self.objective, 0) / self.upper_bound


def validate(instance: Instance) -> None:
    """Raise SchedulingError with a readable reason when the instance cannot be scheduled."""
    if instance.slots < 0 or instance.tables < 0:
        raise SchedulingError("The number of slots and of tables cannot be negative.")
    if instance.cap is not None and instance.cap < 0:
        raise SchedulingError("The meeting cap per participant cannot be negative.")
    by_id = {r.id: r for r in instance.requests}
    if len(by_id) != len(instance.requests):
        raise SchedulingError("Two requests share an id.")
    for r in instance.requests:
        if r.a == r.b:
            raise SchedulingError(f"Request {r.id} asks a participant to meet themselves.")
        if r.weight < 1:
            raise SchedulingError(f"Request {r.id} has a weight below 1.")
    per_slot: dict[int, int] = defaultdict(int)
    busy: set[tuple[int, int]] = set()
    tables_taken: set[tuple[int, int]] = set()
    locked_count: dict[int, int] = defaultdict(int)
    for rid, (slot, table) in sorted(instance.locked.items()):
        r = by_id.get(rid)
        if r is None:
            raise SchedulingError(f"Locked meeting {rid} is not among the requests.")
        if slot not in instance.common_slots(r):
            raise SchedulingError(
                f"Locked meeting {rid} is in slot {slot + 1}, "
                "where one of its participants is not available."
            )
        if table is not None and not 0 <= table < instance.tables:
            raise SchedulingError(f"Locked meeting {rid} is at a table that does not exist.")
        for person in (r.a, r.b):
            if (person, slot) in busy:
                raise SchedulingError(
                    f"Two locked meetings put participant {person} in slot {slot + 1}."
                )
            busy.add((person, slot))
            locked_count[person] += 1
        if table is not None:
            if (slot, table) in tables_taken:
                raise SchedulingError(f"Two locked meetings share table {table + 1}.")
            tables_taken.add((slot, table))
        per_slot[slot] += 1
        if per_slot[slot] > instance.tables:
            raise SchedulingError(f"Slot {slot + 1} has more locked meetings than tables.")
    for person, count in locked_count.items():
        cap = instance.cap_of(person)
        if cap is not None and count > cap:
            raise SchedulingError(
                f"Participant {person} has more locked meetings than their cap allows."
            )


class _Board:
    """Occupation of people, slots and tables while building a solution by hand."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.person_slot: dict[tuple[int, int], int] = {}
        self.slot_load: dict[int, int] = defaultdict(int)
        self.meetings_of: dict[int, int] = defaultdict(int)
        self.slot_of: dict[int, int] = {}

    def fits(self, r: Request, s: int) -> bool:
        inst = self.instance
        return (
            self.slot_load[s] < inst.tables
            and (r.a, s) not in self.person_slot
            and (r.b, s) not in self.person_slot
        )

    def under_cap(self, r: Request) -> bool:
        for p in (r.a, r.b):
            cap = self.instance.cap_of(p)
            if cap is not None and self.meetings_of[p] >= cap:
                return False
        return True

    def place(self, r: Request, s: int) -> None:
        self.person_slot[(r.a, s)] = r.id
        self.person_slot[(r.b, s)] = r.id
        self.slot_load[s] += 1
        self.meetings_of[r.a] += 1
        self.meetings_of[r.b] += 1
        self.slot_of[r.id] = s

    def remove(self, r: Request) -> int:
        s = self.slot_of.pop(r.id)
        del self.person_slot[(r.a, s)]
        del self.person_slot[(r.b, s)]
        self.slot_load[s] -= 1
        self.meetings_of[r.a] -= 1
        self.meetings_of[r.b] -= 1
        return s


def _place_locked(board: _Board) -> None:
    by_id = {r.id: r for r in board.instance.requests}
    for rid, (slot, _table) in board.instance.locked.items():
        board.place(by_id[rid], slot)


def first_come_first_served(instance: Instance) -> dict[int, int]:
    """The usual platform behaviour: requests in arrival order, each in its first free slot."""
    validate(instance)
    board = _Board(instance)
    _place_locked(board)
    for r in instance.requests:
        if r.id in board.slot_of or not board.under_cap(r):
            continue
        for s in instance.common_slots(r):
            if board.fits(r, s):
                board.place(r, s)
                break
    return dict(board.slot_of)


def greedy_with_repair(
    instance: Instance, preference: dict[int, float] | None = None
) -> dict[int, int]:
    """A good starting solution: preferred requests first, hardest first, then one-move repairs.

    `preference` (the LP relaxation's value of each request) goes first: it says which requests
    a best choice takes, especially for people who have more requests than their cap. Then
    meetings of the previous schedule, each trying its previous slot first (the later phases
    may be skipped for lack of time, and a published meeting should not move for nothing), then
    requests with few common slots (they have the fewest chances); a request that finds no free
    slot tries to move one blocking meeting to another free slot of its own.
    """
    validate(instance)
    board = _Board(instance)
    _place_locked(board)
    common = {r.id: instance.common_slots(r) for r in instance.requests}
    preference = preference or {}
    order = sorted(
        instance.requests,
        key=lambda r: (
            -round(preference.get(r.id, 0.0), 3),
            -r.weight,
            r.id not in instance.previous,
            len(common[r.id]),
            r.id,
        ),
    )
    unplaced: list[Request] = []
    for r in order:
        if r.id in board.slot_of:
            continue
        if not board.under_cap(r):
            continue
        tries = common[r.id]
        previous = instance.previous.get(r.id)
        if previous is not None and previous[0] in tries:
            tries = [previous[0], *tries]
        slot = next((s for s in tries if board.fits(r, s)), None)
        if slot is None:
            unplaced.append(r)
        else:
            board.place(r, slot)
    by_id = {r.id: r for r in instance.requests}
    for r in unplaced:
        if board.under_cap(r):
            _repair(board, r, common, by_id)
    return dict(board.slot_of)


def _repair(board: _Board, r: Request, common: dict, by_id: dict) -> bool:
    """Free a slot for r by moving one meeting that blocks it to another slot."""
    locked = board.instance.locked
    for s in common[r.id]:
        blockers = {board.person_slot.get((r.a, s)), board.person_slot.get((r.b, s))} - {None}
        if not blockers:
            if board.fits(r, s):
                board.place(r, s)
                return True
            continue
        if len(blockers) != 1:
            continue
        (blocker_id,) = blockers
        if blocker_id in locked:
            continue
        blocker = by_id[blocker_id]
        board.remove(blocker)
        board.place(r, s)
        moved = next((t for t in common[blocker_id] if t != s and board.fits(blocker, t)), None)
        if moved is not None:
            board.place(blocker, moved)
            return True
        board.remove(r)
        board.place(blocker, s)
    return False


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
    from ortools.linear_solver import pywraplp

    if seconds is not None and seconds <= 0:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    objective = solver.Objective()
    per_person: dict[int, list] = defaultdict(list)
    per_person_slots: dict[int, set[int]] = defaultdict(set)
    every, of_request = [], {}
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
    return objective.Value(), {rid: var.solution_value() for rid, var in of_request.items()}


def _at_most(solver, vars_: list, limit: int) -> None:
    # Coefficient by coefficient: the natural API (sum(vars_) <= limit) is ten times slower.
    constraint = solver.Constraint(-solver.infinity(), limit)
    for var in vars_:
        constraint.SetCoefficient(var, 1)


def _trivial_bound(instance: Instance) -> int:
    """Every request that has a common slot placed: the bound when the LP has no time."""
    return sum(r.weight for r in instance.requests if instance.common_slots(r))


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


def _left(until: float) -> float:
    return until - time.monotonic()


def _solver_seconds(until: float, variables: int) -> float:
    """CP-SAT's budget once its model is built: what is left minus the time to read it back."""
    return _left(until) - 0.05 - READ_BACK_SECONDS * variables


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
    person_slot, person_all, slot_all = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in instance.requests:
        row = []
        for s in instance.common_slots(r):
            var = model.NewBoolVar("")
            x[(r.id, s)] = var
            row.append(var)
            for p in (r.a, r.b):
                person_slot[(p, s)].append(var)
                person_all[p].append(var)
            slot_all[s].append(var)
        if len(row) > 1:
            model.AddAtMostOne(row)
    for vars_ in person_slot.values():
        if len(vars_) > 1:
            model.AddAtMostOne(vars_)
    for vars_ in slot_all.values():
        if len(vars_) > instance.tables:
            model.Add(sum(vars_) <= instance.tables)
    for p, vars_ in person_all.items():
        cap = instance.cap_of(p)
        if cap is not None and len(vars_) > cap:
            model.Add(sum(vars_) <= cap)
    for rid, (slot, _table) in instance.locked.items():
        model.Add(x[(rid, slot)] == 1)

    meetings = sum(weight_of[rid] * var for (rid, _s), var in x.items())
    kept = [x[(rid, s)] for rid, (s, _t) in instance.previous.items() if (rid, s) in x]
    # One more meeting always beats keeping every previous slot: scale meetings above the bonus.
    scale = len(kept) + 1
    model.Maximize(scale * meetings + sum(kept))
    for key, var in x.items():
        model.AddHint(var, 1 if greedy.get(key[0]) == key[1] else 0)

    solver = cp_model.CpSolver()
    # Small events end here, proven optimal; the others then improve by neighbourhood search
    # over a few slots at a time.
    seconds = _solver_seconds(until, len(x))
    status = cp_model.UNKNOWN
    if seconds > 0:
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = {rid: s for (rid, s), var in x.items() if solver.BooleanValue(var)}
        cp_bound = int(solver.BestObjectiveBound() // scale)
    else:  # no solution in time: the greedy one stands, with the trivial bound
        chosen = greedy
        cp_bound = sum(weight_of.values())
    return chosen, cp_bound, status == cp_model.OPTIMAL


def _value(
    instance: Instance, chosen: dict[int, int], weight_of: dict[int, int]
) -> tuple[int, int]:
    """Weighted meetings first, then previous slots kept (re-scheduling)."""
    kept = sum(1 for rid, (s, _t) in instance.previous.items() if chosen.get(rid) == s)
    return sum(weight_of[rid] for rid in chosen), kept


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
    a request whose partners were blocked there.
    """
    import random

    from ortools.sat.python import cp_model

    rng = random.Random(seed)
    by_id = {r.id: r for r in instance.requests}
    weight_of = {r.id: r.weight for r in instance.requests}
    common = {r.id: instance.common_slots(r) for r in instance.requests}
    prev_slot = {rid: s for rid, (s, _t) in instance.previous.items()}
    chosen = dict(chosen)
    size = min(WINDOW_SLOTS, instance.slots)
    stale = 0
    while _left(until) > 0.1 and stale < 4 * instance.slots:
        if sum(weight_of[rid] for rid in chosen) >= bound:
            break
        window = set(rng.sample(range(instance.slots), size))
        fixed = {rid: s for rid, s in chosen.items() if s not in window or rid in instance.locked}
        busy = set()
        count: dict[int, int] = defaultdict(int)
        load: dict[int, int] = defaultdict(int)
        for rid, s in fixed.items():
            r = by_id[rid]
            busy.update(((r.a, s), (r.b, s)))
            count[r.a] += 1
            count[r.b] += 1
            load[s] += 1
        model = cp_model.CpModel()
        x = {}
        person_slot, person_all, slot_all = defaultdict(list), defaultdict(list), defaultdict(list)
        for r in instance.requests:
            if r.id in fixed:
                continue
            for s in common[r.id]:
                if s not in window or (r.a, s) in busy or (r.b, s) in busy:
                    continue
                var = model.NewBoolVar("")
                x[(r.id, s)] = var
                for p in (r.a, r.b):
                    person_slot[(p, s)].append(var)
                    person_all[p].append(var)
                slot_all[s].append(var)
        if not x:
            stale += 1
            continue
        per_request = defaultdict(list)
        for (rid, _s), var in x.items():
            per_request[rid].append(var)
        for vars_ in per_request.values():
            if len(vars_) > 1:
                model.AddAtMostOne(vars_)
        for vars_ in person_slot.values():
            if len(vars_) > 1:
                model.AddAtMostOne(vars_)
        for s, vars_ in slot_all.items():
            model.Add(sum(vars_) <= instance.tables - load[s])
        for p, vars_ in person_all.items():
            cap = instance.cap_of(p)
            if cap is not None:
                model.Add(sum(vars_) <= cap - count[p])
        kept = [var for (rid, s), var in x.items() if prev_slot.get(rid) == s]
        scale = len(kept) + 1
        model.Maximize(scale * sum(weight_of[rid] * v for (rid, _s), v in x.items()) + sum(kept))
        for (rid, s), var in x.items():
            model.AddHint(var, 1 if chosen.get(rid) == s else 0)
        seconds = min(WINDOW_SECONDS, _solver_seconds(until, len(x)))
        if seconds <= 0:  # building the sub-model used up the time
            break
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        status = solver.Solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            stale += 1
            continue
        candidate = dict(fixed)
        candidate.update({rid: s for (rid, s), v in x.items() if solver.BooleanValue(v)})
        if _value(instance, candidate, weight_of) > _value(instance, chosen, weight_of):
            stale = 0
        else:
            stale += 1
        if _value(instance, candidate, weight_of) >= _value(instance, chosen, weight_of):
            chosen = candidate
    return chosen


def _reduce_gaps(
    instance: Instance, chosen: dict[int, int], deadline: float, workers: int, seed: int
) -> dict[int, int]:
    """Phase 2: the same meetings, moved to make each person's day as compact as possible."""
    from ortools.sat.python import cp_model

    by_id = {r.id: r for r in instance.requests}
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    person_slot, slot_all = defaultdict(list), defaultdict(list)
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
            var = model.NewBoolVar("")
            x[(rid, s)] = var
            row.append(var)
            slot_all[s].append(var)
            for p in (r.a, r.b):
                person_slot[(p, s)].append(var)
                slots_of_person[p].append((s, var))
        model.AddExactlyOne(row)
    for vars_ in person_slot.values():
        if len(vars_) > 1:
            model.AddAtMostOne(vars_)
    for vars_ in slot_all.values():
        if len(vars_) > instance.tables:
            model.Add(sum(vars_) <= instance.tables)
    spans = []
    for n, options in enumerate(slots_of_person.values()):
        if n % 500 == 0 and _solver_seconds(deadline, len(x)) <= 0:
            return chosen
        first = model.NewIntVar(0, instance.slots - 1, "")
        last = model.NewIntVar(0, instance.slots - 1, "")
        for s, var in options:
            model.Add(first <= s).OnlyEnforceIf(var)
            model.Add(last >= s).OnlyEnforceIf(var)
        spans.append(last - first)
    kept = [x[(rid, s)] for rid, (s, _t) in instance.previous.items() if (rid, s) in x]
    # Keeping a published slot matters more than a shorter day: weigh it above any span change.
    model.Minimize(sum(spans) - (2 * instance.slots * len(slots_of_person) + 1) * sum(kept))
    for (rid, s), var in x.items():
        model.AddHint(var, 1 if chosen[rid] == s else 0)
    solver = cp_model.CpSolver()
    left = _solver_seconds(deadline, len(x))  # building the model took part of the time
    if left <= 0:
        return chosen
    solver.parameters.max_time_in_seconds = left
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return chosen
    moved = {rid: s for (rid, s), var in x.items() if solver.BooleanValue(var)}
    if idle_slots(instance, moved) > idle_slots(instance, chosen) and not instance.previous:
        return chosen
    return moved


def idle_slots(instance: Instance, chosen: dict[int, int]) -> int:
    """Empty slots between a person's first and last meeting, summed over people."""
    by_id = {r.id: r for r in instance.requests}
    slots: dict[int, list[int]] = defaultdict(list)
    for rid, s in chosen.items():
        r = by_id[rid]
        slots[r.a].append(s)
        slots[r.b].append(s)
    return sum(max(v) - min(v) + 1 - len(v) for v in slots.values())


def _assign_tables(instance: Instance, chosen: dict[int, int]) -> tuple[Placement, ...]:
    """Tables per slot: locked tables first, then a meeting's previous table, then the lowest."""
    by_slot: dict[int, list[int]] = defaultdict(list)
    for rid, s in chosen.items():
        by_slot[s].append(rid)
    placements = []
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


def check(instance: Instance, placements: Iterable[Placement]) -> list[str]:
    """Every broken constraint of a schedule, in words (empty when the schedule is valid)."""
    by_id = {r.id: r for r in instance.requests}
    problems, seen = [], set()
    person_slot, table_slot, count = set(), set(), defaultdict(int)
    placed = {}
    for p in placements:
        r = by_id.get(p.request_id)
        if r is None or p.request_id in seen:
            problems.append(f"request {p.request_id} unknown or placed twice")
            continue
        seen.add(p.request_id)
        placed[p.request_id] = p
        if p.slot not in instance.common_slots(r):
            problems.append(f"request {r.id} outside availability")
        if not 0 <= p.table < instance.tables or (p.slot, p.table) in table_slot:
            problems.append(f"table {p.table} in slot {p.slot} misused")
        table_slot.add((p.slot, p.table))
        for person in (r.a, r.b):
            if (person, p.slot) in person_slot:
                problems.append(f"person {person} double-booked in slot {p.slot}")
            person_slot.add((person, p.slot))
            count[person] += 1
    for person, n in count.items():
        cap = instance.cap_of(person)
        if cap is not None and n > cap:
            problems.append(f"person {person} over cap")
    for rid, (slot, table) in instance.locked.items():
        p = placed.get(rid)
        if p is None or p.slot != slot or (table is not None and p.table != table):
            problems.append(f"locked meeting {rid} moved")
    return problems
