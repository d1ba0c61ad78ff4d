"""One step-away per home (interfaces v2, presence): stepping away in any toecoach counts in
every toecoach on the same TOECOACH_HOME, and coming back in any ends it in all of them.

Real parts: reminder services (one per "process", told apart as the claims tests do) on one
real store, an app in Pilot beside one, with injected clocks moved by the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.conftest import wait_until
from tests.test_reminders import ALL_DAY, break_records
from toecoach.config import load_settings, parse_settings
from toecoach.domain.kinds import PRESENCE_TABLE, readable_problem
from toecoach.services.reminders import ReminderService, read_shared_step_away
from toecoach.storage.store import Store


def ten_tomorrow() -> datetime:
    """10:00 UTC tomorrow, for the app's own reminder service, whose clock check has no
    injected monotonic clock: APScheduler times its jobs by the real clock, so with today's
    10:00 a reminder due at 10:30 fired at once whenever the tests ran after 10:30 UTC, and
    the check took the injected clock's jumps for a suspend (a new bout where the tests
    expect the old one). Tomorrow, every due time is still ahead in real time."""
    return ten_today() + timedelta(days=1)


def app_on_a_moved_clock(home: Path) -> tuple[Any, list[datetime]]:
    """A configured all-day home and an app whose clock the test moves (``clock[0]``),
    starting at :func:`ten_tomorrow`; its reminders are started by the test."""
    from toecoach.ui.app import ToecoachApp

    home.mkdir(parents=True)
    (home / "config.toml").write_text(ALL_DAY)
    clock = [ten_tomorrow()]
    app = ToecoachApp(load_settings(home / "config.toml"), clock=lambda: clock[0],
                      start_reminders=False)  # fmt: skip
    return app, clock


def ten_today() -> datetime:
    """10:00 UTC today: the services run in UTC with work hours all day, every day."""
    return datetime.combine(datetime.now(UTC).date(), datetime.min.time(), UTC) + timedelta(
        hours=10
    )


@contextmanager
def services(
    home: Path,
    clock: list[datetime],
    names: tuple[str, ...] = ("a", "b"),
    idle: Callable[[], float | None] = lambda: None,
    watch: dict[str, float] | None = None,
) -> Iterator[dict[str, ReminderService]]:
    settings = parse_settings(ALL_DAY, Path("config.toml"))
    running: dict[str, ReminderService] = {}
    for name in names:
        service = ReminderService(
            Store(home / "data"), settings, clock=lambda: clock[0], idle_seconds=idle,
            monotonic=lambda: clock[0].timestamp(),  # no suspend: both clocks move together
            heartbeat_seconds=3600, tz=ZoneInfo("UTC"), background_writes=True,
            watch_seconds=(watch or {}).get(name),
        )  # fmt: skip
        service._me = f"test:{name}"  # two processes, as far as the store can tell
        running[name] = service
    try:
        for service in running.values():
            service.start()
        yield running
    finally:
        for service in running.values():
            service.shutdown()


def sync(*rest: ReminderService) -> None:
    """Every write reaches the disk, then every service does its regular check."""
    for service in rest:
        service.flush()
    for service in rest:
        service.recheck()


def away_records(home: Path) -> list[dict[str, object]]:
    return [r for r in break_records(home) if r["kind"] == "away"]


async def test_a_step_away_in_one_is_away_in_the_other_and_back_in_either_ends_both(
    toecoach_home: Path,
) -> None:
    start = ten_today()
    clock = [start]
    with services(toecoach_home, clock) as running:
        a, b = running["a"], running["b"]
        # Sat 12 minutes, then "step away" in A: B counts the person away from then.
        clock[0] = start + timedelta(minutes=12)
        assert a.step_away()
        sync(a, b)
        assert b.state.stepped_away == clock[0] and b.state.away_since == clock[0]
        assert a.next_due() is None and b.next_due() is None  # no reminder while away
        # Half an hour later, when the reminder would have been due: none in B.
        shown: list[int] = []
        b.on_reminder = shown.append
        clock[0] = start + timedelta(minutes=42)
        await b._fire()
        assert shown == []
        # A key in B: back in both, and (30 minutes >= away_minutes) a new bout in both.
        assert b.presence()
        sync(b, a)
        for service in (a, b):
            assert service.state.away_since is None and service.state.stepped_away is None
            assert service.state.bout_start == clock[0]
            assert service.next_due() == clock[0] + timedelta(minutes=30)
        assert [r["minutes"] for r in away_records(toecoach_home)] == [30]  # counted once

        # A short one (2 minutes): back in A this time; the bout goes on in both.
        bout = clock[0]
        clock[0] += timedelta(minutes=5)
        assert b.step_away()
        sync(b, a)
        assert a.state.stepped_away == clock[0]
        clock[0] += timedelta(minutes=2)
        assert a.presence()
        sync(a, b)
        for service in (a, b):
            assert service.state.away_since is None and service.state.bout_start == bout
        assert len(away_records(toecoach_home)) == 1
        shared = read_shared_step_away(Store(toecoach_home / "data"))
        assert shared is not None and shared.back == clock[0]


async def test_input_seen_by_both_ends_it_in_both_and_the_break_counts_once(
    toecoach_home: Path,
) -> None:
    start = ten_today()
    clock = [start]
    idle: list[float | None] = [0.0]
    with services(toecoach_home, clock, idle=lambda: idle[0]) as running:
        a, b = running["a"], running["b"]
        clock[0] = start + timedelta(minutes=10)
        a.step_away()
        sync(a, b)
        assert b.state.stepped_away is not None
        # Back 8 minutes later: both read the same system idle time and end it themselves.
        clock[0] = start + timedelta(minutes=18)
        idle[0] = 2.0
        await a._heartbeat()
        await b._heartbeat()
        sync(a, b)
        for service in (a, b):
            assert service.state.away_since is None
            assert service.state.bout_start == clock[0] - timedelta(seconds=2)
        assert [r["minutes"] for r in away_records(toecoach_home)] == [8]


async def test_a_toecoach_started_later_follows_an_open_step_away_but_not_a_stale_one(
    toecoach_home: Path,
) -> None:
    start = ten_today()
    clock = [start]
    store = Store(toecoach_home / "data")

    def forget_saved_state() -> None:
        # The saved tracker state would say "stepped away" too: only the record may here.
        with store.writing("main") as db:
            db.drop_table("sitting")

    with services(toecoach_home, clock, names=("a",)) as running:
        running["a"].step_away()
    forget_saved_state()
    # A second toecoach starts (autostart's `remind`) while the person is still away.
    clock[0] = start + timedelta(minutes=20)
    with services(toecoach_home, clock, names=("c",)) as running:
        assert running["c"].state.stepped_away == start and running["c"].next_due() is None
    forget_saved_state()
    # The toecoachs that held it are gone; the next day nobody is held away by it.
    clock[0] = start + timedelta(days=1)
    with services(toecoach_home, clock, names=("d",)) as running:
        d = running["d"]
        assert d.state.away_since is None and d.next_due() is not None


async def test_a_bad_presence_record_is_skipped_never_a_crash(toecoach_home: Path) -> None:
    for bad in (
        {"stepped_away": "soon", "back": None},
        {"stepped_away": "2026-05-01T10:00:00+00:00", "back": "2026-05-01T09:00:00+00:00"},
        {"stepped_away": "2026-05-01T10:00:00", "back": None},  # no UTC offset
        {"stepped_away": "2026-05-01T10:00:00+00:00", "by": 7},
        ["not", "an", "object"],
    ):
        assert readable_problem(PRESENCE_TABLE, bad) is not None, bad
    good = {"stepped_away": "2026-05-01T10:00:00+00:00", "back": None, "by": "host:1"}
    assert readable_problem(PRESENCE_TABLE, good) is None

    store = Store(toecoach_home / "data")
    store.insert("main", PRESENCE_TABLE, {"stepped_away": "soon", "back": None})
    assert "soon" in (toecoach_home / "data" / "main.json").read_text()
    clock = [ten_today()]
    with services(toecoach_home, clock, names=("a",)) as running:
        a = running["a"]
        a.recheck()
        assert a.state.away_since is None and a.next_due() is not None
        # Stepping away replaces it with a good one.
        assert a.step_away()
        a.flush()
    shared = read_shared_step_away(Store(toecoach_home / "data"))
    assert shared is not None and shared.stepped_away == clock[0] and shared.back is None


async def test_the_dashboard_follows_a_step_away_in_another_toecoach(
    toecoach_home: Path,
) -> None:
    """Within the app's 2 s data check, the dashboard says the person stepped away (and
    when); a key in the app ends it there and in the other toecoach."""
    from textual.widgets import Static

    app, clock = app_on_a_moved_clock(toecoach_home)
    start = clock[0]

    def sitting_text() -> str:
        return str(app.screen.query_one("#sitting", Static).render())

    async with app.run_test(size=(110, 36)) as pilot:
        app.start_reminder_service(idle_seconds=lambda: None, screen_locked=lambda: None,
                                   tz=ZoneInfo("UTC"), heartbeat_seconds=3600)  # fmt: skip
        mine = app.reminders
        assert mine is not None
        await wait_until(pilot, lambda: "Sitting for 0 min" in sitting_text())
        with services(toecoach_home, clock, names=("other",)) as running:
            other = running["other"]
            clock[0] = start + timedelta(minutes=12)
            other.step_away()
            other.flush()
            await wait_until(
                pilot, lambda: "Away from the desk since 10:12 (you stepped away)" in sitting_text()
            )
            assert mine.state.stepped_away == clock[0] and mine.next_due() is None
            # Back 7 minutes later, by a key here: a new bout here and there.
            clock[0] = start + timedelta(minutes=19)
            await pilot.press("x")
            await wait_until(pilot, lambda: "Sitting for 0 min" in sitting_text())
            mine.flush()
            other.recheck()
            assert other.state.away_since is None and other.state.bout_start == clock[0]
            # And the other way: stepping away here, back in the other toecoach.
            clock[0] = start + timedelta(minutes=25)
            await pilot.press("a")
            await wait_until(pilot, lambda: "since 10:25 (you stepped away)" in sitting_text())
            mine.flush()
            other.recheck()
            assert other.state.stepped_away == clock[0]
            clock[0] = start + timedelta(minutes=27)
            assert other.presence()
            other.flush()
            await wait_until(pilot, lambda: "Sitting for 8 min" in sitting_text())
        assert [r["minutes"] for r in away_records(toecoach_home)] == [7]


async def test_remind_watches_the_data_and_follows_within_its_watch_interval(
    toecoach_home: Path,
) -> None:
    """``toecoach remind`` has no app checking the files every 2 s: the service does."""
    import asyncio
    import time

    start = ten_today()
    clock = [start]
    with services(toecoach_home, clock, watch={"b": 0.1}) as running:
        a, watcher = running["a"], running["b"]
        clock[0] = start + timedelta(minutes=3)
        a.step_away()
        a.flush()
        deadline = time.monotonic() + 30
        while watcher.state.stepped_away is None:  # no recheck() here: the watch job's
            assert time.monotonic() < deadline, "the watcher never saw the step-away"
            await asyncio.sleep(0.05)
        assert watcher.next_due() is None


async def test_the_dashboard_names_the_step_away_key_as_remapped_in_60_columns(
    toecoach_home: Path,
) -> None:
    from textual.widgets import Static

    from toecoach.ui.app import ToecoachApp

    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY + '[keymap]\n"app.step_away" = "w"\n')
    clock = [ten_tomorrow()]
    app = ToecoachApp(load_settings(toecoach_home / "config.toml"), clock=lambda: clock[0],
                      start_reminders=False)  # fmt: skip

    def title() -> str:
        return str(app.screen.query_one("#sitting-title", Static).render())

    async with app.run_test(size=(60, 30)) as pilot:
        assert "step away" not in title()  # no reminders running: nothing to step away from
        app.start_reminder_service(idle_seconds=lambda: None, screen_locked=lambda: None,
                                   tz=ZoneInfo("UTC"), heartbeat_seconds=3600)  # fmt: skip
        await wait_until(pilot, lambda: "w: step away" in title())
        assert app.screen.query_one("#sitting-title", Static).size.height == 1
        await pilot.press("w")
        await wait_until(pilot, lambda: "step away" not in title())
        assert app.reminders is not None and app.reminders.state.stepped_away == clock[0]
