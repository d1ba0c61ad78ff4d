"""Every user-facing advice text with its source ids, for tests, docs and the source list."""

from __future__ import annotations

from toecoach.domain.triage.factors import FACTORS
from toecoach.domain.triage.plan import ADVICE_TEMPLATES, AdviceItem, emergency_box
from toecoach.domain.triage.rules import RULES, render
from toecoach.domain.triage.texts import DISCLAIMER, DISCLAIMER_SOURCES


def all_advice(region: str = "uk") -> list[tuple[str, AdviceItem]]:
    """Every user-facing advice text, rendered for ``region``, labelled by origin
    (``rule:ID``, ``factor:ID``, ``plan:KEY``, ``disclaimer``, ``emergency_box``)."""
    items: list[tuple[str, AdviceItem]] = []
    for rule in RULES:
        items.append((f"rule:{rule.id}", AdviceItem(render(rule.advice, region), rule.sources)))
    for factor in FACTORS:
        items.append((f"factor:{factor.id}", AdviceItem(factor.why, factor.sources)))
    for template in ADVICE_TEMPLATES:
        for text, sources, _avoid in template.variants:
            items.append((f"plan:{template.key}", AdviceItem(render(text, region), sources)))
    items.append(("disclaimer", AdviceItem(DISCLAIMER, DISCLAIMER_SOURCES)))
    items.append(("emergency_box", emergency_box(region)))
    return items


def all_source_ids_used() -> set[str]:
    """Every source id cited by any advice text."""
    return {s for _origin, item in all_advice() for s in item.sources}
