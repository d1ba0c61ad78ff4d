"""The player that follows the person: next exercise, its help, pausing behind other screens,
"it hurts" and "too easy", and progression over weeks (domain, Pilot, CLI)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import run_toecoach, wait_until, workers_settled
from tests.test_routines_domain import EXERCISE
from tests.test_ui_actions import screen_text
from tests.test_ui_routines import FakeClock, open_mini, user_routines  # noqa: F401
from toecoach.config import load_settings
from toecoach.domain import kinds
from toecoach.domain import progression as prog
from toecoach.domain.routines import ContentError, Dose, Span, parse_exercise
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
from toecoach.ui.screens.player import PlayerScreen
from toecoach.ui.screens.player_dialogs import HurtModal, PlayerHelpModal

NOW = datetime.combine(date.today(), datetime.min.time(), tzinfo=UTC) + timedelta(hours=10)

PROGRESSING = EXERCISE.replace("reps = 3\n", "reps = [5, 10]\n").replace(
    "[[sources]]",
    '[progression]\nreps = [5, 10]\nweeks = 5\nruns_per_step = 2\nsources = ["S46"]\n\n[[sources]]',
)


def exercise():  # type: ignore[no-untyped-def]
    return parse_exercise(PROGRESSING, "toe-splay.toml", "toe-splay")


def done(days_ago: float) -> prog.ExerciseEvent:
    return prog.ExerciseEvent(NOW - timedelta(days=days_ago), "toe-splay", "done")


# -- the pure domain ------------------------------------------------------------------------------


def test_progression_steps_up_after_good_runs_and_never_past_the_most() -> None:
    ex = exercise()
    dose, why = prog.todays_dose(ex, ex.dose, (), [])
    assert dose.reps == Span(5, 5) and "the start" in why
    two_runs = [done(3), done(2)]
    dose, why = prog.todays_dose(ex, ex.dose, (), two_runs)
    assert dose.reps == Span(6, 6)
    assert f"2 good runs since {(NOW - timedelta(days=3)).date().isoformat()}" in why
    many = [done(30 - i) for i in range(30)]
    dose, why = prog.todays_dose(ex, ex.dose, (), many)
    assert dose.reps == Span(10, 10) and "the most it builds up to" in why


def test_a_routine_that_set_a_lighter_dose_caps_the_progression() -> None:
    ex = exercise()
    many = [done(30 - i) for i in range(30)]
    dose, why = prog.todays_dose(ex, Dose(reps=Span(7, 7)), ("reps",), many)
    assert dose.reps == Span(7, 7) and "the most this routine asks for" in why


def test_it_hurts_steps_back_halves_the_next_dose_and_repeats_leave_it_out() -> None:
    ex = exercise()
    runs = [done(10 - i) for i in range(4)]  # two steps up: 7 reps
    assert prog.todays_dose(ex, ex.dose, (), runs)[0].reps == Span(7, 7)
    hurt = prog.ExerciseEvent(NOW - timedelta(days=5), "toe-splay", "hurt", 4)
    dose, why = prog.todays_dose(ex, ex.dose, (), [*runs, hurt])
    assert dose.reps == Span(3, 3)  # a step back (6), halved for the run after the pain
    assert "half the dose" in why
    assert prog.left_out([*runs, hurt], "toe-splay") is None
    again = prog.ExerciseEvent(NOW - timedelta(days=1), "toe-splay", "hurt", 3)
    assert prog.left_out([*runs, hurt, again], "toe-splay") is not None
    assert prog.offer_triage(3, [*runs, hurt], "toe-splay", NOW)  # twice within a week
    restored = prog.ExerciseEvent(NOW, "toe-splay", "restored")
    assert prog.left_out([*runs, hurt, again, restored], "toe-splay") is None


def test_severe_pain_offers_the_triage_and_leaves_the_exercise_out() -> None:
    assert prog.offer_triage(7, [], "toe-splay", NOW)
    assert not prog.offer_triage(6, [], "toe-splay", NOW)
    severe = prog.ExerciseEvent(NOW, "toe-splay", "hurt", 8)
    assert "8/10" in (prog.left_out([severe], "toe-splay") or "")


@given(st.lists(st.sampled_from(["done", "hurt", "easy"]), max_size=40))
def test_the_dose_stays_within_the_progression_whatever_happened(kinds: list[str]) -> None:
    ex = exercise()
    events = [
        prog.ExerciseEvent(NOW - timedelta(hours=len(kinds) - i), "toe-splay", kind, 2)
        for i, kind in enumerate(kinds)
    ]
    dose, _ = prog.todays_dose(ex, ex.dose, (), events)
    assert dose.reps is not None and 1 <= dose.reps.low <= 10


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("reps = [5, 20]", "above the maximum of 10"),
        ("reps = [8, 6]", "the start (8) is above the most (6)"),
    ],
)
def test_the_validator_refuses_a_bad_progression(block: str, message: str) -> None:
    text = PROGRESSING.replace("reps = [5, 10]\nweeks", f"{block}\nweeks")
    with pytest.raises(ContentError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_exercise(text, "toe-splay.toml", "toe-splay")
    unknown = PROGRESSING.replace('sources = ["S46"]', 'sources = ["S999"]')
    with pytest.raises(ContentError, match="not among this file's"):
        parse_exercise(unknown, "toe-splay.toml", "toe-splay")


def test_routines_check_refuses_a_progression_above_its_maximum(tmp_path: Path) -> None:
    bad = tmp_path / "toe-splay.toml"
    bad.write_text(PROGRESSING.replace("reps = [5, 10]\nweeks", "reps = [5, 12]\nweeks"))
    result = run_toecoach("routines", "check", str(bad))
    assert result.returncode == 2
    assert "progression.reps" in result.stderr and "above the maximum of 10" in result.stderr
    good = tmp_path / "ok" / "toe-splay.toml"
    good.parent.mkdir()
    good.write_text(PROGRESSING)
    assert run_toecoach("routines", "check", str(good)).returncode == 0


def _store_runs(home: Path, runs: list[dict[str, object]]) -> None:
    from toecoach.domain.records import new_record
    from toecoach.services.coach import Coach

    coach = Coach(load_settings(home / "config.toml"))
    for fields in runs:
        at = datetime.fromisoformat(str(fields["ended"]))
        coach.save_run(new_record("run", at, at, **fields))


def test_routines_show_gives_todays_dose_and_why(configured_home: Path) -> None:
    day = (NOW - timedelta(days=6)).astimezone()
    runs = [
        {"routine": "strength-10min", "finished": True, "ended": (day + timedelta(days=i)).isoformat(),
         "exercises_done": ["towel-scrunch"]}
        for i in range(4)
    ]  # fmt: skip
    _store_runs(configured_home, runs)
    result = run_toecoach("routines", "show", "strength-10min")
    assert result.returncode == 0, result.stderr
    # 5-10 reps over 4 steps, 3 good runs a step: one step up after 4 good runs.
    assert f"reps 6 of 5-10: 4 good runs since {day.date().isoformat()}" in result.stdout
    as_json = json.loads(run_toecoach("routines", "show", "strength-10min", "--json").stdout)
    towel = next(i for i in as_json["items"] if i["exercise"] == "towel-scrunch")
    assert towel["dose_today"].startswith("6 reps")


def test_routines_restore_brings_back_an_exercise_left_out(configured_home: Path) -> None:
    from toecoach.domain.records import new_record
    from toecoach.services.coach import Coach

    coach = Coach(load_settings(configured_home / "config.toml"))
    now = datetime.now().astimezone()
    coach.save_feedback(new_record("feedback", now, now, exercise="towel-scrunch",
                                   routine="strength-10min", verdict="hurt", severity=8))  # fmt: skip
    shown = run_toecoach("routines", "show", "strength-10min").stdout
    assert "left out: it hurt (8/10)" in shown
    assert "toecoach routines restore towel-scrunch" in shown
    restored = run_toecoach("routines", "restore", "towel-scrunch")
    assert restored.returncode == 0 and "back in your routines" in restored.stdout
    assert "left out" not in run_toecoach("routines", "show", "strength-10min").stdout
    assert run_toecoach("routines", "restore", "no-such").returncode == 2


# -- the player, with Pilot --------------------------------------------------------------------


def episodes(home: Path) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for path in (home / "data").glob("log-*.json"):
        rows += json.loads(path.read_text()).get("episodes", {}).values()
    return rows


@pytest.mark.usefixtures("user_routines")
async def test_s_goes_to_the_next_exercise_and_next_up_names_it(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.state is not None
        assert "Next up: Rub" in str(screen.query_one("#next-up").render())
        assert screen.state.phase is not None and screen.state.phase.item == 0
        await pilot.press("s")
        assert screen.state.phase is not None and screen.state.phase.item == 1
        assert "Next up: the end of the routine" in str(screen.query_one("#next-up").render())


@pytest.mark.usefixtures("user_routines")
async def test_question_mark_on_the_player_lists_the_players_keys(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, PlayerHelpModal)
        await pilot.pause()
        keys = screen_text(app)
        for words in ("on to the next exercise", "it hurts", "too easy", "pause or resume",
                      "Space", "cramp rescue"):  # fmt: skip
            assert words in keys
        await pilot.press("escape")
        assert isinstance(app.screen, PlayerScreen)


@pytest.mark.usefixtures("user_routines")
async def test_the_player_pauses_behind_cramp_rescue_until_resumed(
    configured_home: Path,
) -> None:
    clock = FakeClock(NOW)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=clock)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.state is not None
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CrampRescueScreen))
        clock.advance(60)  # a minute behind the cramp screen: Rep 1 stays Rep 1
        screen.advance()
        assert screen.state.index == 0 and screen.state.paused
        await pilot.press("e")  # it has eased
        await wait_until(pilot, lambda: app.screen is screen)
        clock.advance(30)
        screen.advance()
        assert screen.state.index == 0 and screen.state.paused  # stays paused
        assert "Paused" in str(screen.query_one("#phase-title").render())
        await pilot.press("space")
        assert not screen.state.paused


@pytest.mark.usefixtures("user_routines")
async def test_it_hurts_logs_the_exercise_and_the_next_run_is_lighter(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        screen = app.screen
        assert isinstance(screen, PlayerScreen) and screen.state is not None
        await pilot.press("h")
        assert isinstance(app.screen, HurtModal)
        assert screen.state.paused
        await pilot.press("down", "down", "enter")  # arch
        await pilot.press("4", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        await workers_settled(app)
        await pilot.pause()
        assert screen.state.phase is not None and screen.state.phase.item == 1  # stopped
        assert screen.state.paused
        assert "Logged in your diary: arch, 4/10" in str(screen.query_one("#status").render())
        (episode,) = episodes(configured_home)
        assert episode["exercise"] == "toe-splay-test" and episode["routine"] == "mini"
        assert episode["severity"] == 4 and episode["area"] == "arch"
        assert episode["source"] == "player"
        # In the diary as pain during that exercise, not counted as a spasm anywhere.
        assert app.service.today()["episodes"] == 0
        day = app.service.day_view(NOW.date())
        said = [kinds.describe(table, row) for table, row in day["entries"] if table == "episodes"]
        assert said == ["pain during toe-splay-test (arch), severity 4"]
        plan = app.service.routine_for_today("mini")
    # Next run: the toe splay at half its dose (2 reps -> 1).
    assert plan.routine.items[0].dose.reps == Span(1, 1)
    assert "half the dose" in plan.why[0]


@pytest.mark.usefixtures("user_routines")
async def test_too_easy_is_remembered(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        await pilot.press("e")
        await workers_settled(app)
        events = app.service.exercise_events()
    assert [(e.exercise, e.kind) for e in events] == [("toe-splay-test", "easy")]


@pytest.mark.usefixtures("user_routines")
async def test_severe_pain_leaves_it_out_offers_the_triage_and_o_brings_it_back(
    configured_home: Path,
) -> None:
    from toecoach.ui.screens.routines import RoutinesScreen

    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        player_screen = app.screen
        await pilot.press("h")
        await pilot.press("enter")  # the first place offered
        await pilot.press("8", "enter")
        await wait_until(pilot, lambda: app.screen is player_screen)
        await workers_settled(app)
        await pilot.pause()
        status = str(player_screen.query_one("#status").render())
        assert "8/10" in status and "for the triage" in status
        assert (
            "left out of your routines until you bring it back (o on the routines list)" in status
        )
        assert app.service.routine_for_today("mini").left_out
        # Close the player (the partial run is kept) and bring the exercise back from the list.
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RoutinesScreen))
        routines = app.screen
        options = routines.query_one("OptionList")
        options.highlighted = [o.id for o in options._options].index("mini")  # type: ignore[attr-defined]
        await pilot.press("o")
        await workers_settled(app)
        await pilot.pause()
        message = str(routines.query_one("#message").render())
        assert "Brought back into" in message and "Toe splay" in message
        assert not app.service.routine_for_today("mini").left_out
        await pilot.press("o")
        await workers_settled(app)
        await pilot.pause()
        assert "Nothing is left out of" in str(routines.query_one("#message").render())


@pytest.mark.usefixtures("user_routines")
async def test_cramp_rescue_and_help_work_over_the_it_hurts_dialog(configured_home: Path) -> None:
    from toecoach.ui.screens.help import HelpScreen
    from toecoach.ui.widgets.footer import Footer

    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(NOW))
    async with app.run_test(size=(100, 36)) as pilot:
        await open_mini(app, pilot)
        await pilot.press("h")
        dialog = app.screen
        assert isinstance(dialog, HurtModal)
        # Its own footer (close, cramp rescue, help), not the player's beneath it.
        footer_keys = [k.description for k in dialog.query_one(Footer).keys]
        assert "Cramp" in footer_keys and "It hurts" not in footer_keys
        await pilot.press("enter")  # where: the first place; focus moves to "how much"
        await pilot.press("c")  # a letter in the number field is a command
        await wait_until(pilot, lambda: isinstance(app.screen, CrampRescueScreen))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is dialog)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
