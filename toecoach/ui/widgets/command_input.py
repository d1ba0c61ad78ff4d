"""Inputs that leave command keys to the app: the rule for letters typed into a field.

- A numeric field (an amount, a count, how long) takes digits, ``.``, ``,`` and spaces, and a
  letter only where it continues a unit written after a number (``250 ml``, ``1 bottle``,
  ``2m30s``). Any other key that is a command on the screen (``c`` cramp rescue, ``?`` help,
  ``q`` quit, the screen's own letters) runs that command, as it does with the list focused.
- A free-text field (a note, the toes) takes every printable key as text; cramp rescue and help
  are then on Ctrl+R and F1, which the footer shows while such a field has focus. Ctrl+C quits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from textual import events
from textual.widgets import Input

_NUMBER_THEN_LETTERS = re.compile(r"\d[\d.,]*\s*([^\d\s.,]*)$")


def continues_unit(before: str, character: str, units: Iterable[str]) -> bool:
    """Whether ``character`` typed after ``before`` continues a unit after a number: the
    letters after the last number, plus this one, begin one of ``units`` (lower case)."""
    match = _NUMBER_THEN_LETTERS.search(before)
    if match is None:
        return False
    typed = (match.group(1) + character).lower()
    return any(unit.startswith(typed) for unit in units if unit)


class CommandInput(Input):
    """A numeric field: ``units`` (a callable, as the accepted units may change with another
    control) lists the unit words it accepts after a number."""

    def __init__(self, *args: object, units: Callable[[], Iterable[str]] = tuple,
                 **kwargs: object) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.units = units

    def takes(self, character: str) -> bool:
        if character.isdigit() or character in ".,":
            return True
        before = self.value[: self.cursor_position]
        if character == " ":
            return bool(before) and before[-1].isdigit()
        return continues_unit(before, character, self.units())

    def check_consume_key(self, key: str, character: str | None) -> bool:
        # Textual drops the bindings of every key an Input may take; this one may not take
        # them all, so the others stay commands.
        return character is not None and character.isprintable() and self.takes(character)

    def is_command(self, key: str) -> bool:
        return key in self.screen.active_bindings

    async def _on_key(self, event: events.Key) -> None:
        character = event.character if event.is_printable else None
        if character is not None and not self.takes(character) and self.is_command(event.key):
            # Not typed (Input's own handler is skipped), and not stopped: the key bubbles to
            # the screen's and the app's bindings. Otherwise Textual goes on to Input's.
            event.prevent_default()
