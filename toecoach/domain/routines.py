"""Exercise, massage and routine files: parsing, validation, timing and safety locks.

Pure: files come in as text with a label (their path) and go out as frozen dataclasses or
``ContentError``s that name the file, the line where possible, the field path and what is
expected. Reading the files from disk is ``toecoach.services.library``'s job. The schema is
documented in ``exercises/README.md``.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

SCHEMA_VERSION = 1
LOCK_TAGS: tuple[str, ...] = ("all", "massage", "barefoot", "standing", "big_toe", "cold", "heat")
CRAMP_RESCUE_ID = "cramp-rescue"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 2000
# Bounds on a routine file's totals, so a hand-written file cannot ask the player for
# thousands of phases or a day of holds (each dose field has its own bound too).
MAX_ROUTINE_ITEMS = 40
MAX_ROUTINE_SECONDS = 2 * 60 * 60
REST_BETWEEN_REPS_SECONDS = 2
SECONDS_PER_UNTIMED_REP = 4
SWITCH_SIDE_SECONDS = 5


class ContentError(ValueError):
    def __init__(self, label: str, field_path: str, message: str, line: int | None = None) -> None:
        where = f"{label}, line {line}" if line else label
        super().__init__(
            f"{where}: {field_path}: {message}" if field_path else f"{where}: {message}"
        )
        self.label = label
        self.field_path = field_path
        self.line = line


@dataclass(frozen=True)
class Span:
    """A single value or an inclusive range, e.g. reps 10 or 10-20 marbles."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True)
class Dose:
    reps: Span | None = None
    sets: int = 1
    hold_seconds: Span | None = None
    rest_seconds: int = 0
    per_side: bool = False
    duration_seconds: Span | None = None
    duration_text: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class Step:
    text: str
    seconds: int | None = None
    blocked_by: tuple[str, ...] = ()
    # Shown only while one of these locks is in force: the safe variant of a step that
    # ``blocked_by`` leaves out (e.g. a foot stretch that spares the big toe under gout).
    only_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """A source from the clinical brief. ``url`` is empty where the brief has no page (a team
    suggestion); ``note`` says which parts are team suggestions rather than sourced facts."""

    id: str
    title: str
    url: str
    note: str = ""


PROGRESSION_FIELDS: dict[str, tuple[int, int]] = {
    # field -> the bounds a [dose] value of it has
    "reps": (1, 500),
    "hold_seconds": (1, 600),
    "duration_seconds": (1, 3600),
}
DEFAULT_RUNS_PER_STEP = 3  # AAOS: maintenance 3-5 days a week, so about one step a week


@dataclass(frozen=True)
class Progression:
    """How an exercise's dose builds up over weeks (``[progression]`` in its file).

    ``ranges`` maps a dose field (reps, hold_seconds, duration_seconds) to the span from the
    first day's value to the most it ever asks for; ``weeks`` steps take it from one to the
    other, one step per ``runs_per_step`` good runs."""

    ranges: tuple[tuple[str, Span], ...]
    weeks: int
    runs_per_step: int
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    name: str
    kind: str
    position: str
    equipment: tuple[str, ...]
    summary: str
    blocked_by: tuple[str, ...]
    cautions: tuple[str, ...]
    steps: tuple[Step, ...]
    dose: Dose
    sources: tuple[Source, ...]
    origin: str = ""
    progression: Progression | None = None


@dataclass(frozen=True)
class RoutineItem:
    exercise: str
    dose: Dose  # the exercise's dose with the routine's lighter overrides applied
    note: str = ""
    overrides: tuple[str, ...] = ()  # the dose fields this routine set (a cap on progression)


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    summary: str
    when: str
    items: tuple[RoutineItem, ...]
    origin: str = ""


@dataclass
class Library:
    exercises: dict[str, Exercise] = field(default_factory=dict)
    routines: dict[str, Routine] = field(default_factory=dict)
    errors: list[ContentError] = field(default_factory=list)


# -- locating lines (tomllib gives positions only for syntax errors) ----------------------


