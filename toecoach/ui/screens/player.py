"""The routine player: one thing at a time, a big countdown, counters, cues and progress.

Time left always comes from a wall-clock deadline kept in ``toecoach.domain.player``; the
screen's timer only redraws, so a slow frame or a suspend never makes the count wrong.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Digits, ProgressBar, Static

from toecoach.domain import player
from toecoach.domain.routines import Library, Routine, describe_dose, routine_phases, visible_steps
from toecoach.domain.text import plural
from toecoach.ui.actions import bindings_for, key_hint
from toecoach.ui.screens.base import ToecoachScreen
from toecoach.ui.text import literal
from toecoach.ui.widgets.footer import Footer
from toecoach.ui.widgets.scroll_body import ScrollBody
from toecoach.ui.widgets.title_bar import TitleBar

REDRAW_SECONDS = 0.25


def clock_text(seconds: float) -> str:
    whole = int(seconds + 0.999)
    return f"{whole // 60}:{whole % 60:02d}"


class PlayerScreen(ToecoachScreen):
    ACTION_SCOPE = "player"
    BINDINGS = bindings_for(ACTION_SCOPE)

    # The order is what a person needs first at 60x20: what, what next, the countdown, the keys.
    DEFAULT_CSS = """
    PlayerScreen #item-title { padding: 0 2; height: auto; }
    PlayerScreen #next-up { padding: 0 2; color: $text-muted; height: auto; }
    PlayerScreen #phase-title { text-style: bold; padding: 0 2; height: auto; }
    PlayerScreen Digits { width: auto; margin: 0 2; }
    PlayerScreen #counters { padding: 0 2; color: $text-muted; }
    PlayerScreen #keys { padding: 0 2; height: auto; }
    PlayerScreen #exercise { padding: 1 2 0 2; height: auto; }
    PlayerScreen ProgressBar { padding: 0 2; }
    PlayerScreen #status { padding: 0 2; height: auto; }
    PlayerScreen #cautions {
        padding: 0 1; margin: 0 2; border: round $warning; height: auto;
    }
    """

    def __init__(self, routine: Routine, library: Library, locks: list[str], *,
                 left_out: tuple[tuple[str, str], ...] = ()) -> None:  # fmt: skip
        super().__init__()
        self.routine = routine
        self.library = library
        self.locks = locks
        self.left_out = left_out  # exercises left out today after "it hurts" (id, why)
        self._hurt_items: set[int] = set()  # items that hurt in this run: not good runs
        self._easy_items: set[int] = set()
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
        with ScrollBody():
            yield Static("", id="item-title")
            yield Static("", id="next-up")
            yield Static("", id="cautions")
            yield Static("", id="phase-title")
            yield Digits("0:00", id="countdown")
            yield Static("", id="counters")
            yield Static(self._keys_text(), id="keys")
            yield Static("", id="status")
            yield ProgressBar(total=100, show_eta=False, id="progress")
            with Vertical(id="exercise"):
                yield Static("", id="steps")
        yield Footer()

    def on_mount(self) -> None:
        phases = routine_phases(self.routine, self.library, self.locks)
        self.state = player.start(phases, self.coach.now())
        self.query_one(ProgressBar).total = max(1, self.state.total_seconds)
        self._timer = self.set_interval(REDRAW_SECONDS, self.advance)
        self.query_one("#cautions").display = False
        self._gate_cautions()
        if self.left_out:
            names = ", ".join(
                f"{self._exercise_name(ident)} ({why})" for ident, why in self.left_out
            )
            self._status(f"Left out today: {names}.")
        self.redraw(force=True)

    def _exercise_name(self, exercise_id: str) -> str:
        exercise = self.library.exercises.get(exercise_id)
        return exercise.name if exercise is not None else exercise_id

    def _keys_text(self) -> Text:
        key = self.coach.key_for
        return literal(
            f"{key('player.pause')} pause · {key('player.skip')} next exercise · "
            f"{key('player.hurt')} it hurts · {key('player.easy')} too easy · "
            f"{key('player.help')} keys",
            "dim",
        )

    # -- another screen on top: the routine waits --------------------------------------------

    def on_screen_suspend(self, _event: events.ScreenSuspend) -> None:
        """Cramp rescue, a reminder, help or a dialog covers the player: pause, and stay
        paused when it closes, until the person presses the pause key."""
        if self.state is not None and not self.state.finished and not self.state.paused:
            self.state = player.pause(self.state, self.coach.now())
            self.redraw(force=True)

    def on_screen_resume(self, _event: events.ScreenResume) -> None:
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
                Text(f"{word}: {done} of {plural(total, 'step')} done.")
            )
            self.query_one("#counters", Static).update(
                f"Press {self.coach.key_for('player.close')} to close."
            )
            self.query_one("#next-up", Static).update("")
            self.query_one("#keys").display = False
            self.refresh_bindings()
            return
        assert phase is not None
        item = self.routine.items[phase.item]
        exercise = self.library.exercises[item.exercise]
        self.query_one("#item-title", Static).update(
            literal(f"Step {phase.item + 1} of {len(self.routine.items)}: {exercise.name}", "bold")
        )
        following = player.next_item(state)
        if following is None:
            next_up = "Next up: the end of the routine"
        else:
            upcoming = self.routine.items[following]
            next_up = (
                f"Next up: {self.library.exercises[upcoming.exercise].name} "
                f"({describe_dose(upcoming.dose)})"
            )
        self.query_one("#next-up", Static).update(literal(next_up))
        title = phase.title if phase.kind != "timed" else "Keep going"
        if phase.kind == "step" and phase.text:
            title = phase.text
        if state.paused and self._gate_item == phase.item:
            # Waiting on the cautions above, which say "Press Space to start": not a pause.
            title = f"Ready: {title} ({self.coach.key_for('player.pause')} to start)"
        elif state.paused:
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

    def action_skip_item(self) -> None:
        self._apply(player.skip_item)

    def action_player_help(self) -> None:
        from toecoach.ui.screens.player_dialogs import PlayerHelpModal

        self.app.push_screen(PlayerHelpModal())

    # -- it hurts, too easy ------------------------------------------------------------------

    def action_hurt(self) -> None:
        """Stop this exercise (the routine pauses), ask where and how much, log it."""
        from toecoach.ui.screens.player_dialogs import HurtModal

        item, exercise = self._current_exercise()
        if item is None or self.state is None:
            return
        self.state = player.pause(self.state, self.coach.now())
        self.redraw(force=True)

        def answered(answer: tuple[str, int] | None) -> None:
            if answer is not None:
                self._log_hurt(item, exercise, *answer)

        self.app.push_screen(HurtModal(exercise.name), answered)

    def _log_hurt(self, item: int, exercise: Any, area: str, severity: int) -> None:
        from toecoach.domain.records import new_record
        from toecoach.ui.screens.player_dialogs import AREA_WORDS

        now = self.coach.now()
        self._hurt_items.add(item)
        common = {"exercise": exercise.id, "routine": self.routine.id}
        episode = new_record(
            "episode", now, now, severity=severity, area=area, during="exercise",
            source="player", note=f"It hurt during {exercise.name} ({self.routine.name}).",
            **common,
        )  # fmt: skip
        feedback = new_record("feedback", now, now, verdict="hurt", severity=severity, **common)
        # The exercise stops: on to the next one, still paused.
        if self.state is not None and not self.state.finished:
            current, _ = self._current_exercise()
            if current == item:
                self._apply(player.skip_item)
        where = AREA_WORDS.get(area, area).lower()

        def saved(outcome: dict[str, Any]) -> None:
            lines = [f"Logged in your diary: {where}, {severity}/10, during {exercise.name}."]
            if outcome.get("left_out"):
                key = key_hint(self.app, "routines.restore")
                lines.append(
                    "It is left out of your routines until you bring it back "
                    f"({key} on the routines list)."
                )
            else:
                lines.append("Next time it comes at half the dose.")
            if outcome.get("offer_triage"):
                lines.append(
                    f"That needs a closer look: press {self.coach.key_for('player.triage')} "
                    "for the triage, a safety-first check."
                )
            if self.is_attached:
                self._status("\n".join(lines))

        self.coach.call_service(
            lambda: self.coach.service.report_hurt(episode, feedback), saved,
            failed=lambda message: self.app.notify(f"Not saved: {message}", severity="error"),
            group="player-feedback", changes_data=True,
        )  # fmt: skip

    def action_easy(self) -> None:
        from toecoach.domain.records import new_record

        item, exercise = self._current_exercise()
        if item is None or item in self._easy_items:
            return
        self._easy_items.add(item)
        now = self.coach.now()
        record = new_record("feedback", now, now, exercise=exercise.id, routine=self.routine.id,
                            verdict="easy")  # fmt: skip
        message = (
            f"Noted: {exercise.name} felt too easy; its dose steps up next time."
            if exercise.progression is not None
            else f"Noted: {exercise.name} felt too easy."
        )
        self.coach.call_service(
            lambda: self.coach.service.save_feedback(record),
            lambda _saved: self._status(message) if self.is_attached else None,
            failed=lambda text: self.app.notify(f"Not saved: {text}", severity="error"),
            group="player-feedback", changes_data=True,
        )  # fmt: skip

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

    # A run's own keys: once it has ended (finished or stopped) they would do nothing, so
    # they leave the footer (and the hint line goes).
    RUN_ACTIONS = frozenset({"toggle_pause", "skip_item", "skip", "hurt", "easy", "back", "stop"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.RUN_ACTIONS and self.state is not None and self.state.finished)

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
        done = [
            self.routine.items[item].exercise
            for item in player.done_items(state)
            if item not in self._hurt_items
        ]
        fields = player.run_record_fields(state, self.routine.id, done)
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
