"""Start walking-break reminders (``toecoach remind``) at login, as Workrave and Stretchly do.

One way per platform: a systemd user unit on Linux (``$XDG_CONFIG_HOME/systemd/user``), a
LaunchAgent on macOS (``~/Library/LaunchAgents``), a Startup-folder entry on Windows. The
content builders are pure functions (testable anywhere); the classes write and remove the
files and ask the platform's service manager, through command-line tools with a timeout.

Several reminder processes on one home are fine: the store lets only one of them show and
count each reminder.
"""

from __future__ import annotations

import contextlib
import os
import plistlib
import re
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

UNIT_NAME = "toecoach-remind.service"
AGENT_LABEL = "org.toecoach.remind"
STARTUP_FILE_NAME = "toecoach-remind.cmd"
DESCRIPTION = "toecoach walking-break reminders"
TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class Completed:
    returncode: int
    output: str  # stdout then stderr


# argv -> what it did, or None when the tool is missing or hung.
Run = Callable[[Sequence[str]], "Completed | None"]


def run_tool(argv: Sequence[str]) -> Completed | None:
    try:
        result = subprocess.run(list(argv), capture_output=True, text=True,
                                timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL)  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return Completed(result.returncode, (result.stdout + result.stderr).strip())


# -- what runs at login ------------------------------------------------------------------------


def remind_command(executable: str | None = None) -> list[str]:
    """The absolute command for ``toecoach remind`` from this installation: the
    ``toecoach`` script beside this interpreter (a venv's or pipx's ``bin/``, Windows'
    ``Scripts\\``), else ``python -m toecoach``. Never a bare name: a login session's PATH
    is not the shell's (and a pyenv shim would pick another Python)."""
    python = Path(executable or sys.executable).absolute()  # not resolve(): keep the venv
    for script in (
        python.parent / "toecoach",
        python.parent / "toecoach.exe",
        python.parent / "Scripts" / "toecoach.exe",
    ):
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script), "remind"]
    return [str(python), "-m", "toecoach", "remind"]


def remind_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """What the login-time process needs from this one: ``TOECOACH_HOME`` when set (as an
    absolute path: it starts elsewhere), and unbuffered output so its log is current."""
    env = {"PYTHONUNBUFFERED": "1"}
    home = environ.get("TOECOACH_HOME")
    if home:
        env["TOECOACH_HOME"] = str(Path(home).expanduser().absolute())
    return env


# -- pure content builders ---------------------------------------------------------------------


def _systemd_word(word: str, *, exec_line: bool) -> str:
    """One quoted word for a unit file: ``%`` starts a specifier, and in ``ExecStart=``
    ``$`` starts a variable; backslashes and quotes are C-style escaped."""
    if any(c in word for c in "\n\r\0"):
        raise ValueError(f"a unit file cannot hold a line break or NUL: {word!r}")
    text = word.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    if exec_line:
        text = text.replace("$", "$$")
    return f'"{text}"'


def systemd_unit(command: Sequence[str], environment: Mapping[str, str]) -> str:
    """A systemd *user* unit that runs ``command`` at login and restarts it if it fails."""
    exec_start = " ".join(_systemd_word(word, exec_line=True) for word in command)
    env_lines = "".join(
        f"Environment={_systemd_word(f'{key}={value}', exec_line=False)}\n"
        for key, value in sorted(environment.items())
    )
    return (
        "# Written by `toecoach autostart on`; `toecoach autostart off` removes it.\n"
        "[Unit]\n"
        f"Description={DESCRIPTION}\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={exec_start}\n"
        f"{env_lines}"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=default.target\n"
    )


def launch_agent_plist(
    command: Sequence[str], environment: Mapping[str, str], log_file: str
) -> bytes:
    """A LaunchAgent that runs ``command`` at login (``RunAtLoad``) and again if it fails."""
    agent: dict[str, Any] = {
        "Label": AGENT_LABEL,
        "ProgramArguments": list(command),
        "EnvironmentVariables": dict(sorted(environment.items())),
        "RunAtLoad": True,
        "KeepAlive": {"SuccessfulExit": False},
        "ProcessType": "Interactive",
        "StandardOutPath": log_file,
        "StandardErrorPath": log_file,
    }
    return plistlib.dumps(agent, sort_keys=False)


def _cmd_word(word: str) -> str:
    if any(c in word for c in '"\n\r\0'):
        raise ValueError(f"a Windows command line cannot quote {word!r}")
    return '"' + word.replace("%", "%%") + '"'


