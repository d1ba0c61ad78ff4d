"""The routine player and cramp rescue: Pilot with an injected clock, a snapshot, tmux."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Digits

from tests.conftest import run_toecoach, wait_until, workers_settled
from tests.test_routines_domain import EXERCISE, MASSAGE, ROUTINE
from tests.tmux import TmuxSession, needs_tmux
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
from toecoach.ui.screens.player import PlayerScreen
from toecoach.ui.screens.player_dialogs import HurtModal
from toecoach.ui.screens.routines import RoutinesScreen
from toecoach.ui.widgets.footer import Footer

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


async def routines_screen(app: ToecoachApp, pilot) -> RoutinesScreen:  # type: ignore[no-untyped-def]
    """The routines list opens once its worker has read the library and the locks."""
    await workers_settled(app)
    for _ in range(100):
        if isinstance(app.screen, RoutinesScreen):
            return app.screen
        await pilot.pause(0.05)
    raise AssertionError(f"the routines list did not open: {app.screen!r}")


async def open_mini(app: ToecoachApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    screen = await routines_screen(app, pilot)
    screen.start_routine("mini")
    # Today's doses are read in a worker: the player opens when they are in.
    await wait_until(pilot, lambda: isinstance(app.screen, PlayerScreen))
    await pilot.pause()
    player_screen = app.screen
    assert isinstance(player_screen, PlayerScreen)
    # The first exercise's cautions come before its first hold, with the clock paused.
    assert player_screen.query_one("#cautions").display
    assert "No forcing." in str(player_screen.query_one("#cautions").render())
    assert player_screen.state is not None and player_screen.state.paused
    await pilot.press("space")
    assert not player_screen.query_one("#cautions").display
    assert not player_screen.state.paused


async def go_on_past_cautions(pilot, screen: PlayerScreen) -> None:  # type: ignore[no-untyped-def]
    """An exercise with cautions waits for space; press it when it does."""
    if screen._gate_item is not None:
        await pilot.press("space")


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
        await pilot.press("S")  # skip the relax only (s: the next exercise)
        assert screen.state.index == 2
        gated: list[str] = []
        while not screen.state.finished:
            if screen._gate_item is not None:
                gated.append(str(screen.query_one("#cautions").render()))
            await go_on_past_cautions(pilot, screen)
            await tick(pilot, clock, 5, player_clock_reads)
        assert any("Not over a wound." in text for text in gated)  # the massage's cautions
        await workers_settled(app)
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
        await workers_settled(app)
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
        screen = await routines_screen(app, pilot)
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
        await workers_settled(app)
    (run,) = runs(configured_home)
    assert run["routine"] == "cramp-rescue" and run["seconds"] >= 600
    # A rescue, not a routine: never "finished", never a routine done (interfaces v2).
    assert run["kind"] == "rescue" and "finished" not in run and run["escalated"] is True
    today = json.loads(run_toecoach("today", "--json").stdout)
    assert today["routines_done"] == 0


def _store_triage(home: Path, **extra: object) -> None:
    from toecoach.domain.triage import QUESTIONS

    answers: dict[str, object] = {q.id: False for q in QUESTIONS if q.required}
    answers.update(extra)
    result = run_toecoach("triage", "--answers", "-", input=json.dumps(answers))
    assert result.returncode == 0, result.stderr


async def test_cramp_rescue_without_a_triage_opens_with_the_clot_line(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CrampRescueScreen)
        await workers_settled(app)
        await pilot.pause()
        clot = str(screen.query_one("#clot").render())
        assert "clot" in clot and "do not rub" in clot and "999" in clot
        steps = str(screen.query_one("#steps").render())
        assert "pull your toes up" in steps and "Rub" in steps
        assert not screen.query_one("#triage-first").display


async def test_cramp_rescue_at_urgent_shows_advice_first_and_drops_locked_steps(
    configured_home: Path,
) -> None:
    _store_triage(configured_home, calf_swelling_one_side=True)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CrampRescueScreen)
        await workers_settled(app)
        await pilot.pause()
        first = str(screen.query_one("#triage-first").render())
        assert first.startswith("Get medical help today") and "blood clot" in first
        steps = str(screen.query_one("#steps").render())
        assert "Rub" not in steps and "walk around" not in steps and "10 minutes" in steps
        assert screen.query_one("#clot").display


async def test_cramp_rescue_with_a_hot_swollen_joint_keeps_weight_off_it(
    configured_home: Path,
) -> None:
    """The gout advice: keep pressure off the joint. Rescue stretches the whole foot from the
    ankle, and neither rubs, pulls the toes nor stands on the leg."""
    _store_triage(configured_home, hot_swollen_joint=True)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        await workers_settled(app)
        await pilot.pause()
        steps = str(app.screen.query_one("#steps").render())
        assert "Keep pressure off the big toe" in steps
        for said in ("Rub", "pull your toes", "stand on that leg", "walk around"):
            assert said not in steps, said


async def test_cramp_rescue_at_emergency_is_only_the_call(configured_home: Path) -> None:
    _store_triage(configured_home, chest_pain_or_breathless=True, hot_swollen_joint=True)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        screen = app.screen
        assert isinstance(screen, CrampRescueScreen)
        await workers_settled(app)
        await pilot.pause()
        first = str(screen.query_one("#triage-first").render())
        assert first.startswith("Call emergency services now (999)")
        assert "Sit or lie down while you wait" in str(screen.query_one("#wait").render())
        for hidden in ("#steps", "#do-now", "#clot", "#elapsed"):
            assert not screen.query_one(hidden).display, hidden


class RescueApp(ToecoachApp):
    def initial_screen(self) -> CrampRescueScreen:
        return CrampRescueScreen()


async def _rescue_settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await workers_settled(pilot.app)
    await pilot.pause(0.2)


@pytest.mark.parametrize("tier", ["none", "urgent", "emergency", "gout"])
def test_snapshot_cramp_rescue_by_tier(snap_compare, configured_home: Path, tier: str) -> None:
    extra = {
        "none": {},
        "urgent": {"cramp_over_10_min": True},
        "emergency": {"sepsis_signs": True},
        "gout": {"hot_swollen_joint": True},
    }[tier]
    if tier != "none":
        _store_triage(configured_home, **extra)
    app = RescueApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                    start_reminders=False)  # fmt: skip
    assert snap_compare(app, terminal_size=(90, 30), run_before=_rescue_settle)


class MidHoldApp(ToecoachApp):
    """The player of the "mini" routine, on a fixed clock (``_settle`` moves it on)."""

    def initial_screen(self) -> PlayerScreen:
        from toecoach.services.library import load_library

        library = load_library(self.paths.routines_dir)
        screen = PlayerScreen(library.routines["mini"], library, [])
        screen._cautions_read = {0}  # the cautions were read (their own snapshot is below)
        return screen


def test_snapshot_player_mid_hold(snap_compare, user_routines: Path, configured_home: Path) -> None:
    app = MidHoldApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0))
    assert snap_compare(app, terminal_size=(90, 30), run_before=_two_seconds_in)


async def _two_seconds_in(pilot) -> None:  # type: ignore[no-untyped-def]
    """Move the clock, then redraw once by hand: no race with the redraw timer."""
    await pilot.pause()
    pilot.app.now.now = T0 + timedelta(seconds=2)
    screen = pilot.app.screen
    screen.advance()
    screen.redraw(force=True)
    await pilot.pause()


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


class CautionsFirstApp(ToecoachApp):
    """The player as it opens: the first exercise's cautions before its first hold."""

    def initial_screen(self) -> PlayerScreen:
        from toecoach.services.library import load_library

        library = load_library(self.paths.routines_dir)
        return PlayerScreen(library.routines["mini"], library, [])


