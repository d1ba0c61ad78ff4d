"""Idle detection and notifications against faked system answers, hangs and errors."""

from __future__ import annotations

import io
import os
import stat
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from toecoach.services import idle
from toecoach.services.idle import FREEDESKTOP, GNOME, MACOS, X11, IdleMonitor, WindowsBackend
from toecoach.services.notify import Notifier, terminal_sequence

IOREG_SAMPLE = """
+-o IOHIDSystem  <class IOHIDSystem, id 0x100000465, registered, matched, active, busy 0>
    {
      "HIDIdleTime" = 42500000000
      "HIDKeyboardModifierMappingPairs" = ()
    }
"""


def fake_runner(answers: dict[str, str | None]):  # type: ignore[no-untyped-def]
    def run(argv: Sequence[str], timeout: float) -> str | None:
        key = argv[0] if argv[0] != "gdbus" else argv[4]
        return answers.get(key)

    return run


def test_gnome_mutter_reply_is_milliseconds() -> None:
    runner = fake_runner({"org.gnome.Mutter.IdleMonitor": "(uint64 65000,)\n"})
    assert GNOME.idle_seconds(runner) == 65.0


def test_freedesktop_screensaver_reply_is_seconds() -> None:
    runner = fake_runner({"org.freedesktop.ScreenSaver": "(uint32 42,)\n"})
    assert FREEDESKTOP.idle_seconds(runner) == 42.0


def test_xprintidle_output_is_milliseconds() -> None:
    assert X11.idle_seconds(fake_runner({"xprintidle": "1234\n"})) == 1.234


def test_macos_ioreg_output_is_nanoseconds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(idle.sys, "platform", "darwin")
    assert MACOS.idle_seconds(fake_runner({"ioreg": IOREG_SAMPLE})) == 42.5


def test_windows_backend_is_quiet_elsewhere() -> None:
    assert WindowsBackend().idle_seconds(fake_runner({})) is None


def test_garbage_replies_are_unknown_not_errors() -> None:
    runner = fake_runner({"org.gnome.Mutter.IdleMonitor": "Error: no such name", "xprintidle": ""})
    assert IdleMonitor([GNOME, X11], runner).idle_seconds() is None


def test_monitor_falls_through_to_the_first_backend_that_answers() -> None:
    runner = fake_runner({"org.gnome.Mutter.IdleMonitor": None, "xprintidle": "5000"})
    monitor = IdleMonitor([GNOME, FREEDESKTOP, X11], runner)
    assert monitor.idle_seconds() == 5.0
    assert monitor.active == "x11-xprintidle"


def _script(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_a_hanging_and_an_erroring_backend_are_cut_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Real subprocesses: gdbus hangs, a second tool errors, xprintidle answers."""
    _script(tmp_path, "gdbus", "sleep 30")
    _script(tmp_path, "xprintidle", "echo 7000")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(idle, "TIMEOUT_SECONDS", 0.5)
    started = time.monotonic()
    assert IdleMonitor([GNOME, X11]).idle_seconds() == 7.0
    assert time.monotonic() - started < 10
    _script(tmp_path, "xprintidle", "echo boom >&2; exit 1")
    assert IdleMonitor([GNOME, X11]).idle_seconds() is None


def test_missing_tools_mean_unknown(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monitor = IdleMonitor()
    assert monitor.idle_seconds() is None
    assert "unknown" in monitor.describe()


# -- notifications -------------------------------------------------------------------------


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_terminal_sequences_per_terminal() -> None:
    assert terminal_sequence("T", "B", {}) == "\x1b]777;notify;T;B\x07"
    assert terminal_sequence("T", "B", {"TERM_PROGRAM": "iTerm.app"}) == "\x1b]9;T: B\x07"
    assert terminal_sequence("T", "B", {"KITTY_WINDOW_ID": "1"}) == "\x1b]99;;T: B\x1b\\"
    wrapped = terminal_sequence("T", "B", {"TMUX": "/tmp/tmux"})
    assert wrapped.startswith("\x1bPtmux;\x1b\x1b]777") and wrapped.endswith("\x1b\\")


def test_text_cannot_smuggle_escape_codes() -> None:
    sequence = terminal_sequence("Walk\x1b]0;pwned\x07", "a;b", {})
    assert sequence.count("\x1b") == 1 and "pwned" in sequence and "a,b" in sequence


def test_notifier_falls_back_from_desktop_to_terminal() -> None:
    tty = FakeTTY()
    notifier = Notifier(["desktop", "terminal"], stream=tty, desktop=lambda t, b, r: None)
    assert notifier.notify("Time for a walk", "You have sat for 30 minutes") == "terminal"
    assert "Time for a walk" in tty.getvalue()


def test_notifier_uses_desktop_when_it_works_and_is_quiet_without_backends() -> None:
    notifier = Notifier(
        ["desktop", "terminal"], stream=FakeTTY(), desktop=lambda t, b, r: "notify-send"
    )
    assert notifier.notify("t", "b") == "notify-send"
    assert Notifier(["terminal"], stream=io.StringIO()).notify("t", "b") is None  # not a tty
