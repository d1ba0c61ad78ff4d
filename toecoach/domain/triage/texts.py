"""Every user-facing clinical text of triage, each with the brief's source ids it rests on.

The wording lives apart from the engine so that a clinical review reads one file, and the
engine modules hold only logic and ids. Texts are keyed by the engine's public ids (question,
rule and factor ids); plan advice by its own keys, which ``plan`` pairs with the lock tags
that rule each variant out. ``{emergency_number}``, ``{urgent_help}`` and ``{clinician}`` are
filled in for the user's region when a text is shown.

Advice texts are ours, written from the clinical brief. This module imports nothing from the
engine, so every other module can import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SourcedText:
    """A piece of advice and the brief's source ids (``S1`` ...) it rests on."""

    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class QuestionText:
    """A question's wording and its few-word label for "not checked: ..." lists."""

    text: str
    short: str


# --------------------------------------------------------------------------------------------
# Disclaimer
# --------------------------------------------------------------------------------------------

DISCLAIMER_VERSION = 1

DISCLAIMER = (
    "toecoach gives triage guidance, not a diagnosis, and it does not replace a clinician. "
    "If you are worried, contact a clinician. "
    "Never start, stop or change a medicine or supplement because of what toecoach says. "
    "In an emergency, call your local emergency number (999 in the UK, 911 in the US, "
    "112 in the EU)."
)
DISCLAIMER_SOURCES: tuple[str, ...] = ("S103", "S105", "S106", "S108", "S109")


# --------------------------------------------------------------------------------------------
# Regions and tiers
# --------------------------------------------------------------------------------------------

URGENT_HELP: dict[str, str] = {
    "uk": "urgent GP appointment or NHS 111",
    "us": "urgent care or your doctor",
    "eu": "out-of-hours doctor or urgent care",
}
"""Where to get same-day help, by region (``{urgent_help}``)."""

CLINICIAN: dict[str, str] = {"uk": "GP", "us": "doctor", "eu": "doctor"}
"""What the usual clinician is called, by region (``{clinician}``)."""

TIER_HEADLINES: dict[str, str] = {
    "emergency": "Call emergency services now ({emergency_number})",
    "urgent": "Get medical help today: {urgent_help}",
    "soon": "Book an appointment with your {clinician} or clinician",
    "self-care": "Self-care is reasonable",
}
"""The one-line instruction shown for each tier."""

# --------------------------------------------------------------------------------------------
# Questions, rules, factors and plan advice
# --------------------------------------------------------------------------------------------

_SOON = " Book an appointment with your {clinician} in the next few days."

