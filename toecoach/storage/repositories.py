"""Typed access to toecoach's records on top of ``Store``.

Which tables there are, and which file holds each (a month file or ``main.json``), is the
record registry's (``toecoach.domain.kinds``); ``add`` refuses a table it does not know. Beside
the records, ``main.json`` holds the ``journal``: the last changes a person made (a check-in
added, an entry edited or deleted), newest last, so that undo reverts exactly the most
recent one, a deletion included.
"""

from __future__ import annotations

import time
import uuid
from datetime import date, datetime, timedelta
from typing import Any, Literal

from toecoach.domain import kinds
from toecoach.domain.kinds import Partition
from toecoach.domain.times import local_day
from toecoach.storage.store import MAIN_PARTITION, Store, month_partition, months_between

# The record tables (their one source is the registry), for the callers that name one.
INTAKE, BREAKS, RUNS, EPISODES = kinds.INTAKE, kinds.BREAKS, kinds.RUNS, kinds.EPISODES
TRIAGE, PLANS, REST_DAYS, CONSENTS = kinds.TRIAGE, kinds.PLANS, kinds.REST_DAYS, kinds.CONSENTS
TABLES, MONTH_TABLES, MAIN_TABLES = kinds.TABLES, kinds.MONTH_TABLES, kinds.MAIN_TABLES
JOURNAL = kinds.JOURNAL_TABLE
JOURNAL_KEEP = 100  # undo goes back this many changes; main.json stays small
# Tables a fallback undo (no journal) looks in: those of the kinds a person logs by hand.
UNDOABLE_TABLES = tuple(dict.fromkeys(k.table for k in kinds.KINDS if k.undoable))


def partition_for(table: str, record: dict[str, Any]) -> str:
    """The file a record of ``table`` belongs in, by the registry (KeyError: not a record
    table)."""
    if kinds.partition_of(table) is Partition.MONTH:
        return month_partition(local_day(record["at"]))
    return MAIN_PARTITION


def add(store: Store, table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Store a record of a registered kind (``ValueError`` for a table the registry does not
    know: every stored kind is in ``domain.kinds``)."""
    if table not in TABLES:
        raise ValueError(f"{table!r} is not a record table of domain.kinds")
    store.insert(partition_for(table, record), table, record)
    return record


def records_between(store: Store, table: str, first: date, last: date) -> list[dict[str, Any]]:
    """Records of ``table`` whose local day of ``at`` is within [first, last], oldest first."""
    rows: list[dict[str, Any]] = []
    for partition in store.partitions_between(first, last):
        for row in store.read_table(partition, table):
            try:
                day = local_day(row["at"])
            except (KeyError, TypeError, ValueError):
                continue
            if first <= day <= last:
                rows.append(row)
    rows.sort(key=lambda r: str(r.get("at", "")))
    return rows


def records_on(store: Store, table: str, day: date) -> list[dict[str, Any]]:
    return records_between(store, table, day, day)


def main_records(store: Store, table: str) -> list[dict[str, Any]]:
    return store.read_table(MAIN_PARTITION, table)


def undo_newest(store: Store, now: datetime) -> tuple[str, dict[str, Any]] | None:
    """Remove the most recently *created* check-in (of an undoable kind); return its table
    and it, or None if there is none.

    Only for a home written before the undo journal existed (every change since is in the
    journal, which undo follows whatever the month). Back then ``--at`` reached at most 366
    days back, so the months that can hold such a check-in are searched (at most 14 small
    files), inside the lock, and the newest ``created_ns`` wins.
    """
    first = (now - timedelta(days=368)).date()
    months = [
        p
        for p in months_between(first, now.date() + timedelta(days=1))
        if p in set(store.partitions())
    ]
    with store.locked():
        best: tuple[int, str, str, dict[str, Any]] | None = None
        for partition in months:
            for table in UNDOABLE_TABLES:
                for row in store.read_table(partition, table):
                    if not kinds.kind_of(table, row).undoable:
                        continue
                    key = int(row.get("created_ns") or 0)
                    if best is None or key > best[0]:
                        best = (key, partition, table, row)
        if best is None:
            return None
        _, partition, table, row = best
        store.remove_by_id(partition, table, str(row["id"]))
        return table, row


# -- the undo journal ---------------------------------------------------------------------

Change = Literal["add", "edit", "delete"]


def journal(
    store: Store,
    change: Change,
    table: str,
    record: dict[str, Any],
    before: dict[str, Any] | None = None,
) -> None:
    """Note a change the person made, for undo (call it inside ``store.locked()``, after the
    change itself). ``record`` is what was added, the new version of an edit, or what was
    deleted; ``before`` is an edit's old version. Only the newest ``JOURNAL_KEEP`` stay."""
    entry: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "change": change,
        "table": table,
        "record": record,
        "created_ns": time.time_ns(),
        "undone": False,
    }
    if before is not None:
        entry["before"] = before
    with store.writing(MAIN_PARTITION) as db:
        rows = store.table(db, JOURNAL)
        rows.insert(entry)
        documents = sorted(rows.all(), key=lambda d: int(d.get("created_ns") or 0))
        extra = len(documents) - JOURNAL_KEEP
        if extra > 0:
            rows.remove(doc_ids=[d.doc_id for d in documents[:extra]])