def startup_script(command: Sequence[str], environment: Mapping[str, str]) -> str:
    """A ``.cmd`` for the Startup folder: sets the environment and starts ``command`` in a
    minimised window of its own (closing it stops the reminders)."""
    lines = [
        "@echo off",
        "rem Written by `toecoach autostart on`; `toecoach autostart off` removes it.",
    ]
    for key, value in sorted(environment.items()):
        lines.append("set " + _cmd_word(f"{key}={value}"))
    lines.append('start "' + DESCRIPTION + '" /min ' + " ".join(_cmd_word(w) for w in command))
    return "\r\n".join(lines) + "\r\n"


# -- what the person sees ----------------------------------------------------------------------


@dataclass
class Status:
    kind: str
    path: str
    installed: bool
    enabled: bool | None = None  # None: the service manager could not be asked
    running: bool | None = None
    detail: str = ""

    def summary(self) -> str:
        if not self.installed:
            return f"off ({self.kind}; `toecoach autostart on` starts reminders at login)"
        facts = [f"{self.kind} {self.path}"]
        if self.running is not None:
            facts.append("running" if self.running else "not running")
        if self.detail:
            facts.append(self.detail)
        state = "installed but not enabled" if self.enabled is False else "on"
        return f"{state}: " + ", ".join(facts)

    def document(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Outcome:
    ok: bool
    lines: list[str] = field(default_factory=list)


def _write_private(path: Path, data: bytes) -> None:
    """Write the file whole (a temp file renamed over it), mode 0600: the store's own
    crash-safe write."""
    from toecoach.storage.atomic import atomic_write_bytes

    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    atomic_write_bytes(path, data)


def _remove_empty(*folders: Path) -> None:
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "no answer"


# -- Linux: a systemd user unit ----------------------------------------------------------------


def systemd_user_dir(environ: Mapping[str, str], home: Path) -> Path:
    config = environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if config and Path(config).is_absolute() else home / ".config"
    return base / "systemd" / "user"


class SystemdUser:
    kind = "systemd user unit"

    def __init__(self, unit_dir: Path, run: Run = run_tool) -> None:
        self.unit_dir = unit_dir
        self.path = unit_dir / UNIT_NAME
        self.run = run

    def _systemctl(self, *args: str) -> Completed | None:
        return self.run(("systemctl", "--user", *args))

    def _manager(self) -> str | None:
        """None when ``systemctl --user`` works here, else why not."""
        reload = self._systemctl("daemon-reload")
        if reload is None:
            return "systemctl is not installed or did not answer"
        if reload.returncode != 0:
            return _first_line(reload.output)
        return None

    def manual_steps(self) -> str:
        return f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT_NAME}"

    def install(self, command: Sequence[str], environment: Mapping[str, str]) -> Outcome:
        _write_private(self.path, systemd_unit(command, environment).encode())
        lines = [f"Wrote {self.path} (runs: {' '.join(command)})."]
        problem = self._manager()
        if problem is not None:
            lines += [f"systemctl --user does not work here ({problem}).",
                      f"To start reminders at every login, run in your desktop session: "
                      f"{self.manual_steps()}"]  # fmt: skip
            return Outcome(True, lines)
        enable = self._systemctl("enable", "--now", UNIT_NAME)
        if enable is None or enable.returncode != 0:
            why = "no answer" if enable is None else _first_line(enable.output)
            lines.append(f"Could not enable it: {why}. Try: {self.manual_steps()}")
            return Outcome(False, lines)
        lines.append(f"Enabled and started: reminders now start at every login "
                     f"(systemctl --user status {UNIT_NAME}).")  # fmt: skip
        return Outcome(True, lines)

    def remove(self) -> Outcome:
        wants = self.unit_dir / "default.target.wants"
        link = wants / UNIT_NAME
        if not self.path.exists() and not link.is_symlink():
            return Outcome(True, ["Autostart was off: nothing to remove."])
        problem = self._manager()
        lines: list[str] = []
        if problem is None:
            disable = self._systemctl("disable", "--now", UNIT_NAME)
            if disable is not None and disable.returncode == 0:
                lines.append("Stopped and disabled.")
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        if link.is_symlink():  # enabled while systemctl could not be asked to disable it
            link.unlink()
        if problem is None:
            self._systemctl("daemon-reload")
        _remove_empty(wants, self.unit_dir, self.unit_dir.parent)
        lines.append(f"Removed {self.path}: reminders no longer start at login.")
        return Outcome(True, lines)

    def status(self) -> Status:
        status = Status(self.kind, str(self.path), installed=self.path.exists())
        if not status.installed:
            return status
        enabled = self._systemctl("is-enabled", UNIT_NAME)
        active = self._systemctl("is-active", UNIT_NAME)
        # Each answers one word (enabled, disabled, active, inactive, failed...); anything
        # else is systemctl saying it cannot reach the user's service manager.
        answers = [None if c is None else _first_line(c.output) for c in (enabled, active)]
        if not all(a is not None and re.fullmatch(r"[a-z-]+", a) for a in answers):
            problem = next((a for a in answers if a), "systemctl did not answer")
            status.detail = f"systemctl --user does not work here ({problem})"
            return status
        status.enabled = answers[0] in ("enabled", "enabled-runtime", "linked")
        status.running = answers[1] == "active"
        return status


