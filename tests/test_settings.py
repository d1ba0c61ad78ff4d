"""Settings without loss (issue 14): saving changes only what the person changed; work days,
glass and bottle sizes are editable; night shifts are accepted. (The theme is kept from the
command palette: tests/test_ui_theme_saving.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_toecoach, workers_settled
from toecoach.config import ConfigError, load_settings, parse_settings
from toecoach.ui.app import ToecoachApp

EVERY_KEY = """\
# my settings, by hand
units = "us"
region = "eu"            # I live in Spain
[profile]
sex = "male"
age = 45
[health]
fluid_restriction = false
kidney_disease = false
[intake]
glass_ml = 330
bottle_ml = 750
water_ml = 2600          # my GP's figure
[breaks]
enabled = false
interval_minutes = 35
walk_minutes = 7
away_minutes = 9
work_days = ["tue", "thu"]
work_hours = "22:00-06:00"
[notifications]
backends = ["terminal"]
[ui]
theme = "light"
[keymap]
"app.triage" = "f2"
"""


async def _open_settings_and_save(app: ToecoachApp, pilot, change=None) -> None:  # type: ignore[no-untyped-def]
    from toecoach.ui.screens.settings import SettingsScreen

    await pilot.pause()
    await pilot.press("s")
    assert isinstance(app.screen, SettingsScreen)
    await pilot.pause()
    if change is not None:
        change(app.screen)
        await pilot.pause()
    await pilot.press("ctrl+s")
    await workers_settled(app)
    await pilot.pause()


async def test_saving_the_settings_screen_untouched_changes_nothing(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text(EVERY_KEY)
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await _open_settings_and_save(app, pilot)
    assert config.read_text() == EVERY_KEY


async def test_one_checkbox_changes_one_key(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text(EVERY_KEY)
    app = ToecoachApp(load_settings(config), start_reminders=False)

    def tick_fluids(screen) -> None:  # type: ignore[no-untyped-def]
        screen.query_one("#fluid").value = True

    async with app.run_test(size=(100, 60)) as pilot:
        await _open_settings_and_save(app, pilot, tick_fluids)
    assert config.read_text() == EVERY_KEY.replace(
        "fluid_restriction = false", "fluid_restriction = true"
    )
    settings = load_settings(config)
    assert settings.age == 45 and settings.breaks.interval_minutes == 35


async def test_work_days_glass_and_bottle_are_set_in_the_app(configured_home: Path) -> None:
    config = configured_home / "config.toml"

    def change(screen) -> None:  # type: ignore[no-untyped-def]
        screen.query_one("#work-mon").value = False
        screen.query_one("#work-sat").value = True
        screen.query_one("#glass").value = 330
        screen.query_one("#bottle").value = 1000
        screen.query_one("#work-hours").value = "22:00-06:00"

    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await _open_settings_and_save(app, pilot, change)
        assert app.settings.glass_ml == 330
    settings = load_settings(config)
    assert settings.breaks.work_days == ("tue", "wed", "thu", "fri", "sat")
    assert settings.glass_ml == 330 and settings.bottle_ml == 1000
    assert settings.breaks.work_hours == "22:00-06:00"


async def test_the_palette_and_settings_offer_the_same_glass(configured_home: Path) -> None:
    config = configured_home / "config.toml"
    config.write_text("[intake]\nglass_ml = 275\n")
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        (glass,) = [
            c for c in app.get_system_commands(app.screen) if c.title.startswith("Log a glass")
        ]
        assert "275 ml" in glass.help
        await pilot.press("s")
        await pilot.pause()
        select = app.screen.query_one("#glass")
        assert select.value == 275  # type: ignore[attr-defined]
        offered = [value for _label, value in select._options]  # type: ignore[attr-defined]
        assert 275 in offered and 250 in offered


def test_night_shift_work_hours_are_accepted_and_equal_times_refused(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    settings = parse_settings('[breaks]\nwork_hours = "22:00-06:00"\n', path)
    assert settings.breaks.work_hours == "22:00-06:00"
    from toecoach.services.reminders import break_plan

    plan = break_plan(settings, tz=__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert plan.work_start.hour == 22 and plan.work_end.hour == 6
    with pytest.raises(ConfigError, match="past midnight"):
        parse_settings('[breaks]\nwork_hours = "09:00-09:00"\n', path)


def test_a_night_shift_config_works_from_the_command_line(configured_home: Path) -> None:
    (configured_home / "config.toml").write_text('[breaks]\nwork_hours = "22:00-06:00"\n')
    result = run_toecoach("today", "--json")
    assert result.returncode == 0, result.stderr


def test_writing_settings_into_a_file_that_is_no_longer_toml_says_where(tmp_path: Path) -> None:
    """The settings screen saves while config.toml was broken by hand: a ConfigError naming
    the file (shown inline), not an internal error; the file is left as it is."""
    from toecoach.config import write_settings

    config = tmp_path / "config.toml"
    broken = 'units = "metric"\n[[[broken\n'
    config.write_text(broken)
    with pytest.raises(ConfigError, match="config.toml"):
        write_settings(config, {"units": "us"})
    assert config.read_text() == broken
    # A valid file with a bad value can be fixed by the very key being written.
    config.write_text("[breaks]\ninterval_minutes = 90\n")
    assert write_settings(config, {"breaks.interval_minutes": 45}).breaks.interval_minutes == 45


async def test_bad_work_hours_are_said_beside_the_field_and_nothing_is_written(
    configured_home: Path,
) -> None:
    """At 80x24 the form's own error line is far below the field: the message is beside
    the work hours, which take the focus, and names the field, not config.toml's line."""
    config = configured_home / "config.toml"
    config.write_text(EVERY_KEY)
    app = ToecoachApp(load_settings(config), start_reminders=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await workers_settled(app)
        await pilot.pause()
        field = app.screen.query_one("#work-hours")
        field.value = "25:00-18:00"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await workers_settled(app)
        await pilot.pause()
        error = app.screen.query_one("#work-hours-error")
        assert error.display and app.focused is field
        said = str(error.render())
        assert said.startswith("Work hours is '25:00-18:00'; expected HH:MM-HH:MM")
        assert "config.toml" not in said
        assert error.region.y < 24  # scrolled into view
    assert config.read_text() == EVERY_KEY
