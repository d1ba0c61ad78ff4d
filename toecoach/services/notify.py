"""Reminders outside the TUI: a desktop notification, else a terminal one, else nothing.

Each backend fails quietly to the next (``[notifications] backends``, in order):

- ``desktop``: first ``desktop-notifier`` (D-Bus ``org.freedesktop.Notifications`` on Linux,
  Notification Center on macOS when run from an app bundle, toasts on Windows). It is async:
  it runs as a coroutine on the caller's event loop (Textual's, or the one ``toecoach
  remind`` runs), and the person's answers (Walked, Snooze) come back on that loop through
  the notification's actions, where the notification server offers actions. Then, without
  actions, ``notify-send`` or ``gdbus`` (Linux) or ``osascript`` (macOS), as subprocesses in a
  thread.
- ``terminal``: escape codes that foot, WezTerm, Ghostty and Windows Terminal (OSC 777),
  iTerm2 (OSC 9) and kitty (OSC 99) show as notifications; inside tmux they are wrapped for
  passthrough.

``desktop-notifier`` is imported only when a notification is sent (in a thread, so the import
never holds up the event loop) or ``toecoach doctor`` asks: commands that only log or print
never load it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from toecoach.services.idle import Runner, run_command

TIMEOUT_SECONDS = 3.0
APP_NAME = "toecoach"
TERMINAL = "terminal escape codes (OSC 777/9/99) when run in a terminal"


@dataclass(frozen=True)
class Action:
    """One answer a notification offers: ``answer`` is what the reminder dialog would
    dismiss with (``walked``, ``snooze10``), ``label`` the button's text."""

    answer: str
    label: str


def reminder_actions(snooze_options: Sequence[int]) -> tuple[Action, ...]:
    """Walked, and the longest snooze that still fits (none once the person has sat close to
    an hour, as in the dialog)."""
    actions = [Action("walked", "Walked")]
    if snooze_options:
        minutes = max(snooze_options)
        actions.append(Action(f"snooze{minutes}", f"Snooze {minutes} min"))
    return tuple(actions)


def _clean(text: str) -> str:
    # Never let a title or body carry its own escape sequences into the terminal.
    return "".join(c for c in text if c.isprintable()).replace(";", ",")


