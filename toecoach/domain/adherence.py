"""Daily adherence, streaks and habit strength: pure, with every day passed in.

Habits (ids fixed by the interfaces spec): ``walks``, ``routines``, ``water``, ``minerals``.

When a habit is due, and when it is met:

- ``walks``: due on work days that are not rest days or paused all day; met when at least one
  walk was taken and walks cover at least half of the reminders shown. An ``away`` break is
  not a walk; a reminder shown again after a snooze is not a new reminder.
- ``routines``: due every day that is not a rest day; met when every routine the plan expects
  that day was finished (a plan routine whose id starts ``desk-`` is expected on work days
  only); with no plan, one finished routine meets it. A routine stopped early is not done.
- ``water``: due when there is a water target; met when drinks reached it.
- ``minerals``: due when any mineral has a target; met when every mineral with a target
  reached it.

Strength is Loop Habit Tracker's score: from 0 on the first day with any record, each counted
day does ``score = score * m + v * (1 - m)`` with ``m = 0.5 ** (1 / 13)`` and ``v`` 1 if met;
days the habit is not due leave it unchanged; today counts only once it is met. Streaks count
consecutive due days met; days not due neither break nor extend them; an unmet today does
not break the current streak yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from toecoach.domain.breaks import count_reminders, count_walks
from toecoach.domain.intake import (
    MINERALS,
    NUTRIENTS,
    IntakeSums,
    ProfileChanges,
    Target,
    TargetProfile,
    json_amount,
    nutrient_status,
    profile_on,
    record_nutrients,
    sum_intake,
    targets_for,
)
from toecoach.domain.runs import is_routine_done

HABITS: tuple[str, ...] = ("walks", "routines", "water", "minerals")
STRENGTH_M = 0.5 ** (1 / 13)
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class DayRecords:
    """Everything stored for one local day."""

    intake: Sequence[Mapping[str, Any]] = ()
    breaks: Sequence[Mapping[str, Any]] = ()
    runs: Sequence[Mapping[str, Any]] = ()
    episodes: Sequence[Mapping[str, Any]] = ()  # spasms
    pains: Sequence[Mapping[str, Any]] = ()  # "it hurts" in the player: diary, not spasms

    @property
    def empty(self) -> bool:
        return not (self.intake or self.breaks or self.runs or self.episodes or self.pains)


@dataclass(frozen=True)
class AdherencePlan:
    work_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    routines: tuple[str, ...] = ()  # the plan's routine ids; empty: any one routine a day
    # The targets' profile before the first change, and the changes (a stored triage that
    # removes targets, say): each day is judged by the profile in force on it.
    profile: TargetProfile = field(default_factory=TargetProfile)
    profile_changes: ProfileChanges = ()
    # From which days an emergency or urgent triage held reminders and locked every routine
    # (True), and from which a later one lifted that (False): walks and routines are not
    # due on a held day, so following the triage's advice never breaks a streak.
    holds: tuple[tuple[date, bool], ...] = ()
    # Days an emergency or urgent triage was stored on, whatever came later that day.
    held_days: frozenset[date] = frozenset()

    def profile_on(self, day: date) -> TargetProfile:
        return profile_on(self.profile, self.profile_changes, day)

    def held_on(self, day: date) -> bool:
        """Held for any part of the day: from a hold's day on, through the day a later
        triage lifts it (reminders were paused until then), and any day a hold was stored."""
        held = lifted_today = False
        for start, value in self.holds:
            if start > day:
                break
            lifted_today = start == day and held and not value
            held = value
        return held or lifted_today or day in self.held_days


@dataclass(frozen=True)
class Day:
    date: date
    water_ml: float
    water_target_ml: float | None
    walks: int
    reminders: int
    routines_done: int
    episodes: int
    rest_day: bool
    due: Mapping[str, bool]
    met: Mapping[str, bool]
    water_share: float | None  # 0..1, capped
    has_records: bool = False
    # Logged days (interfaces v2, "Honest numbers"): a rate counts only days with a record of
    # its measure. Water: a drink; minerals: a mineral or food record.
    drinks_logged: bool = False
    minerals_logged: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "water_ml": json_amount(self.water_ml),  # as today --json gives the same day
            "water_target_ml": None
            if self.water_target_ml is None
            else round(self.water_target_ml),
            "walks": self.walks,
            "reminders": self.reminders,
            "routines_done": self.routines_done,
            "episodes": self.episodes,
            "rest_day": self.rest_day,
        }


def logged_measures(intake: Sequence[Mapping[str, Any]]) -> tuple[bool, bool]:
    """(drinks logged, minerals logged) for one day's intake records."""
    drinks = minerals = False
    for record in intake:
        nutrients = record_nutrients(record)
        drinks = drinks or nutrients.get("water", 0) > 0
        minerals = minerals or bool(record.get("food")) or any(k != "water" for k in nutrients)
    return drinks, minerals


