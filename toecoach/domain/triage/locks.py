"""Safety locks: which answers block which kinds of exercise, and which routines they stop.

The spec's lock table is a safety contract of its own; the plan only consults it, so it is
kept apart from plan building.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from toecoach.domain.triage.conditions import Condition, Yes, any_of, yes_any
from toecoach.domain.triage.factors import FACTOR_INFO

LOCK_TAGS: tuple[str, ...] = ("all", "massage", "barefoot", "standing", "big_toe", "cold", "heat")
"""Lock tags in the spec's order (``blocked`` is sorted in this order)."""


@dataclass(frozen=True)
class LockRow:
    condition: Condition
    tags: tuple[str, ...]


LOCK_ROWS: tuple[LockRow, ...] = (
    LockRow(Yes("calf_swelling_one_side"), ("massage",)),
    LockRow(yes_any("wound_or_sore", "red_hot_skin"), ("massage", "barefoot")),
    LockRow(Yes("hot_swollen_joint"), ("big_toe", "massage")),
    # v2: with numb feet you cannot judge pressure or temperature either.
    LockRow(yes_any("new_loss_of_feeling", "numbness_tingling"), ("massage", "heat", "cold")),
    # factor nerve or factor circulation
    LockRow(
        any_of(FACTOR_INFO["nerve"].condition, FACTOR_INFO["circulation"].condition),
        ("heat", "cold"),
    ),
    # v2: no barefoot exercises with diabetes or numb feet.
    LockRow(FACTOR_INFO["nerve"].condition, ("barefoot",)),
    # v2: ask a clinician before self-massage on a blood thinner.
    LockRow(Yes("blood_thinner"), ("massage",)),
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
