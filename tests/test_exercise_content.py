"""The shipped exercise, massage and routine files: schema, doses, lock tags, sources, timing.

These tests read the TOML files with ``tomllib`` directly, so they check the content on its own,
whatever the loader in ``toecoach.domain.routines`` does with it. The schema is the one in
``exercises/README.md``; the doses and lock tags come from the clinical brief (sections 3, 4)
and the triage spec ("Safety locks").
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
EXERCISES_DIR = REPO / "exercises"
ROUTINES_DIR = EXERCISES_DIR / "routines"
BRIEF = Path(__file__).resolve().parents[2] / "shared/content/clinical-brief.md"

LOCK_TAGS = {"all", "massage", "barefoot", "standing", "big_toe", "cold", "heat"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SOURCE_ID_PATTERN = re.compile(r"^S\d+[a-z]?$")
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# File-level lock tags of every shipped exercise/technique (triage spec, "Safety locks").
EXERCISE_LOCKS: dict[str, set[str]] = {
    "toe-raise-point-curl": set(),
    "toe-splay": set(),
    "towel-scrunch": {"barefoot"},
    "marble-pickup": {"barefoot"},
    "big-toe-stretch": {"big_toe"},
    "plantar-fascia-stretch": {"big_toe"},
    "wall-calf-stretch": {"standing"},
    "seated-towel-calf-stretch": set(),
    "heel-raises": {"standing", "big_toe"},
    "toe-raises": {"standing"},
    "ankle-circles": set(),
    "ball-roll": {"massage"},
    "frozen-bottle-roll": {"massage", "cold", "barefoot"},
    "thumb-walking": {"massage"},
    "toe-pulls": {"massage", "big_toe"},
    "cramp-stretch-rub": set(),
}
MASSAGE_IDS = {"ball-roll", "frozen-bottle-roll", "thumb-walking", "toe-pulls", "cramp-stretch-rub"}

# The full dose from the brief (sections 3 and 4). Defaults: sets 1, per_side false, rest 0.
# Exercises done in stages use one set per stage, each stage with the brief's reps:
# toe raise/point/curl (3 stages), big-toe stretch (up/down/side), ankle circles (each way,
# then point/flex).
BRIEF_DOSES: dict[str, dict[str, Any]] = {
    "toe-raise-point-curl": {"hold_seconds": 5, "reps": 10, "sets": 3},
    "toe-splay": {"hold_seconds": 5, "reps": 10},
    "towel-scrunch": {"reps": [5, 10], "sets": 3, "per_side": True},
    "marble-pickup": {"reps": [10, 20], "per_side": True},
    "big-toe-stretch": {"hold_seconds": 5, "reps": 10, "sets": 3, "per_side": True},
    "plantar-fascia-stretch": {"hold_seconds": 10, "reps": [10, 20], "per_side": True},
    # Mayo's 30-60 s hold [S9], the trial's 3 per leg, nightly [S33].
    "wall-calf-stretch": {"hold_seconds": [30, 60], "reps": 3, "per_side": True},
    "seated-towel-calf-stretch": {"hold_seconds": 30, "reps": 3, "per_side": True},
    # Up for a count of 3, down for 5: the hold is the 3-second rise.
    "heel-raises": {"hold_seconds": 3, "reps": 10},
    "toe-raises": {"hold_seconds": 3, "reps": 10},
    "ankle-circles": {"reps": 10, "sets": 3, "per_side": True},
    "ball-roll": {"duration_seconds": [120, 300], "per_side": True},
    "frozen-bottle-roll": {"duration_seconds": [180, 300]},
    "thumb-walking": {"duration_seconds": [60, 120], "per_side": True},
    # One hold bending the toes back, one curling them down.
    "toe-pulls": {"hold_seconds": [15, 20], "reps": 2, "per_side": True},
    "cramp-stretch-rub": {"duration_seconds": 600},
}
DOSE_DEFAULTS: dict[str, Any] = {"sets": 1, "per_side": False, "rest_seconds": 0}
STAGED = {"toe-raise-point-curl", "big-toe-stretch", "ankle-circles"}

# Words each massage file's text must contain (brief section 4).
DURATION_TEXT_MUST_SAY = {
    "ball-roll": "2 minutes per foot",
    "frozen-bottle-roll": "20 minutes",
    "thumb-walking": "team default",
    "toe-pulls": "3-4 turns each way per toe",
    "cramp-stretch-rub": "10 minutes",
}
MASSAGE_CAUTION_TOPICS = {
    "clot": ("clot",),
    "wounds or infected skin": ("cuts", "infected"),
    "loss of feeling": ("lost feeling", "numb"),
    "varicose veins": ("varicose",),
    "hot swollen joint": ("hot, swollen joint",),
}

ROUTINE_IDS = {
    "evening-foot-massage",
    "desk-break-2min",
    "desk-stretch-5min",
    "bedtime-cramp",
    "morning-heel-arch",
    "strength-10min",
    "cramp-rescue",
}
# Computed total (seconds, range lower bounds): inclusive limits per routine.
ROUTINE_TARGETS: dict[str, tuple[int, int]] = {
    "desk-break-2min": (60, 180),
    "desk-stretch-5min": (240, 360),
    "bedtime-cramp": (180, 360),
    "morning-heel-arch": (240, 480),
    "strength-10min": (480, 720),
    "cramp-rescue": (1, 600),
    "evening-foot-massage": (300, 600),
}

INT_RANGES: dict[str, tuple[int, int]] = {
    "reps": (1, 500),
    "sets": (1, 20),
    "hold_seconds": (1, 600),
    "rest_seconds": (0, 600),
    "duration_seconds": (1, 3600),
}
RANGE_ALLOWED = {"reps", "hold_seconds", "duration_seconds"}
DOSE_KEYS = {*INT_RANGES, "per_side", "duration_text", "frequency"}
OVERRIDE_KEYS = {*INT_RANGES, "per_side"}
EXERCISE_KEYS = {
    "schema",
    "id",
    "name",
    "kind",
    "position",
    "equipment",
    "summary",
    "blocked_by",
    "cautions",
    "steps",
    "dose",
    "sources",
    "progression",
}
ROUTINE_KEYS = {"schema", "id", "name", "summary", "when", "items"}


def _load(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


EXERCISE_FILES = sorted(EXERCISES_DIR.glob("*.toml"))
ROUTINE_FILES = sorted(ROUTINES_DIR.glob("*.toml"))
EXERCISES = {path.stem: _load(path) for path in EXERCISE_FILES}
ROUTINES = {path.stem: _load(path) for path in ROUTINE_FILES}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_amount(key: str, value: object, where: str) -> None:
    low, high = INT_RANGES[key]
    if isinstance(value, list):
        assert key in RANGE_ALLOWED, f"{where}: {key} cannot be a range"
        assert len(value) == 2, f"{where}: {key} range must be [low, high]"
        assert all(_is_int(v) for v in value), f"{where}: {key} range must hold ints"
        assert low <= value[0] <= value[1] <= high, f"{where}: {key} {value} out of {low}..{high}"
    else:
        assert _is_int(value), f"{where}: {key} must be an int"
        assert low <= value <= high, f"{where}: {key} {value} out of {low}..{high}"


def _low(value: int | list[int]) -> int:
    return value[0] if isinstance(value, list) else value


def _high(value: int | list[int]) -> int:
    return value[1] if isinstance(value, list) else value


def _check_tags(tags: object, where: str) -> None:
    assert isinstance(tags, list), f"{where}: blocked_by must be a list"
    assert all(isinstance(t, str) for t in tags), f"{where}: lock tags must be strings"
    assert set(tags) <= LOCK_TAGS - {"all"}, f"{where}: unknown lock tag in {tags}"
    assert len(set(tags)) == len(tags), f"{where}: repeated lock tag in {tags}"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    return []


def item_seconds(dose: dict[str, Any]) -> int:
    """Computed time of one routine item, from range lower bounds."""
    sides = 2 if dose.get("per_side", False) else 1
    if "duration_seconds" in dose:
        return sides * _low(dose["duration_seconds"])
    rep_time = _low(dose["hold_seconds"]) if "hold_seconds" in dose else 4
    sets = dose.get("sets", 1)
    reps = _low(dose["reps"])
    return sides * (sets * reps * rep_time + (sets - 1) * dose.get("rest_seconds", 0))


def item_dose(item: dict[str, Any]) -> dict[str, Any]:
    dose = dict(EXERCISES[item["exercise"]]["dose"])
    dose.update({k: v for k, v in item.items() if k in OVERRIDE_KEYS})
    return dose


def routine_seconds(routine: dict[str, Any]) -> int:
    return sum(item_seconds(item_dose(item)) for item in routine["items"])


def _brief_sources() -> dict[str, str]:
    if not BRIEF.is_file():
        pytest.skip(f"clinical brief not found at {BRIEF}")
    entries: dict[str, str] = {}
    for line in BRIEF.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^- (S\d+[a-z]?) — (.+)$", line)
        if match:
            entries[match.group(1)] = match.group(2)
    return entries


# -- the set of shipped files ------------------------------------------------------------------


def test_every_exercise_and_technique_is_shipped() -> None:
    assert set(EXERCISES) == set(EXERCISE_LOCKS)


def test_every_routine_is_shipped() -> None:
    assert set(ROUTINES) == ROUTINE_IDS


@pytest.mark.parametrize("path", EXERCISE_FILES + ROUTINE_FILES, ids=lambda p: p.name)
def test_file_parses_and_id_is_stem(path: Path) -> None:
    data = _load(path)
    assert data.get("schema") == 1
    assert data.get("id") == path.stem
    assert ID_PATTERN.match(path.stem)


@pytest.mark.parametrize("path", EXERCISE_FILES + ROUTINE_FILES, ids=lambda p: p.name)
def test_text_is_plain(path: Path) -> None:
    for text in _strings(_load(path)):
        assert not CONTROL_CHARS.search(text), f"{path.name}: control character in {text!r}"
        assert text == text.strip(), f"{path.name}: stray whitespace in {text!r}"


# -- exercise and technique files --------------------------------------------------------------


@pytest.mark.parametrize("exercise_id", sorted(EXERCISE_LOCKS))
def test_exercise_schema(exercise_id: str) -> None:
    data = EXERCISES[exercise_id]
    where = f"{exercise_id}.toml"
    assert set(data) <= EXERCISE_KEYS, f"{where}: unknown keys {set(data) - EXERCISE_KEYS}"
    optional = {"equipment", "cautions", "progression"}
    assert set(data) >= EXERCISE_KEYS - optional, f"{where}: missing keys"
    for key in ("name", "summary"):
        assert isinstance(data[key], str) and data[key], f"{where}: {key} must be text"
    assert data["kind"] == ("massage" if exercise_id in MASSAGE_IDS else "exercise")
    assert data["position"] in {"seated", "standing"}
    for key in ("equipment", "cautions"):
        value = data.get(key, [])
        assert isinstance(value, list), f"{where}: {key} must be a list"
        assert all(isinstance(s, str) and s for s in value), f"{where}: {key} must hold text"
    _check_tags(data["blocked_by"], where)

    steps = data["steps"]
    assert isinstance(steps, list) and steps, f"{where}: needs at least one step"
    for step in steps:
        assert set(step) <= {"text", "seconds", "blocked_by", "only_with"}, (
            f"{where}: step keys {set(step)}"
        )
        if "only_with" in step:
            _check_tags(step["only_with"], f"{where} step")
        assert isinstance(step["text"], str) and step["text"], f"{where}: step needs text"
        if "seconds" in step:
            assert _is_int(step["seconds"]) and 1 <= step["seconds"] <= 1800
        if "blocked_by" in step:
            _check_tags(step["blocked_by"], f"{where} step")

    dose = data["dose"]
    assert set(dose) <= DOSE_KEYS, f"{where}: unknown dose keys {set(dose) - DOSE_KEYS}"
    for key in INT_RANGES.keys() & dose.keys():
        _check_amount(key, dose[key], where)
    if "per_side" in dose:
        assert isinstance(dose["per_side"], bool)
    for key in ("duration_text", "frequency"):
        if key in dose:
            assert isinstance(dose[key], str) and dose[key]
    assert "reps" in dose or "duration_seconds" in dose, f"{where}: time cannot be computed"
    if data["kind"] == "massage":
        assert "duration_text" in dose, f"{where}: massage needs duration_text"

    sources = data["sources"]
    assert isinstance(sources, list) and sources, f"{where}: needs at least one source"
    for source in sources:
        assert {"id", "title"} <= set(source) <= {"id", "title", "url", "note"}, (
            f"{where}: source keys {set(source)}"
        )
        assert SOURCE_ID_PATTERN.match(source["id"])
        assert isinstance(source["title"], str) and source["title"]
        if "url" in source:
            assert source["url"].startswith(("http://", "https://"))
        else:
            assert "team suggestion" in source["note"].lower(), f"{where}: no url and no note"
    assert len({s["id"] for s in sources}) == len(sources), f"{where}: repeated source"


@pytest.mark.parametrize("exercise_id", sorted(EXERCISE_LOCKS))
def test_lock_tags_match_the_triage_plan(exercise_id: str) -> None:
    assert set(EXERCISES[exercise_id]["blocked_by"]) == EXERCISE_LOCKS[exercise_id]


def test_only_the_thumb_rub_of_the_arch_stretch_is_a_step_lock_outside_cramp_rescue() -> None:
    for exercise_id, data in EXERCISES.items():
        if exercise_id == "cramp-stretch-rub":
            continue
        step_tags = [tag for step in data["steps"] for tag in step.get("blocked_by", [])]
        expected = ["massage"] if exercise_id == "plantar-fascia-stretch" else []
        assert step_tags == expected, exercise_id


def test_cramp_rescue_drops_rubbing_warmth_and_cold_steps() -> None:
    steps = EXERCISES["cramp-stretch-rub"]["steps"]
    locked = {tuple(step["blocked_by"]): step["text"] for step in steps if "blocked_by" in step}
    assert set(locked) == {("big_toe",), ("massage",), ("standing", "big_toe"), ("heat",),
                           ("cold",)}  # fmt: skip
    assert "rub" in locked[("massage",)].lower()
    # Standing on a hot, swollen big toe is pressure on it (the gout advice: keep it off).
    assert "walk" in locked[("standing", "big_toe")].lower()
    assert "warm" in locked[("heat",)].lower()
    assert "cold" in locked[("cold",)].lower()
    # Under a gout lock the stretch spares the big toe.
    (spare,) = [step["text"] for step in steps if step.get("only_with") == ["big_toe"]]
    assert "big toe" in spare.lower() and "foot" in spare.lower()
    # What is left under every lock still tells the user to stretch and when to get help.
    unlocked = " ".join(
        step["text"] for step in steps if "blocked_by" not in step and "only_with" not in step
    ).lower()
    assert "10 minutes" in unlocked
    assert "stretch" in spare.lower()


@pytest.mark.parametrize("exercise_id", sorted(BRIEF_DOSES))
def test_dose_is_the_briefs_full_dose(exercise_id: str) -> None:
    dose = EXERCISES[exercise_id]["dose"]
    numbers = {k: v for k, v in dose.items() if k in OVERRIDE_KEYS}
    expected = BRIEF_DOSES[exercise_id]
    for key, default in DOSE_DEFAULTS.items():
        numbers.setdefault(key, default)
        expected = {key: default, **expected}
    assert numbers == expected


@pytest.mark.parametrize("exercise_id", sorted(DURATION_TEXT_MUST_SAY))
def test_massage_duration_text(exercise_id: str) -> None:
    data = EXERCISES[exercise_id]
    text = " ".join([data["dose"]["duration_text"], *data.get("cautions", [])])
    assert DURATION_TEXT_MUST_SAY[exercise_id] in text


@pytest.mark.parametrize("exercise_id", sorted(MASSAGE_IDS - {"cramp-stretch-rub"}))
def test_massage_files_carry_the_massage_cautions(exercise_id: str) -> None:
    cautions = " ".join(EXERCISES[exercise_id]["cautions"]).lower()
    for topic, words in MASSAGE_CAUTION_TOPICS.items():
        assert any(word in cautions for word in words), f"{exercise_id}: no caution on {topic}"


def test_frozen_bottle_caps_cold_at_20_minutes_and_stops_on_numb_skin() -> None:
    cautions = " ".join(EXERCISES["frozen-bottle-roll"]["cautions"]).lower()
    assert "20 minutes" in cautions and "numb" in cautions


def test_every_source_is_in_the_brief() -> None:
    brief = _brief_sources()
    assert len(brief) > 100, "could not read the brief's source list"
    for exercise_id, data in EXERCISES.items():
        for source in data["sources"]:
            assert source["id"] in brief, f"{exercise_id}: {source['id']} is not in the brief"
            entry = brief[source["id"]]
            if "url" in source:
                assert source["url"] in entry, (
                    f"{exercise_id}: {source['id']} url is not the brief's"
                )
            else:
                assert "http" not in entry, f"{exercise_id}: {source['id']} has a page: cite it"
            # Where the brief marks part of a source as a team suggestion, the file says so.
            if "team suggestion" in entry:
                assert "team suggestion" in source.get("note", "").lower(), (
                    f"{exercise_id}: {source['id']} needs a team-suggestion note"
                )


# -- routine files -----------------------------------------------------------------------------


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_IDS))
def test_routine_schema(routine_id: str) -> None:
    data = ROUTINES[routine_id]
    where = f"routines/{routine_id}.toml"
    assert set(data) <= ROUTINE_KEYS, f"{where}: unknown keys {set(data) - ROUTINE_KEYS}"
    for key in ("name", "summary"):
        assert isinstance(data[key], str) and data[key], f"{where}: {key} must be text"
    if "when" in data:
        assert isinstance(data["when"], str) and data["when"]
    items = data["items"]
    assert isinstance(items, list) and items, f"{where}: needs at least one item"
    for item in items:
        assert set(item) <= {"exercise", "note", *OVERRIDE_KEYS}, f"{where}: {set(item)}"
        assert item["exercise"] in EXERCISES, f"{where}: unknown exercise {item['exercise']}"
        if "note" in item:
            assert isinstance(item["note"], str) and item["note"]
        for key in INT_RANGES.keys() & item.keys():
            _check_amount(key, item[key], where)
        if "per_side" in item:
            assert isinstance(item["per_side"], bool)


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_IDS))
def test_routine_doses_are_never_heavier_than_the_full_dose(routine_id: str) -> None:
    for item in ROUTINES[routine_id]["items"]:
        exercise_id = item["exercise"]
        full = {**DOSE_DEFAULTS, **EXERCISES[exercise_id]["dose"]}
        for key in INT_RANGES.keys() & item.keys():
            assert key in full, f"{routine_id}: {exercise_id} has no {key} to lighten"
            assert _high(item[key]) <= _high(full[key]), f"{routine_id}: {exercise_id} {key}"
        if exercise_id in STAGED:
            # One set per stage: changing the sets would drop or repeat a stage.
            assert "sets" not in item, f"{routine_id}: {exercise_id} sets are its stages"


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_IDS))
def test_routine_length_matches_its_name(routine_id: str) -> None:
    low, high = ROUTINE_TARGETS[routine_id]
    assert low <= routine_seconds(ROUTINES[routine_id]) <= high


def test_item_time_formula() -> None:
    assert item_seconds({"reps": [5, 10], "sets": 3, "per_side": True}) == 120
    assert item_seconds({"reps": 3, "hold_seconds": [15, 30], "per_side": True}) == 90
    assert item_seconds({"reps": 2, "sets": 2, "hold_seconds": 5, "rest_seconds": 10}) == 30
    assert item_seconds({"duration_seconds": [120, 300], "per_side": True, "reps": 9}) == 240


ROUTINE_LOCKS: dict[str, set[str]] = {
    "desk-break-2min": set(),
    "desk-stretch-5min": {"big_toe"},
    "bedtime-cramp": {"big_toe"},
    "strength-10min": {"barefoot", "standing", "big_toe"},
    "cramp-rescue": set(),
    "evening-foot-massage": {"massage", "big_toe"},
}


def _routine_locks(routine_id: str) -> set[str]:
    items = ROUTINES[routine_id]["items"]
    return {tag for item in items for tag in EXERCISES[item["exercise"]]["blocked_by"]}


@pytest.mark.parametrize("routine_id", sorted(ROUTINE_LOCKS))
def test_routine_lock_tags(routine_id: str) -> None:
    assert _routine_locks(routine_id) == ROUTINE_LOCKS[routine_id]


def test_morning_routine_lock_tags() -> None:
    tags = _routine_locks("morning-heel-arch")
    assert "cold" in tags
    assert tags <= {"massage", "barefoot", "big_toe", "cold"}


def test_cramp_rescue_is_the_stretch_and_rub_for_at_most_ten_minutes() -> None:
    items = ROUTINES["cramp-rescue"]["items"]
    assert [item["exercise"] for item in items] == ["cramp-stretch-rub"]
    assert routine_seconds(ROUTINES["cramp-rescue"]) <= 600


def test_desk_routines_stay_seated() -> None:
    for routine_id in ("desk-break-2min", "desk-stretch-5min", "bedtime-cramp"):
        for item in ROUTINES[routine_id]["items"]:
            assert EXERCISES[item["exercise"]]["position"] == "seated", routine_id


def test_shipped_progressions_name_brief_sources_and_stay_within_the_dose() -> None:
    """A progression builds up to at most the file's [dose] and is backed by the file's own
    sources (which the tests above tie to the brief)."""
    with_progression = []
    for path in EXERCISE_FILES:
        data = _load(path)
        progression = data.get("progression")
        if progression is None:
            continue
        with_progression.append(path.stem)
        file_sources = {s["id"] for s in data["sources"]}
        assert progression["sources"] and set(progression["sources"]) <= file_sources, path.name
        for key in ("reps", "hold_seconds", "duration_seconds"):
            if key in progression:
                start, most = progression[key]
                full = data["dose"][key]
                high = full[1] if isinstance(full, list) else full
                assert start <= most <= high, path.name
    assert {"towel-scrunch", "heel-raises", "ball-roll"} <= set(with_progression)


def test_the_massage_routine_is_made_of_massage_and_locked_by_the_massage_lock() -> None:
    from toecoach.domain.routines import routine_locked_by
    from toecoach.services.library import load_library

    library = load_library(None)
    routine = library.routines["evening-foot-massage"]
    kinds = {library.exercises[item.exercise].kind for item in routine.items}
    assert kinds == {"massage"}
    assert len(routine.items) >= 3
    assert "massage" in routine_locked_by(routine, library, {"massage": ["skin_broken"]})
    assert routine_locked_by(routine, library, {}) == {}
