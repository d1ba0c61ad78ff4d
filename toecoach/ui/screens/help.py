"""Help: the keys, the disclaimer, and where the data lives."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from toecoach.domain.triage import DISCLAIMER
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.title_bar import TitleBar

KEYS = (
    ("t", "triage: a quick, safety-first check"),
    ("g", "log a glass of water (home)"),
    ("w", "log a walk (home)"),
    ("i", "check-in: water, minerals, foods, supplements, notes"),
    ("r", "routines: guided toe exercises and massage"),
    ("h", "history: calendar, trends, streaks; open a day to edit or delete"),
    ("p", "pause walking-break reminders for an hour (again: resume)"),
    ("c", "cramp rescue, from any screen"),
    ("e", "log a spasm (then Enter); l/r/b foot, 0-9 severity, c for cramp rescue"),
    ("s", "settings"),
    ("?", "this help"),
    ("ctrl+p", "command palette: every action, themes"),
    ("q", "quit"),
)


class HelpScreen(ToecoachScreen):
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="help.back")]

    def compose(self) -> ComposeResult:
        paths = self.coach.paths
        keys = Text()
        for key, what in KEYS:
            keys.append(f"{key:>8}  ", style="bold")
            keys.append(f"{what}\n")
        keys.append("\nKeys can be changed in config.toml under [keymap], e.g. app.triage = \"f2\".",
                    style="dim")  # fmt: skip
        yield TitleBar("help")
        with VerticalScroll():
            yield Static(Text("Keys", style="bold"), classes="section-title")
            yield Static(keys, classes="reason")
            yield Static(Text("Not medical advice", style="bold"), classes="section-title")
            yield Static(literal(DISCLAIMER), classes="disclaimer")
            yield Static(Text("Your data", style="bold"), classes="section-title")
            yield Static(literal(
                f"Settings: {paths.config_file}\nYour routines: {paths.routines_dir}\n"
                f"Data: {paths.data_dir} (private files, mode 0600; nothing leaves this machine)"
            ), classes="reason")  # fmt: skip
        yield Footer()
