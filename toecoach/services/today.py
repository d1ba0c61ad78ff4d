"""Today's figures, as ``toecoach today --json`` prints them and the TUI shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from toecoach.config import Settings
from toecoach.domain.breaks import count_reminders, count_walks
from toecoach.domain.episodes import is_exercise_pain
from toecoach.domain.intake import summarize_day
from toecoach.domain.runs import is_routine_done
from toecoach.storage.repositories import BREAKS, EPISODES, INTAKE, RUNS, records_on
from toecoach.storage.store import Store


def today_document(store: Store, settings: Settings, now: datetime) -> dict[str, Any]:
    day = now.date()
    breaks = records_on(store, BREAKS, day)
    runs = records_on(store, RUNS, day)
    from toecoach.services.effective import effective

    now_in_force = effective(store, settings)
    summary = summarize_day(records_on(store, INTAKE, day), now_in_force.profile)
    return {
        "date": day.isoformat(),
        "nutrients": {k: v.to_json() for k, v in summary.items()},
        "walks": count_walks(breaks),
        "reminders": count_reminders(breaks),  # a reminder shown again after a snooze is one
        "routines_done": sum(1 for r in runs if is_routine_done(r)),
        "episodes": sum(1 for e in records_on(store, EPISODES, day) if not is_exercise_pain(e)),
    }


def recent_prompt(store: Store, now: datetime, triage_hint: str | None = None) -> str | None:
    """The re-run-the-triage prompt from the last two weeks of episodes (one or two month
    files), for the dashboard."""
    from datetime import timedelta

    from toecoach.domain.episodes import frequency_prompt
    from toecoach.storage.repositories import records_between

    rows = records_between(store, EPISODES, now.date() - timedelta(days=14), now.date())
    times = [datetime.fromisoformat(str(r["at"])) for r in rows if not is_exercise_pain(r)]
    return frequency_prompt(times, now, *([triage_hint] if triage_hint else []))