def _find(store: Store, table: str, record: dict[str, Any]) -> dict[str, Any] | None:
    wanted = str(record.get("id"))
    for row in store.read_table(partition_for(table, record), table):
        if str(row.get("id")) == wanted:
            return row
    return None


def undo_last(store: Store, now: datetime) -> dict[str, Any] | None:
    """Revert the most recent change in the journal and return what was done:
    ``{"change", "table", "record", "reverted"}`` (``record`` is the entry as it is now
    back, or as it was removed; ``reverted`` False when the entry had already gone).
    None when there is nothing to undo. Before the journal existed: remove the most
    recently created check-in, as toecoach always did."""
    with store.locked():
        entries = store.read_table(MAIN_PARTITION, JOURNAL)
        if not entries:
            removed = undo_newest(store, now)
            if removed is None:
                return None
            table, record = removed
            return {"change": "add", "table": table, "record": record, "reverted": True}
        pending = [e for e in entries if not e.get("undone")]
        if not pending:
            return None
        entry = max(pending, key=lambda e: int(e.get("created_ns") or 0))
        change, table, record = entry["change"], str(entry["table"]), dict(entry["record"])
        reverted = False
        if change == "add":
            found = _find(store, table, record)
            if found is not None:
                store.remove_by_id(partition_for(table, found), table, str(found["id"]))
                record, reverted = found, True
        elif change == "delete":
            if _find(store, table, record) is None:
                store.insert(partition_for(table, record), table, record)
                reverted = True
        elif change == "edit":
            before = dict(entry.get("before") or {})
            found = _find(store, table, record)
            if found is not None and before:
                now_in, back_in = partition_for(table, found), partition_for(table, before)
                if now_in == back_in:
                    store.replace_by_id(now_in, table, str(found["id"]), before)
                else:
                    store.insert(back_in, table, before)
                    store.remove_by_id(now_in, table, str(found["id"]))
                record, reverted = before, True
        store.update_by_id(MAIN_PARTITION, JOURNAL, str(entry["id"]), {"undone": True})
        return {"change": change, "table": table, "record": record, "reverted": reverted}


def triage_history(store: Store) -> list[dict[str, Any]]:
    """Stored triage results, newest first."""
    rows = main_records(store, TRIAGE)
    rows.sort(key=lambda r: int(r.get("created_ns") or 0), reverse=True)
    return rows


def latest_triage(store: Store) -> dict[str, Any] | None:
    rows = triage_history(store)
    return rows[0] if rows else None


def locks_in_force(store: Store) -> dict[str, list[str]]:
    """Lock tag -> the answers that set it, from the latest stored triage.

    A lock holds until a later triage in which its trigger is absent, so the newest stored
    triage alone decides (triage spec, "Safety locks").
    """
    latest = latest_triage(store)
    if latest is None:
        return {}
    result = latest.get("result", {})
    blocked_by = result.get("blocked_by", {}) if isinstance(result, dict) else {}
    return {str(tag): list(blocked_by.get(tag, [])) for tag in result.get("blocked", [])}


def applied_plan(store: Store) -> dict[str, Any] | None:
    """The plan most recently applied from a triage, if any."""
    rows = main_records(store, PLANS)
    rows.sort(key=lambda r: int(r.get("created_ns") or 0), reverse=True)
    return rows[0] if rows else None