QUESTION_TEXTS: dict[str, QuestionText] = {
    # Required warning signs.
    "limb_cold_pale_blue": QuestionText(
        "Since a sudden change, is a foot or toe cold, pale, grey-blue or blotchy, very "
        "painful, numb, or impossible to move, and does it stay that way after the cramp "
        "has eased?",
        "cold, pale or blue foot",
    ),
    "toe_black": QuestionText(
        "Is any toe, or any patch of skin on the foot, turning black?",
        "blackened toe or skin",
    ),
    "chest_pain_or_breathless": QuestionText(
        "Do you have chest pain, or breathlessness that is new?",
        "chest pain or breathlessness",
    ),
    "stroke_signs": QuestionText(
        "Have you had sudden weakness or numbness on one side of the body, a drooping face, "
        "or slurred speech?",
        "signs of a stroke",
    ),
    "saddle_or_bladder": QuestionText(
        "Along with back pain or sciatica, is there numbness around the genitals or bottom, "
        "new trouble controlling or passing urine or stools, or severe or worsening weakness "
        "in both legs?",
        "numbness around the bottom, bladder or bowel change",
    ),
    "sudden_weakness": QuestionText(
        "Is there new weakness in a foot or leg that came on suddenly, over minutes or hours?",
        "sudden weakness",
    ),
    "fever": QuestionText(
        "Do you have a temperature of 38 °C (100.4 °F) or more, or do you feel hot and shivery?",
        "fever",
    ),
    "very_unwell": QuestionText(
        "Do you feel very unwell: vomiting, a racing heart, or dizzy?",
        "feeling very unwell",
    ),
    "sepsis_signs": QuestionText(
        "Are you confused, slurring your words or not making sense; have you fainted; is your "
        "skin, lips or tongue blue, grey, pale or blotchy; is your skin cold and clammy; or are "
        "you breathing very fast?",
        "confusion, fainting, cold or blotchy skin, fast breathing",
    ),
    "red_hot_skin": QuestionText(
        "Is there an area of red (or darker than usual), hot, painful skin on the foot or leg "
        "that is spreading, and not only over one joint?",
        "spreading red, hot skin",
    ),
    "hot_swollen_joint": QuestionText(
        "Is a joint (often the big toe) suddenly very painful, hot, red or swollen?",
        "hot, swollen joint",
    ),
    "calf_swelling_one_side": QuestionText(
        "Is one calf or leg swollen, warm, tender or red, on one side only (not just soreness "
        "for a day after a cramp)?",
        "one swollen calf",
    ),
    "wound_or_sore": QuestionText(
        "Is there a cut, blister, ulcer or sore on the foot?",
        "foot wound or sore",
    ),
    "dirty_wound_recent": QuestionText(
        "Have you had a dirty or deep wound (soil, rusty metal, an animal bite) in the last "
        "three weeks?",
        "dirty or deep wound",
    ),
    "cramp_over_10_min": QuestionText(
        "In the last 24 hours, did a cramp last more than 10 minutes without easing?",
        "cramp over 10 minutes",
    ),
    "cramps_elsewhere": QuestionText(
        "Do you also get cramps or spasms in the hands, arms, chest or belly, or tingling "
        "around the mouth?",
        "cramps elsewhere",
    ),
    "fluid_loss": QuestionText(
        "In the last few days, have you had vomiting or diarrhoea, or heavy sweating with "
        "dizziness, or been unable to keep fluids down?",
        "vomiting, diarrhoea or heavy sweating",
    ),
    "diabetes": QuestionText(
        "Do you have diabetes?",
        "diabetes",
    ),
    # Optional pattern and context questions.
    "numbness_tingling": QuestionText(
        "Do you have numbness, tingling or pins and needles in your feet?",
        "numbness or tingling",
    ),
    "new_loss_of_feeling": QuestionText(
        "In the last few weeks, have you had new loss of feeling, or burning pain, in your feet?",
        "new loss of feeling",
    ),
    "gradual_weakness": QuestionText(
        "Over weeks or months, have the muscles in your feet or legs been slowly getting "
        "weaker or smaller?",
        "gradual weakness",
    ),
    "muscle_twitching": QuestionText(
        "Apart from the cramps, do your muscles twitch under the skin?",
        "muscle twitching",
    ),
    "legs_swollen_both": QuestionText(
        "Are both legs or both ankles swollen?",
        "swelling in both legs",
    ),
    "rest_pain": QuestionText(
        "Do you have foot or leg pain at rest, often at night, that eases when you hang the "
        "leg down?",
        "pain at rest",
    ),
    "wound_not_healing": QuestionText(
        "Is there a sore or cut on the foot that has not healed in two weeks?",
        "a sore that is not healing",
    ),
    "pain_walking_eases_rest": QuestionText(
        "Do you get calf, thigh or buttock pain when walking that eases within minutes of resting?",
        "pain on walking",
    ),
    "new_medicine": QuestionText(
        "Did the spasms start after you started or changed a medicine?",
        "new or changed medicine",
    ),
    "heavy_alcohol": QuestionText(
        "Do you drink more than 14 units of alcohol a week (about 6 pints of beer or 6 medium "
        "glasses of wine)?",
        "alcohol",
    ),
    "episodes_per_week": QuestionText(
        "How many spasm or cramp episodes have you had in the last 7 days?",
        "how often cramps happen",
    ),
    "affects_sleep_or_daily_life": QuestionText(
        "Do they wake you up, or get in the way of work or daily life?",
        "effect on sleep and daily life",
    ),
    "not_improving": QuestionText(
        "Have they gone on for more than 3 weeks despite stretching, walking breaks and "
        "better shoes?",
        "whether self-care has helped",
    ),
    "sitting_hours": QuestionText(
        "On a typical day, how many hours do you spend sitting?",
        "hours of sitting",
    ),
    "tight_or_high_heels": QuestionText(
        "Do you often wear tight, narrow or high-heeled shoes?",
        "footwear",
    ),
    "new_or_intense_activity": QuestionText(
        "Have you recently started or stepped up running, dancing, ballet or other repetitive "
        "foot activity?",
        "new or harder activity",
    ),
    "heel_pain_first_steps": QuestionText(
        "Do you have heel or arch pain that is worst with your first steps in the morning?",
        "morning heel pain",
    ),
    "low_fluid_intake": QuestionText(
        "Do you usually drink fewer than 6 glasses of fluid a day?",
        "how much you drink",
    ),
    "low_mineral_diet": QuestionText(
        "Do you rarely eat dairy, leafy greens, nuts, beans or bananas?",
        "diet",
    ),
    "pregnant": QuestionText(
        "Are you pregnant?",
        "pregnancy",
    ),
    "kidney_disease": QuestionText(
        "Do you have kidney disease, or have you been told to limit your fluids?",
        "kidney disease or fluid limit",
    ),
    "known_gout": QuestionText(
        "Have you been diagnosed with gout?",
        "known gout",
    ),
    "statin_muscle_symptoms": QuestionText(
        "Do you take a statin (a cholesterol medicine) and have muscle pain, tenderness or "
        "weakness you cannot explain, or dark brown urine?",
        "statin with muscle pain",
    ),
    "pregnancy_warning_signs": QuestionText(
        "Have you had sudden swelling of the face, hands or feet, a severe headache, problems "
        "with your vision, or pain just below the ribs?",
        "swelling, headache or vision change in pregnancy",
    ),
    "blood_thinner": QuestionText(
        "Do you take a blood thinner (such as warfarin, apixaban, rivaroxaban or clopidogrel), "
        "or do you bruise or bleed easily?",
        "blood thinner or easy bleeding",
    ),
}
"""Each question's wording and short label, by question id, in the spec's order."""

