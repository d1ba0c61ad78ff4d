"""Help: the keys, the disclaimer, and where the data lives."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Static

from toecoach.domain.triage import DISCLAIMER
from toecoach.ui.actions import bindings_for, help_sections
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.key_table import KeyTable
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar

KEYMAP_HINT = 'Keys can be changed in config.toml under [keymap], e.g. app.triage = "f2".'


def key_table(app: App[Any]) -> KeyTable:
    """Every key, screen by screen, as it is now (a key remapped in [keymap] shows its new key)."""
    return KeyTable(help_sections(app), footer=KEYMAP_HINT, classes="reason")


class HelpScreen(ToecoachScreen):
    ACTION_SCOPE = "help"
    BINDINGS = bindings_for(ACTION_SCOPE)

    def compose(self) -> ComposeResult:
        paths = self.coach.paths
        yield TitleBar("help")
        with ScrollBody():
            yield Static(Text("Keys", style="bold"), classes="section-title")
            yield key_table(self.app)
            yield Static(Text("Not medical advice", style="bold"), classes="section-title")
            yield Static(literal(DISCLAIMER), classes="disclaimer")
            yield Static(Text("Your data", style="bold"), classes="section-title")
            yield Static(literal(
                f"Settings: {paths.config_file}\nYour routines: {paths.routines_dir}\n"
                f"Data: {paths.data_dir} (private files, mode 0600; nothing leaves this machine)"
            ), classes="reason")  # fmt: skip
        yield Footer()
