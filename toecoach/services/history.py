"""Adherence history from the store: records grouped by local day, rest days, the plan."""

from __future__ import annotations

import os
import threading
import time
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from toecoach import __version__
from toecoach.config import Settings
from toecoach.domain.adherence import (
    AdherencePlan,
    Day,
    DayRecords,
    DayTotals,
    day_totals,
    days_from_totals,
    history_document,
)
from toecoach.domain.times import EARLIEST_DAY, REST_DAYS_AHEAD, check_day, local_day
from toecoach.storage.derived import DerivedCache, file_key
from toecoach.storage.repositories import (
    BREAKS,
    EPISODES,
    INTAKE,
    MONTH_TABLES,
    REST_DAYS,
    RUNS,
    add,
    applied_plan,
    main_records,
)
from toecoach.storage.store import SETTLED_NS, Store, month_partition

# Bump when DayTotals, the record checks or how records are counted change: every cached
# month is then worked out again from its file.
TOTALS_FORMAT = 3  # 2: intake sums as lists in NUTRIENTS order; 3: spasms without "it hurts"
_WORKING_OUT = threading.Lock()


def _zone_context(partition: str) -> str:
    """The time zone the month's days were counted in: records are grouped by *local* day,
    so a cache counted in another zone is not this one's."""
    year, month = int(partition[4:8]), int(partition[9:11])
    moments = [datetime(year, month, 1), datetime(year, month, 15),
               datetime(year + month // 12, month % 12 + 1, 1) - timedelta(minutes=1)]  # fmt: skip
    offsets = ",".join(str(m.astimezone().utcoffset()) for m in moments)
    return f"{TOTALS_FORMAT}|{__version__}|{os.environ.get('TZ', '')}|{time.tzname}|{offsets}"


def _month_totals(store: Store, partition: str) -> dict[date, DayTotals]:
    return {
        day: day_totals(records) for day, records in _records_by_day_in(store, [partition]).items()
    }


def totals_by_day(store: Store, first: date, last: date, today: date) -> dict[date, DayTotals]:
    """Each day's totals from ``first`` to ``last``. A month before this one whose file has
    not changed is read from its cached totals (storage.derived), not from its records: a
    five-year history then reads 60 small files instead of checking 40,000 records."""
    cache = DerivedCache(store.data_dir)
    current = month_partition(today)
    out: dict[date, DayTotals] = {}
    for partition in store.partitions_between(first, last):
        key = file_key(store.path_of(partition)) if partition < current else None
        settled = key is not None and time.time_ns() - key[1] > SETTLED_NS
        context = _zone_context(partition)
        month: dict[date, DayTotals] | None = None
        # One thread at a time works a month out: a history screen opened while the app's
        # warm-up (keep_month_totals) runs reads what the warm-up has kept, not the records.
        with _WORKING_OUT:
            if settled and key is not None:
                cached = cache.load(f"totals-{partition}", key, context)
                month = _from_cache(cached)
            if month is None:
                month = _month_totals(store, partition)
                # Only if the file is still the one that was read (no write in between).
                if settled and key is not None and file_key(store.path_of(partition)) == key:
                    value = {d.isoformat(): t.to_json() for d, t in month.items()}
                    cache.save(f"totals-{partition}", key, context, value)
        for day, totals in month.items():
            if first <= day <= last:
                # A day in two files (the zone changed between writes): count both.
                out[day] = combine(out[day], totals) if day in out else totals
    return out


def keep_month_totals(store: Store, today: date) -> None:
    """Work out and keep the day totals of every past month that has none kept for its file
    as it is now: a history imported or restored, totals kept by another toecoach version or
    in another time zone. The app runs this on a thread soon after it starts, so that the
    first look at the history screen reads small files rather than checking every record of
    the years before. One month at a time: only one month's records are ever in memory, and
    a month already kept costs a read of its small file."""
    totals_by_day(store, EARLIEST_DAY, today.replace(day=1) - timedelta(days=1), today)


def history_key(store: Store, settings: Settings, today: date) -> object | None:
    """What the whole history (``history`` over every day) is worked out from: today, the
    settings, the time zone, and each data file's identity. Equal keys, equal histories. None
    while a data file has changed in the last moments (it may change again within the same
    mtime tick): such a history is worked out afresh each time."""
    files = []
    now_ns = time.time_ns()
    for path in sorted(store.data_dir.glob("*.json")) if store.data_dir.is_dir() else []:
        key = file_key(path)
        if key is None:
            continue
        if now_ns - key[1] <= SETTLED_NS:
            return None
        files.append((path.name, key))
    return (today, settings, os.environ.get("TZ", ""), time.tzname, tuple(files))


def _from_cache(value: Any) -> dict[date, DayTotals] | None:
    if not isinstance(value, dict):
        return None
    try:
        return {date.fromisoformat(d): DayTotals.from_json(t) for d, t in value.items()}
    except (ValueError, TypeError):
        return None


def combine(a: DayTotals, b: DayTotals) -> DayTotals:
    """One day's totals from two files. ``paused_all_day`` needs the order of the day's
    events, which totals do not keep: paused all day only if both parts say so."""
    from toecoach.domain.intake import IntakeSums

    def add(x: Any, y: Any) -> dict[str, float]:
        return {k: x[k] + y[k] for k in x}

    sums = IntakeSums(
        add(a.intake.totals, b.intake.totals),
        add(a.intake.supplements, b.intake.supplements),
        add(a.intake.explicit_supplements, b.intake.explicit_supplements),
    )
    return DayTotals(
        sums, a.drinks_logged or b.drinks_logged, a.minerals_logged or b.minerals_logged,
        a.finished + b.finished, a.walks + b.walks, a.reminders + b.reminders,
        a.paused_all_day and b.paused_all_day, a.episodes + b.episodes,
        a.has_records or b.has_records,
    )  # fmt: skip


def records_by_day(store: Store, first: date, last: date) -> dict[date, DayRecords]:
    # The files there are, not every month of the range: work follows the data.
    grouped = _records_by_day_in(store, store.partitions_between(first, last))
    return {day: records for day, records in grouped.items() if first <= day <= last}


def _records_by_day_in(store: Store, partitions: list[str]) -> dict[date, DayRecords]:
    """Every readable record of these month files, by its local day."""
    grouped: dict[date, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for partition in partitions:
        for table in MONTH_TABLES:
            for row in store.read_table(partition, table):
                try:
                    day = local_day(str(row["at"]))
                except (KeyError, ValueError):
                    continue
                grouped[day][table].append(row)
    from toecoach.domain.episodes import is_exercise_pain

    out = {}
    for day, tables in grouped.items():
        spasms = [e for e in tables[EPISODES] if not is_exercise_pain(e)]
        pains = [e for e in tables[EPISODES] if is_exercise_pain(e)]
        out[day] = DayRecords(tables[INTAKE], tables[BREAKS], tables[RUNS], spasms, pains)
    return out


def first_record_day(store: Store) -> date | None:
    """The first day with a record (never before 2000-01-01: readers skip older ones)."""
    partitions = store.partitions_between(EARLIEST_DAY, date.max)
    for partition in partitions:
        days = []
        for table in MONTH_TABLES:
            for row in store.read_table(partition, table):
                try:
                    days.append(local_day(str(row["at"])))
                except (KeyError, ValueError):
                    continue
        if days:
            return min(days)
    return None


def rest_days(store: Store) -> set[date]:
    out = set()
    for row in main_records(store, REST_DAYS):
        try:
            out.add(date.fromisoformat(str(row["date"])))
        except (KeyError, ValueError):
            continue
    return out


def add_rest_day(store: Store, day: date, now: datetime) -> bool:
    """Declare a rest day; the same date twice is one rest day. Returns False if it existed.
    Rest days go from 2000-01-01 to 366 days ahead (``InputError`` otherwise)."""
    from toecoach.domain.records import new_record

    check_day(day, now.date(), "DATE", ahead=REST_DAYS_AHEAD)
    with store.locked():
        if day in rest_days(store):
            return False
        add(store, REST_DAYS, new_record("rest_day", now, now, date=day.isoformat()))
    return True


def remove_rest_day(store: Store, day: date) -> bool:
    """Take back a rest day. Returns False if it was not one."""
    from toecoach.storage.store import MAIN_PARTITION

    with store.locked():
        rows = [r for r in main_records(store, REST_DAYS) if str(r.get("date")) == day.isoformat()]
        for row in rows:
            store.remove_by_id(MAIN_PARTITION, REST_DAYS, str(row["id"]))
    return bool(rows)


def adherence_plan(store: Store, settings: Settings) -> AdherencePlan:
    applied = applied_plan(store)
    routines: tuple[str, ...] = ()
    if applied:
        plan = applied.get("plan", {})
        routines = tuple(r for r in plan.get("routines", []) if r != "cramp-rescue")
    from toecoach.domain.effects import triage_effects
    from toecoach.services.effective import in_force_by_day
    from toecoach.storage.repositories import triage_history

    before, changes = in_force_by_day(store, settings)
    held_days = frozenset(
        local_day(str(r["at"])) for r in triage_history(store) if triage_effects(r).reminders_held
    )
    return AdherencePlan(
        work_days=settings.breaks.work_days,
        routines=routines,
        profile=before.profile,
        profile_changes=tuple((day, in_force.profile) for day, in_force in changes),
        holds=tuple((day, in_force.effects.reminders_held) for day, in_force in changes),
        held_days=held_days,
    )


def history(store: Store, settings: Settings, today: date, first: date | None = None,
            last: date | None = None) -> tuple[list[Day], list[Day], dict[str, Any]]:  # fmt: skip
    """(days in range, every day up to the range's end, the ``history --json`` document)."""
    start = first_record_day(store) or today
    last = last or today
    first = first or start
    # Bounded whatever the caller asks: days from 2000-01-01 to 366 days ahead.
    first = max(first, EARLIEST_DAY)
    last = min(last, today + REST_DAYS_AHEAD)
    span_start = min(start, first)
    totals = totals_by_day(store, span_start, last, today)
    all_days = days_from_totals(
        span_start, last, totals, adherence_plan(store, settings), rest_days(store)
    )
    days = [d for d in all_days if first <= d.date <= last]
    return days, all_days, history_document(days, all_days, today)
