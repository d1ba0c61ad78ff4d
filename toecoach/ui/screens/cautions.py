"""Cautions shown before a routine with massage (or any cautions) starts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from toecoach.ui.text import literal


class CautionsScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter", "go", "Start", id="cautions.start"),
        Binding("escape", "cancel", "Cancel", id="cautions.cancel"),
    ]
    DEFAULT_CSS = """
    CautionsScreen { align: center middle; }
    CautionsScreen > VerticalScroll {
        width: 80%; max-width: 90; height: auto; max-height: 80%;
        border: round $warning; padding: 1 2; background: $surface;
    }
    """

    def __init__(self, title: str, cautions: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.cautions = cautions

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(literal(self.title_text, "bold"))
            body = Text()
            for caution in self.cautions:
                body.append(literal(f"• {caution}\n"))
            yield Static(body)
            yield Static(Text("Enter to start, Escape to go back.", style="dim"))
        yield Footer()

    def action_go(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