def paused_all_day(breaks: Sequence[Mapping[str, Any]]) -> bool:
    """Paused before any reminder and never resumed that day."""
    kinds = [r.get("kind") for r in sorted(breaks, key=lambda r: str(r.get("at", "")))]
    return (
        bool(kinds) and kinds[0] == "paused" and "resumed" not in kinds and "reminder" not in kinds
    )


@dataclass(frozen=True)
class DayTotals:
    """What a day's adherence needs of its records, added up. ``day_stats`` works from
    these; history keeps them for settled months (services.history) so that opening five
    years does not read and check every record again. Nothing here depends on targets,
    settings or the plan: those are applied when the day is judged."""

    intake: IntakeSums
    drinks_logged: bool = False
    minerals_logged: bool = False
    finished: tuple[str, ...] = ()  # routine ids of the runs finished that day
    walks: int = 0
    reminders: int = 0
    paused_all_day: bool = False
    episodes: int = 0
    has_records: bool = False

    def to_json(self) -> dict[str, Any]:
        sums = self.intake
        return {
            # In NUTRIENTS order, without the names: five years of these are read at once.
            "intake": [
                [part[n] for n in NUTRIENTS]
                for part in (sums.totals, sums.supplements, sums.explicit_supplements)
            ],  # fmt: skip
            "logged": [self.drinks_logged, self.minerals_logged],
            "finished": list(self.finished),
            "counts": [self.walks, self.reminders, self.episodes],
            "paused_all_day": self.paused_all_day,
            "has_records": self.has_records,
        }

    @classmethod
    def from_json(cls, data: Any) -> DayTotals:
        """The inverse of ``to_json``; ``ValueError`` for anything else (a damaged cache)."""
        # Five years are read at once (1,800 days): plain unpacking, no generators. A part of
        # the wrong length fails to unpack, with ValueError.
        try:
            totals, supplements, explicit = data["intake"]
            count = len(NUTRIENTS)
            if len(totals) != count or len(supplements) != count or len(explicit) != count:
                raise ValueError("intake sums")
            drinks, minerals = data["logged"]
            walks, reminders, episodes = data["counts"]
            return cls(
                IntakeSums(dict(zip(NUTRIENTS, map(float, totals), strict=True)),
                           dict(zip(NUTRIENTS, map(float, supplements), strict=True)),
                           dict(zip(NUTRIENTS, map(float, explicit), strict=True))),
                bool(drinks), bool(minerals), tuple(map(str, data["finished"])), int(walks),
                int(reminders), bool(data["paused_all_day"]), int(episodes),
                bool(data["has_records"]),
            )  # fmt: skip
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not day totals: {error}") from None


def day_totals(records: DayRecords) -> DayTotals:
    drinks_logged, minerals_logged = logged_measures(records.intake)
    return DayTotals(
        intake=sum_intake(records.intake),
        drinks_logged=drinks_logged,
        minerals_logged=minerals_logged,
        finished=tuple(str(r.get("routine")) for r in records.runs if is_routine_done(r)),
        walks=count_walks(records.breaks),
        reminders=count_reminders(records.breaks),
        paused_all_day=paused_all_day(records.breaks),
        episodes=len(records.episodes),
        has_records=not records.empty,
    )


NO_RECORDS = day_totals(DayRecords())


def day_stats(
    day: date,
    records: DayRecords,
    plan: AdherencePlan,
    rest_day: bool,
    targets: Mapping[str, Target] | None = None,
) -> Day:
    return judge_day(day, day_totals(records), plan, rest_day, targets)


def habit_rules(planned: Sequence[str] = ()) -> dict[str, str]:
    """What makes a day count for each habit, in words (``judge_day`` decides it): a streak
    or a strength shown with these says what it counts. ``planned``: the applied plan's
    routines, by name."""
    routines = (
        f"the plan's routines done ({', '.join(planned)}; desk ones on work days only)"
        if planned
        else "any routine finished"
    )
    return {
        "walks": "a walk on a work day, and one for every two reminders",
        "routines": routines,
        "water": "the water target reached",
        "minerals": "every mineral target reached, none over its upper limit",
    }


def habit_rule_lines(rules: Mapping[str, str]) -> list[str]:
    """The rules as lines under the streaks (the history screen and ``toecoach history``)."""
    return [
        "A day counts for",
        *(f"  {habit}: {rules[habit]}" for habit in HABITS),
        "Rest days, days paused all day and days a triage paused reminders are skipped.",
    ]


