"""The routine player: one thing at a time, a big countdown, counters, cues and progress.

Time left always comes from a wall-clock deadline kept in ``toecoach.domain.player``; the
screen's timer only redraws, so a slow frame or a suspend never makes the count wrong.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Digits, Footer, ProgressBar, Static

from toecoach.domain import player
from toecoach.domain.routines import Library, Routine, describe_dose, routine_phases, visible_steps
from toecoach.ui.actions import bindings_for
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.title_bar import TitleBar

REDRAW_SECONDS = 0.25


def clock_text(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


class PlayerScreen(ToecoachScreen):
    ACTION_SCOPE = "player"
    BINDINGS = bindings_for(ACTION_SCOPE)

    DEFAULT_CSS = """
    PlayerScreen #phase-title { text-style: bold; padding: 1 2 0 2; }
    PlayerScreen Digits { width: auto; margin: 0 2; }
    PlayerScreen #counters { padding: 0 2; color: $text-muted; }
    PlayerScreen #exercise { padding: 1 2 0 2; height: auto; }
    PlayerScreen ProgressBar { padding: 0 2; margin: 1 0; }
    PlayerScreen #status { padding: 0 2; }
    PlayerScreen #cautions {
        padding: 0 1; margin: 1 2 0 2; border: round $warning; height: auto;
    }
    """

    def __init__(self, routine: Routine, library: Library, locks: list[str]) -> None:
        super().__init__()
        self.routine = routine
        self.library = library
        self.locks = locks
        self.state: player.PlayerState | None = None
        self.bell = False
        self.saved = False
        self._timer: Timer | None = None
        self._shown: tuple[object, ...] = ()
        # Each exercise's cautions are shown before its first hold, with the clock paused
        # until the person has read them (space goes on); k shows them again at any time.
        self._cautions_read: set[int] = set()
        self._gate_item: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar(self.routine.name)
        with VerticalScroll():
            yield Static("", id="item-title")
            yield Static("", id="cautions")
            yield Static("", id="phase-title")
            yield Digits("0:00", id="countdown")
            yield Static("", id="counters")
            yield ProgressBar(total=100, show_eta=False, id="progress")
            with Vertical(id="exercise"):
                yield Static("", id="steps")
            yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        phases = routine_phases(self.routine, self.library, self.locks)
        self.state = player.start(phases, self.coach.now())
        self.query_one(ProgressBar).total = max(1, self.state.total_seconds)
        self._timer = self.set_interval(REDRAW_SECONDS, self.advance)
        self.query_one("#cautions").display = False
        self._gate_cautions()
        self.redraw(force=True)

    # -- cautions ----------------------------------------------------------------------------

    def _current_exercise(self) -> Any:
        state = self.state
        if state is None or state.finished or state.phase is None:
            return None, None
        item = state.phase.item
        return item, self.library.exercises[self.routine.items[item].exercise]

    def _cautions_text(self, exercise: Any, gate: bool) -> Text:
        text = Text()
        text.append(literal(f"Before {exercise.name}:" if gate else "Cautions:", "bold"))
        text.append("\n")
        for caution in exercise.cautions:
            text.append(literal(f"• {caution}\n"))
        if gate:
            text.append(f"Press {self.coach.key_for('player.pause')} to start.", style="bold")
        else:
            text.append(f"{self.coach.key_for('player.cautions')} hides this.", style="dim")
        return text

    def _gate_cautions(self) -> None:
        """Entering an exercise with cautions: pause and show them first."""
        item, exercise = self._current_exercise()
        if item is None or item in self._cautions_read:
            return
        self._cautions_read.add(item)
        if not exercise.cautions:
            return
        assert self.state is not None
        if not self.state.paused:
            self.state = player.toggle_pause(self.state, self.coach.now())
        self._gate_item = item
        panel = self.query_one("#cautions", Static)
        panel.update(self._cautions_text(exercise, gate=True))
        panel.display = True

    def action_toggle_cautions(self) -> None:
        _item, exercise = self._current_exercise()
        panel = self.query_one("#cautions", Static)
        if self._gate_item is not None:
            return  # already on screen until the person goes on
        if panel.display or exercise is None:
            panel.display = False
            return
        if exercise.cautions:
            panel.update(self._cautions_text(exercise, gate=False))
        else:
            panel.update(literal(f"No cautions for {exercise.name}."))
        panel.display = True

    # -- time --------------------------------------------------------------------------------

    def advance(self) -> None:
        if self.state is None:
            return
        new_state, changed = player.tick(self.state, self.coach.now())
        self.state = new_state
        if changed:
            self._hide_cautions_on_new_item()
            self._gate_cautions()
            if self.bell:
                self.app.bell()
            if new_state.finished:
                self._finish()
        self.redraw(force=changed)

    def redraw(self, *, force: bool = False) -> None:
        state = self.state
        if state is None:
            return
        now = self.coach.now()
        left = player.remaining(state, now)
        key = (state.index, clock_text(left), state.paused, state.finished)
        if key == self._shown and not force:
            return  # nothing the eye could see has changed
        self._shown = key
        self.query_one("#countdown", Digits).update(clock_text(left))
        self.query_one(ProgressBar).progress = (
            player.elapsed_fraction(state, now) * state.total_seconds
        )
        phase = state.phase
        if state.finished:
            done, total = player.items_done(state)
            word = "Stopped" if state.stopped_early else "Well done"
            self.query_one("#phase-title", Static).update(
                Text(f"{word}: {done} of {total} steps done.")
            )
            self.query_one("#counters", Static).update(
                f"Press {self.coach.key_for('player.close')} to close."
            )
            return
        assert phase is not None
        item = self.routine.items[phase.item]
        exercise = self.library.exercises[item.exercise]
        self.query_one("#item-title", Static).update(
            literal(f"Step {phase.item + 1} of {len(self.routine.items)}: {exercise.name}", "bold")
        )
        title = phase.title if phase.kind != "timed" else "Keep going"
        if phase.kind == "step" and phase.text:
            title = phase.text
        if state.paused:
            title = f"Paused: {title} ({self.coach.key_for('player.pause')} to resume)"
        self.query_one("#phase-title", Static).update(literal(title))
        counters = []
        if phase.reps:
            counters.append(
                f"Rep {phase.rep_no} of {phase.reps}" if phase.rep_no else f"{phase.reps} reps"
            )
        if phase.sets > 1:
            counters.append(f"Set {phase.set_no} of {phase.sets}")
        if phase.side:
            counters.append(f"{phase.side.capitalize()} foot")
        self.query_one("#counters", Static).update(literal("  ·  ".join(counters)))
        if key[0] != getattr(self, "_steps_for", None):
            self._steps_for = key[0]
            steps = Text()
            steps.append(literal(describe_dose(item.dose), "italic"))
            steps.append("\n")
            for number, step in enumerate(visible_steps(exercise, self.locks), start=1):
                steps.append(literal(f"{number}. {step.text}\n"))
            if item.note:
                steps.append(literal(f"{item.note}\n", "dim"))
            self.query_one("#steps", Static).update(steps)

    # -- keys --------------------------------------------------------------------------------

    def _apply(self, change: Any) -> None:
        if self.state is None or self.state.finished:
            return
        self.state = change(self.state, self.coach.now())
        if self.state.finished:
            self._finish()
        self._hide_cautions_on_new_item()
        self._gate_cautions()
        self.redraw(force=True)

    def _hide_cautions_on_new_item(self) -> None:
        item, _exercise = self._current_exercise()
        if self._gate_item is not None and item != self._gate_item:
            self._gate_item = None
            self.query_one("#cautions").display = False

    def action_toggle_pause(self) -> None:
        if self._gate_item is not None:
            # The cautions were read: start the exercise.
            self._gate_item = None
            self.query_one("#cautions").display = False
        self._apply(player.toggle_pause)

    def action_skip(self) -> None:
        self._apply(player.skip)

    def action_back(self) -> None:
        self._apply(player.back)

    def action_stop(self) -> None:
        self._apply(player.stop)

    def action_toggle_bell(self) -> None:
        self.bell = not self.bell
        self.query_one("#status", Static).update(
            "Bell on each change." if self.bell else "Bell off."
        )

    def action_leave(self) -> None:
        self.stop_and_save()
        self.app.pop_screen()

    @property
    def run_in_progress(self) -> bool:
        """A routine started and not yet ended (quitting the app asks first)."""
        return self.state is not None and not self.state.finished

    def stop_and_save(self) -> None:
        """End the run where it is and store it as it happened: not finished, with the steps
        done (Escape, and quitting the app mid-routine)."""
        if self.run_in_progress:
            self._apply(player.stop)

    # -- storing the run ---------------------------------------------------------------------

    def _finish(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        if not self.saved:
            self.saved = True
            self.save_run()

    def save_run(self) -> None:
        from toecoach.domain.records import new_record

        state = self.state
        assert state is not None
        fields = player.run_record_fields(state, self.routine.id)
        record = new_record("run", state.started_at, self.coach.now(), **fields)
        # On the app: the save outlives this screen being closed.
        self.coach.call_service(
            lambda: self.coach.service.save_run(record),
            lambda _saved: self._status("Saved to your history.") if self.is_attached else None,
            failed=lambda message: self.app.notify(f"Not saved: {message}", severity="error"),
            group="player-save", changes_data=True,
        )  # fmt: skip

    def _status(self, message: str) -> None:
        # The save outlives the screen: once the screen is being closed there is nothing to
        # update (a query_one would raise), so update only what is still there.
        for status in self.query("#status").results(Static):
            status.update(literal(message))
