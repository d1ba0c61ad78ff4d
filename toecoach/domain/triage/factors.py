"""Contributing factors: they never change the tier, they explain it and drive the plan."""

from __future__ import annotations

from dataclasses import dataclass

from toecoach.domain.triage.conditions import AtLeast, Condition, Not, Yes, all_of, yes_any


@dataclass(frozen=True)
class Factor:
    """A contributing factor: never changes the tier, explains and drives the plan."""

    id: str
    condition: Condition
    why: str
    sources: tuple[str, ...]


FACTORS: tuple[Factor, ...] = (
    Factor(
        "prolonged_sitting",
        AtLeast("sitting_hours", 6),
        "Sitting for long periods makes cramps more likely.",
        ("S7",),
    ),
    Factor(
        "footwear",
        Yes("tight_or_high_heels"),
        "Tight, narrow or high-heeled shoes are behind many foot problems.",
        ("S39",),
    ),
    Factor(
        "overuse",
        Yes("new_or_intense_activity"),
        "New or harder exercise and repetitive foot activity can bring on cramps.",
        ("S1", "S11", "S38"),
    ),
    Factor(
        "plantar_fascia",
        Yes("heel_pain_first_steps"),
        "Heel pain worst with the first steps can be a sign of plantar fasciitis, a heel "
        "problem rather than a cramp.",
        ("S38",),
    ),
    Factor(
        "hydration",
        all_of(Yes("low_fluid_intake"), Not(Yes("kidney_disease"))),
        "Not drinking enough is one listed cause of cramps, though the evidence is weak; the "
        "usual amount is enough.",
        ("S1", "S35", "S37"),
    ),
    Factor(
        "minerals_diet",
        all_of(Yes("low_mineral_diet"), Not(Yes("kidney_disease"))),
        "These foods carry calcium, magnesium and potassium. A true shortage of a mineral in "
        "the blood is usually caused by an illness, alcohol or a medicine rather than diet, "
        "and only a blood test can show it.",
        ("S4", "S7", "S40"),
    ),
    Factor(
        "nerve",
        yes_any("numbness_tingling", "new_loss_of_feeling", "diabetes"),
        "Nerve changes, often linked to diabetes, can cause cramps and numbness and make "
        "injuries hard to feel.",
        ("S24", "S25", "S26"),
    ),
    Factor(
        "circulation",
        yes_any("pain_walking_eases_rest", "rest_pain", "limb_cold_pale_blue"),
        "Pain on walking or at rest, or a cold, pale foot, can be a sign of poor blood supply "
        "to the legs.",
        ("S12", "S14"),
    ),
    Factor(
        "gout_pattern",
        yes_any("hot_swollen_joint", "known_gout"),
        "Gout causes sudden, hot, swollen joint pain, often in the big toe; it is a joint "
        "problem, not a cramp.",
        ("S18", "S19"),
    ),
    Factor(
        "medicine",
        Yes("new_medicine"),
        "Some medicines, such as diuretics and statins, are linked to cramps.",
        ("S1", "S4", "S6"),
    ),
    Factor(
        "pregnancy",
        Yes("pregnant"),
        "Cramps are more common in pregnancy, and the midwife is the best guide.",
        ("S7",),
    ),
)

FACTOR_INFO: dict[str, Factor] = {f.id: f for f in FACTORS}
FACTOR_IDS: tuple[str, ...] = tuple(f.id for f in FACTORS)
