"""The record registry (domain.kinds): import validation over every registered kind, readers
that skip and report records that do not validate, edits stamped with the time of the edit,
and nothing stored outside the registry."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_toecoach, wait_until, workers_settled
from toecoach.config import Settings, load_settings
from toecoach.domain import kinds
from toecoach.domain.kinds import KINDS, RecordKind
from toecoach.domain.times import iso
from toecoach.services.coach import Coach
from toecoach.services.transfer import FORMAT, ImportProblems, validate_document
from toecoach.storage.store import month_partition

NOW = datetime.now().astimezone().replace(microsecond=0)
KIND_IDS = [kind.name for kind in KINDS]


def export_of(table: str, record: Any) -> dict[str, Any]:
    return {"format": FORMAT, "version": 1, "schema": 1, "settings_toml": None,
            "records": {table: [record]}}  # fmt: skip


# -- the registry itself (pure) -----------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_each_kind_s_example_is_valid_of_that_kind_and_said_in_words(kind: RecordKind) -> None:
    example = kind.example(NOW)
    assert kind.validate(example) == []
    assert kinds.import_problems(kind.table, example, NOW) == []
    assert kinds.kind_of(kind.table, example) is kind
    said = kind.describe(example, "metric", {})
    assert said.strip() and "None" not in said


# One of each shape a hand-edited or imported field can take.
ODD_VALUES = [None, True, False, 0, -1, 2**70, 0.25, float("nan"), float("inf"), "", "y",
              "[b]x[/b]", [1], ["a"], {"a": 1}, {}]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_every_record_readers_accept_can_be_said_in_words(kind: RecordKind) -> None:
    """Undo, the day view and ``history`` describe any record a reader accepts. Each field
    of the example (and the optional ones a describer reads), set in turn to each odd value,
    is either refused by the record checks or described without an error: an imported
    ``servings: null`` crashed undo after it had reverted, ``steps_total: "y"`` the day
    view."""
    example = dict(kind.example(NOW))
    names = sorted({*example, *kind.fields, "servings", "steps_total", "steps_done"} - {"id", "at"})
    for base in (example, {**example, "food": "milk", "finished": False}):
        for name in names:
            for value in ODD_VALUES:
                record = {**base, name: value}
                if kinds.readable_problem(kind.table, record) is None:
                    said = kinds.describe(kind.table, record, "metric", {})
                    assert said.strip() and "None" not in said, (name, value, said)


def test_every_table_has_one_partition_and_the_names_are_the_registry_s() -> None:
    assert set(kinds.TABLES) == {kind.table for kind in KINDS}
    assert set(kinds.MONTH_TABLES) | set(kinds.MAIN_TABLES) == set(kinds.TABLES)
    assert not set(kinds.MONTH_TABLES) & set(kinds.MAIN_TABLES)
    assert len({kind.name for kind in KINDS}) == len(KINDS)
    # The ten kinds the issue names.
    assert {k.name for k in KINDS} >= {"intake", "walk", "break_event", "run", "rescue",
                                       "episode", "triage", "plan", "rest_day", "consent"}  # fmt: skip


# -- import validation, over every kind ----------------------------------------------------------

_WRONG_VALUES: tuple[Any, ...] = (5, "x", [1, 2], {"a": 1}, True)


def _wrong_value(kind: RecordKind, name: str) -> Any:
    accepts, _expected = {**kinds.COMMON_FIELDS, **kind.fields}[name]
    return next(value for value in _WRONG_VALUES if not accepts(value))


def invalid_variants(kind: RecordKind) -> list[tuple[str, dict[str, Any], str]]:
    """(what, record, the field the refusal must name), derived from the registry: every
    declared field of the wrong type, every required field left out, and the fields every
    record has broken."""
    example = kind.example(NOW)
    variants = [
        ("id missing", {k: v for k, v in example.items() if k != "id"}, "id"),
        ("at a number", {**example, "at": 5}, "at"),
        ("at without offset", {**example, "at": NOW.replace(tzinfo=None).isoformat()}, "at"),
        ("at in the future", {**example, "at": iso(NOW + timedelta(days=2))}, "at"),
        ("kind not text", {**example, "kind": 7}, "kind"),
    ]
    for name in (*kinds.COMMON_FIELDS, *kind.fields):
        if name != "kind":
            wrong = _wrong_value(kind, name)
            variants.append((f"{name} = {wrong!r}", {**example, name: wrong}, name))
    for name in kind.required:
        variants.append((f"{name} missing", {k: v for k, v in example.items() if k != name}, name))
    return variants


CASES = [(kind, *variant) for kind in KINDS for variant in invalid_variants(kind)]
# Within the command line's bounds, which import applies too (interfaces v2): what the CLI
# refuses, import refuses.
_BY_NAME = {kind.name: kind for kind in KINDS}
_CLI_BOUNDS = [
    ("walk", "minutes", 0), ("walk", "minutes", 241), ("walk", "minutes", 500000),
    ("episode", "foot", "Left"), ("episode", "during", "asleep"), ("episode", "toes", ["6"]),
    ("episode", "duration_seconds", 0), ("intake", "nutrients", {"water": 0}),
]  # fmt: skip
CASES += [
    (_BY_NAME[name], f"{field} = {value!r} (the CLI refuses it)",
     {**_BY_NAME[name].example(NOW), field: value}, field.split(".")[0])
    for name, field, value in _CLI_BOUNDS
]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS, ids=KIND_IDS)
def test_a_valid_record_of_every_kind_imports_into_its_partition(
    configured_home: Path, kind: RecordKind
) -> None:
    coach = Coach(load_settings(configured_home / "config.toml"))
    example = kind.example(NOW)
    result = coach.import_document(export_of(kind.table, example))
    assert result.added == 1
    expected_file = (
        f"{month_partition(datetime.fromisoformat(example['at']).date())}.json"
        if kind.partition is kinds.Partition.MONTH
        else "main.json"
    )
    stored = json.loads((configured_home / "data" / expected_file).read_text())
    assert list(stored[kind.table].values()) == [example]  # as imported, byte for byte
    assert coach.export_document()["records"][kind.table] == [example]


@pytest.mark.parametrize(("kind", "what", "record", "field"), CASES,
                         ids=[f"{c[0].name}: {c[1]}" for c in CASES])  # fmt: skip
def test_an_invalid_record_of_every_kind_is_refused_naming_record_and_field(
    kind: RecordKind, what: str, record: dict[str, Any], field: str
) -> None:
    with pytest.raises(ImportProblems) as refused:
        validate_document(export_of(kind.table, record), NOW)
    message = str(refused.value)
    assert f"records.{kind.table}[0]" in message, message
    assert field in message.split(f"records.{kind.table}[0]", 1)[1], message


def test_a_record_of_an_unknown_table_is_refused() -> None:
    with pytest.raises(ImportProblems, match=r"records\.moods is not a toecoach table"):
        validate_document(export_of("moods", {"id": "x"}), NOW)


# -- nothing is stored outside the registry ------------------------------------------------------


def test_storage_refuses_a_table_the_registry_does_not_know(configured_home: Path) -> None:
    from toecoach.paths import resolve_paths
    from toecoach.storage.repositories import add
    from toecoach.storage.store import Store

    store = Store(resolve_paths().data_dir)
    with pytest.raises(ValueError, match="not a record table"):
        add(store, "exercise_feedback", kinds.BY_NAME["episode"].example(NOW))
    assert not list((configured_home / "data").glob("*.json"))


# Tables of toecoach's own state in main.json: not records of a person.
INTERNAL_TABLES = {"_meta", kinds.JOURNAL_TABLE, kinds.PRESENCE_TABLE, "sitting", "reminder_claims"}


def test_every_table_the_app_writes_is_a_registry_table(configured_home: Path) -> None:
    """Every write the facade offers, then every table in every data file: a new kind stored
    without a registry entry fails here (and in ``add``)."""
    from toecoach.services.checkins import build_intake, build_walk

    coach = Coach(Settings(), clock=lambda: NOW)
    water = coach.log_intake(build_intake(coach.settings, "water", "250", now=NOW))
    coach.log_walk(build_walk(coach.settings, "5", now=NOW))
    coach.log_episode(kinds.BY_NAME["episode"].example(NOW) | {"id": "e-1"})
    coach.save_run(kinds.BY_NAME["run"].example(NOW) | {"id": "r-1"})
    coach.save_run(kinds.BY_NAME["rescue"].example(NOW) | {"id": "r-2"})
    coach.record_consent(kinds.BY_NAME["consent"].example(NOW))
    coach.add_rest_day(NOW.date())
    coach.edit(kinds.INTAKE, water, dict(water, note="tea"))
    coach.delete(kinds.INTAKE, dict(water, note="tea"))
    coach.undo()
    tables = set()
    for path in (configured_home / "data").glob("*.json"):
        tables |= set(json.loads(path.read_text()))
    assert tables - INTERNAL_TABLES <= set(kinds.TABLES), tables
    assert {"intake", "breaks", "runs", "episodes", "consents", "rest_days"} <= tables


# -- an edit is stamped with the time of the edit ------------------------------------------------


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.mark.parametrize("what", ["walk", "intake"])
def test_an_edit_stamps_edited_with_the_time_of_the_edit(configured_home: Path, what: str) -> None:
    from toecoach.services.checkins import build_intake, build_walk

    created = NOW - timedelta(hours=3)
    clock = Clock(created)
    coach = Coach(load_settings(configured_home / "config.toml"), clock=clock)
    if what == "walk":
        old = coach.log_walk(build_walk(coach.settings, "5", now=created))
        new = dict(old, minutes=10)  # the day view edits a walk in place
        table = kinds.BREAKS
    else:
        old = coach.log_intake(build_intake(coach.settings, "water", "250", now=created))
        table = kinds.INTAKE
        clock.now = NOW - timedelta(minutes=1)
        # The day view builds a fresh record for an intake edit, stamped when it is built.
        new = dict(build_intake(coach.settings, "water", "300", now=clock.now), at=old["at"])
    clock.now = NOW
    coach.edit(table, old, new)
    (stored,) = [r for t, r in coach.entries_on(datetime.fromisoformat(old["at"]).date())
                 if t == table]  # fmt: skip
    assert stored["edited"] == iso(NOW)
    assert stored["created"] == old["created"] == iso(created)
    assert stored["id"] == old["id"]


# -- readers skip what does not validate, and say so once ---------------------------------------

BAD_MONTH = {
    "intake": [
        {"id": "no-at", "kind": "intake", "nutrients": {"water": 250}},  # a field missing
        {"id": "text-amount", "kind": "intake", "at": iso(NOW),
         "nutrients": {"water": "250"}},  # a string where a number goes
        {"id": "nan-text", "kind": "intake", "at": iso(NOW), "nutrients": {"water": 1},
         "servings": "NaN"},
        {"id": 7, "kind": "intake", "at": iso(NOW), "nutrients": {"water": 1}},  # wrong type
    ],
    "breaks": [{"id": "w", "kind": "walk", "at": iso(NOW), "minutes": "five"}],
    "runs": [{"id": "r", "kind": "run", "at": iso(NOW), "finished": "yes"}],
    "episodes": [{"id": "e", "kind": "episode", "at": iso(NOW), "severity": 2.5}],
}  # fmt: skip
BAD_MAIN = {
    "plans": [{"id": "p", "kind": "plan", "at": iso(NOW), "plan": "stretch"}],
    "triage": [{"id": "t1", "kind": "triage", "at": iso(NOW), "answers": {},
                "result": {"blocked": 5}},
               {"id": "t2", "kind": "triage", "at": iso(NOW), "answers": [1, 2],
                "result": {"blocked": []}}],
    "rest_days": [{"id": "d", "kind": "rest_day", "at": iso(NOW), "date": 20260101}],
    "consents": [{"id": "c", "kind": "consent", "at": iso(NOW), "disclaimer_version": "one"}],
}  # fmt: skip
GOOD_WATER = kinds.BY_NAME["intake"].example(NOW) | {"id": "good", "at": iso(NOW)}


def _tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {t: {str(n): r for n, r in enumerate(v, start=1)} for t, v in rows.items()}


def write_bad_data(home: Path) -> tuple[str, str]:
    """Bad records straight into this month's file and main.json, beside one good check-in,
    and a NaN (not JSON) in last month's file. Returns (month file, last month file)."""
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True)
    month = f"{month_partition(NOW.date())}.json"
    rows = _tables(BAD_MONTH)
    rows["intake"]["99"] = GOOD_WATER
    (data / month).write_text(json.dumps({"_meta": {"1": {"schema": 1}}, **rows}))
    (data / "main.json").write_text(
        json.dumps({"_meta": {"1": {"schema": 1}}, **_tables(BAD_MAIN)})
    )
    last = f"{month_partition(NOW.date().replace(day=1) - timedelta(days=1))}.json"
    nan = {"_meta": {"1": {"schema": 1}}, "intake": {"1": GOOD_WATER | {"servings": float("nan")}}}
    (data / last).write_text(json.dumps(nan))  # NaN: the file is not JSON, it is kept aside
    return month, last


