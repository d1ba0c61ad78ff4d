"""The toecoach desk app (Textual)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from toecoach.config import Settings
from toecoach.storage.store import Store


def _now() -> datetime:
    return datetime.now().astimezone()


class ToecoachApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests) find it too.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "toecoach"
    SUB_TITLE = "guidance, not medical advice"

    BINDINGS = [
        Binding("t", "triage", "Triage", id="app.triage"),
        Binding("r", "routines", "Routines", id="app.routines"),
        Binding("c", "cramp_rescue", "Cramp rescue", id="app.cramp_rescue"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        settings: Settings | None = None,
        store: Store | None = None,
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        super().__init__()
        from toecoach.paths import resolve_paths

        self.settings = settings or Settings()
        self.paths = resolve_paths()
        self.store = store or Store(self.paths.data_dir)
        self.now = clock
        if self.settings.theme == "light":
            self.theme = "textual-light"
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def on_mount(self) -> None:
        self.push_screen(self.initial_screen())

    def initial_screen(self) -> Screen[Any]:
        from toecoach.ui.screens.home import HomeScreen

        return HomeScreen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Triage", "A quick, safety-first check of your symptoms", self.action_triage
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
        from toecoach.ui.screens.home import HomeScreen

        if action in ("triage", "routines"):
            # Only from home: starting one on top of another in progress would confuse.
            return isinstance(self.screen, HomeScreen)
        if action == "cramp_rescue":
            # One key from every screen, except the rescue itself.
            return not isinstance(self.screen, CrampRescueScreen)
        return True

    def action_routines(self) -> None:
        from toecoach.services.library import load_library
        from toecoach.storage.repositories import locks_in_force
        from toecoach.ui.screens.routines import RoutinesScreen

        library = load_library(self.paths.routines_dir)
        self.push_screen(RoutinesScreen(library, locks_in_force(self.store)))

    def action_cramp_rescue(self) -> None:
        from toecoach.ui.screens.cramp_rescue import CrampRescueScreen

        self.push_screen(CrampRescueScreen())

    def action_triage(self) -> None:
        from toecoach.ui.screens.triage import TriageStartScreen

        self.push_screen(TriageStartScreen())


def run_app(settings: Settings) -> None:
    if os.environ.get("NO_COLOR"):
        os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "standard")
    ToecoachApp(settings).run()
