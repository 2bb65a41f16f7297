"""Solutions built by hand: first come, first served (the comparison) and the LP-guided greedy."""

from __future__ import annotations

from collections import defaultdict

from .model import Instance
from .model import Request
from .model import validate


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


def _repair(
    board: _Board, r: Request, common: dict[int, list[int]], by_id: dict[int, Request]
) -> bool:
    """Free a slot for r by moving one meeting that blocks it to another slot."""
    locked = board.instance.locked
    for s in common[r.id]:
        blockers = {
            rid
            for rid in (board.person_slot.get((r.a, s)), board.person_slot.get((r.b, s)))
            if rid is not None
        }
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
