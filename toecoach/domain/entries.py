"""Any stored entry in a few words, the same in the CLI and the app (day view, undo)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toecoach.domain import kinds
from toecoach.domain.intake import Units


def describe_entry(
    table: str,
    row: Mapping[str, Any],
    units: Units = "metric",
    routine_names: Mapping[str, str] | None = None,
) -> str:
    """``water 250 ml``, ``Desk stretch (stopped early, 1 of 5 steps)``, ``a 5-minute walk``...
    (the record kind's own description, ``domain.kinds``)."""
    return kinds.describe(table, row, units, routine_names)


def undo_message(
    result: Mapping[str, Any],
    units: Units = "metric",
    routine_names: Mapping[str, str] | None = None,
) -> str:
    """What an undo did, in words (``Coach.undo``'s result, with the routine names it
    carries for a run): the CLI prints it, the app shows it. The time as the day view shows it (its day and HH:MM), not the stored ISO."""
    record = result["record"]
    names = routine_names if routine_names is not None else result.get("routine_names")
    what = describe_entry(str(result["table"]), record, units, names)
    stored = str(record.get("at", ""))
    at = f"{stored[:10]} {stored[11:16]}" if len(stored) >= 16 and stored[10] == "T" else stored
    if not result.get("reverted"):
        return f"nothing changed: {what} at {at} was already gone"
    change = result["change"]
    if change == "delete":
        return f"restored {what} at {at} (it had been deleted)"
    if change == "edit":
        return f"put back {what} at {at}, as it was before the edit"
    return f"removed {what} at {at}"
