"""The effective plan (interfaces: "Effective plan", v2 "Targets follow the latest triage"):
what ``config.toml`` says explicitly, then the plan applied from the latest triage, then the
defaults; and the targets, reminders and locks that the latest stored triage changes.

Every screen and command that shows a target, a reminder time or a lock reads it from here,
so that they all agree.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

from toecoach.config import Settings
from toecoach.domain.effects import TriageEffects, plan_interval, triage_effects
from toecoach.domain.intake import TargetProfile
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
