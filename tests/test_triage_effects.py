"""What the latest stored triage changes elsewhere (triage spec v2, interfaces v2): targets in
``today --json`` and on the dashboard, supplement warnings, the minerals habit, reminders."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import run_toecoach
from toecoach.domain.adherence import AdherencePlan, DayRecords, day_stats
from toecoach.domain.effects import triage_effects
from toecoach.domain.intake import TargetProfile, summarize_day
from toecoach.domain.triage import QUESTIONS

REQUIRED = [q.id for q in QUESTIONS if q.required]


def triage_with(**extra: object) -> Any:
    answers: dict[str, object] = dict.fromkeys(REQUIRED, False)
    answers.update(extra)
    return run_toecoach("triage", "--answers", "-", "--json", input=json.dumps(answers))


def today() -> dict[str, Any]:
    result = run_toecoach("today", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


# -- pure ---------------------------------------------------------------------------------------


def test_effects_of_a_stored_record() -> None:
    record = {
        "tier": "urgent",
        "answers": {"kidney_disease": "unsure", "pregnant": False},
        "result": {
            "tier": "urgent",
            "blocked": ["all", "massage"],
            "blocked_by": {"all": ["calf_swelling_one_side"], "massage": ["x"]},
            "reasons": [{"tier": "urgent", "advice": "Get help today."}],
        },
    }
    effects = triage_effects(record)
    assert effects.reminders_held and effects.kidney_disease and not effects.pregnant
    assert effects.blocked == {"all", "massage"}
    assert effects.advice == ("Get help today.",)
    # Damaged shapes never crash; nothing is switched on by them.
    assert triage_effects({"answers": [1, 2], "result": "x"}).tier is None
    assert not triage_effects(None).reminders_held


def test_pregnancy_removes_every_target_and_percentage() -> None:
    summary = summarize_day([{"nutrients": {"water": 500.0}, "source": "drink"}],
                            TargetProfile(pregnant=True))  # fmt: skip
    for row in summary.values():
        doc = row.to_json()
        assert doc["target"] is None and doc["percent"] is None
        assert doc["status"] == "no_target"
        assert "midwife" in doc["note"]
    assert summary["water"].total == 500


def test_potassium_supplement_always_warns_and_never_counts_as_met() -> None:
    summary = summarize_day(
        [{"nutrients": {"potassium": 2600.0}, "source": "supplement"}], TargetProfile()
    )
    potassium = summary["potassium"]
    assert any("prescribed" in w for w in potassium.warnings)
    assert potassium.status == "below" and potassium.percent == 0


def test_kidney_disease_warns_on_magnesium_and_potassium_supplements() -> None:
    records = [
        {"nutrients": {"magnesium": 100.0}, "source": "supplement"},
        {"nutrients": {"potassium": 99.0}, "source": "supplement"},
    ]
    summary = summarize_day(records, TargetProfile(kidney_disease=True))
    assert any("kidney disease" in w for w in summary["magnesium"].warnings)
    assert any("kidney disease" in w for w in summary["potassium"].warnings)
    plain = summarize_day(records[:1], TargetProfile())
    assert not any("kidney" in w for w in plain["magnesium"].warnings)


def test_unspecified_magnesium_counts_toward_the_supplement_limit() -> None:
    summary = summarize_day(
        [{"nutrients": {"magnesium": 800.0}, "source": "unspecified"}], TargetProfile()
    )
    assert summary["magnesium"].status == "over_limit"
    assert summary["magnesium"].from_supplements == 800
    food = summarize_day([{"nutrients": {"magnesium": 800.0}, "source": "food"}], TargetProfile())
    assert food["magnesium"].status == "reached"


def test_water_past_twice_the_target_gets_a_caution() -> None:
    summary = summarize_day([{"nutrients": {"water": 4500.0}, "source": "drink"}], TargetProfile())
    assert any("twice" in w for w in summary["water"].warnings)
    assert summary["water"].percent == 100


def test_a_day_over_an_upper_limit_never_meets_the_minerals_habit() -> None:
    profile = TargetProfile()
    enough = [
        {"nutrients": {"calcium": 1000.0, "magnesium": 320.0, "potassium": 2600.0},
         "source": "food"},
    ]  # fmt: skip
    plan = AdherencePlan(work_days=("mon",), routines=(), profile=profile)
    met = day_stats(date(2026, 11, 23), DayRecords(intake=enough), plan, rest_day=False)
    assert met.met["minerals"]
    over = [*enough, {"nutrients": {"magnesium": 400.0}, "source": "supplement"}]
    day = day_stats(date(2026, 11, 23), DayRecords(intake=over), plan, rest_day=False)
    assert not day.met["minerals"]


# -- through the real command ---------------------------------------------------------------------


def test_kidney_triage_removes_water_and_potassium_targets_in_today(toecoach_home: Path) -> None:
    assert today()["nutrients"]["water"]["target"] == 2200
    assert triage_with(kidney_disease=True).returncode == 0
    nutrients = today()["nutrients"]
    for nutrient in ("water", "potassium"):
        assert nutrients[nutrient]["target"] is None
        assert nutrients[nutrient]["percent"] is None
        assert "care team" in nutrients[nutrient]["note"]
    assert nutrients["calcium"]["target"] == 1000
    # A later triage without it brings the targets back.
    assert triage_with(kidney_disease=False).returncode == 0
    assert today()["nutrients"]["water"]["target"] == 2200


def test_pregnancy_triage_removes_every_target_in_today(toecoach_home: Path) -> None:
    assert triage_with(pregnant="unsure").returncode == 0
    assert run_toecoach("log", "water", "500").returncode == 0
    nutrients = today()["nutrients"]
    assert nutrients["water"]["total"] == 500
    assert all(row["target"] is None and row["percent"] is None for row in nutrients.values())
    assert all(row["status"] == "no_target" for row in nutrients.values())


def test_log_warns_about_supplements(toecoach_home: Path) -> None:
    result = run_toecoach("log", "potassium", "2600", "--supplement")
    assert result.returncode == 0
    assert "prescribed" in result.stdout
    bare = run_toecoach("log", "magnesium", "800")
    assert bare.returncode == 0 and "350 mg" in bare.stdout
    both = run_toecoach("log", "magnesium", "10", "--food", "--supplement")
    assert both.returncode == 2 and "--food" in both.stderr
    assert triage_with(kidney_disease=True).returncode == 0
    kidney = run_toecoach("log", "magnesium", "50", "--supplement")
    assert "kidney disease" in kidney.stdout


def test_age_under_19_is_refused(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True, exist_ok=True)
    (toecoach_home / "config.toml").write_text("[profile]\nage = 18\n")
    result = run_toecoach("today", "--json")
    assert result.returncode == 2
    assert "profile.age" in result.stderr and "19" in result.stderr
