"""A numeric triage question (episodes a week, sitting hours) with inline validation."""

from __future__ import annotations

import math

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from toecoach.domain.triage import Question
from toecoach.ui.widgets.command_input import CommandInput


class NumberInput(CommandInput):
    """Takes digits (and a decimal point) only, so the result key and the app-wide keys still
    work while it has focus (``widgets/command_input.py``)."""


class NumberQuestion(Vertical):
    DEFAULT_CSS = """
    NumberQuestion { height: auto; padding: 0 1; margin: 0 0 1 0; }
    NumberQuestion Input { width: 24; }
    NumberQuestion .error { color: $error; }
    """

    class Answered(Message):
        def __init__(self, row: NumberQuestion) -> None:
            super().__init__()
            self.row = row

    def __init__(self, question: Question, number: int) -> None:
        super().__init__(id=f"q-{question.id}")
        self.question = question
        self.number = number
        self.answer: int | float | None = None
        self.error = ""

    def compose(self) -> ComposeResult:
        low, high = self.question.min, self.question.max
        yield Static(f"{self.number:>2}. {self.question.text}", markup=False)
        yield NumberInput(
            placeholder=f"{low:g} to {high:g}, or leave empty",
            type="integer" if self.question.kind == "integer" else "number",
        )
        yield Static("", classes="error", markup=False)

    def _parse(self, raw: str) -> tuple[int | float | None, str]:
        raw = raw.strip()
        if not raw:
            return None, ""
        low, high = self.question.min, self.question.max
        expected = f"a {'whole number' if self.question.kind == 'integer' else 'number'} from {low:g} to {high:g}"
        try:
            value: int | float = int(raw) if self.question.kind == "integer" else float(raw)
        except ValueError:
            return None, f"Not accepted: {expected}."
        if not math.isfinite(value) or low is None or high is None or not low <= value <= high:
            return None, f"Not accepted: {expected}."
        return value, ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        value, error = self._parse(event.value)
        self.answer, self.error = value, error
        self.query_one(".error", Static).update(error)
        self.post_message(self.Answered(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.screen.focus_next()

    @property
    def valid(self) -> bool:
        return not self.error