def _applescript_string(text: str) -> str:
    text = "".join(c for c in text if c.isprintable())
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def desktop_notify(title: str, body: str, runner: Runner = run_command) -> str | None:
    """Send a desktop notification through a command-line tool (no actions); return the
    backend name, or None. Blocking: call it in a thread."""
    if sys.platform == "darwin":
        if shutil.which("osascript"):
            script = (
                f"display notification {_applescript_string(body)} "
                f"with title {_applescript_string(title)}"
            )
            if runner(("osascript", "-e", script), TIMEOUT_SECONDS) is not None:
                return "osascript"
        return None
    if shutil.which("notify-send") and runner(
        ("notify-send", f"--app-name={APP_NAME}", title, body), TIMEOUT_SECONDS
    ) is not None:  # fmt: skip
        return "notify-send"
    gdbus = (
        "gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
        "--object-path", "/org/freedesktop/Notifications",
        "--method", "org.freedesktop.Notifications.Notify",
        APP_NAME, "0", "", title, body, "[]", "{}", "10000",
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


def _platform_label() -> str:
    if sys.platform == "darwin":
        return "desktop-notifier (Notification Center)"
    if sys.platform == "win32":
        return "desktop-notifier (Windows notifications)"
    return "desktop-notifier (D-Bus)"


class NativeDesktop:
    """``desktop-notifier``, loaded on first use. One instance per process: it keeps the
    connection (on Linux, to the session D-Bus) through which the answers arrive."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self.label = _platform_label()
        self.unavailable: str | None = None  # why it cannot be used here, once known
        self.current: str | None = None  # the identifier of the notification on screen
        self.with_actions = False  # whether that one offers the actions
        self._notifier: Any = None

    def _load(self) -> Any:
        """Import and build the notifier (blocking: imports; call it in a thread)."""
        if self._notifier is not None or self.unavailable is not None:
            return self._notifier
        import logging

        # It logs every failure as a warning with a traceback; with no logging set up
        # that would land on stderr, over the TUI. Failing quietly to the next is ours.
        logging.getLogger("desktop_notifier").setLevel(logging.CRITICAL)
        try:
            from desktop_notifier import DesktopNotifier
            from desktop_notifier.backends.dummy import DummyNotificationCenter
            from desktop_notifier.main import get_backend_class

            if issubclass(get_backend_class(), DummyNotificationCenter):
                # macOS outside an app bundle, or an unsupported platform.
                self.unavailable = "no native notification service it can use here"
            else:
                self._notifier = DesktopNotifier(app_name=APP_NAME, app_icon=None)
        except Exception as error:  # not installed, or a platform part missing
            self.unavailable = f"not usable ({type(error).__name__}: {error})"
        return self._notifier

    async def _ready(self) -> Any:
        return await asyncio.to_thread(self._load)

    async def send(
        self,
        title: str,
        body: str,
        actions: Sequence[Action] = (),
        on_action: Callable[[str], object] | None = None,
    ) -> str | None:
        """Show the notification; return this backend's name, or None if it was not shown.
        ``on_action(answer)`` runs on this event loop when the person picks an action."""
        notifier = await self._ready()
        if notifier is None:
            return None
        from desktop_notifier import Button, Capability

        await self.withdraw()  # one reminder on the desktop at a time
        shown: list[bool] = []
        try:
            async with asyncio.timeout(self.timeout):
                capabilities = await notifier.get_capabilities()
                buttons = []
                if on_action is not None and Capability.BUTTONS in capabilities:
                    buttons = [
                        Button(action.label, on_pressed=_bind(on_action, action.answer),
                               identifier=action.answer)
                        for action in actions
                    ]  # fmt: skip
                identifier = await notifier.send(
                    title, body, buttons=buttons, on_dispatched=lambda: shown.append(True)
                )
        except Exception:  # TimeoutError, D-Bus errors, no session bus: the next backend
            return None
        if not shown:  # desktop-notifier logs (and hides) a failed send
            return None
        self.current = identifier
        self.with_actions = bool(buttons)
        return self.label

    async def withdraw(self) -> None:
        """Take the notification on screen away (the reminder was answered elsewhere)."""
        identifier, self.current = self.current, None
        if identifier is None or self._notifier is None:
            return
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self.timeout):
                await self._notifier.clear(identifier)

    async def probe(self) -> str | None:
        """What ``doctor`` shows: whether a notification service answers, and whether it
        offers actions. None when this backend cannot be used."""
        notifier = await self._ready()
        if notifier is None:
            return None
        from desktop_notifier import Capability

        try:
            async with asyncio.timeout(self.timeout):
                capabilities = await notifier.get_capabilities()
        except Exception as error:
            why = (str(error).strip().splitlines() or [type(error).__name__])[0][:160]
            self.unavailable = f"no notification service answered: {why}"
            return None
        if Capability.BUTTONS in capabilities:
            return f"{self.label}, with Walked and Snooze actions"
        return f"{self.label}, without actions (the notification service offers none)"


def _bind(on_action: Callable[[str], object], answer: str) -> Callable[[], object]:
    return lambda: on_action(answer)


class Notifier:
    """Tries the configured backends in order (``[notifications] backends``)."""

    def __init__(self, backends: Sequence[str], stream: TextIO | None = None,
                 runner: Runner = run_command,
                 desktop: Callable[[str, str, Runner], str | None] = desktop_notify,
                 native: NativeDesktop | None = None) -> None:  # fmt: skip
        self.backends = list(backends)
        self.stream = stream
        self.runner = runner
        self.desktop = desktop
        self.native = native if native is not None else NativeDesktop()
        self.last_used: str | None = None

    async def send(
        self,
        title: str,
        body: str,
        actions: Sequence[Action] = (),
        on_action: Callable[[str], object] | None = None,
    ) -> str | None:
        """Run on the event loop: nothing here blocks it (command-line tools run in a
        thread). Returns the backend that showed the notification, or None."""
        for backend in self.backends:
            used: str | None = None
            if backend == "desktop":
                used = await self.native.send(title, body, actions, on_action)
                if used is None:
                    used = await asyncio.to_thread(self.desktop, title, body, self.runner)
            elif backend == "terminal" and self.stream is not None:
                used = terminal_notify(title, body, self.stream)
            if used:
                self.last_used = used
                return used
        return None

    def notify(self, title: str, body: str) -> str | None:
        """Without an event loop (and so without actions): blocking, command-line tools and
        escape codes only."""
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

    async def withdraw(self) -> None:
        await self.native.withdraw()

    def _tools(self) -> str | None:
        if sys.platform == "darwin":
            return "osascript (no actions)" if shutil.which("osascript") else None
        if shutil.which("notify-send"):
            return "notify-send (no actions)"
        if os.environ.get("DBUS_SESSION_BUS_ADDRESS") and shutil.which("gdbus"):
            return "gdbus (no actions)"
        return None

    def describe(self) -> str:
        """What this machine offers, without asking any service (no import, no D-Bus)."""
        found = []
        if "desktop" in self.backends:
            tools = self._tools()
            found.append(f"desktop ({tools})" if tools else "desktop (desktop-notifier)")
        if "terminal" in self.backends:
            found.append(TERMINAL)
        return ", ".join(found) or "in-app only"

    async def probe(self) -> tuple[str | None, list[str]]:
        """The backend a reminder would use now (asking the notification service), and the
        ones after it, in order."""
        chain: list[str] = []
        for backend in self.backends:
            if backend == "desktop":
                native = await self.native.probe()
                if native:
                    chain.append(native)
                tools = self._tools()
                if tools:
                    chain.append(tools)
            elif backend == "terminal":
                chain.append(TERMINAL)
        return (chain[0] if chain else None), chain[1:]

    def report(self) -> dict[str, Any]:
        """``toecoach doctor``'s view (blocking: runs its own event loop)."""

        async def run() -> tuple[str | None, list[str]]:
            return await self.probe()

        in_use, after = asyncio.run(run())
        text = in_use or "in-app only (no desktop or terminal notification backend works here)"
        if in_use and after:
            text += "; if it fails: " + ", then ".join(after)
        if self.native.unavailable and "desktop" in self.backends:
            text += f" [desktop-notifier: {self.native.unavailable}]"
        return {"notifications": text, "notification_backend": in_use}
