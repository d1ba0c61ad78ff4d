"""History keeps each settled month's day totals beside the data (storage.derived), and the
figures are the same with or without them, whatever happens to the files."""

from __future__ import annotations

import json
import os
import stat
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.history import build_history
from tests.conftest import run_toecoach, workers_settled
from toecoach.config import load_settings
from toecoach.domain.adherence import DayRecords, DayTotals, day_totals, days_between
from toecoach.domain.intake import NUTRIENTS
from toecoach.domain.records import new_record
from toecoach.services.coach import Coach
from toecoach.services.history import (
    adherence_plan,
    first_record_day,
    records_by_day,
    rest_days,
)

HOUR_AGO_NS = 3600 * 1_000_000_000


def settle(home: Path) -> None:
    """Month files last written an hour ago: the cache takes only files that have settled."""
    then = time.time_ns() - HOUR_AGO_NS
    for path in (home / "data").glob("log-*.json"):
        os.utime(path, ns=(then, then))


def coach(home: Path) -> Coach:
    return Coach(load_settings(home / "config.toml"))


def history_doc(home: Path) -> dict[str, object]:
    return coach(home).history(date.today())[2]


def uncached_doc(home: Path) -> list[dict[str, object]]:
    """The same days, worked out from every record (the path without the cache)."""
    c = coach(home)
    store = c._store
    today = date.today()
    start = first_record_day(store) or today
    days = days_between(start, today, records_by_day(store, start, today),
                        adherence_plan(store, c.settings), rest_days(store))  # fmt: skip
    return [d.to_json() for d in days]


@pytest.fixture
def year_home(configured_home: Path) -> Path:
    build_history(configured_home, years=1)
    settle(configured_home)
    return configured_home


def cache_files(home: Path) -> list[Path]:
    return sorted((home / "data" / "cache").glob("totals-*.json"))


def test_cold_and_warm_history_agree_with_the_records(year_home: Path) -> None:
    cold = history_doc(year_home)
    written = cache_files(year_home)
    assert len(written) >= 11  # every month before this one
    warm = history_doc(year_home)
    assert warm == cold
    uncached = {d["date"]: d for d in uncached_doc(year_home)}
    assert cold["days"] and all(uncached[d["date"]] == d for d in cold["days"])
    # Streaks and strength run over every day since the first: the whole year agrees.
    c = coach(year_home)
    all_days = c.history(date.today())[1]
    assert [d.to_json() for d in all_days] == list(uncached.values())


def test_the_cache_is_private_and_never_a_data_file(year_home: Path) -> None:
    history_doc(year_home)
    folder = year_home / "data" / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in cache_files(year_home))
    doctor = run_toecoach("doctor", "--json")
    assert doctor.returncode == 0 and "totals-" not in doctor.stdout
    exported = year_home / "export.json"
    assert run_toecoach("export", "-o", str(exported)).returncode == 0
    assert "totals-" not in exported.read_text()


def test_a_check_in_typed_into_an_old_month_shows_at_once(year_home: Path) -> None:
    history_doc(year_home)  # the cache is warm
    old = date.today().replace(day=1) - timedelta(days=40)
    at = datetime.combine(old, datetime.min.time()).replace(hour=12).isoformat(timespec="minutes")
    before = {d["date"]: d for d in history_doc(year_home)["days"]}[old.isoformat()]["water_ml"]
    assert run_toecoach("log", "water", "1234", "--at", at).returncode == 0
    settle(year_home)
    after = {d["date"]: d for d in history_doc(year_home)["days"]}[old.isoformat()]["water_ml"]
    assert after == before + 1234


