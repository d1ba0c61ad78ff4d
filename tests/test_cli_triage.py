"""`toecoach triage`: results stored when valid; every error exits 2 and stores nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_snapshot, run_toecoach
from toecoach.domain.triage import QUESTIONS

REQUIRED = [q.id for q in QUESTIONS if q.required]


def all_no(**extra: object) -> dict[str, object]:
    answers: dict[str, object] = dict.fromkeys(REQUIRED, False)
    answers.update(extra)
    return answers


def run_with(answers: object, *args: str, home: Path | None = None):
    return run_toecoach("triage", "--answers", "-", *args, input=json.dumps(answers))


def stored_triage(home: Path) -> list[dict[str, object]]:
    path = home / "data" / "main.json"
    if not path.exists():
        return []
    return list(json.loads(path.read_text()).get("triage", {}).values())


def test_valid_triage_prints_json_and_is_stored(toecoach_home: Path) -> None:
    answers = all_no(calf_swelling_one_side=True, sitting_hours=8)
    result = run_with(answers, "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    for key in ("spec_version", "tier", "reasons", "unsure", "skipped", "factors", "blocked",
                "plan", "disclaimer"):  # fmt: skip
        assert key in doc
    assert doc["tier"] == "urgent"
    assert doc["reasons"][0]["rule"] == "U1_possible_clot"
    assert doc["blocked"] == ["all", "massage"]
    assert doc["plan"]["routines"] == [] and doc["plan"]["checkins"] == []
    (record,) = stored_triage(toecoach_home)
    assert record["answers"] == answers
    assert record["result"]["tier"] == "urgent"
    assert record["spec_version"] == 2 and record["disclaimer_version"] == 1
    assert "at" in record and "id" in record


def test_readable_result_says_what_to_do_first(toecoach_home: Path) -> None:
    result = run_with(all_no(sitting_hours=9, tight_or_high_heels=True))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "SELF-CARE IS REASONABLE"
    assert "Not checked:" in result.stdout
    assert "not a diagnosis" in result.stdout


def test_answers_from_a_file(tmp_path: Path, toecoach_home: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(all_no()))
    result = run_toecoach("triage", "--answers", str(path), "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["tier"] == "self-care"


def test_apply_stores_the_plan(toecoach_home: Path) -> None:
    result = run_with(all_no(sitting_hours=9, low_fluid_intake=True), "--apply")
    assert result.returncode == 0
    plans = list(json.loads((toecoach_home / "data" / "main.json").read_text())["plans"].values())
    assert plans[0]["plan"]["break_interval_minutes"] == 30
    assert "water" in plans[0]["plan"]["checkins"]


@pytest.mark.parametrize(
    ("answers", "named"),
    [
        (all_no(not_a_question=True), "not_a_question"),
        (all_no(fever="yes"), "fever"),
        (all_no(fever=1), "fever"),
        (all_no(episodes_per_week=3.0), "episodes_per_week"),
        (all_no(episodes_per_week=True), "episodes_per_week"),
        (all_no(episodes_per_week=201), "episodes_per_week"),
        (all_no(episodes_per_week=-1), "episodes_per_week"),
        (all_no(sitting_hours=25), "sitting_hours"),
        (all_no(sitting_hours="unsure"), "sitting_hours"),
        (all_no(fever=None), "fever"),
        ({k: False for k in REQUIRED if k != "diabetes"}, "diabetes"),
        ([1, 2, 3], "answers"),
    ],
)
def test_every_error_exits_2_names_the_key_and_stores_nothing(
    toecoach_home: Path, answers: object, named: str
) -> None:
    before = data_snapshot(toecoach_home)
    result = run_with(answers)
    assert result.returncode == 2
    assert named in result.stderr
    assert "Traceback" not in result.stderr
    assert data_snapshot(toecoach_home) == before
    assert stored_triage(toecoach_home) == []


def test_every_offending_key_is_named(toecoach_home: Path) -> None:
    answers = all_no(fever="maybe", bogus=1)
    del answers["diabetes"]
    result = run_with(answers)
    assert result.returncode == 2
    for key in ("fever", "bogus", "diabetes"):
        assert key in result.stderr


def test_a_red_flag_is_shown_even_when_another_key_is_invalid(toecoach_home: Path) -> None:
    result = run_with(all_no(toe_black=True, sitting_hours="lots"))
    assert result.returncode == 2
    assert "sitting_hours" in result.stderr
    assert result.stderr.index("CALL EMERGENCY SERVICES NOW (999)") < result.stderr.index(
        "sitting_hours"
    )
    assert stored_triage(toecoach_home) == []


def test_urgent_red_flag_with_missing_required_keys_still_shows(toecoach_home: Path) -> None:
    result = run_with({"calf_swelling_one_side": "unsure"})
    assert result.returncode == 2
    assert "GET MEDICAL HELP TODAY" in result.stderr


def test_region_sets_the_emergency_number(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text('region = "us"\n')
    result = run_with(all_no(chest_pain_or_breathless=True), "--json")
    assert "911" in json.loads(result.stdout)["headline"]


def test_invalid_json_and_missing_file_exit_2(toecoach_home: Path) -> None:
    bad = run_toecoach("triage", "--answers", "-", input='{"chest_pain_or_breathless": tru')
    assert bad.returncode == 2 and "--answers" in bad.stderr
    # Read but not JSON: no warning sign answered, so the emergency box comes first.
    assert bad.stderr.startswith("Call 999 now if:") and "chest pain" in bad.stderr
    assert bad.stderr.strip().splitlines()[-1].startswith("toecoach: error: --answers:")
    # Saved in another encoding, or nested too deeply: read, not parsed, the box first too.
    for name, data in (
        ("utf16.json", '{"fever": true}'.encode("utf-16")),
        ("deep.json", b"[" * 5000),
    ):
        path = toecoach_home / name
        toecoach_home.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        refused = run_toecoach("triage", "--answers", str(path))
        assert refused.returncode == 2 and refused.stderr.startswith("Call 999 now if:"), name
    missing = run_toecoach("triage", "--answers", "/nonexistent/answers.json")
    assert missing.returncode == 2 and "--answers" in missing.stderr
    none = run_toecoach("triage")
    assert none.returncode == 2 and "--answers" in none.stderr


def test_questions_list_ids_types_and_required(toecoach_home: Path) -> None:
    result = run_toecoach("triage", "questions", "--json")
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == [q.id for q in QUESTIONS]
    assert sum(r["required"] for r in rows) == 18
    # v2 questions, with the pregnancy follow-up marked as asked only when pregnant.
    assert by_id_of(rows)["sepsis_signs"]["required"] is True
    for qid in ("statin_muscle_symptoms", "pregnancy_warning_signs", "blood_thinner"):
        assert by_id_of(rows)[qid]["required"] is False
    assert by_id_of(rows)["pregnancy_warning_signs"]["asked_when"] == "pregnant"
    by_id = {r["id"]: r for r in rows}
    assert by_id["episodes_per_week"]["type"] == "integer"
    assert by_id["episodes_per_week"]["max"] == 200


def by_id_of(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in rows}


def _raw_run(text: str) -> subprocess.CompletedProcess[str]:
    return run_toecoach("triage", "--answers", "-", input=text)


@pytest.mark.parametrize("bad", ['"yes"', "1", "null", '"Unsure"'])
def test_v2_invalid_red_flag_value_shows_box_and_advice_first(
    toecoach_home: Path, bad: str
) -> None:
    answers = all_no()
    text = json.dumps(answers).replace('"stroke_signs": false', f'"stroke_signs": {bad}')
    result = _raw_run(text)
    assert result.returncode == 2
    err = result.stderr
    assert err.index("Call 999 now if") < err.index("stroke") < err.index("toecoach: error")
    assert "CALL EMERGENCY SERVICES NOW" in err
    assert "stroke_signs" in err.split("toecoach: error")[1]
    assert stored_triage(toecoach_home) == []


def test_v2_near_miss_key_shows_advice(toecoach_home: Path) -> None:
    answers = all_no()
    del answers["calf_swelling_one_side"]
    answers["calf_swelling_one_sid"] = True
    result = _raw_run(json.dumps(answers))
    assert result.returncode == 2
    assert "GET MEDICAL HELP TODAY" in result.stderr
    assert result.stderr.index("Call 999 now if") < result.stderr.index("toecoach: error")
    assert stored_triage(toecoach_home) == []


def test_v2_duplicate_key_is_exit_2_and_never_a_self_care_result(toecoach_home: Path) -> None:
    text = json.dumps(all_no())[:-1] + ', "calf_swelling_one_side": "unsure"}'
    result = _raw_run(text)
    assert result.returncode == 2
    assert "appears more than once" in result.stderr
    assert "GET MEDICAL HELP TODAY" in result.stderr
    assert stored_triage(toecoach_home) == []


def test_v1_answers_file_is_refused_naming_sepsis_signs(toecoach_home: Path) -> None:
    answers = all_no()
    del answers["sepsis_signs"]
    result = _raw_run(json.dumps(answers))
    assert result.returncode == 2
    err = result.stderr
    assert err.startswith("Call 999 now if")
    assert "sepsis_signs" in err and "clammy" in err
    assert stored_triage(toecoach_home) == []


def test_v2_rules_through_the_cli(toecoach_home: Path) -> None:
    for extra, rule, tier in (
        ({"sepsis_signs": True}, "E9_sepsis_signs", "emergency"),
        ({"statin_muscle_symptoms": True}, "U12_statin_muscle", "urgent"),
        ({"pregnant": True, "pregnancy_warning_signs": True}, "U13_pregnancy_warning", "urgent"),
        ({"diabetes": True, "legs_swollen_both": True}, "U3_diabetic_foot", "urgent"),
    ):
        doc = json.loads(run_with(all_no(**extra), "--json").stdout)
        assert doc["tier"] == tier and doc["reasons"][0]["rule"] == rule
        assert doc["spec_version"] == 2
