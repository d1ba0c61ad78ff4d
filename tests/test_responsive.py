"""Nothing blocks the screen: with real parts (another process holding the real data lock,
a slow ``notify-send`` on PATH) keys keep working while they are in effect.

No wall-clock assertion: the slow parts wait for the test to release them, and each test
checks that the app answered the keys *while* the slow part was still in effect (the lock
holder still holding, the notifier still running), which would be impossible if the event loop
had waited for it. The lock holder also gives up by itself after a minute, so a broken app
fails the test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import wait_until, workers_settled
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.help import HelpScreen
from toecoach.ui.screens.home import HomeScreen

ALL_DAY = (
    '[breaks]\nwork_days = ["mon","tue","wed","thu","fri","sat","sun"]\n'
    'work_hours = "00:00-24:00"\n'
)


def _hold_lock(home: Path, release: Path) -> subprocess.Popen[str]:
    """Another process holds the real lock until ``release`` exists (or a minute passes)."""
    (home / "data").mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import os,sys,time; from filelock import FileLock; l=FileLock(sys.argv[1]); l.acquire();"
         "print('held', flush=True); end=time.monotonic()+60\n"
         "while not os.path.exists(sys.argv[2]) and time.monotonic() < end: time.sleep(0.05)",
         str(home / "data" / ".toecoach.lock"), str(release)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def _water_rows(home: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for path in (home / "data").glob("log-*.json"):
        rows += json.loads(path.read_text()).get("intake", {}).values()
    return rows


async def _wait(pilot: Any, condition: Any, timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await pilot.pause(0.1)


async def test_keys_work_while_another_process_holds_the_lock(
    configured_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOECOACH_LOCK_TIMEOUT", "120")
    release = tmp_path / "release"
    (configured_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 36)) as pilot:
        await _wait(pilot, lambda: app.reminders is not None)
        holder = _hold_lock(configured_home, release)
        try:
            # A write that must wait (a glass), a reminder write (pause), a routine list, a
            # triage history read: none of them may hold up the keys after them.
            await pilot.press("g")
            await pilot.press("p")
            await pilot.press("t")
            await pilot.press("escape")
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)
            assert holder.poll() is None, "the keys were only answered after the lock was free"
            # The screen redraws too: the sitting line shows the pause at once.
            assert "paused until" in str(app.screen.query_one("#sitting").render())
        finally:
            release.touch()
            holder.wait(timeout=90)
        # Once the lock is free, the glass reaches the disk: nothing was lost.
        await _wait(pilot, lambda: len(_water_rows(configured_home)) == 1)


async def test_keys_work_while_a_slow_notifier_runs(
    configured_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    started, finished = tmp_path / "started", tmp_path / "finished"
    script = bin_dir / "notify-send"
    release = tmp_path / "release"
    # A notifier that takes as long as the test wants (at least the 3 s of a slow one).
    script.write_text(
        f"#!/bin/sh\ntouch {started}\nsleep 3\n"
        f"while [ ! -f {release} ]; do sleep 0.05; done\ntouch {finished}\n"
    )
    script.chmod(0o755)
    import toecoach.services.notify as notify

    monkeypatch.setattr(notify, "TIMEOUT_SECONDS", 120.0)
    monkeypatch.setenv("PATH", f"{bin_dir}:{__import__('os').environ['PATH']}")
    (configured_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 36)) as pilot:
        await _wait(pilot, lambda: app.reminders is not None)
        app.show_reminder(35)
        await _wait(pilot, started.exists, timeout=60)
        await pilot.press("k")  # skip the reminder
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert not finished.exists(), "the keys waited for the notifier"
        release.touch()
        await pilot.press("escape")
        # The notifier finishes (or is cut off at its own 3 s timeout) in its worker.
        await workers_settled(app)


async def test_keys_work_while_the_reminders_get_ready(
    configured_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Starting the reminders imports APScheduler and the sitting tracker (about 0.1 s): on a
    thread, so a key pressed just after the dashboard shows is not held up. The real
    preparation runs, and then waits until the test has used the keys."""
    import threading

    from toecoach.services.coach import Coach

    release = threading.Event()
    prepared_on: list[int] = []
    prepare = Coach.prepare_reminder_service

    def held_prepare() -> None:
        prepare()
        prepared_on.append(threading.get_ident())
        release.wait(30)  # a broken app (this on the loop) fails below instead of hanging

    monkeypatch.setattr(Coach, "prepare_reminder_service", staticmethod(held_prepare))
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 36)) as pilot:
        try:
            await _wait(pilot, lambda: bool(prepared_on))
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, HomeScreen)
            assert not release.is_set() and app.reminders is None  # still getting ready
            assert prepared_on == [prepared_on[0]] and prepared_on[0] != threading.get_ident()
        finally:
            release.set()
        await _wait(pilot, lambda: app.reminders is not None)  # then they start


async def test_quitting_as_the_reminders_start_leaves_nothing_unawaited(
    configured_home: Path, recwarn: pytest.WarningsRecorder
) -> None:
    # The reminders' start was handed to its worker as a coroutine made at once: an app
    # quitting before the worker ran left it never awaited (a RuntimeWarning at exit).
    import gc

    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test():
        app._start_reminders_soon()
        app.exit()
    gc.collect()
    assert not [w for w in recwarn.list if "never awaited" in str(w.message)]


async def test_start_up_work_waits_for_what_the_person_asked_for(
    configured_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A key pressed just after launch is answered before the reminders' start-up work (its
    imports take the interpreter lock from the read): the reminders start once the person's
    read has ended, or after ``BACKGROUND_WAIT_LIMIT`` if it never does."""
    import threading

    import toecoach.ui.app as app_module

    release = threading.Event()
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.call_service(lambda: release.wait(30))  # a read the person waits for
        # Well past the reminders' start delay, and two of the checks that follow it.
        await pilot.pause(app_module.REMINDERS_START_DELAY + 3 * app_module.QUIET_AFTER_ASKED)
        assert app.reminders is None
        release.set()
        await wait_until(pilot, lambda: app.reminders is not None)

    monkeypatch.setattr(app_module, "BACKGROUND_WAIT_LIMIT", 0.5)
    release.clear()
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 30)) as pilot:
        app.call_service(lambda: release.wait(30))  # never ends while the test looks
        await wait_until(pilot, lambda: app.reminders is not None)
        release.set()


async def test_finished_facade_calls_are_not_kept(configured_home: Path) -> None:
    """What start-up work waits for holds the calls in flight only: a finished one (and the
    screen its answer was for) is let go."""
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 30)):
        for _ in range(20):
            app.call_service(lambda: None)
        await workers_settled(app)
        app.call_service(lambda: None)
        assert len(app._asked._workers) <= 1
        await workers_settled(app)
        assert app._asked.quiet_for(0.0)
