"""The self-care plan: which routines, break reminders, check-ins and advice a result gets.

Advice templates have variants; the first one whose avoided lock tags are all unblocked is
used, so a lock can never be contradicted by the advice text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from toecoach.domain.triage.locks import ROUTINE_IDS, ROUTINE_TAGS, routine_blocked_by
from toecoach.domain.triage.rules import Tier, render
from toecoach.domain.triage.texts import EMERGENCY_BOX, PLAN_ADVICE


@dataclass(frozen=True)
class AdviceItem:
    """A piece of advice shown to the user, with the brief's source ids it rests on."""

    text: str
    sources: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "sources": list(self.sources)}


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
class AdviceTemplate:
    """Advice template; ``variants`` are tried in order, the first whose ``avoid`` tags are
    all unblocked is used (none fits: the advice is left out)."""

    key: str
    variants: tuple[tuple[str, tuple[str, ...], frozenset[str]], ...]


def _variant(
    text_key: str, avoid: Iterable[str] = ()
) -> tuple[str, tuple[str, ...], frozenset[str]]:
    """A variant whose text and sources are ``PLAN_ADVICE[text_key]``, ruled out by ``avoid``."""
    advice = PLAN_ADVICE[text_key]
    return (advice.text, advice.sources, frozenset(avoid))


def _advice(key: str, text_key: str | None = None) -> AdviceTemplate:
    """Advice with a single variant; its text is ``PLAN_ADVICE[text_key or key]``."""
    return AdviceTemplate(key, (_variant(text_key or key),))


@dataclass(frozen=True)
class _FactorPlan:
    routines: tuple[str, ...] = ()
    break_interval_minutes: int | None = None
    checkins: tuple[str, ...] = ()
    advice: tuple[AdviceTemplate, ...] = ()


BREAK_INTERVAL_MINUTES = 30
CHECKIN_IDS: tuple[str, ...] = ("water", "calcium", "magnesium", "potassium")

_FACTOR_PLANS: dict[str, _FactorPlan] = {
    "prolonged_sitting": _FactorPlan(
        routines=("desk-break-2min",),
        break_interval_minutes=BREAK_INTERVAL_MINUTES,
        advice=(
            AdviceTemplate(
                "prolonged_sitting",
                (
                    _variant("prolonged_sitting", {"big_toe"}),
                    _variant("prolonged_sitting.seated"),
                ),
            ),
        ),
    ),
    "footwear": _FactorPlan(advice=(_advice("footwear"),)),
    "overuse": _FactorPlan(
        routines=("desk-stretch-5min",),
        advice=(_advice("overuse"),),
    ),
    "plantar_fascia": _FactorPlan(
        routines=("morning-heel-arch",),
        advice=(
            AdviceTemplate(
                "plantar_fascia",
                (
                    _variant(
                        "plantar_fascia.stretch_and_roll",
                        {"big_toe", "massage", "barefoot", "cold"},
                    ),
                    _variant("plantar_fascia.stretch_only", {"big_toe"}),
                ),
            ),
        ),
    ),
    "hydration": _FactorPlan(
        checkins=("water",),
        advice=(_advice("hydration"),),
    ),
    "minerals_diet": _FactorPlan(
        checkins=("calcium", "magnesium", "potassium"),
        advice=(_advice("minerals_diet"),),
    ),
    "nerve": _FactorPlan(advice=(_advice("nerve"),)),
    "circulation": _FactorPlan(advice=(_advice("circulation"),)),
    "gout_pattern": _FactorPlan(advice=(_advice("gout_pattern"),)),
    "medicine": _FactorPlan(advice=(_advice("medicine"),)),
    "pregnancy": _FactorPlan(
        routines=("bedtime-cramp",),
        advice=(_advice("pregnancy"),),
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

_BEDTIME_ADVICE = _advice("bedtime-cramp")
_DURING_CRAMP_ADVICE = AdviceTemplate(
    "during-cramp",
    (
        _variant("during-cramp.stretch_and_rub", {"massage", "big_toe"}),
        _variant("during-cramp.stretch_and_walk", {"big_toe"}),
        _variant("during-cramp.gentle"),
    ),
)


# v2: every self-care result ends with safety-netting; a soon result keeps the same-day and
# emergency lines for the days before the appointment.
_SAFETY_NET_SELF_CARE = _advice("safety-net", "safety-net.self-care")
_SAFETY_NET_SOON = _advice("safety-net", "safety-net.soon")

ADVICE_TEMPLATES: tuple[AdviceTemplate, ...] = (
    *(a for fp in _FACTOR_PLANS.values() for a in fp.advice),
    _BEDTIME_ADVICE,
    _DURING_CRAMP_ADVICE,
    _SAFETY_NET_SELF_CARE,
    _SAFETY_NET_SOON,
)
"""Every advice template, in the order the advice inventory lists them."""


def _pick(advice: AdviceTemplate, blocked: set[str], region: str) -> AdviceItem | None:
    for text, sources, avoid in advice.variants:
        if not avoid & blocked:
            return AdviceItem(render(text, region), sources)
    return None


def emergency_box(region: str = "uk") -> AdviceItem:
    """The emergency box shown before the questionnaire, with the region's number."""
    return AdviceItem(render(EMERGENCY_BOX.text, region), EMERGENCY_BOX.sources)


def build_plan(
    tier: Tier, factors: set[str], fired: set[str], blocked: set[str], region: str
) -> Plan:
    """The plan for a result: ``factors`` and ``fired`` rules are ids, ``blocked`` lock tags.

    Empty at emergency and urgent tiers, and whenever everything is locked.
    """
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
