"""Walking-break reminders: the pure sitting tracker driven by APScheduler on an asyncio loop.

One ``AsyncIOScheduler`` per process, started on the running loop (Textual's, or the one
``toecoach remind`` runs). Two jobs, both ``async`` so they run on that loop:

- ``toecoach-next-reminder``: one ``date`` job, re-armed with ``replace_existing=True``
  whenever the tracker's next due time changes;
- ``toecoach-heartbeat``: every ``HEARTBEAT_SECONDS``, it compares wall-clock with monotonic
  progress (suspend, clock jumps), reads idle time, picks up walks and settings written by
  other toecoach processes, and calls ``scheduler.wakeup()`` so a timer that slept through a
  suspend is re-checked.

APScheduler's timer sleeps on the monotonic clock, so after a suspend or a wall-clock jump
the date job alone would fire late or be dropped as a misfire; the heartbeat re-plans from
the tracker instead, and the tracker gives at most one reminder after any gap.
``misfire_grace_time`` is generous (a busy loop must not silently drop a reminder) and
``coalesce`` is on (a gap never turns into a burst).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from toecoach.config import Settings
from toecoach.domain import sitting
from toecoach.domain.kinds import PRESENCE_TABLE, readable_problem
from toecoach.domain.records import new_record
from toecoach.storage.repositories import BREAKS, add, records_between
from toecoach.storage.store import MAIN_PARTITION, Store, StoreError

HEARTBEAT_SECONDS = 30.0
MISFIRE_GRACE_SECONDS = 15 * 60
JOB_ID = "toecoach-next-reminder"
HEARTBEAT_ID = "toecoach-heartbeat"
STATE_TABLE = "sitting"
# One reminder per due time per home, whatever number of TUIs and `remind` processes run
# (interfaces v2): the process that shows a reminder first claims it in the store; another
# one due within this window shows the same reminder and stores nothing new.
CLAIMS_TABLE = "reminder_claims"
CLAIM_WINDOW = timedelta(minutes=10)
# A step-away counts in every toecoach on the home (interfaces v2, presence): the process
# where the person steps away writes it to the one ``presence`` record (domain.schema); the
# first process where they come back (a key, an unlock, input, the end of the work day)
# writes ``back`` and stores the away break; the others follow both without storing.
WATCH_ID = "toecoach-data-watch"
# Events the tracker emits that are stored as break records. Walks are stored by whoever
# logged them (the CLI, the TUI), so the tracker's own walk event is not stored twice.
STORED_EVENTS = frozenset({"reminder", "away", "back", "paused", "resumed", "gap", "snooze",
                           "skip", "seated"})  # fmt: skip


def local_zone() -> Any:
    """The machine's zone with its daylight-saving rules (not a fixed offset)."""
    from tzlocal import get_localzone

    return get_localzone()


def break_plan(
    settings: Settings, tz: Any | None = None, *, held: bool = False
) -> sitting.BreakPlan:
    """``held``: an emergency or urgent triage pauses reminders until a later triage."""
    start, end = sitting.parse_work_hours(settings.breaks.work_hours)
    return sitting.BreakPlan(
        tz=tz or local_zone(),
        enabled=settings.breaks.enabled and not held,
        interval_minutes=settings.breaks.interval_minutes,
        walk_minutes=settings.breaks.walk_minutes,
        away_minutes=settings.breaks.away_minutes,
        work_days=settings.breaks.work_days,
        work_start=start,
        work_end=end,
    )


def event_document(event: sitting.Event) -> dict[str, Any]:
    """One ``toecoach remind --print`` line: ``event``, ``at`` and the event's fields."""
    doc: dict[str, Any] = {
        "event": event.kind,
        "at": event.at.astimezone().isoformat(timespec="seconds"),
    }
    for key, value in event.fields().items():
        doc[key] = (
            value.astimezone().isoformat(timespec="seconds")
            if isinstance(value, datetime)
            else value
        )
    return doc


