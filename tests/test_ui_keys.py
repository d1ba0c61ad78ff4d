"""Keys that work where people press them (issue 17, item 7): the app-wide keys from every
screen and dialog, also while a field has focus, and focus back on the list after logging."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from tests.conftest import wait_until, workers_settled
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.checkin import CheckinScreen
from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
from toecoach.ui.screens.help import HelpScreen
from toecoach.ui.screens.reminder import ReminderModal
from toecoach.ui.widgets.command_input import continues_unit

ALL_DAY = '[breaks]\nwork_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\n' \
          'work_hours = "00:00-23:59"\n'  # fmt: skip


def app_for(home: Path, **kwargs: object) -> ToecoachApp:
    return ToecoachApp(load_settings(home / "config.toml"), **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("before", "character", "takes"),
    [("250", "m", True), ("250 m", "l", True), ("1 ", "b", True), ("", "c", False),
     ("250", "q", False), ("250ml", "c", False), ("2", "c", True), ("1,5 ", "l", True)],
)  # fmt: skip
def test_a_letter_is_text_only_where_it_continues_a_unit(
    before: str, character: str, takes: bool
) -> None:
    units = ("ml", "cl", "l", "cup", "glass", "bottle")
    assert continues_unit(before, character, units) is takes


async def test_c_from_the_amount_field_opens_cramp_rescue(configured_home: Path) -> None:
    app = app_for(configured_home, start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "a")  # check-in, then the amount field
        assert isinstance(app.screen, CheckinScreen)
        amount = app.screen.query_one("#amount", Input)
        assert app.screen.focused is amount
        await pilot.press("2", "5", "0", "space", "m", "l")
        assert amount.value == "250 ml"  # digits and a unit are typed
        await pilot.press("c")
        assert isinstance(app.screen, CrampRescueScreen)
        assert amount.value == "250 ml"  # no stray "c"


async def test_help_and_quit_keys_from_the_amount_field(configured_home: Path) -> None:
    app = app_for(configured_home, start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "a", "question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_a_note_takes_letters_and_ctrl_r_opens_cramp_rescue(configured_home: Path) -> None:
    app = app_for(configured_home, start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        note = app.screen.query_one("#note", Input)
        note.focus()
        await pilot.press("c", "a", "l", "f")
        assert note.value == "calf" and isinstance(app.screen, CheckinScreen)
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.binding.show}
        assert "ctrl+r" in footer_keys and "c" not in footer_keys  # the footer names it now
        await pilot.press("ctrl+r")
        assert isinstance(app.screen, CrampRescueScreen)


async def test_after_logging_focus_is_back_on_the_list(configured_home: Path) -> None:
    app = app_for(configured_home, start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "a", "3", "0", "0", "enter")
        screen = app.screen
        assert isinstance(screen, CheckinScreen)
        await wait_until(pilot, lambda: len(screen.entries) == 1)
        assert isinstance(screen.focused, DataTable)
        await pilot.press("u")  # a list key works at once: undo the entry just logged
        await wait_until(pilot, lambda: not screen.entries)


async def test_c_and_p_work_while_the_reminder_dialog_is_open(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text(ALL_DAY)
    app = app_for(configured_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.reminders is not None)
        app.show_reminder(35)
        await pilot.pause()
        assert isinstance(app.screen, ReminderModal)
        await pilot.press("c")
        assert isinstance(app.screen, CrampRescueScreen)
        await pilot.press("e")  # eased: back to the dialog, still waiting for an answer
        assert isinstance(app.screen, ReminderModal)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReminderModal)
        await pilot.press("p")
        assert not isinstance(app.screen, ReminderModal)
        service = app.reminders
        assert service is not None and service.state.paused_until is not None
        assert service.state.paused_until > app.now()
        await workers_settled(app)
