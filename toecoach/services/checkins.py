"""Logging check-ins: one place for the rules the CLI and the TUI share.

Every function validates first (raising ``InputError``, nothing stored) and then writes one
record through the store (which may raise ``StoreError``).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from toecoach.config import Settings
from toecoach.domain import intake
from toecoach.domain.episodes import MAX_WALK_MINUTES
from toecoach.domain.errors import InputError
from toecoach.domain.records import new_record
from toecoach.domain.times import iso, local_day, parse_when
from toecoach.storage.repositories import BREAKS, INTAKE, add, journal
from toecoach.storage.store import Store, month_partition


def _units(settings: Settings) -> intake.Units:
    return "us" if settings.units == "us" else "metric"


def _when(at_text: str | None, now: datetime) -> datetime:
    return parse_when(at_text, now) if at_text is not None else now


def build_intake(settings: Settings, nutrient: str, amount_text: str, *,
                 supplement: bool | None = None, at_text: str | None = None,
                 note: str | None = None, now: datetime) -> dict[str, Any]:  # fmt: skip
    """``supplement``: True from a supplement, False from food, None not said (a bare amount:
    it counts toward the supplement limits as well, interfaces v2)."""
    amount = intake.parse_amount(
        nutrient, amount_text, units=_units(settings), glass_ml=settings.glass_ml,
        bottle_ml=settings.bottle_ml,
    )  # fmt: skip
    if nutrient == "water":
        source = "drink"
    else:
        source = {True: "supplement", False: "food", None: "unspecified"}[supplement]
    return new_record(
        "intake", _when(at_text, now), now, nutrients={nutrient: amount.value},
        input=amount.typed, source=source, note=intake.validate_note(note),
    )  # fmt: skip


def build_food(name: str, servings_text: str = "1", *, at_text: str | None = None,
               note: str | None = None, now: datetime) -> dict[str, Any]:  # fmt: skip
    food = intake.find_food(name)
    servings = intake.parse_servings(servings_text)
    return new_record(
        "intake", _when(at_text, now), now, nutrients=intake.food_nutrients(food, servings),
        food=food.id, servings=servings, input=name, source="food", note=intake.validate_note(note),
    )  # fmt: skip


def parse_walk_minutes(text: str | None, default: int) -> int:
    if text is None:
        return default
    # ASCII digits only: "²".isdigit() is true but int("²") fails, and int() of thousands
    # of digits is refused by Python itself.
    if not re.fullmatch(r"[0-9]{1,6}", text.strip()) or not 1 <= int(text) <= MAX_WALK_MINUTES:
        raise InputError(
            "--minutes",
            f"{text!r} is not accepted; expected a whole number from 1 to {MAX_WALK_MINUTES}",
        )
    return int(text)


def build_walk(settings: Settings, minutes_text: str | None = None, *, at_text: str | None = None,
               note: str | None = None, source: str = "log", now: datetime) -> dict[str, Any]:  # fmt: skip
    minutes = parse_walk_minutes(minutes_text, settings.breaks.walk_minutes)
    return new_record("walk", _when(at_text, now), now, minutes=minutes, source=source,
                      note=intake.validate_note(note))  # fmt: skip


def save_intake(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    return save_change(store, INTAKE, record)


def save_walk(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    return save_change(store, BREAKS, record)


def save_change(store: Store, table: str, record: dict[str, Any]) -> dict[str, Any]:
    """Store something the person logged, and note it for undo."""
    with store.locked():
        add(store, table, record)
        journal(store, "add", table, record)
    return record


def _holding_partition(store: Store, table: str, record: dict[str, Any]) -> str | None:
    """The month file that holds ``record`` (by id). It was filed under its local day where
    it was written, which is the day in its stored offset; a process in another time zone
    (or an import) may see another day, so both months are looked in."""
    written = datetime.fromisoformat(str(record["at"])).date()
    candidates = dict.fromkeys([month_partition(written), month_partition(local_day(record["at"]))])
    existing = set(store.partitions())
    for partition in candidates:
        if partition in existing and any(
            str(row.get("id")) == str(record["id"]) for row in store.read_table(partition, table)
        ):
            return partition
    return None


def delete_record(store: Store, table: str, record: dict[str, Any]) -> bool:
    """Delete an entry (by id, in whichever month file holds it); the stored version goes into
    the journal, so undo brings it back exactly. False if it was already gone."""
    with store.locked():
        partition = _holding_partition(store, table, record)
        if partition is None:
            return False
        stored = _stored(store, partition, table, str(record["id"]))
        if stored is None or store.remove_by_id(partition, table, str(record["id"])) == 0:
            return False
        journal(store, "delete", table, stored)
    return True


def replace_record(
    store: Store, table: str, old: dict[str, Any], new: dict[str, Any], now: datetime
) -> None:
    """Edit: the new values keep the old id and creation time, ``edited`` is ``now`` (the
    time of the edit); a changed day moves it to its month file."""
    new = {**new, "id": old["id"], "created": old.get("created"), "created_ns": old.get("created_ns"),
           "edited": iso(now)}  # fmt: skip
    new_partition = month_partition(local_day(new["at"]))
    with store.locked():
        old_partition = _holding_partition(store, table, old)
        if old_partition is None:
            raise InputError("entry", "is no longer stored (deleted elsewhere?); nothing changed")
        stored = _stored(store, old_partition, table, str(old["id"]))
        # The whole record is replaced (a note removed in the edit is gone, not kept).
        if old_partition == new_partition:
            store.replace_by_id(old_partition, table, str(old["id"]), new)
        else:
            store.insert(new_partition, table, new)
            store.remove_by_id(old_partition, table, str(old["id"]))
        journal(store, "edit", table, new, before=stored)


def _stored(store: Store, partition: str, table: str, record_id: str) -> dict[str, Any] | None:
    return next((r for r in store.read_table(partition, table) if str(r.get("id")) == record_id),
                None)  # fmt: skip


def warnings_after(store: Store, settings: Settings, record: dict[str, Any]) -> list[str]:
    """The safety warnings in force on the record's day for the nutrients it carries, as
    ``today`` shows them (no-target notes left out: they are not about what was logged)."""
    from toecoach.services.effective import profiles_by_day
    from toecoach.storage.repositories import records_on

    day = datetime.fromisoformat(str(record["at"])).date()
    before, changes = profiles_by_day(store, settings)  # the targets of the record's day
    summary = intake.summarize_day(
        records_on(store, INTAKE, day), intake.profile_on(before, changes, day)
    )
    logged = intake.record_nutrients(record)
    return [
        warning
        for nutrient in logged
        for warning in summary[nutrient].warnings
        if not warning.startswith("No ")
    ]
