"""Drive the real, installed ``toecoach`` in a real terminal (tmux).

Each session runs on a tmux server of its own (a private socket, no user config), so tests
in parallel workers never share a server, and the server starts from this process's
environment (an exported PYTHONPATH, say). Waits are for what the screen shows, with
generous timeouts: on a loaded machine the app may take seconds to draw.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import toecoach_command

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

WAIT_SECONDS = 60.0


class TmuxSession:
    def __init__(self, home: Path, command: str = "toecoach", width: int = 100, height: int = 32,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.name = f"toecoach-test-{uuid.uuid4().hex[:12]}"
        self.socket = self.name
        exe = " ".join(shlex.quote(part) for part in toecoach_command())
        variables = {"TOECOACH_HOME": str(home), "TERM": "xterm-256color"}
        if os.environ.get("PYTHONPATH"):
            variables["PYTHONPATH"] = os.environ["PYTHONPATH"]
        variables.update(env or {})
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())
        line = f"env {exports} {command.replace('toecoach', exe, 1)}"
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   line, check=True)  # fmt: skip
        # tmux leaves its socket file behind when the server ends: close() removes it.
        shown = self._tmux("display-message", "-p", "-t", self.name, "#{socket_path}")
        self._socket_path = shown.stdout.strip()

    def _tmux(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True, text=True, check=check, env={**os.environ, "TMUX": ""},
        )  # fmt: skip

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name).stdout

    def send(self, *keys: str, pause: float = 0.15) -> None:
        """Type ``keys`` in order. The pause only paces them like a person (Escape then a
        letter at once would read as Alt+letter); what follows waits for the screen."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key, check=True)
            time.sleep(pause)

    def wait_for(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear in {timeout} s; the screen was:\n{screen}")

    def wait_for_gone(self, text: str, timeout: float = WAIT_SECONDS) -> str:
        """Wait until ``text`` is no longer on the screen (a screen was closed)."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text not in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} was still there after {timeout} s:\n{screen}")

    def wait_for_exit(self, timeout: float = WAIT_SECONDS) -> bool:
        """Wait for the program to end (its session closes); True if it did."""
        deadline = time.monotonic() + timeout
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        return not self.alive()

    def alive(self) -> bool:
        return self._tmux("has-session", "-t", self.name).returncode == 0

    def close(self) -> None:
        self._tmux("kill-server")
        if self._socket_path:
            Path(self._socket_path).unlink(missing_ok=True)
