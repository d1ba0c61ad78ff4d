"""Any stored entry in a few words, the same in the CLI and the app (day view, undo)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from toecoach.domain.intake import Units, describe_record
from toecoach.domain.text import plural


def describe_entry(
    table: str,
    row: Mapping[str, Any],
    units: Units = "metric",
    routine_names: Mapping[str, str] | None = None,
) -> str:
    """``water 250 ml``, ``Desk stretch (stopped early, 1 of 5 steps)``, ``a 5-minute walk``..."""
    if table == "intake":
        return describe_record(row, units)
    if table == "runs" and (row.get("kind") == "rescue" or row.get("routine") == "cramp-rescue"):
        rescue_minutes = round(float(row.get("seconds") or 0) / 60)
        escalated = ", help prompt shown" if row.get("escalated") else ""
        return f"cramp rescue ({rescue_minutes} min{escalated})"
    if table == "runs":
        routine = str(row.get("routine", "routine"))
        name = (routine_names or {}).get(routine, routine)
        if row.get("finished"):
            return f"{name} (finished)"
        steps = ""
        if row.get("steps_total"):
            steps = f", {row.get('steps_done', 0)} of {plural(row['steps_total'], 'step')}"
        return f"{name} (stopped early{steps})"
    if table == "episodes":
        parts = [str(row.get(k)) for k in ("foot", "during") if row.get(k)]
        if row.get("toes"):
            parts.append("toes " + ", ".join(str(t) for t in row["toes"]))
        if row.get("severity") is not None:
            parts.append(f"severity {row['severity']}")
        if row.get("duration_seconds"):
            seconds = int(row["duration_seconds"])
            parts.append(f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else
                         f"{seconds // 60} min" if seconds >= 60 else f"{seconds} s")  # fmt: skip
        return "spasm " + ", ".join(parts) if parts else "spasm"
    if row.get("kind") == "walk":
        return f"a {row.get('minutes')}-minute walk"
    minutes = f" {row['minutes']} min" if row.get("minutes") else ""
    return f"{row.get('kind', 'break')}{minutes}"


def undo_message(result: Mapping[str, Any], units: Units = "metric") -> str:
    """What an undo did, in words (``Coach.undo``'s result): the CLI prints it, the app
    shows it."""
    record = result["record"]
    what = describe_entry(str(result["table"]), record, units)
    at = str(record.get("at", ""))
    if not result.get("reverted"):
        return f"nothing changed: {what} at {at} was already gone"
    change = result["change"]
    if change == "delete":
        return f"restored {what} at {at} (it had been deleted)"
    if change == "edit":
        return f"put back {what} at {at}, as it was before the edit"
    return f"removed {what} at {at}"
