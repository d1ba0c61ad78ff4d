"""Triage: questions, urgency rules, contributing factors, safety locks and the self-care plan.

This module is the executable form of ``shared/specs/triage.md`` (spec v2). Everything in it is
pure data and pure functions: no I/O, no clock, standard library only.

Public ids (question ids, tier ids, rule ids, factor ids, lock tags, routine ids) are part of the
contract and must never be renamed. Advice texts are ours, written from the clinical brief, and
each one carries the brief's source ids (``S1`` ...) that it rests on.

Typical use::

    answers, errors = validate_answers(json.loads(text))
    result = evaluate(answers, region="uk")   # still evaluate the valid subset on errors
    document = result.to_json()
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "BREAK_INTERVAL_MINUTES",
    "CHECKIN_IDS",
    "DISCLAIMER",
    "DISCLAIMER_SOURCES",
    "DISCLAIMER_VERSION",
    "EMERGENCY_NUMBERS",
    "FACTORS",
    "FACTOR_IDS",
    "FACTOR_INFO",
    "LOCK_TAGS",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "REGIONS",
    "ROOT_KEY",
    "ROUTINE_IDS",
    "ROUTINE_TAGS",
    "RULES",
    "RULES_BY_ID",
    "SPEC_VERSION",
    "TIERS",
    "UNSURE",
    "AdviceItem",
    "DuplicateKeys",
    "AllOf",
    "Answer",
    "AnswerError",
    "AnyOf",
    "AtLeast",
    "Condition",
    "Factor",
    "FactorHit",
    "Not",
    "Plan",
    "Question",
    "Reason",
    "Rule",
    "TriageResult",
    "Yes",
    "all_advice",
    "answers_for_advice",
    "is_asked",
    "near_miss",
    "needs_emergency_box",
    "parse_answers",
    "all_source_ids_used",
    "emergency_box",
    "evaluate",
    "not_checked_text",
    "routine_blocked_by",
    "tier_headline",
    "tier_rank",
    "validate_answers",
]

SPEC_VERSION = 2
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
# Answers, tiers, regions
# --------------------------------------------------------------------------------------------

Answer = bool | str | int | float
"""A valid answer: ``True``, ``False`` or ``"unsure"`` for yes/no; a number for the others."""

UNSURE = "unsure"

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


def _region_fields(region: str) -> dict[str, str]:
    if region not in EMERGENCY_NUMBERS:
        raise ValueError(f"unknown region {region!r}; expected one of {', '.join(REGIONS)}")
    return {
        "emergency_number": EMERGENCY_NUMBERS[region],
        "urgent_help": _URGENT_HELP[region],
        "clinician": _CLINICIAN[region],
    }


def _render(template: str, region: str) -> str:
    """Fill ``{emergency_number}``, ``{urgent_help}`` and ``{clinician}`` for a region."""
    return template.format_map(_region_fields(region))


def tier_headline(tier: str, region: str = "uk") -> str:
    """The one-line instruction shown to the user for a tier, with the region's numbers."""
    fields = _region_fields(region)
    tier_rank(tier)  # validates the tier id
    if tier == "emergency":
        return f"Call emergency services now ({fields['emergency_number']})"
    if tier == "urgent":
        return f"Get medical help today: {fields['urgent_help']}"
    if tier == "soon":
        return f"Book an appointment with your {fields['clinician']} or clinician"
    return "Self-care is reasonable"


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------

QuestionKind = Literal["yesno", "integer", "number"]


@dataclass(frozen=True)
class Question:
    """One triage question. ``short`` is a few-word label for "not checked: ..." lists."""

    id: str
    text: str
    kind: QuestionKind
    required: bool
    min: float | None
    max: float | None
    short: str
    asked_when: str | None = None
    """A question id: the question is only asked when that one is answered yes or unsure."""


def _req(qid: str, text: str, short: str) -> Question:
    return Question(qid, text, "yesno", True, None, None, short)


def _opt(qid: str, text: str, short: str, asked_when: str | None = None) -> Question:
    return Question(qid, text, "yesno", False, None, None, short, asked_when)


