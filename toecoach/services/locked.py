"""Whether the screen is locked, on any desktop: a sign the person is away from the desk.

Sources, asked in order until one says "locked": logind's ``LockedHint`` of this session
(system bus; set by GNOME, KDE and most lockers), the GNOME screensaver's ``GetActive`` and the
freedesktop/KDE screensaver's ``GetActive`` (session bus), Windows (the input desktop cannot
be opened or switched to while the lock screen has it), macOS (``CGSSessionScreenIsLocked`` of
the current session). ``None`` means unknown (no source answers) and changes nothing: the
person is taken to be present. Nothing here ever raises, and a hung bus is cut off after
``idle.TIMEOUT_SECONDS``: the same ``gdbus`` subprocesses as ``idle.py``, polled off the
event loop by the reminder service.

Every source that answers is asked (not just the first): logind answers on nearly every
Linux, but its hint stays false under a locker that never sets it, where the screensaver
still knows.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from toecoach.services.idle import TIMEOUT_SECONDS, Runner, run_command


def parse_variant_bool(out: str) -> bool | None:
    """``(true,)`` (a method's reply) or ``(<true>,)`` (a property) -> True."""
    match = re.search(r"\b(true|false)\b", out)
    return None if match is None else match.group(1) == "true"


@dataclass(frozen=True)
class DBusLockSource:
    name: str
    argv: tuple[str, ...]
    parse: Callable[[str], bool | None] = parse_variant_bool

    def locked(self, runner: Runner) -> bool | None:
        if not sys.platform.startswith("linux") and "bsd" not in sys.platform:
            return None
        out = runner(self.argv, TIMEOUT_SECONDS)
        return None if out is None else self.parse(out)


# "auto": the caller's session, or the user's graphical session when the caller is in none
# (a systemd user unit running `toecoach remind`).
LOGIND = DBusLockSource(
    "logind-lockedhint",
    ("gdbus", "call", "--system", "--dest", "org.freedesktop.login1", "--object-path",
     "/org/freedesktop/login1/session/auto", "--method", "org.freedesktop.DBus.Properties.Get",
     "org.freedesktop.login1.Session", "LockedHint"),
)  # fmt: skip
GNOME = DBusLockSource(
    "gnome-screensaver",
    ("gdbus", "call", "--session", "--dest", "org.gnome.ScreenSaver", "--object-path",
     "/org/gnome/ScreenSaver", "--method", "org.gnome.ScreenSaver.GetActive"),
)  # fmt: skip
FREEDESKTOP = DBusLockSource(
    "freedesktop-screensaver",
    ("gdbus", "call", "--session", "--dest", "org.freedesktop.ScreenSaver", "--object-path",
     "/org/freedesktop/ScreenSaver", "--method", "org.freedesktop.ScreenSaver.GetActive"),
)  # fmt: skip


class WindowsLockSource:
    """While the lock screen is up, the input desktop is the secure one: opening it fails, or
    switching to it does. Not tried on this project's CI (Linux)."""

    name = "windows-inputdesktop"

    def locked(self, runner: Runner) -> bool | None:
        if not sys.platform.startswith("win"):
            return None
        try:
            import ctypes

            user32 = ctypes.windll.user32
            desktop = user32.OpenInputDesktop(0, False, 0x0100)  # DESKTOP_SWITCHDESKTOP
            if not desktop:
                return True
            try:
                return not user32.SwitchDesktop(desktop)
            finally:
                user32.CloseDesktop(desktop)
        except (OSError, AttributeError, ValueError):
            return None


class MacLockSource:
    """``CGSessionCopyCurrentDictionary()["CGSSessionScreenIsLocked"]`` through ctypes (the key
    is present only while locked). Not tried on this project's CI (Linux)."""

    name = "macos-cgsession"

    def locked(self, runner: Runner) -> bool | None:
        if sys.platform != "darwin":
            return None
        try:
            import ctypes
            import ctypes.util

            graphics = ctypes.cdll.LoadLibrary(ctypes.util.find_library("CoreGraphics") or "")
            found = ctypes.cdll.LoadLibrary(ctypes.util.find_library("CoreFoundation") or "")
            graphics.CGSessionCopyCurrentDictionary.restype = ctypes.c_void_p
            found.CFStringCreateWithCString.restype = ctypes.c_void_p
            found.CFStringCreateWithCString.argtypes = [ctypes.c_void_p, ctypes.c_char_p,
                                                        ctypes.c_uint32]  # fmt: skip
            found.CFDictionaryGetValue.restype = ctypes.c_void_p
            found.CFDictionaryGetValue.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
            found.CFBooleanGetValue.argtypes = [ctypes.c_void_p]
            found.CFRelease.argtypes = [ctypes.c_void_p]
            session = graphics.CGSessionCopyCurrentDictionary()
            if not session:
                return None  # no window server session (ssh): unknown
            key = found.CFStringCreateWithCString(None, b"CGSSessionScreenIsLocked", 0x08000100)
            try:
                value = found.CFDictionaryGetValue(session, key)
                return bool(value) and bool(found.CFBooleanGetValue(value))
            finally:
                found.CFRelease(key)
                found.CFRelease(session)
        except (OSError, AttributeError, ValueError, TypeError):
            return None


LockSource = DBusLockSource | WindowsLockSource | MacLockSource
SOURCES: tuple[LockSource, ...] = (
    LOGIND,
    GNOME,
    FREEDESKTOP,
    WindowsLockSource(),
    MacLockSource(),
)


class LockMonitor:
    """Locked if any source says so; unlocked if one answered and none says locked; ``None``
    when none answers. Call it off the event loop (subprocesses)."""

    def __init__(self, sources: Sequence[LockSource] = SOURCES,
                 runner: Runner = run_command) -> None:  # fmt: skip
        self.sources = list(sources)
        self.runner = runner
        self.answered: list[str] = []  # the sources that answered at the last reading

    def screen_locked(self) -> bool | None:
        answered: list[str] = []
        result: bool | None = None
        for source in self.sources:
            locked = source.locked(self.runner)
            if locked is None:
                continue
            answered.append(source.name)
            if locked:
                result = True
                break
            result = False
        self.answered = answered
        return result

    def describe(self) -> str:
        locked = self.screen_locked()
        if locked is None:
            return "none found (a locked screen is not noticed)"
        state = "locked now" if locked else "unlocked now"
        return f"{', '.join(self.answered)} ({state})"
