"""What spasm episodes seem to go with: pure, with the counts behind every claim.

Honest numbers (interfaces v2): only days from the first record on are compared, and only
*logged* days (a day with a record of the measure: a drink for the water comparison, any
record for the others); today is left out until it is over (its drinks and episodes are not
all in yet). A comparison is shown only when each side has enough data (``MIN_DAYS`` logged
days each, or ``MIN_HOURS`` hours each for the after-sitting comparison) and the compared
days hold at least ``MIN_EPISODES`` episodes; otherwise it says there is not enough data yet.
Every claim says "seems to go with" and "could be chance", and none names a cause.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from toecoach.domain.adherence import Day
from toecoach.domain.episodes import frequency_prompt
from toecoach.domain.text import plural
from toecoach.domain.times import local_day

MIN_DAYS = 7
MIN_HOURS = 10.0
MIN_EPISODES = 5
LONG_SITTING_MINUTES = 60
AFTER_SITTING = timedelta(hours=2)
WAKING_HOURS_PER_DAY = 16.0
STRETCH_ROUTINES = ("bedtime-cramp", "desk-stretch-5min", "morning-heel-arch", "desk-break-2min")
CAVEAT = (
    "Going together is not the same as causing: this is a pattern to discuss, not a cause. "
    "Any difference here could be chance."
)
CHANCE = "This could be chance, and it does not show a cause."


@dataclass(frozen=True)
class Comparison:
    id: str
    question: str
    subject: str  # what the episodes are compared against, e.g. "Meeting the water target"
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
            episodes = self.with_episodes + self.without_episodes
            need = (plural(MIN_DAYS, "logged day") if self.unit == "day"
                    else f"{plural(MIN_HOURS, 'hour')} on logged days")  # fmt: skip
            return (f"{self.question} Not enough data yet to say: it needs {need} on each side "
                    f"and {plural(MIN_EPISODES, 'episode')} (so far {self.with_exposure:g} and "
                    f"{plural(self.without_exposure, self.unit)}, "
                    f"{plural(episodes, 'episode')}).")  # fmt: skip
        a, b = self.with_rate or 0.0, self.without_rate or 0.0
        per = "per day" if self.unit == "day" else "per 10 hours"
        scale = 1 if self.unit == "day" else 10
        verdict = "more" if a > b * 1.25 else "fewer" if a < b * 0.8 else "about as many"
        return (f"{self.question} {self.subject} seems to go with {verdict} episodes: "
                f"{a * scale:.2f} {per} {self.with_label} ({self.with_episodes} in "
                f"{plural(self.with_exposure, self.unit)}) against {b * scale:.2f} "
                f"{self.without_label} ({self.without_episodes} in "
                f"{plural(self.without_exposure, self.unit)}). {CHANCE}")  # fmt: skip

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id, "enough_data": self.enough, "summary": self.summary(),
            "with": {"label": self.with_label, "episodes": self.with_episodes,
                     "exposure": self.with_exposure, "unit": self.unit, "rate": self.with_rate},
            "without": {"label": self.without_label, "episodes": self.without_episodes,
                        "exposure": self.without_exposure, "unit": self.unit,
                        "rate": self.without_rate},
        }  # fmt: skip


def _day_comparison(cid: str, question: str, subject: str, days: Sequence[Day],
                    test: Callable[[Day], bool], labels: tuple[str, str]) -> Comparison:  # fmt: skip
    with_days = [d for d in days if test(d)]
    without_days = [d for d in days if not test(d)]
    episodes = sum(d.episodes for d in days)
    enough = (len(with_days) >= MIN_DAYS and len(without_days) >= MIN_DAYS
              and episodes >= MIN_EPISODES)  # fmt: skip
    return Comparison(cid, question, subject, enough, labels[0], labels[1],
                      sum(d.episodes for d in with_days), float(len(with_days)),
                      sum(d.episodes for d in without_days), float(len(without_days)), "day")  # fmt: skip


def compared_days(days: Sequence[Day], today: date) -> list[Day]:
    """The days insights may compare: logged days (any record) from the first record on,
    before today."""
    return [d for d in days if d.has_records and d.date < today]


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
    """Every insight with its counts; ``days`` are the days asked about (e.g. the last 90):
    only their logged days before today are compared (``compared_days``)."""
    today = now.date()
    logged = compared_days(days, today)
    logged_dates = {d.date for d in logged}
    comparisons = [
        _day_comparison(
            "water",
            "Episodes and water:",
            "Meeting the water target",
            [d for d in logged if d.drinks_logged and d.water_target_ml],
            lambda d: d.met["water"],
            ("on days that met it", "on days with drinks logged that did not"),
        ),  # fmt: skip
        _day_comparison(
            "stretching",
            "Episodes and stretching:",
            "A stretching routine",
            logged,
            lambda d: bool(routines_by_day.get(d.date, set()) & set(STRETCH_ROUTINES)),
            ("on days with one", "on logged days without one"),
        ),  # fmt: skip
    ]
    # After long sitting: episode rate in the 2 hours after a bout of an hour or more, on
    # the logged days only.
    windows: list[tuple[datetime, datetime]] = []
    for start in sorted(t for t in long_sitting_times if local_day(t) in logged_dates):
        end = start + AFTER_SITTING
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    counted = [t for t in episode_times if local_day(t) in logged_dates]
    window_hours = sum((b - a).total_seconds() for a, b in windows) / 3600
    inside = sum(1 for t in counted if any(a <= t <= b for a, b in windows))
    other_hours = max(0.0, len(logged) * WAKING_HOURS_PER_DAY - window_hours)
    enough = (window_hours >= MIN_HOURS and other_hours >= MIN_HOURS
              and len(counted) >= MIN_EPISODES)  # fmt: skip
    comparisons.append(Comparison(
        "after_sitting", "Episodes after long sitting:", "Sitting for an hour or more", enough,
        "in the 2 hours after it", "at other times on logged days",
        inside, round(window_hours, 1), len(counted) - inside, round(other_hours, 1), "hour",
    ))  # fmt: skip
    return {
        "episodes_per_week": weekly_counts(episode_times, today),
        "comparisons": [c.to_json() for c in comparisons],
        "prompt": frequency_prompt(episode_times, now),
        "logged_days": len(logged),
        "first_day": min(logged_dates).isoformat() if logged_dates else None,
        "thresholds": {
            "min_days_each_side": MIN_DAYS,
            "min_hours_each_side": MIN_HOURS,
            "min_episodes": MIN_EPISODES,
        },  # fmt: skip
        "caveat": CAVEAT,
    }
