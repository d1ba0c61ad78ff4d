"""The walking-break reminder: how long you have sat, and four one-key answers."""

from __future__ import annotations

import time

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from toecoach.domain.text import plural
from toecoach.ui.actions import key_hint, lookup, modal_bindings_for
from toecoach.ui.screens.base import ToecoachDialog
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer

# A key within this long of coming back, reaching a dialog opened within this long of it,
# was not an answer to that dialog.
UNSEEN_SECONDS = 0.5


class ReminderModal(ToecoachDialog):
    """Dismisses with the answer: ``walked``, ``seated``, ``snooze5``, ``snooze10``, ``pause``
    or ``skip``. Cramp rescue, help and quit work over it too (``modal_bindings_for``)."""

    ACTION_SCOPE = "reminder"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    ReminderModal { align: center middle; }
    ReminderModal > Vertical {
        width: 64; max-width: 95%; height: auto; border: thick $accent;
        padding: 1 2; background: $surface;
    }
    ReminderModal #reminder-title { text-style: bold; }
    ReminderModal #reminder-error { color: $warning; }
    """

    def __init__(self, sitting_minutes: int, walk_minutes: int, snoozes: tuple[int, ...]) -> None:
        super().__init__()
        self.sitting_minutes = sitting_minutes
        self.walk_minutes = walk_minutes
        self.snoozes = snoozes

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Time for a short walk"), id="reminder-title")
            yield Static(self._body(), id="reminder-body")
            # Only the snoozes the hour still allows are offered.
            snoozes = tuple(f"reminder.snooze{m}" for m in (10, 5) if m in self.snoozes)
            answers = ("reminder.walked", "reminder.seated", *snoozes, "reminder.pause",
                       "reminder.skip")  # fmt: skip
            keys = " · ".join(f"{key_hint(self.app, a)} {lookup(a).title.lower()}" for a in answers)
            yield Static(literal(keys, "dim"))
            yield Static("", id="reminder-error")
        yield Footer()

    def _body(self) -> Text:
        return literal(
            f"You have been sitting for {plural(self.sitting_minutes, 'minute')}. Time for a "
            f"{self.walk_minutes}-minute light walk. Can't get up? Try the 2-minute seated "
            "routine."
        )

    def on_mount(self) -> None:
        self._opened_at = time.monotonic()
        # The sitting time stays true while the dialog waits (as the dashboard's does).
        self.set_interval(30.0, self.refresh_minutes)

    def refresh_minutes(self) -> None:
        service = getattr(self.app, "reminders", None)
        minutes = service.sitting_minutes() if service is not None else None
        if minutes is not None and minutes != self.sitting_minutes:
            self.sitting_minutes = minutes
            self.query_one("#reminder-body", Static).update(self._body())

    def _unseen(self) -> bool:
        """The key that brought the person back to the desk opened this dialog (the
        reminder was due on their return) and reaches it as it opens: it answers nothing."""
        back: float | None = getattr(self.app, "back_by_key_at", None)
        opened: float | None = getattr(self, "_opened_at", None)
        if back is None or opened is None:
            return False
        return 0 <= opened - back < UNSEEN_SECONDS and time.monotonic() - opened < UNSEEN_SECONDS

    def action_answer(self, answer: str) -> None:
        if self._unseen():
            return
        service = getattr(self.app, "reminders", None)
        if service is not None:
            # As they are now, not as they were when it opened: the hour may be closer.
            self.snoozes = service.snooze_options()
        if answer.startswith("snooze") and int(answer.removeprefix("snooze")) not in self.snoozes:
            # Snoozes never push a sitting bout past an hour.
            self.query_one("#reminder-error", Static).update(
                "You have sat close to an hour: no more snoozing. A short walk, or skip."
            )
            return
        self.dismiss(answer)