def is_asked(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether ``question`` is asked, given the answers so far (follow-up questions)."""
    if question.asked_when is None:
        return True
    value = answers.get(question.asked_when)
    return value is True or value == UNSURE


QUESTIONS: tuple[Question, ...] = (
    # Required warning signs, in the spec's order.
    _req(
        "limb_cold_pale_blue",
        "Since a sudden change, is a foot or toe cold, pale, grey-blue or blotchy, very "
        "painful, numb, or impossible to move, and does it stay that way after the cramp "
        "has eased?",
        "cold, pale or blue foot",
    ),
    _req(
        "toe_black",
        "Is any toe, or any patch of skin on the foot, turning black?",
        "blackened toe or skin",
    ),
    _req(
        "chest_pain_or_breathless",
        "Do you have chest pain, or breathlessness that is new?",
        "chest pain or breathlessness",
    ),
    _req(
        "stroke_signs",
        "Have you had sudden weakness or numbness on one side of the body, a drooping face, "
        "or slurred speech?",
        "signs of a stroke",
    ),
    _req(
        "saddle_or_bladder",
        "Along with back pain or sciatica, is there numbness around the genitals or bottom, "
        "new trouble controlling or passing urine or stools, or severe or worsening weakness "
        "in both legs?",
        "numbness around the bottom, bladder or bowel change",
    ),
    _req(
        "sudden_weakness",
        "Is there new weakness in a foot or leg that came on suddenly, over minutes or hours?",
        "sudden weakness",
    ),
    _req(
        "fever",
        "Do you have a temperature of 38 °C (100.4 °F) or more, or do you feel hot and shivery?",
        "fever",
    ),
    _req(
        "very_unwell",
        "Do you feel very unwell: vomiting, a racing heart, or dizzy?",
        "feeling very unwell",
    ),
    _req(
        "sepsis_signs",
        "Are you confused, slurring your words or not making sense; have you fainted; is your "
        "skin, lips or tongue blue, grey, pale or blotchy; is your skin cold and clammy; or are "
        "you breathing very fast?",
        "confusion, fainting, cold or blotchy skin, fast breathing",
    ),
    _req(
        "red_hot_skin",
        "Is there an area of red (or darker than usual), hot, painful skin on the foot or leg "
        "that is spreading, and not only over one joint?",
        "spreading red, hot skin",
    ),
    _req(
        "hot_swollen_joint",
        "Is a joint (often the big toe) suddenly very painful, hot, red or swollen?",
        "hot, swollen joint",
    ),
    _req(
        "calf_swelling_one_side",
        "Is one calf or leg swollen, warm, tender or red, on one side only (not just soreness "
        "for a day after a cramp)?",
        "one swollen calf",
    ),
    _req(
        "wound_or_sore",
        "Is there a cut, blister, ulcer or sore on the foot?",
        "foot wound or sore",
    ),
    _req(
        "dirty_wound_recent",
        "Have you had a dirty or deep wound (soil, rusty metal, an animal bite) in the last "
        "three weeks?",
        "dirty or deep wound",
    ),
    _req(
        "cramp_over_10_min",
        "In the last 24 hours, did a cramp last more than 10 minutes without easing?",
        "cramp over 10 minutes",
    ),
    _req(
        "cramps_elsewhere",
        "Do you also get cramps or spasms in the hands, arms, chest or belly, or tingling "
        "around the mouth?",
        "cramps elsewhere",
    ),
    _req(
        "fluid_loss",
        "In the last few days, have you had vomiting or diarrhoea, or heavy sweating with "
        "dizziness, or been unable to keep fluids down?",
        "vomiting, diarrhoea or heavy sweating",
    ),
    _req("diabetes", "Do you have diabetes?", "diabetes"),
    # Optional pattern and context questions, in the spec's order.
    _opt(
        "numbness_tingling",
        "Do you have numbness, tingling or pins and needles in your feet?",
        "numbness or tingling",
    ),
    _opt(
        "new_loss_of_feeling",
        "In the last few weeks, have you had new loss of feeling, or burning pain, in your feet?",
        "new loss of feeling",
    ),
    _opt(
        "gradual_weakness",
        "Over weeks or months, have the muscles in your feet or legs been slowly getting "
        "weaker or smaller?",
        "gradual weakness",
    ),
    _opt(
        "muscle_twitching",
        "Apart from the cramps, do your muscles twitch under the skin?",
        "muscle twitching",
    ),
    _opt("legs_swollen_both", "Are both legs or both ankles swollen?", "swelling in both legs"),
    _opt(
        "rest_pain",
        "Do you have foot or leg pain at rest, often at night, that eases when you hang the "
        "leg down?",
        "pain at rest",
    ),
    _opt(
        "wound_not_healing",
        "Is there a sore or cut on the foot that has not healed in two weeks?",
        "a sore that is not healing",
    ),
    _opt(
        "pain_walking_eases_rest",
        "Do you get calf, thigh or buttock pain when walking that eases within minutes of resting?",
        "pain on walking",
    ),
    _opt(
        "new_medicine",
        "Did the spasms start after you started or changed a medicine?",
        "new or changed medicine",
    ),
    _opt(
        "heavy_alcohol",
        "Do you drink more than 14 units of alcohol a week (about 6 pints of beer or 6 medium "
        "glasses of wine)?",
        "alcohol",
    ),
    Question(
        "episodes_per_week",
        "How many spasm or cramp episodes have you had in the last 7 days?",
        "integer",
        False,
        0,
        200,
        "how often cramps happen",
    ),
    _opt(
        "affects_sleep_or_daily_life",
        "Do they wake you up, or get in the way of work or daily life?",
        "effect on sleep and daily life",
    ),
    _opt(
        "not_improving",
        "Have they gone on for more than 3 weeks despite stretching, walking breaks and "
        "better shoes?",
        "whether self-care has helped",
    ),
    Question(
        "sitting_hours",
        "On a typical day, how many hours do you spend sitting?",
        "number",
        False,
        0,
        24,
        "hours of sitting",
    ),
    _opt(
        "tight_or_high_heels",
        "Do you often wear tight, narrow or high-heeled shoes?",
        "footwear",
    ),
    _opt(
        "new_or_intense_activity",
        "Have you recently started or stepped up running, dancing, ballet or other repetitive "
        "foot activity?",
        "new or harder activity",
    ),
    _opt(
        "heel_pain_first_steps",
        "Do you have heel or arch pain that is worst with your first steps in the morning?",
        "morning heel pain",
    ),
    _opt(
        "low_fluid_intake",
        "Do you usually drink fewer than 6 glasses of fluid a day?",
        "how much you drink",
    ),
    _opt(
        "low_mineral_diet",
        "Do you rarely eat dairy, leafy greens, nuts, beans or bananas?",
        "diet",
    ),
    _opt("pregnant", "Are you pregnant?", "pregnancy"),
    _opt(
        "kidney_disease",
        "Do you have kidney disease, or have you been told to limit your fluids?",
        "kidney disease or fluid limit",
    ),
    _opt("known_gout", "Have you been diagnosed with gout?", "known gout"),
    _opt(
        "statin_muscle_symptoms",
        "Do you take a statin (a cholesterol medicine) and have muscle pain, tenderness or "
        "weakness you cannot explain, or dark brown urine?",
        "statin with muscle pain",
    ),
    _opt(
        "pregnancy_warning_signs",
        "Have you had sudden swelling of the face, hands or feet, a severe headache, problems "
        "with your vision, or pain just below the ribs?",
        "swelling, headache or vision change in pregnancy",
        asked_when="pregnant",
    ),
    _opt(
        "blood_thinner",
        "Do you take a blood thinner (such as warfarin, apixaban, rivaroxaban or clopidogrel), "
        "or do you bruise or bleed easily?",
        "blood thinner or easy bleeding",
    ),
)

QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
_QUESTION_ORDER: dict[str, int] = {q.id: i for i, q in enumerate(QUESTIONS)}

# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------

ROOT_KEY = "<answers>"
"""The ``AnswerError.key`` used when the document itself is not a JSON object."""


@dataclass(frozen=True)
class AnswerError:
    """One problem with an answers document: the offending key and what is accepted."""

    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


def _accepted(q: Question) -> str:
    if q.kind == "yesno":
        return 'true, false or "unsure"'
    low, high = _fmt_number(q.min), _fmt_number(q.max)
    if q.kind == "integer":
        return f"a whole number from {low} to {high} (like 3, not 3.0)"
    return f"a number from {low} to {high}"


def _fmt_number(value: float | None) -> str:
    if value is None:
        return "?"
    if float(value).is_integer():
        return str(int(value))
    return str(value)


def _check_one(q: Question, value: object) -> str | None:
    """Return an error message for ``value`` as an answer to ``q``, or None when valid."""
    accepted = _accepted(q)
    if value is None:
        hint = "" if q.required else "; leave the key out to skip the question"
        return f"null is not an answer; expected {accepted}{hint}"
    if q.kind == "yesno":
        if value is True or value is False or value == UNSURE:
            return None
        return f"got {_show(value)}; expected {accepted}"
    if isinstance(value, bool):
        return f"got {_show(value)}; expected {accepted}"
    if q.kind == "integer":
        if not isinstance(value, int):
            return f"got {_show(value)}; expected {accepted}"
        number: float = value
    else:
        if not isinstance(value, int | float):
            return f"got {_show(value)}; expected {accepted}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"got {_show(value)}; expected {accepted}"
        number = value
    low = q.min if q.min is not None else -math.inf
    high = q.max if q.max is not None else math.inf
    if not low <= number <= high:
        return f"{_show(value)} is out of range; expected {accepted}"
    return None


def _show(value: object) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f'"{shown}"'
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


class DuplicateKeys(dict[str, object]):
    """A parsed JSON object that remembers the keys it saw more than once."""

    duplicates: tuple[str, ...] = ()


def parse_answers(text: str) -> object:
    """Parse an answers document like ``json.loads``, noting keys that appear twice in the
    top-level object (``json.loads`` keeps the last silently; the spec makes it an error)."""
    import json

    def pairs_hook(pairs: list[tuple[str, object]]) -> DuplicateKeys:
        obj = DuplicateKeys()
        seen: list[str] = []
        for key, value in pairs:
            if key in obj and key not in seen:
                seen.append(key)
            obj[key] = value
        obj.duplicates = tuple(seen)
        return obj

    return json.loads(text, object_pairs_hook=pairs_hook)


def _edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Levenshtein distance, stopping early once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def near_miss(key: str) -> str | None:
    """The question id that an unknown key is one or two edits away from (case ignored)."""
    folded = key.strip().lower()
    for q in QUESTIONS:
        if folded == q.id or _edit_distance(folded, q.id) <= 2:
            return q.id
    return None


def answers_for_advice(raw: object) -> dict[str, Answer]:
    """Answers to evaluate on the error path (spec v2): the valid answers, plus ``"unsure"``
    for every question whose value is invalid, that an unknown key nearly names, or whose key
    appears twice. A typo must never hide a red flag."""
    if not isinstance(raw, dict):
        return {}
    valid, _errors = validate_answers(raw)
    advice: dict[str, Answer] = dict(valid)
    for key, value in raw.items():
        if not isinstance(key, str):
            continue
        if key in QUESTIONS_BY_ID:
            question = QUESTIONS_BY_ID[key]
            # Numbers have no "unsure": an invalid number is simply not used.
            if question.kind == "yesno" and _check_one(question, value) is not None:
                advice[key] = UNSURE
        else:
            target = near_miss(key)
            if target is not None and QUESTIONS_BY_ID[target].kind == "yesno":
                advice[target] = UNSURE
    for key in getattr(raw, "duplicates", ()):
        if key in QUESTIONS_BY_ID and QUESTIONS_BY_ID[key].kind == "yesno":
            advice[key] = UNSURE
    return advice


def needs_emergency_box(errors: Iterable[AnswerError]) -> bool:
    """True when a required question is missing or invalid (or the document is not an
    object): the error output must then begin with the emergency box."""
    return any(
        e.key == ROOT_KEY or (e.key in QUESTIONS_BY_ID and QUESTIONS_BY_ID[e.key].required)
        for e in errors
    )


def validate_answers(raw: object) -> tuple[dict[str, Answer], list[AnswerError]]:
    """Check a parsed answers document.

    Returns the valid answers (so a red flag can still be shown when another key is wrong)
    and every error, each naming its key and what is accepted. Errors come in question
    order, then keys that appear twice (from :func:`parse_answers`), then unknown keys in
    document order.
    """
    if not isinstance(raw, dict):
        return {}, [
            AnswerError(
                ROOT_KEY,
                f"got {_show(raw)}; expected a JSON object keyed by question id "
                '(for example {"fever": false})',
            )
        ]
    valid: dict[str, Answer] = {}
    errors: list[AnswerError] = []
    for q in QUESTIONS:
        if q.id not in raw:
            if q.required:
                errors.append(
                    AnswerError(
                        q.id,
                        f"required warning-sign question is missing; expected {_accepted(q)}",
                    )
                )
            continue
        value = raw[q.id]
        problem = _check_one(q, value)
        if problem is None:
            assert isinstance(value, bool | str | int | float)
            valid[q.id] = value
        else:
            errors.append(AnswerError(q.id, problem))
    for key in getattr(raw, "duplicates", ()):
        errors.append(AnswerError(key, "appears more than once; give each question one answer"))
        valid.pop(key, None)
    for key in raw:
        if isinstance(key, str) and key in QUESTIONS_BY_ID:
            continue
        name = key if isinstance(key, str) else repr(key)
        message = "unknown question id"
        close = difflib.get_close_matches(name, list(QUESTIONS_BY_ID), n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        message += "; `toecoach triage questions` lists the ids"
        errors.append(AnswerError(name, message))
    return valid, errors


# --------------------------------------------------------------------------------------------
# Conditions (data, not code, so rules can be listed, described and tested)
# --------------------------------------------------------------------------------------------


def _is_yes(answers: Mapping[str, Answer], qid: str) -> bool:
    value = answers.get(qid)
    return value is True or value == UNSURE


def _number(answers: Mapping[str, Answer], qid: str) -> float | None:
    value = answers.get(qid)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


class Condition:
    """Base class of the condition tree. Subclasses are frozen dataclasses."""

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        raise NotImplementedError

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        """Question ids whose answers make this (holding) condition true."""
        raise NotImplementedError

    def question_ids(self) -> list[str]:
        """Every question id the condition reads."""
        raise NotImplementedError

    def describe(self) -> str:
        """The condition in the spec's notation, e.g. ``a and (b or c)``."""
        raise NotImplementedError


@dataclass(frozen=True)
class Yes(Condition):
    """Holds when the question is answered ``true`` or ``"unsure"``."""

    qid: str

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        return _is_yes(answers, self.qid)

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        return [self.qid] if self.holds(answers) else []

    def question_ids(self) -> list[str]:
        return [self.qid]

    def describe(self) -> str:
        return self.qid


@dataclass(frozen=True)
class AtLeast(Condition):
    """Holds when a number question is answered with a value >= ``threshold``."""

    qid: str
    threshold: float

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        value = _number(answers, self.qid)
        return value is not None and value >= self.threshold

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        return [self.qid] if self.holds(answers) else []

    def question_ids(self) -> list[str]:
        return [self.qid]

    def describe(self) -> str:
        return f"{self.qid} >= {_fmt_number(self.threshold)}"


@dataclass(frozen=True)
class Not(Condition):
    """Holds when the inner condition does not (a skipped question counts as not)."""

    part: Condition

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        return not self.part.holds(answers)

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        return []

    def question_ids(self) -> list[str]:
        return self.part.question_ids()

    def describe(self) -> str:
        return f"not {_wrap(self.part)}"


@dataclass(frozen=True)
class AllOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        return all(p.holds(answers) for p in self.parts)

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        if not self.holds(answers):
            return []
        return _dedupe(k for p in self.parts for k in p.because(answers))

    def question_ids(self) -> list[str]:
        return _dedupe(k for p in self.parts for k in p.question_ids())

    def describe(self) -> str:
        return " and ".join(_wrap(p) for p in self.parts)


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        return any(p.holds(answers) for p in self.parts)

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        return _dedupe(k for p in self.parts if p.holds(answers) for k in p.because(answers))

    def question_ids(self) -> list[str]:
        return _dedupe(k for p in self.parts for k in p.question_ids())

    def describe(self) -> str:
        return " or ".join(_wrap(p) for p in self.parts)


def _wrap(cond: Condition) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, AllOf | AnyOf) and len(cond.parts) > 1 else text


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def _all(*parts: Condition) -> AllOf:
    return AllOf(tuple(parts))


