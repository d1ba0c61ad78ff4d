"""The application facade: the one way the TUI and the CLI reach toecoach's data.

``Coach`` owns the settings, the paths, the store and the exercise library, and offers typed
operations: today's figures, the locks and targets in force, a routine's gate, logging,
editing, deleting and undoing check-ins, saving runs, rescues and triage results, consent,
history, export and import, and the reminder service. Screens and commands never touch
TinyDB, a lock or a month file: nothing under ``toecoach.ui`` nor ``toecoach.cli`` imports
``toecoach.storage`` (``tests/test_layers.py`` enforces it).

Every call may wait for the data lock (up to ``TOECOACH_LOCK_TIMEOUT`` seconds): the TUI makes
these calls from worker threads only; the CLI makes them directly.

Imports of the service modules stay inside the methods, so a plain ``toecoach log water``
loads only what it uses.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toecoach.config import Settings
from toecoach.domain.kinds import FEEDBACK
from toecoach.storage.repositories import INTAKE, MONTH_TABLES
from toecoach.storage.store import Store, StoreError

if TYPE_CHECKING:
    from toecoach.domain.effects import TriageEffects
    from toecoach.domain.rescue import RescueContent
    from toecoach.domain.routines import Library, Routine
    from toecoach.domain.sitting import SharedStepAway
    from toecoach.domain.triage import TriageResult
    from toecoach.paths import Paths
    from toecoach.services.effective import Effective
    from toecoach.services.reminders import ReminderService
    from toecoach.services.transfer import ImportResult

# Table names for callers that edit or delete an entry (one home: storage.repositories).
__all__ = ["INTAKE", "MONTH_TABLES", "Coach", "Gate", "StoreError"]


HISTORY_DAYS = 400  # how far back runs count towards progression


def _now() -> datetime:
    return datetime.now().astimezone()


@dataclass(frozen=True)
class Gate:
    """Whether a routine may start now, and if not, which locks stop it and why."""

    routine_id: str
    locked_by: dict[str, list[str]]

    @property
    def open(self) -> bool:
        return not self.locked_by

    @property
    def message(self) -> str:
        from toecoach.services.triage import locked_message

        return locked_message(self.locked_by) if self.locked_by else ""


class Coach:
    def __init__(
        self,
        settings: Settings,
        *,
        paths: Paths | None = None,
        store: Store | None = None,
        clock: Callable[[], datetime] = _now,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        from toecoach.paths import resolve_paths

        self.settings = settings
        self.paths = paths or resolve_paths()
        self._store = store or Store(self.paths.data_dir, notify=notify)
        self.now = clock
        self._library: Library | None = None
        # The whole history as last worked out, with what it was worked out from (see
        # ``history``): the app's workers and its warm-up thread ask from several threads,
        # one at a time.
        self._history_memo: tuple[object, Any] | None = None
        self._history_lock = threading.Lock()

    # -- the data as a whole -------------------------------------------------------------------

    def modified_stamp(self) -> object:
        """Changes whenever any toecoach process writes (cheap: a stat() of the data files)."""
        return self._store.modified_stamp()

    def notices(self) -> list[str]:
        """Messages about the data the person should see (a file kept aside, read-only)."""
        return list(self._store.notices)

    def skip_reports(self) -> list[str]:
        """Records that do not validate and are skipped, per file, each said once
        (``2 records in log-2026-11.json could not be read and are skipped``)."""
        return self._store.skip_reports()

    def add_notice(self, message: str) -> None:
        self._store.notices.append(message)

    # -- what is in force ----------------------------------------------------------------------

    def effective(self) -> Effective:
        from toecoach.services.effective import effective

        return effective(self._store, self.settings)

    def triage_effects(self) -> TriageEffects:
        return self.effective().effects

    def locks(self) -> dict[str, list[str]]:
        """Lock tag -> the answers that set it, from the latest stored triage."""
        return {tag: list(keys) for tag, keys in self.triage_effects().locks.items()}

    def library(self, *, reload: bool = False) -> Library:
        from toecoach.services.library import load_library

        if self._library is None or reload:
            self._library = load_library(self.paths.routines_dir)
        return self._library

    def rescue_content(self) -> RescueContent:
        """What cramp rescue shows now, by the latest triage: the rescue screen and
        ``routines show cramp-rescue`` both show this. If the store cannot be read, the
        clot line and the plain steps still show: a cramp is happening."""
        from toecoach.domain import triage
        from toecoach.domain.effects import TriageEffects
        from toecoach.domain.rescue import RESCUE_EXERCISE, rescue_content
        from toecoach.domain.routines import visible_steps

        try:
            effects = self.triage_effects()
        except (StoreError, OSError):
            effects = TriageEffects()
        exercise = self.library().exercises.get(RESCUE_EXERCISE)
        steps = tuple(s.text for s in visible_steps(exercise, effects.blocked)) if exercise else ()
        tier = effects.tier if effects.tier in triage.TIERS else None
        return rescue_content(
            effects,
            steps,
            headline=triage.tier_headline(tier, self.settings.region) if tier else "",
            emergency_number=self.settings.emergency_number,
        )

    def habit_rules(self) -> dict[str, str]:
        """What makes a day count for each habit, the plan's routines named."""
        from toecoach.domain.adherence import habit_rules
        from toecoach.services.history import adherence_plan

        planned = adherence_plan(self._store, self.settings).routines
        if not planned:
            return habit_rules()
        names = self.routine_names()
        return habit_rules([names.get(r, r) for r in planned])

    def routine_names(self) -> dict[str, str]:
        """Routine id -> its name in the library (the person's own files included)."""
        return {r.id: r.name for r in self.library().routines.values()}

    def gate(self, routine: Routine | str) -> Gate:
        from toecoach.domain.routines import routine_locked_by

        library = self.library()
        found = library.routines[routine] if isinstance(routine, str) else routine
        return Gate(found.id, routine_locked_by(found, library, self.locks()))

    # -- today and history ---------------------------------------------------------------------

    def today(self) -> dict[str, Any]:
        """``toecoach today --json``'s document."""
        from toecoach.services.today import today_document

        return today_document(self._store, self.settings, self.now())

    def dashboard(
        self, triage_hint: str | None = None
    ) -> tuple[object, dict[str, Any], dict[str, Any] | None, list[str]]:
        """One read for the dashboard: (data stamp, today, latest triage, notices);
        ``triage_hint`` is how the prompt to re-run the triage says to (the app's key)."""
        from toecoach.services.today import recent_prompt, today_document
        from toecoach.storage.repositories import latest_triage

        stamp = self._store.modified_stamp()
        now = self.now()
        document = today_document(self._store, self.settings, now)
        document["prompt"] = recent_prompt(self._store, now, triage_hint)
        return stamp, document, latest_triage(self._store), self.notices()

    def history(
        self, today: date, first: date | None = None, last: date | None = None
    ) -> tuple[list[Any], list[Any], dict[str, Any]]:
        """(days in range, every day up to the range's end, the ``history --json`` document).
        The whole history (no range) is kept until a data file, the settings, the day or the
        time zone changes: the app works it out ahead of time, and opening the history screen
        then only draws it."""
        from toecoach.services.history import history, history_key

        if first is not None or last is not None:
            return history(self._store, self.settings, today, first, last)
        # One thread works it out at a time: the history screen opened while the warm-up
        # works it out waits for that and reads what it kept, rather than doing it twice.
        with self._history_lock:
            key = history_key(self._store, self.settings, today)
            memo = self._history_memo
            if key is None or memo is None or memo[0] != key:
                result = history(self._store, self.settings, today)
                if key is not None:
                    self._history_memo = (key, result)
            else:
                result = memo[1]
        days, all_days, document = result
        return list(days), list(all_days), document  # the lists are the caller's to change

    def keep_history_totals(self) -> None:
        """Work out what a first look at the history would ahead of time: every past month's
        day totals, kept on disk (services.history.keep_month_totals), and the whole history,
        kept in memory (``history``)."""
        from toecoach.services.history import keep_month_totals

        today = self.now().date()
        keep_month_totals(self._store, today)
        self.history(today)

    def entries_on(
        self, day: date, tables: tuple[str, ...] | None = None
    ) -> list[tuple[str, dict[str, Any]]]:
        """(table, record) for every entry of a local day, in the given tables."""
        from toecoach.storage.repositories import MONTH_TABLES, records_on

        return [(t, r) for t in (tables or MONTH_TABLES) for r in records_on(self._store, t, day)]

    def intake_on(self, day: date) -> list[dict[str, Any]]:
        from toecoach.storage.repositories import INTAKE

        return [r for _t, r in self.entries_on(day, (INTAKE,))]

    def past_triages(self) -> list[dict[str, Any]]:
        """Stored triage results, newest first."""
        from toecoach.storage.repositories import triage_history

        return triage_history(self._store)

    def latest_triage(self) -> dict[str, Any] | None:
        rows = self.past_triages()
        return rows[0] if rows else None

    def insights(self) -> dict[str, Any]:
        from toecoach.services.insights import insights_document

        return insights_document(self._store, self.settings, self.now())

    def last_foot(self) -> str | None:
        from toecoach.services.insights import last_foot

        return last_foot(self._store, self.now().date())

    def rest_days(self) -> set[date]:
        from toecoach.services.history import rest_days

        return rest_days(self._store)

    def report(self, days: int, *, markdown: bool) -> str:
        from toecoach.services.report import build_report

        return build_report(self._store, self.settings, self.now(), days, markdown)

    # -- what the person does ------------------------------------------------------------------

    def log_intake(self, record: dict[str, Any]) -> dict[str, Any]:
        from toecoach.services.checkins import save_intake

        return save_intake(self._store, record)

    def log_walk(self, record: dict[str, Any]) -> dict[str, Any]:
        from toecoach.services.checkins import save_walk

        return save_walk(self._store, record)

    def log_episode(self, record: dict[str, Any]) -> dict[str, Any]:
        from toecoach.services.insights import save_episode

        return save_episode(self._store, record)

    def episode_prompt(self, triage_hint: str | None = None) -> str | None:
        """The prompt to re-run the triage when episodes come often (the last two weeks);
        ``triage_hint`` says how in the caller's channel (default: the command)."""
        from toecoach.services.today import recent_prompt

        return recent_prompt(self._store, self.now(), triage_hint)

    def warnings_after(self, record: dict[str, Any]) -> list[str]:
        from toecoach.services.checkins import warnings_after

        return warnings_after(self._store, self.settings, record)

    def edit(self, table: str, old: dict[str, Any], new: dict[str, Any]) -> None:
        from toecoach.services.checkins import replace_record

        replace_record(self._store, table, old, new, self.now())

    def delete(self, table: str, record: dict[str, Any]) -> bool:
        from toecoach.services.checkins import delete_record

        return delete_record(self._store, table, record)

    def undo(self) -> dict[str, Any] | None:
        """Revert the most recent change the person made (a check-in added, an entry edited
        or deleted), from the undo journal. Returns ``{"change", "table", "record",
        "reverted"}`` (``domain.entries.undo_message`` says it in words), or None."""
        from toecoach.storage.repositories import RUNS, undo_last

        result = undo_last(self._store, self.now())
        if result is not None and result.get("table") == RUNS:
            # A run is said by its routine's name, wherever the undo is said (the library is
            # read only then: undoing a check-in stays quick).
            result = {**result, "routine_names": self.routine_names()}
        return result

    def day_view(self, day: date) -> dict[str, Any]:
        """One read for the history day view: its entries (oldest first), whether it is a
        rest day, and routine names by id."""
        entries = self.entries_on(day)
        # Entries of the same minute in the order they were logged (ids are random).
        entries.sort(key=lambda e: (str(e[1].get("at", "")), int(e[1].get("created_ns") or 0)))
        try:
            names = {r.id: r.name for r in self.library().routines.values()}
        except OSError:
            names = {}
        return {"entries": entries, "rest_day": day in self.rest_days(), "routine_names": names}

    def save_run(self, record: dict[str, Any]) -> dict[str, Any]:
        """A routine run (finished or not) or a cramp rescue (``kind = "rescue"``)."""
        from toecoach.storage.repositories import RUNS, add

        return add(self._store, RUNS, record)

    # -- the player's feedback and today's doses ----------------------------------------------

    def exercise_events(self) -> list[Any]:
        """Good runs and feedback (``domain.progression.ExerciseEvent``), oldest first: the
        history today's doses come from (the last ``HISTORY_DAYS`` of runs)."""
        from datetime import timedelta

        from toecoach.domain.progression import events_from_records
        from toecoach.storage.repositories import RUNS, main_records, records_between

        today = self.now().date()
        runs = records_between(self._store, RUNS, today - timedelta(days=HISTORY_DAYS), today)
        return events_from_records(runs, main_records(self._store, FEEDBACK))

    def routine_for_today(self, routine: Routine | str) -> Any:
        """The routine as it runs today (``domain.progression.RoutinePlan``): each exercise's
        dose from its progression and the person's feedback, and the exercises left out."""
        from toecoach.domain.progression import plan_routine

        library = self.library()
        found = library.routines[routine] if isinstance(routine, str) else routine
        return plan_routine(found, library, self.exercise_events())

    def save_feedback(self, record: dict[str, Any]) -> dict[str, Any]:
        """A feedback record (``verdict`` hurt, easy or restored) for one exercise."""
        from toecoach.storage.repositories import add

        return add(self._store, FEEDBACK, record)

    def report_hurt(self, episode: dict[str, Any], feedback: dict[str, Any]) -> dict[str, Any]:
        """ "It hurts" from the player: the diary episode and the feedback, stored; returns
        whether to offer the triage and whether the exercise is now left out."""
        from toecoach.domain.progression import left_out, offer_triage

        exercise = str(feedback["exercise"])
        before = self.exercise_events()
        offer = offer_triage(int(feedback.get("severity") or 0), before, exercise, self.now())
        self.log_episode(episode)
        self.save_feedback(feedback)
        return {"offer_triage": offer, "left_out": left_out(self.exercise_events(), exercise)}

    def restore_exercise(self, exercise: str) -> bool:
        """Bring back an exercise left out after "it hurts"; False if it was not left out."""
        from toecoach.domain.progression import left_out
        from toecoach.domain.records import new_record

        if left_out(self.exercise_events(), exercise) is None:
            return False
        now = self.now()
        self.save_feedback(new_record("feedback", now, now, exercise=exercise, verdict="restored"))
        return True

    def save_triage(self, answers: dict[str, Any], result: TriageResult) -> dict[str, Any]:
        from toecoach.services.triage import save_triage

        return save_triage(self._store, answers, result, self.now())

    def apply_plan(self, triage_id: str, result: TriageResult) -> dict[str, Any]:
        from toecoach.services.triage import apply_plan

        return apply_plan(self._store, triage_id, result, self.now())

    def record_consent(self, record: dict[str, Any]) -> dict[str, Any]:
        from toecoach.storage.repositories import CONSENTS, add

        return add(self._store, CONSENTS, record)

    def add_rest_day(self, day: date) -> bool:
        from toecoach.services.history import add_rest_day

        return add_rest_day(self._store, day, self.now())

    def remove_rest_day(self, day: date) -> bool:
        """False if the day was not a rest day."""
        from toecoach.services.history import remove_rest_day

        return remove_rest_day(self._store, day)

    # -- moving data ---------------------------------------------------------------------------

    def export_document(self) -> dict[str, Any]:
        """Records, config.toml's text and the files in routines/."""
        from toecoach.services.transfer import export_document

        return export_document(
            self._store, self.paths.config_file, self.now(), self.paths.routines_dir
        )

    def import_document(self, document: Any) -> ImportResult:
        """Merge records by id, restore config.toml where there is none, add absent routine
        files; ``ImportResult.lines()`` says what happened to each part."""
        from toecoach.services.transfer import import_document

        result = import_document(
            self._store, self.paths.config_file, document, self.now(), self.paths.routines_dir
        )
        self._library = None  # routine files may have been added
        return result

    def read_export(self, path: Path) -> Any:
        """An export file's document (``ImportProblem`` if it cannot be read or parsed)."""
        from toecoach.services.transfer import read_export

        return read_export(path)

    # -- reminders -----------------------------------------------------------------------------

    @staticmethod
    def prepare_reminder_service() -> None:
        """Import what starting the reminders needs (APScheduler, the sitting tracker, the
        idle, lock and notification sources: about 0.1 s). Call it on a thread: the start
        itself, which must run on the event loop, then finds it all in memory."""
        import apscheduler.schedulers.asyncio  # noqa: F401
        import apscheduler.triggers.date  # noqa: F401
        import apscheduler.triggers.interval  # noqa: F401

        import toecoach.services.idle  # noqa: F401
        import toecoach.services.locked  # noqa: F401
        import toecoach.services.notify  # noqa: F401
        import toecoach.services.reminders  # noqa: F401

    def reminder_service(self, **options: Any) -> ReminderService:
        """The walking-break reminder service on this data (the TUI and ``remind`` share it)."""
        from toecoach.services.reminders import ReminderService

        return ReminderService(self._store, self.settings, **options)

    def shared_step_away(self) -> SharedStepAway | None:
        """The step-away every toecoach on this home shares: when the person stepped away
        and when they came back (None: not yet). The reminder services write it (a step-away
        in one TUI, a key in any) and follow it; None when there is none."""
        from toecoach.services.reminders import read_shared_step_away

        return read_shared_step_away(self._store)

    def write_file(self, path: Path, data: bytes) -> None:
        """Write a file the person asked for (export, report) crash-safely, mode 0600."""
        from toecoach.storage.atomic import atomic_write_bytes

        atomic_write_bytes(path, data)

    # -- diagnostics ---------------------------------------------------------------------------

    def data_report(self) -> dict[str, Any]:
        """For ``toecoach doctor``: the data files, their schema and how many of their records
        do not validate (readers skip them), files kept aside, the lock, and the last crash
        log. It only looks: a damaged file is named, never moved, and
        anything that is not a readable file (a folder, a pipe, a dangling link) is named
        as such instead of stopping the report."""
        import errno

        from toecoach.services.crashlog import crash_log_path
        from toecoach.storage.atomic import CorruptFileError, read_json_document
        from toecoach.storage.store import (
            SCHEMA_VERSION,
            _schema_of,
            shape_problem,
            unreadable_ids,
        )

        data_dir = self.paths.data_dir
        files = []
        for path in sorted(data_dir.glob("*.json")) if data_dir.is_dir() else []:
            schema: int | str
            skipped = 0
            try:
                if not path.exists():  # a dangling link
                    raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
                data = read_json_document(path)
                problem = shape_problem(data) if data else None
                schema = f"unreadable ({problem})" if problem else _schema_of(data)
                if not problem:
                    skipped = sum(len(ids) for ids in unreadable_ids(data).values())
            except CorruptFileError as error:
                schema = f"unreadable ({error.reason})"
            except OSError as error:
                schema = f"unreadable ({error.strerror or error})"
            try:
                size: int | None = path.lstat().st_size
            except OSError:
                size = None
            files.append(
                {"file": path.name, "bytes": size, "schema": schema, "skipped_records": skipped}
            )
        aside = sorted(p.name for p in data_dir.glob("*.corrupt-*")) if data_dir.is_dir() else []
        crash = crash_log_path(self.paths)
        try:
            lock = "held by another toecoach" if self._store.is_locked() else "free"
        except StoreError as error:
            lock = f"unusable: {error}"
        return {
            "schema_version": SCHEMA_VERSION,
            "files": files,
            "kept_aside": aside,
            "lock": lock,
            "crash_log": str(crash) if os.path.lexists(crash) else None,
        }