def _line_for(text: str, path: str) -> int | None:
    """Best effort: the line of ``dose.reps`` or ``steps[2].text`` in a TOML text."""
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    lines = text.splitlines()
    table: str | None = None
    index: int | None = None
    key = parts[-1] if parts and not parts[-1].startswith("[") else None
    if len(parts) >= 2:
        table = parts[0]
        if parts[1].startswith("["):
            index = int(parts[1][1:-1])
    seen = -1
    current: str | None = None
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        header = re.match(r"^\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            current = header.group(1)
            if line.startswith("[[") and current == table:
                seen += 1
                if index is not None and seen == index and key is None:
                    return number
            continue
        if key is None:
            continue
        if re.match(rf"^{re.escape(key)}\s*=", line):
            in_table = (table is None and current is None) or (
                table == current and (index is None or seen == index)
            )
            if in_table:
                return number
    if table is not None and key is None:
        return None
    return None


class _Checker:
    def __init__(self, label: str, text: str) -> None:
        self.label = label
        self.text = text

    def error(self, path: str, message: str) -> ContentError:
        return ContentError(self.label, path, message, _line_for(self.text, path))

    def text_field(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = True,
                   max_len: int = MAX_TEXT) -> str:  # fmt: skip
        if key not in data:
            if required:
                raise self.error(path, "is missing; expected text")
            return ""
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.error(path, f"is {_show(value)}; expected non-empty text")
        if len(value) > max_len:
            raise self.error(path, f"is {len(value)} characters; {max_len} at most")
        return value

    def choice(self, data: Mapping[str, Any], key: str, path: str, allowed: tuple[str, ...]) -> str:
        value = data.get(key)
        if value not in allowed:
            raise self.error(path, f"is {_show(value)}; expected one of {', '.join(allowed)}")
        return str(value)

    def integer(self, data: Mapping[str, Any], key: str, path: str, low: int, high: int,
                default: int | None = None) -> int | None:  # fmt: skip
        if key not in data:
            return default
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.error(
                path, f"is {_show(value)}; expected a whole number from {low} to {high}"
            )
        return value

    def span(
        self, data: Mapping[str, Any], key: str, path: str, low: int, high: int
    ) -> Span | None:
        if key not in data:
            return None
        value = data[key]
        expected = (
            f"a whole number from {low} to {high}, or a range like [{low}, {min(high, low + 9)}]"
        )
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return Span(value, value)
        if (
            isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            and low <= value[0] <= value[1] <= high
        ):  # fmt: skip
            return Span(value[0], value[1])
        raise self.error(path, f"is {_show(value)}; expected {expected}")

    def boolean(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            raise self.error(path, f"is {_show(value)}; expected true or false")
        return value

    def text_list(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(path, f"is {_show(value)}; expected a list of text")
        for item in value:
            if len(item) > MAX_TEXT:
                raise self.error(
                    path, f"has an entry of {len(item)} characters; {MAX_TEXT} at most"
                )
        return tuple(value)

    def tags(self, data: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        allowed = LOCK_TAGS[1:]
        if not isinstance(value, list) or not all(v in allowed for v in value):
            raise self.error(path, f"is {_show(value)}; expected a list of {', '.join(allowed)}")
        return tuple(value)

    def table(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool
    ) -> dict[str, Any]:
        if key not in data:
            if required:
                raise self.error(path, "is missing; expected a table")
            return {}
        value = data[key]
        if not isinstance(value, dict):
            raise self.error(path, f"is {_show(value)}; expected a table [{path}]")
        return value

    def tables(self, data: Mapping[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = data.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.error(path, f"is {_show(value)}; expected at least one [[{path}]] table")
        return value

    def unknown(self, data: Mapping[str, Any], known: Iterable[str], path: str) -> None:
        extra = sorted(set(data) - set(known))
        if extra:
            where = f"{path}.{extra[0]}" if path else extra[0]
            raise self.error(where, f"is not a known field; known: {', '.join(sorted(known))}")


def _show(value: object) -> str:
    if value is None:
        return "missing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- parsing --------------------------------------------------------------------------------

_DOSE_FIELDS = ("reps", "sets", "hold_seconds", "rest_seconds", "per_side", "duration_seconds",
                "duration_text", "frequency")  # fmt: skip
_EXERCISE_FIELDS = ("schema", "id", "name", "kind", "position", "equipment", "summary",
                    "blocked_by", "cautions", "steps", "dose", "sources",
                    "progression")  # fmt: skip
_PROGRESSION_FIELDS = (*PROGRESSION_FIELDS, "weeks", "runs_per_step", "sources")
_ROUTINE_FIELDS = ("schema", "id", "name", "summary", "when", "items")


def _load_toml(label: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise ContentError(label, "", "nested too deeply to be an exercise or routine") from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ContentError(label, "", f"not valid TOML: {error}",
                           int(match.group(1)) if match else None) from None  # fmt: skip


def _check_header(c: _Checker, data: Mapping[str, Any], stem: str | None) -> str:
    schema = c.integer(data, "schema", "schema", 1, 1000)
    if schema is None:
        raise c.error("schema", f"is missing; expected {SCHEMA_VERSION}")
    if schema > SCHEMA_VERSION:
        raise c.error("schema", f"is {schema}; this toecoach reads schema {SCHEMA_VERSION}")
    ident = c.text_field(data, "id", "id", max_len=64)
    if not _ID.match(ident):
        raise c.error("id", f"is {_show(ident)}; expected lowercase letters, digits and hyphens")
    if stem is not None and stem != ident:
        raise c.error("id", f"is {_show(ident)}; expected it to match the file name {stem!r}")
    return ident


def _parse_dose(c: _Checker, data: Mapping[str, Any], path: str, base: Dose | None) -> Dose:
    dose = base or Dose()
    c.unknown(data, _DOSE_FIELDS if base is None else (*_DOSE_FIELDS, "exercise", "note"), path)
    p = (lambda key: f"{path}.{key}") if path else (lambda key: key)
    changes: dict[str, Any] = {}
    for key, low, high in (
        ("reps", 1, 500),
        ("hold_seconds", 1, 600),
        ("duration_seconds", 1, 3600),
    ):
        value = c.span(data, key, p(key), low, high)
        if value is not None:
            changes[key] = value
    sets = c.integer(data, "sets", p("sets"), 1, 20)
    if sets is not None:
        changes["sets"] = sets
    rest = c.integer(data, "rest_seconds", p("rest_seconds"), 0, 600)
    if rest is not None:
        changes["rest_seconds"] = rest
    if "per_side" in data:
        changes["per_side"] = c.boolean(data, "per_side", p("per_side"), False)
    for key in ("duration_text", "frequency"):
        if key in data:
            changes[key] = c.text_field(data, key, p(key), max_len=200)
    return replace(dose, **changes)


def parse_exercise(text: str, label: str, stem: str | None = None) -> Exercise:
    data = _load_toml(label, text)
    c = _Checker(label, text)
    ident = _check_header(c, data, stem)
    c.unknown(data, _EXERCISE_FIELDS, "")
    kind = c.choice(data, "kind", "kind", ("exercise", "massage"))
    steps = []
    for i, raw in enumerate(c.tables(data, "steps", "steps")):
        path = f"steps[{i}]"
        c.unknown(raw, ("text", "seconds", "blocked_by", "only_with"), path)
        steps.append(Step(
            text=c.text_field(raw, "text", f"{path}.text"),
            seconds=c.integer(raw, "seconds", f"{path}.seconds", 1, 1800),
            blocked_by=c.tags(raw, "blocked_by", f"{path}.blocked_by"),
            only_with=c.tags(raw, "only_with", f"{path}.only_with"),
        ))  # fmt: skip
    dose = _parse_dose(c, c.table(data, "dose", "dose", required=True), "dose", None)
    if kind == "massage" and not dose.duration_text:
        raise c.error(
            "dose.duration_text", 'is missing; massage needs one, e.g. "2 minutes per foot"'
        )
    if dose.reps is None and dose.duration_seconds is None and not any(s.seconds for s in steps):
        raise c.error("dose", "needs reps, duration_seconds or timed steps, so its time is known")
    sources = []
    for i, raw in enumerate(c.tables(data, "sources", "sources")):
        path = f"sources[{i}]"
        c.unknown(raw, ("id", "title", "url", "note"), path)
        source_id = c.text_field(raw, "id", f"{path}.id", max_len=10)
        if not re.fullmatch(r"S\d+[a-z]?", source_id):
            raise c.error(
                f"{path}.id", f"is {_show(source_id)}; expected a brief source id like S46"
            )
        note = c.text_field(raw, "note", f"{path}.note", required=False, max_len=300)
        # A source with no page must say why (the brief's "team suggestion").
        url = c.text_field(raw, "url", f"{path}.url", required=not note, max_len=500)
        sources.append(Source(source_id, c.text_field(raw, "title", f"{path}.title", max_len=300),
                              url, note))  # fmt: skip
    progression = None
    if "progression" in data:
        raw_progression = c.table(data, "progression", "progression", required=True)
        progression = _parse_progression(c, raw_progression, dose, {s.id for s in sources})
    return Exercise(
        id=ident,
        name=c.text_field(data, "name", "name", max_len=80),
        kind=kind,
        position=c.choice(data, "position", "position", ("seated", "standing")),
        equipment=c.text_list(data, "equipment", "equipment"),
        summary=c.text_field(data, "summary", "summary", max_len=300),
        blocked_by=c.tags(data, "blocked_by", "blocked_by"),
        cautions=c.text_list(data, "cautions", "cautions"),
        steps=tuple(steps),
        dose=dose,
        sources=tuple(sources),
        origin=label,
        progression=progression,
    )


def _parse_progression(c: _Checker, data: Mapping[str, Any], dose: Dose,
                       source_ids: set[str]) -> Progression:  # fmt: skip
    """A progression never asks for more than the file's own [dose] (its maximum), starts no
    higher than it ends, and names sources that the file lists (so they are from the brief)."""
    c.unknown(data, _PROGRESSION_FIELDS, "progression")
    ranges: list[tuple[str, Span]] = []
    for key, (low, high) in PROGRESSION_FIELDS.items():
        if key not in data:
            continue
        path = f"progression.{key}"
        value = data[key]
        if not (
            isinstance(value, list) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):  # fmt: skip
            raise c.error(path, f"is {_show(value)}; expected [start, most], e.g. [5, 10]")
        start, most = value
        if not low <= start <= high or not low <= most <= high:
            raise c.error(path, f"is {_show(value)}; each value from {low} to {high}")
        if start > most:
            raise c.error(
                path, f"is {_show(value)}; the start ({start}) is above the most ({most})"
            )
        full: Span | None = getattr(dose, key)
        if full is None:
            raise c.error(path, f"has no {key} in [dose] to build up to")
        if most > full.high:
            raise c.error(
                path, f"goes up to {most}, above the maximum of {full.high} in dose.{key}"
            )
        ranges.append((key, Span(start, most)))
    if not ranges:
        raise c.error("progression", f"needs one of {', '.join(PROGRESSION_FIELDS)}")
    weeks = c.integer(data, "weeks", "progression.weeks", 1, 52)
    if weeks is None:
        raise c.error("progression.weeks", "is missing; expected a whole number from 1 to 52")
    runs = c.integer(data, "runs_per_step", "progression.runs_per_step", 1, 20,
                     DEFAULT_RUNS_PER_STEP)  # fmt: skip
    sources = c.text_list(data, "sources", "progression.sources")
    if not sources:
        raise c.error(
            "progression.sources", 'is missing; expected the ids backing it, e.g. ["S44"]'
        )
    unknown = [s for s in sources if s not in source_ids]
    if unknown:
        raise c.error(
            "progression.sources",
            f"names {', '.join(unknown)}, not among this file's [[sources]]: "
            f"{', '.join(sorted(source_ids))}",
        )
    return Progression(tuple(ranges), weeks, runs or DEFAULT_RUNS_PER_STEP, sources)


def parse_routine(text: str, label: str, exercises: Mapping[str, Exercise],
                  stem: str | None = None) -> Routine:  # fmt: skip
    data = _load_toml(label, text)
    c = _Checker(label, text)
    ident = _check_header(c, data, stem)
    c.unknown(data, _ROUTINE_FIELDS, "")
    items = []
    raw_items = c.tables(data, "items", "items")
    if len(raw_items) > MAX_ROUTINE_ITEMS:
        raise c.error("items", f"has {len(raw_items)} items; {MAX_ROUTINE_ITEMS} at most")
    seconds = 0
    for i, raw in enumerate(raw_items):
        path = f"items[{i}]"
        exercise_id = c.text_field(raw, "exercise", f"{path}.exercise", max_len=64)
        if exercise_id not in exercises:
            raise c.error(
                f"{path}.exercise", f"{exercise_id!r} is not a known exercise or technique"
            )
        dose = _parse_dose(c, raw, path, exercises[exercise_id].dose)
        overrides = tuple(k for k in _DOSE_FIELDS if k in raw)
        seconds += sum(p.seconds for p in _item_phases(i, exercises[exercise_id], dose, set()))
        if seconds > MAX_ROUTINE_SECONDS:
            raise c.error(path, f"takes the routine past {MAX_ROUTINE_SECONDS // 3600} hours; "
                          "a routine may last 2 hours at most")  # fmt: skip
        items.append(RoutineItem(exercise_id, dose, c.text_field(raw, "note", f"{path}.note",
                                                                 required=False, max_len=300),
                                 overrides))  # fmt: skip
    return Routine(
        id=ident,
        name=c.text_field(data, "name", "name", max_len=80),
        summary=c.text_field(data, "summary", "summary", max_len=300),
        when=c.text_field(data, "when", "when", required=False, max_len=200),
        items=tuple(items),
        origin=label,
    )


@dataclass(frozen=True)
class ContentFile:
    label: str  # the path, for messages
    stem: str
    text: str
    is_routine: bool


def build_library(shipped: Iterable[ContentFile], user: Iterable[ContentFile] = ()) -> Library:
    """Shipped files, then the user's, which extend or override them by id.

    A bad file is skipped with its message in ``errors``; every other file still loads.
    """
    library = Library()
    files = [*shipped, *user]
    for file in files:
        if file.is_routine:
            continue
        try:
            exercise = parse_exercise(file.text, file.label, file.stem)
        except ContentError as error:
            library.errors.append(error)
            continue
        library.exercises[exercise.id] = exercise
    for file in files:
        if not file.is_routine:
            continue
        try:
            routine = parse_routine(file.text, file.label, library.exercises, file.stem)
        except ContentError as error:
            library.errors.append(error)
            continue
        library.routines[routine.id] = routine
    return library


# -- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phase:
    """One thing on screen at a time: a hold, a rest, a switch of foot, a timed step."""

    kind: str  # "hold", "relax", "rest", "work", "timed", "step", "switch"
    item: int  # index into the routine's items
    seconds: int
    title: str
    side: str | None = None  # "right", "left" or None
    set_no: int = 1
    sets: int = 1
    rep_no: int = 0
    reps: int = 0
    text: str = ""


def _item_phases(index: int, exercise: Exercise, dose: Dose, locks: set[str]) -> list[Phase]:
    phases: list[Phase] = []
    sides: list[str | None] = ["right", "left"] if dose.per_side else [None]
    timed_steps = [s for s in exercise.steps if s.seconds and not (set(s.blocked_by) & locks)]
    for side in sides:
        if side == "left":
            phases.append(
                Phase("switch", index, SWITCH_SIDE_SECONDS, "Switch to the left foot", side)
            )
        if dose.duration_seconds is not None:
            phases.append(Phase("timed", index, dose.duration_seconds.low, exercise.name, side))
            continue
        if dose.reps is None:
            for step in timed_steps:
                phases.append(
                    Phase("step", index, step.seconds or 0, exercise.name, side, text=step.text)
                )
            continue
        reps = dose.reps.low
        for set_no in range(1, dose.sets + 1):
            if dose.hold_seconds is not None:
                for rep in range(1, reps + 1):
                    phases.append(Phase("hold", index, dose.hold_seconds.low, "Hold", side, set_no,
                                        dose.sets, rep, reps))  # fmt: skip
                    if rep < reps:
                        phases.append(Phase("relax", index, REST_BETWEEN_REPS_SECONDS, "Relax", side,
                                            set_no, dose.sets, rep, reps))  # fmt: skip
            else:
                phases.append(Phase("work", index, reps * SECONDS_PER_UNTIMED_REP,
                                    f"{reps} slow repetitions", side, set_no, dose.sets, 0, reps))  # fmt: skip
            if set_no < dose.sets and dose.rest_seconds:
                phases.append(
                    Phase("rest", index, dose.rest_seconds, "Rest", side, set_no, dose.sets)
                )
    return phases


def routine_phases(routine: Routine, library: Library, locks: Iterable[str] = ()) -> list[Phase]:
    lock_set = set(locks)
    phases: list[Phase] = []
    for index, item in enumerate(routine.items):
        phases += _item_phases(index, library.exercises[item.exercise], item.dose, lock_set)
    return phases


def routine_seconds(routine: Routine, library: Library) -> int:
    return sum(p.seconds for p in routine_phases(routine, library))


def format_duration(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    minutes, secs = divmod(seconds, 60)
    if minutes and secs:
        return f"{minutes} min {secs} s"
    return f"{minutes} min" if minutes else f"{secs} s"


# -- safety locks ---------------------------------------------------------------------------


def routine_tags(routine: Routine, library: Library) -> tuple[str, ...]:
    tags: set[str] = set()
    for item in routine.items:
        tags |= set(library.exercises[item.exercise].blocked_by)
    return tuple(t for t in LOCK_TAGS if t in tags)


def routine_locked_by(routine: Routine, library: Library,
                      locks_in_force: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:  # fmt: skip
    """Lock tag -> the triage answers behind it, for every lock that stops this routine.

    ``cramp-rescue`` is never blocked (it drops the steps its locks forbid instead).
    """
    if routine.id == CRAMP_RESCUE_ID:
        return {}
    blocking: dict[str, list[str]] = {}
    tags = set(routine_tags(routine, library))
    for tag, because in locks_in_force.items():
        if tag == "all" or tag in tags:
            blocking[tag] = list(because)
    return blocking


def visible_steps(exercise: Exercise, locks: Iterable[str]) -> tuple[Step, ...]:
    """The steps to show under ``locks``. The ``all`` lock (an emergency or urgent triage)
    counts as every lock at once: only the plain steps and the safe variants remain."""
    lock_set = set(LOCK_TAGS) if "all" in set(locks) else set(locks)

    def shown(step: Step) -> bool:
        if set(step.blocked_by) & lock_set:
            return False
        return not step.only_with or bool(set(step.only_with) & lock_set)

    return tuple(s for s in exercise.steps if shown(s))


def describe_dose(dose: Dose) -> str:
    """Plain words for a dose, e.g. ``hold 5 s, 10 reps, 2 sets, each foot``."""
    parts: list[str] = []
    if dose.duration_text:
        parts.append(dose.duration_text)
    elif dose.duration_seconds is not None:
        parts.append(f"{dose.duration_seconds} s")
    if dose.hold_seconds is not None:
        parts.append(f"hold {dose.hold_seconds} s")
    if dose.reps is not None:
        parts.append(f"{dose.reps} reps")
    if dose.sets > 1:
        parts.append(f"{dose.sets} sets")
    if dose.rest_seconds:
        parts.append(f"rest {dose.rest_seconds} s between sets")
    if dose.per_side and not dose.duration_text:
        parts.append("each foot")
    return ", ".join(parts)
