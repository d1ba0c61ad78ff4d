"""What spasm episodes seem to go with: pure, with the counts behind every claim.

A comparison is shown only when both sides have enough data (``MIN_DAYS`` days each, or
``MIN_HOURS`` hours each for the after-sitting comparison) and there are at least
``MIN_EPISODES`` episodes; otherwise it says there is not enough data yet. Going together
is not the same as causing, and every insight says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from toecoach.domain.adherence import Day
from toecoach.domain.episodes import frequency_prompt

MIN_DAYS = 7
MIN_HOURS = 10.0
MIN_EPISODES = 5
LONG_SITTING_MINUTES = 60
AFTER_SITTING = timedelta(hours=2)
WAKING_HOURS_PER_DAY = 16.0
STRETCH_ROUTINES = ("bedtime-cramp", "desk-stretch-5min", "morning-heel-arch", "desk-break-2min")
CAVEAT = "Going together is not the same as causing: this is a pattern to discuss, not a cause."


@dataclass(frozen=True)
class Comparison:
    id: str
    question: str
    enough: bool
    with_label: str
    without_label: str
    with_episodes: int
    with_exposure: float
    without_episodes: int
    without_exposure: float
    unit: str  # "day" or "hour"

    @property
    def with_rate(self) -> float | None:
        return self.with_episodes / self.with_exposure if self.with_exposure else None

    @property
    def without_rate(self) -> float | None:
        return self.without_episodes / self.without_exposure if self.without_exposure else None

    def summary(self) -> str:
        if not self.enough:
            return f"{self.question} Not enough data yet to say."
        a, b = self.with_rate or 0.0, self.without_rate or 0.0
        per = "per day" if self.unit == "day" else "per 10 hours"
        scale = 1 if self.unit == "day" else 10
        verdict = "more" if a > b * 1.25 else "fewer" if a < b * 0.8 else "about as many"
        return (f"{self.question} {verdict.capitalize()} episodes {self.with_label}: "
                f"{a * scale:.2f} {per} ({self.with_episodes} in {self.with_exposure:g} {self.unit}s) "
                f"against {b * scale:.2f} {self.without_label} ({self.without_episodes} in "
                f"{self.without_exposure:g} {self.unit}s).")  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "enough_data": self.enough, "summary": self.summary(),
            "with": {"label": self.with_label, "episodes": self.with_episodes,
                     "exposure": self.with_exposure, "unit": self.unit, "rate": self.with_rate},
            "without": {"label": self.without_label, "episodes": self.without_episodes,
                        "exposure": self.without_exposure, "unit": self.unit,
                        "rate": self.without_rate},
        }  # fmt: skip


def _day_comparison(cid: str, question: str, days: Sequence[Day], test: Any, labels: tuple[str, str],
                    total_episodes: int) -> Comparison:  # fmt: skip
    with_days = [d for d in days if test(d)]
    without_days = [d for d in days if not test(d)]
    enough = (len(with_days) >= MIN_DAYS and len(without_days) >= MIN_DAYS
              and total_episodes >= MIN_EPISODES)  # fmt: skip
    return Comparison(cid, question, enough, labels[0], labels[1],
                      sum(d.episodes for d in with_days), float(len(with_days)),
                      sum(d.episodes for d in without_days), float(len(without_days)), "day")  # fmt: skip


def weekly_counts(episode_times: Sequence[datetime], today: date, weeks: int = 8) -> list[int]:
    monday = today - timedelta(days=today.weekday())
    counts = [0] * weeks
    for moment in episode_times:
        index = (
            weeks
            - 1
            - (monday - (moment.date() - timedelta(days=moment.date().weekday()))).days // 7
        )
        if 0 <= index < weeks:
            counts[index] += 1
    return counts


def insights(days: Sequence[Day], episode_times: Sequence[datetime],
             routines_by_day: dict[date, set[str]], long_sitting_times: Sequence[datetime],
             now: datetime) -> dict[str, Any]:  # fmt: skip
    """Every insight with its counts; ``days`` are the days compared (e.g. the last 90)."""
    total = len(episode_times)
    comparisons = [
        _day_comparison(
            "water",
            "Episodes and water:",
            [d for d in days if d.water_target_ml],
            lambda d: d.met["water"],
            ("on days that met the water target", "on days that did not"),
            total,
        ),  # fmt: skip
        _day_comparison(
            "stretching",
            "Episodes and stretching:",
            days,
            lambda d: bool(routines_by_day.get(d.date, set()) & set(STRETCH_ROUTINES)),
            ("on days with a stretching routine", "on days without"),
            total,
        ),  # fmt: skip
    ]
    # After long sitting: episode rate in the 2 hours after a bout of an hour or more.
    windows: list[tuple[datetime, datetime]] = []
    for start in sorted(long_sitting_times):
        end = start + AFTER_SITTING
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    window_hours = sum((b - a).total_seconds() for a, b in windows) / 3600
    inside = sum(1 for t in episode_times if any(a <= t <= b for a, b in windows))
    other_hours = max(0.0, len(days) * WAKING_HOURS_PER_DAY - window_hours)
    enough = window_hours >= MIN_HOURS and other_hours >= MIN_HOURS and total >= MIN_EPISODES
    comparisons.append(Comparison(
        "after_sitting", "Episodes after long sitting:", enough,
        "in the 2 hours after sitting for an hour or more", "at other times",
        inside, round(window_hours, 1), total - inside, round(other_hours, 1), "hour",
    ))  # fmt: skip
    return {
        "episodes_per_week": weekly_counts(episode_times, now.date()),
        "comparisons": [c.to_json() for c in comparisons],
        "prompt": frequency_prompt(episode_times, now),
        "thresholds": {
            "min_days_each_side": MIN_DAYS,
            "min_hours_each_side": MIN_HOURS,
            "min_episodes": MIN_EPISODES,
        },  # fmt: skip
        "caveat": CAVEAT,
    }
