"""Notification backends without a notification service: the order they are tried in, the
actions a reminder offers, quiet failure, and that plain commands never load
desktop-notifier. (On a real D-Bus: tests/test_desktop_notify.py.)"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from tests.conftest import modules_after_commands
from toecoach.services import notify
from toecoach.services.notify import Action, NativeDesktop, Notifier, reminder_actions


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeNative(NativeDesktop):
    """Stands in for desktop-notifier: shows (or not) and remembers what it was given."""

    def __init__(self, works: bool) -> None:
        super().__init__()
        self.works = works
        self.sent: list[tuple[str, str, tuple[Action, ...]]] = []
        self.on_action: Callable[[str], object] | None = None

    async def send(self, title: str, body: str, actions: Sequence[Action] = (),
                   on_action: Callable[[str], object] | None = None) -> str | None:  # fmt: skip
        self.sent.append((title, body, tuple(actions)))
        self.on_action = on_action
        return self.label if self.works else None


def test_a_reminder_offers_walked_and_the_longest_snooze_that_fits() -> None:
    assert reminder_actions((5, 10)) == (Action("walked", "Walked"),
                                         Action("snooze10", "Snooze 10 min"))  # fmt: skip
    assert reminder_actions((5,)) == (Action("walked", "Walked"), Action("snooze5", "Snooze 5 min"))
    # Close to an hour of sitting: no snoozing, as in the dialog.
    assert reminder_actions(()) == (Action("walked", "Walked"),)


def test_desktop_notifier_comes_first_with_the_actions() -> None:
    native = FakeNative(works=True)
    tools: list[str] = []
    notifier = Notifier(["desktop", "terminal"], stream=FakeTTY(), native=native,
                        desktop=lambda t, b, r: tools.append(t) or "notify-send")  # fmt: skip
    answers: list[str] = []
    used = asyncio.run(notifier.send("Walk", "35 min", reminder_actions((5, 10)), answers.append))
    assert used == native.label == notifier.last_used
    assert native.sent == [("Walk", "35 min", reminder_actions((5, 10)))]
    assert tools == []  # nothing else was tried
    assert native.on_action is not None
    native.on_action("walked")
    assert answers == ["walked"]


def test_each_backend_fails_quietly_to_the_next() -> None:
    tty = FakeTTY()
    native = FakeNative(works=False)
    notifier = Notifier(["desktop", "terminal"], stream=tty, native=native,
                        desktop=lambda t, b, r: "notify-send")  # fmt: skip
    assert asyncio.run(notifier.send("t", "b")) == "notify-send"
    notifier = Notifier(["desktop", "terminal"], stream=tty, native=native,
                        desktop=lambda t, b, r: None)  # fmt: skip
    assert asyncio.run(notifier.send("Time for a walk", "b")) == "terminal"
    assert "Time for a walk" in tty.getvalue()
    # Only the terminal configured: desktop-notifier is never asked.
    quiet = FakeNative(works=True)
    assert (
        asyncio.run(Notifier(["terminal"], stream=io.StringIO(), native=quiet).send("t", "b"))
        is None
    )
    assert quiet.sent == []


def test_without_a_session_bus_desktop_notifier_fails_quietly(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """The real library, no D-Bus to reach: None at once, nothing printed (no traceback
    over the TUI)."""
    pytest.importorskip("desktop_notifier")
    for name in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    native = NativeDesktop()
    assert asyncio.run(native.send("t", "b", reminder_actions((10,)), print)) is None
    assert native.current is None
    assert asyncio.run(native.probe()) is None and native.unavailable
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_hanging_notification_service_is_cut_off(monkeypatch: pytest.MonkeyPatch) -> None:
    class Hanging:
        async def get_capabilities(self) -> frozenset[object]:
            await asyncio.sleep(60)
            return frozenset()

    pytest.importorskip("desktop_notifier")
    native = NativeDesktop(timeout=0.2)
    native._notifier = Hanging()
    monkeypatch.setattr(native, "_load", lambda: native._notifier)
    assert asyncio.run(native.send("t", "b")) is None


def test_macos_fallback_quotes_applescript(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Sequence[str]] = []

    def runner(argv: Sequence[str], timeout: float) -> str | None:
        seen.append(argv)
        return ""

    monkeypatch.setattr(notify.sys, "platform", "darwin")
    monkeypatch.setattr(notify.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert notify.desktop_notify('Walk "now"', "back\\slash\x07", runner) == "osascript"
    assert seen == [("osascript", "-e",
                     'display notification "back\\\\slash" with title "Walk \\"now\\""')]  # fmt: skip


def test_plain_commands_never_load_desktop_notifier() -> None:
    commands = [["log", "water", "250"], ["today", "--json"], ["undo"], ["foods"],
                ["autostart", "status"]]  # fmt: skip
    families = ("desktop_notifier", "dbus_fast", "textual")
    assert modules_after_commands(commands, families) == []


def test_doctor_says_which_backend_is_in_use_without_a_desktop(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY")}
    env["PATH"] = str(tmp_path)  # no notify-send, gdbus or osascript either
    result = subprocess.run([sys.executable, "-m", "toecoach", "doctor", "--json"], env=env,
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["notification_backend"].startswith("terminal escape codes")
    assert "desktop-notifier: no notification service answered" in report["notifications"]
