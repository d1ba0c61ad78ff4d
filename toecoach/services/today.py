"""Today's figures, as ``toecoach today --json`` prints them and the TUI shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from toecoach.config import Settings
from toecoach.domain.adherence import count_reminders, count_walks
from toecoach.domain.intake import summarize_day
from toecoach.storage.repositories import BREAKS, EPISODES, INTAKE, RUNS, records_on
from toecoach.storage.store import Store


def today_document(store: Store, settings: Settings, now: datetime) -> dict[str, Any]:
    day = now.date()
    breaks = records_on(store, BREAKS, day)
    runs = records_on(store, RUNS, day)
    summary = summarize_day(records_on(store, INTAKE, day), settings.target_profile())
    return {
        "date": day.isoformat(),
        "nutrients": {k: v.to_json() for k, v in summary.items()},
        "walks": count_walks(breaks),
        "reminders": count_reminders(breaks),  # a reminder shown again after a snooze is one
        "routines_done": sum(1 for r in runs if r.get("finished")),
        "episodes": len(records_on(store, EPISODES, day)),
    }
