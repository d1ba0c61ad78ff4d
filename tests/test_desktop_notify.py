"""Desktop notifications with answers, on a real session D-Bus with a real notification
service: a ``dbus-daemon --session`` started here and python-dbusmock's notification daemon
on it. The reminder is sent with Walked and Snooze actions; Walked on the desktop logs a
walk and closes the dialog, in the app and in the headless ``toecoach remind``.

Skipped with the reason where dbus-daemon or python-dbusmock is missing (`.ci/run` installs
both: the apt packages dbus, libdbus-1-dev, libglib2.0-dev, pkg-config, then the test
extras).
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import interruptible, run_toecoach, toecoach_command, workers_settled
from tests.test_reminders import ALL_DAY, write_sitting_state
from toecoach.config import load_settings

TEMPLATE = Path(__file__).parent / "dbusmock_templates" / "notification_daemon_with_signals.py"
NOTIFICATIONS = "org.freedesktop.Notifications"
MOCK_IFACE = "org.freedesktop.DBus.Mock"


@pytest.fixture
def session_bus(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private ``dbus-daemon --session`` for this test; its address is in the environment."""
    daemon = shutil.which("dbus-daemon")
    if daemon is None:
        pytest.skip("dbus-daemon is not installed (apt-get install dbus)")
    folder = tempfile.mkdtemp(prefix="toecoach-dbus-")  # short: socket paths max ~100 bytes
    process = subprocess.Popen(
        [daemon, "--session", "--nofork", f"--address=unix:dir={folder}", "--print-address=1"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        assert address.startswith("unix:"), f"dbus-daemon printed no address: {address!r}"
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
        yield address
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)


class NotificationDaemon:
    """python-dbusmock's notification daemon (with actions) in its own process."""

    def __init__(self, spawned: Any) -> None:
        self.spawned = spawned
        self.mock = spawned.obj

    def notify_calls(self) -> list[list[Any]]:
        """The arguments of every Notify call so far, as plain Python values."""
        calls = self.mock.GetMethodCalls("Notify", dbus_interface=MOCK_IFACE)
        return [[_plain(arg) for arg in args] for _stamp, args in calls]

    def invoke_action(self, notification_id: int, action: str) -> None:
        """What a notification server does when the person clicks a button."""
        self.mock.EmitSignal(NOTIFICATIONS, "ActionInvoked", "us", [notification_id, action],
                             dbus_interface=MOCK_IFACE)  # fmt: skip


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, int | float):
        return value
    return str(value)


@pytest.fixture
def notification_daemon(session_bus: str) -> Iterator[NotificationDaemon]:
    dbusmock = pytest.importorskip(
        "dbusmock",
        reason="python-dbusmock is not installed (pip install -e '.[test]'; building its "
        "dbus-python needs libdbus-1-dev, libglib2.0-dev and pkg-config)",
    )
    from dbusmock.testcase import BusType

    spawned = dbusmock.SpawnedMock.spawn_with_template(
        str(TEMPLATE), {"capabilities": "body actions"}, bustype=BusType.SESSION
    )
    with spawned:
        yield NotificationDaemon(spawned)


def test_doctor_names_desktop_notifier_with_actions(
    notification_daemon: NotificationDaemon,
) -> None:
    result = run_toecoach("doctor", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["notification_backend"] == (
        "desktop-notifier (D-Bus), with Walked and Snooze actions"
    )
    assert notification_daemon.notify_calls() == []  # asked, not notified


def _actions(call: list[Any]) -> list[tuple[str, str]]:
    """Notify(app_name, replaces_id, icon, summary, body, actions, hints, timeout): actions
    is a flat list of (key, label) pairs."""
    flat = call[5]
    return list(zip(flat[0::2], flat[1::2], strict=True))


async def _until(pilot: Any, condition: Callable[[], object], timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await pilot.pause(0.1)


def _breaks(home: Path) -> list[dict[str, Any]]:
    """Break records on disk. Polled without the data lock while the app writes, so a file
    that is being created (still empty) counts as no records yet."""
    rows: list[dict[str, Any]] = []
    for path in (home / "data").glob("log-*.json"):
        try:
            rows += json.loads(path.read_text() or "{}").get("breaks", {}).values()
        except json.JSONDecodeError:
            continue
    return rows


def _walks(home: Path) -> list[dict[str, Any]]:
    return [r for r in _breaks(home) if r["kind"] == "walk"]


async def test_walked_on_the_desktop_logs_a_walk_and_closes_the_dialog(
    notification_daemon: NotificationDaemon, configured_home: Path
) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.reminder import ReminderModal

    (configured_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 36)) as pilot:
        await _until(pilot, lambda: app.reminders is not None)
        app.show_reminder(35)
        await _until(pilot, notification_daemon.notify_calls)
        [call] = notification_daemon.notify_calls()
        assert call[0] == "toecoach" and call[3] == "Time for a short walk"
        assert "35 minutes" in call[4]
        actions = _actions(call)
        assert ("walked", "Walked") in actions and ("snooze10", "Snooze 10 min") in actions
        await _until(pilot, lambda: app.notifier.last_used == "desktop-notifier (D-Bus)")
        assert isinstance(app.screen, ReminderModal)

        notification_daemon.invoke_action(1, "walked")  # the template numbers from 1

        await _until(pilot, lambda: not isinstance(app.screen, ReminderModal))
        await _until(pilot, lambda: len(_walks(configured_home)) == 1)
        await workers_settled(app)
    [walk] = _walks(configured_home)
    assert walk["source"] == "reminder" and walk["minutes"] == 5
    assert app.reminders is not None and not app.reminders.reminder_open


async def test_snooze_on_the_desktop_snoozes_and_an_answer_here_withdraws_it(
    notification_daemon: NotificationDaemon, configured_home: Path
) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.reminder import ReminderModal

    (configured_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 36)) as pilot:
        await _until(pilot, lambda: app.reminders is not None)
        app.show_reminder(31)
        await _until(pilot, lambda: app.notifier.native.current is not None)
        notification_daemon.invoke_action(1, "snooze10")
        await _until(pilot, lambda: not isinstance(app.screen, ReminderModal))
        await workers_settled(app)
        assert [r["minutes"] for r in _breaks(configured_home) if r["kind"] == "snooze"]

        # Answered in the app: the notification on the desktop goes away.
        app.show_reminder(41)
        await _until(pilot, lambda: app.notifier.native.current is not None)
        await pilot.press("k")
        await workers_settled(app)
        closes = notification_daemon.mock.GetMethodCalls(
            "CloseNotification", dbus_interface=MOCK_IFACE
        )
        assert [int(args[0]) for _stamp, args in closes] == [2]
    assert _walks(configured_home) == []


