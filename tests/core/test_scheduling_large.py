"""The scheduler's large-event path (slot-window search) and its LP bound, on fixed instances."""

import time

from clusterhub.core import scheduling
from clusterhub.core.scheduling import Instance
from clusterhub.core.scheduling import Request
from clusterhub.core.scheduling import _improve_by_slot_windows
from clusterhub.core.scheduling import _solve_whole
from clusterhub.core.scheduling import check
from clusterhub.core.scheduling import first_come_first_served
from clusterhub.core.scheduling import lp_bound
from clusterhub.core.scheduling import schedule
from tests.core.test_scheduling import _random_event


def _lp_instance(tables: int) -> Instance:
    """Two slots. Person 0 (cap 2) asks 1..4 with weights 1..4; 9, 10 and 11 can all only meet
    in slot 0 and ask each other (a triangle); 12 and 9 share no slot; two free pairs."""
    availability = {p: frozenset({0, 1}) for p in range(17)}
    availability.update({9: frozenset({0}), 10: frozenset({0}), 11: frozenset({0})})
    availability[12] = frozenset({1})
    requests = (
        *(Request(i, 0, i, weight=i) for i in range(1, 5)),
        Request(5, 9, 10),
        Request(6, 9, 11),
        Request(7, 10, 11),
        Request(8, 12, 9),
        Request(9, 13, 14),
        Request(10, 15, 16),
    )
    return Instance(2, tables, availability, requests, caps={0: 2})


def test_lp_bound_when_the_days_tables_bind():
    # 2 tables x 2 slots = 4 meetings: the cap keeps weights 4 and 3, two weight-1 meetings fill
    # the rest; the bound is exact and the scheduler proves it.
    instance = _lp_instance(tables=2)
    assert lp_bound(instance) == 9.0
    result = schedule(instance, time_limit=5)
    assert (result.objective, result.upper_bound, result.optimal) == (9, 9, True)


def test_lp_bound_is_a_relaxation_the_scheduler_tightens():
    # With room for 6 meetings: 4 + 3 (cap), the two free pairs, and half of each triangle
    # request (each person of the triangle has one slot): 10.5, while only one triangle meeting
    # fits. Request 8 (no common slot) counts for nothing.
    instance = _lp_instance(tables=3)
    assert lp_bound(instance) == 10.5
    result = schedule(instance, time_limit=5)
    assert (result.objective, result.upper_bound, result.optimal) == (10, 10, True)
    assert 8 not in {p.request_id for p in result.placements}


def test_lp_bound_on_a_generated_event_is_one_above_the_proven_optimum():
    instance = _random_event(40, 6, 120, seed=1)
    weights = {r.id: r.weight for r in instance.requests}
    start = first_come_first_served(instance)
    best, cp_bound, proven = _solve_whole(instance, start, weights, time.monotonic() + 20, 1, 0)
    assert lp_bound(instance) == 74.0
    assert (len(best), cp_bound, proven) == (73, 73, True)


def test_slot_windows_reach_the_proven_optimum_from_first_come_first_served():
    instance = _random_event(40, 6, 120, seed=1)
    start = first_come_first_served(instance)
    assert len(start) == 61
    started = time.monotonic()
    improved = _improve_by_slot_windows(instance, start, started + 30, 1, 0, bound=73)
    assert len(improved) == 73
    assert time.monotonic() - started < 30  # it stops at the bound, not at the deadline
    assert check(instance, scheduling._assign_tables(instance, improved)) == []


def _chain() -> tuple[Instance, dict[int, int]]:
    """Request i (people 2i, 2i+1) can meet in slots i and i+1, the last one only in slot 5;
    one table. The start puts request i in slot i+1, which leaves the last one out."""
    availability = {}
    for i in range(6):
        slots = frozenset({i, i + 1}) if i < 5 else frozenset({5})
        availability[2 * i] = availability[2 * i + 1] = slots
    instance = Instance(6, 1, availability, tuple(Request(i, 2 * i, 2 * i + 1) for i in range(6)))
    return instance, {i: i + 1 for i in range(5)}


def test_slot_windows_shift_a_chain_through_moves_that_gain_nothing():
    # No window of two slots gains a meeting by itself: the search keeps equal solutions and
    # moves the chain down one window at a time until the last request fits.
    instance, start = _chain()
    improved = _improve_by_slot_windows(instance, start, time.monotonic() + 30, 1, 0, bound=6)
    assert improved == {i: i for i in range(6)}


def test_slot_windows_keep_locked_meetings_and_stop_when_nothing_improves():
    # Request 4 locked in slot 5 blocks the last request for good: the search gives up after
    # 4 x slots windows without progress, keeps the lock, and loses no meeting.
    instance, start = _chain()
    locked = Instance(
        instance.slots, 1, instance.availability, instance.requests, locked={4: (5, None)}
    )
    started = time.monotonic()
    improved = _improve_by_slot_windows(locked, start, started + 30, 1, 0, bound=6)
    assert improved[4] == 5
    assert len(improved) == 5
    assert time.monotonic() - started < 30


def test_large_events_skip_the_whole_model_and_report_the_lp_bound(monkeypatch):
    # Treated as a large event, the whole model is skipped: the windows improve the LP-guided
    # start, and the bound reported is the LP's (74), one above the proven optimum (73).
    monkeypatch.setattr(scheduling, "WHOLE_MODEL_LIMIT", 0)
    instance = _random_event(40, 6, 120, seed=1)
    result = schedule(instance, time_limit=10, reduce_gaps=False, workers=1)
    assert result.upper_bound == 74
    assert result.greedy == 61
    assert 72 <= result.objective <= 73
    assert not result.optimal
    assert check(instance, result.placements) == []
