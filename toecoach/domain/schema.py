"""The shape of every stored record kind, checked at the edges (pure).

Two levels:

- ``readable_problem(table, row)``: what a reader needs so it can never crash on a record
  (types of the fields it touches; times it can do arithmetic on). Stores skip records that
  fail it instead of crashing; the record stays in its file untouched.
- ``import_problems(table, row, now)``: everything ``toecoach import`` demands before it
  writes anything: the above, plus the bounds the command line applies (check-in times from
  2000-01-01 to now, rest days up to 366 days ahead, per-entry caps as the CLI's), text that
  is valid Unicode and short enough, and no values nested too deeply.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from toecoach.domain.episodes import MAX_DURATION_SECONDS
from toecoach.domain.intake import ENTRY_CAP, FOODS, MAX_SERVINGS, NOTE_MAX_CHARS, NUTRIENTS
from toecoach.domain.text import has_surrogates
from toecoach.domain.times import EARLIEST_DAY, REST_DAYS_AHEAD

MONTH_TABLES = ("intake", "breaks", "runs", "episodes")
MAIN_TABLES = ("triage", "plans", "rest_days", "consents")
RECORD_TABLES = (*MONTH_TABLES, *MAIN_TABLES)

MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 10_000  # any text field of an imported record (notes: NOTE_MAX_CHARS)
MAX_DEPTH = 12  # nesting of an imported record's values (a triage result is about 4 deep)
MAX_INT = 2**63 - 1
MAX_BREAK_MINUTES = 366 * 24 * 60  # an away or gap can span a long suspend
# A food entry holds up to MAX_SERVINGS servings of the richest food in the table.
FOOD_ENTRY_CAP = {
    k: max(ENTRY_CAP[k], *(f.nutrients.get(k, 0) * MAX_SERVINGS for f in FOODS)) for k in NUTRIENTS
}


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _parse_at(value: Any) -> datetime | None:
    """A stored time: ISO 8601 with its UTC offset, on or after 2000-01-01."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or moment.date() < EARLIEST_DAY or moment.year > 9000:
        return None
    return moment


def _parse_day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if day >= EARLIEST_DAY else None


# What readers touch, per table: field -> (check, what is expected).
_Check = tuple[Any, str]
_OPTIONAL: dict[str, dict[str, _Check]] = {
    "*": {
        "created_ns": (_is_int, "a whole number"),
        "kind": (lambda v: isinstance(v, str), "text"),
        "note": (lambda v: isinstance(v, str), "text"),
    },
    "intake": {
        "servings": (_is_number, "a number"),
        "food": (lambda v: isinstance(v, str), "text"),
        "source": (lambda v: isinstance(v, str), "text"),
        "input": (lambda v: isinstance(v, str), "text"),
    },
    "breaks": {
        "minutes": (_is_number, "a number"),
        "sitting_minutes": (_is_number, "a number"),
    },
    "runs": {
        "finished": (lambda v: isinstance(v, bool), "true or false"),
        "seconds": (_is_number, "a number"),
        "routine": (lambda v: isinstance(v, str), "text"),
    },
    "episodes": {
        "severity": (_is_int, "a whole number"),
        "duration_seconds": (_is_number, "a number"),
        "foot": (lambda v: isinstance(v, str), "text"),
        "during": (lambda v: isinstance(v, str), "text"),
        "toes": (lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v), "a list"),
    },
    "triage": {
        "answers": (lambda v: isinstance(v, Mapping), "an object"),
        "tier": (lambda v: isinstance(v, str), "text"),
    },
    "plans": {"triage_id": (lambda v: isinstance(v, str), "text")},
}


def _nutrients_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping) or not value:
        return "nutrients must be an object of amounts"
    for key, amount in value.items():
        if key not in NUTRIENTS:
            return f"nutrients.{key} is not one of {', '.join(NUTRIENTS)}"
        if not _is_number(amount) or amount < 0:
            return f"nutrients.{key} must be an amount (a number, 0 or more)"
    return None


