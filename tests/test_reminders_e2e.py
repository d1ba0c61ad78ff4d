"""Reminders in a real terminal on a fast fake clock (libfaketime at 60x: a minute a second).

- No system idle source (tmux has none): keys pressed at the start, then "work elsewhere"
  until the 20-minute interval is over, several step-away times later: one reminder comes
  (keys never turn into "away").
- Two TUIs on one home: both show the reminder, it is counted once, and answering it in one
  closes it in the other.
"""

from __future__ import annotations

import json
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.test_reminders import write_sitting_state
from tests.tmux import TmuxSession, needs_tmux

START = "2026-11-23 10:00:00"  # a Monday, inside the default work hours
FAST = f"faketime -f '@{START} x60' toecoach"
# Two TUIs start one after the other on a busy machine: 20x keeps the claim window (ten
# faked minutes) wide enough in real seconds for the second to join the first's reminder.
FAST_PAIR = f"faketime -f '@{START} x20' toecoach"
needs_faketime = pytest.mark.skipif(
    shutil.which("faketime") is None, reason="faketime is not installed"
)


def break_kinds(home: Path) -> list[str]:
    kinds: list[str] = []
    for path in (home / "data").glob("log-*.json"):
        kinds += [r["kind"] for r in json.loads(path.read_text()).get("breaks", {}).values()]
    return kinds


def _quit(session: TmuxSession) -> None:
    session.send("q")
    deadline = time.monotonic() + 20
    while session.alive() and time.monotonic() < deadline:
        time.sleep(0.1)


@needs_tmux
@needs_faketime
@pytest.mark.e2e
def test_keys_then_work_elsewhere_gives_one_reminder(configured_home: Path) -> None:
    # The shortest interval and step-away time the config accepts, and a bout 12 minutes
    # old at the start: the reminder falls 8 faked minutes in (8 real seconds), several
    # times the step-away time after the last key, which is what once ended the reminders.
    (configured_home / "config.toml").write_text(
        "[breaks]\ninterval_minutes = 20\naway_minutes = 1\n"
    )
    write_sitting_state(
        configured_home, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), timedelta(minutes=12)
    )
    session = TmuxSession(configured_home, command=FAST, width=110, height=36, env={"TZ": "UTC"})
    try:
        session.wait_for("No triage yet", timeout=30)
        session.send("?")  # keys in the app at the start
        session.wait_for("Keys")
        session.send("Escape")
        # Faked minutes without a key in this window (working in other windows).
        screen = session.wait_for("Time for a short walk", timeout=60)
        assert "Away from the desk" not in screen
        session.send("w")
        # (The "Walk logged" toast lasts a blink on a 60x clock: read the dashboard instead.)
        session.wait_for("1 walk for 1 reminder", timeout=20)
    finally:
        _quit(session)
        session.close()
    assert break_kinds(configured_home).count("reminder") == 1


@needs_tmux
@needs_faketime
@pytest.mark.e2e
def test_two_tuis_on_one_home_share_one_reminder(configured_home: Path) -> None:
    write_sitting_state(
        configured_home, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), timedelta(minutes=29)
    )
    first = TmuxSession(configured_home, command=FAST_PAIR, width=110, height=36,
                        env={"TZ": "UTC"})  # fmt: skip
    second = TmuxSession(configured_home, command=FAST_PAIR, width=110, height=36,
                         env={"TZ": "UTC"})  # fmt: skip
    try:
        first.wait_for("Time for a short walk", timeout=60)
        second.wait_for("Time for a short walk", timeout=60)
        first.send("k")  # skip, in the first window
        deadline = time.monotonic() + 20
        while "Time for a short walk" in second.screen():
            assert time.monotonic() < deadline, "the reminder stayed open in the other TUI"
            time.sleep(0.1)
        assert "Time for a short walk" not in first.screen()
    finally:
        for session in (first, second):
            _quit(session)
            session.close()
    assert break_kinds(configured_home).count("reminder") == 1
