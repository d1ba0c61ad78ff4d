"""The tests' fork server (tests/forkserver.py) stands for a real start of the installed
``toecoach``: the same command gives the same output, errors and exit status either way."""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import _fork_server, run_toecoach, toecoach_command

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()
# One or more of every command: each imports its own modules when it runs.
COMMANDS = [
    ("log", "water", "250", "--at", f"{YESTERDAY}T09:00", "--note", "[bold]x\x1b[31m"),
    ("log", "walk", "--minutes", "5", "--at", f"{YESTERDAY}T10:00"),
    ("log", "food", "banana", "--at", f"{YESTERDAY}T11:00"),
    ("episode", "--foot", "left", "--toe", "big", "--severity", "3", "--at", f"{YESTERDAY}T12:00"),
    ("rest", YESTERDAY),
    ("undo",),
    ("foods",),
    ("insights", "--json"),
    ("report",),
    ("routines", "list"),
    ("doctor",),
    ("autostart", "status"),
    ("export",),
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
    else:  # and forked it is: the comparison means nothing if both sides started for real
        env["TOECOACH_TESTS_SPAWN"] = "0"  # (even when the whole suite runs with it set)
        full = {**os.environ, **env}
        assert _fork_server(full, [*toecoach_command(), *args], None) is not None
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
        # The same history before the command: two drinks yesterday (at fixed times: undo
        # and others name them).
        # (Forked on both sides: only the command under comparison starts for real.)
        for at in (f"{YESTERDAY}T08:00", f"{YESTERDAY}T08:30"):
            assert _in_a_new_home(home, ("log", "water", "100", "--at", at), False)[0] == 0
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
        env = {"TOECOACH_TESTS_SPAWN": "1" if spawn else "0"}
        assert run_toecoach("export", "-o", "here.json", env=env).returncode == 0
        assert out.exists()
        out.unlink()
        refused = run_toecoach("triage", "--answers", "-", input=answers, env=env)
        seen.append((refused.returncode, refused.stdout, refused.stderr))
    assert seen[0] == seen[1] and seen[0][0] == 2 and "--answers" in seen[0][2]