def _triage_result_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return "result must be an object"
    blocked = value.get("blocked", [])
    if not isinstance(blocked, list) or not all(isinstance(t, str) for t in blocked):
        return "result.blocked must be a list of lock names"
    blocked_by = value.get("blocked_by", {})
    if not isinstance(blocked_by, Mapping) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys)
        for keys in blocked_by.values()
    ):
        return "result.blocked_by must be an object of lists of answer ids"
    return None


def _plan_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return "plan must be an object"
    routines = value.get("routines", [])
    if not isinstance(routines, list) or not all(isinstance(r, str) for r in routines):
        return "plan.routines must be a list of routine ids"
    return None


JOURNAL_TABLE = "journal"  # the undo journal (storage.repositories): one entry per change
JOURNAL_CHANGES = ("add", "delete", "edit")


def _journal_problem(entry: Mapping[str, Any]) -> str | None:
    """An undo-journal entry: a change to a record of a known table, the record (and an
    edit's old version) readable as that table's records are."""
    table = entry.get("table")
    if entry.get("change") not in JOURNAL_CHANGES or table not in RECORD_TABLES:
        return "change must be add, delete or edit, of a record of a known table"
    if not _is_int(entry.get("created_ns")):
        return "created_ns must be a whole number"
    for name in ("record", "before"):
        if name == "record" or entry.get(name) is not None:
            problem = readable_problem(str(table), entry.get(name))
            if problem:
                return f"{name} {problem}"
    return None


PRESENCE_TABLE = "presence"  # the step-away every toecoach on a home shares (one record)


def _presence_problem(row: Mapping[str, Any]) -> str | None:
    """The shared step-away: when the person stepped away, and when they came back (null:
    not yet), never before it; who wrote it is text."""
    stepped_away = _parse_at(row.get("stepped_away"))
    if stepped_away is None:
        return "stepped_away must be an ISO 8601 time with its UTC offset, from 2000-01-01"
    if row.get("back") is not None:
        back = _parse_at(row.get("back"))
        if back is None or back < stepped_away:
            return (
                "back must be null or an ISO 8601 time with its UTC offset, not before stepped_away"
            )
    for name in ("by", "back_by"):
        if row.get(name) is not None and not isinstance(row[name], str):
            return f"{name} must be text"
    return None


def readable_problem(table: str, row: Any) -> str | None:
    """Why a stored record of ``table`` cannot be read safely, or None. Unknown tables
    (internal state) only need to be objects."""
    if not isinstance(row, Mapping):
        return "is not an object"
    if table == JOURNAL_TABLE:
        return _journal_problem(row)
    if table == PRESENCE_TABLE:
        return _presence_problem(row)
    if table not in RECORD_TABLES:
        return None
    if not isinstance(row.get("id"), str) or not row["id"]:
        return "id must be a non-empty id string"
    if _parse_at(row.get("at")) is None:
        return "at must be an ISO 8601 time with its UTC offset, from 2000-01-01"
    for scope in ("*", table):
        for name, (check, expected) in _OPTIONAL.get(scope, {}).items():
            if name in row and row[name] is not None and not check(row[name]):
                return f"{name} must be {expected}"
    if table == "intake" and "nutrients" in row:  # readers count a record without as 0
        return _nutrients_problem(row["nutrients"])
    if table == "triage":
        return _triage_result_problem(row.get("result"))
    if table == "plans":
        return _plan_problem(row.get("plan"))
    if table == "rest_days" and _parse_day(row.get("date")) is None:
        return "date must be YYYY-MM-DD, from 2000-01-01"
    return None


def _walk(value: Any, path: str, depth: int, problems: list[str]) -> None:
    """Every nested value: depth, finite numbers, valid and bounded text."""
    if depth > MAX_DEPTH:
        problems.append(f"{path} is nested more than {MAX_DEPTH} levels deep")
        return
    if isinstance(value, str):
        if has_surrogates(value):
            problems.append(f"{path} is not valid UTF-8 text")
        elif len(value) > MAX_TEXT_CHARS:
            problems.append(f"{path} is longer than {MAX_TEXT_CHARS} characters")
    elif isinstance(value, float) and not math.isfinite(value):
        problems.append(f"{path} is {value!r}; not a number toecoach records")
    elif _is_int(value) and not -MAX_INT <= value <= MAX_INT:
        problems.append(f"{path} is too large a number")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and has_surrogates(key):
                problems.append(f"{path} has a key that is not valid UTF-8 text")
            _walk(item, f"{path}.{key}", depth + 1, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1, problems)


