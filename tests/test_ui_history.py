"""The history screen on a five-year home: calendar, day view, delete; a calendar snapshot."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.history import build_history, day_records
from tests.conftest import wait_until, workers_settled
from tests.test_ui_routines import FakeClock
from toecoach.config import load_settings
from toecoach.ui.actions import palette_actions
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.history import DayScreen, HistoryScreen
from toecoach.ui.widgets.calendar import Calendar


def count_records(home: Path) -> int:
    total = 0
    for path in (home / "data").glob("log-*.json"):
        doc = json.loads(path.read_text())
        total += sum(len(rows) for name, rows in doc.items() if name != "_meta")
    return total


async def test_history_on_five_years_move_open_a_day_and_delete(configured_home: Path) -> None:
    build_history(configured_home)
    before = count_records(configured_home)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await wait_until(pilot, lambda: bool(app.screen.query(Calendar)))
        calendar = app.screen.query_one(Calendar)
        today = calendar.today
        await pilot.press("left", "up")  # a week back, then a day back
        assert calendar.selected == today - timedelta(days=8)
        await pilot.press("m")
        assert calendar.metric == "routines"
        await pilot.press("enter")
        assert isinstance(app.screen, DayScreen)
        day = app.screen
        await wait_until(pilot, lambda: len(day.entries) > 0)
        shown = len(day.entries)
        await pilot.press("d")
        await workers_settled(app)
        await wait_until(pilot, lambda: len(day.entries) == shown - 1)
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)
    assert count_records(configured_home) == before - 1


async def test_editing_an_entry_from_the_day_view(configured_home: Path) -> None:
    from tests.conftest import run_toecoach

    assert run_toecoach("log", "water", "200", "--note", "before").returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(DayScreen(datetime.now().astimezone().date()))
        await pilot.pause()
        day = app.screen
        assert isinstance(day, DayScreen)
        await wait_until(pilot, lambda: len(day.entries) == 1)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#edit-amount").value = "0"  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert "amount" in str(app.screen.query_one("#edit-error").render())  # refused inline
        app.screen.query_one("#edit-amount").value = "350ml"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DayScreen))
        await wait_until(pilot, lambda: "350" in str(day.entries[0][1].get("nutrients")))
    today = json.loads(run_toecoach("today", "--json").stdout)
    assert today["nutrients"]["water"]["total"] == 350


def test_snapshot_calendar(snap_compare, configured_home: Path, utc_zone: None) -> None:
    import random

    from toecoach.domain.times import local_day
    from toecoach.storage.store import Store, month_partition

    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    rng = random.Random(3)
    random.seed(3)
    # About 2,000 records: filed by month as repositories.add files them, but one write per
    # month and table instead of one locked, fsynced write per record (15 s down to 1 s).
    months: dict[str, dict[str, list[dict[str, object]]]] = {}
    for back in range(1, 80):
        day = (now - timedelta(days=back)).date()
        for table, rows in day_records(day, rng).items():
            for row in rows if back % 9 else rows[:1]:  # some days barely logged
                partition = month_partition(local_day(str(row["at"])))
                months.setdefault(partition, {}).setdefault(table, []).append(row)
    store = Store(configured_home / "data")
    for partition, tables in months.items():
        with store.writing(partition) as db:
            for table, rows in tables.items():
                store.table(db, table).insert_multiple(rows)

    class HistoryApp(ToecoachApp):
        def initial_screen(self) -> HistoryScreen:
            return HistoryScreen()

    app = HistoryApp(load_settings(configured_home / "config.toml"), clock=FakeClock(now),
                     start_reminders=False)  # fmt: skip

    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await wait_until(pilot, lambda: bool(app.screen.query(Calendar)))
        await workers_settled(app)
        await pilot.pause()
        # Monday, nothing logged yet this week: the water share says so rather than "0%".
        trends = str(app.screen.query_one("#trends").render())
        assert "water (share of target)" in trends and "this week: no drinks logged" in trends

    assert snap_compare(app, terminal_size=(80, 34), run_before=settle)


async def test_every_action_is_in_the_command_palette(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)):
        titles = {command.title for command in app.get_system_commands(app.screen)}
    for action in palette_actions("home"):
        assert action.palette in titles


def test_weekly_water_trend_counts_only_days_with_drinks_logged() -> None:
    """Honest numbers: a week with two days at the target and five with nothing logged is
    100 % on the days with drinks, not 29 %."""
    from datetime import date

    from toecoach.domain.adherence import AdherencePlan, DayRecords, days_between
    from toecoach.domain.intake import TargetProfile
    from toecoach.ui.screens.history import sparkline, this_week, water_this_week, weekly

    monday = date(2026, 11, 23)
    records = {monday + timedelta(days=i): DayRecords(intake=[{"nutrients": {"water": 2200.0},
                                                             "source": "drink"}])
               for i in range(2)}  # fmt: skip
    days = days_between(monday, monday + timedelta(days=6), records, AdherencePlan(), set())
    assert weekly(days, monday + timedelta(days=6), weeks=1)["water"] == [1.0]
    assert len(this_week(days, monday + timedelta(days=6))) == 7
    # A week with no drinks logged has no share (a gap in the sparkline), not 0 %.
    later = days_between(monday, monday + timedelta(days=13), records, AdherencePlan(), set())
    series = weekly(later, monday + timedelta(days=13), weeks=2)["water"]
    assert series == [1.0, None]
    assert sparkline(series) == "█ "
    sunday = monday + timedelta(days=6)
    assert water_this_week(1.0, days, sunday) == "this week 100% over 2 days"
    assert water_this_week(None, later, monday + timedelta(days=13)) == (
        "this week: no drinks logged"
    )
    # Drinks, but no target (a pregnancy triage): not "no drinks".
    pregnant = AdherencePlan(profile=TargetProfile(pregnant=True))
    no_target = days_between(monday, sunday, records, pregnant, set())
    assert weekly(no_target, sunday, weeks=1)["water"] == [None]
    assert water_this_week(None, no_target, sunday) == "this week: no water target"


async def test_streaks_say_what_makes_a_day_count(configured_home: Path) -> None:
    """With a plan applied, the routines streak counts the plan's routines: the screen says
    so, by name (a '1 routine done' dashboard beside a routines streak of 0 read wrong)."""
    from tests.conftest import run_toecoach
    from tests.test_triage_effects import REQUIRED

    answers = dict.fromkeys(REQUIRED, False)
    answers.update(sitting_hours=9, episodes_per_week=4)
    applied = run_toecoach("triage", "--answers", "-", "--apply", input=json.dumps(answers))
    assert applied.returncode == 0, applied.stderr
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("h")
        await wait_until(pilot, lambda: bool(app.screen.query("#streaks")))
        text = str(app.screen.query_one("#streaks").render())
        assert "A day counts for" in text
        assert ("routines: the plan's routines done (2-minute desk break, Bedtime cramp "
                "stretch; desk ones on work days only)") in text  # fmt: skip
        assert "water: the water target reached" in text
