"""The checks every stored record kind is made of (pure).

The registry of record kinds (``toecoach.domain.kinds``) says which fields each kind has and
what they must be; the checks themselves live here. Two levels:

- ``readable_problem(table, row)``: what a reader needs so it can never crash on a record
  (types of the fields it touches; times it can do arithmetic on). Stores skip records that
  fail it instead of crashing; the record stays in its file untouched.
- ``import_problems(table, row, now)``: everything ``toecoach import`` demands before it
  writes anything: the above, plus the bounds the command line applies (check-in times from
  2000-01-01 to now, rest days up to 366 days ahead, per-entry caps as the CLI's), text that
  is valid Unicode and short enough, and no values nested too deeply.

Both are the registry's (``kinds.readable_problem``, ``kinds.import_problems``); the names
here stay for callers that knew them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from toecoach.domain.intake import ENTRY_CAP, FOODS, MAX_SERVINGS, NUTRIENTS
from toecoach.domain.text import has_surrogates
from toecoach.domain.times import EARLIEST_DAY

MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 10_000  # any text field of an imported record (notes: NOTE_MAX_CHARS)
MAX_DEPTH = 12  # nesting of an imported record's values (a triage result is about 4 deep)
MAX_INT = 2**63 - 1
MAX_BREAK_MINUTES = 366 * 24 * 60  # an away or gap can span a long suspend
# A food entry holds up to MAX_SERVINGS servings of the richest food in the table.
FOOD_ENTRY_CAP = {
    k: max(ENTRY_CAP[k], *(f.nutrients.get(k, 0) * MAX_SERVINGS for f in FOODS)) for k in NUTRIENTS
}


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_at(value: Any) -> datetime | None:
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


def parse_day(value: Any) -> date | None:
    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if day >= EARLIEST_DAY else None


def nutrients_problem(value: Any) -> str | None:
    if (type(value) is not dict and not isinstance(value, Mapping)) or not value:
        return "nutrients must be an object of amounts"
    for key, amount in value.items():
        if key not in NUTRIENTS:
            return f"nutrients.{key} is not one of {', '.join(NUTRIENTS)}"
        if not is_number(amount) or amount < 0:
            return f"nutrients.{key} must be an amount (a number, 0 or more)"
    return None


def triage_result_problem(value: Any) -> str | None:
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


def plan_problem(value: Any) -> str | None:
    if not isinstance(value, Mapping):
        return "plan must be an object"
    routines = value.get("routines", [])
    if not isinstance(routines, list) or not all(isinstance(r, str) for r in routines):
        return "plan.routines must be a list of routine ids"
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
    elif is_int(value) and not -MAX_INT <= value <= MAX_INT:
        problems.append(f"{path} is too large a number")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and has_surrogates(key):
                problems.append(f"{path} has a key that is not valid UTF-8 text")
            _walk(item, f"{path}.{key}", depth + 1, problems)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", depth + 1, problems)


def value_problems(row: Mapping[str, Any]) -> list[str]:
    """Every nested value of an imported record: depth, finite numbers, valid and bounded
    text (each problem names its field)."""
    problems: list[str] = []
    _walk(row, "", 0, problems)
    return [p.lstrip(".") or "a value is not accepted" for p in problems]


def readable_problem(table: str, row: Any) -> str | None:
    """Why a stored record of ``table`` cannot be read safely, or None (the registry's)."""
    from toecoach.domain.kinds import readable_problem as problem

    return problem(table, row)


def import_problems(table: str, row: Any, now: datetime) -> list[str]:
    """Every reason ``row`` may not be imported into ``table`` (the registry's)."""
    from toecoach.domain.kinds import import_problems as problems

    return problems(table, row, now)
