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


def _advice(
    key: str, text: str, sources: tuple[str, ...], avoid: Iterable[str] = ()
) -> AdviceTemplate:
    return AdviceTemplate(key, ((text, sources, frozenset(avoid)),))


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
            AdviceTemplate(
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
_DURING_CRAMP_ADVICE = AdviceTemplate(
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
    return AdviceItem(render(_EMERGENCY_BOX, region), _EMERGENCY_BOX_SOURCES)


def build_plan(
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