class EventReader:
    """``remind --print``'s lines, read in a thread: a test waiting for an event that never
    comes fails at its deadline instead of blocking in readline()."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.put(line)

    def wait_for(self, kind: str, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line.strip() and (event := json.loads(line))["event"] == kind:
                return dict(event)
        raise AssertionError(f"no {kind!r} event in {timeout} s")


def test_walked_on_the_desktop_logs_a_walk_from_the_headless_remind(
    notification_daemon: NotificationDaemon, toecoach_home: Path, midday: str
) -> None:
    """No 30-minute wait: the stored tracker state says the person has sat for 31 minutes."""
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(ALL_DAY)
    write_sitting_state(toecoach_home, datetime.now(UTC), timedelta(minutes=31))
    env = {**os.environ, "TOECOACH_HOME": str(toecoach_home)}
    process = subprocess.Popen(interruptible([*toecoach_command(), "remind", "--print", "--check-every", "1"]),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    events = EventReader(process)
    try:
        assert events.wait_for("reminder", 30)["sitting_minutes"] >= 30
        deadline = time.monotonic() + 30
        while not notification_daemon.notify_calls():
            assert time.monotonic() < deadline, "no notification reached the daemon"
            time.sleep(0.1)
        [call] = notification_daemon.notify_calls()
        assert ("walked", "Walked") in _actions(call)
        time.sleep(0.5)  # the reply to Notify reaches remind before the person can click

        notification_daemon.invoke_action(1, "walked")

        walk = events.wait_for("walk", 30)
        assert walk["minutes"] == 5
        deadline = time.monotonic() + 30
        while not _walks(toecoach_home):
            assert time.monotonic() < deadline, "the walk was not stored"
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=15)
        finally:
            process.kill()
    assert code == 0
    [stored] = _walks(toecoach_home)
    assert stored["source"] == "reminder"


async def test_one_desktop_notification_for_two_toecoachs_and_walked_closes_both(
    notification_daemon: NotificationDaemon, configured_home: Path, midday: str
) -> None:
    """`toecoach remind` (started at login) and the app on one home: both show the
    reminder, one notification reaches the desktop, and Walked there logs one walk and
    closes the app's dialog too."""
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.reminder import ReminderModal

    (configured_home / "config.toml").write_text(ALL_DAY)
    write_sitting_state(configured_home, datetime.now(UTC), timedelta(minutes=31))
    env = {**os.environ, "TOECOACH_HOME": str(configured_home)}
    process = subprocess.Popen(interruptible([*toecoach_command(), "remind", "--print", "--check-every", "1"]),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip
    events = EventReader(process)
    try:
        events.wait_for("reminder", 30)
        app = ToecoachApp(load_settings(configured_home / "config.toml"))
        async with app.run_test(size=(110, 36)) as pilot:
            await _until(pilot, notification_daemon.notify_calls)
            await _until(pilot, lambda: isinstance(app.screen, ReminderModal))  # the same one
            await workers_settled(app)
            assert len(notification_daemon.notify_calls()) == 1

            notification_daemon.invoke_action(1, "walked")

            assert events.wait_for("walk", 30)["minutes"] == 5
            await _until(pilot, lambda: not isinstance(app.screen, ReminderModal))
            await workers_settled(app)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        finally:
            process.kill()
    assert len(_walks(configured_home)) == 1
    assert len(notification_daemon.notify_calls()) == 1
