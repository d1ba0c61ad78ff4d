"""Spasm episodes: what the user may record, validated (pure)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from toecoach.domain.errors import InputError

FEET = ("left", "right", "both")
TOES = ("big", "2", "3", "4", "5", "all")
DURING = ("sitting", "walking", "night", "exercise", "other")
MAX_DURATION_SECONDS = 24 * 3600
MAX_WALK_MINUTES = 240  # a walk logged by hand (the command line and import alike)


def is_exercise_pain(record: Mapping[str, Any]) -> bool:
    """A diary entry the routine player's "it hurts" wrote: pain during an exercise, not a
    spasm. It stays in the diary (and the day view); spasm counts, the insights and the
    re-run-the-triage prompt leave it out."""
    return record.get("source") == "player" and record.get("during") == "exercise"


LONG_CRAMP_SECONDS = 10 * 60  # over 10 minutes needs same-day help (triage rule U4)
_DURATION = re.compile(r"^(?:([0-9]{1,6})h)?(?:([0-9]{1,6})m)?(?:([0-9]{1,6})s?)?$", re.ASCII)


def parse_duration(text: str, field: str = "--duration") -> int:
    """``90``, ``90s``, ``2m``, ``1m30s``, ``1h`` -> seconds (a bare number is seconds)."""
    raw = text.strip().lower().replace(" ", "")
    match = _DURATION.match(raw)
    accepted = "a duration like 90, 45s, 2m or 1m30s (a bare number is seconds)"
    if not raw or not match or not any(match.groups()):
        raise InputError(field, f"{text!r} is not accepted; expected {accepted}")
    hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    total = hours * 3600 + minutes * 60 + seconds
    if not 0 < total <= MAX_DURATION_SECONDS:
        raise InputError(field, f"{text!r} is out of range; expected {accepted}, up to 24h")
    return total


def parse_severity(text: str) -> int:
    # ASCII digits only ("²".isdigit() is true, int("²") fails).
    if not re.fullmatch(r"[0-9]{1,3}", text.strip()) or not 0 <= int(text) <= 10:
        raise InputError(
            "--severity", f"{text!r} is not accepted; expected a whole number from 0 to 10"
        )
    return int(text)


def check_choice(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise InputError(field, f"{value!r} is not accepted; expected one of {', '.join(allowed)}")
    return value


def format_duration(seconds: int) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


# How each channel says "run the triage": the CLI names the command; the app names the key
# (``key_hint``, as remapped in [keymap]), never a command typed in another terminal.
CLI_TRIAGE_HINT = "toecoach triage"


def frequency_prompt(
    episode_times: Sequence[datetime], now: datetime, triage_hint: str = CLI_TRIAGE_HINT
) -> str | None:
    """Three or more episodes in 7 days, or a doubling over two weeks: re-run the triage
    (``triage_hint`` says how, in the channel the text is shown in)."""
    last7 = sum(1 for t in episode_times if now - timedelta(days=7) < t <= now)
    prev7 = sum(1 for t in episode_times if now - timedelta(days=14) < t <= now - timedelta(days=7))
    if last7 >= 3:
        return (f"{last7} episodes in the last 7 days. Frequent cramps are worth checking: please "
                f"run the triage again ({triage_hint}), and book a GP or clinician appointment.")  # fmt: skip
    if prev7 >= 1 and last7 >= 2 * prev7:
        return (f"Episodes doubled in two weeks ({prev7} then {last7}). Please run the triage "
                f"again ({triage_hint}) to see whether anything has changed.")  # fmt: skip
    return None


RECENT_FOR_SAME_DAY_HELP = timedelta(hours=24)  # as the triage asks: "in the last 24 hours"


def long_cramp_message(
    at: datetime, now: datetime, duration_seconds: float | None, urgent_headline: str
) -> str | None:
    """What to say after logging a cramp over 10 minutes. Same-day help only for a recent
    one: an old episode logged with ``--at`` is something to tell a GP about, not an
    emergency now."""
    if not duration_seconds or duration_seconds <= LONG_CRAMP_SECONDS:
        return None
    if now - at <= RECENT_FOR_SAME_DAY_HELP:
        return f"A cramp that lasts more than 10 minutes needs checking. {urgent_headline}."
    return "A cramp that lasted more than 10 minutes is worth telling your GP or clinician about."
