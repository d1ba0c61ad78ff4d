"""The action table (toecoach/ui/actions.py): bindings, palette, help and on-screen key hints all
come from it, and a key remapped in [keymap] is the key every one of them names."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from tests.test_ui_dashboard import wait_until
from toecoach.config import load_settings
from toecoach.ui import actions
from toecoach.ui.actions import ACTIONS, BY_ID, bindings_for, palette_actions
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.base import ToecoachDialog, ToecoachScreen
from toecoach.ui.screens.help import HelpScreen
from toecoach.ui.screens.history import HistoryScreen
from toecoach.ui.screens.home import HomeScreen
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody


def screen_text(app: ToecoachApp) -> str:
    """What the terminal shows now, as plain text (one line per row)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False, safe_box=False)  # fmt: skip
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def all_widget_classes() -> list[type[Widget]]:
    import toecoach.ui.screens.checkin
    import toecoach.ui.screens.cramp_rescue
    import toecoach.ui.screens.edit_entry
    import toecoach.ui.screens.episode
    import toecoach.ui.screens.help
    import toecoach.ui.screens.history
    import toecoach.ui.screens.home
    import toecoach.ui.screens.player
    import toecoach.ui.screens.reminder
    import toecoach.ui.screens.routines
    import toecoach.ui.screens.settings
    import toecoach.ui.screens.triage
    import toecoach.ui.widgets.calendar
    import toecoach.ui.widgets.question_row  # noqa: F401

    found: list[type[Widget]] = []
    pending: list[type] = [Widget]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("toecoach."):
            found.append(cls)
    return found


def test_every_binding_id_is_declared_once() -> None:
    ids = [action.id for action in ACTIONS]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_every_binding_of_every_screen_comes_from_the_table() -> None:
    classes = [ToecoachApp, *all_widget_classes()]
    assert {cls.__name__ for cls in classes} >= {"HomeScreen", "PlayerScreen", "QuestionRow"}
    for cls in classes:
        for binding in cls.__dict__.get("BINDINGS", []):
            assert isinstance(binding, Binding)
            assert binding.id in BY_ID, f"{cls.__name__}: {binding.key} has no entry"
            action = BY_ID[binding.id]
            if binding.action == f"app.{action.action}" and "app" in action.scopes:
                continue  # an app-wide key a dialog offers too (modal_bindings_for)
            assert binding.action == action.action
            # Every screen and dialog has the "scroll" scope's key (the footer's "More").
            scope = "scroll" if cls in (ToecoachScreen, ToecoachDialog) else None
            assert (
                cls.__dict__.get("ACTION_SCOPE") or scope
            ) in action.scopes or cls is ToecoachApp


def test_the_ids_users_keymaps_name_are_kept() -> None:
    # config.toml's [keymap] names these; renaming one would silently drop a user's key.
    kept = {
        "app.log_glass", "app.log_walk", "app.checkin", "app.triage", "app.routines",
        "app.history", "app.log_episode", "app.cramp_rescue", "app.pause", "app.settings",
        "app.help", "app.quit", "app.interrupt", "player.pause", "player.skip", "player.back",
        "player.stop", "player.bell", "player.cautions", "player.close", "triage.start",
        "triage.back", "triage.next", "triage.cancel", "triage.result", "triage.apply",
        "triage.done", "triage.yes", "triage.no", "triage.unsure", "triage.clear",
        "history.back", "day.delete", "day.edit", "day.back", "calendar.open", "calendar.metric",
        "checkin.amount", "checkin.glass", "checkin.bottle", "checkin.delete", "checkin.edit",
        "checkin.undo", "checkin.back", "rescue.eased", "rescue.close", "reminder.walked",
        "reminder.seated", "reminder.snooze10", "reminder.snooze5", "reminder.skip",
        "reminder.escape", "edit.cancel", "episode.save", "episode.left", "episode.right",
        "episode.both", "episode.during", "episode.rescue", "episode.cancel",
        "episode.severity0", "episode.severity9", "routines.back", "settings.save",
        "settings.cancel", "setup.save", "setup.skip", "setup.escape", "help.back",
    }  # fmt: skip
    assert kept <= set(BY_ID)


def test_app_wide_actions_stay_on_the_app_and_home_ones_on_the_dashboard() -> None:
    app_ids = {b.id for b in ToecoachApp.BINDINGS if isinstance(b, Binding)}
    assert app_ids == {"app.cramp_rescue", "app.help", "app.quit", "app.interrupt",
                       "app.cramp_rescue_alt", "app.help_alt"}  # fmt: skip
    home_ids = {b.id for b in HomeScreen.BINDINGS if isinstance(b, Binding)}
    assert {"app.triage", "app.log_glass", "app.pause", "app.settings"} <= home_ids
    assert not hasattr(ToecoachApp, "HOME_ONLY")
    assert bindings_for("home") == HomeScreen.BINDINGS


