"""Edit one stored entry: its amount (or minutes) and its note, with the CLI's validation."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from toecoach.domain.errors import InputError
from toecoach.ui.actions import key_hint, modal_bindings_for
from toecoach.ui.screens.base import ToecoachDialog
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer

# An edit keeps where a mineral came from (a source never given stays not given).
SOURCE_FLAG: dict[str, bool] = {"supplement": True, "food": False}


class EditEntryModal(ToecoachDialog):
    ACTION_SCOPE = "edit"
    BINDINGS = modal_bindings_for(ACTION_SCOPE)
    DEFAULT_CSS = """
    EditEntryModal { align: center middle; }
    EditEntryModal > Vertical { width: 60; height: auto; border: round $accent; padding: 1 2;
                                background: $surface; }
    EditEntryModal #edit-error { color: $error; }
    """

    def __init__(self, table: str, row: dict[str, Any]) -> None:
        super().__init__()
        self.table = table
        self.row = row

    def _amount_field(self) -> tuple[str, str] | None:
        if self.table == "intake":
            if self.row.get("food"):
                return "servings", str(self.row.get("servings", 1))
            return "amount", str(self.row.get("input", ""))
        if self.row.get("kind") == "walk":
            return "minutes", str(self.row.get("minutes", ""))
        return None

    def compose(self) -> ComposeResult:
        field = self._amount_field()
        with Vertical():
            cancel = key_hint(self.app, "edit.cancel")
            yield Static(literal(f"Edit entry (Enter to save, {cancel} to cancel)"))
            if field:
                yield Static(field[0])
                yield Input(value=field[1], id="edit-amount")
            yield Static("note")
            yield Input(value=str(self.row.get("note", "") or ""), id="edit-note", max_length=500)
            yield Static("", id="edit-error")
        yield Footer()  # this dialog's keys, not those of the screen beneath it

    def on_input_submitted(self) -> None:
        self.save()

    def save(self) -> None:
        from toecoach.domain.intake import validate_note
        from toecoach.services.checkins import build_food, build_intake, parse_walk_minutes

        coach: Any = self.app
        note = self.query_one("#edit-note", Input).value or None
        try:
            validate_note(note)
            new = dict(self.row)
            field = self._amount_field()
            amount = self.query_one("#edit-amount", Input).value if field else ""
            if self.table == "intake" and self.row.get("food"):
                new = build_food(str(self.row["food"]), amount, note=note, now=coach.now())
            elif self.table == "intake":
                nutrient = next(iter(self.row.get("nutrients", {"water": 0})))
                new = build_intake(coach.settings, nutrient, amount,
                                   supplement=SOURCE_FLAG.get(str(self.row.get("source"))),
                                   note=note, now=coach.now())  # fmt: skip
            elif field is not None:
                new["minutes"] = parse_walk_minutes(amount, 5)
            new["note"] = note
            new["at"] = self.row["at"]
            if new.get("note") is None:
                new.pop("note", None)
        except InputError as error:
            self.query_one("#edit-error", Static).update(
                literal(f"{field[0] if field else 'note'}: {error.message}")
            )
            return
        # Valid: write in a worker (the lock may be held); close once it is stored.
        coach.call_service(
            lambda: coach.service.edit(self.table, self.row, new),
            lambda _none: self.dismiss(True),
            failed=lambda message: self.query_one("#edit-error", Static).update(
                literal(f"Not saved: {message}")
            ),
            group="edit-save",
            changes_data=True,
        )

    def action_cancel(self) -> None:
        self.dismiss(False)
