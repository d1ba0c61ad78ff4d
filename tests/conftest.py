"""Shared fixtures: every test gets its own TOECOACH_HOME; nothing touches the real home."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def toecoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("TOECOACH_HOME", str(home))
    monkeypatch.setenv("TOECOACH_LOCK_TIMEOUT", "10")
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield home


@pytest.fixture
def configured_home(toecoach_home: Path) -> Path:
    """A home whose first-run setup is done (an existing config.toml means done)."""
    toecoach_home.mkdir(parents=True, exist_ok=True)
    (toecoach_home / "config.toml").write_text("")
    return toecoach_home


def toecoach_command() -> list[str]:
    """The installed ``toecoach`` console script, else ``python -m toecoach``.

    First the script installed for the Python running the tests: a shim that comes first on
    PATH (pyenv's costs about 0.1 s a call) may run another interpreter. Spawned processes
    inherit the environment, so an exported PYTHONPATH (a worktree) is honoured either way.
    """
    script = Path(sysconfig.get_path("scripts")) / "toecoach"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("toecoach")
    return [found] if found else [sys.executable, "-m", "toecoach"]


def run_toecoach(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*toecoach_command(), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        input=input,
        timeout=timeout,
    )  # fmt: skip


def data_snapshot(home: Path) -> dict[str, bytes]:
    """Every file under the data dir (except the lock), for "nothing changed" checks."""
    data = home / "data"
    if not data.exists():
        return {}
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.name != ".toecoach.lock"
    }
