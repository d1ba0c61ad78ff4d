"""The triage screens, driven by keyboard alone with Pilot; a snapshot; tmux end to end."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import workers_settled
from tests.tmux import TmuxSession, needs_tmux
from toecoach.config import load_settings
from toecoach.domain import triage
from toecoach.domain.triage import QUESTIONS
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.home import HomeScreen
from toecoach.ui.screens.triage import (
    ContextScreen,
    TriageResultScreen,
    TriageSession,
    TriageStartScreen,
    WarningSignsScreen,
)
from toecoach.ui.widgets.question_row import QuestionRow

REQUIRED = [q.id for q in triage.QUESTIONS if q.required]


def stored(home: Path, table: str) -> list[dict[str, object]]:
    path = home / "data" / "main.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_text()).get(table, {}).values())


def make_app(home: Path) -> ToecoachApp:
    return ToecoachApp(load_settings(home / "config.toml"))


async def test_keyboard_only_from_emergency_box_to_stored_result(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TriageStartScreen)
        assert "999" in app.screen.query_one(".emergency-box").render().plain  # type: ignore[attr-defined]
        await pilot.press("enter")
        assert isinstance(app.screen, WarningSignsScreen)
        # Enter before every warning sign is answered goes nowhere and says why.
        await pilot.press("n", "n", "enter")
        assert isinstance(app.screen, WarningSignsScreen)
        required = sum(q.required for q in QUESTIONS)
        assert f"{required - 2} left" in str(app.screen.query_one("#status").render())
        await pilot.press(*["n"] * (required - 2))
        await pilot.press("enter")
        assert isinstance(app.screen, ContextScreen)
        await pilot.press("y")  # numbness_tingling: yes
        await pilot.press("r")
        assert isinstance(app.screen, TriageResultScreen)
        await workers_settled(app)
        await pilot.pause()
        (record,) = stored(configured_home, "triage")
        assert record["tier"] == "soon"
        answers = record["answers"]
        assert isinstance(answers, dict)
        assert answers["numbness_tingling"] is True
        assert all(answers[q] is False for q in REQUIRED)
        assert record["spec_version"] == 2 and record["disclaimer_version"] == 1
        await pilot.press("a")
        await workers_settled(app)
        await pilot.pause()
        (plan,) = stored(configured_home, "plans")
        assert plan["triage_id"] == record["id"]
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)


async def test_the_question_text_stays_put_as_the_focus_moves(configured_home: Path) -> None:
    # The focus bar used to add a column to the focused row: its text jumped right, and
    # every key (the focus moves to the next question) laid the whole screen out again.
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter")
        rows = list(app.screen.query(QuestionRow))
        assert app.screen.focused is rows[0]
        columns = {row.content_region.x for row in rows}
        widths = {row.content_region.width for row in rows}
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.focused is rows[1]
        assert {row.content_region.x for row in rows} == columns and len(columns) == 1
        assert {row.content_region.width for row in rows} == widths and len(widths) == 1


async def test_red_flag_banner_appears_as_soon_as_answered(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter", "n", "y")  # second question: a toe turning black
        banner = app.screen.query_one("#red-flag")
        assert banner.display
        assert "Call emergency services now (999)" in str(banner.render())


async def test_the_banner_never_pushes_the_focused_question_off_a_short_screen(
    configured_home: Path,
) -> None:
    """At 60x20 the first red flag's banner took the room of the question focus moved to."""
    app = make_app(configured_home)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("t", "enter", "n", "u")  # not sure about the second: emergency
        await pilot.pause()
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, QuestionRow) and app.screen.query_one("#red-flag").display
        scroller = focused.parent
        assert scroller is not None
        top, bottom = scroller.region.y, scroller.region.bottom  # type: ignore[attr-defined]
        assert top <= focused.region.y and focused.region.bottom <= bottom, (
            focused.region, scroller.region)  # type: ignore[attr-defined]  # fmt: skip