def judge_day(
    day: date,
    totals: DayTotals,
    plan: AdherencePlan,
    rest_day: bool,
    targets: Mapping[str, Target] | None = None,
    held: bool | None = None,
) -> Day:
    """A day's figures, what was due and what was met, from its totals. ``held``: whether
    a triage held reminders and routines that day (``plan.held_on`` when not given)."""
    # Only the statuses (no texts): history judges every day since the first.
    targets = targets or targets_for(plan.profile_on(day))
    sums = totals.intake
    status = {
        n: nutrient_status(n, round(sums.totals[n], 1), sums.supplements[n],
                           sums.explicit_supplements[n], targets[n])[0]
        for n in ("water", *MINERALS)
    }  # fmt: skip
    water_total, water_target = round(sums.totals["water"], 1), targets["water"].target
    walks, reminders = totals.walks, totals.reminders
    work_day = DAY_NAMES[day.weekday()] in plan.work_days
    held = plan.held_on(day) if held is None else held
    due = {
        "walks": work_day and not rest_day and not totals.paused_all_day and not held,
        "routines": not rest_day and not held,
        "water": water_target is not None and not rest_day,
        "minerals": any(targets[m].target is not None for m in MINERALS) and not rest_day,
    }
    if plan.routines:
        expected = [r for r in plan.routines if work_day or not r.startswith("desk-")]
        done_ids = set(totals.finished)
        routines_met = bool(expected) and all(r in done_ids for r in expected)
        if not expected:
            due["routines"] = False
    else:
        routines_met = len(totals.finished) >= 1
    met = {
        "walks": walks >= 1 and walks * 2 >= reminders,
        "routines": routines_met,
        "water": status["water"] == "reached",
        # Over an upper limit is never "met" (interfaces v2), whichever mineral is over it.
        "minerals": all(status[m] == "reached" for m in MINERALS if targets[m].target is not None)
        and not any(status[m] == "over_limit" for m in MINERALS),
    }
    share = None if water_target is None else min(1.0, water_total / water_target)
    return Day(
        date=day, water_ml=water_total, water_target_ml=water_target, walks=walks,
        reminders=reminders, routines_done=len(totals.finished), episodes=totals.episodes,
        rest_day=rest_day, due=due, met=met, water_share=share, has_records=totals.has_records,
        drinks_logged=totals.drinks_logged, minerals_logged=totals.minerals_logged,
    )  # fmt: skip


def days_between(
    first: date, last: date, records: Mapping[date, DayRecords], plan: AdherencePlan,
    rest_days: Iterable[date],
) -> list[Day]:  # fmt: skip
    totals = {day: day_totals(day_records) for day, day_records in records.items()}
    return days_from_totals(first, last, totals, plan, rest_days)


def days_from_totals(
    first: date, last: date, totals: Mapping[date, DayTotals], plan: AdherencePlan,
    rest_days: Iterable[date],
) -> list[Day]:  # fmt: skip
    rest = set(rest_days)
    # The targets of each profile, worked out once; days are walked in order.
    targets = targets_for(plan.profile)
    changes = [(start, targets_for(profile)) for start, profile in plan.profile_changes]
    out = []
    day = first
    while day <= last:
        while changes and changes[0][0] <= day:
            targets = changes.pop(0)[1]
        held = plan.held_on(day) if plan.holds or plan.held_days else False
        out.append(judge_day(day, totals.get(day, NO_RECORDS), plan, day in rest, targets, held))
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class HabitSummary:
    current: int
    longest: int
    strength: float


def summarize_habit(days: Sequence[Day], habit: str, today: date) -> HabitSummary:
    """Streaks and strength over ``days`` (oldest first, ending at or before ``today``)."""
    score = 0.0
    started = False
    current = longest = 0
    run = 0
    for day in days:
        if not started:
            started = day.has_records
            if not started:
                continue
        if not day.due[habit]:
            continue
        met = day.met[habit]
        if day.date == today and not met:
            continue  # today counts only once met, and does not break a streak yet
        score = score * STRENGTH_M + (1.0 if met else 0.0) * (1 - STRENGTH_M)
        run = run + 1 if met else 0
        longest = max(longest, run)
    current = run
    return HabitSummary(current=current, longest=longest, strength=round(score, 4))


def history_document(days: Sequence[Day], all_days: Sequence[Day], today: date) -> dict[str, Any]:
    """The ``history --json`` document: ``days`` for the range asked, streaks and strength
    over all days up to the end of that range."""
    summaries = {habit: summarize_habit(all_days, habit, today) for habit in HABITS}
    return {
        "days": [d.to_json() for d in days],
        "streaks": {h: {"current": s.current, "longest": s.longest} for h, s in summaries.items()},
        "strength": {h: s.strength for h, s in summaries.items()},
    }