def test_snapshot_player_shows_cautions_first(
    snap_compare, user_routines: Path, configured_home: Path
) -> None:
    app = CautionsFirstApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                           start_reminders=False)  # fmt: skip
    assert snap_compare(app, terminal_size=(90, 30), run_before=_cautions_shown)


async def _cautions_shown(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the player has opened and paused on the first exercise's cautions."""
    app = pilot.app

    def gated() -> bool:
        screen = app.screen
        return isinstance(screen, PlayerScreen) and screen._gate_item == 0

    await wait_until(pilot, gated)
    await pilot.pause()
    # What a person must read there: the cautions' "Press Space to start" and a title that
    # agrees (not "Paused ... to resume" before anything has started).
    assert "Press Space to start." in str(app.screen.query_one("#cautions").render())
    title = str(app.screen.query_one("#phase-title").render())
    assert title.startswith("Ready: ") and title.endswith("(Space to start)"), title


async def test_k_shows_the_cautions_again(user_routines: Path, configured_home: Path) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await pilot.press("k")
        panel = screen.query_one("#cautions")
        assert panel.display and "No forcing." in str(panel.render())
        assert screen.state is not None and not screen.state.paused  # the clock runs on
        await pilot.press("k")
        assert not panel.display


async def test_barefoot_routine_is_locked_after_diabetes_and_numb_feet(
    configured_home: Path,
) -> None:
    from toecoach.domain.triage import QUESTIONS

    answers = {q.id: False for q in QUESTIONS if q.required}
    answers.update(diabetes=True, numbness_tingling=True)
    assert run_toecoach("triage", "--answers", "-", input=json.dumps(answers)).returncode == 0
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("r")
        screen = await routines_screen(app, pilot)
        await pilot.pause()
        screen.start_routine("strength-10min")
        await pilot.pause()
        assert app.screen is screen
        assert "barefoot" in str(screen.query_one("#message").render()).lower()


# -- runs as they happened (issue 14) ----------------------------------------------------------


async def test_after_stop_the_words_and_the_bar_agree(
    user_routines: Path, configured_home: Path, player_clock_reads: list[datetime]
) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        await tick(pilot, clock, 3, player_clock_reads)
        await pilot.press("x")
        await pilot.pause()
        assert "Stopped: 0 of 2 steps done" in str(screen.query_one("#phase-title").render())
        bar = screen.query_one("#progress")
        assert bar.percentage == 0  # type: ignore[attr-defined]  # an empty bar, not a full one
        # The run's own keys are gone from the footer and the hint line: they would do nothing.
        shown = {k.description for k in screen.query_one(Footer).keys}
        assert not shown & {"Pause/resume", "Next", "It hurts", "Too easy", "Stop"}, shown
        assert "Close" in shown and not screen.query_one("#keys").display
        await pilot.press("h")  # no "it hurts" dialog now
        await workers_settled(app)
        await pilot.pause()
        assert not isinstance(app.screen, HurtModal)
    (run,) = runs(configured_home)
    assert run["finished"] is False and run["steps_done"] == 0


async def test_escape_mid_routine_stores_the_steps_done(
    user_routines: Path, configured_home: Path, player_clock_reads: list[datetime]
) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.state is not None
        while screen.state.phase is not None and screen.state.phase.item == 0:
            await tick(pilot, clock, 5, player_clock_reads)  # until the first step is done
        await pilot.press("escape")
        await workers_settled(app)
        assert not isinstance(app.screen, PlayerScreen)
    (run,) = runs(configured_home)
    assert run["finished"] is False and run["steps_done"] == 1 and run["steps_total"] == 2


async def test_quitting_mid_routine_asks_first_and_keeps_the_partial_run(
    user_routines: Path, configured_home: Path, player_clock_reads: list[datetime]
) -> None:
    from toecoach.ui.screens.confirm import QuitConfirmModal

    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        player_screen = app.screen
        assert isinstance(player_screen, PlayerScreen) and player_screen.state is not None
        while player_screen.state.phase is not None and player_screen.state.phase.item == 0:
            await tick(pilot, clock, 5, player_clock_reads)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirmModal)
        # Its footer names its own keys, not the player's beneath it (they do nothing now).
        from toecoach.ui.widgets.footer import Footer

        shown = [key.description for key in app.screen.query_one(Footer).keys]
        assert "Keep going" in shown and "Quit" in shown and "Pause/resume" not in shown
        await pilot.press("escape")  # keep going: nothing stored, the routine runs on
        await pilot.pause()
        assert app.screen is player_screen and player_screen.run_in_progress
        assert runs(configured_home) == []
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitConfirmModal)
        await pilot.press("q")  # the quit key again: stop, save, quit
        await pilot.pause(0.5)
        await workers_settled(app)
    assert app.return_code == 0
    (run,) = runs(configured_home)
    assert run["finished"] is False and run["steps_done"] == 1 and run["steps_total"] == 2


