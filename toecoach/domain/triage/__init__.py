"""Triage: questions, urgency rules, contributing factors, safety locks and the self-care plan.

This package is the executable form of ``shared/specs/triage.md`` (spec v2). Everything in it
is pure data and pure functions: no I/O, no clock, standard library only.

Public ids (question ids, tier ids, rule ids, factor ids, lock tags, routine ids) are part of the
contract and must never be renamed. Advice texts are ours, written from the clinical brief, and
each one carries the brief's source ids (``S1`` ...) that it rests on.

Typical use::

    answers, errors = validate_answers(json.loads(text))
    result = evaluate(answers, region="uk")   # still evaluate the valid subset on errors
    document = result.to_json()

Modules, each importing only the ones above it:

- ``texts``: every user-facing clinical text (questions, advice, disclaimer, emergency box),
  each with its source ids; the modules below hold logic and ids only
- ``questions``: the questions, and validation of an answers document
- ``conditions``: the condition tree rules, factors and locks are written in
- ``rules``: tiers, regions and the urgency rules
- ``factors``: contributing factors
- ``locks``: safety locks and the routines they stop
- ``plan``: the self-care plan and its advice
- ``result``: :func:`evaluate` and the result document
- ``inventory``: every advice text with its sources

Import from the package (``from toecoach.domain.triage import evaluate``), not from the
modules: the package's names are the contract, the module layout is not.
"""

from toecoach.domain.triage.conditions import (
    AllOf,
    AnyOf,
    AtLeast,
    Condition,
    Not,
    Yes,
)
from toecoach.domain.triage.factors import (
    FACTOR_IDS,
    FACTOR_INFO,
    FACTORS,
    Factor,
)
from toecoach.domain.triage.inventory import (
    all_advice,
    all_source_ids_used,
)
from toecoach.domain.triage.locks import (
    LOCK_TAGS,
    ROUTINE_IDS,
    ROUTINE_TAGS,
    routine_blocked_by,
)
from toecoach.domain.triage.plan import (
    BREAK_INTERVAL_MINUTES,
    CHECKIN_IDS,
    AdviceItem,
    Plan,
    emergency_box,
)
from toecoach.domain.triage.questions import (
    QUESTIONS,
    QUESTIONS_BY_ID,
    ROOT_KEY,
    UNSURE,
    Answer,
    AnswerError,
    DuplicateKeys,
    Question,
    answers_for_advice,
    is_asked,
    near_miss,
    needs_emergency_box,
    parse_answers,
    validate_answers,
)
from toecoach.domain.triage.result import (
    SPEC_VERSION,
    FactorHit,
    Reason,
    TriageResult,
    evaluate,
    not_checked_text,
)
from toecoach.domain.triage.rules import (
    EMERGENCY_NUMBERS,
    REGIONS,
    RULES,
    RULES_BY_ID,
    TIERS,
    Rule,
    tier_headline,
    tier_rank,
)
from toecoach.domain.triage.texts import (
    DISCLAIMER,
    DISCLAIMER_SOURCES,
    DISCLAIMER_VERSION,
)

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