def _any(*parts: Condition) -> AnyOf:
    return AnyOf(tuple(parts))


def _yes_any(*qids: str) -> AnyOf:
    return AnyOf(tuple(Yes(q) for q in qids))


# --------------------------------------------------------------------------------------------
# Urgency rules
# --------------------------------------------------------------------------------------------


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


_FEVER_OR_UNWELL = _yes_any("fever", "very_unwell")
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
        _all(Yes("red_hot_skin"), _FEVER_OR_UNWELL),
        "Red, hot, painful skin together with a fever or feeling very unwell can be a sign "
        "that an infection is spreading. Call {emergency_number} now.",
        ("S21",),
    ),
    Rule(
        "E7_diabetic_foot_infection",
        "emergency",
        _all(Yes("diabetes"), _yes_any("wound_or_sore", "wound_not_healing"), _FEVER_OR_UNWELL),
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
        _all(Yes("hot_swollen_joint"), _FEVER_OR_UNWELL),
        "A hot, swollen joint together with a fever or feeling very unwell can be a sign of an "
        "infection inside the joint. Get medical help today: {urgent_help}.",
        ("S18", "S19", "S20"),
    ),
    Rule(
        "U3_diabetic_foot",
        "urgent",
        _all(
            Yes("diabetes"),
            _yes_any(
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
        _all(Yes("wound_or_sore"), Yes("fever")),
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
        _all(Yes("pregnant"), Yes("pregnancy_warning_signs")),
        "In pregnancy, sudden swelling of the face, hands or feet, a severe headache, vision "
        "problems or pain just below the ribs can be signs of pre-eclampsia. Call your "
        "midwife or GP surgery now, or {urgent_help} if you cannot reach them.",
        ("S112",),
    ),
    # Soon (days)
    Rule(
        "S1_nerve_symptoms",
        "soon",
        _yes_any("numbness_tingling", "new_loss_of_feeling"),
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

# --------------------------------------------------------------------------------------------
# Contributing factors
# --------------------------------------------------------------------------------------------


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
        _all(Yes("low_fluid_intake"), Not(Yes("kidney_disease"))),
        "Not drinking enough is one listed cause of cramps, though the evidence is weak; the "
        "usual amount is enough.",
        ("S1", "S35", "S37"),
    ),
    Factor(
        "minerals_diet",
        _all(Yes("low_mineral_diet"), Not(Yes("kidney_disease"))),
        "These foods carry calcium, magnesium and potassium. A true shortage of a mineral in "
        "the blood is usually caused by an illness, alcohol or a medicine rather than diet, "
        "and only a blood test can show it.",
        ("S4", "S7", "S40"),
    ),
    Factor(
        "nerve",
        _yes_any("numbness_tingling", "new_loss_of_feeling", "diabetes"),
        "Nerve changes, often linked to diabetes, can cause cramps and numbness and make "
        "injuries hard to feel.",
        ("S24", "S25", "S26"),
    ),
    Factor(
        "circulation",
        _yes_any("pain_walking_eases_rest", "rest_pain", "limb_cold_pale_blue"),
        "Pain on walking or at rest, or a cold, pale foot, can be a sign of poor blood supply "
        "to the legs.",
        ("S12", "S14"),
    ),
    Factor(
        "gout_pattern",
        _yes_any("hot_swollen_joint", "known_gout"),
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

# --------------------------------------------------------------------------------------------
# Safety locks
# --------------------------------------------------------------------------------------------

LOCK_TAGS: tuple[str, ...] = ("all", "massage", "barefoot", "standing", "big_toe", "cold", "heat")
"""Lock tags in the spec's order (``blocked`` is sorted in this order)."""


@dataclass(frozen=True)
class _LockRow:
    condition: Condition
    tags: tuple[str, ...]


_LOCK_ROWS: tuple[_LockRow, ...] = (
    _LockRow(Yes("calf_swelling_one_side"), ("massage",)),
    _LockRow(_yes_any("wound_or_sore", "red_hot_skin"), ("massage", "barefoot")),
    _LockRow(Yes("hot_swollen_joint"), ("big_toe", "massage")),
    # v2: with numb feet you cannot judge pressure or temperature either.
    _LockRow(_yes_any("new_loss_of_feeling", "numbness_tingling"), ("massage", "heat", "cold")),
    # factor nerve or factor circulation
    _LockRow(
        _any(FACTOR_INFO["nerve"].condition, FACTOR_INFO["circulation"].condition),
        ("heat", "cold"),
    ),
    # v2: no barefoot exercises with diabetes or numb feet.
    _LockRow(FACTOR_INFO["nerve"].condition, ("barefoot",)),
    # v2: ask a clinician before self-massage on a blood thinner.
    _LockRow(Yes("blood_thinner"), ("massage",)),
)

ROUTINE_IDS: tuple[str, ...] = (
    "desk-break-2min",
    "desk-stretch-5min",
    "bedtime-cramp",
    "morning-heel-arch",
    "strength-10min",
    "cramp-rescue",
)

ROUTINE_TAGS: dict[str, tuple[str, ...]] = {
    # Seated ankle circles and point/flex, heel and toe presses.
    "desk-break-2min": (),
    # Toe raise-point-curl, toe splay, toe extension, towel calf stretch, ankle circles.
    "desk-stretch-5min": ("big_toe",),
    # Calf stretch (wall or seated towel) and the toe-extension arch stretch.
    "bedtime-cramp": ("big_toe",),
    # Seated arch stretch pulling the toes back, then the frozen-bottle roll.
    "morning-heel-arch": ("massage", "barefoot", "big_toe", "cold"),
    # Towel scrunch and marbles (barefoot), heel raises and toe raises (standing).
    "strength-10min": ("barefoot", "standing", "big_toe"),
    # Never blocked: it drops the steps its locks forbid (interfaces spec).
    "cramp-rescue": (),
}
"""The lock tags each shipped routine obviously carries, used to keep blocked routines out of
the plan. The routine files are the authority at run time."""


def routine_blocked_by(routine_id: str, blocked: Iterable[str]) -> list[str]:
    """The tags in ``blocked`` that stop ``routine_id`` (``cramp-rescue`` is never stopped)."""
    if routine_id == "cramp-rescue":
        return []
    tags = set(blocked)
    own = ROUTINE_TAGS.get(routine_id, ())
    return [t for t in LOCK_TAGS if t in tags and (t == "all" or t in own)]


# --------------------------------------------------------------------------------------------
# Plan content
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceItem:
    """A piece of advice shown to the user, with the brief's source ids it rests on."""

    text: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class _Advice:
    """Advice template; ``variants`` are tried in order, the first whose ``avoid`` tags are
    all unblocked is used (none fits: the advice is left out)."""

    key: str
    variants: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]


def _advice(key: str, text: str, sources: tuple[str, ...], avoid: Iterable[str] = ()) -> _Advice:
    return _Advice(key, ((text, sources, frozenset(avoid)),))


@dataclass(frozen=True)
class _FactorPlan:
    routines: tuple[str, ...] = ()
    break_interval_minutes: int | None = None
    checkins: tuple[str, ...] = ()
    advice: tuple[_Advice, ...] = ()


BREAK_INTERVAL_MINUTES = 30
CHECKIN_IDS: tuple[str, ...] = ("water", "calcium", "magnesium", "potassium")

_FACTOR_PLANS: dict[str, _FactorPlan] = {
    "prolonged_sitting": _FactorPlan(
        routines=("desk-break-2min",),
        break_interval_minutes=BREAK_INTERVAL_MINUTES,
        advice=(
            _advice(
                "prolonged_sitting",
                "Walking-break reminders are on, every 30 minutes. Walk lightly for a few "
                "minutes each time, or do the seated 2-minute routine when you cannot get up.",
                ("S57", "S95", "S97", "S98", "S102"),
            ),
        ),
    ),
    "footwear": _FactorPlan(
        advice=(
            _advice(
                "footwear",
                "Choose shoes with room to wiggle all your toes. Measure both feet and fit the "
                "larger one. Shoes should feel right in the shop: do not count on a break-in "
                "period.",
                ("S39",),
            ),
        ),
    ),
    "overuse": _FactorPlan(
        routines=("desk-stretch-5min",),
        advice=(
            _advice(
                "overuse",
                "Build up new activity gradually and stretch after it. An exercise should not "
                "hurt: stop if it does.",
                ("S1", "S38", "S44"),
            ),
        ),
    ),
    "plantar_fascia": _FactorPlan(
        routines=("morning-heel-arch",),
        advice=(
            _Advice(
                "plantar_fascia",
                (
                    (
                        "Before your first steps in the morning, gently stretch the arch by "
                        "pulling the toes back. Rolling the arch over a frozen water bottle for "
                        "a few minutes can ease heel pain; stop if the skin goes numb.",
                        ("S38", "S54", "S55", "S67"),
                        frozenset({"big_toe", "massage", "barefoot", "cold"}),
                    ),
                    (
                        "Before your first steps in the morning, gently stretch the arch by "
                        "pulling the toes back.",
                        ("S38", "S54", "S55"),
                        frozenset({"big_toe"}),
                    ),
                ),
            ),
        ),
    ),
    "hydration": _FactorPlan(
        checkins=("water",),
        advice=(
            _advice(
                "hydration",
                "Drink through the day so that your urine stays pale yellow: that is the "
                "simple check. The water amount toecoach shows is a reference intake, not a "
                "requirement; drinking more than you need does not prevent cramps, and far "
                "too much can be harmful.",
                ("S35", "S37", "S75", "S77", "S120"),
            ),
        ),
    ),
    "minerals_diet": _FactorPlan(
        checkins=("calcium", "magnesium", "potassium"),
        advice=(
            _advice(
                "minerals_diet",
                "Food first: dairy or fortified alternatives, leafy greens, nuts, beans and "
                "bananas. toecoach never suggests supplements or doses. If you think your "
                "levels are low, ask a clinician whether a blood test makes sense.",
                ("S4", "S31", "S90", "S91", "S92"),
            ),
        ),
    ),
    "nerve": _FactorPlan(
        advice=(
            _advice(
                "nerve",
                "Do the routines seated. Keep heat pads, hot-water bottles and ice off your "
                "feet: skin with less feeling can burn or freeze unnoticed. Check your feet "
                "every day for cuts, blisters or colour changes, and avoid going barefoot.",
                ("S22", "S26", "S29", "S74"),
            ),
        ),
    ),
    "circulation": _FactorPlan(
        advice=(
            _advice(
                "circulation",
                "Let a clinician check your circulation first, before new exercise. Keep heat "
                "and cold off your feet until then.",
                ("S12", "S13"),
            ),
        ),
    ),
    "gout_pattern": _FactorPlan(
        advice=(
            _advice(
                "gout_pattern",
                "Do nothing on a hot, swollen joint: rest and raise the foot, and no exercise, "
                "massage or pressure on it. With known gout, see your {clinician} if treatment "
                "has not started working within a couple of days.",
                ("S18", "S19"),
            ),
        ),
    ),
    "medicine": _FactorPlan(
        advice=(
            _advice(
                "medicine",
                "Talk to the prescriber or a pharmacist about the cramps. Do not stop or "
                "change a medicine on your own.",
                ("S7", "S105"),
            ),
        ),
    ),
    "pregnancy": _FactorPlan(
        routines=("bedtime-cramp",),
        advice=(
            _advice(
                "pregnancy",
                "Follow your midwife's advice on fluids and food; toecoach shows no intake "
                "targets in pregnancy. A gentle calf stretch before bed may ease night cramps.",
                ("S7", "S9"),
            ),
        ),
    ),
}

# Order of plan advice: safety-first factors, then the everyday ones.
_PLAN_ADVICE_ORDER: tuple[str, ...] = (
    "circulation",
    "gout_pattern",
    "medicine",
    "nerve",
    "pregnancy",
    "prolonged_sitting",
    "footwear",
    "overuse",
    "plantar_fascia",
    "hydration",
    "minerals_diet",
)
# Pregnancy: no intake numbers, so no intake check-ins and no intake advice.
_INTAKE_FACTORS = frozenset({"hydration", "minerals_diet"})

_BEDTIME_ADVICE = _advice(
    "bedtime-cramp",
    "Gentle calf stretches before bed may reduce night cramps, though they may not stop them "
    "completely.",
    ("S1", "S32", "S33"),
)
_DURING_CRAMP_ADVICE = _Advice(
    "during-cramp",
    (
        (
            "During a cramp, stretch the muscle: straighten the leg and pull your toes up "
            "towards you, then rub it gently or walk about.",
            ("S1", "S9", "S10"),
            frozenset({"massage"}),
        ),
        (
            "During a cramp, stretch the muscle: straighten the leg and pull your toes up "
            "towards you, then walk about if you can.",
            ("S1", "S9", "S10"),
            frozenset(),
        ),
    ),
)


# v2: every self-care result ends with safety-netting; a soon result keeps the same-day and
# emergency lines for the days before the appointment.
_SAFETY_NET_SELF_CARE = _advice(
    "safety-net",
    "See a {clinician} if cramps become frequent, wake you, get in the way of daily life, or "
    "come with numbness, swelling or weakness. A cramp that lasts more than 10 minutes needs "
    "medical help the same day. Any sign in the emergency box means calling "
    "{emergency_number}.",
    ("S1", "S2", "S3", "S109"),
)
_SAFETY_NET_SOON = _advice(
    "safety-net",
    "Until you are seen: a cramp that lasts more than 10 minutes needs medical help the same "
    "day, and any sign in the emergency box means calling {emergency_number}.",
    ("S1", "S109"),
)


def _pick(advice: _Advice, blocked: set[str], region: str) -> AdviceItem | None:
    for text, sources, avoid in advice.variants:
        if not avoid & blocked:
            return AdviceItem(_render(text, region), sources)
    return None


_EMERGENCY_BOX = (
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
)
_EMERGENCY_BOX_SOURCES: tuple[str, ...] = (
    "S13", "S14", "S16", "S21", "S22", "S23", "S28", "S109",
)  # fmt: skip


def emergency_box(region: str = "uk") -> AdviceItem:
    """The emergency box shown before the questionnaire, with the region's number."""
    return AdviceItem(_render(_EMERGENCY_BOX, region), _EMERGENCY_BOX_SOURCES)


# --------------------------------------------------------------------------------------------
# Result
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """A rule that fired, with the question ids that made it fire and the rendered advice."""

    rule: str
    tier: Tier
    because: tuple[str, ...]
    advice: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "tier": self.tier,
            "because": list(self.because),
            "advice": self.advice,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class FactorHit:
    """A factor that applies, with the question ids behind it."""

    id: str
    because: tuple[str, ...]
    why: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "because": list(self.because),
            "why": self.why,
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Plan:
    """Self-care plan. Empty at emergency and urgent tiers."""

    routines: tuple[str, ...] = ()
    break_interval_minutes: int | None = None
    checkins: tuple[str, ...] = ()
    advice: tuple[AdviceItem, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.routines or self.checkins or self.advice) and (
            self.break_interval_minutes is None
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "routines": list(self.routines),
            "break_interval_minutes": self.break_interval_minutes,
            "checkins": list(self.checkins),
            "advice": [a.to_json() for a in self.advice],
        }


@dataclass(frozen=True)
class TriageResult:
    """The outcome of :func:`evaluate`. ``to_json()`` gives the spec's result document."""

    tier: Tier
    reasons: tuple[Reason, ...]
    unsure: tuple[str, ...]
    skipped: tuple[str, ...]
    factors: tuple[FactorHit, ...]
    blocked: tuple[str, ...]
    blocked_by: Mapping[str, tuple[str, ...]]
    plan: Plan
    region: str = "uk"
    disclaimer: str = DISCLAIMER
    spec_version: int = SPEC_VERSION
    disclaimer_version: int = DISCLAIMER_VERSION
    answered: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        return tier_headline(self.tier, self.region)

    @property
    def factor_ids(self) -> tuple[str, ...]:
        return tuple(f.id for f in self.factors)

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.rule for r in self.reasons)

    def to_json(self) -> dict[str, Any]:
        """The spec's result document, plus ``headline``, ``blocked_by``, ``factor_details``,
        ``region`` and ``disclaimer_version``."""
        return {
            "spec_version": self.spec_version,
            "tier": self.tier,
            "headline": self.headline,
            "reasons": [r.to_json() for r in self.reasons],
            "unsure": list(self.unsure),
            "skipped": list(self.skipped),
            "factors": list(self.factor_ids),
            "factor_details": [f.to_json() for f in self.factors],
            "blocked": list(self.blocked),
            "blocked_by": {tag: list(keys) for tag, keys in self.blocked_by.items()},
            "plan": self.plan.to_json(),
            "disclaimer": self.disclaimer,
            "disclaimer_version": self.disclaimer_version,
            "region": self.region,
        }


def _in_question_order(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(keys), key=lambda k: _QUESTION_ORDER.get(k, len(_QUESTION_ORDER))))