def import_problems(table: str, row: Any, now: datetime) -> list[str]:
    """Every reason ``row`` may not be imported into ``table`` (empty: it may)."""
    if table not in RECORD_TABLES:
        return [f"is in an unknown table; known: {', '.join(RECORD_TABLES)}"]
    if not isinstance(row, Mapping):
        return ["is not an object"]
    problems: list[str] = []
    _walk(row, "", 0, problems)
    if problems:
        return [p.lstrip(".") or "a value is not accepted" for p in problems]
    record_id = row.get("id")
    if not isinstance(record_id, str) or not record_id.strip() or len(record_id) > MAX_ID_CHARS:
        problems.append(f"id must be a non-empty id string of at most {MAX_ID_CHARS} characters")
    at = _parse_at(row.get("at"))
    if at is None:
        problems.append("at must be an ISO 8601 time with its UTC offset, from 2000-01-01")
    elif at > now + timedelta(minutes=5):
        problems.append(f"at {row['at']} is in the future")
    if not isinstance(row.get("kind"), str) or not row["kind"]:
        problems.append("kind must be text")
    created_ns = row.get("created_ns")
    if created_ns is not None and (not _is_int(created_ns) or not 0 <= created_ns <= MAX_INT):
        problems.append("created_ns must be a whole number of nanoseconds")
    note = row.get("note")
    if isinstance(note, str) and len(note) > NOTE_MAX_CHARS:
        problems.append(f"note is longer than {NOTE_MAX_CHARS} characters")
    problem = readable_problem(table, row)
    if problem and not problems:
        problems.append(problem)
    if not problems and table == "intake" and "nutrients" not in row:
        problems.append("nutrients must be an object of amounts")
    if problems:
        return problems
    # Bounds as the command line's.
    if table == "intake":
        caps = FOOD_ENTRY_CAP if row.get("food") else ENTRY_CAP
        for key, amount in row["nutrients"].items():
            if amount > caps[key]:
                problems.append(
                    f"nutrients.{key} is {amount:g}; one entry holds at most {caps[key]:g}"
                )
        servings = row.get("servings")
        if servings is not None and not 0 < servings <= MAX_SERVINGS:
            problems.append(f"servings is {servings:g}; expected up to {MAX_SERVINGS:g}")
    elif table == "breaks":
        minutes = row.get("minutes")
        if minutes is not None and not 0 <= minutes <= MAX_BREAK_MINUTES:
            problems.append(f"minutes is {minutes:g}; expected 0 to {MAX_BREAK_MINUTES}")
    elif table == "runs" and row.get("kind") == "rescue":
        seconds = row.get("seconds")
        if (
            not isinstance(seconds, int)
            or isinstance(seconds, bool)
            or not 0 <= seconds <= MAX_DURATION_SECONDS
        ):
            problems.append("seconds must be a whole number of seconds, up to a day")
    elif table == "runs" and not isinstance(row.get("finished"), bool):
        problems.append("finished must be true or false")
    elif table == "episodes":
        severity = row.get("severity")
        if severity is not None and not 0 <= severity <= 10:
            problems.append("severity must be a whole number from 0 to 10")
        duration = row.get("duration_seconds")
        if duration is not None and not 0 <= duration <= MAX_DURATION_SECONDS:
            problems.append("duration_seconds must be a number of seconds, up to a day")
    elif table == "rest_days":
        day = _parse_day(row.get("date"))
        if day is not None and day > now.date() + REST_DAYS_AHEAD:
            problems.append(f"date {day} is more than 366 days ahead")
    return problems
