"""The tests' fork server (tests/forkserver.py) stands for a real start of the installed
``toecoach``: the same command gives the same output, errors and exit status either way."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_toecoach

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
COMMANDS = [
    ("log", "water", "250", "--at", f"{YESTERDAY}T09:00", "--note", "[bold]x\x1b[31m"),
    ("log", "water", "abc"),
    ("log", "water", "250", "--at", "tomorrow-ish"),
    ("today", "--json"),
    ("history", "--json", "--from", YESTERDAY),
    ("--help",),
    ("log", "--help"),
    ("no-such-command",),
    ("import", "/nonexistent/export.json"),
]


def _in_a_new_home(home: Path, args: tuple[str, ...], spawn: bool) -> tuple[int, str, str]:
    env = {"TOECOACH_HOME": str(home)}
    if spawn:
        env["TOECOACH_TESTS_SPAWN"] = "1"
    result = run_toecoach(*args, env=env)
    out = result.stdout.replace(str(home), "HOME")
    return result.returncode, out, result.stderr.replace(str(home), "HOME")


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a)[:40])
def test_a_forked_command_is_the_real_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    seen = []
    for spawn in (False, True):
        home = tmp_path / ("spawned" if spawn else "forked")
        home.mkdir()
        (home / "config.toml").write_text("")
        # The same history before the command: one drink yesterday, one today.
        for at in (f"{YESTERDAY}T08:00", None):
            extra = ("--at", at) if at else ()
            assert _in_a_new_home(home, ("log", "water", "100", *extra), spawn)[0] == 0
        seen.append(_in_a_new_home(home, args, spawn))
    forked, spawned = seen
    assert forked == spawned


def test_input_and_the_working_directory_reach_the_command(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "here.json"
    answers = '{"not json'
    seen = []
    for spawn in (False, True):
        env = {"TOECOACH_TESTS_SPAWN": "1"} if spawn else {}
        assert run_toecoach("export", "-o", "here.json", env=env).returncode == 0
        assert out.exists()
        out.unlink()
        refused = run_toecoach("triage", "--answers", "-", input=answers, env=env)
        seen.append((refused.returncode, refused.stdout, refused.stderr))
    assert seen[0] == seen[1] and seen[0][0] == 2 and "--answers" in seen[0][2]