BAD_MONTH_COUNT = sum(len(v) for v in BAD_MONTH.values())
BAD_MAIN_COUNT = sum(len(v) for v in BAD_MAIN.values())


def test_every_bad_record_is_one_a_reader_skips() -> None:
    for table, rows in {**BAD_MONTH, **BAD_MAIN}.items():
        for row in rows:
            assert kinds.readable_problem(table, row), (table, row)
    assert kinds.readable_problem(kinds.INTAKE, GOOD_WATER) is None


@pytest.mark.parametrize(
    "args",
    [("today", "--json"), ("history", "--json"), ("report", "-o", "x.md"), ("insights",),
     ("undo",), ("routines", "list"), ("doctor",)],
    ids=lambda a: " ".join(a),
)  # fmt: skip
def test_commands_skip_records_that_do_not_validate(
    configured_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    month, last = write_bad_data(configured_home)
    monkeypatch.chdir(tmp_path)
    result = run_toecoach(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    if args[0] == "today":
        assert json.loads(result.stdout)["nutrients"]["water"]["total"] == 250
    if args[0] == "undo":
        assert "removed water 250 ml" in result.stdout
    if args[0] == "report":
        assert (tmp_path / "x.md").read_text().strip()
    if args[0] == "doctor":
        assert (f"{BAD_MONTH_COUNT} records in {month} could not be read and are skipped"
                in result.stdout)  # fmt: skip
        assert f"{BAD_MAIN_COUNT} records in main.json could not be read and are skipped" in (
            result.stdout
        )
    # The bad records stay in their file, untouched; a file with NaN (not JSON) goes aside
    # when a command reads it (doctor only looks).
    stored = json.loads((configured_home / "data" / month).read_text())
    assert len(stored["runs"]) == 1 and len(stored["intake"]) >= 4
    if args[0] == "history":
        assert not (configured_home / "data" / last).exists()
        assert list((configured_home / "data").glob(f"{last}.corrupt-*"))


def test_doctor_json_counts_skipped_records_per_file(configured_home: Path) -> None:
    month, _last = write_bad_data(configured_home)
    result = run_toecoach("doctor", "--json")
    assert result.returncode == 0, result.stderr
    files = {row["file"]: row for row in json.loads(result.stdout)["files"]}
    assert files[month]["skipped_records"] == BAD_MONTH_COUNT
    assert files["main.json"]["skipped_records"] == BAD_MAIN_COUNT


def test_the_store_reports_each_file_s_skipped_records_once(configured_home: Path) -> None:
    month, _last = write_bad_data(configured_home)
    coach = Coach(load_settings(configured_home / "config.toml"))
    coach.today()
    coach.history(NOW.date())
    first = coach.skip_reports()
    assert f"{BAD_MONTH_COUNT} records in {month} could not be read and are skipped" in first
    coach.today()
    assert coach.skip_reports() == []  # said once


async def test_the_app_starts_and_the_day_view_opens_on_bad_records(
    configured_home: Path,
) -> None:
    from toecoach.ui.app import ToecoachApp
    from toecoach.ui.screens.history import DayScreen

    month, _last = write_bad_data(configured_home)
    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)

    def notes() -> list[str]:
        return [str(n.message) for n in app._notifications]

    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: any(month in n for n in notes()))
        app.push_screen(DayScreen(NOW.date()))
        day = app.screen
        assert isinstance(day, DayScreen)
        await wait_until(pilot, lambda: len(day.entries) > 0)
        assert [row["id"] for _t, row in day.entries] == ["good"]
        await workers_settled(app)
        said = [n for n in notes() if "could not be read" in n]
        assert len(said) == len(set(said)) == 2  # this month's file and main.json, once each
