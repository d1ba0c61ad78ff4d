"""The sitting tracker: the current sitting bout, when the next walking-break reminder is due,
and what each event does to them.

Pure: standard library only, no clock. Every ``now`` is an aware datetime passed in; the
module stores and returns UTC datetimes, so arithmetic always counts real elapsed time (two
datetimes that share a ``ZoneInfo`` subtract as wall times, which is wrong across a
daylight-saving change). Work hours and "tomorrow" are decided in ``BreakPlan.tz``.

Defaults are the clinical brief's (section 6): a reminder after 30 minutes of continuous
sitting (adjustable 20..60, never above 60), a 5-minute walk, snoozes that never push the bout
past 60 minutes.

The loop a reminder service runs (``simulate`` below is its reference implementation)::

    step = heartbeat(state, plan, now, monotonic_elapsed_seconds=..., idle_seconds=...)
    state = step.state                       # store/emit step.events
    due = next_reminder_due(state, plan, now)
    if due is not None and due <= now:       # at most once: showing it defers the next one
        step = on_reminder_shown(state, plan, now)
        ...
    re-arm one date job at next_reminder_due(state, plan, now) (None: nothing to arm)

Only ``heartbeat``/``check_clock`` move ``last_seen``: call one of them first on every
wake-up, before applying user events, so a clock change is noticed before it is trusted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Literal

__all__ = [
    "CLOCK_TOLERANCE",
    "DAY_NAMES",
    "HORIZON_DAYS",
    "MAX_BOUT_MINUTES",
    "MAX_INTERVAL_MINUTES",
    "MIN_INTERVAL_MINUTES",
    "MIN_REMINDER_GAP",
    "PRESENCE_RULES",
    "SNOOZE_MINUTES",
    "STEP_AWAY_GRACE",
    "Action",
    "SharedStepAway",
    "BreakPlan",
    "Event",
    "EventKind",
    "Signal",
    "SetClock",
    "Simulation",
    "SittingState",
    "Stall",
    "Step",
    "Suspend",
    "check_clock",
    "heartbeat",
    "in_work_hours",
    "next_reminder_due",
    "off_duty_words",
    "away_because",
    "on_app_key",
    "on_away",
    "on_back",
    "on_day_end",
    "on_idle",
    "on_left",
    "on_lock",
    "on_pause",
    "on_reminder_shown",
    "on_resume",
    "on_seated_routine",
    "on_shared_step_away",
    "on_skip",
    "on_snooze",
    "on_step_away",
    "on_walk",
    "overnight",
    "parse_work_hours",
    "pause_for_an_hour",
    "simulate",
    "sitting_since",
    "snooze_options",
    "start_tracking",
    "step_away_ends",
    "until_tomorrow",
    "work_windows",
]

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIN_INTERVAL_MINUTES = 20
MAX_INTERVAL_MINUTES = 60
# Brief section 6: snoozes never push continuous sitting past 60 minutes [S17][S95].
MAX_BOUT_MINUTES = 60
SNOOZE_MINUTES: tuple[int, ...] = (5, 10)
# Two reminders are never closer than this (the shortest snooze): no bursts, whatever happens.
MIN_REMINDER_GAP = timedelta(minutes=5)
# Wall clock and monotonic clock may disagree by this much before we call it a gap or a jump
# (NTP slews and a heartbeat that ran a little late stay below it).
CLOCK_TOLERANCE = timedelta(minutes=2)
# How far ahead next_reminder_due looks for a work window (a week, plus today).
HORIZON_DAYS = 8
# After "step away", system input within this time is the person getting up (the key itself,
# a last mouse move), not the person coming back.
STEP_AWAY_GRACE = timedelta(minutes=1)

EventKind = Literal[
    "reminder", "away", "back", "walk", "paused", "resumed", "gap", "snooze", "skip", "seated"
]


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is a naive datetime; pass an aware one")
    return moment.astimezone(UTC)


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


WORK_HOURS_HELP = "expected HH:MM-HH:MM (an end before the start means past midnight)"


def parse_work_hours(text: str) -> tuple[time, time]:
    """``"09:00-18:00"`` -> ``(time(9), time(18))``; an end of ``24:00`` becomes ``time(0)``;
    an end before the start is a night shift (``"22:00-06:00"`` ends the next morning)."""
    try:
        first, second = text.strip().split("-")
        start = time.fromisoformat(first.strip())
        end_text = second.strip()
        end = time(0) if end_text == "24:00" else time.fromisoformat(end_text)
    except ValueError:
        raise ValueError(f"work hours {text!r}: {WORK_HOURS_HELP}") from None
    if end == start and end != time(0):
        raise ValueError(f"work hours {text!r}: the start and the end are the same")
    return start, end


def overnight(plan: BreakPlan) -> bool:
    """Work hours that run past midnight (``24:00`` included): they end the next day."""
    return plan.work_end == time(0) or plan.work_end < plan.work_start


@dataclass(frozen=True, kw_only=True)
class BreakPlan:
    """The ``[breaks]`` settings, ready for the tracker.

    ``work_end == time(0)`` means midnight at the end of the day (``24:00``); an end before
    the start is a night shift, ending on the next day (the window belongs to the work day it
    starts on). ``tz`` is the user's local zone with its daylight-saving rules (a
    ``ZoneInfo``, not a fixed offset).
    """

    tz: tzinfo
    enabled: bool = True
    interval_minutes: int = 30
    walk_minutes: int = 5
    away_minutes: int = 5
    work_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    work_start: time = time(9)
    work_end: time = time(18)

    def __post_init__(self) -> None:
        interval = self.interval_minutes
        if isinstance(interval, bool) or not isinstance(interval, int):
            raise ValueError(f"interval_minutes must be a whole number, not {interval!r}")
        if not MIN_INTERVAL_MINUTES <= interval <= MAX_INTERVAL_MINUTES:
            raise ValueError(
                f"interval_minutes is {interval}; expected {MIN_INTERVAL_MINUTES} to "
                f"{MAX_INTERVAL_MINUTES} (a break at least every hour)"
            )
        for name in ("walk_minutes", "away_minutes"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"{name} is {value!r}; expected a whole number of minutes >= 1")
        unknown = [d for d in self.work_days if d not in DAY_NAMES]
        if unknown:
            raise ValueError(f"work_days has {unknown!r}; expected names from {DAY_NAMES}")
        if self.work_end == self.work_start and self.work_end != time(0):
            raise ValueError("work hours: the start and the end are the same")
        if not isinstance(self.tz, tzinfo):
            raise ValueError(f"tz must be a tzinfo, not {self.tz!r}")

    @property
    def interval(self) -> timedelta:
        return timedelta(minutes=self.interval_minutes)


def work_windows(plan: BreakPlan, after: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Work windows ``(start, end)`` in UTC, in order, that end after ``after``.

    A window is the work hours of one local calendar day that is a work day, in local wall
    time: on a daylight-saving day it is an hour longer or shorter in real time. A night
    shift's window starts on its work day and ends the next morning, so the search starts a
    day early (yesterday's shift may still be running).
    """
    first = _utc(after).astimezone(plan.tz).date()
    for offset in range(-1, HORIZON_DAYS):
        day = first + timedelta(days=offset)
        if DAY_NAMES[day.weekday()] not in plan.work_days:
            continue
        start = _local(day, plan.work_start, plan.tz)
        end_day = day + timedelta(days=1) if overnight(plan) else day
        end = _local(end_day, plan.work_end, plan.tz)
        if end > after:
            yield start, end


