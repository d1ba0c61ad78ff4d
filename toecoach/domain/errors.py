"""Errors raised by pure domain code for bad user input (exit status 2 on the CLI)."""

from __future__ import annotations


class InputError(ValueError):
    """A value the user gave is not acceptable; ``field`` names it, ``message`` says why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
