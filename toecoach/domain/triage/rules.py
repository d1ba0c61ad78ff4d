"""Urgency tiers, regions and the urgency rules that set the tier.

Tiers and regions live here because the rules are the only thing that ranks them; the
region's numbers and wording are filled into the advice when it is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from toecoach.domain.triage.conditions import AtLeast, Condition, Yes, all_of, yes_any

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
_URGENT_HELP: dict[str, str] = {
    "uk": "urgent GP appointment or NHS 111",
    "us": "urgent care or your doctor today",
    "eu": "out-of-hours doctor or urgent care",
}
_CLINICIAN: dict[str, str] = {"uk": "GP", "us": "doctor", "eu": "doctor"}


def region_fields(region: str) -> dict[str, str]:
    if region not in EMERGENCY_NUMBERS:
        raise ValueError(f"unknown region {region!r}; expected one of {', '.join(REGIONS)}")
    return {
        "emergency_number": EMERGENCY_NUMBERS[region],
        "urgent_help": _URGENT_HELP[region],
        "clinician": _CLINICIAN[region],
    }


def render(template: str, region: str) -> str:
    """Fill ``{emergency_number}``, ``{urgent_help}`` and ``{clinician}`` for a region."""
    return template.format_map(region_fields(region))


def tier_headline(tier: str, region: str = "uk") -> str:
    """The one-line instruction shown to the user for a tier, with the region's numbers."""
    fields = region_fields(region)
    tier_rank(tier)  # validates the tier id
    if tier == "emergency":
        return f"Call emergency services now ({fields['emergency_number']})"
    if tier == "urgent":
        return f"Get medical help today: {fields['urgent_help']}"
    if tier == "soon":
        return f"Book an appointment with your {fields['clinician']} or clinician"
    return "Self-care is reasonable"


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


_FEVER_OR_UNWELL = yes_any("fever", "very_unwell")
_SOON = " Book an appointment with your {clinician} in the next few days."

