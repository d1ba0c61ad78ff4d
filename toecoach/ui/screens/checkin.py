"""Check-ins: water with quick keys, minerals by food or amount, supplements, a note;
today's entries with edit and delete. The CLI's validation and messages, shown inline."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, DataTable, Input, Select, Static

from toecoach.domain.errors import InputError
from toecoach.domain.intake import FOODS, describe_record, water_text
from toecoach.services.coach import INTAKE
from toecoach.ui.actions import bindings_for, key_hint
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.choice import Tick
from toecoach.ui.widgets.command_input import CommandInput
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.title_bar import TitleBar

WHAT_OPTIONS: list[tuple[str, str]] = [
    ("Water", "water"),
    ("Calcium", "calcium"),
    ("Magnesium", "magnesium"),
    ("Potassium", "potassium"),
    ("Vitamin D", "vitamin_d"),
    *[(f"Food: {f.name} ({f.serving})", f"food:{f.id}") for f in FOODS],
]


class CheckinScreen(ToecoachScreen):
    ACTION_SCOPE = "checkin"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "DataTable"
    DEFAULT_CSS = """
    CheckinScreen #form { height: auto; padding: 0 1; }
    CheckinScreen #form Horizontal { height: auto; }
    CheckinScreen #what { width: 1fr; max-width: 40; }
    CheckinScreen #amount { width: 1fr; min-width: 21; max-width: 26; }
    CheckinScreen #supplement { width: auto; }
    CheckinScreen #log { min-width: 7; }
    CheckinScreen #note { width: 1fr; }
    CheckinScreen #error { color: $error; padding: 0 2; height: auto; }
    CheckinScreen #saved { color: $success; padding: 0 2; height: auto; }
    CheckinScreen DataTable { height: 1fr; margin: 1 1 0 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[dict[str, Any]] = []
        self.editing: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar("check-in")
        with Vertical(id="form"):
            settings = self.coach.settings
            units = settings.unit_system
            with Horizontal():
                glass, bottle = (water_text(settings.glass_ml, units),
                                 water_text(settings.bottle_ml, units))  # fmt: skip
                yield Button(f"Glass {glass} ({self.coach.key_for('checkin.glass')})", id="glass")
                yield Button(f"Bottle {bottle} ({self.coach.key_for('checkin.bottle')})",
                             id="bottle")  # fmt: skip
            with Horizontal():
                yield Select(WHAT_OPTIONS, value="water", allow_blank=False, id="what")
                yield CommandInput(placeholder=self._placeholder("water"), id="amount",
                                   units=self._units)  # fmt: skip
                yield Tick("supplement", id="supplement")
            with Horizontal():
                yield Input(placeholder="note (optional, Enter to log)", id="note", max_length=500)
                yield Button("Log", id="log", variant="primary")
        yield Static("", id="error")
        yield Static("", id="saved")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def _placeholder(self, what: str) -> str:
        """What the amount field takes, in the person's units (short enough for 60 columns).
        Never a number for a mineral: an example amount could read as a suggested dose."""
        if what.startswith("food:"):
            return "servings (1)"
        if what == "water":
            return "8 fl oz, 1 glass" if self.coach.settings.units == "us" else "250ml, 1 bottle"
        return "IU (from label)" if what == "vitamin_d" else "mg (from label)"

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "what":
            self.query_one("#amount", Input).placeholder = self._placeholder(str(event.value))

    def _units(self) -> tuple[str, ...]:
        """The units the amount field takes after a number (a food takes servings only)."""
        from toecoach.domain.intake import unit_words

        what = str(self.query_one("#what", Select).value)
        return () if what.startswith("food:") else unit_words(what)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("time", "what", "typed", "note")
        self.reload()

    # -- reading -----------------------------------------------------------------------------

    def reload(self) -> None:
        day = self.coach.now().date()
        self.coach.call_service(lambda: self.coach.service.intake_on(day), self._show,
                                group="checkin-reload", exclusive=True)  # fmt: skip

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.entries = rows
        table = self.query_one(DataTable)
        table.clear()
        for row in rows:
            table.add_row(
                str(row.get("at", ""))[11:16],
                literal(describe_record(row, self.coach.settings.unit_system)),
                literal(str(row.get("input", ""))),
                literal(str(row.get("note", "") or "")),
                key=str(row["id"]),
            )

    def selected(self) -> dict[str, Any] | None:
        table = self.query_one(DataTable)
        if not self.entries or table.cursor_row is None or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    # -- logging -----------------------------------------------------------------------------

    def _message(self, error: str = "", saved: str = "") -> None:
        self.query_one("#error", Static).update(literal(error))
        self.query_one("#saved", Static).update(literal(saved))

    def build(self) -> dict[str, Any]:
        """The record the form describes; raises InputError (shown inline, nothing stored)."""
        from toecoach.services.checkins import build_food, build_intake

        what = str(self.query_one("#what", Select).value)
        amount = self.query_one("#amount", Input).value
        note = self.query_one("#note", Input).value or None
        now = self.coach.now()
        if what.startswith("food:"):
            return build_food(what.removeprefix("food:"), amount or "1", note=note, now=now)
        supplement = self.query_one("#supplement", Checkbox).value
        return build_intake(
            self.coach.settings, what, amount, supplement=supplement, note=note, now=now
        )

    def submit(self) -> None:
        try:
            record = self.build()
        except InputError as error:
            label = "amount" if error.field in ("AMOUNT", "--servings") else error.field.lstrip("-")
            self._message(error=f"{label}: {error.message}")
            return
        if self.editing is not None:
            record["at"] = self.editing["at"]
        self.save(record, self.editing)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {"glass": self.action_glass, "bottle": self.action_bottle, "log": self.submit}[
            str(event.button.id)
        ]()

    def _quick_water(self, amount: str) -> None:
        from toecoach.services.checkins import build_intake

        try:
            record = build_intake(self.coach.settings, "water", amount, now=self.coach.now())
        except InputError as error:
            self._message(error=error.message)
            return
        self.save(record, None)

    def action_focus_amount(self) -> None:
        # Letters are shortcuts while the list has focus; a opens the form for typing.
        self.query_one("#amount", Input).focus()

    def action_glass(self) -> None:
        self._quick_water("1 glass")

    def action_bottle(self) -> None:
        self._quick_water("1 bottle")  # [intake] bottle_ml

    def save(self, record: dict[str, Any], replacing: dict[str, Any] | None) -> None:
        service = self.coach.service

        def write() -> list[str]:
            if replacing is not None:
                service.edit(INTAKE, replacing, record)
            else:
                service.log_intake(record)
            return service.warnings_after(record)

        def done(warnings: list[str]) -> None:
            verb = "Changed" if replacing is not None else "Logged"
            # The day's safety warnings for what was just logged (supplements, limits).
            what = describe_record(record, self.coach.settings.unit_system)
            self._after_save(" ".join([f"{verb} {what}.", *warnings]))

        self.coach.call_service(
            write, done, failed=lambda message: self._message(f"Not saved: {message}"),
            group="checkin-save", changes_data=True,
        )  # fmt: skip

    def _after_save(self, message: str) -> None:
        self.editing = None
        self.query_one("#amount", Input).value = ""
        self.query_one("#note", Input).value = ""
        self._message(saved=message)
        self.query_one(DataTable).focus()  # the list again: its letter keys work at once
        self.reload()

    # -- editing -----------------------------------------------------------------------------

    def action_edit(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        self.editing = entry
        what = (
            f"food:{entry['food']}"
            if entry.get("food")
            else next(iter(entry.get("nutrients", {"water": 0})))
        )
        self.query_one("#what", Select).value = what
        typed = str(entry.get("servings", 1)) if entry.get("food") else str(entry.get("input", ""))
        self.query_one("#amount", Input).value = typed
        self.query_one("#note", Input).value = str(entry.get("note", "") or "")
        self.query_one("#supplement", Checkbox).value = entry.get("source") == "supplement"
        self.query_one("#amount", Input).focus()
        self._message(saved="Editing: change the amount or note, then Enter.")

    def action_delete(self) -> None:
        entry = self.selected()  # read on the loop; the worker never touches the DOM
        if entry is None:
            return
        self.coach.call_service(
            lambda: self.coach.service.delete(INTAKE, entry),
            lambda found: self._after_save(
                f"Deleted {describe_record(entry, self.coach.settings.unit_system)}. "
                f"{key_hint(self.app, 'checkin.undo')} undoes it."
                if found
                else "Not deleted: it is no longer stored (deleted elsewhere?)."
            ),
            failed=lambda message: self._message(f"Not deleted: {message}"),
            group="checkin-save", changes_data=True,
        )  # fmt: skip

    def action_undo(self) -> None:
        from toecoach.domain.entries import undo_message

        units = self.coach.settings.unit_system

        def undone(result: dict[str, Any] | None) -> None:
            text = (
                "Nothing to undo." if result is None else f"Undone: {undo_message(result, units)}."
            )
            self._after_save(text)

        self.coach.call_service(
            self.coach.service.undo, undone,
            failed=lambda message: self._message(f"Not undone: {message}"),
            group="checkin-save", changes_data=True,
        )  # fmt: skip
