"""Streaks and strength on hand-built histories (pure: every day passed in)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from toecoach.domain.adherence import (
    STRENGTH_M,
    AdherencePlan,
    DayRecords,
    days_between,
    summarize_habit,
)

MON = date(2026, 11, 2)


def walk_day(walks: int = 1, reminders: int = 1) -> DayRecords:
    breaks = [{"kind": "reminder", "at": "x"}] * reminders + [{"kind": "walk", "at": "x"}] * walks
    return DayRecords(breaks=breaks)


def water_day(ml: float) -> DayRecords:
    return DayRecords(intake=[{"nutrients": {"water": ml}, "source": "drink"}])


def run(routine: str = "desk-stretch-5min", finished: bool = True) -> dict[str, object]:
    return {"kind": "run", "routine": routine, "finished": finished}


def habit(records: dict[date, DayRecords], name: str, first: date, last: date, today: date,
          rest: set[date] | None = None, plan: AdherencePlan | None = None):  # type: ignore[no-untyped-def]  # fmt: skip
    days = days_between(first, last, records, plan or AdherencePlan(), rest or set())
    return summarize_habit(days, name, today)


def test_weekends_do_not_break_a_walk_streak() -> None:
    records = {
        MON + timedelta(days=i): walk_day()
        for i in range(12)
        if (MON + timedelta(days=i)).weekday() < 5
    }
    summary = habit(records, "walks", MON, MON + timedelta(days=11), MON + timedelta(days=11))
    assert summary.current == 10 and summary.longest == 10


def test_rest_days_do_not_break_streaks() -> None:
    records = {MON + timedelta(days=i): water_day(2200) for i in range(7) if i != 3}
    summary = habit(records, "water", MON, MON + timedelta(days=6), MON + timedelta(days=6),
                    rest={MON + timedelta(days=3)})  # fmt: skip
    assert summary.current == 6 and summary.longest == 6


def test_days_held_by_an_urgent_triage_do_not_break_walks_or_routines() -> None:
    """Triage spec v2: at emergency or urgent every routine is locked and reminders pause,
    so not walking or exercising then is following the advice, not missing a day. The day a
    later triage lifts the hold was held until then: not due either. From the next day on
    the habits are due again."""
    held_from, lifted_on = MON + timedelta(days=2), MON + timedelta(days=5)
    plan = AdherencePlan(work_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                         holds=((held_from, True), (lifted_on, False)))  # fmt: skip
    records = {MON + timedelta(days=i): DayRecords(breaks=walk_day().breaks, runs=[run()])
               for i in (0, 1, 6)}  # fmt: skip
    last = MON + timedelta(days=6)
    days = days_between(MON, last, records, plan, set())
    assert [d.due["walks"] for d in days] == [True, True, False, False, False, False, True]
    assert [d.due["routines"] for d in days] == [True, True, False, False, False, False, True]
    for name in ("walks", "routines"):
        summary = summarize_habit(days, name, last)
        assert summary.current == 3 and summary.longest == 3, name
    # Without the hold the same days are four misses.
    unheld = days_between(MON, last, records, AdherencePlan(work_days=plan.work_days), set())
    assert summarize_habit(unheld, "walks", last).current == 1
    # An urgent triage and a self-care one on the same day: that day was held for a while.
    same_day = AdherencePlan(
        work_days=plan.work_days, held_days=frozenset({MON + timedelta(days=3)})
    )
    assert not same_day.held_on(MON + timedelta(days=2))
    assert same_day.held_on(MON + timedelta(days=3)) and not same_day.held_on(last)


def test_a_gap_breaks_the_streak_and_an_unmet_today_does_not_yet() -> None:
    records = {MON + timedelta(days=i): water_day(2200) for i in (0, 1, 2, 4, 5)}
    today = MON + timedelta(days=6)
    records[today] = water_day(500)  # today, not reached yet
    summary = habit(records, "water", MON, today, today)
    assert summary.current == 2 and summary.longest == 3


def test_strength_after_a_long_run_and_one_miss() -> None:
    records = {MON + timedelta(days=i): water_day(2200) for i in range(60)}
    miss = MON + timedelta(days=60)
    records[miss] = water_day(100)
    long_run = habit(records, "water", MON, MON + timedelta(days=59), MON + timedelta(days=59))
    after_miss = habit(records, "water", MON, miss, miss + timedelta(days=1))
    assert long_run.strength == pytest.approx(1 - STRENGTH_M**60, abs=1e-4)
    assert after_miss.strength == pytest.approx(long_run.strength * STRENGTH_M, abs=1e-4)
    assert after_miss.strength > 0.9  # one missed day costs little
    assert after_miss.current == 0 and after_miss.longest == 60


def test_strength_starts_on_the_first_day_with_any_record() -> None:
    first = MON + timedelta(days=10)
    records = {first: water_day(2200)}
    summary = habit(records, "water", MON, first, first)
    assert summary.strength == pytest.approx(1 - STRENGTH_M, abs=1e-4)


def test_a_daylight_saving_week_counts_every_day_once() -> None:
    change = date(2026, 10, 25)  # Europe/London: clocks go back on this Sunday
    records = {change + timedelta(days=i): water_day(2200) for i in range(-3, 4)}
    summary = habit(records, "water", change - timedelta(days=3), change + timedelta(days=3),
                    change + timedelta(days=3))  # fmt: skip
    assert summary.current == 7


def test_routines_without_a_plan_any_finished_one_counts_stopped_early_does_not() -> None:
    records = {
        MON: DayRecords(runs=[run(finished=False)]),
        MON + timedelta(days=1): DayRecords(runs=[run()]),
    }
    summary = habit(records, "routines", MON, MON + timedelta(days=1), MON + timedelta(days=1))
    assert summary.current == 1 and summary.longest == 1


def test_routines_with_a_plan_need_each_planned_routine_desk_ones_on_work_days() -> None:
    plan = AdherencePlan(routines=("desk-break-2min", "bedtime-cramp"))
    sat = MON + timedelta(days=5)
    records = {
        MON: DayRecords(runs=[run("desk-break-2min"), run("bedtime-cramp")]),
        MON + timedelta(days=1): DayRecords(runs=[run("bedtime-cramp")]),  # desk one missing
        sat: DayRecords(runs=[run("bedtime-cramp")]),  # no desk routine due on Saturday
    }
    days = days_between(MON, sat, records, plan, set())
    met = {d.date: d.met["routines"] for d in days}
    assert met[MON] is True and met[MON + timedelta(days=1)] is False and met[sat] is True


def test_away_is_not_a_walk_and_a_snoozed_reminder_counts_once() -> None:
    breaks = [{"kind": "reminder"}, {"kind": "snooze"}, {"kind": "reminder", "after_snooze": True},
              {"kind": "away"}]  # fmt: skip
    (day,) = days_between(MON, MON, {MON: DayRecords(breaks=breaks)}, AdherencePlan(), set())
    assert day.reminders == 1 and day.walks == 0 and day.met["walks"] is False


def test_a_removed_water_target_is_never_due() -> None:
    from toecoach.domain.intake import TargetProfile

    plan = AdherencePlan(profile=TargetProfile(fluid_restriction=True))
    (day,) = days_between(MON, MON, {MON: water_day(100)}, plan, set())
    assert day.due["water"] is False and day.water_target_ml is None
