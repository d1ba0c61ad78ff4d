"""Adherence history from the store: records grouped by local day, rest days, the plan."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from toecoach.config import Settings
from toecoach.domain.adherence import AdherencePlan, Day, DayRecords, days_between, history_document
from toecoach.domain.times import EARLIEST_DAY, REST_DAYS_AHEAD, check_day, local_day
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
from toecoach.storage.store import Store


def records_by_day(store: Store, first: date, last: date) -> dict[date, DayRecords]:
    grouped: dict[date, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    # The files there are, not every month of the range: work follows the data.
    for partition in store.partitions_between(first, last):
        for table in MONTH_TABLES:
            for row in store.read_table(partition, table):
                try:
                    day = local_day(str(row["at"]))
                except (KeyError, ValueError):
                    continue
                if first <= day <= last:
                    grouped[day][table].append(row)
    return {
        day: DayRecords(tables[INTAKE], tables[BREAKS], tables[RUNS], tables[EPISODES])
        for day, tables in grouped.items()
    }


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
    from toecoach.services.effective import effective

    return AdherencePlan(work_days=settings.breaks.work_days, routines=routines,
                         profile=effective(store, settings).profile)  # fmt: skip


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
    records = records_by_day(store, span_start, last)
    all_days = days_between(
        span_start, last, records, adherence_plan(store, settings), rest_days(store)
    )
    days = [d for d in all_days if first <= d.date <= last]
    return days, all_days, history_document(days, all_days, today)
