"""Asking before quitting the app while a routine runs: the run so far is kept either way."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from toecoach.ui.actions import key_hint, modal_bindings_for
from toecoach.ui.screens.base import ToecoachDialog
from toecoach.ui.widgets.footer import Footer


class QuitConfirmModal(ToecoachDialog):
    """True: stop the routine (stored as stopped early, with the steps done) and quit."""

    is_quit_confirm = True
    # Escape keeps going; the app's own quit key pressed again confirms (a modal screen does not
    # see the app's bindings, so ``on_key`` looks for those keys).
    ACTION_SCOPE = "quit-confirm"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "#keep-going"
    DEFAULT_CSS = """
    QuitConfirmModal { align: center middle; }
    QuitConfirmModal > Vertical { width: 64; max-width: 95%; height: auto; border: thick $warning;
                                  padding: 1 2; background: $surface; }
    QuitConfirmModal Horizontal { height: auto; margin-top: 1; }
    QuitConfirmModal Button { margin-right: 2; }
    """

    def __init__(self, quit_key: str, quit_keys: tuple[str, ...] = ("q",)) -> None:
        super().__init__()
        self.quit_key = quit_key
        self.quit_keys = quit_keys

    def on_key(self, event: events.Key) -> None:
        if event.key in self.quit_keys:
            event.stop()
            self.dismiss(True)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("A routine is still running. Quit toecoach?", style="bold"))
            yield Static(
                "If you quit, the steps done so far are saved as a routine stopped early. "
                f"Press {self.quit_key} again to quit, "
                f"{key_hint(self.app, 'quit-confirm.cancel')} to keep going."
            )
            with Horizontal():
                yield Button("Keep going", id="keep-going", variant="primary")
                yield Button("Stop and quit", id="quit", variant="warning")
        yield Footer()  # this dialog's keys, not those of the screen beneath it

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "quit")

    def action_keep_going(self) -> None:
        self.dismiss(False)
