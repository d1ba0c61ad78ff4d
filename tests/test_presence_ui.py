"""Step away, in the app: the dashboard says since when and how to come back; the next key
ends it; an absence of ``away_minutes`` or more restarts the sitting bout (a stored ``away``
break), a shorter one does not. Time is the app's injected clock, moved by the test."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import wait_until
from tests.test_reminders import ALL_DAY, break_records
from tests.test_shared_presence import app_on_a_moved_clock, ten_tomorrow
from toecoach.config import load_settings


def sitting_text(app: object) -> str:
    from textual.widgets import Static

    return str(app.screen.query_one("#sitting", Static).render())  # type: ignore[attr-defined]


async def test_step_away_then_any_key_is_back_and_a_long_one_restarts_the_bout(
    toecoach_home: Path,
) -> None:
    from toecoach.ui.app import ToecoachApp

    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)  # away_minutes is 5 by default
    start = ten_tomorrow()
    clock = [start]

    def now() -> datetime:
        return clock[0]

    app = ToecoachApp(load_settings(toecoach_home / "config.toml"), clock=now,
                      start_reminders=False)  # fmt: skip
    async with app.run_test(size=(110, 36)) as pilot:
        app.start_reminder_service(idle_seconds=lambda: None, screen_locked=lambda: None,
                                   tz=ZoneInfo("UTC"), heartbeat_seconds=3600)  # fmt: skip
        service = app.reminders
        assert service is not None
        await pilot.pause()
        assert service.state.bout_start == start

        # Sat for 12 minutes, then "a": away since 10:12, no reminder while away.
        clock[0] = start + timedelta(minutes=12)
        await pilot.press("a")
        await wait_until(pilot, lambda: "Away from the desk since 10:12" in sitting_text(app))
        assert "Press any key when you are back" in sitting_text(app)
        assert service.state.stepped_away == clock[0]
        assert service.next_due() is None

        # Back after 2 minutes (any key): shorter than away_minutes, the bout goes on.
        clock[0] = start + timedelta(minutes=14)
        await pilot.press("x")
        await wait_until(pilot, lambda: "Sitting for 14 min" in sitting_text(app))
        assert service.state.away_since is None and service.state.bout_start == start

        # Away again at 10:14 for 6 minutes; "a" again is "I'm back" (not a new step-away).
        await pilot.press("a")
        await wait_until(pilot, lambda: "since 10:14" in sitting_text(app))
        clock[0] = start + timedelta(minutes=20)
        await pilot.press("a")
        await wait_until(pilot, lambda: "Sitting for 0 min" in sitting_text(app))
        assert service.state.away_since is None and service.state.stepped_away is None
        assert service.state.bout_start == clock[0]  # a new bout
        service.flush()
        away = [r for r in break_records(toecoach_home) if r["kind"] == "away"]
        assert len(away) == 1 and away[0]["minutes"] == 6


async def test_step_away_is_in_the_palette(toecoach_home: Path) -> None:
    from toecoach.ui.actions import palette_actions

    titles = [action.palette for action in palette_actions("home")]
    assert "Step away (or I'm back)" in titles


async def test_the_service_reads_the_lock_off_the_loop_and_a_lock_is_away(
    toecoach_home: Path,
) -> None:
    import threading

    from toecoach.config import parse_settings
    from toecoach.services.reminders import ReminderService
    from toecoach.storage.store import Store

    clock = [ten_tomorrow()]
    locked: list[bool | None] = [None]
    threads: list[int] = []

    def screen_locked() -> bool | None:
        threads.append(threading.get_ident())
        return locked[0]

    service = ReminderService(
        Store(toecoach_home / "data"), parse_settings(ALL_DAY, Path("config.toml")),
        clock=lambda: clock[0], idle_seconds=lambda: None, screen_locked=screen_locked,
        heartbeat_seconds=3600, tz=ZoneInfo("UTC"),
    )  # fmt: skip
    service.start()
    try:
        loop_thread = threading.get_ident()
        await service._heartbeat()
        assert threads and loop_thread not in threads  # subprocesses never on the loop
        assert service.state.away_since is None  # unknown: present
        locked[0] = True
        clock[0] += timedelta(minutes=1)
        await service._heartbeat()
        assert service.state.away_since == clock[0] and service.next_due() is None
        locked[0] = False
        clock[0] += timedelta(minutes=7)
        await service._heartbeat()
        assert service.state.away_since is None and service.state.bout_start == clock[0]
    finally:
        service.shutdown()
    away = [r for r in break_records(toecoach_home) if r["kind"] == "away"]
    assert [r["minutes"] for r in away] == [7]


async def test_the_key_that_ends_a_step_away_does_not_answer_the_reminder_it_brings(
    toecoach_home: Path,
) -> None:
    """Back from a step-away shorter than away_minutes with the bout past the interval: the
    reminder is due on return, and the key pressed to come back ("w") reached the dialog as
    it opened and answered it, storing a walk never taken (found in a review, in tmux). A
    key that ended an absence answers nothing in a dialog opened at that moment; a key
    pressed once it has been seen does."""
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.reminder import UNSEEN_SECONDS, ReminderModal

    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(toecoach_home / "config.toml"), start_reminders=False)
    answers: list[str | None] = []
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        app.back_by_key_at = time.monotonic()  # as on_event sets it for the key that came back
        app.push_screen(ReminderModal(31, 5, (5, 10)), answers.append)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReminderModal) and answers == []
        await pilot.pause(UNSEEN_SECONDS)
        await pilot.press("w")  # read, then answered
        await wait_until(pilot, lambda: answers == ["walked"])
    # Without a key that came back, the first key answers at once, as before.
    app = ToecoachApp(load_settings(toecoach_home / "config.toml"), start_reminders=False)
    answers.clear()
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        app.push_screen(ReminderModal(31, 5, (5, 10)), answers.append)
        await pilot.pause()
        await pilot.press("w")
        await wait_until(pilot, lambda: answers == ["walked"])


async def test_a_snooze_offered_when_the_dialog_opened_is_checked_when_pressed(
    toecoach_home: Path,
) -> None:
    """The dialog offered 'snooze 5' at 49 minutes; pressed minutes later, past what the
    hour allows, it was refused without a word and the bout ran on. The options are worked
    out at the press: refused, the dialog says why and stays."""
    from toecoach.ui.screens.reminder import ReminderModal

    app, clock = app_on_a_moved_clock(toecoach_home)
    start = clock[0]
    answers: list[str | None] = []
    async with app.run_test(size=(110, 36)) as pilot:
        app.start_reminder_service(idle_seconds=lambda: None, screen_locked=lambda: None,
                                   tz=ZoneInfo("UTC"), heartbeat_seconds=3600)  # fmt: skip
        await pilot.pause()
        service = app.reminders
        assert service is not None
        app.push_screen(ReminderModal(49, 5, (5, 10)), answers.append)
        await pilot.pause()
        clock[0] = start + timedelta(minutes=58)
        assert service.snooze_options() == ()
        await pilot.press("5")
        await pilot.pause()
        assert isinstance(app.screen, ReminderModal) and answers == []
        assert "no more snoozing" in str(app.screen.query_one("#reminder-error").render())
