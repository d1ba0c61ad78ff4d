"""Pure tests of the sitting tracker: whole simulated days, each with its exact reminder times.

Times are written in Europe/London wall time; the tracker works in UTC, so each comparison
goes through ``local`` (``HH:MM``, with the zone abbreviation on daylight-saving days).
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from toecoach.domain.sitting import (
    CLOCK_TOLERANCE,
    MAX_BOUT_MINUTES,
    MIN_REMINDER_GAP,
    Action,
    BreakPlan,
    Event,
    SetClock,
    SittingState,
    Stall,
    Step,
    Suspend,
    check_clock,
    heartbeat,
    in_work_hours,
    next_reminder_due,
    off_duty_words,
    on_away,
    on_back,
    on_idle,
    on_left,
    on_pause,
    on_reminder_shown,
    on_resume,
    on_seated_routine,
    on_skip,
    on_snooze,
    on_walk,
    parse_work_hours,
    pause_for_an_hour,
    simulate,
    sitting_since,
    snooze_options,
    start_tracking,
    until_tomorrow,
)

LONDON = ZoneInfo("Europe/London")
PLAN = BreakPlan(tz=LONDON)
MON = date(2026, 11, 23)
TUE = MON + timedelta(days=1)
FRI = date(2026, 11, 27)
SAT = date(2026, 11, 28)
ALL_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def at(hhmm: str, day: date = MON, fold: int = 0) -> datetime:
    return datetime.combine(day, time.fromisoformat(hhmm), tzinfo=LONDON).replace(fold=fold)


def local(moments: tuple[datetime, ...] | list[datetime], zone: bool = False) -> list[str]:
    fmt = "%H:%M %Z" if zone else "%H:%M"
    return [m.astimezone(LONDON).strftime(fmt) for m in moments]


def dated(moments: tuple[datetime, ...]) -> list[tuple[date, str]]:
    return [(m.astimezone(LONDON).date(), m.astimezone(LONDON).strftime("%H:%M")) for m in moments]


def kinds(events: tuple[Event, ...]) -> list[str]:
    return [e.kind for e in events]


def walk(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
    """Answer a reminder by walking for the plan's minutes, starting now."""
    return on_walk(state, plan, now + timedelta(minutes=plan.walk_minutes))