# -- macOS: a LaunchAgent ----------------------------------------------------------------------


class LaunchAgent:
    kind = "LaunchAgent"

    def __init__(self, home: Path, uid: int, run: Run = run_tool) -> None:
        self.path = home / "Library" / "LaunchAgents" / f"{AGENT_LABEL}.plist"
        self.log_file = home / "Library" / "Logs" / "toecoach-remind.log"
        self.domain = f"gui/{uid}"
        self.run = run

    def install(self, command: Sequence[str], environment: Mapping[str, str]) -> Outcome:
        self.log_file.parent.mkdir(parents=True, exist_ok=True)
        _write_private(self.path, launch_agent_plist(command, environment, str(self.log_file)))
        lines = [f"Wrote {self.path} (runs: {' '.join(command)})."]
        self.run(("launchctl", "bootout", f"{self.domain}/{AGENT_LABEL}"))  # an older copy
        loaded = self.run(("launchctl", "bootstrap", self.domain, str(self.path)))
        if loaded is None or loaded.returncode != 0:
            loaded = self.run(("launchctl", "load", "-w", str(self.path)))
        if loaded is None or loaded.returncode != 0:
            lines.append(f"launchctl could not load it; it starts at your next login "
                         f"(or now: launchctl load -w {self.path}).")  # fmt: skip
            return Outcome(True, lines)
        lines.append("Loaded and started: reminders now start at every login.")
        return Outcome(True, lines)

    def remove(self) -> Outcome:
        if not self.path.exists():
            return Outcome(True, ["Autostart was off: nothing to remove."])
        stopped = self.run(("launchctl", "bootout", f"{self.domain}/{AGENT_LABEL}"))
        if stopped is None or stopped.returncode != 0:
            self.run(("launchctl", "unload", "-w", str(self.path)))
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        return Outcome(True, [f"Removed {self.path}: reminders no longer start at login."])

    def status(self) -> Status:
        status = Status(self.kind, str(self.path), installed=self.path.exists())
        if not status.installed:
            return status
        listed = self.run(("launchctl", "list", AGENT_LABEL))
        if listed is None:
            status.detail = "launchctl did not answer"
            return status
        status.enabled = listed.returncode == 0
        status.running = bool(re.search(r'"PID"\s*=\s*\d+', listed.output))
        return status


# -- Windows: the Startup folder ---------------------------------------------------------------


class StartupFolder:
    kind = "Startup-folder entry"

    def __init__(self, startup_dir: Path, run: Run = run_tool) -> None:
        self.path = startup_dir / STARTUP_FILE_NAME
        self.run = run

    def install(self, command: Sequence[str], environment: Mapping[str, str]) -> Outcome:
        _write_private(self.path, startup_script(command, environment).encode("utf-8"))
        return Outcome(True, [f"Wrote {self.path} (runs: {' '.join(command)}).",
                              "Reminders start at your next login; to start them now, run: "
                              "toecoach remind"])  # fmt: skip

    def remove(self) -> Outcome:
        if not self.path.exists():
            return Outcome(True, ["Autostart was off: nothing to remove."])
        self.path.unlink()
        return Outcome(True, [f"Removed {self.path}: reminders no longer start at login."])

    def status(self) -> Status:
        status = Status(self.kind, str(self.path), installed=self.path.exists())
        if not status.installed:
            return status
        query = ("(Get-CimInstance Win32_Process | Where-Object { $_.ProcessId -ne $PID -and "
                 "$_.CommandLine -like '*toecoach*remind*' } | Measure-Object).Count")  # fmt: skip
        found = self.run(("powershell", "-NoProfile", "-NonInteractive", "-Command", query))
        if found is not None and found.returncode == 0 and found.output.strip().isdigit():
            status.running = int(found.output.strip()) > 0
        return status


Starter = SystemdUser | LaunchAgent | StartupFolder


def for_this_machine(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    home: Path | None = None,
    run: Run = run_tool,
) -> Starter | None:
    """The way to start at login on this platform, or None where there is none."""
    env = os.environ if environ is None else environ
    platform = platform or sys.platform
    home = home or Path.home()
    if platform.startswith("linux"):
        return SystemdUser(systemd_user_dir(env, home), run)
    if platform == "darwin":
        return LaunchAgent(home, os.getuid() if hasattr(os, "getuid") else 0, run)
    if platform == "win32":
        appdata = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        return StartupFolder(
            appdata / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup", run
        )
    return None