def evaluate(answers: Mapping[str, Answer], region: str = "uk") -> TriageResult:
    """Triage already-validated (possibly partial) answers.

    ``"unsure"`` counts as yes everywhere; a skipped question counts as no, so a negated
    condition holds when its question is false or skipped.
    """
    fields = _region_fields(region)

    fired = [r for r in RULES if r.condition.holds(answers)]
    fired.sort(key=lambda r: -_TIER_RANK[r.tier])  # stable: spec order within a tier
    tier: Tier = fired[0].tier if fired else "self-care"
    reasons = tuple(
        Reason(
            r.id,
            r.tier,
            tuple(r.condition.because(answers)),
            r.advice.format_map(fields),
            r.sources,
        )
        for r in fired
    )

    unsure = tuple(q.id for q in QUESTIONS if answers.get(q.id) == UNSURE)
    skipped = tuple(q.id for q in QUESTIONS if not q.required and q.id not in answers)

    factors = tuple(
        FactorHit(f.id, tuple(f.condition.because(answers)), f.why, f.sources)
        for f in FACTORS
        if f.condition.holds(answers)
    )
    factor_ids = {f.id for f in factors}

    lock_keys: dict[str, list[str]] = {}
    if tier in ("emergency", "urgent"):
        lock_keys["all"] = [
            k for r in reasons if r.tier in ("emergency", "urgent") for k in r.because
        ]
    for row in _LOCK_ROWS:
        if row.condition.holds(answers):
            for tag in row.tags:
                lock_keys.setdefault(tag, []).extend(row.condition.because(answers))
    blocked = tuple(t for t in LOCK_TAGS if t in lock_keys)
    blocked_by = {
        t: (tuple(_dedupe(lock_keys[t])) if t == "all" else _in_question_order(lock_keys[t]))
        for t in blocked
    }

    plan = _build_plan(tier, factor_ids, {r.rule for r in reasons}, set(blocked), region)

    return TriageResult(
        tier=tier,
        reasons=reasons,
        unsure=unsure,
        skipped=skipped,
        factors=factors,
        blocked=blocked,
        blocked_by=blocked_by,
        plan=plan,
        region=region,
        answered=_in_question_order(k for k in answers if k in QUESTIONS_BY_ID),
    )


