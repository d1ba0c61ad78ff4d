"""Triage questions (ids, kinds, ranges, follow-ups) and the checking of an answers document.

One module so that the CLI, the TUI and the rules share one list of questions and one set of
validation messages (spec v2: invalid, near-miss and repeated keys count as unsure). The
wording of each question is in ``texts``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from toecoach.domain.triage.texts import QUESTION_TEXTS

Answer = bool | str | int | float
"""A valid answer: ``True``, ``False`` or ``"unsure"`` for yes/no; a number for the others."""

UNSURE = "unsure"


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


def _req(qid: str) -> Question:
    """A required yes/no warning-sign question."""
    wording = QUESTION_TEXTS[qid]
    return Question(qid, wording.text, "yesno", True, None, None, wording.short)


def _opt(qid: str, asked_when: str | None = None) -> Question:
    """An optional yes/no question."""
    wording = QUESTION_TEXTS[qid]
    return Question(qid, wording.text, "yesno", False, None, None, wording.short, asked_when)


def _number(qid: str, kind: QuestionKind, low: float, high: float) -> Question:
    """An optional number question, answered with a value from ``low`` to ``high``."""
    wording = QUESTION_TEXTS[qid]
    return Question(qid, wording.text, kind, False, low, high, wording.short)


def is_asked(question: Question, answers: Mapping[str, object]) -> bool:
    """Whether ``question`` is asked, given the answers so far (follow-up questions)."""
    if question.asked_when is None:
        return True
    value = answers.get(question.asked_when)
    return value is True or value == UNSURE


QUESTIONS: tuple[Question, ...] = (
    # Required warning signs, in the spec's order.
    _req("limb_cold_pale_blue"),
    _req("toe_black"),
    _req("chest_pain_or_breathless"),
    _req("stroke_signs"),
    _req("saddle_or_bladder"),
    _req("sudden_weakness"),
    _req("fever"),
    _req("very_unwell"),
    _req("sepsis_signs"),
    _req("red_hot_skin"),
    _req("hot_swollen_joint"),
    _req("calf_swelling_one_side"),
    _req("wound_or_sore"),
    _req("dirty_wound_recent"),
    _req("cramp_over_10_min"),
    _req("cramps_elsewhere"),
    _req("fluid_loss"),
    _req("diabetes"),
    # Optional pattern and context questions, in the spec's order.
    _opt("numbness_tingling"),
    _opt("new_loss_of_feeling"),
    _opt("gradual_weakness"),
    _opt("muscle_twitching"),
    _opt("legs_swollen_both"),
    _opt("rest_pain"),
    _opt("wound_not_healing"),
    _opt("pain_walking_eases_rest"),
    _opt("new_medicine"),
    _opt("heavy_alcohol"),
    _number("episodes_per_week", "integer", 0, 200),
    _opt("affects_sleep_or_daily_life"),
    _opt("not_improving"),
    _number("sitting_hours", "number", 0, 24),
    _opt("tight_or_high_heels"),
    _opt("new_or_intense_activity"),
    _opt("heel_pain_first_steps"),
    _opt("low_fluid_intake"),
    _opt("low_mineral_diet"),
    _opt("pregnant"),
    _opt("kidney_disease"),
    _opt("known_gout"),
    _opt("statin_muscle_symptoms"),
    _opt("pregnancy_warning_signs", asked_when="pregnant"),
    _opt("blood_thinner"),
)

QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
QUESTION_ORDER: dict[str, int] = {q.id: i for i, q in enumerate(QUESTIONS)}

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
    low, high = fmt_number(q.min), fmt_number(q.max)
    if q.kind == "integer":
        return f"a whole number from {low} to {high} (like 3, not 3.0)"
    return f"a number from {low} to {high}"


def fmt_number(value: float | None) -> str:
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
