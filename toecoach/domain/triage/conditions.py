"""The condition tree that rules, factors and locks are written in.

Conditions are data, not code, so rules can be listed, described in the spec's notation and
tested; they read answers only through question ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from toecoach.domain.triage.questions import UNSURE, Answer, fmt_number


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
        return f"{self.qid} >= {fmt_number(self.threshold)}"


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
        return dedupe(k for p in self.parts for k in p.because(answers))

    def question_ids(self) -> list[str]:
        return dedupe(k for p in self.parts for k in p.question_ids())

    def describe(self) -> str:
        return " and ".join(_wrap(p) for p in self.parts)


@dataclass(frozen=True)
class AnyOf(Condition):
    parts: tuple[Condition, ...]

    def holds(self, answers: Mapping[str, Answer]) -> bool:
        return any(p.holds(answers) for p in self.parts)

    def because(self, answers: Mapping[str, Answer]) -> list[str]:
        return dedupe(k for p in self.parts if p.holds(answers) for k in p.because(answers))

    def question_ids(self) -> list[str]:
        return dedupe(k for p in self.parts for k in p.question_ids())

    def describe(self) -> str:
        return " or ".join(_wrap(p) for p in self.parts)


def _wrap(cond: Condition) -> str:
    text = cond.describe()
    return f"({text})" if isinstance(cond, AllOf | AnyOf) and len(cond.parts) > 1 else text


def dedupe(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        seen.setdefault(item, None)
    return list(seen)


def all_of(*parts: Condition) -> AllOf:
    return AllOf(tuple(parts))


def any_of(*parts: Condition) -> AnyOf:
    return AnyOf(tuple(parts))


def yes_any(*qids: str) -> AnyOf:
    return AnyOf(tuple(Yes(q) for q in qids))
