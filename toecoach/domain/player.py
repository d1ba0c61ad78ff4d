"""The routine player's state: which phase, and how long is left, from a stored deadline.

Pure: every ``now`` is passed in (wall-clock, aware). "Remaining" is always
``deadline - now``, never a count of ticks, so it stays right across a slow frame or a
laptop suspend.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from toecoach.domain.routines import Phase

# A frame late by less than this keeps the schedule (the next phase's deadline follows on
# from the previous one); a longer gap (a suspend) starts the next phase afresh at now.
CATCH_UP_LIMIT = timedelta(seconds=2)


@dataclass(frozen=True)
class PlayerState:
    phases: tuple[Phase, ...]
    started_at: datetime
    index: int = 0
    deadline: datetime | None = None
    paused_remaining: float | None = None  # seconds left when paused
    completed: frozenset[int] = frozenset()  # phase indexes that ran to their end
    skipped: frozenset[int] = frozenset()
    ended_at: datetime | None = None
    stopped_early: bool = False

    @property
    def finished(self) -> bool:
        return self.ended_at is not None

    @property
    def paused(self) -> bool:
        return self.paused_remaining is not None

    @property
    def phase(self) -> Phase | None:
        return self.phases[self.index] if self.index < len(self.phases) else None

    @property
    def total_seconds(self) -> int:
        return sum(p.seconds for p in self.phases)


def start(phases: list[Phase], now: datetime) -> PlayerState:
    if not phases:
        return PlayerState((), now, ended_at=now)
    return PlayerState(tuple(phases), now, deadline=now + timedelta(seconds=phases[0].seconds))


def remaining(state: PlayerState, now: datetime) -> float:
    if state.finished or state.phase is None:
        return 0.0
    if state.paused_remaining is not None:
        return state.paused_remaining
    assert state.deadline is not None
    return max(0.0, (state.deadline - now).total_seconds())


def elapsed_fraction(state: PlayerState, now: datetime) -> float:
    """Progress through the whole routine, 0..1: by planned seconds while it runs; once it
    has ended, the share of steps done (so "Stopped: 0 of 5 steps done" shows an empty bar,
    not a full one)."""
    total = state.total_seconds
    if state.finished:
        done, steps = items_done(state)
        return done / steps if steps else 1.0
    if total == 0:
        return 1.0
    done = sum(p.seconds for p in state.phases[: state.index])
    current = state.phase.seconds - remaining(state, now) if state.phase else 0
    return min(1.0, max(0.0, (done + current) / total))


def _go_to(state: PlayerState, index: int, start_at: datetime, now: datetime) -> PlayerState:
    if index >= len(state.phases):
        return replace(state, index=len(state.phases), deadline=None, paused_remaining=None,
                       ended_at=now)  # fmt: skip
    seconds = state.phases[index].seconds
    return replace(state, index=index, deadline=start_at + timedelta(seconds=seconds),
                   paused_remaining=None)  # fmt: skip


def tick(state: PlayerState, now: datetime) -> tuple[PlayerState, bool]:
    """Advance past a phase whose deadline has passed; return (state, phase_changed).

    At most one phase per tick: after a suspend the user comes back to the next phase, not
    to a routine that raced on without them.
    """
    if state.finished or state.paused or state.deadline is None or now < state.deadline:
        return state, False
    done = replace(state, completed=state.completed | {state.index})
    late = now - state.deadline
    start_at = state.deadline if late <= CATCH_UP_LIMIT else now
    return _go_to(done, state.index + 1, start_at, now), True


def pause(state: PlayerState, now: datetime) -> PlayerState:
    if state.finished or state.paused:
        return state
    return replace(state, paused_remaining=remaining(state, now), deadline=None)


def resume(state: PlayerState, now: datetime) -> PlayerState:
    if state.finished or state.paused_remaining is None:
        return state
    return replace(state, deadline=now + timedelta(seconds=state.paused_remaining),
                   paused_remaining=None)  # fmt: skip


def toggle_pause(state: PlayerState, now: datetime) -> PlayerState:
    return resume(state, now) if state.paused else pause(state, now)


def skip(state: PlayerState, now: datetime) -> PlayerState:
    if state.finished:
        return state
    was_paused = state.paused
    moved = _go_to(replace(state, skipped=state.skipped | {state.index}), state.index + 1, now, now)
    return pause(moved, now) if was_paused and not moved.finished else moved


def skip_item(state: PlayerState, now: datetime) -> PlayerState:
    """On to the next exercise (routine item): every phase left of this one is skipped. A
    paused player stays paused."""
    if state.finished or state.phase is None:
        return state
    item = state.phase.item
    rest = [i for i in range(state.index, len(state.phases)) if state.phases[i].item == item]
    was_paused = state.paused
    moved = _go_to(replace(state, skipped=state.skipped | set(rest)), rest[-1] + 1, now, now)
    return pause(moved, now) if was_paused and not moved.finished else moved


def next_item(state: PlayerState) -> int | None:
    """The routine item after the current one, or None on the last."""
    if state.finished or state.phase is None:
        return None
    item = state.phase.item
    later = [p.item for p in state.phases[state.index :] if p.item != item]
    return later[0] if later else None


def back(state: PlayerState, now: datetime) -> PlayerState:
    if state.finished:
        return state
    was_paused = state.paused
    moved = _go_to(state, max(0, state.index - 1), now, now)
    return pause(moved, now) if was_paused else moved


def stop(state: PlayerState, now: datetime) -> PlayerState:
    if state.finished:
        return state
    return replace(state, ended_at=now, deadline=None, paused_remaining=None, stopped_early=True)


def done_items(state: PlayerState) -> list[int]:
    """The routine items done: each one's last phase was reached and not skipped."""
    done = []
    for item in sorted({p.item for p in state.phases}):
        indexes = [i for i, p in enumerate(state.phases) if p.item == item]
        if indexes[-1] in state.completed:
            done.append(item)
    return done


def items_done(state: PlayerState) -> tuple[int, int]:
    """(routine steps done, total): a step (routine item) is done when its last phase was
    reached and not skipped."""
    total_items = len({p.item for p in state.phases})
    done = 0
    for item in {p.item for p in state.phases}:
        indexes = [i for i, p in enumerate(state.phases) if p.item == item]
        if indexes[-1] in state.completed:
            done += 1
    return done, total_items


def run_record_fields(state: PlayerState, routine_id: str,
                      exercises_done: list[str] | None = None) -> dict[str, object]:  # fmt: skip
    """The run as stored. ``exercises_done`` (the ids of the exercises done without "it
    hurts") is what progression counts as good runs."""
    done, total = items_done(state)
    return {
        "routine": routine_id,
        "started": state.started_at.isoformat(timespec="seconds"),
        "ended": state.ended_at.isoformat(timespec="seconds") if state.ended_at else None,
        "steps_done": done,
        "steps_total": total,
        "phases_completed": len(state.completed),
        "phases_skipped": len(state.skipped),
        "phases_total": len(state.phases),
        "finished": state.finished and not state.stopped_early,
        **({"exercises_done": exercises_done} if exercises_done is not None else {}),
    }
