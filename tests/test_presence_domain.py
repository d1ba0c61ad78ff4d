"""Presence rules of the sitting tracker, as properties (interfaces v2, "Reminders"):

(a) unknown idle (or an unknown lock) never makes the person away and never ends a bout;
(b) a key in the app never makes the person away: it only ever adds presence;
(c) an absence of at least ``away_minutes`` (system idle, a lock, a suspend, a step-away)
    ends the bout; a shorter one does not;
(d) during a step-away or a lock no reminder is due.

Every "now" is passed in; the day is a Monday in work hours, in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

from toecoach.domain.sitting import (
    CLOCK_TOLERANCE,
    PRESENCE_RULES,
    STEP_AWAY_GRACE,
    BreakPlan,
    SharedStepAway,
    Signal,
    SittingState,
    Step,
    away_because,
    check_clock,
    heartbeat,
    next_reminder_due,
    on_app_key,
    on_day_end,
    on_idle,
    on_lock,
    on_shared_step_away,
    on_step_away,
    simulate,
    start_tracking,
    step_away_ends,
)

ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday


def plan_for(away_minutes: int = 5) -> BreakPlan:
    return BreakPlan(tz=ZoneInfo("UTC"), away_minutes=away_minutes, work_days=ALL_DAYS,
                     work_start=datetime.min.time(), work_end=datetime.min.time())  # fmt: skip


def signal_step(
    state: SittingState, plan: BreakPlan, now: datetime, signal: Signal, seconds: int
) -> Step:
    """One signal at ``now``; ``seconds`` picks the idle time (or the gap, for a suspend)."""
    threshold = plan.away_minutes * 60
    # The clock check every reading comes with: no gap unless the signal is a suspend.
    if signal is Signal.SUSPEND:
        return check_clock(state, plan, now, monotonic_elapsed_seconds=0.0)
    elapsed = None if state.last_seen is None else (now - state.last_seen).total_seconds()
    step = check_clock(state, plan, now, monotonic_elapsed_seconds=elapsed)
    state = step.state
    match signal:
        case Signal.IDLE_UNKNOWN:
            return step.then(on_idle(state, plan, now, None))
        case Signal.INPUT:
            return step.then(on_idle(state, plan, now, seconds % threshold))
        case Signal.NO_INPUT:
            return step.then(on_idle(state, plan, now, threshold + seconds))
        case Signal.LOCK_UNKNOWN:
            return step.then(on_lock(state, plan, now, None))
        case Signal.LOCKED:
            return step.then(on_lock(state, plan, now, True))
        case Signal.UNLOCKED:
            return step.then(on_lock(state, plan, now, False))
        case Signal.STEP_AWAY:
            return step.then(on_step_away(state, plan, now))
        case Signal.APP_KEY:
            return step.then(on_app_key(state, plan, now))
        case Signal.STEP_AWAY_ELSEWHERE:
            shared = SharedStepAway(now - timedelta(seconds=seconds))
            return step.then(on_shared_step_away(state, plan, now, shared))
        case Signal.BACK_ELSEWHERE:
            stepped = state.stepped_away or now - timedelta(seconds=seconds)
            shared = SharedStepAway(stepped, back=now)
            return step.then(on_shared_step_away(state, plan, now, shared))
        case Signal.DAY_ENDED:
            return step.then(on_day_end(state, plan, now))
    raise AssertionError(signal)


history = st.lists(
    st.tuples(st.sampled_from(list(Signal)), st.integers(0, 3600), st.integers(0, 20 * 60)),
    max_size=12,
)


def reach(plan: BreakPlan, steps: list[tuple[Signal, int, int]]) -> tuple[SittingState, datetime]:
    """A state reached from a fresh tracker by ``steps`` (signal, idle/gap seconds, seconds
    until the next one)."""
    state, now = start_tracking(START), START
    for signal, seconds, wait in steps:
        now += timedelta(seconds=wait)
        state = signal_step(state, plan, now, signal, seconds).state
    return state, now


def test_every_signal_has_a_rule() -> None:
    assert set(PRESENCE_RULES) == set(Signal)


@given(history, st.integers(1, 15), st.integers(0, 7200))
def test_unknown_idle_and_lock_change_nothing(
    steps: list[tuple[Signal, int, int]], away_minutes: int, later: int
) -> None:
    """(a) Unknown idle never makes the person away, never brings them back, never ends a
    bout: however long nobody types in any window that anything can see."""
    plan = plan_for(away_minutes)
    state, now = reach(plan, steps)
    now += timedelta(seconds=later)
    for step in (on_idle(state, plan, now, None), on_lock(state, plan, now, None)):
        assert step.state == state and step.events == () and not step.accepted


@given(st.integers(1, 15), st.lists(st.integers(1, 600), min_size=1, max_size=40))
def test_hours_without_an_idle_source_are_hours_of_sitting(
    away_minutes: int, waits: list[int]
) -> None:
    """(a) Heartbeats with no idle and no lock source: present all along, one bout."""
    plan = plan_for(away_minutes)
    state = start_tracking(START)
    now = START
    for wait in waits:
        now += timedelta(seconds=wait)
        state = signal_step(state, plan, now, Signal.IDLE_UNKNOWN, 0).state
        state = signal_step(state, plan, now, Signal.LOCK_UNKNOWN, 0).state
        assert state.away_since is None and state.bout_start == START


@given(history, st.integers(1, 15), st.integers(0, 7200))
@example(steps=[(Signal.STEP_AWAY, 0, 0)], away_minutes=5, later=600)
@example(steps=[(Signal.LOCKED, 0, 0)], away_minutes=5, later=60)
def test_a_key_in_the_app_only_ever_adds_presence(
    steps: list[tuple[Signal, int, int]], away_minutes: int, later: int
) -> None:
    """(b) Present: a key changes nothing. Away (whatever the reason): present after it."""
    plan = plan_for(away_minutes)
    state, now = reach(plan, steps)
    now += timedelta(seconds=later)
    step = on_app_key(state, plan, now)
    assert step.state.away_since is None
    assert step.state.stepped_away is None
    if state.away_since is None:
        assert step.state == state and not step.accepted


def absence(source: Signal, plan: BreakPlan, minutes: float) -> tuple[Step, datetime]:
    """Sitting since 09:00, the person leaves at 09:10 for ``minutes`` by ``source``; the
    final step is their coming back, at the returned moment."""
    left = START + timedelta(minutes=10)
    back = left + timedelta(minutes=minutes)
    state = check_clock(start_tracking(START), plan, left, 600.0).state
    if source is Signal.NO_INPUT:
        state = on_idle(state, plan, back, minutes * 60).state  # the last reading away
        return on_idle(state, plan, back, 0.0), back
    if source is Signal.LOCKED:
        state = on_lock(state, plan, left, True).state
        return on_lock(state, plan, back, False), back
    if source is Signal.STEP_AWAY:
        state = on_step_away(state, plan, left).state
        return on_app_key(state, plan, back), back
    if source is Signal.STEP_AWAY_ELSEWHERE:
        # Stepped away in another toecoach, back in a third one: this one follows both.
        state = on_shared_step_away(state, plan, left, SharedStepAway(left)).state
        return on_shared_step_away(state, plan, back, SharedStepAway(left, back), left), back
    assert source is Signal.SUSPEND
    return check_clock(state, plan, back, monotonic_elapsed_seconds=0.0), back


@given(
    st.sampled_from(
        [
            Signal.NO_INPUT,
            Signal.LOCKED,
            Signal.STEP_AWAY,
            Signal.SUSPEND,
            Signal.STEP_AWAY_ELSEWHERE,
        ]
    ),  # fmt: skip
    st.integers(1, 15),
    st.integers(0, 40 * 60),
)
@example(source=Signal.LOCKED, away_minutes=5, seconds=5 * 60)
@example(source=Signal.LOCKED, away_minutes=5, seconds=5 * 60 - 1)
@example(source=Signal.STEP_AWAY, away_minutes=5, seconds=5 * 60)
@example(source=Signal.STEP_AWAY, away_minutes=5, seconds=5 * 60 - 1)
@example(source=Signal.STEP_AWAY_ELSEWHERE, away_minutes=5, seconds=5 * 60)
@example(source=Signal.STEP_AWAY_ELSEWHERE, away_minutes=5, seconds=5 * 60 - 1)
def test_an_absence_of_away_minutes_ends_the_bout_and_a_shorter_one_does_not(
    source: Signal, away_minutes: int, seconds: int
) -> None:
    """(c) Whatever said the person was away, ``away_minutes`` or more is a break: the bout
    starts again when they are back, with an ``away`` event. Shorter: the bout goes on. A
    suspend shorter than ``CLOCK_TOLERANCE`` is indistinguishable from a late heartbeat."""
    plan = plan_for(away_minutes)
    minutes = seconds / 60
    if source is Signal.NO_INPUT and seconds < away_minutes * 60:
        # Never idle long enough to be seen away at all.
        step, back = absence(source, plan, minutes)
        assert step.state.bout_start == START and step.state.away_since is None
        return
    step, back = absence(source, plan, minutes)
    long_enough = timedelta(seconds=seconds) >= timedelta(minutes=away_minutes)
    if source is Signal.SUSPEND and timedelta(seconds=seconds) <= CLOCK_TOLERANCE:
        long_enough = False
    assert step.state.away_since is None
    if long_enough:
        assert step.state.bout_start == back
        assert [e.kind for e in step.events][-2:] == ["away", "back"]
        assert step.events[-2].at == START + timedelta(minutes=10)
    else:
        assert step.state.bout_start == START
        assert "away" not in [e.kind for e in step.events]


quiet = st.lists(
    st.tuples(
        st.sampled_from(
            [
                Signal.IDLE_UNKNOWN,
                Signal.INPUT,
                Signal.NO_INPUT,
                Signal.LOCK_UNKNOWN,
                Signal.LOCKED,
                Signal.SUSPEND,
            ]
        ),  # fmt: skip
        st.integers(0, 3600),
        st.integers(0, 3 * 3600),
    ),
    max_size=12,
)


@given(
    history,
    st.sampled_from([Signal.LOCKED, Signal.STEP_AWAY, Signal.STEP_AWAY_ELSEWHERE]),
    quiet,
    st.integers(1, 15),
)
def test_no_reminder_is_due_during_a_lock_or_a_step_away(
    before: list[tuple[Signal, int, int]],
    start: Signal,
    during: list[tuple[Signal, int, int]],
    away_minutes: int,
) -> None:
    """(d) From any state: once the screen locks (first unlocked) or the person steps away,
    no reminder is due until an unlock or a key in the app, however long it lasts and
    whatever the idle detector and suspends say. (A step-away also ends at system input
    after the grace period: ``INPUT`` readings here come within it.)"""
    plan = plan_for(away_minutes)
    state, now = reach(plan, before)
    now += timedelta(seconds=1)
    if start is Signal.LOCKED:
        state = signal_step(state, plan, now, Signal.UNLOCKED, 0).state
    state = signal_step(state, plan, now, start, 0).state
    assert next_reminder_due(state, plan, now) is None
    for signal, seconds, wait in during:
        now += timedelta(seconds=wait)
        if start is not Signal.LOCKED and signal is Signal.INPUT:
            # Input just after the key that stepped away (the person getting up).
            stepped = state.stepped_away
            assert stepped is not None
            seconds = max(0, int((now - stepped - STEP_AWAY_GRACE).total_seconds()) + 1)
            if seconds >= plan.away_minutes * 60:
                continue
        state = signal_step(state, plan, now, signal, seconds).state
        assert away_because(state) is not None
        assert next_reminder_due(state, plan, now) is None


def test_system_input_after_the_grace_ends_a_step_away() -> None:
    plan = plan_for(5)
    state = on_step_away(start_tracking(START), plan, START + timedelta(minutes=10)).state
    now = START + timedelta(minutes=25)
    early = on_idle(state, plan, now, (14 * 60) + 30)  # input 30 s after stepping away
    assert early.state.away_since is not None
    back = on_idle(state, plan, now, 60)  # typing elsewhere a minute ago: back then
    assert back.state.away_since is None and back.state.stepped_away is None
    assert back.state.bout_start == now - timedelta(minutes=1)


def test_input_at_the_lock_screen_is_not_being_back() -> None:
    plan = plan_for(5)
    state = on_lock(start_tracking(START), plan, START + timedelta(minutes=10), True, 30).state
    assert state.away_since == START + timedelta(minutes=9, seconds=30)  # from the last input
    wiggle = on_idle(state, plan, START + timedelta(minutes=20), 2)
    assert wiggle.state.away_since is not None and not wiggle.accepted
    # A key in the app during the lock brings them back; the same lock does not send them
    # away again; unlocking and locking again does.
    back = on_app_key(state, plan, START + timedelta(minutes=21)).state
    assert back.away_since is None
    assert on_lock(back, plan, START + timedelta(minutes=22), True).state == back
    unlocked = on_lock(back, plan, START + timedelta(minutes=23), False).state
    relocked = on_lock(unlocked, plan, START + timedelta(minutes=24), True).state
    assert relocked.away_since == START + timedelta(minutes=24)


def test_a_suspend_during_a_lock_does_not_end_it() -> None:
    plan = plan_for(5)
    state = on_lock(start_tracking(START), plan, START, True).state
    resumed = check_clock(state, plan, START + timedelta(hours=2), 0.0).state
    assert resumed.away_since == START  # still away: the screen is still locked
    back = on_lock(resumed, plan, START + timedelta(hours=2, minutes=1), False)
    assert back.events[-2].kind == "away" and back.events[-2].minutes == 121


def test_a_simulated_day_with_a_locked_lunch_has_no_reminder_while_locked() -> None:
    plan = plan_for(5)
    noon, one = START + timedelta(hours=3), START + timedelta(hours=4)
    day = simulate(plan, START, START + timedelta(hours=6),
                   locked=lambda wall: noon <= wall < one)  # fmt: skip
    assert not [r for r in day.reminders if noon <= r < one]
    assert START + timedelta(hours=4, minutes=30) in day.reminders  # a new bout from 13:00
    away = [e for e in day.events if e.kind == "away"]
    assert [(e.at, e.minutes) for e in away] == [(noon, 60)]


def test_state_with_presence_round_trips() -> None:
    state = on_step_away(start_tracking(START), plan_for(), START + timedelta(minutes=3)).state
    state = on_lock(state, plan_for(), START + timedelta(minutes=4), True).state
    assert SittingState.from_dict(state.to_dict()) == state


# -- a step-away shared by every toecoach on one home -------------------------------------------


def test_a_step_away_elsewhere_is_followed_once() -> None:
    plan = plan_for(5)
    left = START + timedelta(minutes=10)
    shared = SharedStepAway(left)
    state = check_clock(start_tracking(START), plan, left, 600.0).state
    away = on_shared_step_away(state, plan, left + timedelta(seconds=2), shared)
    assert away.state.away_since == left and away.state.stepped_away == left
    assert away_because(away.state) is Signal.STEP_AWAY and away.events == ()
    assert next_reminder_due(away.state, plan, left + timedelta(hours=2)) is None
    # Ended here by a key, and the record still open (the write on its way): not again.
    back = on_app_key(away.state, plan, left + timedelta(minutes=1)).state
    again = on_shared_step_away(back, plan, left + timedelta(minutes=1), shared, followed=left)
    assert again.state == back and not again.accepted
    # A newer step-away elsewhere is followed.
    later = SharedStepAway(left + timedelta(minutes=3))
    assert on_shared_step_away(
        back, plan, left + timedelta(minutes=3), later, left
    ).state.away_since


def test_back_elsewhere_ends_only_a_step_away_that_began_before_it() -> None:
    plan = plan_for(5)
    left = START + timedelta(minutes=10)
    state = on_step_away(start_tracking(START), plan, left).state
    # The record ended an older step-away: this newer one goes on.
    old = SharedStepAway(left - timedelta(minutes=8), back=left - timedelta(minutes=1))
    assert not on_shared_step_away(state, plan, left, old).accepted
    # Stepped away here in the very second an older one ended elsewhere: still away.
    just = SharedStepAway(left - timedelta(minutes=2), back=left)
    assert not on_shared_step_away(state, plan, left + timedelta(seconds=2), just).accepted
    # Stepped away here before the shared one began (both within one check): it ends too.
    newer = SharedStepAway(left + timedelta(seconds=1), back=left + timedelta(minutes=1))
    assert (
        on_shared_step_away(state, plan, left + timedelta(minutes=1), newer).state.away_since
        is None
    )
    # Locked (not stepped away): back elsewhere does not end the lock.
    locked = on_lock(start_tracking(START), plan, left, True).state
    ended = SharedStepAway(left, back=left + timedelta(minutes=6))
    assert on_shared_step_away(locked, plan, left + timedelta(minutes=6), ended).state == locked
    # The back moment is the other toecoach's, not when it is read here.
    step = on_shared_step_away(state, plan, left + timedelta(minutes=9), ended)
    assert step.state.bout_start == left + timedelta(minutes=6) and step.back_at == ended.back


def test_a_whole_step_away_not_seen_here_is_an_absence() -> None:
    plan = plan_for(5)
    left, back = START + timedelta(minutes=10), START + timedelta(minutes=20)
    state = check_clock(start_tracking(START), plan, back, 1200.0).state
    step = on_shared_step_away(state, plan, back, SharedStepAway(left, back))
    assert step.state.bout_start == back
    assert [(e.kind, e.minutes) for e in step.events] == [("away", 10), ("back", None)]
    # Already followed (or a bout that began after it): nothing more.
    assert not on_shared_step_away(step.state, plan, back, SharedStepAway(left, back)).events


def test_a_step_away_nobody_ended_ends_with_its_work_day() -> None:
    plan = BreakPlan(tz=ZoneInfo("UTC"), work_days=ALL_DAYS)  # 09:00-18:00
    left = START + timedelta(hours=8, minutes=50)  # 17:50
    day_end = START + timedelta(hours=9)
    assert step_away_ends(plan, left) == day_end
    # Stepped away at 21:00, outside work hours: until work starts again the next day.
    assert step_away_ends(plan, START + timedelta(hours=12)) == START + timedelta(days=1)
    state = on_step_away(start_tracking(START), plan, left).state
    assert not on_day_end(state, plan, day_end - timedelta(seconds=1)).accepted
    # The next morning (the toecoach that set it died, or a window left open overnight):
    morning = START + timedelta(days=1, minutes=5)
    step = heartbeat(state, plan, morning, monotonic_elapsed_seconds=None)
    assert step.state.away_since is None and step.state.stepped_away is None
    assert [(e.kind, e.at) for e in step.events if e.kind == "away"] == [("away", left)]
    assert step.back_at == day_end
    # A stale record from another toecoach holds no one away.
    fresh = start_tracking(morning)
    assert not on_shared_step_away(fresh, plan, morning, SharedStepAway(left)).accepted