def test_the_app_keeps_the_whole_history_until_a_file_changes(year_home: Path) -> None:
    # One Coach, as the app has: the history is worked out once and kept while nothing it
    # comes from changes; a check-in typed into an old month by another process shows at once,
    # before its file has settled, and after.
    c = coach(year_home)
    today = date.today()
    first = c.history(today)[2]
    kept = c._history_memo
    assert kept is not None
    assert c.history(today)[2] == first and c._history_memo is kept  # not worked out again
    old = today.replace(day=1) - timedelta(days=40)
    at = datetime.combine(old, datetime.min.time()).replace(hour=12).isoformat(timespec="minutes")
    assert run_toecoach("log", "water", "1234", "--at", at).returncode == 0

    def water(doc: dict[str, object]) -> float:
        return {d["date"]: d for d in doc["days"]}[old.isoformat()]["water_ml"]  # type: ignore[attr-defined, index, no-any-return]

    assert water(c.history(today)[2]) == water(first) + 1234  # the file has just changed
    settle(year_home)
    then = time.time_ns() - HOUR_AGO_NS
    os.utime(year_home / "data" / "main.json", ns=(then, then))  # the undo journal too
    assert water(c.history(today)[2]) == water(first) + 1234  # and once it has settled
    changed = c._history_memo
    assert changed is not None and changed is not kept
    # Other settings (work days), another history; the same ones, the one kept.
    from dataclasses import replace

    c.settings = replace(c.settings, breaks=replace(c.settings.breaks, work_days=("sat",)))
    c.history(today)
    assert c._history_memo is not changed
    again = c._history_memo
    c.history(today)
    assert c._history_memo is again


@pytest.mark.parametrize(
    "damage",
    [b"", b"not json", b"[]", b'{"source": 1}', b"\xff\xfe", None],
    ids=["empty", "garbage", "list", "wrong-shape", "binary", "matching-stamp-bad-value"],
)
def test_a_damaged_cache_file_is_worked_out_again(year_home: Path, damage: bytes | None) -> None:
    right = history_doc(year_home)
    victim = cache_files(year_home)[0]
    if damage is None:  # the stamp still matches the month file, the figures are nonsense
        doc = json.loads(victim.read_text())
        first_day = next(iter(doc["value"]))
        doc["value"][first_day] = {"intake": "x"}
        victim.write_text(json.dumps(doc))
    else:
        victim.write_bytes(damage)
    assert history_doc(year_home) == right
    assert json.loads(victim.read_text())["value"]  # rewritten whole