def _build_plan(
    tier: Tier, factors: set[str], fired: set[str], blocked: set[str], region: str
) -> Plan:
    if tier in ("emergency", "urgent") or "all" in blocked:
        return Plan()
    pregnant = "pregnancy" in factors
    routines: set[str] = set()
    checkins: set[str] = set()
    interval: int | None = None
    advice: list[AdviceItem] = []
    for factor_id in _PLAN_ADVICE_ORDER:
        if factor_id not in factors:
            continue
        if pregnant and factor_id in _INTAKE_FACTORS:
            continue
        fplan = _FACTOR_PLANS[factor_id]
        routines.update(fplan.routines)
        checkins.update(fplan.checkins)
        if fplan.break_interval_minutes is not None:
            interval = fplan.break_interval_minutes
        for item in fplan.advice:
            picked = _pick(item, blocked, region)
            if picked is not None:
                advice.append(picked)

    def allowed(routine_id: str) -> bool:
        if routine_blocked_by(routine_id, blocked):
            return False
        # Nerve factor: seated routines only.
        return not ("nerve" in factors and "standing" in ROUTINE_TAGS.get(routine_id, ()))

    chosen = {r for r in routines if allowed(r)}
    if ("S8_frequent" in fired or "S9_disruptive" in fired or not chosen) and allowed(
        "bedtime-cramp"
    ):
        chosen.add("bedtime-cramp")
    if "bedtime-cramp" in chosen and not pregnant:
        bedtime = _pick(_BEDTIME_ADVICE, blocked, region)
        if bedtime is not None:
            advice.append(bedtime)
    during = _pick(_DURING_CRAMP_ADVICE, blocked, region)
    if during is not None:
        advice.append(during)
    net = _SAFETY_NET_SELF_CARE if tier == "self-care" else _SAFETY_NET_SOON
    safety_net = _pick(net, blocked, region)
    if safety_net is not None:
        advice.append(safety_net)

    return Plan(
        routines=tuple(r for r in ROUTINE_IDS if r in chosen),
        break_interval_minutes=interval,
        checkins=tuple(c for c in CHECKIN_IDS if c in checkins),
        advice=tuple(advice),
    )


