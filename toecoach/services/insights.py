"""Spasm episodes and insights from the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from toecoach.config import Settings
from toecoach.domain.insights import LONG_SITTING_MINUTES, insights
from toecoach.domain.records import new_record
from toecoach.domain.runs import is_routine_done
from toecoach.services.history import history, records_by_day
from toecoach.storage.repositories import EPISODES
from toecoach.storage.store import Store

WINDOW_DAYS = 90


def build_episode(*, foot: str | None, toes: list[str], severity: int | None, duration: int | None,
                  during: str | None, at: datetime, note: str | None, now: datetime) -> dict[str, Any]:  # fmt: skip
    return new_record("episode", at, now, foot=foot, toes=toes or None, severity=severity,
                      duration_seconds=duration, during=during, note=note)  # fmt: skip


def episode_from_input(*, foot: str | None, toes: Sequence[str], severity: str | None,
                       duration: str | None, during: str | None, at: datetime, note: str | None,
                       now: datetime) -> dict[str, Any]:  # fmt: skip
    """An episode from what the person typed, in the CLI (``toecoach episode``) or the app's
    dialog alike: validated (``InputError`` naming the CLI option; nothing stored)."""
    from toecoach.domain import episodes as ep
    from toecoach.domain.intake import validate_note

    return build_episode(
        foot=ep.check_choice(foot, ep.FEET, "--foot") if foot is not None else None,
        toes=list(dict.fromkeys(ep.check_choice(t, ep.TOES, "--toe") for t in toes)),
        severity=ep.parse_severity(severity) if severity is not None else None,
        duration=ep.parse_duration(duration) if duration is not None else None,
        during=ep.check_choice(during, ep.DURING, "--during") if during is not None else None,
        at=at, note=validate_note(note), now=now,
    )  # fmt: skip


def after_episode(record: dict[str, Any], now: datetime, region: str,
                  prompt: str | None) -> list[str]:  # fmt: skip
    """What to say once an episode is stored, in the CLI and the app alike: the long-cramp
    line, then the prompt to re-run the triage."""
    from toecoach.domain import episodes as ep
    from toecoach.domain.triage import tier_headline

    lines = []
    long_cramp = ep.long_cramp_message(
        datetime.fromisoformat(str(record["at"])), now, record.get("duration_seconds"),
        tier_headline("urgent", region),
    )  # fmt: skip
    if long_cramp:
        lines.append(long_cramp)
    if prompt:
        lines.append(prompt)
    return lines


def save_episode(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    from toecoach.services.checkins import save_change

    return save_change(store, EPISODES, record)


def last_foot(store: Store, today: date) -> str | None:
    rows = records_by_day(store, today - timedelta(days=60), today)
    episodes = sorted(
        (e for day in rows.values() for e in day.episodes), key=lambda e: str(e.get("at"))
    )
    for episode in reversed(episodes):
        if episode.get("foot"):
            return str(episode["foot"])
    return None


def insights_document(store: Store, settings: Settings, now: datetime) -> dict[str, Any]:
    """Insights over the last ``WINDOW_DAYS`` days, from the first record on (interfaces v2:
    days before a person started are not days they "did not" do something)."""
    from toecoach.services.history import first_record_day

    today = now.date()
    first = max(today - timedelta(days=WINDOW_DAYS - 1), first_record_day(store) or today)
    days, _, _ = history(store, settings, today, first, today)
    records = records_by_day(store, first, today)
    episode_times = [
        datetime.fromisoformat(str(e["at"])) for d in records.values() for e in d.episodes
    ]
    routines_by_day = {day: {str(r.get("routine")) for r in d.runs if is_routine_done(r)}
                       for day, d in records.items()}  # fmt: skip
    long_sitting = [
        datetime.fromisoformat(str(b["at"]))
        for d in records.values() for b in d.breaks
        if b.get("kind") == "reminder" and int(b.get("sitting_minutes") or 0) >= LONG_SITTING_MINUTES
    ]  # fmt: skip
    document = insights(days, episode_times, routines_by_day, long_sitting, now)
    document["days"] = document["logged_days"]
    document["episodes"] = len(episode_times)
    return document
