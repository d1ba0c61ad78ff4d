"""The effective plan (interfaces: "Effective plan", v2 "Targets follow the latest triage"):
what ``config.toml`` says explicitly, then the plan applied from the latest triage, then the
defaults; and the targets, reminders and locks that the latest stored triage changes.

Every screen and command that shows a target, a reminder time or a lock reads it from here,
so that they all agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from toecoach.config import Settings
from toecoach.domain.effects import TriageEffects, plan_interval, triage_effects
from toecoach.domain.intake import ProfileChanges, TargetProfile
from toecoach.storage.repositories import applied_plan, latest_triage
from toecoach.storage.store import Store


@dataclass(frozen=True)
class Effective:
    settings: Settings  # the break interval in force already filled in
    effects: TriageEffects
    interval_from: Literal["settings", "plan", "default"]

    @property
    def profile(self) -> TargetProfile:
        base = self.settings.target_profile()
        return base._replace(
            kidney_disease=base.kidney_disease or self.effects.kidney_disease,
            pregnant=self.effects.pregnant,
        )

    @property
    def reminders_on(self) -> bool:
        return self.settings.breaks.enabled and not self.effects.reminders_held


def effective_from(
    settings: Settings, triage_record: dict[str, Any] | None, plan_record: dict[str, Any] | None
) -> Effective:
    effects = triage_effects(triage_record)
    interval = plan_interval(plan_record)
    if "breaks.interval_minutes" in settings.explicit:
        source: Literal["settings", "plan", "default"] = "settings"
    elif interval is not None:
        source = "plan"
        settings = replace(settings, breaks=replace(settings.breaks, interval_minutes=interval))
    else:
        source = "default"
    return Effective(settings=settings, effects=effects, interval_from=source)


def effective(store: Store, settings: Settings) -> Effective:
    return effective_from(settings, latest_triage(store), applied_plan(store))


def profiles_by_day(store: Store, settings: Settings) -> tuple[TargetProfile, ProfileChanges]:
    """The targets' profile each past day is judged by (``in_force_by_day``)."""
    before, changes = in_force_by_day(store, settings)
    return before.profile, tuple((day, in_force.profile) for day, in_force in changes)


def in_force_by_day(
    store: Store, settings: Settings
) -> tuple[Effective, tuple[tuple[date, Effective], ...]]:
    """What was in force each past day: before the first stored triage, the settings' own;
    from the local day of each triage on, as that triage leaves it (of two on one day, the
    later decides the day). The latest stored triage, the one ``effective`` follows now,
    decides every day from its own on, so today agrees with the dashboard even when an
    import brought a triage dated later. Settings are not kept over time: today's stand in
    for every day."""
    from toecoach.domain.times import local_day
    from toecoach.storage.repositories import triage_history

    plan = applied_plan(store)
    before = effective_from(settings, None, plan)
    stored = triage_history(store)  # newest first, as ``latest_triage`` orders them
    if not stored:
        return before, ()
    dated = sorted(((local_day(str(r["at"])), n, r) for n, r in enumerate(reversed(stored))),
                   key=lambda item: (item[0], item[1]))  # fmt: skip
    latest_day = local_day(str(stored[0]["at"]))
    changes: list[tuple[date, Effective]] = []
    for day, _, record in [*[d for d in dated if d[0] < latest_day], (latest_day, 0, stored[0])]:
        in_force = effective_from(settings, record, plan)
        if changes and changes[-1][0] == day:
            changes[-1] = (day, in_force)
        else:
            changes.append((day, in_force))
    return before, tuple(changes)
