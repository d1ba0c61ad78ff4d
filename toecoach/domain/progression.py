"""Today's dose from the person's own history: progression, "it hurts" and "too easy".

Pure: the history comes in as ``ExerciseEvent``s (from stored runs and feedback records),
every "now" is an argument.

- A *good run* of an exercise is a run in which it was done without "it hurts".
- A progression (``[progression]`` in the exercise's file) steps up one level per
  ``runs_per_step`` good runs, ``weeks`` levels from its start to its most, never past the
  most (which the validator keeps within the file's [dose]).
- "It hurts" steps back one level and restarts the count; "too easy" steps up one level at once.
- After "it hurts" the next run uses a lighter dose (half the reps, hold and time, never below
  1). After severe pain (``SEVERE_PAIN`` or more), or when the same exercise hurt twice within
  ``REPEAT_WINDOW``, the exercise is left out of every routine until the person brings it back
  (a "restored" feedback record).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from toecoach.domain.routines import Dose, Exercise, Library, Progression, Routine, Span

SEVERE_PAIN = 7  # 0-10: at or above this, the triage is offered and the exercise left out
REPEAT_WINDOW = timedelta(days=7)  # hurt twice within this: the same


@dataclass(frozen=True)
class ExerciseEvent:
    at: datetime
    exercise: str
    kind: str  # "done" (a good run), "hurt", "easy", "restored"
    severity: int | None = None


def events_from_records(runs: Iterable[Mapping[str, Any]],
                        feedback: Iterable[Mapping[str, Any]]) -> list[ExerciseEvent]:  # fmt: skip
    """Stored runs (their ``exercises_done``) and feedback records, oldest first. A record
    that cannot be read is left out rather than failing the routine."""
    events: list[ExerciseEvent] = []
    for run in runs:
        at = _at(run.get("ended") or run.get("at"))
        done = run.get("exercises_done")
        if at is None or not isinstance(done, list):
            continue
        events += [ExerciseEvent(at, str(e), "done") for e in done if isinstance(e, str)]
    for row in feedback:
        at = _at(row.get("at"))
        verdict = row.get("verdict")
        if at is None or verdict not in ("hurt", "easy", "restored"):
            continue
        severity = row.get("severity")
        events.append(ExerciseEvent(at, str(row.get("exercise")), str(verdict),
                                    severity if isinstance(severity, int) else None))  # fmt: skip
    events.sort(key=lambda e: e.at)
    return events


def _at(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


# -- progression -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    level: int  # 0 = the progression's start
    levels: int  # the level of its most
    good_runs: int  # good runs since ``since``
    since: date | None  # when the count started (the first good run, or the last change)
    to_next: int  # good runs still needed for the next step (0 at the most)


def level(progression: Progression, events: Sequence[ExerciseEvent], exercise: str) -> Level:
    levels = progression.weeks
    step = progression.runs_per_step
    current, count, total, since = 0, 0, 0, None
    for event in events:
        if event.exercise != exercise:
            continue
        if event.kind == "done":
            count, total = count + 1, total + 1
            since = since or event.at.date()
            if count >= step and current < levels:
                current, count = current + 1, 0
        elif event.kind == "hurt":
            current, count, total, since = max(0, current - 1), 0, 0, event.at.date()
        elif event.kind == "easy":
            current, count, total, since = min(levels, current + 1), 0, 0, event.at.date()
    return Level(current, levels, total, since, 0 if current >= levels else step - count)


def value_at(span: Span, at: Level) -> int:
    if at.levels <= 0:
        return span.high
    return span.low + round((span.high - span.low) * min(at.level, at.levels) / at.levels)


# -- it hurts ----------------------------------------------------------------------------------


def _hurts(events: Sequence[ExerciseEvent], exercise: str) -> list[ExerciseEvent]:
    return [e for e in events if e.exercise == exercise and e.kind == "hurt"]


def hurt_again_within_week(events: Sequence[ExerciseEvent], exercise: str, now: datetime) -> bool:
    """Whether ``exercise`` already hurt in the ``REPEAT_WINDOW`` before ``now``."""
    return any(now - REPEAT_WINDOW <= e.at <= now for e in _hurts(events, exercise))


def offer_triage(severity: int, events: Sequence[ExerciseEvent], exercise: str,
                 now: datetime) -> bool:  # fmt: skip
    """Offer the triage after "it hurts": severe pain, or the same exercise hurt twice in a
    week (``events`` are those before this one)."""
    return severity >= SEVERE_PAIN or hurt_again_within_week(events, exercise, now)


def left_out(events: Sequence[ExerciseEvent], exercise: str) -> str | None:
    """Why ``exercise`` is left out of routines now, or None: it hurt severely, or twice within
    a week, and has not been brought back since."""
    reason: str | None = None
    previous: ExerciseEvent | None = None
    for event in events:
        if event.exercise != exercise:
            continue
        if event.kind == "restored":
            reason = None
        elif event.kind == "hurt":
            if event.severity is not None and event.severity >= SEVERE_PAIN:
                reason = f"it hurt ({event.severity}/10) on {event.at.date().isoformat()}"
            elif previous is not None and event.at - previous.at <= REPEAT_WINDOW:
                reason = f"it hurt twice in a week (last on {event.at.date().isoformat()})"
            previous = event
    return reason


def lighter_next(events: Sequence[ExerciseEvent], exercise: str) -> bool:
    """It hurt last time: no good run of it since the latest "it hurts"."""
    latest = None
    for event in events:
        if event.exercise == exercise and event.kind in ("hurt", "done", "restored"):
            latest = event.kind
    return latest == "hurt"


def lighter(dose: Dose) -> Dose:
    def half(span: Span | None) -> Span | None:
        if span is None:
            return None
        return Span(max(1, span.low // 2), max(1, span.high // 2))

    return replace(dose, reps=half(dose.reps), hold_seconds=half(dose.hold_seconds),
                   duration_seconds=half(dose.duration_seconds))  # fmt: skip


# -- today's routine ---------------------------------------------------------------------------

_WORDS = {"reps": "reps", "hold_seconds": "hold", "duration_seconds": "time"}
_UNITS = {"reps": "", "hold_seconds": " s", "duration_seconds": " s"}


def todays_dose(exercise: Exercise, dose: Dose, overrides: Iterable[str],
                events: Sequence[ExerciseEvent]) -> tuple[Dose, str]:  # fmt: skip
    """(the dose for today, why in words). A routine that set a field caps the progression
    of that field at its own value (it chose a lighter dose to fit its length)."""
    reasons: list[str] = []
    progression = exercise.progression
    if progression is not None:
        at = level(progression, events, exercise.id)
        changes: dict[str, Any] = {}
        for key, span in progression.ranges:
            value = value_at(span, at)
            current: Span | None = getattr(dose, key)
            capped = key in overrides and current is not None and value > current.high
            if capped and current is not None:
                value = current.high
            changes[key] = Span(value, value)
            reasons.append(_why(key, value, span, at, capped))
        dose = replace(dose, **changes)
    if lighter_next(events, exercise.id):
        dose = lighter(dose)
        reasons.append("half the dose: it hurt last time")
    return dose, "; ".join(reasons)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _why(key: str, value: int, span: Span, at: Level, capped: bool) -> str:
    """E.g. ``reps 7 of 5-10: 6 good runs since 2026-11-02; 3 more to step up``."""
    unit = _UNITS[key]
    text = f"{_WORDS[key]} {value}{unit} of {span}{unit}: "
    if at.since is None:
        text += "the start"
    else:
        text += f"{_plural(at.good_runs, 'good run')} since {at.since.isoformat()}"
    if capped:
        return text + "; the most this routine asks for"
    if at.to_next == 0:
        return text + "; the most it builds up to"
    return text + f"; {_plural(at.to_next, 'more good run')} to step up"


@dataclass(frozen=True)
class RoutinePlan:
    """A routine as it runs today: doses from progression and feedback, some items left out."""

    routine: Routine  # only the items kept, with today's doses
    why: tuple[str, ...]  # per kept item: why its dose is what it is ("" when as written)
    left_out: tuple[tuple[str, str], ...]  # (exercise id, why)


def plan_routine(routine: Routine, library: Library,
                 events: Sequence[ExerciseEvent]) -> RoutinePlan:  # fmt: skip
    items = []
    why = []
    skipped: list[tuple[str, str]] = []
    for item in routine.items:
        exercise = library.exercises[item.exercise]
        reason = left_out(events, exercise.id)
        if reason is not None:
            skipped.append((exercise.id, reason))
            continue
        dose, because = todays_dose(exercise, item.dose, item.overrides, events)
        items.append(replace(item, dose=dose))
        why.append(because)
    return RoutinePlan(replace(routine, items=tuple(items)), tuple(why), tuple(skipped))
