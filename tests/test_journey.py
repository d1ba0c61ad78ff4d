"""A whole journey in a real terminal with the real toecoach, on a clock we control.

First-run setup, a triage, a check-in, a short routine, a walking-break reminder answered,
the history, quit; then the command line shows all of it. ``faketime`` pins the start to a
Monday morning in work hours, and the stored tracker state says the person has sat for 31
minutes, so the reminder is due at once (no 30-minute wait).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import run_toecoach
from tests.test_reminders import write_sitting_state
from tests.tmux import TmuxSession, needs_tmux
from toecoach.domain.triage import QUESTIONS

FAKE_START = "2026-11-23 10:00:00"  # a Monday
DAY = "2026-11-23"

QUICK_ROUTINE = """\
schema = 1
id = "quick-check"
name = "Quick check"
summary = "One short toe splay, for the journey test."

[[items]]
exercise = "toe-splay"
reps = 1
hold_seconds = 2
per_side = false
"""


@needs_tmux
@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("faketime") is None, reason="faketime is not installed")
def test_whole_journey(toecoach_home: Path) -> None:
    (toecoach_home / "routines").mkdir(parents=True)
    (toecoach_home / "routines" / "quick-check.toml").write_text(QUICK_ROUTINE)
    write_sitting_state(
        toecoach_home, datetime(2026, 11, 23, 10, 0, tzinfo=UTC), timedelta(minutes=31)
    )
    session = TmuxSession(toecoach_home, command=f"faketime '{FAKE_START}' toecoach",
                          width=110, height=36, env={"TZ": "UTC"})  # fmt: skip
    try:
        # The reminder is due at once; it comes up over the first-run setup.
        session.wait_for("Time for a short walk")
        session.send("w")
        session.wait_for_gone("Time for a short walk")
        session.wait_for("Welcome to toecoach")
        session.send("C-s")  # accept the statement, keep the defaults
        session.wait_for("No triage yet")
        # Triage, keyboard only.
        session.send("t")
        session.wait_for("Call 999 now if")
        session.send("Enter")
        session.wait_for("Warning signs")
        session.send(*["n"] * sum(q.required for q in QUESTIONS), pause=0.08)
        session.wait_for("All answered")
        session.send("Enter")
        session.wait_for("About the pattern")
        session.send("r")
        session.wait_for("Saved to your history")
        session.send("Escape")
        session.wait_for_gone("Saved to your history")  # back on the dashboard
        # A check-in: a glass of water.
        session.send("g")
        session.wait_for("250 of 2200 ml")
        # A short routine (the user's own file, last in the list).
        session.send("r")
        session.wait_for("Bedtime cramp stretch")  # the list, first routine first
        session.send("End")
        session.wait_for("Quick check")
        session.send("Enter")
        # The exercise's cautions come first, with the clock paused; space goes on.
        session.wait_for("Press Space to start")
        session.send("Space")
        session.wait_for("Well done: 1 of 1 step done")
        session.wait_for("Saved to your history")
        session.send("Escape")
        session.wait_for_gone("Well done")  # the player closed; the list of routines is back
        session.send("Escape")
        session.wait_for_gone("Quick check")  # and the dashboard
        # The history.
        session.send("h")
        session.wait_for("longest")
        session.send("Escape")
        session.wait_for_gone("longest")
        session.wait_for("Self-care is reasonable")  # the dashboard shows the latest triage
        session.send("q")
        assert session.wait_for_exit(), session.screen()
    finally:
        session.close()
    # The command line shows all of it.
    doc = json.loads(run_toecoach("history", "--from", DAY, "--to", DAY, "--json").stdout)
    (day,) = doc["days"]
    assert day["water_ml"] == 250
    assert day["reminders"] == 1 and day["walks"] == 1
    assert day["routines_done"] == 1
    main = json.loads((toecoach_home / "data" / "main.json").read_text())
    (triage,) = main["triage"].values()
    assert triage["tier"] == "self-care" and triage["at"].startswith(DAY)
    assert (toecoach_home / "config.toml").exists()
    assert [c["disclaimer_version"] for c in main["consents"].values()] == [1]
