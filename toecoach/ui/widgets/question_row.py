"""One triage question, answered with the keyboard alone: y (yes), n (no), u (not sure)."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from toecoach.domain.triage import UNSURE, Question
from toecoach.ui.actions import bindings_for, key_hint

CHOICES: tuple[tuple[object, str], ...] = ((True, "Yes"), (False, "No"), (UNSURE, "Not sure"))


class QuestionRow(Widget, can_focus=True):
    """A focusable yes / no / not-sure question. Answering moves focus to the next one."""

    DEFAULT_CSS = """
    QuestionRow {
        height: auto;
        padding: 0 1;
        margin: 0 0 1 0;
        /* Always a border (blank: spaces, unseen in any theme and without colour) that focus
           or an answer turns into a bar: the row keeps its width, the text never shifts, and
           the screen is not laid out again on every key. */
        border-left: blank;
    }
    QuestionRow:focus {
        background: $boost;
        border-left: thick $accent;
    }
    /* A line, not the focus's block: in the default themes $warning and $accent are one
       colour, and two rows looked focused at once. */
    QuestionRow.-answered-yes, QuestionRow.-answered-unsure {
        border-left: heavy $warning;
    }
    QuestionRow.-answered-yes:focus, QuestionRow.-answered-unsure:focus {
        border-left: thick $accent;
    }
    """

    ACTION_SCOPE = "triage-question"
    BINDINGS = bindings_for(ACTION_SCOPE)

    answer: reactive[object | None] = reactive(None)

    class Answered(Message):
        def __init__(self, row: QuestionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, question: Question, number: int, *, optional: bool = False) -> None:
        super().__init__(id=f"q-{question.id}")
        self.question = question
        self.number = number
        self.optional = optional

    def render(self) -> Text:
        text = Text()
        text.append(f"{self.number:>2}. ", style="bold")
        text.append(self.question.text)  # our own text, but appended literally all the same
        text.append("\n    ")
        for value, label in CHOICES:
            chosen = (
                self.answer is not None
                and self.answer == value
                and type(self.answer) is type(value)
            )
            key = key_hint(self.app, {"Yes": "triage.yes", "No": "triage.no",
                                      "Not sure": "triage.unsure"}[label])  # fmt: skip
            if chosen:
                text.append(f" ● {label} ", style="bold reverse")
            else:
                text.append(f" ○ {label} ", style="dim")
            text.append(f"({key})  ", style="dim")
        if self.optional and self.answer is None:
            text.append(" skipped", style="italic dim")
        return text

    def watch_answer(self, value: object | None) -> None:
        self.set_class(value is True, "-answered-yes")
        self.set_class(value == UNSURE, "-answered-unsure")

    def action_answer(self, choice: str) -> None:
        self.answer = {"yes": True, "no": False, "unsure": UNSURE, "clear": None}[choice]
        self.post_message(self.Answered(self))
        if choice != "clear":
            self.screen.focus_next()
