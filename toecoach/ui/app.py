"""The toecoach desk app (Textual)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen

from toecoach.config import Settings
from toecoach.domain.text import plural
from toecoach.services.coach import Coach, StoreError
from toecoach.ui.actions import (
    BY_ID,
    bindings_for,
    describe_key,
    hidden_on,
    key_hint,
    keymap_clashes,
    palette_actions,
)

if TYPE_CHECKING:
    from textual.worker import Worker

    from toecoach.services.notify import Action
    from toecoach.services.reminders import ReminderService

T = TypeVar("T")
# The dashboard's figures as one read gives them: (data stamp, today, latest triage, notices).
DashboardRead = tuple[object, dict[str, Any], "dict[str, Any] | None", list[str]]
DATA_CHECK_SECONDS = 2.0  # how soon a write by another toecoach shows on screen


REMINDERS_START_DELAY = 0.25  # seconds after mount
WARM_UP_DELAY = 1.5  # seconds after mount: the screens people open are imported then
# Start-up work in the background (the reminders' preparation, the warm-up) waits while what
# the person asked for is being read and for this long after, so that a key pressed just
# after launch is answered first; but it never waits longer than the limit (a read held
# up by another toecoach's lock does not hold the reminders back for good).
QUIET_AFTER_ASKED = 0.3
BACKGROUND_WAIT_LIMIT = 5.0
SWITCH_INTERVAL = 0.0005  # seconds: how long a thread may hold the interpreter lock (run_app)
# Imported on a thread once the dashboard is up, so that opening them later does not wait
# for their modules (the history screen's took about 30 ms of its first opening).
WARM_UP_MODULES = ("toecoach.ui.screens.history", "toecoach.services.history")


class _InFlight:
    """Whether facade calls the person asked for are in flight: their workers not yet
    finished, or their threads still running (a cancelled worker is finished at once, while
    its thread goes on); and when the last thread ended. Asked on the loop."""

    def __init__(self) -> None:
        self._workers: set[Worker[Any]] = set()  # unfinished ones only: no screen kept alive
        self._running = 0
        self._ended = 0.0  # time.monotonic()
        self._lock = threading.Lock()

    def add(self, worker: Worker[Any]) -> None:
        self._workers = {w for w in self._workers if not w.is_finished}
        self._workers.add(worker)

    def enter(self) -> None:  # on the worker's thread
        with self._lock:
            self._running += 1

    def leave(self) -> None:  # on the worker's thread
        with self._lock:
            self._running -= 1
            self._ended = time.monotonic()

    def quiet_for(self, seconds: float) -> bool:
        self._workers = {w for w in self._workers if not w.is_finished}
        with self._lock:
            running, ended = self._running, self._ended
        return not self._workers and not running and time.monotonic() - ended >= seconds


class PrefetchEnded(Message):
    """The launch's read of the dashboard has ended (posted from its thread)."""

    def __init__(self, future: Any, then: Callable[[DashboardRead | None], object]) -> None:
        super().__init__()
        self.future = future
        self.then = then


def _unless_gone(then: Callable[[Any], object], result: Any) -> object:
    """Hand a worker's result to a screen, unless the person closed that screen meanwhile
    (its widgets are gone: there is nothing left to show the result on)."""
    from textual.css.query import NoMatches

    try:
        return then(result)
    except NoMatches:
        return None


def _now() -> datetime:
    return datetime.now().astimezone()


# config.toml's [ui] theme names for Textual's two default themes; any other Textual theme is
# stored under its own name.
THEMES = {"dark": "textual-dark", "light": "textual-light"}


def textual_theme(name: str, available: Iterable[str]) -> str:
    theme = THEMES.get(name, name)
    return theme if theme in available else THEMES["dark"]


def config_theme(theme: str) -> str:
    return next((name for name, textual in THEMES.items() if textual == theme), theme)


