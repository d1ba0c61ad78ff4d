"""Evaluation: answers in, :class:`TriageResult` (the spec's result document) out.

The one place that puts questions, rules, factors, locks and the plan together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from toecoach.domain.triage.conditions import dedupe
from toecoach.domain.triage.factors import FACTORS
from toecoach.domain.triage.locks import LOCK_ROWS, LOCK_TAGS
from toecoach.domain.triage.plan import Plan, build_plan
from toecoach.domain.triage.questions import (
    QUESTION_ORDER,
    QUESTIONS,
    QUESTIONS_BY_ID,
    UNSURE,
    Answer,
)
from toecoach.domain.triage.rules import RULES, Tier, region_fields, tier_headline, tier_rank
from toecoach.domain.triage.texts import DISCLAIMER, DISCLAIMER_VERSION

SPEC_VERSION = 2


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
    return tuple(sorted(set(keys), key=lambda k: QUESTION_ORDER.get(k, len(QUESTION_ORDER))))


def evaluate(answers: Mapping[str, Answer], region: str = "uk") -> TriageResult:
    """Triage already-validated (possibly partial) answers.

    ``"unsure"`` counts as yes everywhere; a skipped question counts as no, so a negated
    condition holds when its question is false or skipped.
    """
    fields = region_fields(region)

    fired = [r for r in RULES if r.condition.holds(answers)]
    fired.sort(key=lambda r: -tier_rank(r.tier))  # stable: spec order within a tier
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
    for row in LOCK_ROWS:
        if row.condition.holds(answers):
            for tag in row.tags:
                lock_keys.setdefault(tag, []).extend(row.condition.because(answers))
    blocked = tuple(t for t in LOCK_TAGS if t in lock_keys)
    blocked_by = {
        t: (tuple(dedupe(lock_keys[t])) if t == "all" else _in_question_order(lock_keys[t]))
        for t in blocked
    }

    plan = build_plan(tier, factor_ids, {r.rule for r in reasons}, set(blocked), region)

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


def not_checked_text(result: TriageResult) -> str:
    """Text like "Not checked: numbness or tingling, ..." for skipped optional questions.

    Empty string when nothing was skipped.
    """
    if not result.skipped:
        return ""
    labels = [QUESTIONS_BY_ID[q].short for q in result.skipped if q in QUESTIONS_BY_ID]
    return "Not checked: " + ", ".join(labels) + "."