async def test_a_one_second_cramp_rescue_counts_no_routine(configured_home: Path) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        assert isinstance(app.screen, CrampRescueScreen)
        clock.advance(1)
        await pilot.press("e")
        await workers_settled(app)
    (run,) = runs(configured_home)
    assert run["kind"] == "rescue" and run["seconds"] == 1 and "finished" not in run
    day = T0.date().isoformat()
    history = json.loads(run_toecoach("history", "--from", day, "--to", day, "--json").stdout)
    assert history["days"][0]["routines_done"] == 0
    assert history["streaks"]["routines"] == {"current": 0, "longest": 0}


async def test_quitting_during_a_cramp_rescue_keeps_it(configured_home: Path) -> None:
    clock = FakeClock(T0)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await pilot.press("c")
        clock.advance(40)
        await pilot.press("q")
        await pilot.pause(0.5)
    (run,) = runs(configured_home)
    assert run["kind"] == "rescue" and run["seconds"] == 40


async def test_routine_summaries_wrap_under_their_first_line_at_60_columns(
    configured_home: Path,
) -> None:
    from tests.test_ui_actions import screen_text

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("r")
        screen = await routines_screen(app, pilot)
        await wait_until(pilot, lambda: getattr(screen, "_options_width", None) is not None)
        await pilot.pause()
        names = tuple(r.name for r in screen.library.routines.values())
        # The list's rows, between its borders (the text inside starts after one space).
        rows = [line.split("▊", 1)[1].rstrip(" ▎")[1:] for line in screen_text(app).splitlines()
                if "▊" in line and line.split("▊", 1)[1].strip(" ▎▔▁")]  # fmt: skip
        assert rows and rows[0].startswith("Bedtime cramp stretch")
        summaries = [row for row in rows if not row.startswith(names)]
        assert len(summaries) > len(names) - 3  # some wrap onto a second line
        assert all(row.startswith("  ") for row in summaries), summaries
