"""Contributing factors: they never change the tier, they explain it and drive the plan."""

from __future__ import annotations

from dataclasses import dataclass

from toecoach.domain.triage.conditions import AtLeast, Condition, Not, Yes, all_of, yes_any
from toecoach.domain.triage.texts import FACTOR_WHY


@dataclass(frozen=True)
class Factor:
    """A contributing factor: never changes the tier, explains and drives the plan."""

    id: str
    condition: Condition
    why: str
    sources: tuple[str, ...]


def _factor(fid: str, condition: Condition) -> Factor:
    """A factor whose "why" text and sources are ``FACTOR_WHY[fid]``."""
    why = FACTOR_WHY[fid]
    return Factor(fid, condition, why.text, why.sources)


FACTORS: tuple[Factor, ...] = (
    _factor("prolonged_sitting", AtLeast("sitting_hours", 6)),
    _factor("footwear", Yes("tight_or_high_heels")),
    _factor("overuse", Yes("new_or_intense_activity")),
    _factor("plantar_fascia", Yes("heel_pain_first_steps")),
    _factor("hydration", all_of(Yes("low_fluid_intake"), Not(Yes("kidney_disease")))),
    _factor("minerals_diet", all_of(Yes("low_mineral_diet"), Not(Yes("kidney_disease")))),
    _factor("nerve", yes_any("numbness_tingling", "new_loss_of_feeling", "diabetes")),
    _factor("circulation", yes_any("pain_walking_eases_rest", "rest_pain", "limb_cold_pale_blue")),
    _factor("gout_pattern", yes_any("hot_swollen_joint", "known_gout")),
    _factor("medicine", Yes("new_medicine")),
    _factor("pregnancy", Yes("pregnant")),
)

FACTOR_INFO: dict[str, Factor] = {f.id: f for f in FACTORS}
FACTOR_IDS: tuple[str, ...] = tuple(f.id for f in FACTORS)
