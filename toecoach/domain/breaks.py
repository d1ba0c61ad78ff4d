"""Counting break records (pure). Kept apart from ``adherence`` so the dashboard's first
frame does not pay for importing the whole adherence model."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def count_reminders(breaks: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in breaks if r.get("kind") == "reminder" and not r.get("after_snooze"))


def count_walks(breaks: Iterable[Mapping[str, Any]]) -> int:
    return sum(1 for r in breaks if r.get("kind") == "walk")