class ReminderService:
    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        monotonic: Callable[[], float] = time.monotonic,
        idle_seconds: Callable[[], float | None] = lambda: None,
        screen_locked: Callable[[], bool | None] = lambda: None,
        on_reminder: Callable[[int], None] = lambda minutes: None,
        on_event: Callable[[dict[str, Any]], None] = lambda doc: None,
        on_answered_elsewhere: Callable[[str], None] = lambda answer: None,
        reload_settings: Callable[[], Settings | None] = lambda: None,
        heartbeat_seconds: float = HEARTBEAT_SECONDS,
        watch_seconds: float | None = None,
        tz: Any | None = None,
        background_writes: bool = False,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clock = clock
        self.monotonic = monotonic
        self.read_idle = idle_seconds
        self.read_locked = screen_locked
        self.on_reminder = on_reminder
        self.on_event = on_event
        self.on_answered_elsewhere = on_answered_elsewhere
        self._claim: dict[str, Any] = {}  # the open reminder's claim: {"id": ..., "by": ...}
        self._closed_claims: set[str] = set()  # answered here or elsewhere: never shown again
        self._me = f"{os.uname().nodename if hasattr(os, 'uname') else 'host'}:{os.getpid()}"
        self.reload_settings = reload_settings
        self.heartbeat_seconds = heartbeat_seconds
        # ``toecoach remind`` has no app to stat() the data files every 2 s: it watches them
        # itself, so a step-away or an answer elsewhere reaches it as fast as a TUI.
        self.watch_seconds = watch_seconds
        self.tz = tz
        # What is in force: config.toml, then the applied plan's interval; held at an
        # emergency or urgent triage (triage spec v2). Read again whenever the data changes.
        # In the TUI every write goes to one background thread, in order: a write may wait
        # for the data lock, and the event loop must never wait with it.
        self._writer: Any = None
        if background_writes:
            from concurrent.futures import ThreadPoolExecutor

            self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminder-writes")
        self.held_by_triage = False
        self.interval_minutes = settings.breaks.interval_minutes
        self.plan = break_plan(settings, tz)
        self.state = sitting.SittingState()
        self.scheduler: Any = None
        self._last_monotonic: float | None = None
        self._seen_walks: set[str] = set()
        self._store_stamp: object = None
        self.reminder_open = False
        self.last_presence: float | None = None  # monotonic time of the last key in the TUI
        self._idle_reading: tuple[float | None, float] = (None, 0.0)  # (seconds, monotonic)
        self._locked: bool | None = None  # the screen lock at the last poll (None: unknown)
        # A reminder shown again after a snooze is the same reminder (history counts one).
        self._snoozed = False
        # The latest shared step-away followed or ended here: never applied twice.
        self._followed: datetime | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Call from a coroutine or handler running on the event loop."""
        from apscheduler.schedulers.asyncio import AsyncIOScheduler

        now = self.clock()
        self._read_effective()
        self.state = self._load_state() or sitting.start_tracking(now)
        self._seen_walks = {str(r.get("id")) for r in self._recent_walks(now)}
        self.scheduler = AsyncIOScheduler(
            event_loop=asyncio.get_running_loop(),
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            },  # fmt: skip
        )
        self.scheduler.add_job(self._heartbeat, "interval", seconds=self.heartbeat_seconds,
                               id=HEARTBEAT_ID, replace_existing=True)  # fmt: skip
        if self.watch_seconds:
            self.scheduler.add_job(self._watch, "interval", seconds=self.watch_seconds,
                                   id=WATCH_ID, replace_existing=True)  # fmt: skip
        self.scheduler.start()
        # The first check: the time since the last run went unobserved (monotonic unknown).
        self._apply(sitting.heartbeat(self.state, self.plan, now, monotonic_elapsed_seconds=None,
                                      idle_seconds=self._idle()))  # fmt: skip
        self._last_monotonic = self.monotonic()
        self._follow_shared_presence(now)
        self._join_open_claim()
        self._arm()

    def shutdown(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self._save_state()
        if self._writer is not None:
            self._writer.shutdown(wait=True)  # every reminder event reaches the disk

    def flush(self) -> None:
        """Wait until every write so far has reached the disk (tests; quitting)."""
        if self._writer is not None:
            self._writer.submit(lambda: None).result()

    def _write(self, write: Callable[[], None]) -> None:
        if self._writer is None:
            write()
        else:
            self._writer.submit(write)

    # -- the tracker ----------------------------------------------------------------------------

    async def _poll_idle(self) -> None:
        """Idle and lock sources run subprocesses (up to 2 s each if one hangs): off the
        event loop."""
        seconds, locked = await asyncio.to_thread(lambda: (self.read_idle(), self.read_locked()))
        self._idle_reading = (seconds, self.monotonic())
        self._locked = locked

    def _idle(self) -> float | None:
        reading, at = self._idle_reading
        # Idle time grows until the next reading; input since then shows up at the next one.
        system = None if reading is None else reading + max(0.0, self.monotonic() - at)
        if system is None:
            # No system idle source: the person is taken to be at the desk (interfaces v2).
            # Keys in this window are no evidence of being away: someone working in other
            # windows types nothing here for hours.
            return None
        if self.last_presence is not None:
            # Keys in the app only ever make the person *more* present.
            return min(system, max(0.0, self.monotonic() - self.last_presence))
        return system

    def _apply(self, step: sitting.Step, *, follower: bool = False) -> None:
        """``follower``: the step follows what another toecoach did and stored (a shared
        step-away that ended there): its events are not stored again here."""
        # last_seen moves on every heartbeat; only other changes are worth a write.
        changed = replace(step.state, last_seen=None) != replace(self.state, last_seen=None)
        before = self.state
        self.state = step.state
        # A step-away that ended here: tell the others, and count its break once.
        ended = before.stepped_away if step.state.stepped_away is None else None
        held: list[sitting.Event] = []
        for event in step.events:
            doc = event_document(event)
            self.on_event(doc)
            if follower or event.kind not in STORED_EVENTS:
                continue
            if ended is not None and event.kind in ("away", "back"):
                held.append(event)
            else:
                self._store_event(event)
        if ended is not None and not follower:
            self._share_back(ended, step.back_at or self.clock(), held)
        if step.events or changed:
            self._save_state()

    def _event_record(self, event: sitting.Event) -> dict[str, Any]:
        fields = {k: (v.astimezone().isoformat(timespec="seconds") if isinstance(v, datetime) else v)
                  for k, v in event.fields().items()}  # fmt: skip
        if event.kind == "reminder" and self._snoozed:
            fields["after_snooze"] = True
            self._snoozed = False
        return new_record(event.kind, event.at, self.clock(), source="reminders", **fields)

    def _store_event(self, event: sitting.Event) -> None:
        record = self._event_record(event)
        claim = self._claim if event.kind == "reminder" else None

        def write() -> None:
            # A reminder must still show when the disk is unhappy.
            with contextlib.suppress(StoreError, OSError):
                if claim is not None and not self._claim_reminder(claim, event.at):
                    return  # another toecoach showed (and counted) this reminder
                add(self.store, BREAKS, record)

        self._write(write)

    # -- one reminder per due time per home ---------------------------------------------------

    def _claim_reminder(self, claim: dict[str, Any], at: datetime) -> bool:
        """Under the lock: claim this reminder, or join a recent claim by another process.
        Returns True when this process made the claim (and so stores the reminder)."""
        with self.store.writing(MAIN_PARTITION) as db:
            table = self.store.table(db, CLAIMS_TABLE)
            for row in table.all():
                try:
                    shown = datetime.fromisoformat(str(row.get("shown_at")))
                except ValueError:
                    continue
                if abs(shown - at) <= CLAIM_WINDOW:
                    # The same reminder (answered or not): follow it, count it once.
                    claim["id"] = row.get("id")
                    return False
            # Keep the table small: claims older than a day are of no further use.
            table.remove(lambda row: _older_than(row, at - timedelta(days=1)))
            claim["id"] = str(uuid.uuid4())
            table.insert({"id": claim["id"], "by": self._me, "answer": None,
                          "shown_at": at.isoformat(timespec="seconds")})  # fmt: skip
            return True

    def _answer_claim(self, answer: str) -> None:
        claim = self._claim
        self._claim = {}
        if not claim:
            return
        if claim.get("id") is not None:
            self._closed_claims.add(str(claim["id"]))

        def write() -> None:
            claim_id = claim.get("id")
            if claim_id is None:
                return
            from tinydb import Query

            with contextlib.suppress(StoreError, OSError), self.store.writing(MAIN_PARTITION) as db:
                self.store.table(db, CLAIMS_TABLE).update(
                    {"answer": answer, "answered_by": self._me,
                     "answered_at": self.clock().isoformat(timespec="seconds")},
                    Query().id == claim_id,
                )  # fmt: skip

        self._write(write)

    def _join_open_claim(self) -> None:
        """Another toecoach shows a reminder that is not answered yet: show the same one here
        (nothing new is stored; answering either closes both)."""
        if self.reminder_open or not self.plan.enabled:
            return
        now = self.clock()
        if self.state.paused_until is not None and self.state.paused_until > now:
            return
        if self.state.away_since is not None:
            return
        for row in self.store.read_table(MAIN_PARTITION, CLAIMS_TABLE):
            if row.get("answer") is not None or row.get("by") == self._me:
                continue
            if str(row.get("id")) in self._closed_claims:
                continue  # answered here a moment ago; the answer is on its way to the disk
            try:
                shown = datetime.fromisoformat(str(row.get("shown_at")))
            except ValueError:
                continue
            if timedelta(0) <= now - shown <= CLAIM_WINDOW:
                self._claim = {"id": row.get("id"), "by": row.get("by")}
                self.reminder_open = True
                self.on_reminder(self.sitting_minutes() or 0)
                return

    def claimed_here(self) -> bool:
        """Whether this process claimed the reminder it shows, and so is the one to notify
        outside its window: every open toecoach shows the dialog, one desktop notification
        is enough. Waits for the claim to be written and reads it: call it off the event
        loop. True when that cannot be known (better twice than never)."""
        with contextlib.suppress(RuntimeError):  # the writer is already shut down
            self.flush()
        claim_id = self._claim.get("id")
        if claim_id is None:
            return True
        try:
            rows = self.store.read_table(MAIN_PARTITION, CLAIMS_TABLE)
        except (StoreError, OSError):
            return True
        return all(row.get("by") == self._me for row in rows if row.get("id") == claim_id)

    def _check_answered_elsewhere(self) -> None:
        """Our reminder is open and its claim was answered by another process: close ours
        and follow the answer (the walk itself arrives as a walk record)."""
        claim_id = self._claim.get("id")
        if not self.reminder_open or claim_id is None:
            return
        for row in self.store.read_table(MAIN_PARTITION, CLAIMS_TABLE):
            if row.get("id") != claim_id or row.get("answer") is None:
                continue
            if row.get("answered_by") == self._me:
                return
            answer = str(row["answer"])
            self._claim = {}
            self._closed_claims.add(str(claim_id))
            now = self.clock()
            if answer.startswith("snooze"):
                step = sitting.on_snooze(self.state, self.plan, now, int(answer[6:] or 10))
            elif answer == "skip":
                step = sitting.on_skip(self.state, self.plan, now)
            elif answer == "seated":
                step = sitting.on_seated_routine(self.state, self.plan, now)
            else:
                step = None  # walked: the walk record resets the bout
            if step is not None:
                # The other process stored the answer's events: follow without storing.
                self.state = step.state
                self._save_state()
            self.reminder_open = False
            self._arm()
            self.on_answered_elsewhere(answer)
            return

    # -- one step-away per home ------------------------------------------------------------

    def _share_step_away(self, stepped_away: datetime) -> None:
        self._followed = stepped_away
        row = {"stepped_away": stepped_away.isoformat(), "back": None, "by": self._me}

        def write() -> None:
            with contextlib.suppress(StoreError, OSError), self.store.writing(MAIN_PARTITION) as db:
                table = self.store.table(db, PRESENCE_TABLE)
                table.truncate()
                table.insert(row)

        self._write(write)

    def _share_back(
        self, stepped_away: datetime, back_at: datetime, events: list[sitting.Event]
    ) -> None:
        """The step-away begun at ``stepped_away`` ended here at ``back_at``: write it for
        the others, and store its break unless another toecoach ended it first (and stored
        it there)."""
        self._followed = max(self._followed or stepped_away, stepped_away)
        records = [self._event_record(event) for event in events]

        def write() -> None:
            with contextlib.suppress(StoreError, OSError):
                if self._claim_back(stepped_away, back_at):
                    for record in records:
                        add(self.store, BREAKS, record)

        self._write(write)

    def _claim_back(self, stepped_away: datetime, back_at: datetime) -> bool:
        """Under the lock: True when this process is the one to count the break."""
        with self.store.writing(MAIN_PARTITION) as db:
            table = self.store.table(db, PRESENCE_TABLE)
            rows = [row for row in table.all() if readable_problem(PRESENCE_TABLE, row) is None]
            shared = shared_step_away(rows[0]) if rows else None
            if shared is None or shared.stepped_away != stepped_away:
                return True  # a step-away of this process alone (or replaced since): ours
            if shared.back is not None:
                return False  # ended in another toecoach first, and counted there
            table.update({"back": back_at.isoformat(), "back_by": self._me})
            return True

    def _follow_shared_presence(self, now: datetime) -> None:
        """Apply a step-away (or a coming back) from another toecoach on this home."""
        try:
            shared = read_shared_step_away(self.store)
        except (StoreError, OSError):
            return
        if shared is None:
            return
        step = sitting.on_shared_step_away(self.state, self.plan, now, shared, self._followed)
        self._followed = max(self._followed or shared.stepped_away, shared.stepped_away)
        if step.accepted:
            # A coming back elsewhere was stored there; a step-away has nothing to store.
            self._apply(step, follower=True)

    async def _watch(self) -> None:
        if self.store.modified_stamp() != self._store_stamp:
            self.recheck()

    def next_due(self, now: datetime | None = None) -> datetime | None:
        return sitting.next_reminder_due(self.state, self.plan, now or self.clock())

    def sitting_minutes(self) -> int | None:
        now = self.clock()
        since = sitting.sitting_since(self.state, self.plan, now)
        return None if since is None else max(0, int((now - since).total_seconds() // 60))

    def _arm(self) -> None:
        if self.scheduler is None:
            return
        due = self.next_due()
        if due is None:
            if self.scheduler.get_job(JOB_ID):
                self.scheduler.remove_job(JOB_ID)
            return
        self.scheduler.add_job(self._fire, "date", run_date=due, id=JOB_ID, replace_existing=True)

    async def _fire(self) -> None:
        self._beat()
        now = self.clock()
        due = self.next_due(now)  # the same "now": a due time in the past comes back as now
        if due is not None and due <= now and not self.reminder_open:
            self._claim = {"by": self._me}
            step = sitting.on_reminder_shown(self.state, self.plan, now)
            self._apply(step)
            self.reminder_open = True
            minutes = next((e.sitting_minutes for e in step.events if e.kind == "reminder"), 0)
            self.on_reminder(minutes or 0)
        self._arm()

    async def _heartbeat(self) -> None:
        await self._poll_idle()
        self._beat()
        now = self.clock()
        due = self.next_due(now)
        if due is not None and due <= now:
            await self._fire()
        else:
            self._arm()
        if self.scheduler is not None:
            self.scheduler.wakeup()

    def _beat(self) -> None:
        now = self.clock()
        mono = self.monotonic()
        elapsed = None if self._last_monotonic is None else mono - self._last_monotonic
        self._last_monotonic = mono
        self._pick_up_outside_changes(now)
        self._apply(sitting.heartbeat(self.state, self.plan, now, monotonic_elapsed_seconds=elapsed,
                                      idle_seconds=self._idle(), locked=self._locked))  # fmt: skip

    def _recent_walks(self, now: datetime) -> list[dict[str, Any]]:
        day = now.date()
        rows = records_between(self.store, BREAKS, day - timedelta(days=1), day)
        return [r for r in rows if r.get("kind") == "walk"]

    def _read_effective(self) -> None:
        """The interval in force and whether the latest triage holds reminders."""
        from toecoach.services.effective import effective

        try:
            now_in_force = effective(self.store, self.settings)
        except (StoreError, OSError):
            return  # keep what is known; reminders must not stop on a read error
        self.held_by_triage = now_in_force.effects.reminders_held
        self.interval_minutes = now_in_force.settings.breaks.interval_minutes
        self.plan = break_plan(now_in_force.settings, self.tz, held=self.held_by_triage)

    def recheck(self) -> None:
        """Something was written (here or by another toecoach): re-read and re-arm now rather
        than at the next heartbeat."""
        self._pick_up_outside_changes(self.clock())
        self._arm()

    def _pick_up_outside_changes(self, now: datetime) -> None:
        """Walks logged by any toecoach (CLI, TUI), a new triage and changed settings reset or
        re-plan."""
        stamp = self.store.modified_stamp()
        if stamp != self._store_stamp:
            self._store_stamp = stamp
            self._read_effective()
            # First the claim: a reminder answered "walked" elsewhere comes with its walk
            # record, and the walk below closes the reminder here without closing its
            # dialog; the claim says how it was answered, and closes it.
            self._check_answered_elsewhere()
            self._follow_shared_presence(now)
            for walk in self._recent_walks(now):
                walk_id = str(walk.get("id"))
                if walk_id in self._seen_walks:
                    continue
                self._seen_walks.add(walk_id)
                ended = datetime.fromisoformat(str(walk["at"]))
                minutes = int(walk.get("minutes") or self.plan.walk_minutes)
                self._apply(sitting.on_walk(self.state, self.plan, ended, minutes))
                self.reminder_open = False
            self._join_open_claim()
        fresh = self.reload_settings()
        if fresh is not None and fresh != self.settings:
            self.settings = fresh
            self._read_effective()

    def apply_settings(self, settings: Settings) -> None:
        """Settings saved in this app: re-plan now."""
        self.settings = settings
        self._read_effective()
        self._arm()

    # -- what the person does -------------------------------------------------------------

    def _user(self, step: sitting.Step, answer: str | None = None) -> bool:
        if answer is not None and self.reminder_open:
            self._answer_claim(answer)
        self._snoozed = False
        self._apply(step)
        self.reminder_open = False
        self._arm()
        return step.accepted

    def walked(self, minutes: int | None = None) -> None:
        """A walk starting now (the TUI stores the walk record itself)."""
        minutes = minutes or self.plan.walk_minutes
        now = self.clock()
        self._user(
            sitting.on_walk(self.state, self.plan, now + timedelta(minutes=minutes), minutes),
            "walked",
        )

    def note_walk_record(self, record: dict[str, Any]) -> None:
        """A walk this process stored: remember it so the heartbeat does not apply it twice."""
        self._seen_walks.add(str(record.get("id")))

    def seated(self) -> None:
        self._user(sitting.on_seated_routine(self.state, self.plan, self.clock()), "seated")

    def snooze(self, minutes: int) -> bool:
        accepted = self._user(
            sitting.on_snooze(self.state, self.plan, self.clock(), minutes), f"snooze{minutes}"
        )
        self._snoozed = self._snoozed or accepted
        return accepted

    def snooze_options(self) -> tuple[int, ...]:
        return sitting.snooze_options(self.state, self.plan, self.clock())

    def skip(self) -> None:
        self._user(sitting.on_skip(self.state, self.plan, self.clock()), "skip")

    def pause(self, until: datetime) -> None:
        self._user(sitting.on_pause(self.state, self.plan, self.clock(), until))

    def pause_for_an_hour(self) -> None:
        self.pause(sitting.pause_for_an_hour(self.clock()))

    def pause_until_tomorrow(self) -> None:
        self.pause(sitting.until_tomorrow(self.plan, self.clock()))

    def resume(self) -> None:
        self._user(sitting.on_resume(self.state, self.plan, self.clock()))

    def presence(self) -> bool:
        """A key pressed in the TUI: the person is here. It only ever adds presence: it ends
        any absence (a step-away, a lock, idle time) and lowers the idle time; it never makes
        anyone away. True when it ended an absence."""
        self.last_presence = self.monotonic()
        if self.state.away_since is None:
            return False
        self._apply(sitting.on_app_key(self.state, self.plan, self.clock()))
        self._arm()
        return True

    def step_away(self) -> bool:
        """The person steps away from the desk (the TUI's action): away from now, no
        reminders, in every toecoach on this home, until their next key in any of them (or
        an unlock, input, the end of the work day). False if already stepped away."""
        step = sitting.on_step_away(self.state, self.plan, self.clock())
        self._apply(step)
        if step.accepted and step.state.stepped_away is not None:
            self._share_step_away(step.state.stepped_away)
        self._arm()
        return step.accepted

    # -- persistence --------------------------------------------------------------------------

    def _load_state(self) -> sitting.SittingState | None:
        rows = self.store.read_table(MAIN_PARTITION, STATE_TABLE)
        if not rows:
            return None
        try:
            return sitting.SittingState.from_dict(rows[0].get("state", {}))
        except (ValueError, TypeError):
            return None

    def _save_state(self) -> None:
        # The stored state is a convenience for the next start; reminders go on from memory.
        state = self.state.to_dict()

        def write() -> None:
            with contextlib.suppress(StoreError, OSError), self.store.writing(MAIN_PARTITION) as db:
                table = self.store.table(db, STATE_TABLE)
                table.truncate()
                table.insert({"state": state})

        self._write(write)


def _older_than(row: dict[str, Any], limit: datetime) -> bool:
    try:
        return datetime.fromisoformat(str(row.get("shown_at"))) < limit
    except ValueError:
        return True


def shared_step_away(row: dict[str, Any]) -> sitting.SharedStepAway | None:
    """A stored ``presence`` record (already checked by ``domain.schema``) as the domain's."""
    try:
        stepped = datetime.fromisoformat(str(row["stepped_away"]))
        back = None if row.get("back") is None else datetime.fromisoformat(str(row["back"]))
        return sitting.SharedStepAway(stepped.astimezone(UTC),
                                      None if back is None else back.astimezone(UTC))  # fmt: skip
    except (KeyError, ValueError):
        return None


def read_shared_step_away(store: Store) -> sitting.SharedStepAway | None:
    """The step-away shared by every toecoach on the home (None: none stored, or one that
    is not readable: skipped, never a crash)."""
    rows = store.read_table(MAIN_PARTITION, PRESENCE_TABLE)
    return shared_step_away(rows[0]) if rows else None