def not_checked_text(result: TriageResult) -> str:
    """Text like "Not checked: numbness or tingling, ..." for skipped optional questions.

    Empty string when nothing was skipped.
    """
    if not result.skipped:
        return ""
    labels = [QUESTIONS_BY_ID[q].short for q in result.skipped if q in QUESTIONS_BY_ID]
    return "Not checked: " + ", ".join(labels) + "."


# --------------------------------------------------------------------------------------------
# Advice inventory (for tests, docs and the source list)
# --------------------------------------------------------------------------------------------


def all_advice(region: str = "uk") -> list[tuple[str, AdviceItem]]:
    """Every user-facing advice text, rendered for ``region``, labelled by origin
    (``rule:ID``, ``factor:ID``, ``plan:KEY``, ``disclaimer``, ``emergency_box``)."""
    items: list[tuple[str, AdviceItem]] = []
    for rule in RULES:
        items.append((f"rule:{rule.id}", AdviceItem(_render(rule.advice, region), rule.sources)))
    for factor in FACTORS:
        items.append((f"factor:{factor.id}", AdviceItem(factor.why, factor.sources)))
    templates = [a for fp in _FACTOR_PLANS.values() for a in fp.advice]
    templates += [_BEDTIME_ADVICE, _DURING_CRAMP_ADVICE, _SAFETY_NET_SELF_CARE, _SAFETY_NET_SOON]
    for template in templates:
        for text, sources, _avoid in template.variants:
            items.append((f"plan:{template.key}", AdviceItem(_render(text, region), sources)))
    items.append(("disclaimer", AdviceItem(DISCLAIMER, DISCLAIMER_SOURCES)))
    items.append(("emergency_box", emergency_box(region)))
    return items


def all_source_ids_used() -> set[str]:
    """Every source id cited by any advice text."""
    return {s for _origin, item in all_advice() for s in item.sources}
