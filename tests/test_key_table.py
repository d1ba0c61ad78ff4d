"""The key table (help, player help): laid out for its width, shown literally."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import wait_until
from tests.test_screen_sizes import screen_text
from toecoach.config import load_settings
from toecoach.ui.app import ToecoachApp
from toecoach.ui.widgets.key_table import key_table_content

ROWS = [("[b]x", "does [red]this[/red] with a long description that has to wrap somewhere"),
        ("Backspace", "clears")]  # fmt: skip


def test_keys_right_aligned_descriptions_wrapped_under_themselves() -> None:
    text = key_table_content([("Section", ROWS)], 40).plain
    lines = text.splitlines()
    assert lines[0] == "Section"
    assert lines[1].startswith("     [b]x  does [red]this[/red]")  # literally, right-aligned
    # Wrapped lines start under the description, never under the keys.
    assert lines[2].startswith(" " * len("Backspace  ")) and lines[2].strip()
    assert all(len(line) <= 40 for line in lines)
    assert any(line.startswith("Backspace  clears") for line in lines)


def test_control_characters_in_a_key_are_marked_not_sent() -> None:
    # A [keymap] value may be any text: an escape sequence must not reach the terminal, and
    # the columns still line up (each key measured as shown).
    content = key_table_content([(None, [("\x1b]0;x\x07", "odd"), ("q", "quit")])], 40)
    text = content.plain
    assert "\x1b" not in text and "\x07" not in text
    first, second = text.splitlines()
    assert first.index("odd") == second.index("quit")
    assert "\ufffd]0;x\ufffd" in first


async def test_help_fits_its_content_after_a_resize(configured_home: Path) -> None:
    # Laid out again for each width, its height with it: no gap left below it when the
    # terminal widens (a Static laid out for 80 columns kept its 80-column height).
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(60, 300)) as pilot:
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: "Not medical advice" in screen_text(app))
        await pilot.resize_terminal(160, 300)
        await pilot.pause()
        await pilot.pause()
        lines = screen_text(app).splitlines()
        heading = next(i for i, line in enumerate(lines) if "Not medical advice" in line)
        keymap = next(i for i, line in enumerate(lines) if "under [keymap]" in line)
        assert heading - keymap == 2, "\n".join(lines[keymap - 1 : heading + 1])
