"""Log a spasm in two keys: e opens this with sensible defaults, Enter saves.

Defaults: now, while sitting, the foot used last time. l / r / b choose the foot,
1-9 and 0 set the severity (0 is none, 1-9 as pressed, 0 after 1 is 10), c opens Cramp rescue.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from toecoach.domain.episodes import DURING, FEET
from toecoach.ui.actions import bindings_for, group_hint, key_hint
from toecoach.ui.text import literal


class EpisodeModal(ModalScreen[dict[str, Any] | None]):
    ACTION_SCOPE = "episode"
    BINDINGS = bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    EpisodeModal { align: center middle; }
    EpisodeModal > Vertical { width: 64; max-width: 95%; height: auto; border: thick $warning;
                              padding: 1 2; background: $surface; }
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
            key = partial(key_hint, self.app)
            feet = "/".join(key(f"episode.{foot}") for foot in ("left", "right", "both"))
            yield Static(literal(
                f"{feet} foot · {key('episode.during')} what you were doing · "
                f"{group_hint(self.app, 'severity')} severity · {key('episode.save')} to save · "
                f"{key('episode.rescue')} for Cramp rescue now", "dim"))  # fmt: skip
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

    def action_save(self) -> None:
        self.dismiss(dict(self.values))

    def action_rescue(self) -> None:
        self.dismiss({**self.values, "rescue": True})

    def action_cancel(self) -> None:
        self.dismiss(None)
