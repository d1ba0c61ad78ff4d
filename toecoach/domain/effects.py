"""What the latest stored triage changes in the rest of the app (triage spec v2, "What a
stored result changes"): targets, supplement warnings, reminders, cramp rescue, locks.

One function reads a stored triage record into one typed value, so that ``today``, the
dashboard, history, reminders and cramp rescue all draw the same conclusions from it. Pure:
the record is passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

URGENT_TIERS: tuple[str, ...] = ("emergency", "urgent")
# Why reminders are not coming, wherever that is said (the dashboard, ``toecoach remind``).
REMINDERS_HELD_LINE = (
    "Walking-break reminders are paused: your latest triage says to get medical help."
)


def _yes(answers: Mapping[str, Any], qid: str) -> bool:
    value = answers.get(qid)
    return value is True or value == "unsure"


@dataclass(frozen=True)
class TriageEffects:
    """The consequences of the latest stored triage (all off when there is none)."""

    tier: str | None = None
    at: str = ""
    kidney_disease: bool = False
    pregnant: bool = False
    locks: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    advice: tuple[str, ...] = ()  # the emergency and urgent reasons' advice, most severe first

    @property
    def reminders_held(self) -> bool:
        """Walking-break reminders pause at emergency and urgent until a later triage."""
        return self.tier in URGENT_TIERS

    @property
    def blocked(self) -> frozenset[str]:
        return frozenset(self.locks)


def triage_effects(record: Mapping[str, Any] | None) -> TriageEffects:
    """Read a stored triage record (spec v1 or v2). Shapes that do not fit are read as
    absent rather than crashing: a damaged record never switches a safety rule *off* that a
    readable part switches on."""
    if not isinstance(record, Mapping):
        return TriageEffects()
    answers = record.get("answers")
    answers = answers if isinstance(answers, Mapping) else {}
    result = record.get("result")
    result = result if isinstance(result, Mapping) else {}
    tier = record.get("tier", result.get("tier"))
    tier = tier if isinstance(tier, str) else None
    blocked = result.get("blocked")
    blocked_by = result.get("blocked_by")
    blocked_by = blocked_by if isinstance(blocked_by, Mapping) else {}
    locks: dict[str, tuple[str, ...]] = {}
    if isinstance(blocked, list):
        for tag in blocked:
            if isinstance(tag, str):
                keys = blocked_by.get(tag, [])
                locks[tag] = tuple(str(k) for k in keys) if isinstance(keys, list) else ()
    advice: list[str] = []
    reasons = result.get("reasons")
    if isinstance(reasons, list):
        for reason in reasons:
            if isinstance(reason, Mapping) and reason.get("tier") in URGENT_TIERS:
                text = reason.get("advice")
                if isinstance(text, str):
                    advice.append(text)
    return TriageEffects(
        tier=tier,
        at=str(record.get("at", "")),
        kidney_disease=_yes(answers, "kidney_disease"),
        pregnant=_yes(answers, "pregnant"),
        locks=locks,
        advice=tuple(advice),
    )


def plan_interval(plan_record: Mapping[str, Any] | None) -> int | None:
    """The break interval of an applied plan, when it has a usable one (20-60 minutes)."""
    if not isinstance(plan_record, Mapping):
        return None
    plan = plan_record.get("plan")
    if not isinstance(plan, Mapping):
        return None
    value = plan.get("break_interval_minutes")
    if isinstance(value, int) and not isinstance(value, bool) and 20 <= value <= 60:
        return value
    return None
