"""First-run setup (skippable) and the settings screen: both write config.toml, keeping
the user's comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.widgets import Static

from toecoach.config import ConfigError, write_settings
from toecoach.domain.triage import DISCLAIMER, DISCLAIMER_VERSION
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.settings_form import SettingsForm
from toecoach.ui.widgets.title_bar import TitleBar


class SettingsScreen(ToecoachScreen):
    ACTION_SCOPE = "settings"
    BINDINGS = bindings_for(ACTION_SCOPE)
    TITLE_TEXT = "settings"

    def compose(self) -> ComposeResult:
        yield TitleBar(self.TITLE_TEXT)
        with ScrollBody():
            yield from self.intro()
            yield SettingsForm(self.coach.settings)
        yield Footer()

    def intro(self) -> ComposeResult:
        # The path comes from TOECOACH_HOME or the platform: shown literally.
        yield Static(literal(f"Your settings live in {self.coach.paths.config_file}; saving keeps "
                             "your own comments there.", style="dim"), classes="intro")  # fmt: skip

    def action_save(self) -> None:
        # Only what the person changed: values the form shows approximately (an age as its
        # band) are never rewritten by saving the screen untouched.
        form = self.query_one(SettingsForm)
        if not form.field_problem():
            self.save(form.changed_values())

    def save(self, values: dict[str, object]) -> None:
        # Read on the loop (the worker never touches the DOM); write in a worker.
        form = self.query(SettingsForm).first() if self.query(SettingsForm) else None
        config_file = self.coach.paths.config_file

        def show_error(message: str) -> None:
            if form is not None:
                form.show_error(message)

        self._write(config_file, values, show_error)

    @work(thread=True, exclusive=True, group="settings-save")
    def _write(self, config_file: Path, values: dict[str, object], show_error: Any) -> None:
        try:
            settings = write_settings(config_file, values)
        except ConfigError as error:
            self.app.call_from_thread(show_error, str(error))
            return
        except OSError as error:
            self.app.call_from_thread(show_error, f"Not saved: {error}")
            return
        self.app.call_from_thread(self.saved, settings)

    saved_message = "Settings saved."

    def saved(self, settings: object) -> None:
        self.coach.apply_settings(settings)  # type: ignore[arg-type]  # a Settings
        self.app.pop_screen()
        self.app.notify(self.saved_message)


class SetupScreen(SettingsScreen):
    """First run (no config.toml yet). Everything can be skipped, and changed later."""

    ACTION_SCOPE = "setup"
    BINDINGS = bindings_for(ACTION_SCOPE)
    TITLE_TEXT = "welcome"

    def intro(self) -> ComposeResult:
        yield Static(Text("Welcome to toecoach", style="bold"), classes="section-title")
        yield Static(literal(DISCLAIMER), classes="disclaimer")
        save, skip = self.coach.key_for("setup.save"), self.coach.key_for("setup.skip")
        yield Static(Text(f"{save} accepts this statement and saves your choices; {skip} skips "
                          "setup (defaults apply; change them later in settings).",
                          style="dim"), classes="intro")  # fmt: skip

    accepted = False

    def action_save(self) -> None:
        self.accepted = True
        super().action_save()

    def action_skip(self) -> None:
        self.accepted = False
        # config.toml is still written (empty), so that setup is not shown again.
        self.saved_message = "Setup skipped: the defaults apply (change them in settings)."
        self.save({})

    def saved(self, settings: object) -> None:
        if self.accepted:
            self.record_consent()
        super().saved(settings)

    def record_consent(self) -> None:
        from toecoach.domain.records import new_record

        now = self.coach.now()
        record = new_record("consent", now, now, disclaimer_version=DISCLAIMER_VERSION)
        self.coach.call_service(lambda: self.coach.service.record_consent(record),
                                group="consent-save")  # fmt: skip
