"""The one registry of stored record kinds (pure).

Every kind of record toecoach stores is one ``RecordKind`` here: its name, the table that
holds it (the only place a record table's name is written), its partition (a month file
``log-YYYY-MM.json`` or ``main.json``), the fields readers touch and what each must be, the
further checks and the command line's bounds that import applies, how it is said to a
person, and whether a person may edit it or undo it. Storage (which tables exist, which file
a record goes to), import validation, export, undo, history and the day view all derive
from ``KINDS``; ``tests/test_kinds.py`` runs the import tests over every kind, so a new kind
is tested as soon as it is registered, and fails a test if storage writes it unregistered.

Two kinds may share a table (a walk and a reminder event are both ``breaks``; a routine run
and a cramp rescue both ``runs``): ``kind_of(table, record)`` tells which, from the record.
The stored JSON is exactly as interfaces v2 fixes it; the registry only describes it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from toecoach.domain import schema
from toecoach.domain.episodes import (
    DURING,
    FEET,
    MAX_DURATION_SECONDS,
    MAX_WALK_MINUTES,
    TOES,
    is_exercise_pain,
)
from toecoach.domain.intake import ENTRY_CAP, MAX_SERVINGS, NOTE_MAX_CHARS, Units, describe_record
from toecoach.domain.runs import is_rescue
from toecoach.domain.text import plural
from toecoach.domain.times import REST_DAYS_AHEAD


class Partition(StrEnum):
    MONTH = "month"  # log-YYYY-MM.json by the record's local day: high-volume records
    MAIN = "main"  # main.json: few, long-lived records


Record = Mapping[str, Any]
Check = tuple[Callable[[Any], bool], str]  # (accepts the value, what is expected in words)
RoutineNames = Mapping[str, str] | None


def _text(value: Any) -> bool:
    return isinstance(value, str)


TEXT: Check = (_text, "text")
NUMBER: Check = (schema.is_number, "a number")
WHOLE: Check = (schema.is_int, "a whole number")
FLAG: Check = (lambda v: isinstance(v, bool), "true or false")
OBJECT: Check = (lambda v: isinstance(v, Mapping), "an object")
TEXT_LIST: Check = (lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v), "a list")

# Fields any record may carry, and what readers need them to be when present.
COMMON_FIELDS: Mapping[str, Check] = {"created_ns": WHOLE, "kind": TEXT, "note": TEXT}


def _no_problem(_record: Record) -> str | None:
    return None


def _no_bounds(_record: Record, _now: datetime) -> list[str]:
    return []


@dataclass(frozen=True)
class RecordKind:
    """One kind of stored record. ``fields``: optional fields readers touch (a present one
    of the wrong type makes the record unreadable); ``required``: fields a record of this
    kind must have (import refuses it without; readers too where ``check`` says so);
    ``check``: further shape checks readers need; ``bounds``: the command line's limits,
    which import applies on top."""

    name: str
    table: str
    partition: Partition
    label: str  # one word for lists (the day view's "what" column)
    describer: Callable[[Record, Units, RoutineNames], str]
    example: Callable[[datetime], dict[str, Any]]  # a valid record of this kind (docs, tests)
    matches: Callable[[Record], bool] = lambda _record: True  # among the table's kinds
    fields: Mapping[str, Check] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    check: Callable[[Record], str | None] = _no_problem
    bounds: Callable[[Record, datetime], list[str]] = _no_bounds
    editable: bool = False  # the day view may edit it (amount or minutes, and the note)
    undoable: bool = False  # `undo` without a journal may remove it (a hand-logged check-in)

    def validate(self, record: Any) -> list[str]:
        """Why a stored record of this kind cannot be read safely (empty: it can)."""
        problem = readable_problem(self.table, record, self)
        return [problem] if problem else []

    def describe(
        self, record: Record, units: Units = "metric", routine_names: RoutineNames = None
    ) -> str:
        """The record in a few words, the same everywhere (CLI, day view, undo)."""
        return self.describer(record, units, routine_names)


# -- how each kind is said -------------------------------------------------------------------


def _describe_intake(record: Record, units: Units, _names: RoutineNames) -> str:
    return describe_record(record, units)


def _given(record: Record, name: str, default: str) -> str:
    """A field as text; null reads as absent (as the record checks read it)."""
    value = record.get(name)
    return default if value is None else str(value)


def _describe_walk(record: Record, _units: Units, _names: RoutineNames) -> str:
    minutes = record.get("minutes")
    return "a walk" if minutes is None else f"a {minutes}-minute walk"


def _describe_break(record: Record, _units: Units, _names: RoutineNames) -> str:
    minutes = f" {record['minutes']} min" if record.get("minutes") else ""
    return f"{record.get('kind') or 'break'}{minutes}"


def _describe_run(record: Record, _units: Units, names: RoutineNames) -> str:
    routine = _given(record, "routine", "routine")
    name = (names or {}).get(routine, routine)
    if record.get("finished"):
        return f"{name} (finished)"
    steps = ""
    if record.get("steps_total"):
        done = _given(record, "steps_done", "0")
        steps = f", {done} of {plural(record['steps_total'], 'step')}"
    return f"{name} (stopped early{steps})"


def _describe_rescue(record: Record, _units: Units, _names: RoutineNames) -> str:
    minutes = round(float(record.get("seconds") or 0) / 60)
    escalated = ", help prompt shown" if record.get("escalated") else ""
    return f"cramp rescue ({minutes} min{escalated})"


def _duration(seconds: int) -> str:
    if seconds >= 60:
        return f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else f"{seconds // 60} min"
    return f"{seconds} s"


def _describe_episode(record: Record, _units: Units, _names: RoutineNames) -> str:
    if is_exercise_pain(record):
        return _describe_pain(record)

    parts = [str(record.get(k)) for k in ("foot", "during") if record.get(k)]
    if record.get("toes"):
        parts.append("toes " + ", ".join(str(t) for t in record["toes"]))
    if record.get("severity") is not None:
        parts.append(f"severity {record['severity']}")
    if record.get("duration_seconds"):
        parts.append(_duration(int(record["duration_seconds"])))
    return "spasm " + ", ".join(parts) if parts else "spasm"


def _describe_pain(record: Record) -> str:
    """ "It hurts" in the routine player: pain during an exercise, not a spasm."""
    where = f" ({_given(record, 'area', '')})" if record.get("area") else ""
    severity = f", severity {record['severity']}" if record.get("severity") is not None else ""
    return f"pain during {_given(record, 'exercise', 'an exercise')}{where}{severity}"


def _describe_triage(record: Record, _units: Units, _names: RoutineNames) -> str:
    return f"triage ({record.get('tier') or 'no result'})"


def _describe_plan(record: Record, _units: Units, names: RoutineNames) -> str:
    plan = record.get("plan")
    routines = plan.get("routines", []) if isinstance(plan, Mapping) else []
    shown = ", ".join((names or {}).get(str(r), str(r)) for r in routines)
    return f"plan ({shown or 'no routines'})"


def _describe_rest_day(record: Record, _units: Units, _names: RoutineNames) -> str:
    return f"rest day {_given(record, 'date', '')}".rstrip()


def _describe_feedback(record: Record, _units: Units, _names: RoutineNames) -> str:
    words = {"hurt": "it hurt", "easy": "too easy", "restored": "brought back"}
    verdict = _given(record, "verdict", "feedback")
    return f"{_given(record, 'exercise', 'an exercise')}: {words.get(verdict, verdict)}"


def _describe_consent(record: Record, _units: Units, _names: RoutineNames) -> str:
    return f"disclaimer accepted (version {_given(record, 'disclaimer_version', '?')})"


# -- further checks and bounds -----------------------------------------------------------------


def _intake_check(record: Record) -> str | None:
    if "nutrients" in record:  # readers count a record without as 0; import demands it
        return schema.nutrients_problem(record["nutrients"])
    return None


def _intake_bounds(record: Record, _now: datetime) -> list[str]:
    problems = []
    caps = schema.FOOD_ENTRY_CAP if record.get("food") else ENTRY_CAP
    for key, amount in record["nutrients"].items():
        if amount > caps[key]:
            problems.append(f"nutrients.{key} is {amount:g}; one entry holds at most {caps[key]:g}")
        elif amount <= 0 and not record.get("food"):  # as the command line: a positive amount
            problems.append(f"nutrients.{key} is {amount:g}; expected a positive amount")
    servings = record.get("servings")
    if servings is not None and not 0 < servings <= MAX_SERVINGS:
        problems.append(f"servings is {servings:g}; expected up to {MAX_SERVINGS:g}")
    return problems


def _break_bounds(record: Record, _now: datetime) -> list[str]:
    minutes = record.get("minutes")
    if minutes is not None and not 0 <= minutes <= schema.MAX_BREAK_MINUTES:
        return [f"minutes is {minutes:g}; expected 0 to {schema.MAX_BREAK_MINUTES}"]
    return []


def _walk_bounds(record: Record, _now: datetime) -> list[str]:
    minutes = record.get("minutes")
    if (
        not isinstance(minutes, int)
        or isinstance(minutes, bool)
        or not 1 <= minutes <= MAX_WALK_MINUTES
    ):
        return [f"minutes must be a whole number from 1 to {MAX_WALK_MINUTES}"]
    return []


def _rescue_bounds(record: Record, _now: datetime) -> list[str]:
    seconds = record.get("seconds")
    if not (isinstance(seconds, int) and schema.is_int(seconds)) or not (
        0 <= seconds <= MAX_DURATION_SECONDS
    ):
        return ["seconds must be a whole number of seconds, up to a day"]
    return []


def _episode_bounds(record: Record, _now: datetime) -> list[str]:
    problems = []
    severity = record.get("severity")
    if severity is not None and not 0 <= severity <= 10:
        problems.append("severity must be a whole number from 0 to 10")
    duration = record.get("duration_seconds")
    if duration is not None and not 0 < duration <= MAX_DURATION_SECONDS:
        problems.append("duration_seconds must be a number of seconds, up to a day")
    # The command line's choices (``toecoach episode --help``).
    for name, allowed in (("foot", FEET), ("during", DURING)):
        if record.get(name) is not None and record[name] not in allowed:
            problems.append(f"{name} must be one of {', '.join(allowed)}")
    toes = record.get("toes")
    if toes is not None and not (isinstance(toes, list) and all(t in TOES for t in toes)):
        problems.append(f"toes must be a list of {', '.join(TOES)}")
    return problems


def _rest_day_check(record: Record) -> str | None:
    if schema.parse_day(record.get("date")) is None:
        return "date must be YYYY-MM-DD, from 2000-01-01"
    return None


def _rest_day_bounds(record: Record, now: datetime) -> list[str]:
    day = schema.parse_day(record.get("date"))
    if day is not None and day > now.date() + REST_DAYS_AHEAD:
        return [f"date {day} is more than 366 days ahead"]
    return []


def _is_walk(record: Record) -> bool:
    return record.get("kind") == "walk"


# -- examples (what a record of each kind looks like) ------------------------------------------


def _base(kind: str, now: datetime, **fields: Any) -> dict[str, Any]:
    at = now - timedelta(hours=1)
    return {
        "id": f"example-{kind}",
        "kind": kind,
        "at": at.isoformat(timespec="seconds"),
        "created": now.isoformat(timespec="seconds"),
        "created_ns": int(now.timestamp()) * 1_000_000_000,
        **fields,
    }


_BREAK_FIELDS: Mapping[str, Check] = {"minutes": NUMBER, "sitting_minutes": NUMBER}
_RUN_FIELDS: Mapping[str, Check] = {
    "finished": FLAG,
    "seconds": NUMBER,
    "routine": TEXT,
    "exercises_done": TEXT_LIST,  # the exercises a run got through (progression counts them)
    "steps_done": WHOLE,
    "steps_total": WHOLE,
}
FEEDBACK_VERDICTS = ("hurt", "easy", "restored")  # the player's "it hurts"/"too easy"; a return

KINDS: tuple[RecordKind, ...] = (
    RecordKind(
        "intake", "intake", Partition.MONTH, "check-in", _describe_intake,
        lambda now: _base("intake", now, nutrients={"water": 250.0}, input="250",
                          source="drink"),
        fields={"servings": NUMBER, "food": TEXT, "source": TEXT, "input": TEXT},
        required=("nutrients",), check=_intake_check, bounds=_intake_bounds,
        editable=True, undoable=True,
    ),
    RecordKind(
        "walk", "breaks", Partition.MONTH, "break", _describe_walk,
        lambda now: _base("walk", now, minutes=5, source="log"),
        matches=_is_walk, fields=_BREAK_FIELDS, bounds=_walk_bounds,
        editable=True, undoable=True,
    ),
    RecordKind(
        # A reminder shown, snoozed or skipped, time away, a gap (services.reminders).
        "break_event", "breaks", Partition.MONTH, "break", _describe_break,
        lambda now: _base("reminder", now, sitting_minutes=30),
        matches=lambda record: not _is_walk(record), fields=_BREAK_FIELDS,
        bounds=_break_bounds,
    ),
    RecordKind(
        "run", "runs", Partition.MONTH, "routine", _describe_run,
        lambda now: _base("run", now, routine="desk-stretch-5min", finished=False,
                          steps_done=2, steps_total=5),
        matches=lambda record: not is_rescue(record), fields=_RUN_FIELDS,
        required=("finished",),
    ),
    RecordKind(
        "rescue", "runs", Partition.MONTH, "rescue", _describe_rescue,
        lambda now: _base("rescue", now, routine="cramp-rescue", seconds=190, escalated=False),
        matches=is_rescue, fields=_RUN_FIELDS, required=("seconds",), bounds=_rescue_bounds,
    ),
    RecordKind(
        "episode", "episodes", Partition.MONTH, "episode", _describe_episode,
        lambda now: _base("episode", now, severity=4, foot="left", toes=["big"],
                          duration_seconds=90),
        fields={"severity": WHOLE, "duration_seconds": NUMBER, "foot": TEXT, "during": TEXT,
                "toes": TEXT_LIST,
                # "It hurts" in the routine player: which exercise of which routine, and where.
                "exercise": TEXT, "routine": TEXT, "area": TEXT, "source": TEXT},
        bounds=_episode_bounds,
    ),
    RecordKind(
        "triage", "triage", Partition.MAIN, "triage", _describe_triage,
        lambda now: _base("triage", now, tier="self_care", answers={"pregnant": "no"},
                          result={"blocked": [], "blocked_by": {}}),
        fields={"answers": OBJECT, "tier": TEXT}, required=("result",),
        check=lambda record: schema.triage_result_problem(record.get("result")),
    ),
    RecordKind(
        "plan", "plans", Partition.MAIN, "plan", _describe_plan,
        lambda now: _base("plan", now, triage_id="example-triage",
                          plan={"routines": ["desk-stretch-5min"]}),
        fields={"triage_id": TEXT}, required=("plan",),
        check=lambda record: schema.plan_problem(record.get("plan")),
    ),
    RecordKind(
        "rest_day", "rest_days", Partition.MAIN, "rest day", _describe_rest_day,
        lambda now: _base("rest_day", now, date=now.date().isoformat()),
        required=("date",), check=_rest_day_check, bounds=_rest_day_bounds,
    ),
    RecordKind(
        "feedback", "feedback", Partition.MAIN, "feedback", _describe_feedback,
        lambda now: _base("feedback", now, exercise="towel-scrunch", routine="strength-10min",
                          verdict="hurt", severity=5),
        fields={"routine": TEXT, "severity": WHOLE,
                "verdict": (lambda v: v in FEEDBACK_VERDICTS,
                            "one of " + ", ".join(FEEDBACK_VERDICTS))},
        required=("exercise", "verdict"),
        check=lambda record: None if isinstance(record.get("exercise"), str)
        else "exercise must be an exercise id",
    ),
    RecordKind(
        "consent", "consents", Partition.MAIN, "consent", _describe_consent,
        lambda now: _base("consent", now, disclaimer_version=1),
        fields={"disclaimer_version": WHOLE},
    ),
)  # fmt: skip

BY_NAME: Mapping[str, RecordKind] = {kind.name: kind for kind in KINDS}
# Tables in registry order, each once.
TABLES: tuple[str, ...] = tuple(dict.fromkeys(kind.table for kind in KINDS))
_PARTITION = {kind.table: kind.partition for kind in KINDS}
MONTH_TABLES: tuple[str, ...] = tuple(t for t in TABLES if _PARTITION[t] is Partition.MONTH)
MAIN_TABLES: tuple[str, ...] = tuple(t for t in TABLES if _PARTITION[t] is Partition.MAIN)

# The table names, for callers that name one (the registry above is their only source).
INTAKE = BY_NAME["intake"].table
BREAKS = BY_NAME["walk"].table
RUNS = BY_NAME["run"].table
EPISODES = BY_NAME["episode"].table
TRIAGE = BY_NAME["triage"].table
PLANS = BY_NAME["plan"].table
REST_DAYS = BY_NAME["rest_day"].table
CONSENTS = BY_NAME["consent"].table
FEEDBACK = BY_NAME["feedback"].table

# Tables of main.json that are toecoach's own state, not records of a person.
JOURNAL_TABLE = "journal"  # the undo journal (storage.repositories): one entry per change
JOURNAL_CHANGES = ("add", "delete", "edit")
PRESENCE_TABLE = "presence"  # the step-away every toecoach on a home shares (one record)


def partition_of(table: str) -> Partition:
    """Where the records of ``table`` live (KeyError: not a record table)."""
    return _PARTITION[table]


_KINDS_IN: Mapping[str, tuple[RecordKind, ...]] = {
    table: tuple(kind for kind in KINDS if kind.table == table) for table in TABLES
}
# Per kind, every field check readers apply (common ones first), flattened once: history
# validates every record of five years on its first read, so this loop is hot.
_FIELD_CHECKS: Mapping[str, tuple[tuple[str, Callable[[Any], bool], str], ...]] = {
    kind.name: tuple(
        (name, accepts, expected)
        for fields in (COMMON_FIELDS, kind.fields)
        for name, (accepts, expected) in fields.items()
    )
    for kind in KINDS
}


def kinds_in(table: str) -> tuple[RecordKind, ...]:
    return _KINDS_IN.get(table, ())


def kind_of(table: str, record: Record) -> RecordKind:
    """The kind of a record of ``table`` (KeyError: not a record table)."""
    candidates = _KINDS_IN[table]
    if len(candidates) == 1:
        return candidates[0]
    return next((kind for kind in candidates if kind.matches(record)), candidates[0])


def describe(
    table: str, record: Record, units: Units = "metric", routine_names: RoutineNames = None
) -> str:
    return kind_of(table, record).describe(record, units, routine_names)


def label(table: str, record: Record) -> str:
    return kind_of(table, record).label


# -- validation --------------------------------------------------------------------------------


def _journal_problem(entry: Record) -> str | None:
    """An undo-journal entry: a change to a record of a known table, the record (and an
    edit's old version) readable as that table's records are."""
    table = entry.get("table")
    if entry.get("change") not in JOURNAL_CHANGES or table not in TABLES:
        return "change must be add, delete or edit, of a record of a known table"
    if not schema.is_int(entry.get("created_ns")):
        return "created_ns must be a whole number"
    for name in ("record", "before"):
        if name == "record" or entry.get(name) is not None:
            problem = readable_problem(str(table), entry.get(name))
            if problem:
                return f"{name} {problem}"
    return None


def _presence_problem(row: Record) -> str | None:
    """The shared step-away: when the person stepped away, and when they came back (null:
    not yet), never before it; who wrote it is text."""
    stepped_away = schema.parse_at(row.get("stepped_away"))
    if stepped_away is None:
        return "stepped_away must be an ISO 8601 time with its UTC offset, from 2000-01-01"
    if row.get("back") is not None:
        back = schema.parse_at(row.get("back"))
        if back is None or back < stepped_away:
            return (
                "back must be null or an ISO 8601 time with its UTC offset, not before stepped_away"
            )
    for name in ("by", "back_by"):
        if row.get(name) is not None and not isinstance(row[name], str):
            return f"{name} must be text"
    return None


def readable_problem(table: str, row: Any, kind: RecordKind | None = None) -> str | None:
    """Why a stored record of ``table`` cannot be read safely, or None. Tables that hold no
    records of a person (internal state) only need their documents to be objects."""
    # ``type(...) is dict`` first: stored records are dicts, and the ABC check alone took
    # a third of the time spent checking five years of records (a first look at history).
    if type(row) is not dict and not isinstance(row, Mapping):
        return "is not an object"
    if table == JOURNAL_TABLE:
        return _journal_problem(row)
    if table == PRESENCE_TABLE:
        return _presence_problem(row)
    if table not in _PARTITION:
        return None
    kind = kind or kind_of(table, row)
    record_id = row.get("id")
    if not isinstance(record_id, str) or not record_id:
        return "id must be a non-empty id string"
    if schema.parse_at(row.get("at")) is None:
        return "at must be an ISO 8601 time with its UTC offset, from 2000-01-01"
    for name, accepts, expected in _FIELD_CHECKS[kind.name]:
        value = row.get(name)
        if value is not None and not accepts(value):
            return f"{name} must be {expected}"
    return kind.check(row)


def import_problems(table: str, row: Any, now: datetime) -> list[str]:
    """Every reason ``row`` may not be imported into ``table`` (empty: it may): readable as
    above, and within what the command line accepts (check-in times from 2000-01-01 to now,
    rest days up to 366 days ahead, per-entry caps), text valid and short enough, values not
    nested too deeply, and every field its kind requires."""
    if table not in _PARTITION:
        return [f"is in an unknown table; known: {', '.join(TABLES)}"]
    if not isinstance(row, Mapping):
        return ["is not an object"]
    problems = schema.value_problems(row)
    if problems:
        return problems
    kind = kind_of(table, row)
    record_id = row.get("id")
    if (
        not isinstance(record_id, str)
        or not record_id.strip()
        or len(record_id) > schema.MAX_ID_CHARS
    ):
        problems.append(
            f"id must be a non-empty id string of at most {schema.MAX_ID_CHARS} characters"
        )
    at = schema.parse_at(row.get("at"))
    if at is None:
        problems.append("at must be an ISO 8601 time with its UTC offset, from 2000-01-01")
    elif at > now + timedelta(minutes=5):
        problems.append(f"at {row['at']} is in the future")
    if not isinstance(row.get("kind"), str) or not row["kind"]:
        problems.append("kind must be text")
    created_ns = row.get("created_ns")
    if created_ns is not None and (
        not schema.is_int(created_ns) or not 0 <= created_ns <= schema.MAX_INT
    ):
        problems.append("created_ns must be a whole number of nanoseconds")
    note = row.get("note")
    if isinstance(note, str) and len(note) > NOTE_MAX_CHARS:
        problems.append(f"note is longer than {NOTE_MAX_CHARS} characters")
    problem = readable_problem(table, row, kind)
    if problem and not problems:
        problems.append(problem)
    if not problems:
        problems += [f"{name} is missing" for name in kind.required if row.get(name) is None]
    return problems or kind.bounds(row, now)


def skipped_message(file_name: str, count: int) -> str:
    """What readers do with records that do not validate, in words (doctor, the TUI)."""
    if count == 1:
        return f"1 record in {file_name} could not be read and is skipped"
    return f"{count} records in {file_name} could not be read and are skipped"
