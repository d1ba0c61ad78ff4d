"""Urgency tiers, regions and the urgency rules that set the tier.

Tiers and regions live with the rules: a rule's tier decides the result, and its advice is
rendered with the region's emergency number and wording. The advice itself is in ``texts``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toecoach.domain.triage.conditions import AtLeast, Condition, Yes, all_of, yes_any
from toecoach.domain.triage.texts import CLINICIAN, RULE_ADVICE, TIER_HEADLINES, URGENT_HELP

Tier = Literal["emergency", "urgent", "soon", "self-care"]
TIERS: tuple[Tier, ...] = ("emergency", "urgent", "soon", "self-care")
"""Tier ids, most severe first."""

_TIER_RANK: dict[str, int] = {"emergency": 3, "urgent": 2, "soon": 1, "self-care": 0}


def tier_rank(tier: str) -> int:
    """Severity of a tier: 3 emergency, 2 urgent, 1 soon, 0 self-care (higher is worse)."""
    try:
        return _TIER_RANK[tier]
    except KeyError:
        raise ValueError(f"unknown tier {tier!r}; expected one of {', '.join(TIERS)}") from None


REGIONS: tuple[str, ...] = ("uk", "us", "eu")
EMERGENCY_NUMBERS: dict[str, str] = {"uk": "999", "us": "911", "eu": "112"}


def region_fields(region: str) -> dict[str, str]:
    """The placeholder values of a region (``ValueError`` for an unknown one)."""
    if region not in EMERGENCY_NUMBERS:
        raise ValueError(f"unknown region {region!r}; expected one of {', '.join(REGIONS)}")
    return {
        "emergency_number": EMERGENCY_NUMBERS[region],
        "urgent_help": URGENT_HELP[region],
        "clinician": CLINICIAN[region],
    }


def render(template: str, region: str) -> str:
    """Fill ``{emergency_number}``, ``{urgent_help}`` and ``{clinician}`` for a region."""
    return template.format_map(region_fields(region))


def tier_headline(tier: str, region: str = "uk") -> str:
    """The one-line instruction shown to the user for a tier, with the region's numbers."""
    fields = region_fields(region)
    tier_rank(tier)  # validates the tier id
    return TIER_HEADLINES[tier].format_map(fields)


@dataclass(frozen=True)
class Rule:
    """An urgency rule. ``advice`` may hold ``{emergency_number}``, ``{urgent_help}`` and
    ``{clinician}`` placeholders, filled for the user's region."""

    id: str
    tier: Tier
    condition: Condition
    advice: str
    sources: tuple[str, ...]

    @property
    def because_keys(self) -> list[str]:
        """Every question id the rule's condition reads."""
        return self.condition.question_ids()


def _rule(rid: str, tier: Tier, condition: Condition) -> Rule:
    """A rule whose advice and sources are ``RULE_ADVICE[rid]``."""
    advice = RULE_ADVICE[rid]
    return Rule(rid, tier, condition, advice.text, advice.sources)


_FEVER_OR_UNWELL = yes_any("fever", "very_unwell")

RULES: tuple[Rule, ...] = (
    # Emergency
    _rule("E1_acute_limb", "emergency", Yes("limb_cold_pale_blue")),
    _rule("E2_gangrene", "emergency", Yes("toe_black")),
    _rule("E3_chest", "emergency", Yes("chest_pain_or_breathless")),
    _rule("E4_stroke", "emergency", Yes("stroke_signs")),
    _rule("E5_cauda_equina", "emergency", Yes("saddle_or_bladder")),
    _rule("E6_spreading_infection", "emergency", all_of(Yes("red_hot_skin"), _FEVER_OR_UNWELL)),
    _rule(
        "E7_diabetic_foot_infection",
        "emergency",
        all_of(Yes("diabetes"), yes_any("wound_or_sore", "wound_not_healing"), _FEVER_OR_UNWELL),
    ),
    _rule("E8_sudden_weakness", "emergency", Yes("sudden_weakness")),
    _rule("E9_sepsis_signs", "emergency", Yes("sepsis_signs")),
    # Urgent (same day)
    _rule("U1_possible_clot", "urgent", Yes("calf_swelling_one_side")),
    _rule("U2_joint_infection", "urgent", all_of(Yes("hot_swollen_joint"), _FEVER_OR_UNWELL)),
    _rule(
        "U3_diabetic_foot",
        "urgent",
        all_of(
            Yes("diabetes"),
            yes_any(
                "wound_or_sore",
                "wound_not_healing",
                "red_hot_skin",
                "hot_swollen_joint",
                "new_loss_of_feeling",
                "legs_swollen_both",
            ),
        ),
    ),
    _rule("U4_long_cramp", "urgent", Yes("cramp_over_10_min")),
    _rule("U5_tetanus_risk", "urgent", Yes("dirty_wound_recent")),
    _rule("U6_cramps_elsewhere", "urgent", Yes("cramps_elsewhere")),
    _rule("U7_fluid_loss", "urgent", Yes("fluid_loss")),
    _rule("U8_skin_infection", "urgent", Yes("red_hot_skin")),
    _rule("U9_infected_wound", "urgent", all_of(Yes("wound_or_sore"), Yes("fever"))),
    _rule("U10_very_unwell", "urgent", Yes("very_unwell")),
    _rule("U11_rest_pain", "urgent", Yes("rest_pain")),
    _rule("U12_statin_muscle", "urgent", Yes("statin_muscle_symptoms")),
    _rule(
        "U13_pregnancy_warning", "urgent", all_of(Yes("pregnant"), Yes("pregnancy_warning_signs"))
    ),
    # Soon (days)
    _rule("S1_nerve_symptoms", "soon", yes_any("numbness_tingling", "new_loss_of_feeling")),
    _rule("S2_gradual_weakness", "soon", Yes("gradual_weakness")),
    _rule("S3_non_healing", "soon", Yes("wound_not_healing")),
    _rule("S4_claudication", "soon", Yes("pain_walking_eases_rest")),
    _rule("S5_medicine", "soon", Yes("new_medicine")),
    _rule("S6_alcohol", "soon", Yes("heavy_alcohol")),
    _rule("S7_possible_gout", "soon", Yes("hot_swollen_joint")),
    _rule("S8_frequent", "soon", AtLeast("episodes_per_week", 3)),
    _rule("S9_disruptive", "soon", Yes("affects_sleep_or_daily_life")),
    _rule("S10_persistent", "soon", Yes("not_improving")),
    _rule("S11_diabetes", "soon", Yes("diabetes")),
    _rule("S12_kidney", "soon", Yes("kidney_disease")),
    _rule("S13_fever", "soon", Yes("fever")),
    _rule("S14_both_legs_swollen", "soon", Yes("legs_swollen_both")),
    _rule("S15_twitching", "soon", Yes("muscle_twitching")),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
