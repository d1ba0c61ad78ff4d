"""Styling from the theme: no hard-coded colours, bars that fit the terminal, NO_COLOR."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.test_ui_actions import screen_text
from tests.test_ui_dashboard import T0, _seed, wait_until
from tests.test_ui_routines import FakeClock
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.widgets.intake_panel import EMPTY, FILLED, IntakePanel, intake_content

UI = Path(__file__).resolve().parents[1] / "toecoach" / "ui"
COLOUR = re.compile(
    r"""["'][^"'\n]*\b(red|green\d?|cyan|yellow|blue|magenta|white|black|grey\d+|gray\d+"""
    r"""|orange\d?|dark_\w+|bright_\w+|#[0-9a-fA-F]{3,6})\b[^"'\n]*["']"""
)


def test_no_hard_coded_colours_in_the_ui() -> None:
    # Colours come from theme variables ($primary, $text-warning...), so themes and NO_COLOR
    # apply everywhere.
    found = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1)
        if COLOUR.search(line) and "red-flag" not in line
    ]
    assert not found, "\n".join(found)


NUTRIENTS = {
    "water": {"total": 750, "unit": "ml", "target": 2200, "percent": 34, "status": "below",
              "warnings": []},
    "calcium": {"total": 1000, "unit": "mg", "target": 1000, "percent": 100,
                "status": "reached", "warnings": []},
    "magnesium": {"total": 427, "unit": "mg", "target": 320, "percent": 8,
                  "status": "over_limit", "warnings": ["Over 350 mg of magnesium."]},
    "potassium": {"total": 0, "unit": "mg", "target": None, "percent": None, "status": "below",
                  "warnings": [], "note": "follow your care team"},
}  # fmt: skip


@pytest.mark.parametrize("width", [20, 30, 34, 36, 41, 42, 60, 74, 76, 116, 200])
def test_intake_bars_take_the_width_given_and_never_wrap(width: int) -> None:
    lines = intake_content(NUTRIENTS, width).plain.splitlines()
    bars = [line for line in lines if FILLED in line or EMPTY in line]
    assert len(bars) == 3
    for line in bars:
        assert cell_len(line) <= max(width, 16), (width, line)
        assert line.rstrip().endswith("%")
    if 42 <= width <= 94:
        assert all(cell_len(line) == width for line in bars)  # the whole width, to the cell


def test_a_bar_reads_without_colour() -> None:
    water = next(line for line in intake_content(NUTRIENTS, 80).plain.splitlines()
                 if line.startswith("Water"))  # fmt: skip
    bar = water.split()[-2]
    assert bar.startswith(FILLED) and bar.endswith(EMPTY) and FILLED != EMPTY
    assert bar.count(FILLED) == round(len(bar) * 0.34)


@pytest.mark.parametrize("columns", [80, 40])
async def test_the_dashboard_bars_fit_the_terminal(configured_home: Path, columns: int) -> None:
    _seed(configured_home)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                      start_reminders=False)  # fmt: skip
    async with app.run_test(size=(columns, 40)) as pilot:
        panel = app.screen.query_one(IntakePanel)
        await wait_until(pilot, lambda: "750 of 2200" in str(panel.render()))

        def bar_lines() -> list[str]:
            return [
                line for line in screen_text(app).splitlines() if FILLED in line or EMPTY in line
            ]

        # Five bars, each on one row with its percent (the layout settles after the first draw).
        await wait_until(pilot, lambda: len(bar_lines()) == 5)
        for line in bar_lines():
            assert re.search(r"[━─]+ +\d+%", line), line
        width = panel.content_size.width
        for line in str(panel.render()).splitlines():
            if FILLED in line or EMPTY in line:
                assert cell_len(line) <= width
        narrow = bar_lines()
        await pilot.resize_terminal(columns + 40, 40)

        def longer_bar() -> bool:
            wider = [line for line in screen_text(app).splitlines() if EMPTY in line]
            return len(wider[0].strip()) > len(narrow[0].strip())

        await wait_until(pilot, longer_bar)


async def test_after_a_resize_the_dashboard_is_as_if_started_at_that_size(
    configured_home: Path,
) -> None:
    # It was not: back from 120 to 80 columns, the panel kept the height of its text
    # wrapped for 120, the dashboard grew a scrollbar it did not need and the bars lost two
    # columns to it; back from 60, the panel stayed two lines too tall.
    _seed(configured_home)

    async def bars_and_height(sizes: list[tuple[int, int]]) -> tuple[list[str], int]:
        app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                          start_reminders=False)  # fmt: skip
        async with app.run_test(size=sizes[0]) as pilot:
            panel = app.screen.query_one(IntakePanel)
            await wait_until(pilot, lambda: "750 of 2200" in screen_text(app))
            for size in sizes[1:]:
                await pilot.resize_terminal(*size)
                await wait_until(pilot, lambda size=size: app.size == size)
            # Until the frame stops changing (the layout may take a pass or two).
            text, before = screen_text(app), ""
            while text != before:
                await pilot.pause()
                before, text = text, screen_text(app)
            lines = [line for line in text.splitlines() if FILLED in line or EMPTY in line]
            return lines, panel.content_size.height

    fresh = await bars_and_height([(80, 24)])
    assert len(fresh[0]) == 5
    assert await bars_and_height([(80, 24), (120, 40), (80, 24)]) == fresh
    assert await bars_and_height([(80, 24), (60, 20), (80, 24)]) == fresh


async def test_no_color_keeps_state_visible(
    configured_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    _seed(configured_home)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                      start_reminders=False)  # fmt: skip
    async with app.run_test(size=(80, 30)) as pilot:
        assert app.no_color
        await wait_until(
            pilot, lambda: "750 of 2200" in str(app.screen.query_one("#intake").render())
        )
        assert FILLED in screen_text(app) and EMPTY in screen_text(app)
        await pilot.press("t", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "WarningSignsScreen")
        row = app.focused
        assert row is not None and row.has_class("-answered-yes") is False
        # Focus shows as bold text and a double bar, not only as a colour.
        assert row.styles.text_style.bold
        assert row.styles.border_left[0] == "double"
        await pilot.press("y")
        assert "● Yes" in str(row.render())


async def test_no_color_a_list_without_focus_does_not_look_focused(
    configured_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check-in list's cursor row was reversed whether or not the list had the focus, so
    beside a focused button two controls looked focused."""
    monkeypatch.setenv("NO_COLOR", "1")
    _seed(configured_home)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), clock=FakeClock(T0),
                      start_reminders=False)  # fmt: skip
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("i")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "CheckinScreen")
        table = app.screen.query_one("DataTable")
        table.focus()
        await pilot.pause()
        assert table.get_component_rich_style("datatable--cursor").reverse
        app.screen.query_one("#glass").focus()
        await pilot.pause()
        cursor = table.get_component_rich_style("datatable--cursor")
        assert not cursor.reverse and cursor.underline
