"""What every CP-SAT phase shares: the time left, the solver run, and how solutions compare."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from .model import Instance

if TYPE_CHECKING:  # OR-Tools loads on first use: importing the scheduler stays cheap
    from ortools.sat.python import cp_model

# Reading one variable's value back from CP-SAT in Python (measured: about 1 µs; kept generous).
READ_BACK_SECONDS = 4e-6


def _left(until: float) -> float:
    return until - time.monotonic()


def _solver_seconds(until: float, variables: int) -> float:
    """CP-SAT's budget once its model is built: what is left minus the time to read it back."""
    return _left(until) - 0.05 - READ_BACK_SECONDS * variables


def _solve(
    model: cp_model.CpModel, seconds: float, workers: int, seed: int
) -> tuple[cp_model.CpSolver, bool, bool]:
    """Run CP-SAT for at most `seconds`: (the solver, a solution found, proven optimal)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    return solver, status in (cp_model.OPTIMAL, cp_model.FEASIBLE), status == cp_model.OPTIMAL


def _value(
    instance: Instance, chosen: dict[int, int], weight_of: dict[int, int]
) -> tuple[int, int]:
    """Weighted meetings first, then previous slots kept (re-scheduling)."""
    kept = sum(1 for rid, (s, _t) in instance.previous.items() if chosen.get(rid) == s)
    return sum(weight_of[rid] for rid in chosen), kept
