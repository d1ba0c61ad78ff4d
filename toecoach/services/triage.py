"""Triage as an application service: store results and plans, and render them as text.

Shared by the CLI and the TUI so both say the same thing in the same order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from toecoach.domain import triage
from toecoach.domain.records import new_record
from toecoach.domain.text import plural
from toecoach.storage.repositories import PLANS, TRIAGE, add
from toecoach.storage.store import Store


def triage_record(
    answers: dict[str, Any], result: triage.TriageResult, now: datetime
) -> dict[str, Any]:
    return new_record(
        "triage",
        now,
        now,
        answers=answers,
        result=result.to_json(),
        tier=result.tier,
        spec_version=result.spec_version,
        disclaimer_version=result.disclaimer_version,
    )


def plan_record(triage_id: str, result: triage.TriageResult, now: datetime) -> dict[str, Any]:
    return new_record("plan", now, now, triage_id=triage_id, plan=result.plan.to_json())


def save_triage(
    store: Store, answers: dict[str, Any], result: triage.TriageResult, now: datetime
) -> dict[str, Any]:
    return add(store, TRIAGE, triage_record(answers, result, now))


def apply_plan(
    store: Store, triage_id: str, result: triage.TriageResult, now: datetime
) -> dict[str, Any]:
    """Store the plan so reminders, routines and check-ins can follow it."""
    return add(store, PLANS, plan_record(triage_id, result, now))


FACTOR_TITLES = {
    "prolonged_sitting": "Long sitting",
    "footwear": "Footwear",
    "overuse": "Overuse",
    "plantar_fascia": "Heel and arch strain",
    "hydration": "Fluids",
    "minerals_diet": "Minerals in the diet",
    "nerve": "Nerves",
    "circulation": "Circulation",
    "gout_pattern": "Joint inflammation",
    "medicine": "A medicine",
    "pregnancy": "Pregnancy",
}


def interval_in_force(result: triage.TriageResult, settings: Any) -> int | None:
    """The break interval the plan would run at: an explicit ``[breaks] interval_minutes``
    in config.toml wins over the plan's (interfaces: effective plan), so the plan text never
    names an interval that is not the one in force."""
    planned = result.plan.break_interval_minutes
    if planned is None:
        return None
    if "breaks.interval_minutes" in getattr(settings, "explicit", ()):
        return int(settings.breaks.interval_minutes)
    return planned


def routines_text(routine_ids: Sequence[str], names: Mapping[str, str] | None = None) -> str:
    """A plan's routines as a person reads them: by name (the library's), not by id."""
    return ", ".join((names or {}).get(r, r) for r in routine_ids)


def result_lines(
    result: triage.TriageResult,
    interval: int | None = None,
    routine_names: Mapping[str, str] | None = None,
) -> list[str]:
    """The readable result, in the order a person needs it: action first, disclaimer last.
    ``interval``: the break interval in force (see :func:`interval_in_force`)."""
    lines = [result.headline.upper(), ""]
    if result.reasons:
        lines.append("Why:")
        lines += [f"  - {reason.advice}" for reason in result.reasons]
        lines.append("")
    if result.unsure:
        lines.append("Answered 'not sure' (counted as yes, to be safe): " + ", ".join(
            triage.QUESTIONS_BY_ID[q].short for q in result.unsure
        ))  # fmt: skip
        lines.append("")
    if result.factors:
        lines.append("What may be contributing:")
        lines += [f"  - {FACTOR_TITLES.get(f.id, f.id)}: {f.why}" for f in result.factors]
        lines.append("")
    if not result.plan.is_empty:
        lines.append("Your self-care plan:")
        if result.plan.break_interval_minutes:
            every = interval or result.plan.break_interval_minutes
            lines.append(f"  - Walking-break reminders every {plural(every, 'minute')}")
        if result.plan.routines:
            lines.append("  - Routines: " + routines_text(result.plan.routines, routine_names))
        if result.plan.checkins:
            lines.append("  - Check-ins: " + ", ".join(result.plan.checkins))
        lines += [f"  - {item.text}" for item in result.plan.advice]
        lines.append("")
    if result.blocked:
        lines.append("Paused for safety:")
        for tag in result.blocked:
            because = ", ".join(
                triage.QUESTIONS_BY_ID[q].short
                for q in result.blocked_by.get(tag, ())
                if q in triage.QUESTIONS_BY_ID
            )
            lines.append(
                f"  - {BLOCK_TEXT.get(tag, tag)}" + (f" (because of: {because})" if because else "")
            )
        lines.append("")
    if result.tier == "self-care":
        not_checked = triage.not_checked_text(result)
        if not_checked:
            lines += [not_checked, ""]
    lines.append(result.disclaimer)
    return lines


BLOCK_TEXT = {
    "all": "all routines except Cramp rescue",
    "massage": "massage",
    "barefoot": "barefoot exercises",
    "standing": "standing exercises",
    "big_toe": "big-toe exercises",
    "cold": "cold on the feet",
    "heat": "heat on the feet",
}


def locked_message(locked_by: dict[str, list[str]]) -> str:
    """Why a routine does not start: each lock and the answers behind it."""
    parts: list[str] = []
    for tag, answers in locked_by.items():
        shorts = ", ".join(
            triage.QUESTIONS_BY_ID[a].short for a in answers if a in triage.QUESTIONS_BY_ID
        )
        parts.append(
            f"{BLOCK_TEXT.get(tag, tag)} paused"
            + (f" because of your answer: {shorts}" if shorts else "")
        )
    return "Locked for safety: " + "; ".join(parts) + ". A new triage can lift it."