RULE_ADVICE: dict[str, SourcedText] = {
    # Emergency
    "E1_acute_limb": SourcedText(
        "A foot or toe that stays cold, pale, blue-grey or blotchy, numb, very painful or "
        "unable to move after a sudden change can be a sign that its blood supply is blocked. "
        "This is an emergency. Call {emergency_number} now.",
        ("S12", "S14", "S15"),
    ),
    "E2_gangrene": SourcedText(
        "A toe or patch of skin turning black can be a sign that the tissue is losing its "
        "blood supply (gangrene). Call {emergency_number} now.",
        ("S13", "S30"),
    ),
    "E3_chest": SourcedText(
        "Chest pain or new breathlessness can be a sign of a blood clot in the lungs or a heart "
        "problem. Call {emergency_number} now.",
        ("S16", "S17"),
    ),
    "E4_stroke": SourcedText(
        "Sudden weakness or numbness on one side, a drooping face or slurred speech can be "
        "signs of a stroke. Call {emergency_number} now, even if it passes.",
        ("S23",),
    ),
    "E5_cauda_equina": SourcedText(
        "With back pain, numbness around the genitals or bottom, new bladder or bowel trouble, "
        "or weakness in both legs can be a sign of pressure on the nerves at the base of the "
        "spine. Call {emergency_number} now.",
        ("S22",),
    ),
    "E6_spreading_infection": SourcedText(
        "Red, hot, painful skin together with a fever or feeling very unwell can be a sign "
        "that an infection is spreading. Call {emergency_number} now.",
        ("S21",),
    ),
    "E7_diabetic_foot_infection": SourcedText(
        "With diabetes, a foot wound or sore together with a fever or feeling very unwell can "
        "be a sign of a serious foot infection. Call {emergency_number} now.",
        ("S26", "S28"),
    ),
    "E8_sudden_weakness": SourcedText(
        "Weakness in a foot or leg that came on over minutes or hours can be a sign of a "
        "stroke or of pressure on the nerves at the base of the spine. Call "
        "{emergency_number} now.",
        ("S7", "S22", "S23"),
    ),
    "E9_sepsis_signs": SourcedText(
        "Confusion or slurred speech, fainting, blue, grey, pale or blotchy skin, lips or "
        "tongue, cold and clammy skin, or very fast breathing can be signs of a serious "
        "illness such as sepsis. Call {emergency_number} now.",
        ("S21", "S109"),
    ),
    # Urgent (same day)
    "U1_possible_clot": SourcedText(
        "A swollen, warm, tender or red calf on one side only can be a sign of a blood clot in "
        "a leg vein (DVT). Get medical help today: {urgent_help}. Do not massage the leg. If "
        "chest pain or breathlessness starts, call {emergency_number}.",
        ("S16", "S17", "S70"),
    ),
    "U2_joint_infection": SourcedText(
        "A hot, swollen joint together with a fever or feeling very unwell can be a sign of an "
        "infection inside the joint. Get medical help today: {urgent_help}.",
        ("S18", "S19", "S20"),
    ),
    "U3_diabetic_foot": SourcedText(
        "With diabetes, a wound or sore, new redness, heat or swelling (a swollen foot or leg "
        "included), or new loss of feeling in the foot needs checking the same day. Keep weight off the foot and get medical "
        "help today: {urgent_help}, or your diabetes foot team.",
        ("S26", "S27", "S28"),
    ),
    "U4_long_cramp": SourcedText(
        "A cramp that lasts more than 10 minutes without easing is not a typical cramp and "
        "should be checked. Get medical help today: {urgent_help}.",
        ("S1", "S2"),
    ),
    "U5_tetanus_risk": SourcedText(
        "Spasms after a dirty or deep wound can be a sign of tetanus, which needs prompt "
        "treatment. Get medical help today: {urgent_help}.",
        ("S1", "S2"),
    ),
    "U6_cramps_elsewhere": SourcedText(
        "Cramps or spasms in the hands, arms, chest or belly as well as the feet, or tingling "
        "around the mouth, can be a sign of a wider problem, such as a low level of calcium "
        "in the blood. Get medical help today: {urgent_help}. If it is chest pain, call "
        "{emergency_number}.",
        ("S7", "S118", "S119"),
    ),
    "U7_fluid_loss": SourcedText(
        "Cramps after vomiting, diarrhoea or heavy sweating can be a sign that the body has "
        "lost too much fluid and salts. Get medical help today: {urgent_help}.",
        ("S7",),
    ),
    "U8_skin_infection": SourcedText(
        "Red, hot, painful skin that is spreading can be a sign of a skin infection "
        "(cellulitis). Get medical help today: {urgent_help}. Do not massage the area.",
        ("S21", "S68"),
    ),
    "U9_infected_wound": SourcedText(
        "A foot wound together with a fever can be a sign that the wound is infected. Get "
        "medical help today: {urgent_help}.",
        ("S21", "S30"),
    ),
    "U10_very_unwell": SourcedText(
        "Feeling very unwell along with cramps needs a clinician today: {urgent_help}. If it "
        "gets worse quickly, or with confusion, fainting or cold, clammy skin, call "
        "{emergency_number}.",
        ("S7", "S21"),
    ),
    "U11_rest_pain": SourcedText(
        "Foot or leg pain at rest that eases when the leg hangs down can be a sign of poor "
        "blood supply to the leg. Get medical help today: {urgent_help}.",
        ("S12", "S13"),
    ),
    "U12_statin_muscle": SourcedText(
        "Muscle pain, tenderness or weakness you cannot explain, or dark brown urine, while "
        "taking a statin can be a sign of muscle breakdown, which needs checking. Contact a "
        "doctor today ({urgent_help}) and say that you take a statin; follow what they say "
        "about the medicine. Do not stop it on your own.",
        ("S111", "S105"),
    ),
    "U13_pregnancy_warning": SourcedText(
        "In pregnancy, sudden swelling of the face, hands or feet, a severe headache, vision "
        "problems or pain just below the ribs can be signs of pre-eclampsia. Call your "
        "midwife or {clinician} now, or {urgent_help} if you cannot reach them.",
        ("S112",),
    ),
    # Soon (days)
    "S1_nerve_symptoms": SourcedText(
        "Numbness, tingling or loss of feeling in the feet can be a sign of a nerve problem "
        "(neuropathy)." + _SOON,
        ("S1", "S24", "S25"),
    ),
    "S2_gradual_weakness": SourcedText(
        "Leg or foot muscles that slowly get weaker or smaller should be checked." + _SOON,
        ("S2", "S4"),
    ),
    "S3_non_healing": SourcedText(
        "A sore or cut on the foot that has not healed in two weeks should be checked." + _SOON,
        ("S24", "S26"),
    ),
    "S4_claudication": SourcedText(
        "Calf, thigh or buttock pain on walking that eases with rest can be a sign of narrowed "
        "leg arteries (peripheral arterial disease)." + _SOON,
        ("S7", "S12"),
    ),
    "S5_medicine": SourcedText(
        "Some medicines can bring on cramps. Talk to the prescriber or a pharmacist in the next "
        "few days. Do not stop a medicine on your own.",
        ("S1", "S4", "S7", "S105"),
    ),
    "S6_alcohol": SourcedText(
        "Heavy drinking together with cramps is worth talking through with a clinician." + _SOON,
        ("S7",),
    ),
    "S7_possible_gout": SourcedText(
        "A suddenly painful, hot, red or swollen joint, often the big toe, can be a sign of "
        "gout. It is a joint problem, not a cramp. Rest and raise the foot and keep pressure "
        "off the joint." + _SOON + " If a fever or feeling very unwell follows, get help today.",
        ("S18", "S19"),
    ),
    "S8_frequent": SourcedText(
        "Cramps three or more times a week are worth checking. Gentle stretching is still "
        "reasonable meanwhile." + _SOON,
        ("S1", "S2", "S8"),
    ),
    "S9_disruptive": SourcedText(
        "Cramps that wake you or get in the way of daily life are worth checking." + _SOON,
        ("S1", "S3"),
    ),
    "S10_persistent": SourcedText(
        "Cramps that have not improved after weeks of self-care should be checked." + _SOON,
        ("S8", "S10b"),
    ),
    "S11_diabetes": SourcedText(
        "With diabetes, foot cramps and tingling can be a sign of nerve or circulation "
        "changes. Check your feet every day and have them checked at least once a year." + _SOON,
        ("S25", "S26", "S29"),
    ),
    "S12_kidney": SourcedText(
        "With kidney disease or a fluid limit, cramps, fluids and minerals are best managed "
        "with your care team. Follow their advice rather than general targets, and tell them "
        "about the cramps.",
        ("S83", "S86"),
    ),
    "S13_fever": SourcedText(
        "A fever with cramps should be checked." + _SOON + " If you feel worse, or red, hot "
        "skin or a hot, swollen joint appears, get help today.",
        ("S7", "S21"),
    ),
    "S14_both_legs_swollen": SourcedText(
        "Swelling in both legs or ankles along with cramps should be checked." + _SOON,
        ("S1", "S8"),
    ),
    "S15_twitching": SourcedText(
        "Muscle twitching as well as cramps can be a sign of a nerve problem and should be "
        "checked." + _SOON,
        ("S4", "S24"),
    ),
}
"""Each urgency rule's advice and sources, by rule id, in the spec's order."""

