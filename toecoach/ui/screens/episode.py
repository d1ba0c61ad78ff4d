"""Log a spasm in two keys: e opens this with sensible defaults, Enter saves.

Defaults: now, while sitting, the foot used last time. l / r / b choose the foot, 1-9 and 0
set the severity (0 is none, 1-9 as pressed, 1 then 0 is 10), c opens Cramp rescue. Tab
reaches the toes, how long it lasted and a note: what ``toecoach episode`` takes, checked by
the same service (``services.insights.episode_from_input``); a mistake is shown here and
nothing is stored.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from toecoach.domain.episodes import DURING, FEET, TOES
from toecoach.domain.errors import InputError
from toecoach.ui.actions import group_hint, key_hint, modal_bindings_for
from toecoach.ui.screens.base import ToecoachDialog
from toecoach.ui.text import literal
from toecoach.ui.widgets.command_input import CommandInput
from toecoach.ui.widgets.footer import Footer

# The CLI option an error names -> the field it is in this dialog.
FIELD_NAMES = {"--toe": "toes", "--duration": "how long", "--note": "note",
               "--severity": "severity", "--foot": "foot", "--during": "during"}  # fmt: skip


class EpisodeModal(ToecoachDialog):
    """Dismisses with ``{"record": ..., "rescue": bool}`` once the entry is valid."""

    ACTION_SCOPE = "episode"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    # Nothing focused at first: the letter and number keys above work at once.
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    EpisodeModal { align: center middle; }
    EpisodeModal > Vertical { width: 72; max-width: 95%; height: auto; border: thick $warning;
                              padding: 1 2; background: $surface; }
    EpisodeModal Input { width: 100%; }
    EpisodeModal #episode-error { color: $error; height: auto; }
    """

    def __init__(self, foot: str | None) -> None:
        super().__init__()
        self.values: dict[str, Any] = {
            "foot": foot or "both",
            "during": "sitting",
            "severity": None,
        }

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Log a spasm", style="bold"))
            yield Static("", id="episode-fields")
            yield Input(placeholder=f"toes (optional): {', '.join(TOES)}", id="episode-toes")
            yield CommandInput(placeholder="how long: 45s, 2m", id="episode-duration",
                               units=lambda: ("s", "sec", "m", "min", "h"))  # fmt: skip
            yield Input(placeholder="note (optional)", id="episode-note", max_length=500)
            yield Static("", id="episode-error")
            key = partial(key_hint, self.app)
            feet = "/".join(key(f"episode.{foot}") for foot in ("left", "right", "both"))
            yield Static(literal(
                f"{feet} foot · {key('episode.during')} what you were doing · "
                f"{group_hint(self.app, 'severity')} severity 0-10 (1 then 0 is 10) · Tab: toes, "
                f"how long, note · {key('episode.save')} to save · {key('episode.rescue')} for "
                "Cramp rescue now", "dim"))  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        v = self.values
        severity = "not given" if v["severity"] is None else f"{v['severity']} of 10"
        self.query_one("#episode-fields", Static).update(
            f"Now · foot: {v['foot']} · during: {v['during']} · severity: {severity}"
        )

    def action_foot(self, foot: str) -> None:
        if foot in FEET:
            self.values["foot"] = foot
            self._refresh()

    def action_next_during(self) -> None:
        self.values["during"] = DURING[(DURING.index(self.values["during"]) + 1) % len(DURING)]
        self._refresh()

    def action_severity(self, value: int) -> None:
        # "1" then "0" means 10.
        self.values["severity"] = 10 if (value == 0 and self.values["severity"] == 1) else value
        self._refresh()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def build(self) -> dict[str, Any]:
        """The record, through the CLI's checks; raises InputError."""
        from toecoach.services.insights import episode_from_input

        now = self.app.now()  # type: ignore[attr-defined]
        toes_text = self.query_one("#episode-toes", Input).value
        duration = self.query_one("#episode-duration", Input).value.strip()
        note = self.query_one("#episode-note", Input).value
        severity = self.values["severity"]
        return episode_from_input(
            foot=self.values["foot"], toes=[t for t in re.split(r"[\s,]+", toes_text) if t],
            severity=None if severity is None else str(severity), duration=duration or None,
            during=self.values["during"], at=now, note=note or None, now=now,
        )  # fmt: skip

    def _done(self, rescue: bool) -> None:
        try:
            record = self.build()
        except InputError as error:
            field = FIELD_NAMES.get(error.field, error.field)
            self.query_one("#episode-error", Static).update(literal(f"{field}: {error.message}"))
            return
        self.dismiss({"record": record, "rescue": rescue})

    def action_save(self) -> None:
        self._done(rescue=False)

    def action_rescue(self) -> None:
        self._done(rescue=True)

    def action_cancel(self) -> None:
        self.dismiss(None)