async def test_keymap_mistakes_are_said_on_the_dashboard(configured_home: Path) -> None:
    """A key another action had (q is Quit) and an id that is no action: each is said once
    on the dashboard, not left as a key that silently stopped working."""
    (configured_home / "config.toml").write_text('[keymap]\n"app.log_glass" = "q"\nglass = "x"\n')
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:

        def notices() -> str:
            return str(app.screen.query_one("#notices").render())

        await wait_until(pilot, lambda: "'glass' is not an action id" in notices())
        assert "q is both 'Glass' and 'Quit'; give one of them another key" in notices()
        assert notices().count("q is both") == 1
    # Remapping Quit away from q as well: no clash left to say.
    assert actions.keymap_clashes({"app.log_glass": "q", "app.quit": "f9"}) == []
    assert actions.keymap_clashes({}) == []


def test_keymap_keys_that_can_never_be_pressed_are_refused(tmp_path: Path) -> None:
    from toecoach.config import ConfigError

    for value in (",,,", "\\u0007", "ctrl c", "ctrl+c", ""):
        path = tmp_path / "config.toml"
        path.write_text(f'[keymap]\n"app.log_glass" = "{value}"\n')
        with pytest.raises(ConfigError, match="keymap.app.log_glass"):
            load_settings(path)
    path.write_text('[keymap]\n"app.log_glass" = "ctrl+shift+g, f5, question_mark, G, ?"\n')
    assert load_settings(path).keymap["app.log_glass"].startswith("ctrl+shift+g")


async def test_a_remapped_key_is_named_in_hints_and_help(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text('[keymap]\n"app.triage" = "f2"\n')
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:

        def hint_text() -> str:
            return str(app.screen.query_one("#latest-triage").render())

        await wait_until(pilot, lambda: "for a quick" in hint_text())  # the figures are read
        hint = hint_text()
        assert "Press f2 for a quick" in hint
        assert "Press t " not in hint
        assert app.key_for("app.triage") == "f2"
        await pilot.press("t")  # no longer the triage key
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "triage: a quick" in screen_text(app))
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert re.search(r"\bf2  triage: a quick", text)
        assert not re.search(r"\bt  triage: a quick", text)
        await pilot.press("escape", "f2")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TriageStartScreen")


async def test_the_palette_offers_the_dashboard_actions_only_from_the_dashboard(
    configured_home: Path,
) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for action in palette_actions("home"):
            assert action.palette in titles
        assert {"Triage", "Log a glass of water", "Check-in", "Cramp rescue", "Help",
                "Pause reminders until tomorrow"} <= titles  # fmt: skip
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        elsewhere = {command.title for command in app.get_system_commands(app.screen)}
        assert "Triage" not in elsewhere and "Log a glass of water" not in elsewhere
        assert {"Cramp rescue", "Help"} <= elsewhere