def test_a_cache_counted_in_another_time_zone_is_not_used(
    configured_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Days are local days: 23:30 UTC is the same day in London in winter but the next day
    in Kiritimati (UTC+14). A cache counted in one zone must not answer in the other."""
    old = date.today().replace(day=1) - timedelta(days=45)
    old = old.replace(month=1) if old.month not in (1, 2, 11, 12) else old  # winter: UTC+0
    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        at = f"{old.isoformat()}T23:30+00:00"
        assert run_toecoach("log", "water", "500", "--at", at).returncode == 0
        settle(configured_home)
        london = {d["date"]: d["water_ml"] for d in history_doc(configured_home)["days"]}
        assert london[old.isoformat()] == 500
        monkeypatch.setenv("TZ", "Pacific/Kiritimati")
        time.tzset()
        kiritimati = {d["date"]: d["water_ml"] for d in history_doc(configured_home)["days"]}
        assert kiritimati.get(old.isoformat(), 0) == 0
        assert kiritimati[(old + timedelta(days=1)).isoformat()] == 500
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


NUTRIENT_AMOUNTS = st.dictionaries(
    st.sampled_from(["water", "calcium", "magnesium", "potassium", "vitamin_d"]),
    st.floats(min_value=0, max_value=5000, allow_nan=False),
    min_size=1,
)
INTAKE = st.builds(
    lambda nutrients, source, food: {
        "nutrients": nutrients,
        "source": source,
        **({"food": "milk"} if food else {}),
    },  # fmt: skip
    NUTRIENT_AMOUNTS,
    st.sampled_from(["drink", "food", "supplement", "unspecified", None]),
    st.booleans(),
)
BREAK = st.builds(dict, kind=st.sampled_from(["walk", "reminder", "paused", "resumed", "away"]),
                  after_snooze=st.booleans())  # fmt: skip
RUN = st.builds(dict, routine=st.sampled_from(["desk-stretch-5min", "cramp-rescue", "x"]),
                finished=st.booleans(), kind=st.sampled_from(["run", "rescue"]))  # fmt: skip


@settings(max_examples=150)
@given(
    intake=st.lists(INTAKE, max_size=5),
    breaks=st.lists(BREAK, max_size=5),
    runs=st.lists(RUN, max_size=3),
    episodes=st.integers(0, 3),
)
def test_day_totals_survive_their_cache_form(
    intake: list[dict[str, object]],
    breaks: list[dict[str, object]],
    runs: list[dict[str, object]],
    episodes: int,
) -> None:
    moment = datetime(2026, 3, 2, 9, 0).astimezone()
    stamped = [
        {**b, "at": (moment + timedelta(minutes=i)).isoformat()} for i, b in enumerate(breaks)
    ]
    records = DayRecords(intake, stamped, runs, [new_record("episode", moment, moment)] * episodes)
    totals = day_totals(records)
    assert DayTotals.from_json(json.loads(json.dumps(totals.to_json()))) == totals


N = len(NUTRIENTS)


def _damaged(**changes: object) -> dict[str, object]:
    document = {**day_totals(DayRecords()).to_json(), **changes}
    return {k: v for k, v in document.items() if v is not None}


@pytest.mark.parametrize(
    "document",
    [
        _damaged(intake=[[0] * N, [0] * N]),  # two parts of three
        _damaged(intake=[[0] * N, [0] * N, [0] * (N - 1)]),  # a part one short
        _damaged(intake=[[0] * N, [0] * N, ["x"] * N]),
        _damaged(intake=[[0] * N, [0] * N, [None] * N]),
        _damaged(intake={"a": 1, "b": 2, "c": 3}),
        _damaged(logged=[True]),
        _damaged(counts=[1, 2]),
        _damaged(counts=["one", 2, 3]),
        _damaged(finished=3),
        {"intake": [[0] * N] * 3},  # keys missing
        [],
        None,
    ],
)
def test_a_damaged_day_totals_form_is_refused(document: object) -> None:
    # A damaged cache is worked out again from the records: from_json says so with
    # ValueError, whatever the damage, never with another error or a wrong value.
    assert DayTotals.from_json(day_totals(DayRecords()).to_json()) == day_totals(DayRecords())
    with pytest.raises(ValueError):
        DayTotals.from_json(document)


def _records_reachable_from(root: object) -> int:
    """How many stored records (dicts with an id, a kind and a creation stamp) can be reached
    from ``root`` through references, without wandering into modules, classes or functions
    (their globals lead everywhere)."""
    import gc
    import types

    skip = (type, types.ModuleType, types.FunctionType, types.MethodType,
            types.BuiltinFunctionType)  # fmt: skip
    seen: set[int] = set()
    stack, count = [root], 0
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        if isinstance(obj, dict) and "kind" in obj and "created_ns" in obj:
            count += 1
        stack.extend(gc.get_referents(obj))
    return count


def test_a_look_through_every_month_keeps_only_a_few_in_memory(year_home: Path) -> None:
    # The app runs all day: after the history has been read, the store may keep the few
    # months it caches (the dashboard's), not the year. (It once kept every month read, for
    # the check of which records to skip: 63 MB after a first look at five years.)
    c = coach(year_home)
    c.history(date.today())
    total = sum(
        len(rows)
        for path in (year_home / "data").glob("log-*.json")
        for table, rows in json.loads(path.read_text()).items()
        if table != "_meta"
    )
    kept = _records_reachable_from(c._store)
    assert 0 < kept <= total / 3, f"{kept} of {total} records still held by the store"


async def test_the_app_works_out_past_months_while_nobody_waits(year_home: Path) -> None:
    # A first look at years of history would check every record (about a second for five
    # years); the app does that on a thread soon after it starts and keeps the totals.
    from tests.conftest import wait_until
    from toecoach.ui.app import ToecoachApp

    months = sorted(p.name for p in (year_home / "data").glob("log-*.json"))
    current = f"log-{date.today():%Y-%m}.json"
    before = {p: (year_home / "data" / p).read_bytes() for p in months}
    assert not cache_files(year_home)
    app = ToecoachApp(load_settings(year_home / "config.toml"), start_reminders=False)
    async with app.run_test() as pilot:
        past = [m for m in months if m < current]
        await wait_until(pilot, lambda: len(cache_files(year_home)) == len(past))
        await workers_settled(app)
    assert [p.name for p in cache_files(year_home)] == [f"totals-{m}" for m in past]
    # Derived files only: the data files are as they were.
    assert {p: (year_home / "data" / p).read_bytes() for p in months} == before
    # And what was kept is what the records give.
    uncached = {d["date"]: d for d in uncached_doc(year_home)}
    shown = history_doc(year_home)["days"]
    assert shown and all(uncached[d["date"]] == d for d in shown)
