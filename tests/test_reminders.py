"""Reminders for real: the APScheduler service on an event loop, the headless command, and
the modal's answers stored."""

from __future__ import annotations

import asyncio
import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import (
    interruptible,
    run_toecoach,
    toecoach_command,
    wait_until,
    workers_settled,
)
from toecoach.config import load_settings, parse_settings
from toecoach.domain.triage import QUESTIONS
from toecoach.services.reminders import ReminderService
from toecoach.storage.store import Store

ALL_DAY = '[breaks]\nwork_days = ["mon","tue","wed","thu","fri","sat","sun"]\nwork_hours = "00:00-24:00"\n'


def break_records(home: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in (home / "data").glob("log-*.json"):
        rows += json.loads(path.read_text()).get("breaks", {}).values()
    return rows


async def _beats(service: ReminderService, count: int, timeout: float = 30.0) -> None:
    """Wait until the service's heartbeat has run ``count`` more times (not a fixed sleep)."""
    target = service.beats + count  # type: ignore[attr-defined]
    deadline = time.monotonic() + timeout
    while service.beats < target:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline, f"the heartbeat did not run {count} times"
        await asyncio.sleep(0.05)


async def test_a_wall_clock_jump_past_two_due_times_gives_exactly_one_reminder(
    toecoach_home: Path,
) -> None:
    settings = parse_settings(ALL_DAY, Path("config.toml"))
    store = Store(toecoach_home / "data")
    shown: list[int] = []
    start = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=True) as traveller:
        service = ReminderService(
            store, settings, idle_seconds=lambda: 1.0, on_reminder=shown.append,
            heartbeat_seconds=0.2, tz=ZoneInfo("UTC"),
        )  # fmt: skip
        # Count heartbeats: waits below are for "the scheduler ran N times", not seconds.
        beat = service._beat
        service.beats = 0  # type: ignore[attr-defined]

        def counted() -> None:
            beat()
            service.beats += 1  # type: ignore[attr-defined]

        service._beat = counted  # type: ignore[method-assign]
        service.start()
        try:
            await _beats(service, 3)
            assert shown == []
            traveller.shift(timedelta(minutes=65))  # past 10:30 and 11:00
            deadline = time.monotonic() + 30
            while not shown:
                assert time.monotonic() < deadline, "no reminder after the jump"
                await asyncio.sleep(0.05)
            assert len(shown) == 1, shown
            assert shown[0] >= 60
            await _beats(service, 3)
            assert len(shown) == 1  # and no burst afterwards
        finally:
            service.shutdown()
    kinds = [r["kind"] for r in break_records(toecoach_home)]
    assert kinds.count("reminder") == 1 and "gap" in kinds


def write_sitting_state(home: Path, now: datetime, sitting_for: timedelta) -> None:
    """Stored tracker state: the person has sat for ``sitting_for`` and was seen just now."""
    store = Store(home / "data")
    with store.writing("main") as db:
        store.table(db, "sitting").insert({"state": {
            "bout_start": (now - sitting_for).isoformat(),
            "last_seen": (now - timedelta(seconds=10)).isoformat(),
        }})  # fmt: skip