class ToecoachApp(App[None]):
    # Absolute, so subclasses defined elsewhere (tests) find it too.
    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "toecoach"
    SUB_TITLE = "guidance, not medical advice"

    # App-wide actions (cramp rescue, help, quit); each screen binds its own. All declared in
    # toecoach/ui/actions.py, with the ids [keymap] in config.toml uses.
    BINDINGS = bindings_for("app")

    # The one "data changed" signal: bumped after every write this app makes and whenever
    # another toecoach process writes; every screen that shows data watches it.
    data_version: reactive[int] = reactive(0, init=False)

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        clock: Callable[[], datetime] = _now,
        start_reminders: bool = True,
    ) -> None:
        super().__init__()
        self.crash_log: Path | None = None  # written after an unhandled error
        self._crashed = False
        self.start_reminders = start_reminders
        self.settings = settings or Settings()
        # The facade: screens reach the data only through it, and only from workers.
        self.service = Coach(self.settings, clock=clock)
        self.paths = self.service.paths
        self.now = clock
        self._data_stamp: object = None
        self._asked = _InFlight()  # the person's facade calls (call_service)
        self.apply_settings(self.settings)

    _applied_theme = ""
    _unsaved_theme: str | None = None  # chosen before first-run setup wrote config.toml

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        if hasattr(self, "service"):
            self.service.settings = settings
        if self.reminders is not None:
            # New work hours or interval show on the dashboard at once, not at the next beat.
            self.reminders.apply_settings(settings)
            self.data_changed()
        if self._unsaved_theme is not None and self.paths.config_file.exists():
            self._save_theme(self._unsaved_theme)  # setup has written the file: keep it there
        else:
            self._applied_theme = textual_theme(settings.theme, self.available_themes)
            self.theme = self._applied_theme
        if settings.keymap:
            for binding_id in sorted(set(settings.keymap) - set(BY_ID)):
                self._keymap_notice(
                    f"config.toml [keymap]: {binding_id!r} is not an action id, so it changes "
                    "no key (every id is in toecoach/ui/actions.py)"
                )
            for clash in keymap_clashes(settings.keymap):
                self._keymap_notice(clash)
            self.set_keymap(settings.keymap)

    _keymap_said: frozenset[str] = frozenset()

    def _keymap_notice(self, message: str) -> None:
        # Said once on the dashboard, however often the settings are applied again.
        if message not in self._keymap_said:
            self._keymap_said |= {message}
            self.service.add_notice(f"toecoach: {message}")
            self.data_changed()

    def watch_theme(self, theme: str) -> None:
        # A theme chosen in the command palette is kept in config.toml ([ui] theme).
        if self._applied_theme and theme != self._applied_theme:
            self._applied_theme = theme
            self._save_theme(config_theme(theme))

    def _save_theme(self, name: str) -> None:
        from dataclasses import replace

        from toecoach.config import write_settings

        path = self.paths.config_file
        if not path.exists():
            # Writing it would count first-run setup as done; setup writes it, then this.
            self._unsaved_theme = name
            return
        self._unsaved_theme = None

        def work() -> None:
            try:
                write_settings(path, {"ui.theme": name})  # tomlkit: the user's comments stay
            except (ValueError, OSError) as error:  # an invalid config.toml, a full disk
                self.call_from_thread(self.notify, f"Theme not saved: {error}", severity="warning")
                return
            self.call_from_thread(setattr, self, "settings", replace(self.settings, theme=name))

        self.run_worker(work, thread=True, group="theme-save")

    reminders: ReminderService | None = None

    def key_for(self, action: str) -> str:
        """The key shown for an action (binding id such as ``app.triage``, or action name), as
        remapped through ``[keymap]`` (so on-screen hints never name a key that no longer
        does it)."""
        return key_hint(self, action)

    def triage_hint(self) -> str:
        """How the app says "run the triage" in a text (the CLI names its command)."""
        return f"press {self.key_for('app.triage')} on the dashboard"

    def get_key_display(self, binding: Binding) -> str:
        return describe_key(self, binding) or super().get_key_display(binding)

    def get_default_screen(self) -> Screen[Any]:
        # The dashboard is the base screen itself: no blank screen to draw first.
        return self.initial_screen()

    # -- the facade, off the event loop ---------------------------------------------------------

    def call_service(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None = None,
        *,
        failed: Callable[[str], object] | None = None,
        group: str = "service",
        exclusive: bool = False,
        changes_data: bool = False,
    ) -> None:
        """Run one facade call in a thread worker (it may wait for the data lock) and hand
        the result to ``then`` back on the event loop. A storage failure goes to ``failed``
        (by default a notification). ``changes_data`` bumps the data-changed signal.
        Start-up work in the background waits for it (``when_quiet``)."""

        def work() -> None:
            self._asked.enter()
            try:
                self._answer(call, then, failed, changes_data)
            finally:
                self._asked.leave()

        self._asked.add(self.run_worker(work, thread=True, group=group, exclusive=exclusive))

    def _answer(
        self,
        call: Callable[[], T],
        then: Callable[[T], object] | None,
        failed: Callable[[str], object] | None,
        changes_data: bool,
    ) -> None:
        """A facade call on a worker thread, and its result (or failure) on the loop."""
        try:
            result = call()
        except (StoreError, OSError) as error:
            message = (
                str(error)
                if isinstance(error, StoreError)
                else (f"could not reach the data: {error.strerror or error}")
            )
            self.call_from_thread(failed or self._not_saved, message)
            return
        if then is not None:
            self.call_from_thread(_unless_gone, then, result)
        if changes_data:
            self.call_from_thread(self.data_changed)
        # Records a read skipped (they do not validate): said once per file and count.
        for line in self.service.skip_reports():
            self.call_from_thread(self.notify, line, severity="warning", timeout=10)

    def when_quiet(self, start: Callable[[], object], waited: float = 0.0) -> None:
        """Run ``start`` (start-up work in the background) once no facade call the person
        is waiting for is in flight, and none has ended in the last moments; at the latest
        after ``BACKGROUND_WAIT_LIMIT``. Threads share one interpreter lock: the reminders'
        imports on one would slow a history being worked out on another."""
        if waited < BACKGROUND_WAIT_LIMIT and not self._asked.quiet_for(QUIET_AFTER_ASKED):
            step = QUIET_AFTER_ASKED / 2
            self.set_timer(step, lambda: self.when_quiet(start, waited + step))
            return
        start()

    def prefetch_dashboard(self) -> None:
        """Read the dashboard's figures on a thread while Textual starts, so that the first
        frame of a launch already shows them instead of a second frame after a worker (the
        start a person waits for every morning). Only a real launch calls this (run_app); the
        home screen takes the figures if they are ready and still current, else reads again."""
        from concurrent.futures import Future

        future: Future[tuple[object, dict[str, Any], dict[str, Any] | None, list[str]]]
        future = Future()
        hint = self.triage_hint()

        def work() -> None:
            try:
                future.set_result(self.service.dashboard(hint))
            except BaseException as error:  # any failure: the home screen reads again
                future.set_exception(error)

        threading.Thread(target=work, name="toecoach-prefetch", daemon=True).start()
        self._prefetched = future

    _prefetched: Any = None

    def take_prefetched_dashboard(self, then: Callable[[DashboardRead | None], object]) -> bool:
        """Hand the prefetched dashboard to ``then`` on the loop: now if it is read, else as
        soon as it is (a second read meanwhile would only compete with it). ``then`` gets
        None if the read failed or is no longer current (a write since, another day): read
        again then. False: there is no prefetch (taken once; later reads use workers)."""
        future, self._prefetched = self._prefetched, None
        if future is None:
            return False
        if future.done():
            then(self._current_prefetch(future))
            return True

        def read(done: Any) -> None:
            # Posted, not called: this runs on the read's thread, or right here if the read
            # ended a moment ago. The loop hands it over (on_prefetch_ended).
            from contextlib import suppress

            with suppress(RuntimeError):  # the app has stopped meanwhile
                self.post_message(PrefetchEnded(done, then))

        future.add_done_callback(read)
        return True

    def on_prefetch_ended(self, message: PrefetchEnded) -> None:
        _unless_gone(message.then, self._current_prefetch(message.future))

    def _current_prefetch(self, future: Any) -> DashboardRead | None:
        if future.exception() is not None:
            return None
        stamp, document, latest, _notices = future.result()
        if stamp != self.service.modified_stamp():
            return None
        if document.get("date") != self.service.now().date().isoformat():
            return None
        # Notices added after the read (a config problem found at launch) are included.
        return stamp, document, latest, self.service.notices()

    def _not_saved(self, message: str) -> None:
        self.notify(f"Not saved: {message}", severity="error")

    def data_changed(self) -> None:
        self.data_version += 1

    def _check_for_outside_changes(self) -> None:
        # A stat() of the data files: cheap enough for the loop, and no lock involved.
        stamp = self.service.modified_stamp()
        if stamp != self._data_stamp:
            first = self._data_stamp is None
            self._data_stamp = stamp
            if not first:
                if self.reminders is not None:
                    # A walk, a triage or a reminder answered by another toecoach.
                    self.reminders.recheck()
                self.data_changed()

    def on_mount(self) -> None:
        self._check_for_outside_changes()
        self.set_interval(DATA_CHECK_SECONDS, self._check_for_outside_changes)
        if self.start_reminders:
            # After the first frame, and what it imports (APScheduler and the sitting
            # tracker: about 0.1 s) on a thread: a key pressed meanwhile is not held up.
            self.set_timer(REMINDERS_START_DELAY,
                           lambda: self.when_quiet(self._start_reminders_soon))  # fmt: skip
        self.set_timer(WARM_UP_DELAY, lambda: self.when_quiet(self._warm_up))
        if not self.paths.config_file.exists() and not self.settings.exists:
            from toecoach.ui.screens.settings import SetupScreen

            self.push_screen(SetupScreen())

    def _warm_up(self) -> None:
        def work() -> None:
            import importlib

            for name in WARM_UP_MODULES:
                importlib.import_module(name)
            # The history screen's first look would otherwise check every record of every
            # month (about a second for five years): the totals are worked out now, while
            # nobody waits, and kept (a no-op but for 60 small reads once they are).
            # Only an early start on work the history screen does anyway: whatever goes wrong
            # here is for that screen to report, never a reason to stop the app.
            try:
                self.service.keep_history_totals()
            except Exception:
                logging.getLogger(__name__).debug("history warm-up failed", exc_info=True)

        self.run_worker(work, thread=True, group="warm-up", exit_on_error=False)

    # -- reminders ---------------------------------------------------------------------------

    def _start_reminders_soon(self) -> None:
        # A task of its own (an async worker): awaited here, the preparation would hold up
        # the app's messages, keys included, as surely as running it on the loop would.
        # The method, not a coroutine made now: an app that quits before the worker starts
        # leaves no coroutine that was never awaited.
        self.run_worker(self._start_reminders_off_the_loop, group="reminders-start")  # type: ignore[arg-type]  # Textual's stub wants Coroutine[None, None, T]

    async def _start_reminders_off_the_loop(self) -> None:
        await asyncio.to_thread(self.service.prepare_reminder_service)
        if self.is_running and self.reminders is None:
            self.start_reminder_service()

    def start_reminder_service(self, **overrides: Any) -> None:
        import logging

        from toecoach.config import ConfigError, load_settings
        from toecoach.services.idle import IdleMonitor
        from toecoach.services.locked import LockMonitor
        from toecoach.services.notify import Notifier

        logging.getLogger("apscheduler").setLevel(logging.ERROR)
        self.notifier = Notifier(self.settings.notification_backends)
        self._loop_thread = threading.get_ident()  # where answers from the desktop must run
        config_file = self.paths.config_file

        def reload_settings() -> Settings | None:
            try:
                return load_settings(config_file)
            except ConfigError:
                return None

        options: dict[str, Any] = {
            "clock": self.now,
            "idle_seconds": IdleMonitor().idle_seconds,
            "screen_locked": LockMonitor().screen_locked,
            "on_reminder": self.show_reminder,
            "reload_settings": reload_settings,
            "background_writes": True,
            "on_answered_elsewhere": self._reminder_answered_elsewhere,
        }
        options.update(overrides)
        self.reminders = self.service.reminder_service(**options)
        self.reminders.start()
        self.data_changed()

    def on_unmount(self) -> None:
        if self.reminders is not None:
            self.reminders.shutdown()

    async def action_quit(self) -> None:
        if getattr(self.screen, "is_quit_confirm", False):
            self.screen.dismiss(True)  # Ctrl+C (a priority key) while asking: quit
            return
        running = [s for s in self.screen_stack if getattr(s, "run_in_progress", False)]
        if running:
            # Never lose a routine half done without asking; either way it is kept.
            from toecoach.ui.screens.confirm import QuitConfirmModal

            def answered(quit_now: bool | None) -> None:
                if quit_now:
                    self.call_later(self._quit_after_saving)

            from toecoach.ui.actions import action_keys

            keys = tuple(action_keys(self, "app.quit"))  # as remapped in [keymap]
            self.push_screen(QuitConfirmModal(self.key_for("app.quit"), keys), answered)
            return
        await self._quit_after_saving()

    async def _quit_after_saving(self) -> None:
        # Runs and rescues open now are stored as they happened (stopped early, the steps
        # done; a rescue with its seconds).
        for screen in self.screen_stack:
            for save in ("stop_and_save", "save_rescue"):
                if hasattr(screen, save):
                    getattr(screen, save)()
        # Let writes in flight finish: quitting must never lose a check-in.
        await self.workers.wait_for_complete()
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        if (
            isinstance(event, events.Key)
            and self.reminders is not None
            and event is not self._presence_key  # a key can reach the app twice (bubbling)
        ):
            # Keys in the app count as being at the desk: one ends a step-away (or any
            # absence), and is not then taken as a new "step away" (see action_step_away).
            self._presence_key = event
            self._came_back_by_key = self.reminders.presence()
            if self._came_back_by_key:
                self.back_by_key_at = time.monotonic()
                self.data_changed()
        await super().on_event(event)

    _came_back_by_key = False
    _presence_key: events.Key | None = None
    back_by_key_at: float | None = None  # time.monotonic() of the key that ended an absence

    def action_step_away(self) -> None:
        """Away from the desk until the next key here: no reminders meanwhile, and a long
        enough absence ends the sitting bout (as system idle time does)."""
        service = self.reminders
        if service is None:
            return
        if self._came_back_by_key:
            self._came_back_by_key = False  # this very key ended the step-away: "I'm back"
            self.notify("Welcome back.")
            return
        service.step_away()
        self.data_changed()

    def show_reminder(self, sitting_minutes: int) -> None:
        from toecoach.services.notify import reminder_actions
        from toecoach.ui.screens.reminder import ReminderModal

        service = self.reminders
        assert service is not None
        self.bell()
        body = f"You have been sitting for {plural(sitting_minutes, 'minute')}."
        # A coroutine on this loop (D-Bus calls are async; command-line fallbacks run in a
        # thread): the desktop's Walked / Snooze come back to answer_from_desktop.
        actions = reminder_actions(service.snooze_options())
        from functools import partial

        self.run_worker(partial(self._notify_outside, body, actions), group="notify")  # type: ignore[arg-type]  # Textual: Coroutine[None, None, T]
        modal = ReminderModal(sitting_minutes, service.plan.walk_minutes, service.snooze_options())
        self.push_screen(modal, self.answer_reminder)

    async def _notify_outside(self, body: str, actions: tuple[Action, ...]) -> None:
        service = self.reminders
        # Every open toecoach shows the dialog; only the one that claimed the reminder
        # notifies the desktop (the claim is written off the loop, so is its check).
        if service is not None and not await asyncio.to_thread(service.claimed_here):
            return
        await self.notifier.send("Time for a short walk", body, actions, self.answer_from_desktop)

    def answer_from_desktop(self, answer: str) -> None:
        """An action picked on the desktop notification: the same as its key in the dialog
        (which then closes and calls ``answer_reminder``)."""
        from toecoach.ui.screens.reminder import ReminderModal

        if threading.get_ident() != self._loop_thread:
            self.call_from_thread(self.answer_from_desktop, answer)
            return
        modal = next((s for s in reversed(self.screen_stack) if isinstance(s, ReminderModal)), None)
        if modal is None:
            return  # already answered here
        if modal is not self.screen:
            modal.pop_until_active()  # a help screen opened over the dialog
        self.call_later(modal.action_answer, answer)

    def _reminder_answered_elsewhere(self, answer: str) -> None:
        """Another toecoach answered the reminder this one shows: close it here too."""
        from toecoach.ui.screens.reminder import ReminderModal

        if isinstance(self.screen, ReminderModal):
            self.screen.dismiss(None)  # answer_reminder(None) stores nothing
            self.notify("The walking-break reminder was answered in another toecoach.")
        self.data_changed()

    def answer_reminder(self, answer: str | None) -> None:
        from toecoach.services.checkins import build_walk

        service = self.reminders
        if service is None:
            return
        # Answered (here, or in another toecoach): take the desktop notification away too.
        self.run_worker(self.notifier.withdraw, group="notify")  # type: ignore[arg-type]  # Textual: Coroutine[None, None, T]
        if answer is None:
            return
        if answer == "walked":
            record = build_walk(self.settings, source="reminder", now=self.now())
            service.note_walk_record(record)
            service.walked(int(record["minutes"]))
            self._save_in_background(
                lambda: self.service.log_walk(record), "Walk logged. Enjoy it."
            )
        elif answer == "seated":
            service.seated()
            self._start_seated_routine()
        elif answer.startswith("snooze"):
            service.snooze(int(answer.removeprefix("snooze")))
        elif answer == "pause":
            service.pause_for_an_hour()
            self.notify(f"Reminders paused for an hour ({self.key_for('app.pause')} on the "
                        "dashboard resumes them).")  # fmt: skip
        else:
            service.skip()
        self.data_changed()

    def action_pause_reminders(self) -> None:
        service = self.reminders
        if service is None:
            return
        paused = service.state.paused_until
        if paused is not None and paused > self.now():
            service.resume()
            self.notify("Reminders on again.")
        else:
            service.pause_for_an_hour()
            self.notify(
                f"Reminders paused for an hour ({self.key_for('app.pause')} again to resume)."
            )
        self.data_changed()

    def action_pause_until_tomorrow(self) -> None:
        if self.reminders is not None:
            self.reminders.pause_until_tomorrow()
            self.notify("Reminders paused until the next work day.")
            self.data_changed()

    def _start_seated_routine(self) -> None:
        def read() -> tuple[Any, Any, list[str], Any]:
            library = self.service.library()
            routine = library.routines.get("desk-break-2min")
            gate = self.service.gate(routine) if routine is not None else None
            plan = self.service.routine_for_today(routine) if routine is not None else None
            return library, gate, list(self.service.locks()), plan

        def show(found: tuple[Any, Any, list[str], Any]) -> None:
            from toecoach.ui.screens.player import PlayerScreen

            library, gate, locks, plan = found
            if gate is None or not gate.open:
                self.notify("The seated routine is paused for safety; see your triage result.")
                return
            if not plan.routine.items:
                self.notify('Every exercise of the seated routine is left out after "it hurts".')
                return
            self.push_screen(PlayerScreen(plan.routine, library, locks, left_out=plan.left_out))

        self.call_service(read, show, group="open-routine", exclusive=True)

    def initial_screen(self) -> Screen[Any]:
        from toecoach.ui.screens.home import HomeScreen

        return HomeScreen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Themes and the rest come from Textual; ours from the action table: the app-wide ones
        # and those of the screen the palette was opened from (elsewhere they would stack
        # screens).
        from functools import partial

        yield from super().get_system_commands(screen)
        scope = getattr(screen, "ACTION_SCOPE", None)
        for action in palette_actions(scope):
            namespace = self if "app" in action.scopes else screen
            help_text = action.help[:1].upper() + action.help[1:]
            if action.id in ("app.log_glass", "checkin.glass", "checkin.bottle"):
                # The size in force, which settings offers too (one list of sizes).
                from toecoach.domain.intake import water_text

                glass = action.id != "checkin.bottle"
                size = self.settings.glass_ml if glass else self.settings.bottle_ml
                amount = water_text(size, self.settings.unit_system)
                help_text = f"One {'glass' if glass else 'bottle'} of {amount} (set in settings)"
            yield SystemCommand(
                action.palette, help_text, partial(self.run_action, action.action, namespace)
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The action table says where an app-wide action is off (cramp rescue on the rescue).
        return not hidden_on(action, getattr(self.screen, "ACTION_SCOPE", None))

    def action_routines(self) -> None:
        def show(found: tuple[Any, dict[str, list[str]]]) -> None:
            from toecoach.ui.screens.routines import RoutinesScreen

            self.push_screen(RoutinesScreen(*found))

        self.call_service(
            lambda: (self.service.library(reload=True), self.service.locks()), show,
            group="open-routines", exclusive=True,
        )  # fmt: skip

    def action_checkin(self) -> None:
        from toecoach.ui.screens.checkin import CheckinScreen

        self.push_screen(CheckinScreen())

    def action_log_episode(self) -> None:
        from toecoach.services.insights import after_episode
        from toecoach.ui.screens.episode import EpisodeModal

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            record = values["record"]
            region = self.settings.region

            def save() -> list[str]:
                self.service.log_episode(record)
                # As the CLI does: the long-cramp line and the prompt to re-run the triage.
                prompt = self.service.episode_prompt(self.triage_hint())
                return after_episode(record, self.now(), region, prompt)

            def said(lines: list[str]) -> None:
                self.notify(" ".join(["Spasm logged.", *lines]),
                            severity="warning" if lines else "information",
                            timeout=20 if lines else 5)  # fmt: skip

            self.call_service(save, said, group="app-save", changes_data=True)
            if values.get("rescue"):
                self.action_cramp_rescue()

        self.call_service(
            self.service.last_foot,
            lambda foot: self.push_screen(EpisodeModal(foot), saved),
            group="open-episode", exclusive=True,
        )  # fmt: skip

    def action_history(self) -> None:
        from toecoach.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def action_settings(self) -> None:
        from toecoach.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_help(self) -> None:
        from toecoach.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_log_glass(self) -> None:
        from toecoach.domain.intake import water_text
        from toecoach.services.checkins import build_intake

        # One glass of [intake] glass_ml, in the person's units.
        record = build_intake(self.settings, "water", "1 glass", now=self.now())
        glass = water_text(record["nutrients"]["water"], self.settings.unit_system)
        self._save_in_background(
            lambda: self.service.log_intake(record), f"Logged a glass of water ({glass})."
        )

    def action_log_walk(self) -> None:
        from toecoach.services.checkins import build_walk

        record = build_walk(self.settings, source="app", now=self.now())
        self._save_in_background(lambda: self.service.log_walk(record),
                                 f"Logged a {record['minutes']}-minute walk.")  # fmt: skip

    def _save_in_background(self, save: Callable[[], object], done: str) -> None:
        """Writes run on the app (not a screen) so closing a screen cannot cut one short."""
        self.call_service(save, lambda _result: self.notify(done), group="app-save",
                          changes_data=True)  # fmt: skip

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled error: the app exits with status 1, as Textual's handler does, but
        its traceback (which shows every frame's local variables: health records, notes) is
        never printed. A private log names where it happened, and one line points to it."""
        from rich.text import Text

        from toecoach.services.crashlog import write_crash_log

        self._return_code = 1
        if self._exception is None:  # Pilot re-raises it in tests, as Textual's handler does
            self._exception = error
            self._exception_event.set()
        if self._crashed:
            self._close_messages_no_wait()
            return
        self._crashed = True
        cause = getattr(error, "error", None)  # a WorkerFailed wraps the worker's error
        original = cause if isinstance(cause, BaseException) else error
        self.crash_log = write_crash_log(self.paths, original, _now())
        self.bell()
        self.panic(Text(crash_message(self.crash_log)))

    def action_cramp_rescue(self) -> None:
        from toecoach.ui.screens.cramp_rescue import CrampRescueScreen

        self.push_screen(CrampRescueScreen())

    def action_triage(self) -> None:
        from toecoach.ui.screens.triage import TriageStartScreen

        self.push_screen(TriageStartScreen())


def crash_message(log: Path | None) -> str:
    where = f"details (without your data) are in {log}" if log else "no log could be written"
    return f"toecoach stopped on an internal error; {where}. `toecoach doctor` names it too."


def run_app(settings: Settings, problem: str | None = None) -> int:
    """Run the TUI; the exit status: 0, or 1 after a crash (logged by ``_handle_exception``)."""
    import sys

    from toecoach.services.crashlog import write_crash_log

    # NO_COLOR is honoured by Textual itself (no colour, styles only).
    try:
        app = ToecoachApp(settings)
        if problem:
            app.service.add_notice(f"toecoach: {problem}")
        # The figures' read and the workers are threads that wait on files, and a thread back
        # from a read waits for the loop to give up the interpreter lock: by default after
        # 5 ms. With shorter turns the launch's read ends before the dashboard mounts, and
        # the first frame has the figures instead of the second (bench/README.md).
        sys.setswitchinterval(SWITCH_INTERVAL)
        app.prefetch_dashboard()
        app.run()
    except Exception as error:  # before the app runs, or after it stopped: same rule
        from toecoach.paths import resolve_paths

        log = write_crash_log(resolve_paths(), error, _now())
        print(crash_message(log), file=sys.stderr)
        return 1
    return app.return_code or 0