RULES: tuple[Rule, ...] = (
    # Emergency
    Rule(
        "E1_acute_limb",
        "emergency",
        Yes("limb_cold_pale_blue"),
        "A foot or toe that stays cold, pale, blue-grey or blotchy, numb, very painful or "
        "unable to move after a sudden change can be a sign that its blood supply is blocked. "
        "This is an emergency. Call {emergency_number} now.",
        ("S12", "S14", "S15"),
    ),
    Rule(
        "E2_gangrene",
        "emergency",
        Yes("toe_black"),
        "A toe or patch of skin turning black can be a sign that the tissue is losing its "
        "blood supply (gangrene). Call {emergency_number} now.",
        ("S13", "S30"),
    ),
    Rule(
        "E3_chest",
        "emergency",
        Yes("chest_pain_or_breathless"),
        "Chest pain or new breathlessness can be a sign of a blood clot in the lungs or a heart "
        "problem. Call {emergency_number} now.",
        ("S16", "S17"),
    ),
    Rule(
        "E4_stroke",
        "emergency",
        Yes("stroke_signs"),
        "Sudden weakness or numbness on one side, a drooping face or slurred speech can be "
        "signs of a stroke. Call {emergency_number} now, even if it passes.",
        ("S23",),
    ),
    Rule(
        "E5_cauda_equina",
        "emergency",
        Yes("saddle_or_bladder"),
        "With back pain, numbness around the genitals or bottom, new bladder or bowel trouble, "
        "or weakness in both legs can be a sign of pressure on the nerves at the base of the "
        "spine. Call {emergency_number} now.",
        ("S22",),
    ),
    Rule(
        "E6_spreading_infection",
        "emergency",
        all_of(Yes("red_hot_skin"), _FEVER_OR_UNWELL),
        "Red, hot, painful skin together with a fever or feeling very unwell can be a sign "
        "that an infection is spreading. Call {emergency_number} now.",
        ("S21",),
    ),
    Rule(
        "E7_diabetic_foot_infection",
        "emergency",
        all_of(Yes("diabetes"), yes_any("wound_or_sore", "wound_not_healing"), _FEVER_OR_UNWELL),
        "With diabetes, a foot wound or sore together with a fever or feeling very unwell can "
        "be a sign of a serious foot infection. Call {emergency_number} now.",
        ("S26", "S28"),
    ),
    Rule(
        "E8_sudden_weakness",
        "emergency",
        Yes("sudden_weakness"),
        "Weakness in a foot or leg that came on over minutes or hours can be a sign of a "
        "stroke or a trapped nerve. Call {emergency_number} now.",
        ("S7", "S23"),
    ),
    Rule(
        "E9_sepsis_signs",
        "emergency",
        Yes("sepsis_signs"),
        "Confusion or slurred speech, fainting, blue, grey, pale or blotchy skin, lips or "
        "tongue, cold and clammy skin, or very fast breathing can be signs of a serious "
        "illness such as sepsis. Call {emergency_number} now.",
        ("S21", "S109"),
    ),
    # Urgent (same day)
    Rule(
        "U1_possible_clot",
        "urgent",
        Yes("calf_swelling_one_side"),
        "A swollen, warm, tender or red calf on one side only can be a sign of a blood clot in "
        "a leg vein (DVT). Get medical help today: {urgent_help}. Do not massage the leg. If "
        "chest pain or breathlessness starts, call {emergency_number}.",
        ("S16", "S17", "S70"),
    ),
    Rule(
        "U2_joint_infection",
        "urgent",
        all_of(Yes("hot_swollen_joint"), _FEVER_OR_UNWELL),
        "A hot, swollen joint together with a fever or feeling very unwell can be a sign of an "
        "infection inside the joint. Get medical help today: {urgent_help}.",
        ("S18", "S19", "S20"),
    ),
    Rule(
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
        "With diabetes, a wound or sore, new redness, heat or swelling (a swollen foot or leg "
        "included), or new loss of feeling in the foot needs checking the same day. Keep weight off the foot and get medical "
        "help today: {urgent_help}, or your diabetes foot team.",
        ("S26", "S27", "S28"),
    ),
    Rule(
        "U4_long_cramp",
        "urgent",
        Yes("cramp_over_10_min"),
        "A cramp that lasts more than 10 minutes without easing is not a typical cramp and "
        "should be checked. Get medical help today: {urgent_help}.",
        ("S1", "S2"),
    ),
    Rule(
        "U5_tetanus_risk",
        "urgent",
        Yes("dirty_wound_recent"),
        "Spasms after a dirty or deep wound can be a sign of tetanus, which needs prompt "
        "treatment. Get medical help today: {urgent_help}.",
        ("S1", "S2"),
    ),
    Rule(
        "U6_cramps_elsewhere",
        "urgent",
        Yes("cramps_elsewhere"),
        "Cramps or spasms in the hands, arms, chest or belly as well as the feet, or tingling "
        "around the mouth, can be a sign of a wider problem, such as a low level of calcium "
        "in the blood. Get medical help today: {urgent_help}. If it is chest pain, call "
        "{emergency_number}.",
        ("S7", "S118", "S119"),
    ),
    Rule(
        "U7_fluid_loss",
        "urgent",
        Yes("fluid_loss"),
        "Cramps after vomiting, diarrhoea or heavy sweating can be a sign that the body has "
        "lost too much fluid and salts. Get medical help today: {urgent_help}.",
        ("S7",),
    ),
    Rule(
        "U8_skin_infection",
        "urgent",
        Yes("red_hot_skin"),
        "Red, hot, painful skin that is spreading can be a sign of a skin infection "
        "(cellulitis). Get medical help today: {urgent_help}. Do not massage the area.",
        ("S21", "S68"),
    ),
    Rule(
        "U9_infected_wound",
        "urgent",
        all_of(Yes("wound_or_sore"), Yes("fever")),
        "A foot wound together with a fever can be a sign that the wound is infected. Get "
        "medical help today: {urgent_help}.",
        ("S21", "S30"),
    ),
    Rule(
        "U10_very_unwell",
        "urgent",
        Yes("very_unwell"),
        "Feeling very unwell along with cramps needs a clinician today: {urgent_help}. If it "
        "gets worse quickly, or with confusion, fainting or cold, clammy skin, call "
        "{emergency_number}.",
        ("S7", "S21"),
    ),
    Rule(
        "U11_rest_pain",
        "urgent",
        Yes("rest_pain"),
        "Foot or leg pain at rest that eases when the leg hangs down can be a sign of poor "
        "blood supply to the leg. Get medical help today: {urgent_help}.",
        ("S12", "S13"),
    ),
    Rule(
        "U12_statin_muscle",
        "urgent",
        Yes("statin_muscle_symptoms"),
        "Muscle pain, tenderness or weakness you cannot explain, or dark brown urine, while "
        "taking a statin can be a sign of a rare side effect that needs checking. Contact a "
        "doctor today ({urgent_help}) and say that you take a statin; follow what they say "
        "about the medicine. Do not stop it on your own.",
        ("S111", "S105"),
    ),
    Rule(
        "U13_pregnancy_warning",
        "urgent",
        all_of(Yes("pregnant"), Yes("pregnancy_warning_signs")),
        "In pregnancy, sudden swelling of the face, hands or feet, a severe headache, vision "
        "problems or pain just below the ribs can be signs of pre-eclampsia. Call your "
        "midwife or GP surgery now, or {urgent_help} if you cannot reach them.",
        ("S112",),
    ),
    # Soon (days)
    Rule(
        "S1_nerve_symptoms",
        "soon",
        yes_any("numbness_tingling", "new_loss_of_feeling"),
        "Numbness, tingling or loss of feeling in the feet can be a sign of a nerve problem "
        "(neuropathy)." + _SOON,
        ("S1", "S24", "S25"),
    ),
    Rule(
        "S2_gradual_weakness",
        "soon",
        Yes("gradual_weakness"),
        "Leg or foot muscles that slowly get weaker or smaller should be checked." + _SOON,
        ("S2", "S4"),
    ),
    Rule(
        "S3_non_healing",
        "soon",
        Yes("wound_not_healing"),
        "A sore or cut on the foot that has not healed in two weeks should be checked. Keep it "
        "clean and covered." + _SOON,
        ("S24", "S26"),
    ),
    Rule(
        "S4_claudication",
        "soon",
        Yes("pain_walking_eases_rest"),
        "Calf, thigh or buttock pain on walking that eases with rest can be a sign of narrowed "
        "leg arteries (peripheral arterial disease)." + _SOON,
        ("S7", "S12"),
    ),
    Rule(
        "S5_medicine",
        "soon",
        Yes("new_medicine"),
        "Some medicines can bring on cramps. Talk to the prescriber or a pharmacist in the next "
        "few days. Do not stop a medicine on your own.",
        ("S1", "S4", "S7", "S105"),
    ),
    Rule(
        "S6_alcohol",
        "soon",
        Yes("heavy_alcohol"),
        "Heavy drinking together with cramps is worth talking through with a clinician." + _SOON,
        ("S7",),
    ),
    Rule(
        "S7_possible_gout",
        "soon",
        Yes("hot_swollen_joint"),
        "A suddenly painful, hot, red or swollen joint, often the big toe, can be a sign of "
        "gout. It is a joint problem, not a cramp. Rest and raise the foot and keep pressure "
        "off the joint." + _SOON + " If a fever or feeling very unwell follows, get help today.",
        ("S18", "S19"),
    ),
    Rule(
        "S8_frequent",
        "soon",
        AtLeast("episodes_per_week", 3),
        "Cramps three or more times a week are worth checking. Gentle stretching is still "
        "reasonable meanwhile." + _SOON,
        ("S1", "S2", "S8"),
    ),
    Rule(
        "S9_disruptive",
        "soon",
        Yes("affects_sleep_or_daily_life"),
        "Cramps that wake you or get in the way of daily life are worth checking." + _SOON,
        ("S1", "S3"),
    ),
    Rule(
        "S10_persistent",
        "soon",
        Yes("not_improving"),
        "Cramps that have not improved after weeks of self-care should be checked." + _SOON,
        ("S8", "S10b"),
    ),
    Rule(
        "S11_diabetes",
        "soon",
        Yes("diabetes"),
        "With diabetes, foot cramps and tingling can be a sign of nerve or circulation "
        "changes. Check your feet every day and have them checked at least once a year." + _SOON,
        ("S25", "S26", "S29"),
    ),
    Rule(
        "S12_kidney",
        "soon",
        Yes("kidney_disease"),
        "With kidney disease or a fluid limit, cramps, fluids and minerals are best managed "
        "with your care team. Follow their advice rather than general targets, and tell them "
        "about the cramps.",
        ("S83", "S86"),
    ),
    Rule(
        "S13_fever",
        "soon",
        Yes("fever"),
        "A fever with cramps should be checked." + _SOON + " If you feel worse, or red, hot "
        "skin or a hot, swollen joint appears, get help today.",
        ("S7", "S21"),
    ),
    Rule(
        "S14_both_legs_swollen",
        "soon",
        Yes("legs_swollen_both"),
        "Swelling in both legs or ankles along with cramps should be checked." + _SOON,
        ("S1", "S8"),
    ),
    Rule(
        "S15_twitching",
        "soon",
        Yes("muscle_twitching"),
        "Muscle twitching as well as cramps can be a sign of a nerve problem and should be "
        "checked." + _SOON,
        ("S4", "S24"),
    ),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