class EventReader:
    """Lines of a process's stdout, read by a thread, so a wait can really time out
    (``readline`` on the pipe itself blocks until the process writes or exits). Its stderr
    is collected too, for the failure message."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None and process.stderr is not None
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        self._threads = [
            threading.Thread(target=self._pump, args=(process.stdout,), daemon=True),
            threading.Thread(target=self._errors.extend, args=(process.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    def _pump(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self._lines.put(line)
        self._lines.put(None)  # end of output: the process closed stdout or exited

    def join(self, timeout: float) -> None:
        for thread in self._threads:
            thread.join(timeout)

    def _stderr(self) -> str:
        return "".join(self._errors[-20:])

    def next_line(self, timeout: float) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line in {timeout} s; stderr:\n{self._stderr()}") from None
        if line is None:
            raise AssertionError(f"the process ended; stderr:\n{self._stderr()}")
        return line

    def next_event(self, timeout: float) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                raise AssertionError(
                    f"the process ended with no event line; stderr:\n{self._stderr()}"
                )
            if line.strip():
                return json.loads(line)
        raise AssertionError(f"no event line in {timeout} s; stderr:\n{self._stderr()}")


@contextmanager
def remind_process(
    command: list[str], env: dict[str, str]
) -> Iterator[tuple[subprocess.Popen[str], EventReader]]:
    """Run ``command`` in a process group of its own and read its output lines; on the way
    out always stop it (Ctrl-C, then SIGKILL) with everything it started: ``faketime`` runs
    toecoach as a child that a signal to faketime alone would leave running."""
    process = subprocess.Popen(interruptible(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, start_new_session=True)  # fmt: skip
    events = EventReader(process)
    try:
        yield process, events
    finally:
        _signal_group(process, signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        _signal_group(process, signal.SIGKILL)  # whatever is left of the group
        process.wait()
        events.join(timeout=10)  # the pipes are at their end now that the whole group is gone
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _signal_group(process: subprocess.Popen[str], signum: int) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def test_installed_remind_prints_a_due_reminder_and_notices_a_walk_from_another_process(
    toecoach_home: Path, midday: str
) -> None:
    """No 30-minute wait: the stored tracker state says the user has sat for 31 minutes."""
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)
    write_sitting_state(toecoach_home, datetime.now(UTC), timedelta(minutes=31))
    env = {**os.environ, "TOECOACH_HOME": str(toecoach_home)}
    command = [*toecoach_command(), "remind", "--print", "--check-every", "1"]
    with remind_process(command, env) as (process, events):
        first = events.next_event(60)
        assert first["event"] == "reminder"
        assert isinstance(first["sitting_minutes"], int) and first["sitting_minutes"] >= 30
        assert "at" in first
        logged = subprocess.run([*toecoach_command(), "log", "walk", "--minutes", "4"], env=env,
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert logged.returncode == 0, logged.stderr
        walk = events.next_event(60)
        assert walk["event"] == "walk" and walk["minutes"] == 4
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    assert code == 0  # Ctrl-C is the normal way to stop it
    kinds = [r["kind"] for r in break_records(toecoach_home)]
    assert kinds.count("reminder") == 1 and kinds.count("walk") == 1


def test_remind_says_why_an_urgent_triage_paused_reminders(toecoach_home: Path) -> None:
    """As the dashboard says it: the reminders are held by the latest triage, not merely
    'outside work hours or paused'."""
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)
    answers = dict.fromkeys((q.id for q in QUESTIONS if q.required), False)
    answers["calf_swelling_one_side"] = True  # urgent
    stored = run_toecoach("triage", "--answers", "-", input=json.dumps(answers))
    assert stored.returncode == 0, stored.stderr
    env = {**os.environ, "TOECOACH_HOME": str(toecoach_home)}
    with remind_process([*toecoach_command(), "remind"], env) as (_process, lines):
        said = lines.next_line(60) + lines.next_line(60)
    assert "toecoach reminders running (none due" in said
    assert "paused: your latest triage says to get medical help" in said


@pytest.fixture
def all_day_home(toecoach_home: Path) -> Path:
    toecoach_home.mkdir(parents=True, exist_ok=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)
    return toecoach_home


async def test_each_reminder_answer_is_stored(all_day_home: Path) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.player import PlayerScreen
    from toecoach.ui.screens.reminder import ReminderModal

    app = ToecoachApp(load_settings(all_day_home / "config.toml"))
    async with app.run_test(size=(100, 36)) as pilot:
        # The service starts just after the first frame.
        await wait_until(pilot, lambda: app.reminders is not None)
        for key, kind in (("z", "snooze"), ("k", "skip"), ("w", "walk"), ("s", "seated")):
            app.show_reminder(31)
            await pilot.pause()
            assert isinstance(app.screen, ReminderModal)
            await pilot.press(key)
            await pilot.pause()
            await workers_settled(app)
            app.reminders.flush()  # reminder events are written off the event loop
            kinds = [r["kind"] for r in break_records(all_day_home)]
            assert kind in kinds, (key, kinds)
        assert isinstance(app.screen, PlayerScreen)  # the seated routine started
        assert app.screen.routine.id == "desk-break-2min"
    walks = [r for r in break_records(all_day_home) if r["kind"] == "walk"]
    assert walks[0]["source"] == "reminder" and walks[0]["minutes"] == 5
    snooze = next(r for r in break_records(all_day_home) if r["kind"] == "snooze")
    assert snooze["minutes"] == 10


async def test_snooze_is_refused_near_the_hour(all_day_home: Path) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.reminder import ReminderModal

    app = ToecoachApp(load_settings(all_day_home / "config.toml"))
    async with app.run_test(size=(100, 36)) as pilot:
        modal = ReminderModal(58, 5, ())
        app.push_screen(modal)
        await pilot.pause()
        # The keys line offers no snooze the hour does not allow.
        lines = [str(w.render()) for w in modal.query("Static")]
        assert any("walked" in line for line in lines)
        assert not any("snooze" in line for line in lines)
        await pilot.press("z")
        assert app.screen is modal
        assert "no more snoozing" in str(modal.query_one("#reminder-error").render())


@pytest.mark.skipif(
    __import__("shutil").which("faketime") is None, reason="faketime is not installed"
)
def test_remind_under_faketime_with_default_work_hours(toecoach_home: Path) -> None:
    """Monday 10:00 by libfaketime, default settings, stored state: sat since 09:29."""
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text("")
    write_sitting_state(
        toecoach_home, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), timedelta(minutes=31)
    )
    env = {**os.environ, "TOECOACH_HOME": str(toecoach_home), "TZ": "UTC"}
    command = ["faketime", "2026-11-23 10:00:00", *toecoach_command(), "remind", "--print"]
    with remind_process(command, env) as (_, events):
        line = events.next_event(60)
    assert line["event"] == "reminder" and line["sitting_minutes"] == 31
    assert str(line["at"]).startswith("2026-11-23T10:00")


def test_no_color_is_honoured(configured_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from toecoach.ui.app import ToecoachApp

    monkeypatch.setenv("NO_COLOR", "1")
    assert ToecoachApp(load_settings(configured_home / "config.toml")).no_color is True


def test_without_a_system_idle_source_keys_never_make_the_person_away(
    toecoach_home: Path,
) -> None:
    """Interfaces v2, presence: unknown idle means present; keys only add presence."""
    settings = parse_settings(ALL_DAY, Path("config.toml"))
    store = Store(toecoach_home / "data")
    mono = [1000.0]
    service = ReminderService(store, settings, idle_seconds=lambda: None,
                              monotonic=lambda: mono[0], tz=ZoneInfo("UTC"))  # fmt: skip
    service.presence()  # a key in the app, then an hour in other windows
    mono[0] += 3600
    assert service._idle() is None  # present, not "idle for an hour"
    # With a system source, a recent key lowers the idle time and never raises it.
    service._idle_reading = (600.0, mono[0])
    service.presence()
    assert service._idle() == 0.0
    mono[0] += 30
    assert service._idle() == 30.0
    service.last_presence = mono[0] - 5000
    assert service._idle() == 630.0


async def test_two_processes_on_one_home_count_one_reminder_and_close_together(
    toecoach_home: Path, midday: str
) -> None:
    """Interfaces v2: one reminder per due time per home; answered anywhere, closed everywhere."""
    settings = parse_settings(ALL_DAY, Path("config.toml"))
    now = datetime.now(UTC)
    write_sitting_state(toecoach_home, now, timedelta(minutes=31))
    answered: dict[str, list[str]] = {"a": [], "b": []}
    shown: dict[str, list[int]] = {"a": [], "b": []}
    services = {}
    for name in ("a", "b"):
        service = ReminderService(
            Store(toecoach_home / "data"), settings, idle_seconds=lambda: 1.0,
            on_reminder=shown[name].append, on_answered_elsewhere=answered[name].append,
            heartbeat_seconds=3600, tz=ZoneInfo(midday), background_writes=True,
        )  # fmt: skip
        service._me = f"test:{name}"  # two processes, as far as the claims can tell
        services[name] = service
    try:
        for service in services.values():  # both running, as two open TUIs are
            service.start()
        await asyncio.sleep(0.3)
        for service in services.values():
            await service._fire()
            service.flush()
        assert shown["a"] and shown["b"], shown  # both show it
        reminders = [r for r in break_records(toecoach_home) if r["kind"] == "reminder"]
        assert len(reminders) == 1  # counted once
        services["a"].skip()  # answered in one
        services["a"].flush()
        services["b"].recheck()
        assert answered["b"] == ["skip"] and not services["b"].reminder_open
        assert answered["a"] == []
    finally:
        for service in services.values():
            service.shutdown()
