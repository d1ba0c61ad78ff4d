"""Reminders outside the TUI: a desktop notification, else a terminal one, else nothing.

Each backend fails quietly to the next. Desktop: ``notify-send`` (libnotify) or the
freedesktop Notifications service through ``gdbus``. Terminal: escape codes that foot,
WezTerm, Ghostty and Windows Terminal (OSC 777), iTerm2 (OSC 9) and kitty (OSC 99) show as
notifications; inside tmux they are wrapped for passthrough.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from typing import TextIO

from toecoach.services.idle import Runner, run_command

TIMEOUT_SECONDS = 3.0


def _clean(text: str) -> str:
    # Never let a title or body carry its own escape sequences into the terminal.
    return "".join(c for c in text if c.isprintable()).replace(";", ",")


def desktop_notify(title: str, body: str, runner: Runner = run_command) -> str | None:
    """Send a desktop notification; return the backend name, or None."""
    if shutil.which("notify-send") and runner(
        ("notify-send", "--app-name=toecoach", title, body), TIMEOUT_SECONDS
    ) is not None:  # fmt: skip
        return "notify-send"
    gdbus = (
        "gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
        "--object-path", "/org/freedesktop/Notifications",
        "--method", "org.freedesktop.Notifications.Notify",
        "toecoach", "0", "", title, body, "[]", "{}", "10000",
    )  # fmt: skip
    if os.environ.get("DBUS_SESSION_BUS_ADDRESS") and runner(gdbus, TIMEOUT_SECONDS) is not None:
        return "dbus"
    return None


def terminal_sequence(title: str, body: str, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    title, body = _clean(title), _clean(body)
    program = env.get("TERM_PROGRAM", "")
    if program == "iTerm.app":
        sequence = f"\x1b]9;{title}: {body}\x07"
    elif "KITTY_WINDOW_ID" in env:
        sequence = f"\x1b]99;;{title}: {body}\x1b\\"
    else:
        sequence = f"\x1b]777;notify;{title};{body}\x07"
    if env.get("TMUX"):
        sequence = "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"
    return sequence


def terminal_notify(title: str, body: str, stream: TextIO) -> str | None:
    if not stream.isatty():
        return None
    try:
        stream.write(terminal_sequence(title, body))
        stream.flush()
    except OSError:
        return None
    return "terminal"


class Notifier:
    """Tries the configured backends in order (``[notifications] backends``)."""

    def __init__(self, backends: Sequence[str], stream: TextIO | None = None,
                 runner: Runner = run_command,
                 desktop: Callable[[str, str, Runner], str | None] = desktop_notify) -> None:  # fmt: skip
        self.backends = list(backends)
        self.stream = stream
        self.runner = runner
        self.desktop = desktop
        self.last_used: str | None = None

    def notify(self, title: str, body: str) -> str | None:
        for backend in self.backends:
            used: str | None = None
            if backend == "desktop":
                used = self.desktop(title, body, self.runner)
            elif backend == "terminal" and self.stream is not None:
                used = terminal_notify(title, body, self.stream)
            if used:
                self.last_used = used
                return used
        return None

    def describe(self) -> str:
        found = []
        if "desktop" in self.backends:
            if shutil.which("notify-send"):
                found.append("desktop (notify-send)")
            elif os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("gdbus"):
                found.append("desktop (D-Bus)")
        if "terminal" in self.backends:
            found.append("terminal escape codes (OSC 777/9/99) when run in a terminal")
        return ", ".join(found) or "in-app only"