def snooze(minutes: int) -> Action:
    def answer(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        return on_snooze(state, plan, now, minutes)

    return answer


def every(first: str, step_minutes: int, last: str) -> list[str]:
    start = datetime.combine(MON, time.fromisoformat(first))
    stop = datetime.combine(MON, time.fromisoformat(last))
    out = []
    while start <= stop:
        out.append(start.strftime("%H:%M"))
        start += timedelta(minutes=step_minutes)
    return out


# -- whole days -------------------------------------------------------------------------------


def test_normal_day_walking_after_each_reminder() -> None:
    # A walk starts at the reminder and lasts 5 minutes; the next bout starts when it ends.
    sim = simulate(PLAN, at("09:00"), at("18:00"), respond=walk)
    assert local(sim.reminders) == every("09:30", 35, "17:40")
    assert local(sim.reminders)[:3] == ["09:30", "10:05", "10:40"]
    reminders = [e for e in sim.events if e.kind == "reminder"]
    assert {e.sitting_minutes for e in reminders} == {30}
    assert kinds(sim.events).count("walk") == 15
    # 17:45 + 30 is after 18:00: the next reminder is tomorrow, 30 minutes into work.
    assert next_reminder_due(sim.state, PLAN, at("18:00")) == at("09:30", TUE)


def test_ignored_reminders_come_one_interval_apart() -> None:
    sim = simulate(PLAN, at("09:00"), at("18:00"))
    assert local(sim.reminders) == every("09:30", 30, "17:30")
    sitting = [e.sitting_minutes for e in sim.events if e.kind == "reminder"]
    assert sitting[:3] == [30, 60, 90]


def test_no_reminder_outside_work_hours_and_the_bout_starts_at_work() -> None:
    # Tracking from midnight: nothing counts before 09:00, nothing fires after 18:00.
    sim = simulate(PLAN, at("00:00"), at("00:00", TUE))
    assert local(sim.reminders) == every("09:30", 30, "17:30")
    assert all(in_work_hours(PLAN, r) for r in sim.reminders)


def test_no_reminder_at_the_weekend() -> None:
    sim = simulate(PLAN, at("17:45", FRI), at("10:00", SAT + timedelta(days=2)))
    monday = SAT + timedelta(days=2)
    assert [r.astimezone(LONDON).date() for r in sim.reminders] == [monday]
    assert local(sim.reminders) == ["09:30"]


def test_off_duty_is_said_as_a_day_off_or_outside_the_hours() -> None:
    """The dashboard said 'Outside work hours.' all of a Saturday that is no work day."""
    assert off_duty_words(PLAN, at("10:00", SAT)) == "Not a work day."
    assert off_duty_words(PLAN, at("20:00", FRI)) == "Outside work hours."


def test_lunch_away_detected_from_idle_time() -> None:
    def idle(now: datetime) -> float:
        lunch, back = at("12:00"), at("13:00")
        return (now - lunch).total_seconds() if lunch <= now < back else 0.0

    sim = simulate(PLAN, at("09:00"), at("18:00"), respond=walk, idle=idle)
    assert local(sim.reminders) == [
        *every("09:30", 35, "11:50"),
        # 12:25 would have been due: nobody is there. The bout restarts at 13:00.
        *every("13:30", 35, "17:35"),
    ]
    away = [e for e in sim.events if e.kind in ("away", "back")]
    assert away == [Event("away", at("12:00"), minutes=60), Event("back", at("13:00"))]


def test_snoozes_stop_at_sixty_minutes_of_sitting() -> None:
    sim = simulate(PLAN, at("09:00"), at("18:00"), respond=snooze(10))
    assert local(sim.reminders)[:6] == ["09:30", "09:40", "09:50", "10:00", "10:30", "11:00"]
    # At 10:00 the bout is 60 minutes old: the snooze is refused, the reminder stands and
    # the next comes an interval later. Only three snoozes were stored.
    snoozes = [e for e in sim.events if e.kind == "snooze"]
    assert [(local([e.at])[0], e.minutes) for e in snoozes] == [
        ("09:30", 10),
        ("09:40", 10),
        ("09:50", 10),
    ]
    assert local(sim.reminders) == ["09:30", "09:40", "09:50", *every("10:00", 30, "17:30")]


def test_snooze_is_clamped_to_the_cap_and_refused_within_five_minutes_of_it() -> None:
    state = start_tracking(at("09:00"))
    assert snooze_options(state, PLAN, at("09:30")) == (5, 10)
    assert snooze_options(state, PLAN, at("09:52")) == (5,)
    assert snooze_options(state, PLAN, at("09:56")) == ()

    clamped = on_snooze(state, PLAN, at("09:55"), 10)
    assert clamped.accepted
    assert clamped.state.deferred_until == at("10:00")
    assert clamped.events == (Event("snooze", at("09:55"), minutes=5, until=at("10:00")),)

    refused = on_snooze(state, PLAN, at("09:56"), 5)
    assert not refused.accepted
    assert refused.state == state
    assert refused.events == ()

    with pytest.raises(ValueError, match="snooze minutes"):
        on_snooze(state, PLAN, at("09:30"), 15)


def test_snooze_at_interval_sixty_is_never_offered() -> None:
    plan = BreakPlan(tz=LONDON, interval_minutes=60)
    sim = simulate(plan, at("09:00"), at("12:00"), respond=snooze(5))
    assert local(sim.reminders) == ["10:00", "11:00"]


def test_paused_until_tomorrow_at_two() -> None:
    def pause(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        return on_pause(state, plan, now, until_tomorrow(plan, now))

    sim = simulate(PLAN, at("09:00"), at("10:00", TUE), [(at("14:00"), pause)], respond=walk)
    assert dated(sim.reminders) == [
        *[(MON, t) for t in every("09:30", 35, "13:35")],
        (TUE, "09:30"),
    ]
    paused = [e for e in sim.events if e.kind in ("paused", "resumed")]
    assert paused == [
        Event("paused", at("14:00"), until=at("09:00", TUE)),
        Event("resumed", at("09:00", TUE)),
    ]


def test_pause_for_an_hour_gives_one_reminder_when_it_ends() -> None:
    def pause(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        return on_pause(state, plan, now, pause_for_an_hour(now))

    sim = simulate(PLAN, at("09:00"), at("17:00"), [(at("14:00"), pause)])
    # The 14:00 reminder falls in the pause; it is shown once when the pause ends (the bout
    # was not reset), then the usual interval.
    assert local(sim.reminders) == [*every("09:30", 30, "13:30"), *every("15:00", 30, "16:30")]


def test_resume_early_lifts_the_pause() -> None:
    state = start_tracking(at("09:00"))
    paused = on_pause(state, PLAN, at("09:10"), pause_for_an_hour(at("09:10"))).state
    assert next_reminder_due(paused, PLAN, at("09:10")) == at("10:10")
    resumed = on_resume(paused, PLAN, at("09:20"))
    assert resumed.events == (Event("resumed", at("09:20")),)
    assert next_reminder_due(resumed.state, PLAN, at("09:20")) == at("09:30")
    assert not on_resume(resumed.state, PLAN, at("09:21")).accepted
    with pytest.raises(ValueError):
        on_pause(state, PLAN, at("09:10"), at("09:10"))


def test_until_tomorrow_skips_to_the_next_work_day() -> None:
    assert until_tomorrow(PLAN, at("14:00")) == at("09:00", TUE)
    assert until_tomorrow(PLAN, at("14:00", FRI)) == at("09:00", SAT + timedelta(days=2))
    assert until_tomorrow(PLAN, at("07:00")) == at("09:00", TUE)
    assert pause_for_an_hour(at("14:00")) == at("15:00")


def test_autumn_clock_change_counts_real_minutes_and_local_work_hours() -> None:
    # Sunday 2026-10-25: 02:00 BST becomes 01:00 GMT. Work 00:00-06:00 local wall time,
    # which is 7 real hours that day.
    plan = BreakPlan(tz=LONDON, work_days=ALL_DAYS, work_start=time(0), work_end=time(6))
    day = date(2026, 10, 25)
    sim = simulate(plan, at("00:00", day), at("07:00", day), respond=walk)
    assert local(sim.reminders, zone=True) == [
        "00:30 BST",
        "01:05 BST",
        "01:40 BST",
        "01:15 GMT",  # 35 real minutes after 01:40 BST
        "01:50 GMT",
        "02:25 GMT",
        "03:00 GMT",
        "03:35 GMT",
        "04:10 GMT",
        "04:45 GMT",
        "05:20 GMT",
        "05:55 GMT",
    ]
    gaps = [b - a for a, b in itertools.pairwise(sim.reminders)]
    assert set(gaps) == {timedelta(minutes=35)}


def test_spring_clock_change_counts_real_minutes() -> None:
    # Sunday 2026-03-29: 01:00 GMT becomes 02:00 BST. Work 00:00-06:00 is 5 real hours.
    plan = BreakPlan(tz=LONDON, work_days=ALL_DAYS, work_start=time(0), work_end=time(6))
    day = date(2026, 3, 29)
    sim = simulate(plan, at("00:00", day), at("07:00", day))
    assert local(sim.reminders, zone=True) == [
        "00:30 GMT",
        "02:00 BST",  # 30 real minutes after 00:30 GMT
        "02:30 BST",
        "03:00 BST",
        "03:30 BST",
        "04:00 BST",
        "04:30 BST",
        "05:00 BST",
        "05:30 BST",
    ]


def test_normal_hours_on_a_clock_change_day_are_local_wall_time() -> None:
    plan = BreakPlan(tz=LONDON, work_days=ALL_DAYS)
    day = date(2026, 10, 25)
    sim = simulate(plan, at("08:00", day), at("19:00", day))
    assert local(sim.reminders, zone=True)[0] == "09:30 GMT"
    assert local(sim.reminders)[-1] == "17:30"


def test_two_hour_suspend_is_an_absence_and_gives_no_burst() -> None:
    sim = simulate(PLAN, at("09:00"), at("18:00"), [(at("10:10"), Suspend(timedelta(hours=2)))])
    # Reminders at 10:30 ... 12:00 were missed asleep; back at 12:10 the bout restarts.
    assert local(sim.reminders) == ["09:30", "10:00", *every("12:40", 30, "17:40")]
    clock = [e for e in sim.events if e.kind in ("gap", "away", "back")]
    assert clock == [
        Event("gap", at("12:10"), minutes=120, direction="forward"),
        Event("away", at("10:10"), minutes=120),
        Event("back", at("12:10")),
    ]


def test_short_suspend_counts_as_sitting() -> None:
    sim = simulate(PLAN, at("09:00"), at("10:30"), [(at("09:28"), Suspend(timedelta(minutes=3)))])
    # 3 minutes asleep is below away_minutes (5): a gap, no break; the 09:30 reminder is
    # shown once on waking at 09:31, then an interval later.
    assert local(sim.reminders) == ["09:31", "10:01"]
    assert kinds(sim.events)[:1] == ["gap"]
    assert "away" not in kinds(sim.events)


def test_stalled_loop_gives_one_reminder_not_a_burst() -> None:
    # The event loop was blocked for two hours (both clocks ran): the user was sitting.
    sim = simulate(PLAN, at("09:00"), at("13:00"), [(at("09:20"), Stall(timedelta(hours=2)))])
    assert local(sim.reminders) == ["11:20", "11:50", "12:20", "12:50"]
    assert "gap" not in kinds(sim.events)


def test_clock_set_back_an_hour_keeps_reminders_coming() -> None:
    sim = simulate(
        PLAN,
        at("09:00"),
        at("19:30"),  # real time; the wall clock ends at 18:30
        [(at("11:00"), SetClock(timedelta(hours=-1)))],
        respond=walk,
    )
    # Real times 09:30, 10:05, 10:40, 11:15, ... 18:50 every 35 minutes; the wall clock reads
    # an hour less after the change. The bout keeps its real length: no hour lost, no silence.
    assert local(sim.reminders) == [
        "09:30",
        "10:05",
        "10:40",
        *every("10:15", 35, "17:50"),
    ]
    gaps = [e for e in sim.events if e.kind == "gap"]
    assert gaps == [Event("gap", at("10:00"), minutes=60, direction="backward")]


def test_clock_set_forward_an_hour_is_an_absence() -> None:
    sim = simulate(PLAN, at("09:00"), at("11:00"), [(at("09:10"), SetClock(timedelta(hours=1)))])
    # Real time ends at 11:00, the wall clock at 12:00; the bout restarted at 10:10 (wall).
    assert local(sim.reminders) == ["10:40", "11:10", "11:40"]
    assert [e for e in sim.events if e.kind == "away"] == [Event("away", at("09:10"), minutes=60)]


def test_clock_set_back_while_no_process_was_watching() -> None:
    # The state was stored at 11:00; a new process starts and the wall clock says 10:00.
    state = start_tracking(at("10:45"))
    state = SittingState.from_dict({**state.to_dict(), "last_seen": at("11:00").isoformat()})
    step = check_clock(state, PLAN, at("10:00"), None)
    assert step.events == (Event("gap", at("10:00"), minutes=60, direction="backward"),)
    assert step.state.bout_start == at("09:45")
    assert next_reminder_due(step.state, PLAN, at("10:00")) == at("10:15")


def test_unobserved_stretch_on_restart_is_an_absence_without_a_gap_event() -> None:
    state = start_tracking(at("09:00"))
    step = check_clock(state, PLAN, at("11:00"), None)
    assert kinds(step.events) == ["away", "back"]
    assert step.state.bout_start == at("11:00")
    quiet = check_clock(state, PLAN, at("09:04"), None)
    assert quiet.events == ()
    assert quiet.state.bout_start == at("09:00")


def test_clock_tolerance_ignores_small_drift() -> None:
    state = start_tracking(at("09:00"))
    small = CLOCK_TOLERANCE.total_seconds()
    assert check_clock(state, PLAN, at("09:10"), 600 - small).events == ()
    assert check_clock(state, PLAN, at("09:10"), 600 + small).events == ()
    assert check_clock(state, PLAN, at("09:10"), 600).state.last_seen == at("09:10")


# -- single events ----------------------------------------------------------------------------


def test_walk_restarts_the_bout_when_it_ends() -> None:
    state = on_reminder_shown(start_tracking(at("09:00")), PLAN, at("09:30")).state
    walked = on_walk(state, PLAN, at("09:42"), 12)
    assert walked.events == (Event("walk", at("09:42"), minutes=12),)
    assert walked.state.bout_start == at("09:42")
    assert next_reminder_due(walked.state, PLAN, at("09:42")) == at("10:12")
    with pytest.raises(ValueError):
        on_walk(state, PLAN, at("09:42"), 0)


def test_walk_logged_late_leaves_a_newer_bout_alone() -> None:
    state = start_tracking(at("10:00"))
    late = on_walk(state, PLAN, at("09:40"), 5)
    assert late.state == state
    assert kinds(late.events) == ["walk"]


def test_walk_does_not_end_an_absence() -> None:
    away = on_left(start_tracking(at("09:00")), PLAN, at("09:10")).state
    assert on_walk(away, PLAN, at("09:20")).state == away


def test_short_absence_is_not_a_break() -> None:
    state = start_tracking(at("09:00"))
    left = on_left(state, PLAN, at("09:20")).state
    assert next_reminder_due(left, PLAN, at("09:35")) is None
    back = on_back(left, PLAN, at("09:23"))
    assert back.events == ()
    assert back.state.bout_start == at("09:00")
    # Back at 09:23 while the 09:30 reminder is still ahead; it comes on time.
    assert next_reminder_due(back.state, PLAN, at("09:23")) == at("09:30")
    assert not on_back(back.state, PLAN, at("09:24")).accepted


def test_away_is_a_break_that_ends_the_bout_when_the_user_left() -> None:
    state = start_tracking(at("09:00"))
    step = on_away(state, PLAN, at("09:20"), at("09:40"))
    assert step.events == (Event("away", at("09:20"), minutes=20), Event("back", at("09:40")))
    assert step.state.bout_start == at("09:40")
    assert next_reminder_due(step.state, PLAN, at("09:40")) == at("10:10")
    with pytest.raises(ValueError):
        on_away(state, PLAN, at("09:40"), at("09:20"))


def test_absence_during_a_walk_is_not_counted_twice() -> None:
    state = on_walk(start_tracking(at("09:00")), PLAN, at("09:35")).state  # walking to 09:35
    step = on_away(state, PLAN, at("09:30"), at("09:37"))
    assert step.events == ()
    assert step.state.bout_start == at("09:35")


def test_idle_readings() -> None:
    state = start_tracking(at("09:00"))
    assert not on_idle(state, PLAN, at("09:10"), None).accepted
    assert not on_idle(state, PLAN, at("09:10"), 299).accepted
    left = on_idle(state, PLAN, at("09:10"), 300).state
    assert left.away_since == at("09:05")
    assert not on_idle(left, PLAN, at("09:20"), 900).accepted
    back = on_idle(left, PLAN, at("09:30"), 60)
    assert back.events == (Event("away", at("09:05"), minutes=24), Event("back", at("09:29")))


def test_seated_routine_answers_the_reminder_but_not_the_bout() -> None:
    state = on_reminder_shown(start_tracking(at("09:00")), PLAN, at("09:30")).state
    seated = on_seated_routine(state, PLAN, at("09:32"))
    assert seated.events == (Event("seated", at("09:32")),)
    assert seated.state.bout_start == at("09:00")
    assert next_reminder_due(seated.state, PLAN, at("09:32")) == at("10:02")
    assert snooze_options(seated.state, PLAN, at("10:02")) == ()


def test_skip_defers_one_interval() -> None:
    state = on_reminder_shown(start_tracking(at("09:00")), PLAN, at("09:30")).state
    skipped = on_skip(state, PLAN, at("09:31"))
    assert skipped.events == (Event("skip", at("09:31")),)
    assert next_reminder_due(skipped.state, PLAN, at("09:31")) == at("10:01")


def test_overdue_reminder_comes_now_once() -> None:
    state = start_tracking(at("09:00"))
    assert next_reminder_due(state, PLAN, at("11:00")) == at("11:00")
    shown = on_reminder_shown(state, PLAN, at("11:00"))
    assert shown.events == (Event("reminder", at("11:00"), sitting_minutes=120),)
    assert next_reminder_due(shown.state, PLAN, at("11:00")) == at("11:30")


def test_reminders_keep_five_minutes_apart_even_after_a_late_walk_log() -> None:
    state = on_reminder_shown(start_tracking(at("09:00")), PLAN, at("09:30")).state
    # A walk ending 09:02, logged at 09:31: the bout now counts from 09:02 (due 09:32).
    walked = on_walk(state, PLAN, at("09:02"), 2).state
    assert next_reminder_due(walked, PLAN, at("09:31")) == at("09:35")


def test_a_last_reminder_in_the_future_does_not_silence_reminders() -> None:
    state = SittingState(bout_start=at("09:00"), last_reminder_at=at("15:00"))
    assert next_reminder_due(state, PLAN, at("09:40")) == at("09:40")


def test_disabled_plan_and_absent_user_have_no_reminder() -> None:
    state = start_tracking(at("09:00"))
    assert next_reminder_due(state, BreakPlan(tz=LONDON, enabled=False), at("09:00")) is None
    assert next_reminder_due(SittingState(), PLAN, at("09:00")) is None
    assert sitting_since(state, PLAN, at("19:00")) is None


def test_heartbeat_ends_an_expired_pause() -> None:
    state = on_pause(start_tracking(at("09:00")), PLAN, at("09:00"), at("09:45")).state
    step = heartbeat(state, PLAN, at("09:50"), monotonic_elapsed_seconds=50 * 60)
    assert step.events == (Event("resumed", at("09:45")),)
    assert step.state.paused_until is None


def test_state_round_trips_through_a_dict() -> None:
    state = on_snooze(start_tracking(at("09:00")), PLAN, at("09:30"), 5).state
    state = on_pause(state, PLAN, at("09:31"), at("10:31")).state
    data = state.to_dict()
    assert data["bout_start"] == "2026-11-23T09:00:00+00:00"
    assert SittingState.from_dict(data) == state
    assert SittingState.from_dict({}) == SittingState()
    with pytest.raises(ValueError):
        SittingState.from_dict({"bout_start": 5})


def test_event_fields_for_printing() -> None:
    assert Event("reminder", at("09:30"), sitting_minutes=30).fields() == {"sitting_minutes": 30}
    assert Event("back", at("09:30")).fields() == {}


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        start_tracking(datetime(2026, 11, 23, 9))


# -- the plan ---------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, 19, 61, 90])
def test_interval_outside_20_to_60_is_refused(minutes: int) -> None:
    with pytest.raises(ValueError, match="interval_minutes"):
        BreakPlan(tz=LONDON, interval_minutes=minutes)


@pytest.mark.parametrize("minutes", [20, 30, 60])
def test_interval_bounds_are_accepted(minutes: int) -> None:
    assert BreakPlan(tz=LONDON, interval_minutes=minutes).interval_minutes == minutes


@pytest.mark.parametrize(
    "changes",
    [
        {"interval_minutes": True},
        {"walk_minutes": 0},
        {"away_minutes": 0},
        {"work_days": ("monday",)},
        {"work_start": time(9), "work_end": time(9)},
    ],
)
def test_bad_plans_are_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        BreakPlan(tz=LONDON, **changes)  # type: ignore[arg-type]


def test_parse_work_hours() -> None:
    assert parse_work_hours("09:00-18:00") == (time(9), time(18))
    assert parse_work_hours("00:00-24:00") == (time(0), time(0))
    assert parse_work_hours("22:00-06:00") == (time(22), time(6))  # a night shift
    for bad in ("9-5", "", "09:00-09:00", "25:00-06:00"):
        with pytest.raises(ValueError):
            parse_work_hours(bad)


def test_work_until_midnight() -> None:
    plan = BreakPlan(tz=LONDON, work_start=time(22), work_end=time(0))
    sim = simulate(plan, at("21:00"), at("01:00", TUE))
    assert local(sim.reminders) == ["22:30", "23:00", "23:30"]


ROUND_THE_CLOCK = BreakPlan(tz=LONDON, work_days=ALL_DAYS, work_start=time(0), work_end=time(0))


def test_round_the_clock_work_hours_keep_the_bout_through_midnight() -> None:
    """``00:00-24:00``: the windows meet at midnight, and a person sitting on through it is
    reminded 30 minutes after sitting down, not 30 minutes after midnight."""
    state = start_tracking(at("23:50"))
    assert next_reminder_due(state, ROUND_THE_CLOCK, at("23:55")) == at("00:20", TUE).astimezone(
        UTC
    )
    assert next_reminder_due(state, ROUND_THE_CLOCK, at("00:05", TUE)) == at(
        "00:20", TUE
    ).astimezone(UTC)
    assert sitting_since(state, ROUND_THE_CLOCK, at("00:10", TUE)) == at("23:50").astimezone(UTC)
    sim = simulate(ROUND_THE_CLOCK, at("23:00"), at("01:00", TUE))
    assert dated(sim.reminders) == [(MON, "23:30"), (TUE, "00:00"), (TUE, "00:30")]
    # The days stay apart for what belongs to a day: "until tomorrow" is the next midnight.
    assert until_tomorrow(ROUND_THE_CLOCK, at("00:10", TUE)) == at(
        "00:00", date(2026, 11, 25)
    ).astimezone(UTC)


def test_windows_that_do_not_meet_still_start_the_bout_afresh() -> None:
    """Monday to Friday, all day: Friday's window ends at midnight, Saturday has none, so
    Monday's bout counts from Monday 00:00 (as 09:00-18:00 counts from 09:00)."""
    weekdays = BreakPlan(tz=LONDON, work_start=time(0), work_end=time(0))
    state = start_tracking(at("23:50", FRI))
    monday = date(2026, 11, 30)
    assert next_reminder_due(state, weekdays, at("23:55", FRI)) == at("00:30", monday).astimezone(
        UTC
    )
    assert next_reminder_due(state, weekdays, at("00:01", SAT)) == at("00:30", monday).astimezone(
        UTC
    )
    assert sitting_since(state, weekdays, at("00:10", SAT)) is None
    assert sitting_since(state, weekdays, at("00:10", monday)) == at("00:00", monday).astimezone(
        UTC
    )


# -- night shifts (issue 14): an end before the start runs past midnight ------------------------

NIGHTS = BreakPlan(tz=LONDON, work_start=time(22), work_end=time(6))


def test_a_night_shift_reminds_across_midnight() -> None:
    sim = simulate(NIGHTS, at("21:00"), at("07:00", TUE), respond=walk)
    shown = dated(sim.reminders)
    assert shown[0] == (MON, "22:30")
    assert (TUE, "00:50") in shown  # past midnight, still the Monday shift
    assert shown[-1][0] == TUE and shown[-1][1] < "06:00"
    assert all(in_work_hours(NIGHTS, r) for r in sim.reminders)


def test_in_a_night_shift_after_midnight_and_not_after_it_ends() -> None:
    assert in_work_hours(NIGHTS, at("03:00", TUE))  # Monday's shift, Tuesday morning
    assert not in_work_hours(NIGHTS, at("07:00", TUE))
    assert not in_work_hours(NIGHTS, at("21:59", MON))
    # Friday's shift runs into Saturday; none starts on Saturday.
    assert in_work_hours(NIGHTS, at("05:00", SAT))
    assert not in_work_hours(NIGHTS, at("23:00", SAT))


def test_until_tomorrow_in_a_night_shift_is_the_next_nights_start() -> None:
    assert until_tomorrow(NIGHTS, at("02:00", TUE)) == at("22:00", TUE).astimezone(UTC)
    assert until_tomorrow(PLAN, at("10:00", MON)) == at("09:00", TUE).astimezone(UTC)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start_hour=st.integers(min_value=12, max_value=23),
    end_hour=st.integers(min_value=0, max_value=11),
    interval=st.integers(min_value=20, max_value=60),
    start_minute=st.integers(min_value=0, max_value=24 * 60),
    responses=st.lists(st.sampled_from(("ignore", "walk", "snooze5")), min_size=1, max_size=4),
)  # fmt: skip
def test_random_night_shifts_never_burst_and_stay_in_work_hours(
    start_hour: int, end_hour: int, interval: int, start_minute: int, responses: list[str]
) -> None:
    plan = BreakPlan(tz=LONDON, interval_minutes=interval, work_start=time(start_hour),
                     work_end=time(end_hour), work_days=ALL_DAYS)  # fmt: skip
    answers = itertools.cycle(responses)
    table = {"ignore": None, "walk": walk, "snooze5": snooze(5)}

    def respond(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        answer = table[next(answers)]
        return answer(state, plan, now) if answer else Step(state)

    start = at("00:00") + timedelta(minutes=start_minute)
    sim = simulate(plan, start, start + timedelta(hours=40), respond=respond,
                   heartbeat_every=timedelta(minutes=7))  # fmt: skip
    for earlier, later in itertools.pairwise(sim.reminders):
        assert later - earlier >= MIN_REMINDER_GAP
    assert all(in_work_hours(plan, r) for r in sim.reminders)


# -- properties -------------------------------------------------------------------------------


def _action(kind: str, value: int) -> Action:
    def act(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        if kind == "walk":
            return on_walk(state, plan, now + timedelta(minutes=value), value)
        if kind == "snooze":
            return on_snooze(state, plan, now, 5 if value % 2 else 10)
        if kind == "skip":
            return on_skip(state, plan, now)
        if kind == "seated":
            return on_seated_routine(state, plan, now)
        if kind == "pause":
            return on_pause(state, plan, now, now + timedelta(minutes=value))
        if kind == "resume":
            return on_resume(state, plan, now)
        if kind == "left":
            return on_left(state, plan, now)
        if kind == "back":
            return on_back(state, plan, now)
        return on_reminder_shown(state, plan, now) if kind == "shown" else Step(state)

    return act


ACTION_KINDS = ("walk", "snooze", "skip", "seated", "pause", "resume", "left", "back", "shown")
RESPONSES: dict[str, Action | None] = {
    "ignore": None,
    "walk": walk,
    "snooze5": snooze(5),
    "snooze10": snooze(10),
    "skip": on_skip,
    "seated": on_seated_routine,
}

script_items = st.tuples(
    st.integers(min_value=0, max_value=24 * 60),
    st.sampled_from((*ACTION_KINDS, "suspend", "stall")),
    st.integers(min_value=1, max_value=150),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(script_items, max_size=25),
    responses=st.lists(st.sampled_from(sorted(RESPONSES)), min_size=1, max_size=6),
    interval=st.integers(min_value=20, max_value=60),
    start_minute=st.integers(min_value=0, max_value=24 * 60),
)
def test_random_days_never_burst_and_stay_in_work_hours(
    items: list[tuple[int, str, int]], responses: list[str], interval: int, start_minute: int
) -> None:
    plan = BreakPlan(tz=LONDON, interval_minutes=interval)
    start = at("00:00") + timedelta(minutes=start_minute)
    script: list[tuple[datetime, Action | Suspend | Stall | SetClock]] = []
    for minute, kind, value in items:
        moment = start + timedelta(minutes=minute)
        if kind == "suspend":
            script.append((moment, Suspend(timedelta(minutes=value))))
        elif kind == "stall":
            script.append((moment, Stall(timedelta(minutes=value))))
        else:
            script.append((moment, _checked(_action(kind, value))))
    answers = itertools.cycle(responses)

    def respond(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        answer = RESPONSES[next(answers)]
        return _checked(answer)(state, plan, now) if answer else Step(state)

    sim = simulate(
        plan,
        start,
        start + timedelta(hours=30),
        script,
        respond=respond,
        heartbeat_every=timedelta(minutes=7),
    )
    for earlier, later in itertools.pairwise(sim.reminders):
        assert later - earlier >= MIN_REMINDER_GAP
    assert all(in_work_hours(plan, r) for r in sim.reminders)


def _checked(action: Action) -> Action:
    """The action, checking the snooze cap whenever it stored a snooze."""

    def act(state: SittingState, plan: BreakPlan, now: datetime) -> Step:
        step = action(state, plan, now)
        if any(e.kind == "snooze" for e in step.events):
            since = sitting_since(state, plan, now)
            assert since is not None
            assert step.state.deferred_until is not None
            assert step.state.deferred_until <= since + timedelta(minutes=MAX_BOUT_MINUTES)
            assert step.state.deferred_until - now >= MIN_REMINDER_GAP
        return step

    return act


@given(
    bout_minute=st.integers(min_value=-120, max_value=500),
    now_minute=st.integers(min_value=0, max_value=540),
    minutes=st.sampled_from((5, 10)),
    snoozes=st.integers(min_value=1, max_value=8),
)
# Sat since 17:20; a 5-minute snooze at 17:55 ends exactly at 18:00, the end of work.
@example(bout_minute=500, now_minute=535, minutes=5, snoozes=1)
# The same bout; a 10-minute snooze at 17:58 ends after work (18:08).
@example(bout_minute=500, now_minute=538, minutes=10, snoozes=1)
def test_snoozing_never_pushes_the_reminder_past_sixty_minutes(
    bout_minute: int, now_minute: int, minutes: int, snoozes: int
) -> None:
    """A snooze ends no later than 60 minutes of sitting, and the next reminder comes when it
    ends. A snooze that reaches the end of the work day (work hours end at 18:00, exclusive)
    skips the rest of that day: the next reminder is in the next work window, on a bout that
    counts afresh from that window's start, so it is within 60 minutes of sitting there too."""
    nine = at("09:00")
    state = start_tracking(nine + timedelta(minutes=bout_minute))
    now = nine + timedelta(minutes=now_minute)
    for _ in range(snoozes):
        step = on_snooze(state, PLAN, now, minutes)
        since = sitting_since(state, PLAN, now)
        if step.accepted:
            assert since is not None
            until = step.state.deferred_until
            assert until is not None
            assert now + MIN_REMINDER_GAP <= until <= since + timedelta(minutes=MAX_BOUT_MINUTES)
            due = next_reminder_due(step.state, PLAN, now)
            assert due is not None
            if in_work_hours(PLAN, until):
                assert due == until
            else:  # the snooze ran to the end of work: nothing more in this work window
                assert due > until
                fresh = sitting_since(step.state, PLAN, due)
                assert fresh is not None and fresh > until
                assert due <= fresh + timedelta(minutes=MAX_BOUT_MINUTES)
            state, now = step.state, due
        else:
            assert step.state == state
            assert since is None or since + timedelta(minutes=MAX_BOUT_MINUTES) - now < timedelta(
                minutes=5
            )
            break


def test_times_come_back_in_utc() -> None:
    state = start_tracking(at("09:00"))
    due = next_reminder_due(state, PLAN, at("09:00"))
    assert due is not None and due.tzinfo is UTC


def test_clock_set_forward_while_typing_is_not_a_break() -> None:
    """Input seen during the jumped stretch: the user sat on; one reminder, not an absence."""
    from toecoach.domain.sitting import heartbeat as beat
    from toecoach.domain.sitting import next_reminder_due as due_at
    from toecoach.domain.sitting import start_tracking as begin

    start = datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
    state = begin(start)
    later = start + timedelta(minutes=65)  # wall jumped; only 30 s really passed
    step = beat(state, PLAN, later, monotonic_elapsed_seconds=30, idle_seconds=3)
    assert [e.kind for e in step.events] == ["gap"]
    assert step.state.bout_start == state.bout_start
    assert due_at(step.state, PLAN, later) == later.astimezone(UTC)


def test_describe_due_names_the_day_when_it_is_not_today() -> None:
    from datetime import datetime

    from toecoach.domain.times import describe_due

    saturday_evening = datetime(2026, 11, 28, 19, 0, tzinfo=UTC)
    assert describe_due(saturday_evening, saturday_evening) == "now"
    assert describe_due(datetime(2026, 11, 28, 19, 30, tzinfo=UTC), saturday_evening) == "at 19:30"
    assert (
        describe_due(datetime(2026, 11, 29, 8, 55, tzinfo=UTC), saturday_evening)
        == "tomorrow at 08:55"
    )
    assert (
        describe_due(datetime(2026, 11, 30, 8, 55, tzinfo=UTC), saturday_evening)
        == "on Monday at 08:55"
    )
    assert (
        describe_due(datetime(2026, 12, 9, 8, 55, tzinfo=UTC), saturday_evening)
        == "on 9 Dec at 08:55"
    )


@settings(max_examples=100, deadline=None)
@given(
    start=st.integers(min_value=0, max_value=47),
    end=st.integers(min_value=0, max_value=48),
    days=st.sets(st.sampled_from(ALL_DAYS), min_size=1),
    after_minutes=st.integers(min_value=0, max_value=14 * 24 * 60),
    since_minutes=st.integers(min_value=0, max_value=3 * 24 * 60),
)
def test_only_windows_that_meet_are_joined_for_the_bout(
    start: int, end: int, days: set[str], after_minutes: int, since_minutes: int
) -> None:
    """Joining windows for the sitting bout changes nothing for work hours whose windows
    never meet (every plan but 00:00-24:00): the same windows, in the same order."""
    from toecoach.domain.sitting import _sitting_windows, work_windows

    half_hours = [time(h, m) for h in range(24) for m in (0, 30)] + [time(0)]
    work_start, work_end = half_hours[start], half_hours[end]
    if work_start == work_end and work_end != time(0):
        return  # refused by BreakPlan (the start and the end are the same)
    plan = BreakPlan(tz=LONDON, work_days=tuple(sorted(days)), work_start=work_start,
                     work_end=work_end)  # fmt: skip
    after = at("00:00") + timedelta(minutes=after_minutes)
    since = after - timedelta(minutes=since_minutes)
    joined = list(_sitting_windows(plan, after, since))
    if work_start == work_end == time(0) and len(days) > 1:
        return  # the windows meet: joined, as the tests above show
    assert joined == list(work_windows(plan, after))
