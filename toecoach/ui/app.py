"""The toecoach desk app (Textual)."""

from __future__ import annotations

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
        Binding("g", "log_glass", "Glass", id="app.log_glass"),
        Binding("w", "log_walk", "Walked", id="app.log_walk"),
        Binding("i", "checkin", "Check-in", id="app.checkin"),
        Binding("t", "triage", "Triage", id="app.triage"),
        Binding("r", "routines", "Routines", id="app.routines"),
        Binding("c", "cramp_rescue", "Cramp", id="app.cramp_rescue"),
        Binding("s", "settings", "Settings", show=False, id="app.settings"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]
    # Actions offered only from the home screen (elsewhere they would stack screens).
    HOME_ONLY = frozenset({"log_glass", "log_walk", "checkin", "triage", "routines", "settings"})

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
        self.apply_settings(self.settings)

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        self.theme = "textual-light" if settings.theme == "light" else "textual-dark"
        if settings.keymap:
            self.set_keymap(settings.keymap)

    def on_mount(self) -> None:
        self.push_screen(self.initial_screen())
        if not self.paths.config_file.exists() and not self.settings.exists:
            from toecoach.ui.screens.settings import SetupScreen

            self.push_screen(SetupScreen())

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

        if action in self.HOME_ONLY:
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

    def action_checkin(self) -> None:
        from toecoach.ui.screens.checkin import CheckinScreen

        self.push_screen(CheckinScreen())

    def action_settings(self) -> None:
        from toecoach.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        from toecoach.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_log_glass(self) -> None:
        from toecoach.services.checkins import build_intake, save_intake

        record = build_intake(self.settings, "water", "1 glass", now=self.now())
        self._save_in_background(
            lambda: save_intake(self.store, record), "Logged a glass of water."
        )

    def action_log_walk(self) -> None:
        from toecoach.services.checkins import build_walk, save_walk

        record = build_walk(self.settings, source="app", now=self.now())
        self._save_in_background(lambda: save_walk(self.store, record),
                                 f"Logged a {record['minutes']}-minute walk.")  # fmt: skip

    def _save_in_background(self, save: Callable[[], object], done: str) -> None:
        """Writes run on the app (not a screen) so closing a screen cannot cut one short."""
        from toecoach.storage.store import StoreError

        def work() -> None:
            try:
                save()
            except (StoreError, OSError) as error:
                self.call_from_thread(self.notify, f"Not saved: {error}", severity="error")
                return
            self.call_from_thread(self.notify, done)
            self.call_from_thread(self.refresh_home)

        self.run_worker(work, thread=True, group="app-save")

    def refresh_home(self) -> None:
        from toecoach.ui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.reload()

    def action_cramp_rescue(self) -> None:
        from toecoach.ui.screens.cramp_rescue import CrampRescueScreen

        self.push_screen(CrampRescueScreen())

    def action_triage(self) -> None:
        from toecoach.ui.screens.triage import TriageStartScreen

        self.push_screen(TriageStartScreen())


def run_app(settings: Settings) -> None:
    # NO_COLOR is honoured by Textual itself (no colour, styles only).
    ToecoachApp(settings).run()