async def test_a_palette_entry_runs_its_action(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Help")
        await command.callback()  # type: ignore[misc]
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_cramp_rescue_is_not_offered_on_the_rescue_itself(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("c")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CrampRescueScreen")
        rescue = app.screen
        assert "c" not in rescue.active_bindings
        titles = {command.title for command in app.get_system_commands(rescue)}
        assert "Cramp rescue" not in titles
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is rescue and len(app.screen_stack) == 2


def test_key_hints_use_the_apps_key_display() -> None:
    class Bare(ToecoachApp):
        def get_default_screen(self) -> Screen[object]:
            return Screen()

    app = Bare(start_reminders=False)
    assert actions.key_hint(app, "player.pause") == "Space"
    assert actions.key_hint(app, "triage.start") == "Enter"
    assert actions.key_hint(app, "app.help") == "?"
    assert actions.key_hint(app, "triage") == "t"  # an action name finds its id too
    assert actions.group_hint(app, "severity") == "0-9"
    app.set_keymap({"player.pause": "p", "episode.severity3": "f3"})
    assert actions.key_hint(app, "player.pause") == "p"
    assert "f3" in actions.group_hint(app, "severity")


# -- the footer on a narrow terminal ---------------------------------------------------------


def footer_line(app: ToecoachApp) -> str:
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def footer_shows(pilot, app: ToecoachApp, present: tuple[str, ...],  # type: ignore[no-untyped-def]
                       absent: tuple[str, ...] = ()) -> str:  # fmt: skip
    """Waits for the footer (recomposed after a refresh) to show ``present`` and not ``absent``."""
    try:
        await wait_until(pilot, lambda: all(label in footer_line(app) for label in present)
                         and not any(label in footer_line(app) for label in absent))  # fmt: skip
    except AssertionError:
        raise AssertionError(f"footer: {footer_line(app)!r}") from None
    return footer_line(app)


async def test_the_footer_at_80_columns_shows_cramp_help_and_quit(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # What does not fit is left out whole (never cut mid-word); the palette has it.
        await footer_shows(pilot, app, ("c Cramp", "? Help", "q Quit", "^p palette", "t Triage"))
        for key, screen in (("i", "CheckinScreen"), ("t", "TriageStartScreen"),
                            ("h", "HistoryScreen")):  # fmt: skip
            await pilot.press(key)
            await wait_until(pilot, lambda screen=screen: type(app.screen).__name__ == screen)
            await footer_shows(pilot, app, ("Cramp", "Help", "Quit", "Esc Back"))
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_the_footer_names_the_scroll_key_only_while_there_is_more_below(
    configured_home: Path,
) -> None:
    """Issue 17: nothing below the fold without its key in sight. The help screen does not
    fit 60x20: "pgdn More" is in the footer and scrolls it; at 120x200 it fits and the key
    leaves the footer. Below 70 columns the palette key gives up its room (Ctrl+P works)."""
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        line = await footer_shows(pilot, app, ("pgdn More", "Cramp", "Help", "Quit"),
                                  absent=("palette",))  # fmt: skip
        assert line.index("More") < line.index("Cramp")
        body = app.screen.query_one(ScrollBody)
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: body.scroll_y > 0)
        more = lambda: next(k for k in app.screen.query_one(Footer).keys if k.description == "More")  # noqa: E731
        assert more().enabled
        # At the end the key stays in its place, dimmed (it would do nothing), until the
        # body is scrolled back up.
        await pilot.press("end")
        await wait_until(pilot, lambda: body.is_vertical_scroll_end)
        await wait_until(pilot, lambda: not more().enabled)  # drawn dimmed
        assert "Already at the end" in more().tooltip
        await pilot.press("pageup")
        await wait_until(pilot, lambda: more().enabled)
        await pilot.resize_terminal(120, 200)
        await wait_until(pilot, lambda: not body.show_vertical_scrollbar)
        await footer_shows(pilot, app, ("Cramp", "Help", "Quit", "palette"), absent=("More",))
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")


async def test_the_footer_refits_when_the_terminal_is_resized(configured_home: Path) -> None:
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(130, 24)) as pilot:
        await footer_shows(pilot, app, ("Glass", "Walked", "Check-in", "Triage", "Routines",
                                        "History", "Spasm", "Pause", "Cramp", "Help", "Quit"))  # fmt: skip
        await pilot.resize_terminal(40, 24)
        await footer_shows(pilot, app, ("Cramp", "Help", "Quit"), absent=("Glass",))
        await pilot.resize_terminal(80, 24)
        await footer_shows(pilot, app, ("Triage", "Cramp", "Help", "Quit"))


async def test_a_click_on_a_footer_key_presses_it(configured_home: Path) -> None:
    """The footer is one line of text: a click on a key's cells presses that key, and the
    keys it says it shows are the ones on screen, where it says."""
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(100, 30)) as pilot:
        line = await footer_shows(pilot, app, ("? Help", "q Quit", "^p palette"))
        footer = app.screen.query_one(Footer)
        help_key = next(k for k in footer.keys if k.description == "Help")
        assert line[help_key.start : help_key.end] == " ? Help "
        # Under the pointer a key is highlighted (as Textual's footer keys are).
        await pilot.hover(Footer, offset=(help_key.start + 1, 0))
        hover = footer.get_component_rich_style("footer--hover").bgcolor
        await wait_until(pilot, lambda: footer.render().get_style_at_offset(
            app.console, help_key.start + 1).bgcolor == hover)  # fmt: skip
        assert footer.render().get_style_at_offset(app.console, 1).bgcolor != hover
        assert footer.styles.pointer == "pointer"
        # The key keeps its own colour (the accent), only its background changes.
        key_colour = footer.get_component_rich_style("footer--key").color
        hovered = footer.render().get_style_at_offset(app.console, help_key.start + 1)
        assert hovered.color == key_colour and hovered.bold
        await pilot.click(Footer, offset=(help_key.start + 1, 0))
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