def _local(day: date, at: time, tz: tzinfo) -> datetime:
    # A wall time skipped by a spring-forward change resolves to the offset before it (fold=0).
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def _window_at(plan: BreakPlan, now: datetime) -> tuple[datetime, datetime] | None:
    for start, end in work_windows(plan, now):
        return (start, end) if start <= now else None
    return None


def _sitting_windows(
    plan: BreakPlan, after: datetime, since: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Work windows as a sitting bout sees them: windows that meet (one ends where the next
    begins, as ``00:00-24:00`` does at midnight) are one, since the person sits on through
    midnight. The first one reaches back across the windows that meet it, as far as
    ``since`` (the bout's start). The days themselves stay apart for what belongs to a work
    day (a pause until tomorrow, a step-away that ends with its day)."""
    joined: tuple[datetime, datetime] | None = None
    for start, end in work_windows(plan, after):
        if joined is None:
            for _ in range(HORIZON_DAYS):
                if start <= since:
                    break
                before = _window_at(plan, start - timedelta(microseconds=1))
                if before is None or before[1] != start:
                    break
                start = before[0]
        elif start == joined[1]:
            joined = (joined[0], end)
            continue
        if joined is not None:
            yield joined
        joined = (start, end)
    if joined is not None:
        yield joined


def in_work_hours(plan: BreakPlan, now: datetime) -> bool:
    return _window_at(plan, _utc(now)) is not None


def off_duty_words(plan: BreakPlan, now: datetime) -> str:
    """Why no bout is being counted now, in words: a day off, or outside the hours."""
    if DAY_NAMES[now.astimezone(plan.tz).weekday()] not in plan.work_days:
        return "Not a work day."
    return "Outside work hours."


def pause_for_an_hour(now: datetime) -> datetime:
    return _utc(now) + timedelta(hours=1)


def until_tomorrow(plan: BreakPlan, now: datetime) -> datetime:
    """The start of work on the next work day after today (Friday -> Monday 09:00). During a
    night shift "today" is the day the shift started (02:00 on Tuesday -> Tuesday 22:00)."""
    current = _window_at(plan, _utc(now))
    today = (current[0] if current else _utc(now)).astimezone(plan.tz).date()
    for offset in range(1, HORIZON_DAYS + 1):
        day = today + timedelta(days=offset)
        if DAY_NAMES[day.weekday()] in plan.work_days:
            return _local(day, plan.work_start, plan.tz)
    return _local(today + timedelta(days=1), plan.work_start, plan.tz)


# -- state and events -------------------------------------------------------------------------


@dataclass(frozen=True)
class SittingState:
    """What the tracker remembers; every datetime is UTC.

    - ``bout_start``: when the current sitting bout began (may lie in the future while a walk
      is in progress). Time outside work hours never counts: see ``sitting_since``.
    - ``away_since``: the user left the desk (idle, locked) and is not back yet; no reminders.
    - ``stepped_away``: the person said "step away" in the app then (in this toecoach or
      another one on the home); only a key in any of them, an unlock, system input after
      ``STEP_AWAY_GRACE`` or the end of that work day brings them back.
    - ``locked_since``: the screen has read "locked" since then (cleared when it reads
      unlocked): a lock makes the person away once, when it starts, and only an unlock (or a
      key in the app) ends that absence.
    - ``deferred_until``: the next reminder waits until then (set by a shown reminder, a snooze,
      a skip or the seated routine); one past the end of work skips the rest of that window,
      and the next window starts afresh.
    - ``paused_until``: no reminders before then.
    - ``last_reminder_at``: the last reminder shown (keeps reminders ``MIN_REMINDER_GAP`` apart).
    - ``last_seen``: wall clock at the last heartbeat, to notice suspends and clock jumps.
    """

    bout_start: datetime | None = None
    away_since: datetime | None = None
    deferred_until: datetime | None = None
    paused_until: datetime | None = None
    last_reminder_at: datetime | None = None
    last_seen: datetime | None = None
    stepped_away: datetime | None = None
    locked_since: datetime | None = None

    def to_dict(self) -> dict[str, str | None]:
        """ISO 8601 strings (UTC) for storage."""
        return {
            name: None if value is None else value.isoformat()
            for name, value in self._moments().items()
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> SittingState:
        """The inverse of ``to_dict``; unknown keys are ignored, missing ones are None."""
        values: dict[str, datetime | None] = {}
        for name in cls.__dataclass_fields__:
            raw = data.get(name)
            if raw is None:
                values[name] = None
            elif isinstance(raw, str):
                values[name] = _utc(datetime.fromisoformat(raw))
            else:
                raise ValueError(f"sitting state {name}: {raw!r} is not an ISO 8601 time")
        return cls(**values)

    def _moments(self) -> dict[str, datetime | None]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def shifted(self, by: timedelta) -> SittingState:
        """Every stored time moved by ``by`` (re-basing after the wall clock jumped)."""
        return SittingState(
            **{k: None if v is None else v + by for k, v in self._moments().items()}
        )


@dataclass(frozen=True)
class Event:
    """Something to store or print; ``kind`` matches ``toecoach remind --print``'s ``event``.

    ``reminder`` has ``sitting_minutes``; ``away``, ``walk``, ``gap`` and ``snooze`` have
    ``minutes``; ``paused`` and ``snooze`` have ``until``; ``gap`` has ``direction``.
    """

    kind: EventKind
    at: datetime
    minutes: int | None = None
    sitting_minutes: int | None = None
    until: datetime | None = None
    direction: Literal["forward", "backward"] | None = None

    def fields(self) -> dict[str, int | str | datetime]:
        """The extra fields that are set (``event`` and ``at`` not included)."""
        extra: dict[str, int | str | datetime | None] = {
            "minutes": self.minutes,
            "sitting_minutes": self.sitting_minutes,
            "until": self.until,
            "direction": self.direction,
        }
        return {k: v for k, v in extra.items() if v is not None}


@dataclass(frozen=True)
class Step:
    """A new state and the events it produced; ``accepted`` is False when nothing was done.

    ``back_at``: when the person came back, if this step ended an absence (``on_back``), so
    that other toecoachs on the home can end a shared step-away at the same moment."""

    state: SittingState
    events: tuple[Event, ...] = ()
    accepted: bool = True
    back_at: datetime | None = None

    def then(self, step: Step) -> Step:
        """This step followed by ``step`` (accepted if either did something)."""
        return Step(step.state, self.events + step.events, self.accepted or step.accepted,
                    step.back_at or self.back_at)  # fmt: skip


def start_tracking(now: datetime) -> SittingState:
    """A fresh tracker: the user is at the desk from ``now``."""
    moment = _utc(now)
    return SittingState(bout_start=moment, last_seen=moment)


def sitting_since(state: SittingState, plan: BreakPlan, now: datetime) -> datetime | None:
    """Start of the sitting that counts at ``now``: the bout start, but not before the start of
    the work window it is in (windows that meet, as ``00:00-24:00`` does at midnight, are one).
    None when the user is away, or ``now`` is outside work hours."""
    now = _utc(now)
    if state.bout_start is None or state.away_since is not None:
        return None
    for start, _end in _sitting_windows(plan, now, state.bout_start):
        return max(state.bout_start, start) if start <= now else None
    return None


# -- when is the next reminder ----------------------------------------------------------------


def next_reminder_due(state: SittingState, plan: BreakPlan, now: datetime) -> datetime | None:
    """When to show the next reminder (UTC), never before ``now``; None if none is planned.

    ``sitting_since + interval`` (or ``deferred_until``), inside work hours, not while paused,
    not while away, and at least ``MIN_REMINDER_GAP`` after the last reminder. A due time that
    has passed (after a suspend, a stall, a pause) comes back as ``now``: showing it defers the
    next one, so a gap gives one reminder, never a burst. A bout does not run across work
    windows: in the next window it counts from the window's start. Windows that meet
    (``00:00-24:00``) are one: the bout runs on through midnight.
    """
    now = _utc(now)
    if not plan.enabled or state.bout_start is None or state.away_since is not None:
        return None
    earliest = now
    if state.paused_until is not None:
        earliest = max(earliest, state.paused_until)
    last = state.last_reminder_at
    if last is not None and last <= now:  # one "in the future" is a clock artefact: ignore it
        earliest = max(earliest, last + MIN_REMINDER_GAP)
    for start, end in _sitting_windows(plan, earliest, state.bout_start):
        due = max(state.bout_start, start) + plan.interval
        deferred = state.deferred_until
        if deferred is not None and deferred >= start:
            due = deferred  # a deferral past this window's end skips the rest of the window
        candidate = max(due, earliest, start)
        if candidate < end:
            return candidate
    return None


def snooze_options(state: SittingState, plan: BreakPlan, now: datetime) -> tuple[int, ...]:
    """The snoozes (minutes) that fit before the bout reaches ``MAX_BOUT_MINUTES``."""
    cap = _snooze_cap(state, plan, _utc(now))
    if cap is None:
        return ()
    return tuple(m for m in SNOOZE_MINUTES if _utc(now) + timedelta(minutes=m) <= cap)


def _snooze_cap(state: SittingState, plan: BreakPlan, now: datetime) -> datetime | None:
    since = sitting_since(state, plan, now)
    return None if since is None else since + timedelta(minutes=MAX_BOUT_MINUTES)


# -- events -----------------------------------------------------------------------------------


def on_reminder_shown(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """A reminder was shown. Unanswered, the next one comes one interval later."""
    now = _utc(now)
    since = sitting_since(state, plan, now) or state.bout_start or now
    new = replace(state, last_reminder_at=now, deferred_until=now + plan.interval)
    event = Event("reminder", now, sitting_minutes=max(0, _minutes(now - since)))
    return Step(new, (event,))


def on_walk(
    state: SittingState, plan: BreakPlan, ended_at: datetime, minutes: int | None = None
) -> Step:
    """A walk that ended (or will end, for a walk starting now) at ``ended_at``.

    The bout ends and a new one starts when the walk ends; a walk that ended before the current
    bout began (logged late with ``--at``) is recorded but leaves the bout alone. While the
    user is away the walk does not bring them back (the next activity does).
    """
    ended_at = _utc(ended_at)
    minutes = plan.walk_minutes if minutes is None else minutes
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1:
        raise ValueError(f"walk minutes is {minutes!r}; expected a whole number >= 1")
    event = Event("walk", ended_at, minutes=minutes)
    if state.away_since is not None or (
        state.bout_start is not None and ended_at <= state.bout_start
    ):
        return Step(state, (event,))
    return Step(replace(state, bout_start=ended_at, deferred_until=None), (event,))


def on_seated_routine(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """The seated alternative was done: the reminder is answered (next one an interval later),
    but the user never stood up, so the sitting bout goes on (and so does the snooze cap)."""
    now = _utc(now)
    return Step(replace(state, deferred_until=now + plan.interval), (Event("seated", now),))


def on_skip(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """Reminder skipped: the bout goes on, the next reminder is one interval later."""
    now = _utc(now)
    return Step(replace(state, deferred_until=now + plan.interval), (Event("skip", now),))


def on_snooze(state: SittingState, plan: BreakPlan, now: datetime, minutes: int) -> Step:
    """Snooze for 5 or 10 minutes, clamped so the next reminder is no later than
    ``sitting_since + MAX_BOUT_MINUTES``. Refused (``accepted=False``, state unchanged, no
    event; the reminder already shown stands) when less than 5 minutes would be left, or
    outside work hours / while away. ``snooze_options`` says beforehand what fits."""
    if minutes not in SNOOZE_MINUTES:
        raise ValueError(f"snooze minutes is {minutes!r}; expected one of {SNOOZE_MINUTES}")
    now = _utc(now)
    cap = _snooze_cap(state, plan, now)
    if cap is None or cap - now < MIN_REMINDER_GAP:
        return Step(state, accepted=False)
    until = min(now + timedelta(minutes=minutes), cap)
    event = Event("snooze", now, minutes=_minutes(until - now), until=until)
    return Step(replace(state, deferred_until=until), (event,))


def on_pause(state: SittingState, plan: BreakPlan, now: datetime, until: datetime) -> Step:
    """No reminders until ``until`` (see ``pause_for_an_hour``, ``until_tomorrow``).

    The bout is not reset: when the pause ends, a reminder that fell due during it is shown
    once, at the end of the pause (outside work hours it waits for the next window)."""
    now, until = _utc(now), _utc(until)
    if until <= now:
        raise ValueError("a pause must end after it starts")
    return Step(replace(state, paused_until=until), (Event("paused", now, until=until),))


def on_resume(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """End a pause early. Not paused: nothing happens (``accepted=False``)."""
    now = _utc(now)
    if state.paused_until is None:
        return Step(state, accepted=False)
    return Step(replace(state, paused_until=None), (Event("resumed", now),))


def on_left(state: SittingState, plan: BreakPlan, left_at: datetime) -> Step:
    """The user left the desk at ``left_at`` (idle, screen locked, machine asleep).

    Reminders stop. Time already counted as a break (a walk in progress) is not counted
    twice: ``left_at`` is taken no earlier than the bout start. Already away: nothing changes.
    """
    if state.away_since is not None:
        return Step(state, accepted=False)
    left_at = _utc(left_at)
    if state.bout_start is not None:
        left_at = max(left_at, state.bout_start)
    return Step(replace(state, away_since=left_at))


def on_back(state: SittingState, plan: BreakPlan, back_at: datetime) -> Step:
    """The user is back at ``back_at`` (this ends a step-away too).

    Away for at least ``away_minutes``: that was a break. The bout ended when they left; a new
    one starts now; events ``away`` (at the moment they left, with ``minutes``; stored as a
    break of kind ``away`` the user can correct) and ``back``. Shorter: the bout goes on, no
    events. Not away: nothing happens (``accepted=False``).
    """
    left_at = state.away_since
    if left_at is None:
        return Step(state, accepted=False)
    back_at = _utc(back_at)
    present = replace(state, away_since=None, stepped_away=None)
    if back_at - left_at < timedelta(minutes=plan.away_minutes):
        return Step(present, back_at=back_at)
    new = replace(present, bout_start=back_at, deferred_until=None)
    away = Event("away", left_at, minutes=_minutes(back_at - left_at))
    return Step(new, (away, Event("back", back_at)), back_at=back_at)


def on_away(state: SittingState, plan: BreakPlan, left_at: datetime, back_at: datetime) -> Step:
    """A whole absence at once: ``on_left`` then ``on_back``."""
    if _utc(back_at) < _utc(left_at):
        raise ValueError("back_at is before left_at")
    left = on_left(state, plan, left_at)
    return left.then(on_back(left.state, plan, back_at))


# -- presence ---------------------------------------------------------------------------------


class Signal(StrEnum):
    """What tells the tracker whether the person is at the desk: the rows of
    ``PRESENCE_RULES``, each applied by one function below."""

    IDLE_UNKNOWN = "no system idle source"  # on_idle(None)
    INPUT = "system input within away_minutes"  # on_idle(seconds < away_minutes)
    NO_INPUT = "no system input for away_minutes"  # on_idle(seconds >= away_minutes)
    LOCK_UNKNOWN = "no screen-lock source"  # on_lock(None)
    LOCKED = "screen locked"  # on_lock(True)
    UNLOCKED = "screen unlocked"  # on_lock(False)
    SUSPEND = "machine asleep (a wall-clock gap)"  # check_clock
    STEP_AWAY = "step away, in the app"  # on_step_away
    APP_KEY = "a key in the app"  # on_app_key
    # Every toecoach on one home shares a step-away (the stored ``presence`` record).
    STEP_AWAY_ELSEWHERE = "step away, in another toecoach"  # on_shared_step_away
    BACK_ELSEWHERE = "back, in another toecoach"  # on_shared_step_away
    DAY_ENDED = "the work day a step-away began in is over"  # on_day_end


# Signal -> (what it does to a person at the desk, what it does to a person away). The
# rules the tests check as properties: unknown never makes anyone away nor ends a bout; a key
# in the app only ever makes the person more present; any absence of at least
# ``away_minutes`` ends the bout (on_back); no reminder is due while away.
PRESENCE_RULES: Mapping[Signal, tuple[str, str]] = {
    Signal.IDLE_UNKNOWN: ("stays at the desk", "stays away"),
    Signal.INPUT: (
        "stays at the desk",
        "back at the last input, unless the screen is locked (input at the lock screen) or "
        "the input came within STEP_AWAY_GRACE of stepping away",
    ),
    Signal.NO_INPUT: ("away since the last input", "stays away"),
    Signal.LOCK_UNKNOWN: ("stays at the desk", "stays away"),
    Signal.LOCKED: (
        "away since the last input if known, else since the lock was first seen (once per lock)",
        "stays away; the lock is noted",
    ),
    Signal.UNLOCKED: ("stays at the desk", "back now"),
    Signal.SUSPEND: (
        "away for the gap (a whole absence: left when it began, back when it ended)",
        "stays away: the absence already running covers the gap (an idle one ends as before)",
    ),
    Signal.STEP_AWAY: ("away now", "stays away, now as stepped away"),
    Signal.APP_KEY: ("stays at the desk", "back now"),
    Signal.STEP_AWAY_ELSEWHERE: (
        "away since that step-away (once per step-away)",
        "stays away, now as stepped away",
    ),
    Signal.BACK_ELSEWHERE: (
        "stays at the desk (a whole step-away not seen here is an absence, as a suspend is)",
        "back then, if stepped away before it; other absences end their own way",
    ),
    Signal.DAY_ENDED: ("stays at the desk", "back at the end of that work day, if stepped away"),
}


def away_because(state: SittingState) -> Signal | None:
    """Why the person counts as away (None: at the desk): the absence's own way back."""
    if state.away_since is None:
        return None
    if state.stepped_away is not None:
        return Signal.STEP_AWAY
    if state.locked_since is not None:
        return Signal.LOCKED
    return Signal.NO_INPUT


def on_idle(
    state: SittingState, plan: BreakPlan, now: datetime, idle_seconds: float | None
) -> Step:
    """A reading of the idle detector: seconds since the last keyboard/mouse input (None:
    unknown, nothing changes). Idle for ``away_minutes`` or more: the user left when input
    stopped. Away and input again: back at the last input, except while the screen is
    locked (the unlock decides) or just after stepping away (``STEP_AWAY_GRACE``)."""
    if idle_seconds is None:
        return Step(state, accepted=False)
    now = _utc(now)
    last_input = now - timedelta(seconds=max(0.0, idle_seconds))
    long_idle = idle_seconds >= plan.away_minutes * 60
    if state.away_since is None:
        return on_left(state, plan, last_input) if long_idle else Step(state, accepted=False)
    if long_idle or state.locked_since is not None:
        return Step(state, accepted=False)
    stepped = state.stepped_away
    if stepped is not None and last_input <= stepped + STEP_AWAY_GRACE:
        return Step(state, accepted=False)
    return on_back(state, plan, last_input)


def on_lock(
    state: SittingState,
    plan: BreakPlan,
    now: datetime,
    locked: bool | None,
    idle_seconds: float | None = None,
) -> Step:
    """A reading of the screen lock (None: unknown, nothing changes).

    Newly locked: away from the last input if the idle time is known, else from now (when it
    was first seen locked). Unlocked after a lock: back now (or at the last input, if later
    than the lock), and a step-away ends too: unlocking is being at the desk. A lock counts
    once: a key in the app during it brings the person back, and the same lock does not send
    them away again."""
    if locked is None:
        return Step(state, accepted=False)
    now = _utc(now)
    if locked:
        if state.locked_since is not None:
            return Step(state, accepted=False)
        noted = replace(state, locked_since=now)
        if state.away_since is not None:
            return Step(noted)
        left_at = now if idle_seconds is None else now - timedelta(seconds=max(0.0, idle_seconds))
        return Step(noted).then(on_left(noted, plan, left_at))
    if state.locked_since is None:
        return Step(state, accepted=False)
    unlocked = replace(state, locked_since=None)
    if state.away_since is None:
        return Step(unlocked)
    back_at = now
    if idle_seconds is not None:
        back_at = max(state.locked_since, now - timedelta(seconds=max(0.0, idle_seconds)))
    return Step(unlocked).then(on_back(unlocked, plan, back_at))


def on_step_away(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """The person said "step away" in the app: away from now, until a key in the app (or an
    unlock, or system input after ``STEP_AWAY_GRACE``). Already stepped away: nothing."""
    now = _utc(now)
    if state.stepped_away is not None:
        return Step(state, accepted=False)
    marked = replace(state, stepped_away=now)
    if state.away_since is not None:
        return Step(marked)
    return on_left(marked, plan, now)


def on_app_key(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """A key pressed in the app: the person is here. It only ever adds presence: away, they
    are back now (whatever made them away); at the desk, nothing changes."""
    if state.away_since is None:
        return Step(state, accepted=False)
    return on_back(state, plan, now)


@dataclass(frozen=True)
class SharedStepAway:
    """The step-away every toecoach on one home shares (the stored ``presence`` record):
    when the person stepped away in one of them, and when they came back in any (None: not
    yet). Both UTC-aware."""

    stepped_away: datetime
    back: datetime | None = None


def step_away_ends(plan: BreakPlan, stepped_away: datetime) -> datetime:
    """When a step-away nobody ended stops holding the person away: at the end of the work
    day it began in (one begun outside work hours: when the next work day starts). A
    toecoach that died with the person away, or a window left open overnight, never holds
    them away through a day they did not step away in."""
    stepped_away = _utc(stepped_away)
    for start, end in work_windows(plan, stepped_away):
        return end if start <= stepped_away else start
    return stepped_away + timedelta(days=1)  # no work days at all


def on_day_end(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """A step-away whose work day is over (``step_away_ends``) ends then: back at that
    moment. Other absences, and a step-away still in its day: nothing."""
    stepped = state.stepped_away
    if stepped is None or state.away_since is None:
        return Step(state, accepted=False)
    ends = step_away_ends(plan, stepped)
    if ends > _utc(now):
        return Step(state, accepted=False)
    return on_back(state, plan, max(ends, state.away_since))


def on_shared_step_away(
    state: SittingState,
    plan: BreakPlan,
    now: datetime,
    shared: SharedStepAway,
    followed: datetime | None = None,
) -> Step:
    """Another toecoach on this home stepped away or came back (``shared``); ``followed``
    is the latest shared step-away this tracker has already followed or ended (None:
    none), so one is never applied twice.

    - Open, and this tracker is not stepped away: stepped away since then (``on_step_away``
      at that moment), unless it was followed already or its work day is over.
    - Ended: a step-away here that began no later than the shared one ends at ``back``
      (``on_back``: a long one restarts the bout, as in the toecoach where it ended). A whole
      step-away not seen here, while at the desk: an absence from one to the other
      (``on_away``), as a suspend is.
    """
    now = _utc(now)
    stepped = _utc(shared.stepped_away)
    back = None if shared.back is None else _utc(shared.back)
    seen = followed is not None and stepped <= _utc(followed)
    if back is None:
        if seen or state.stepped_away is not None or step_away_ends(plan, stepped) <= now:
            return Step(state, accepted=False)
        return on_step_away(state, plan, stepped)
    if back < stepped:
        return Step(state, accepted=False)
    if state.stepped_away is not None:
        if state.stepped_away > stepped or state.away_since is None:
            # A newer step-away here (perhaps in the very second that one ended): it ends
            # its own way.
            return Step(state, accepted=False)
        return on_back(state, plan, max(back, state.away_since))
    if seen or state.away_since is not None or back > now:
        return Step(state, accepted=False)
    return on_away(state, plan, stepped, back)


def check_clock(
    state: SittingState,
    plan: BreakPlan,
    now: datetime,
    monotonic_elapsed_seconds: float | None,
    idle_seconds: float | None = None,
) -> Step:
    """Compare wall-clock progress since ``last_seen`` with monotonic progress.

    ``monotonic_elapsed_seconds``: ``time.monotonic()`` difference since the last check, or
    None when unknown (first check in a new process: the time in between went unobserved).

    - Wall ran ahead by more than ``CLOCK_TOLERANCE`` (suspend, or clock set forward): a ``gap``
      event (``direction="forward"``); if it lasted ``away_minutes`` or more it is an absence
      from when the machine stopped watching to ``now`` (``away`` + ``back``, new bout).
      Shorter gaps count as sitting. With unknown monotonic time there is no ``gap`` event,
      but an unobserved stretch of ``away_minutes`` or more is an absence too.
    - Wall went back by more than ``CLOCK_TOLERANCE``: a ``gap`` event
      (``direction="backward"``) and every stored time moves back by the jump, so the bout
      keeps its real length and reminders go on at the same real pace.

    - Wall ran ahead but the idle detector saw input during that stretch (``idle_seconds``
      shorter than it): the clock was set forward while the user sat on, so it is a ``gap``
      with no absence, and a reminder that fell due in it is shown once.

    Sets ``last_seen = now``. No ``last_seen`` yet: just sets it.
    """
    now = _utc(now)
    last_seen = state.last_seen
    seen = replace(state, last_seen=now)
    if last_seen is None:
        return Step(seen)
    wall = now - last_seen
    monotonic = timedelta(seconds=max(0.0, monotonic_elapsed_seconds or 0.0))
    drift = wall - monotonic
    if drift < -CLOCK_TOLERANCE:
        moved = state.shifted(drift)
        gap = Event("gap", now, minutes=_minutes(-drift), direction="backward")
        return Step(replace(moved, last_seen=now), (gap,))
    if drift <= CLOCK_TOLERANCE:
        return Step(seen)
    events: tuple[Event, ...] = ()
    if monotonic_elapsed_seconds is not None:
        events = (Event("gap", now, minutes=_minutes(drift), direction="forward"),)
    if away_because(state) in (Signal.STEP_AWAY, Signal.LOCKED):
        return Step(seen, events)  # that absence goes on, and ends its own way
    if idle_seconds is not None and timedelta(seconds=idle_seconds) < drift:
        return Step(seen, events)  # present all along: a clock change, not a break
    # The stretch nobody watched; on_back decides whether it was long enough to be a break.
    return Step(seen, events).then(on_away(seen, plan, last_seen + monotonic, now))


def heartbeat(
    state: SittingState,
    plan: BreakPlan,
    now: datetime,
    *,
    monotonic_elapsed_seconds: float | None,
    idle_seconds: float | None = None,
    locked: bool | None = None,
) -> Step:
    """Run every ~30 s and on every wake-up: ``check_clock``, then the end of a pause
    (``resumed`` at the moment it ended), then ``on_lock``, ``on_idle`` and ``on_day_end``."""
    now = _utc(now)
    step = check_clock(state, plan, now, monotonic_elapsed_seconds, idle_seconds)
    paused_until = step.state.paused_until
    if paused_until is not None and paused_until <= now:
        resumed = Step(replace(step.state, paused_until=None), (Event("resumed", paused_until),))
        step = step.then(resumed)
    step = step.then(on_lock(step.state, plan, now, locked, idle_seconds))
    step = step.then(on_idle(step.state, plan, now, idle_seconds))
    return step.then(on_day_end(step.state, plan, now))


# -- simulation -------------------------------------------------------------------------------

Action = Callable[[SittingState, BreakPlan, datetime], Step]


@dataclass(frozen=True)
class Suspend:
    """The machine sleeps: wall-clock time passes, the monotonic clock stops, nothing runs."""

    duration: timedelta


@dataclass(frozen=True)
class Stall:
    """The event loop is blocked: both clocks run on, nothing runs."""

    duration: timedelta


@dataclass(frozen=True)
class SetClock:
    """Someone changes the wall clock by ``by`` (negative: set back)."""

    by: timedelta


@dataclass(frozen=True)
class Simulation:
    reminders: tuple[datetime, ...]  # wall-clock times the reminders were shown (UTC)
    events: tuple[Event, ...]
    state: SittingState


def simulate(
    plan: BreakPlan,
    start: datetime,
    end: datetime,
    script: Sequence[tuple[datetime, Action | Suspend | Stall | SetClock]] = (),
    *,
    respond: Action | None = None,
    idle: Callable[[datetime], float | None] | None = None,
    locked: Callable[[datetime], bool | None] | None = None,
    heartbeat_every: timedelta = timedelta(minutes=1),
    state: SittingState | None = None,
) -> Simulation:
    """Run the reminder loop from ``start`` to ``end`` (real time) and record what it does.

    ``script``: ``(real time, step)``; an ``Action`` gets the wall-clock ``now``. ``respond``
    answers every reminder the moment it is shown. ``idle(wall_now)`` plays the idle detector,
    ``locked(wall_now)`` the screen lock.
    At every visited moment: heartbeat, scripted steps, then the due check (as a service would).
    """
    real, end = _utc(start), _utc(end)
    offset = timedelta(0)  # wall clock = real time + offset
    monotonic = last_monotonic = 0.0
    current = state if state is not None else start_tracking(real)
    pending = sorted(((_utc(at), i, item) for i, (at, item) in enumerate(script)), key=_first2)
    reminders: list[datetime] = []
    events: list[Event] = []

    def apply(step: Step) -> None:
        nonlocal current
        current = step.state
        events.extend(step.events)

    while real < end:
        wall = real + offset
        idle_seconds = idle(wall) if idle is not None else None
        lock = locked(wall) if locked is not None else None
        elapsed = monotonic - last_monotonic
        apply(heartbeat(current, plan, wall, monotonic_elapsed_seconds=elapsed,
                        idle_seconds=idle_seconds, locked=lock))  # fmt: skip
        last_monotonic = monotonic
        clock_changed = False
        while pending and pending[0][0] <= real:
            item = pending.pop(0)[2]
            if isinstance(item, Suspend):
                real += item.duration
            elif isinstance(item, Stall):
                real += item.duration
                monotonic += item.duration.total_seconds()
            elif isinstance(item, SetClock):
                offset += item.by
            else:
                apply(item(current, plan, wall))
                continue
            clock_changed = True
            break
        if clock_changed:
            continue
        due = next_reminder_due(current, plan, wall)
        if due is not None and due <= wall:
            reminders.append(wall)
            apply(on_reminder_shown(current, plan, wall))
            if respond is not None:
                apply(respond(current, plan, wall))
            due = next_reminder_due(current, plan, wall)
        following = [real + heartbeat_every, end]
        if pending:
            following.append(pending[0][0])
        if due is not None:
            following.append(due - offset)
        later = max(min(following), real + timedelta(seconds=1))
        monotonic += (later - real).total_seconds()
        real = later
    return Simulation(tuple(reminders), tuple(events), current)


def _first2(item: tuple[datetime, int, object]) -> tuple[datetime, int]:
    return item[0], item[1]
