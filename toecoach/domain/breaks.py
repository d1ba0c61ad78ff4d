"""Counting break records (pure). Kept apart from ``adherence`` so the dashboard's first
frame does not pay for importing the whole adherence model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from toecoach.domain.text import plural


def count_reminders(breaks: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in breaks if r.get("kind") == "reminder" and not r.get("after_snooze"))


def count_walks(breaks: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in breaks if r.get("kind") == "walk")


def walks_summary(walks: int, reminders: int) -> str:
    """Walks against walking-break reminders, true when there were none (a walk logged by
    hand counts, reminded or not): ``1 walk for 1 reminder``, ``1 walk (no reminders yet)``."""
    if reminders == 0:
        return f"{plural(walks, 'walk')} (no reminders yet)"
    return f"{plural(walks, 'walk')} for {plural(reminders, 'reminder')}"
