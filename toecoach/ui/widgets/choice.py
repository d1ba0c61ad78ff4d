"""A radio button and a check box whose state shows without colour: a filled glyph when
chosen, an empty one when not (Textual's draw the same glyph and tell them apart by colour)."""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton
from textual.widgets._toggle_button import ToggleButton


def _glyph_on_value(button: ToggleButton, on: str, off: str) -> None:
    button.BUTTON_INNER = on if button.value else off


class Choice(RadioButton):
    def on_mount(self) -> None:
        _glyph_on_value(self, "●", "○")

    def watch_value(self) -> None:
        _glyph_on_value(self, "●", "○")
        super().watch_value()


class Tick(Checkbox):
    def on_mount(self) -> None:
        _glyph_on_value(self, "✔", " ")

    def watch_value(self) -> None:
        _glyph_on_value(self, "✔", " ")
        super().watch_value()