FACTOR_WHY: dict[str, SourcedText] = {
    "prolonged_sitting": SourcedText(
        "Sitting for long periods makes cramps more likely.",
        ("S7",),
    ),
    "footwear": SourcedText(
        "Tight, narrow or high-heeled shoes are behind many foot problems.",
        ("S39",),
    ),
    "overuse": SourcedText(
        "New or harder exercise and repetitive foot activity can bring on cramps.",
        ("S1", "S11", "S38"),
    ),
    "plantar_fascia": SourcedText(
        "Heel pain worst with the first steps can be a sign of plantar fasciitis, a heel "
        "problem rather than a cramp.",
        ("S38",),
    ),
    "hydration": SourcedText(
        "Not drinking enough is one listed cause of cramps, though the evidence is weak; the "
        "usual amount is enough.",
        ("S1", "S35", "S37"),
    ),
    "minerals_diet": SourcedText(
        "These foods carry calcium, magnesium and potassium. A true shortage of a mineral in "
        "the blood is usually caused by an illness, alcohol or a medicine rather than diet, "
        "and only a blood test can show it.",
        ("S4", "S7", "S40"),
    ),
    "nerve": SourcedText(
        "Nerve changes, often linked to diabetes, can cause cramps and numbness and make "
        "injuries hard to feel.",
        ("S24", "S25", "S26"),
    ),
    "circulation": SourcedText(
        "Pain on walking or at rest, or a cold, pale foot, can be a sign of poor blood supply "
        "to the legs.",
        ("S12", "S14"),
    ),
    "gout_pattern": SourcedText(
        "Gout causes sudden, hot, swollen joint pain, often in the big toe; it is a joint "
        "problem, not a cramp.",
        ("S18", "S19"),
    ),
    "medicine": SourcedText(
        "Some medicines, such as diuretics and statins, are linked to cramps.",
        ("S1", "S4", "S6"),
    ),
    "pregnancy": SourcedText(
        "Cramps are more common in pregnancy, and the midwife is the best guide.",
        ("S7",),
    ),
}
"""Why each contributing factor matters, with sources, by factor id."""

