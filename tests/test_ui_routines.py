"""The routine player and cramp rescue: Pilot with an injected clock, a snapshot, tmux."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Digits

from tests.conftest import wait_until
from tests.test_routines_domain import EXERCISE, MASSAGE, ROUTINE
from tests.tmux import TmuxSession, needs_tmux
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.cautions import CautionsScreen
from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
from toecoach.ui.screens.player import PlayerScreen
from toecoach.ui.screens.routines import RoutinesScreen

T0 = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def user_routines(configured_home: Path) -> Path:
    folder = configured_home / "routines"
    folder.mkdir()
    (folder / "toe-splay-test.toml").write_text(
        EXERCISE.replace('id = "toe-splay"', 'id = "toe-splay-test"')
        .replace('"Spread all the toes wide."', '"Spread [bold]all[/bold] the toes \\u001b[31mwide."')
    )  # fmt: skip
    (folder / "rub.toml").write_text(
        MASSAGE.replace(
            'blocked_by = ["massage"]\n',
            'blocked_by = ["massage"]\ncautions = ["Not over a wound."]\n',
            1,
        )
    )
    (folder / "mini.toml").write_text(ROUTINE.replace('"toe-splay"', '"toe-splay-test"'))
    return folder


def runs(home: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in (home / "data").glob("log-*.json"):
        rows += json.loads(path.read_text()).get("runs", {}).values()
    return rows


async def open_mini(app: ToecoachApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    screen = app.screen
    assert isinstance(screen, RoutinesScreen)
    screen.start_routine("mini")
    await pilot.pause()
    assert isinstance(app.screen, CautionsScreen)  # massage cautions come first
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, PlayerScreen)


@pytest.fixture
def player_clock_reads(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """Every ``now`` the player screen's redraw timer has advanced the player with."""
    from toecoach.domain import player

    seen: list[datetime] = []
    real_tick = player.tick

    def tick(state: player.PlayerState, now: datetime) -> tuple[player.PlayerState, bool]:
        seen.append(now)
        return real_tick(state, now)

    monkeypatch.setattr(player, "tick", tick)
    return seen


async def tick(pilot, clock: FakeClock, seconds: float, seen: list[datetime]) -> None:  # type: ignore[no-untyped-def]
    """Move the clock on, then wait until the screen's own redraw timer has run at the new
    time (the player reads the clock; nothing here sleeps for a number of seconds)."""
    clock.advance(seconds)
    await wait_until(pilot, lambda: bool(seen) and seen[-1] >= clock.now)


async def test_play_a_whole_routine_pausing_and_skipping_once(
    user_routines: Path, configured_home: Path, player_clock_reads: list[datetime]
) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.state is not None
        assert screen.state.index == 0
        bar = screen.query_one("#progress")
        assert bar.content_region.height == 1  # the whole-routine progress bar is drawn
        steps_text = str(screen.query_one("#steps").render())
        assert "[bold]all[/bold]" in steps_text  # markup in a file is shown literally
        assert "\x1b" not in steps_text
        await tick(pilot, clock, 5, player_clock_reads)  # first hold done
        assert screen.state.index == 1
        await pilot.press("space")  # pause
        await tick(pilot, clock, 600, player_clock_reads)  # ten minutes away: nothing moves
        assert screen.state.index == 1 and screen.state.paused
        await pilot.press("space")  # resume
        await pilot.press("s")  # skip the relax
        assert screen.state.index == 2
        while not screen.state.finished:
            await tick(pilot, clock, 5, player_clock_reads)
        await app.workers.wait_for_complete()
        await pilot.pause()
    (run,) = runs(configured_home)
    assert run["routine"] == "mini"
    assert run["finished"] is True
    assert run["phases_skipped"] == 1
    assert run["steps_done"] == 2 and run["steps_total"] == 2
    assert run["started"] == T0.isoformat()


async def test_stopping_early_is_stored_as_not_finished(
    user_routines: Path, configured_home: Path, player_clock_reads: list[datetime]
) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        await tick(pilot, clock, 6, player_clock_reads)
        await pilot.press("x")
        await app.workers.wait_for_complete()
    (run,) = runs(configured_home)
    assert run["finished"] is False and run["steps_done"] == 0


async def test_a_locked_routine_says_why_and_does_not_start(
    user_routines: Path, configured_home: Path
) -> None:
    from tests.conftest import run_toecoach
    from toecoach.domain.triage import QUESTIONS

    answers = {q.id: False for q in QUESTIONS if q.required}
    answers["wound_or_sore"] = True
    assert run_toecoach("triage", "--answers", "-", input=json.dumps(answers)).returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, RoutinesScreen)
        screen.start_routine("mini")
        await pilot.pause()
        assert app.screen is screen  # not started
        message = str(screen.query_one("#message").render())
        assert (
            "massage paused because of your answer: a foot wound or sore" in message.lower()
            or "massage" in message
        )


async def test_cramp_rescue_from_any_screen_and_the_ten_minute_prompt(
    configured_home: Path,
) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("t")  # from inside the triage screens too
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CrampRescueScreen)
        assert not screen.query_one("#long-cramp").display

        def shows(text: str) -> bool:
            return text in str(screen.query_one("#elapsed-words").render())

        clock.advance(9 * 60 + 59)
        await wait_until(pilot, lambda: shows("9:59 since you started"))  # its timer ran
        assert not screen.long_prompt_shown
        clock.advance(2)
        await wait_until(pilot, lambda: shows("10:01 since you started"))
        assert screen.long_prompt_shown
        assert "medical help today" in str(screen.query_one("#long-cramp").render())
        await pilot.press("e")
        await app.workers.wait_for_complete()
    (run,) = runs(configured_home)
    assert run["routine"] == "cramp-rescue" and run["seconds"] >= 600


class MidHoldApp(ToecoachApp):
    """The player of the "mini" routine, on a fixed clock (``_settle`` moves it on)."""

    def initial_screen(self) -> PlayerScreen:
        from toecoach.services.library import load_library

        library = load_library(self.paths.routines_dir)
        return PlayerScreen(library.routines["mini"], library, [])


def test_snapshot_player_mid_hold(snap_compare, user_routines: Path, configured_home: Path) -> None:
    app = MidHoldApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    assert snap_compare(app, terminal_size=(90, 30), run_before=_settle)


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """2 s into the first 5 s hold: once the player has started (at T0), move its clock on
    and wait until it has drawn the 3 s left. (A timer that moved the clock could fire before
    the player started, on a loaded machine, and the hold would then start at T0 + 2 s.)"""
    app = pilot.app

    def started() -> bool:
        screen = app.screen
        return isinstance(screen, PlayerScreen) and screen.state is not None

    await wait_until(pilot, started)
    assert app.screen.state.started_at == T0
    app.now.now = T0 + timedelta(seconds=2)

    def drawn() -> bool:
        return app.screen.query_one("#countdown", Digits).value == "0:03"

    await wait_until(pilot, drawn)
    await pilot.pause()


@needs_tmux
@pytest.mark.e2e
def test_real_toecoach_cramp_rescue_in_tmux(configured_home: Path) -> None:
    session = TmuxSession(configured_home)
    try:
        session.wait_for("Press t for a quick")
        session.send("c")
        session.wait_for("Do this now")
        # The timer starts from zero and runs. The first reading may already be 0:01 on a
        # loaded machine (the screen is polled; 0:00 shows for one second).
        first = session.wait_for(" since you started")
        assert "0:00 since you started" in first or "0:01 since you started" in first, first
        session.wait_for("0:02 since you started")
        session.send("e")
        session.wait_for("Press t for a quick")
        session.send("q")
    finally:
        session.close()