async def test_unsure_counts_as_yes_in_the_result(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter")
        keys = ["n"] * len(REQUIRED)
        keys[REQUIRED.index("calf_swelling_one_side")] = "u"
        await pilot.press(*keys, "enter", "r")
        await workers_settled(app)
        screen = app.screen
        assert isinstance(screen, TriageResultScreen)
        assert screen.result.tier == "urgent"
        assert screen.result.unsure == ("calf_swelling_one_side",)
        # Nothing to apply at urgent: the only action is the help text.
        assert screen.result.plan.is_empty
        assert app.screen.check_action("apply_plan", ()) is False


async def test_number_questions_refuse_out_of_range_inline(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter", *["n"] * len(REQUIRED), "enter")
        assert isinstance(app.screen, ContextScreen)
        app.screen.query_one("#q-episodes_per_week Input").focus()
        await pilot.press("9", "9", "9")
        await pilot.press("r")  # typed into the Input? no: r is refused by an integer Input
        await pilot.pause()
        assert isinstance(app.screen, ContextScreen)
        app.screen.action_result()
        await pilot.pause()
        assert isinstance(app.screen, ContextScreen)
        assert "Fix or clear" in str(app.screen.query_one("#status").render())
        await pilot.press("end", "backspace", "backspace")  # 9 a week: valid
        await pilot.pause()
        assert app.screen.focused is not None and app.screen.focused.value == "9"  # type: ignore[attr-defined]
        await pilot.press("r")  # r works even while the number field has focus
        await workers_settled(app)
        assert isinstance(app.screen, TriageResultScreen)
        assert app.screen.result.tier == "soon"  # S8_frequent
        assert "S8_frequent" in app.screen.result.rule_ids


async def test_past_results_are_listed(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter", *["n"] * len(REQUIRED), "enter", "r")
        await workers_settled(app)
        await pilot.press("escape", "t")
        assert isinstance(app.screen, TriageStartScreen)
        assert "Self-care is reasonable" in str(app.screen.query_one("#past-results").render())


async def test_the_pattern_screen_footer_names_the_result_key_at_80_columns(
    configured_home: Path,
) -> None:
    """Its header says to press r for the result: the footer shows r at 80x24 too."""
    from toecoach.ui.widgets.footer import Footer

    app = make_app(configured_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "enter", *["n"] * len(REQUIRED), "enter")
        await workers_settled(app)
        await pilot.pause()
        assert type(app.screen).__name__ == "ContextScreen"
        shown = [k.description for k in app.screen.query_one(Footer).keys]
        assert "See result" in shown, shown


class UrgentResultApp(ToecoachApp):
    def initial_screen(self) -> TriageResultScreen:
        answers: dict[str, triage.Answer] = dict.fromkeys(REQUIRED, False)
        answers.update(calf_swelling_one_side=True, sitting_hours=9, tight_or_high_heels=True)
        return TriageResultScreen(TriageSession("uk", answers), save=False)


class SelfCareResultApp(ToecoachApp):
    def initial_screen(self) -> TriageResultScreen:
        answers: dict[str, triage.Answer] = dict.fromkeys(REQUIRED, False)
        answers.update(sitting_hours=9, episodes_per_week=4)
        return TriageResultScreen(TriageSession("uk", answers), save=False)


async def test_the_plan_names_its_routines(configured_home: Path) -> None:
    """As the routines list names them, not by their ids ("bedtime-cramp")."""
    app = SelfCareResultApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await workers_settled(app)
        await pilot.pause()
        plan = str(app.screen.query_one("#plan-text").render())
        assert "Routines: 2-minute desk break, Bedtime cramp stretch" in plan
        assert "bedtime-cramp" not in plan


def test_snapshot_urgent_result(snap_compare, configured_home: Path) -> None:
    assert snap_compare(UrgentResultApp(load_settings(configured_home / "config.toml")),
                        terminal_size=(100, 36))  # fmt: skip


@needs_tmux
@pytest.mark.e2e
def test_real_toecoach_triage_in_tmux(configured_home: Path) -> None:
    session = TmuxSession(configured_home)
    try:
        session.wait_for("Press t for a quick")
        session.send("t")
        session.wait_for("Call 999 now if")
        session.send("Enter")
        session.wait_for("Warning signs")
        session.send(*["n"] * len(REQUIRED), pause=0.08)
        session.wait_for("All answered")
        session.send("Enter")
        session.wait_for("About the pattern")
        session.send("r")
        session.wait_for("Self-care is reasonable")
        session.wait_for("Saved to your history")
        session.send("Escape")
        session.wait_for_gone("Saved to your history")
        session.wait_for("Self-care is reasonable")  # the home screen's latest triage
        session.send("q")
        assert session.wait_for_exit(), session.screen()
    finally:
        session.close()
    (record,) = stored(configured_home, "triage")
    assert record["tier"] == "self-care"


async def test_triage_is_in_the_command_palette(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"triage")
        # The palette searches in the background: Enter until its hit is chosen.
        deadline = time.monotonic() + 30
        while not isinstance(app.screen, TriageStartScreen):
            assert time.monotonic() < deadline, "the palette never offered the triage"
            await pilot.pause(0.2)
            await pilot.press("enter")
            await pilot.pause(0.1)


async def test_pregnancy_follow_up_only_when_pregnant(configured_home: Path) -> None:
    app = make_app(configured_home)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", "enter")
        await pilot.press(*["n"] * sum(q.required for q in QUESTIONS))
        await pilot.press("enter")
        assert isinstance(app.screen, ContextScreen)
        follow_up = app.screen.query_one("#q-pregnancy_warning_signs")
        assert follow_up.display is False
        app.screen.query_one("#q-pregnant").focus()
        await pilot.press("y")
        assert follow_up.display is True
        follow_up.focus()
        await pilot.press("y")
        assert app.screen.session.answers["pregnancy_warning_signs"] is True
        # The live banner shows the same-day advice at once.
        banner = app.screen.query_one("#red-flag")
        assert banner.display and "midwife" in str(banner.render())
        app.screen.query_one("#q-pregnant").focus()
        await pilot.press("n")
        assert follow_up.display is False
        assert "pregnancy_warning_signs" not in app.screen.session.answers
