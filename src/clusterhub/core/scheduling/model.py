"""The scheduling problem: requests, instances, results, and the checks that every phase obeys."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field


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
        locked_request = by_id.get(rid)
        if locked_request is None:
            raise SchedulingError(f"Locked meeting {rid} is not among the requests.")
        r = locked_request
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


def idle_slots(instance: Instance, chosen: dict[int, int]) -> int:
    """Empty slots between a person's first and last meeting, summed over people."""
    by_id = {r.id: r for r in instance.requests}
    slots: dict[int, list[int]] = defaultdict(list)
    for rid, s in chosen.items():
        r = by_id[rid]
        slots[r.a].append(s)
        slots[r.b].append(s)
    return sum(max(v) - min(v) + 1 - len(v) for v in slots.values())


def check(instance: Instance, placements: Iterable[Placement]) -> list[str]:
    """Every broken constraint of a schedule, in words (empty when the schedule is valid)."""
    by_id = {r.id: r for r in instance.requests}
    problems: list[str] = []
    seen: set[int] = set()
    person_slot: set[tuple[int, int]] = set()
    table_slot: set[tuple[int, int]] = set()
    count: dict[int, int] = defaultdict(int)
    placed: dict[int, Placement] = {}
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
        at = placed.get(rid)
        if at is None or at.slot != slot or (table is not None and at.table != table):
            problems.append(f"locked meeting {rid} moved")
    return problems
