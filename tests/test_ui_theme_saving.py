"""The theme chosen in the command palette is kept in config.toml ([ui] theme)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import workers_settled
from tests.test_ui_dashboard import wait_until
from toecoach.config import ConfigError, load_settings, parse_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.home import HomeScreen


def palette_top(app: ToecoachApp) -> str:
    """The first entry the open command palette offers ("" while it has none)."""
    from textual.command import CommandList

    lists = app.screen.query(CommandList)
    if not lists or not lists.first().option_count:
        return ""
    return str(lists.first().get_option_at_index(0).prompt)


async def choose_theme_in_palette(pilot, app: ToecoachApp, name: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: type(app.screen).__name__ == "CommandPalette")
    await pilot.press(*"theme")
    await wait_until(pilot, lambda: "Theme" in palette_top(app))
    await pilot.press("enter")  # "Theme: Change the current theme" opens the theme list
    await wait_until(pilot, lambda: "theme" not in palette_top(app).lower())
    await pilot.press(*name)
    await wait_until(pilot, lambda: palette_top(app).startswith(name))
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.theme == name)


async def test_a_theme_chosen_in_the_palette_survives_a_restart(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text('# my settings\nunits = "metric"  # I like grams\n')
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.theme == "textual-dark"
        await choose_theme_in_palette(pilot, app, "nord")
        await workers_settled(app)
        await wait_until(pilot, lambda: 'theme = "nord"' in config.read_text())
        assert isinstance(app.screen, HomeScreen)
    text = config.read_text()
    assert "# my settings" in text and "# I like grams" in text  # comments kept (tomlkit)
    assert load_settings(config).theme == "nord"
    again = ToecoachApp(load_settings(config), start_reminders=False)
    async with again.run_test(size=(100, 40)):
        assert again.theme == "nord"


async def test_light_is_stored_as_light(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        app.theme = "textual-light"
        await pilot.pause()
        await workers_settled(app)
        await wait_until(pilot, lambda: load_settings(config).theme == "light")
        assert app.settings.theme == "light"
    again = ToecoachApp(load_settings(config), start_reminders=False)
    assert again.theme == "textual-light"


async def test_a_theme_chosen_before_setup_does_not_skip_setup(toecoach_home: Path) -> None:
    app = ToecoachApp(start_reminders=False)
    config = app.paths.config_file
    async with app.run_test(size=(100, 40)) as pilot:
        assert type(app.screen).__name__ == "SetupScreen"
        app.theme = "gruvbox"
        await pilot.pause()
        await workers_settled(app)
        assert not config.exists()  # an existing config.toml means setup is done
        await pilot.press("ctrl+k")  # skip setup: it writes config.toml, then the theme
        await wait_until(
            pilot, lambda: config.exists() and 'theme = "gruvbox"' in config.read_text()
        )
        assert app.theme == "gruvbox"


async def test_an_unknown_theme_name_falls_back_to_dark(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text('[ui]\ntheme = "no-such-theme"\n')
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 40)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.pause()
    assert 'theme = "no-such-theme"' in config.read_text()  # not overwritten


def test_config_rejects_a_theme_that_is_not_a_name(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert parse_settings('[ui]\ntheme = "nord"\n', path).theme == "nord"
    with pytest.raises(ConfigError, match=r"line 2: ui\.theme"):
        parse_settings('[ui]\ntheme = "Not a name!"\n', path)
    with pytest.raises(ConfigError, match=r"ui\.theme"):
        parse_settings("[ui]\ntheme = 3\n", path)
