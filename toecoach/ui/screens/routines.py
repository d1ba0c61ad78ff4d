"""Choose a routine: total time, and whether a safety lock stops it (and which answer)."""

from __future__ import annotations

import textwrap
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from toecoach.domain.routines import (
    CRAMP_RESCUE_ID,
    Library,
    format_duration,
    routine_locked_by,
    routine_seconds,
)
from toecoach.services.triage import locked_message
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal, literal_content
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.title_bar import TitleBar


class RoutinesScreen(ToecoachScreen):
    ACTION_SCOPE = "routines"
    BINDINGS = bindings_for(ACTION_SCOPE)
    AUTO_FOCUS = "OptionList"
    DEFAULT_CSS = """
    RoutinesScreen OptionList { height: 1fr; margin: 1 1 0 1; }
    RoutinesScreen #message { padding: 0 2; height: auto; min-height: 2; }
    """

    def __init__(self, library: Library, locks: dict[str, list[str]]) -> None:
        super().__init__()
        self.library = library
        self.locks = locks

    def compose(self) -> ComposeResult:
        yield TitleBar("routines")
        yield OptionList(*self._options(80))
        errors = "\n".join(str(e) for e in self.library.errors)
        yield Static(literal_content(f"Skipped files:\n{errors}" if errors else "", "$text-warning"),
                     id="message")  # fmt: skip
        yield Footer()

    def _options(self, width: int) -> list[Option]:
        """One option per routine: name, time and lock on a line, the summary under it,
        wrapped here so each of its lines starts under the first (an option would wrap it
        back to column 1)."""
        options = []
        for routine in self.library.routines.values():
            label: list[Content | tuple[str, str] | str] = [
                literal_content(routine.name, "bold"),
                (f"  {format_duration(routine_seconds(routine, self.library))}", "dim"),
            ]
            if routine_locked_by(routine, self.library, self.locks):
                label.append(("  locked", "bold $text-error"))
            for line in textwrap.wrap(routine.summary, max(20, width - 4)):
                label += ["\n  ", literal_content(line)]
            options.append(Option(Content.assemble(*label), id=routine.id))
        return options

    def on_resize(self) -> None:
        # (FooterRules.on_resize runs too: Textual calls each class's handler.)
        self.call_after_refresh(self._rewrap)  # once the list has its new width

    def _rewrap(self) -> None:
        options = self.query_one(OptionList)
        width = options.scrollable_content_region.width
        if width and width != getattr(self, "_options_width", None):
            self._options_width = width
            highlighted = options.highlighted
            options.clear_options()
            options.add_options(self._options(width))
            options.highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        routine_id = str(event.option.id)
        self.start_routine(routine_id)

    def action_restore(self) -> None:
        """Bring back every exercise of the highlighted routine that "it hurts" left out."""
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        routine = self.library.routines[str(options.get_option_at_index(options.highlighted).id)]
        service = self.coach.service

        def restore() -> list[str]:
            left_out = [ident for ident, _why in service.routine_for_today(routine).left_out]
            return [ident for ident in left_out if service.restore_exercise(ident)]

        def done(restored: list[str]) -> None:
            names = [
                self.library.exercises[i].name for i in restored if i in self.library.exercises
            ]
            message = (f"Brought back into {routine.name}: {', '.join(names)}." if names
                       else f"Nothing is left out of {routine.name}.")  # fmt: skip
            self.query_one("#message", Static).update(literal(message))

        self.coach.call_service(restore, done, group="restore", changes_data=True)

    def start_routine(self, routine_id: str) -> None:
        from toecoach.ui.screens.cramp_rescue import CrampRescueScreen
        from toecoach.ui.screens.player import PlayerScreen

        routine = self.library.routines[routine_id]
        if routine_id == CRAMP_RESCUE_ID:
            self.app.push_screen(CrampRescueScreen())
            return
        locked_by = routine_locked_by(routine, self.library, self.locks)
        if locked_by:
            self.query_one("#message", Static).update(literal(locked_message(locked_by), "bold"))
            return
        # Today's doses (progression, "it hurts") come from the history: read in a worker.
        # The player shows each exercise's cautions before its first hold.
        locks = list(self.locks)

        def start(plan: Any) -> None:
            if not plan.routine.items:
                self.query_one("#message", Static).update(literal(
                    "Every exercise of this routine is left out after \"it hurts\".", "bold"
                ))  # fmt: skip
                return
            self.app.push_screen(
                PlayerScreen(plan.routine, self.library, locks, left_out=plan.left_out)
            )

        self.coach.call_service(
            lambda: self.coach.service.routine_for_today(routine), start,
            group="open-routine", exclusive=True,
        )  # fmt: skip