PLAN_ADVICE: dict[str, SourcedText] = {
    "prolonged_sitting": SourcedText(
        # No interval here: the plan line shows the interval in force (config may set it).
        "When a walking-break reminder comes, walk lightly for a few minutes, or do the "
        "seated 2-minute routine when you cannot get up.",
        ("S57", "S95", "S97", "S98", "S102"),
    ),
    # With a hot, swollen joint (the big_toe lock): rest it, as the gout advice says [S18].
    "prolonged_sitting.seated": SourcedText(
        "When a walking-break reminder comes, do the seated 2-minute routine rather than walk "
        "while a joint is hot and swollen, and walk lightly again once it has settled.",
        ("S18", "S57", "S95"),
    ),
    "footwear": SourcedText(
        "Choose shoes with room to wiggle all your toes. Measure both feet and fit the "
        "larger one. Shoes should feel right in the shop: do not count on a break-in "
        "period.",
        ("S39",),
    ),
    "overuse": SourcedText(
        "Build up new activity gradually and stretch after it. An exercise should not "
        "hurt: stop if it does.",
        ("S1", "S38", "S44"),
    ),
    "plantar_fascia.stretch_and_roll": SourcedText(
        "Before your first steps in the morning, gently stretch the arch by "
        "pulling the toes back. Rolling the arch over a frozen water bottle for "
        "a few minutes can ease heel pain; stop if the skin goes numb.",
        ("S38", "S54", "S55", "S67"),
    ),
    "plantar_fascia.stretch_only": SourcedText(
        "Before your first steps in the morning, gently stretch the arch by pulling the toes back.",
        ("S38", "S54", "S55"),
    ),
    "hydration": SourcedText(
        "Drink through the day so that your urine stays pale yellow: that is the "
        "simple check. The water amount toecoach shows is a reference intake, not a "
        "requirement: more is not better for cramps, and far too much can be harmful.",
        ("S35", "S37", "S75", "S77", "S120"),
    ),
    "minerals_diet": SourcedText(
        "Food first: dairy, leafy greens, nuts, beans and "
        "bananas. toecoach never suggests supplements or doses. If you think your "
        "levels are low, ask a clinician whether a blood test makes sense.",
        ("S4", "S31", "S90", "S91", "S92"),
    ),
    "nerve": SourcedText(
        "Do the routines seated. Keep heat pads, hot-water bottles and ice off your "
        "feet: skin with less feeling can burn or freeze unnoticed. Check your feet "
        "every day for cuts, blisters or colour changes, and avoid going barefoot.",
        ("S22", "S26", "S29", "S74"),
    ),
    "circulation": SourcedText(
        "Let a clinician check your circulation first, before new exercise. Keep heat "
        "and cold off your feet until then.",
        ("S12", "S13"),
    ),
    "gout_pattern": SourcedText(
        "Do nothing on a hot, swollen joint: rest and raise the foot, and no exercise, "
        "massage or pressure on it. With known gout, see your {clinician} if treatment "
        "has not started working within a couple of days.",
        ("S18", "S19"),
    ),
    "medicine": SourcedText(
        "Talk to the prescriber or a pharmacist about the cramps. Do not stop or "
        "change a medicine on your own.",
        ("S7", "S105"),
    ),
    "pregnancy": SourcedText(
        "Follow your midwife's advice on fluids and food; toecoach shows no intake "
        "targets in pregnancy. A gentle calf stretch before bed may ease night cramps. "
        # Said to everyone pregnant, whether or not the warning-signs question was answered.
        "Sudden swelling of the face, hands or feet, a severe headache, vision problems or "
        "pain just below the ribs mean calling your midwife or {clinician} at once (if you "
        "cannot reach them: {urgent_help}).",
        ("S7", "S9", "S112"),
    ),
    "bedtime-cramp": SourcedText(
        "Gentle calf stretches before bed may reduce night cramps, though they may not stop them "
        "completely.",
        ("S1", "S32", "S33"),
    ),
    "during-cramp.stretch_and_rub": SourcedText(
        "During a cramp, stretch the muscle: straighten the leg and pull your toes up "
        "towards you, then rub it gently or walk about.",
        ("S1", "S9", "S10"),
    ),
    "during-cramp.stretch_and_walk": SourcedText(
        "During a cramp, stretch the muscle: straighten the leg and pull your toes up "
        "towards you, then walk about if you can.",
        ("S1", "S9", "S10"),
    ),
    # As cramp rescue's step under the big_toe lock: no pull on the toes, no weight on them.
    "during-cramp.gentle": SourcedText(
        "During a cramp, stretch the muscle gently: straighten the leg and bring your whole "
        "foot up towards you from the ankle, keeping pressure off the big toe and any sore joint.",
        ("S1", "S9", "S18"),
    ),
    "safety-net.self-care": SourcedText(
        "See a {clinician} if cramps become frequent, wake you, get in the way of daily life, or "
        "come with numbness, swelling or weakness. A cramp that lasts more than 10 minutes needs "
        "medical help the same day. Any sign in the emergency box means calling "
        "{emergency_number}.",
        ("S1", "S2", "S3", "S109"),
    ),
    "safety-net.soon": SourcedText(
        "Until you are seen: a cramp that lasts more than 10 minutes needs medical help the same "
        "day, and any sign in the emergency box means calling {emergency_number}.",
        ("S1", "S109"),
    ),
}
"""Self-care plan advice, by advice key. ``KEY.VARIANT`` keys are variants of one piece of
advice that ``plan`` picks between by lock tags; the two safety nets are for the self-care and
the soon tiers."""

# --------------------------------------------------------------------------------------------
# Emergency box
# --------------------------------------------------------------------------------------------

EMERGENCY_BOX = SourcedText(
    (
        "Call {emergency_number} now if:\n"
        "• a foot or leg is suddenly cold, pale, blue or blotchy, very painful or numb, "
        "or cannot move\n"
        "• a toe or a patch of skin on the foot is turning black\n"
        "• there is chest pain or new breathlessness\n"
        "• there is sudden weakness or numbness on one side of the body, a drooping face "
        "or slurred speech\n"
        "• new weakness in a foot or leg came on suddenly, over minutes or hours\n"
        "• with back pain: numbness around the genitals or bottom, new bladder or bowel trouble, "
        "or weakness in both legs\n"
        "• red, hot, spreading skin, or a foot wound with diabetes, comes with a fever "
        "or feeling very unwell\n"
        "• confusion or slurred speech, fainting, blue, grey, pale or blotchy skin or lips, "
        "cold and clammy skin, or very fast breathing"
    ),
    ("S13", "S14", "S16", "S21", "S22", "S23", "S28", "S109"),
)
"""Shown before the questionnaire and first in any error output that needs it."""
