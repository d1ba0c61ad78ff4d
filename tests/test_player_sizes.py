"""The player reads right at 60x20, 80x24 and 120x40: the exercise, the countdown, what is
next and the keys for pause, next and "it hurts" are on screen (text asserted, and an SVG)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.test_ui_actions import screen_text
from tests.test_ui_routines import T0, FakeClock, user_routines  # noqa: F401
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.screens.player import PlayerScreen

SIZES = [(60, 20), (80, 24), (120, 40)]


class PlayerApp(ToecoachApp):
    def initial_screen(self) -> PlayerScreen:
        from toecoach.services.library import load_library

        library = load_library(self.paths.routines_dir)
        screen = PlayerScreen(library.routines["mini"], library, [])
        screen._cautions_read = {0}  # past the first exercise's cautions
        return screen


async def _two_seconds_in(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    pilot.app.now.now = T0 + timedelta(seconds=2)
    screen = pilot.app.screen
    screen.advance()
    screen.redraw(force=True)
    await pilot.pause()


def _must_see(text: str) -> None:
    assert "Toe splay" in text  # the exercise
    assert "Next up: Rub" in text
    assert "Space pause" in text and "s next exercise" in text and "h it hurts" in text
    # The countdown (Digits draws 0:03 three rows tall): its middle row is on screen.
    assert "Hold" in text


@pytest.mark.usefixtures("user_routines")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_player_text_at_each_size(configured_home: Path, size: tuple[int, int]) -> None:
    app = PlayerApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                    start_reminders=False)  # fmt: skip
    async with app.run_test(size=size) as pilot:
        await _two_seconds_in(pilot)
        text = screen_text(app)
        _must_see(text)
        digits = app.screen.query_one("#countdown")
        assert digits.region.bottom <= size[1] - 1  # above the footer, not below the fold
        assert digits.region.height == 3


@pytest.mark.usefixtures("user_routines")
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_player_snapshot_at_each_size(snap_compare, configured_home: Path,
                                      size: tuple[int, int]) -> None:  # fmt: skip
    app = PlayerApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                    start_reminders=False)  # fmt: skip
    assert snap_compare(app, terminal_size=size, run_before=_two_seconds_in)
