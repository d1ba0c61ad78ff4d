"""What cramp rescue shows, by the latest triage (triage spec v2, interfaces "cramp-rescue").

Pure: the triage effects, the rescue exercise's steps and the region come in, the lines to
show come out. The screen only draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

from toecoach.domain.effects import TriageEffects
from toecoach.domain.episodes import LONG_CRAMP_SECONDS

__all__ = ["LONG_CRAMP_SECONDS", "RESCUE_EXERCISE", "RescueContent", "rescue_content"]

RESCUE_EXERCISE = "cramp-stretch-rub"  # whose steps rescue shows

# Shown first in every rescue (but an emergency one): a clot can feel like a cramp [S16][S70].
CLOT_LINE = (
    "If one calf is swollen, warm, red or tender and it does not settle, do not rub it: it "
    "could be a clot. Get medical help today. With chest pain or breathlessness, call "
    "{emergency_number} now."
)
CLOT_SOURCES: tuple[str, ...] = ("S16", "S70")
WAIT_LINE = "Sit or lie down while you wait."
LONG_CRAMP_LINE = "This cramp has lasted more than 10 minutes. {urgent_headline}."

FALLBACK_STEPS: tuple[str, ...] = (
    "Stretch the cramped muscle gently: straighten your leg and bring your foot up towards you.",
    "If the cramp has not eased after 10 minutes, get medical help the same day.",
)


@dataclass(frozen=True)
class RescueContent:
    tier: str | None
    first: tuple[str, ...]  # the triage's call or same-day line and advice, shown first
    clot_line: str | None
    steps: tuple[str, ...]
    wait_line: str | None  # emergency only
    timer: bool  # the running timer and the 10-minute escalation


def rescue_content(
    effects: TriageEffects,
    steps: tuple[str, ...],
    *,
    headline: str,
    emergency_number: str,
) -> RescueContent:
    """``steps``: the rescue exercise's steps already filtered by the locks in force;
    ``headline``: the latest tier's instruction for the region (empty when self-care)."""
    clot = CLOT_LINE.format(emergency_number=emergency_number)
    first: tuple[str, ...] = ()
    if effects.tier in ("emergency", "urgent"):
        # The headline once: advice that repeats it word for word drops the repeat.
        said = headline + "."
        advice = tuple(" ".join(a.replace(said, "").split()) for a in effects.advice)
        first = (said, *(a for a in advice if a))
    if effects.tier == "emergency":
        # Only the call: no stretching, standing or walking while help is on its way.
        return RescueContent(effects.tier, first, None, (), WAIT_LINE, timer=False)
    return RescueContent(effects.tier, first, clot, steps or FALLBACK_STEPS, None, timer=True)
