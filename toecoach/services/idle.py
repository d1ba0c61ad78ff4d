"""How long since the user last touched keyboard or mouse, on any desktop.

One interface, a backend per platform, tried in order: GNOME (Mutter IdleMonitor, X11 and
Wayland), KDE/freedesktop ScreenSaver, X11 XScreenSaver (``xprintidle``), macOS
(``ioreg`` HIDIdleTime) and Windows (``GetLastInputInfo``). Where none works, idle time is
"unknown" (``None``) and the reminder tracker treats the user as present. Nothing here ever
raises: a backend that hangs is cut off after ``TIMEOUT_SECONDS``; one that errors is
skipped.

D-Bus is reached through the ``gdbus`` command (part of GLib, on every GNOME and most KDE
desktops) rather than a Python D-Bus library: no extra dependency, and a hung bus cannot
block the event loop because the call runs in a subprocess with a timeout.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TIMEOUT_SECONDS = 2.0

# (argv, timeout) -> stdout, or None when the command failed, hung or is missing.
Runner = Callable[[Sequence[str], float], "str | None"]


def run_command(argv: Sequence[str], timeout: float) -> str | None:
    if shutil.which(argv[0]) is None:
        return None
    try:
        result = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout,
                                stdin=subprocess.DEVNULL)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


@dataclass(frozen=True)
class CommandBackend:
    name: str
    argv: tuple[str, ...]
    parse: Callable[[str], float | None]  # stdout -> idle seconds
    platforms: tuple[str, ...] = ("linux",)

    def idle_seconds(self, runner: Runner) -> float | None:
        if not any(sys.platform.startswith(p) for p in self.platforms):
            return None
        out = runner(self.argv, TIMEOUT_SECONDS)
        if out is None:
            return None
        try:
            return self.parse(out)
        except (ValueError, IndexError):
            return None


def _first_number(text: str) -> float:
    match = re.search(r"(\d+)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1))


def _gvariant_uint(text: str) -> float:
    # gdbus prints "(uint64 12345,)"; the type's digits are not the value.
    match = re.search(r"uint\d+\s+(\d+)", text)
    if not match:
        raise ValueError(text)
    return float(match.group(1))


def parse_mutter(out: str) -> float | None:
    return _gvariant_uint(out) / 1000.0  # milliseconds


def parse_screensaver(out: str) -> float | None:
    return _gvariant_uint(out)  # seconds


def parse_xprintidle(out: str) -> float | None:
    return _first_number(out.strip()) / 1000.0


def parse_ioreg(out: str) -> float | None:
    match = re.search(r'"HIDIdleTime"\s*=\s*(\d+)', out)
    return int(match.group(1)) / 1e9 if match else None


GNOME = CommandBackend(
    "gnome-mutter",
    ("gdbus", "call", "--session", "--dest", "org.gnome.Mutter.IdleMonitor", "--object-path",
     "/org/gnome/Mutter/IdleMonitor/Core", "--method", "org.gnome.Mutter.IdleMonitor.GetIdletime"),
    parse_mutter,
)  # fmt: skip
FREEDESKTOP = CommandBackend(
    "freedesktop-screensaver",
    ("gdbus", "call", "--session", "--dest", "org.freedesktop.ScreenSaver", "--object-path",
     "/org/freedesktop/ScreenSaver", "--method", "org.freedesktop.ScreenSaver.GetSessionIdleTime"),
    parse_screensaver,
)  # fmt: skip
X11 = CommandBackend("x11-xprintidle", ("xprintidle",), parse_xprintidle)
MACOS = CommandBackend("macos-ioreg", ("ioreg", "-c", "IOHIDSystem", "-d", "4"), parse_ioreg,
                       platforms=("darwin",))  # fmt: skip


class WindowsBackend:
    name = "windows-lastinput"

    def idle_seconds(self, runner: Runner) -> float | None:
        if not sys.platform.startswith("win"):
            return None
        try:
            import ctypes

            class LastInputInfo(ctypes.Structure):
                _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

            info = LastInputInfo()
            info.cbSize = ctypes.sizeof(info)
            user32 = ctypes.windll.user32
            kernel32 = ctypes.windll.kernel32
            if not user32.GetLastInputInfo(ctypes.byref(info)):
                return None
            return float((kernel32.GetTickCount() - info.dwTime) & 0xFFFFFFFF) / 1000.0
        except (OSError, AttributeError, ValueError):
            return None


BACKENDS: tuple[CommandBackend | WindowsBackend, ...] = (
    GNOME,
    FREEDESKTOP,
    X11,
    MACOS,
    WindowsBackend(),
)


class IdleMonitor:
    """Idle seconds from the first backend that answers; ``None`` means unknown."""

    def __init__(self, backends: Sequence[CommandBackend | WindowsBackend] = BACKENDS,
                 runner: Runner = run_command) -> None:  # fmt: skip
        self.backends = list(backends)
        self.runner = runner
        self.active: str | None = None

    def idle_seconds(self) -> float | None:
        # Try the backend that worked last time first, then the rest in order.
        ordered = sorted(self.backends, key=lambda b: b.name != self.active)
        for backend in ordered:
            seconds = backend.idle_seconds(self.runner)
            if seconds is not None and seconds >= 0:
                self.active = backend.name
                return seconds
        self.active = None
        return None

    def describe(self) -> str:
        self.idle_seconds()
        return self.active or "none found (idle time unknown; you are treated as present)"
