"""Drive the real, installed ``toecoach`` in a real terminal (tmux)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


class TmuxSession:
    def __init__(self, home: Path, command: str = "toecoach", width: int = 100, height: int = 32,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        self.name = f"toecoach-test-{uuid.uuid4().hex[:8]}"
        exe = shutil.which("toecoach")
        if exe is None:
            pytest.skip("the toecoach command is not installed on PATH")
        variables = {"TOECOACH_HOME": str(home), "TERM": "xterm-256color", **(env or {})}
        # A tmux server started earlier keeps its own environment: pass PYTHONPATH on, so the
        # terminal runs the toecoach these tests import (a worktree), not another checkout.
        if os.environ.get("PYTHONPATH"):
            variables.setdefault("PYTHONPATH", os.environ["PYTHONPATH"])
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in variables.items())
        line = f"env {exports} {command.replace('toecoach', shlex.quote(exe), 1)}"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), line],
            check=True, env={**os.environ, "TMUX": ""},
        )  # fmt: skip

    def screen(self) -> str:
        result = subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                                capture_output=True, text=True)  # fmt: skip
        return result.stdout

    def send(self, *keys: str, pause: float = 0.15) -> None:
        for key in keys:
            subprocess.run(["tmux", "send-keys", "-t", self.name, key], check=True)
            time.sleep(pause)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear; the screen was:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.name],
                              capture_output=True).returncode == 0  # fmt: skip

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)
