"""What the latest stored triage changes elsewhere (triage spec v2, interfaces v2): targets in
``today --json`` and on the dashboard, supplement warnings, the minerals habit, reminders."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.conftest import run_toecoach
from toecoach.domain.adherence import AdherencePlan, DayRecords, day_stats, days_between
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


def test_each_day_is_judged_by_the_targets_in_force_on_it() -> None:
    """A pregnancy triage on Wednesday removes the targets from Wednesday on; Monday keeps
    the targets it had (history must not re-judge past days by today's)."""
    monday, wednesday = date(2026, 11, 23), date(2026, 11, 25)
    water = DayRecords(intake=[{"nutrients": {"water": 2300.0}, "source": "drink"}])
    plan = AdherencePlan(profile=TargetProfile(),
                         profile_changes=((wednesday, TargetProfile(pregnant=True)),))  # fmt: skip
    mon, tue, wed, thu = days_between(monday, monday + timedelta(days=3),
                                      {d: water for d in (monday, wednesday)}, plan, set())  # fmt: skip
    assert mon.water_target_ml == 2200 and mon.due["water"] and mon.met["water"]
    assert tue.due["water"] and not tue.met["water"]  # nothing logged, still due
    assert wed.water_target_ml is None and not wed.due["water"] and not wed.due["minerals"]
    assert thu.water_target_ml is None and not thu.due["water"]


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


# -- the dashboard and reminders ----------------------------------------------------------------

ALL_DAY = (
    '[breaks]\nwork_days = ["mon","tue","wed","thu","fri","sat","sun"]\n'
    'work_hours = "00:00-24:00"\n'
)


async def _wait(pilot: Any, condition: Any, timeout: float = 8.0) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await pilot.pause(0.1)


def _intake_text(app: Any) -> str:
    from toecoach.ui.widgets.intake_panel import IntakePanel

    return str(app.screen.query_one(IntakePanel).render())


def _sitting_text(app: Any) -> str:
    return str(app.screen.query_one("#sitting").render())


async def test_dashboard_follows_kidney_and_pregnancy_triage(configured_home: Path) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp

    app = ToecoachApp(load_settings(configured_home / "config.toml"), start_reminders=False)
    async with app.run_test(size=(110, 40)) as pilot:
        await _wait(pilot, lambda: "0 of 2200 ml" in _intake_text(app))
        assert triage_with(kidney_disease=True).returncode == 0
        await _wait(pilot, lambda: "care team" in _intake_text(app))
        text = _intake_text(app)
        assert "of 2200" not in text and "of 2600" not in text and "of 1000 mg" in text
        assert triage_with(pregnant=True).returncode == 0
        await _wait(pilot, lambda: "midwife" in _intake_text(app))
        text = _intake_text(app)
        assert "%" not in text and " of " not in text


async def test_reminders_pause_after_urgent_and_resume_after_self_care(
    configured_home: Path,
) -> None:
    from toecoach.config import load_settings
    from toecoach.ui.app import ToecoachApp

    (configured_home / "config.toml").write_text(ALL_DAY)
    app = ToecoachApp(load_settings(configured_home / "config.toml"))
    async with app.run_test(size=(110, 40)) as pilot:
        await _wait(pilot, lambda: app.reminders is not None)
        service = app.reminders
        assert service is not None
        await _wait(pilot, lambda: "next walk due" in _sitting_text(app))
        assert triage_with(calf_swelling_one_side=True).returncode == 0
        await _wait(pilot, lambda: service.held_by_triage)
        assert service.next_due() is None
        await _wait(pilot, lambda: "paused: your latest triage" in _sitting_text(app))
        assert "Press t for a new triage" in _sitting_text(app)
        assert triage_with().returncode == 0  # a later self-care result
        await _wait(pilot, lambda: not service.held_by_triage)
        assert service.next_due() is not None
        await _wait(pilot, lambda: "next walk due" in _sitting_text(app))


def test_applied_plan_interval_is_in_force_unless_config_says(toecoach_home: Path) -> None:
    from toecoach.config import parse_settings
    from toecoach.services.effective import effective_from

    plan = {"plan": {"break_interval_minutes": 45}}
    settings = parse_settings("", Path("config.toml"))
    in_force = effective_from(settings, None, plan)
    assert in_force.settings.breaks.interval_minutes == 45 and in_force.interval_from == "plan"
    explicit = parse_settings("[breaks]\ninterval_minutes = 25\n", Path("config.toml"))
    assert effective_from(explicit, None, plan).settings.breaks.interval_minutes == 25
    assert effective_from(settings, None, None).interval_from == "default"


def test_routines_show_drops_what_the_locks_forbid(toecoach_home: Path) -> None:
    before = json.loads(run_toecoach("routines", "show", "cramp-rescue", "--json").stdout)
    steps = " ".join(before["items"][0]["steps"])
    assert "Rub" in steps
    assert triage_with(wound_or_sore=True).returncode == 0  # locks massage and barefoot
    after = json.loads(run_toecoach("routines", "show", "cramp-rescue", "--json").stdout)
    assert "Rub" not in " ".join(after["items"][0]["steps"])
    assert after["locked"] is False  # cramp rescue is never locked
    strength = run_toecoach("routines", "show", "strength-10min")
    assert strength.returncode == 0 and "Locked for safety" in strength.stdout


def test_routines_show_cramp_rescue_says_what_the_rescue_screen_says(toecoach_home: Path) -> None:
    """Triage spec v2: after an urgent triage the advice comes first; after an emergency one
    only the call and "sit or lie down while you wait", no stretching or walking."""
    assert triage_with(calf_swelling_one_side=True).returncode == 0  # urgent
    urgent = run_toecoach("routines", "show", "cramp-rescue")
    assert urgent.returncode == 0, urgent.stderr
    lines = urgent.stdout.splitlines()
    assert lines[3].startswith("Get medical help today")
    assert "Stretch the cramped muscle" in urgent.stdout and "Rub" not in urgent.stdout
    assert triage_with(limb_cold_pale_blue=True).returncode == 0  # emergency
    emergency = run_toecoach("routines", "show", "cramp-rescue")
    assert emergency.returncode == 0, emergency.stderr
    assert "Call emergency services now (999)." in emergency.stdout
    assert "Sit or lie down while you wait." in emergency.stdout
    for said in ("Stretch", "walk around", "same day"):
        assert said not in emergency.stdout
    document = json.loads(run_toecoach("routines", "show", "cramp-rescue", "--json").stdout)
    assert document["items"] == [] and document["rescue"]["tier"] == "emergency"
    assert document["rescue"]["wait"] == "Sit or lie down while you wait."


def test_history_does_not_count_days_held_by_an_urgent_triage_as_missed(
    toecoach_home: Path, tmp_path: Path
) -> None:
    """Walks on four days, then an urgent triage three days ago (every routine locked,
    reminders paused): the walk streak is still four, not broken by the days of the hold."""
    toecoach_home.mkdir(parents=True, exist_ok=True)
    every_day = '"mon", "tue", "wed", "thu", "fri", "sat", "sun"'
    (toecoach_home / "config.toml").write_text(f"[breaks]\nwork_days = [{every_day}]\n")
    today_ = date.today()
    for back in range(7, 3, -1):
        at = f"{(today_ - timedelta(days=back)).isoformat()}T10:00"
        assert run_toecoach("log", "walk", "--minutes", "5", "--at", at).returncode == 0
    assert triage_with(calf_swelling_one_side=True).returncode == 0  # urgent
    export = tmp_path / "export.json"
    assert run_toecoach("export", "-o", str(export)).returncode == 0
    document = json.loads(export.read_text())
    three_days_ago = f"{(today_ - timedelta(days=3)).isoformat()}T09:00:00+00:00"
    for record in document["records"]["triage"]:
        record["at"] = record["created"] = three_days_ago
    export.write_text(json.dumps(document))
    other = {"TOECOACH_HOME": str(tmp_path / "other")}
    imported = run_toecoach("import", str(export), env=other)
    assert imported.returncode == 0, imported.stderr
    result = run_toecoach("history", "--json", env=other)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["streaks"]["walks"] == {"current": 4, "longest": 4}


def test_plan_text_names_the_interval_in_force(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True, exist_ok=True)
    (toecoach_home / "config.toml").write_text("[breaks]\ninterval_minutes = 45\n")
    answers = dict.fromkeys(REQUIRED, False)
    answers["sitting_hours"] = 9
    result = run_toecoach("triage", "--answers", "-", input=json.dumps(answers))
    assert result.returncode == 0
    assert "every 45 minutes" in result.stdout
    assert "30 minutes" not in result.stdout
    as_json = run_toecoach("triage", "--answers", "-", "--json", input=json.dumps(answers))
    assert json.loads(as_json.stdout)["plan"]["break_interval_minutes"] == 45


def test_history_keeps_past_days_targets_after_a_pregnancy_triage(toecoach_home: Path) -> None:
    """The days before the triage keep their water target in ``history``; from the
    triage's day on there is none, as ``today`` says."""
    first = date.today() - timedelta(days=5)
    logged = run_toecoach("log", "water", "2300", "--at", f"{first.isoformat()}T12:00")
    assert logged.returncode == 0, logged.stderr
    assert triage_with(pregnant=True).returncode == 0
    result = run_toecoach("history", "--json")
    assert result.returncode == 0, result.stderr
    days = {d["date"]: d for d in json.loads(result.stdout)["days"]}
    assert days[first.isoformat()]["water_target_ml"] == 2200
    assert days[date.today().isoformat()]["water_target_ml"] is None
    assert today()["nutrients"]["water"]["target"] is None


def test_the_report_says_where_a_triage_removed_the_water_target(
    toecoach_home: Path, tmp_path: Path
) -> None:
    first = date.today() - timedelta(days=5)
    assert (
        run_toecoach("log", "water", "2300", "--at", f"{first.isoformat()}T12:00").returncode == 0
    )
    assert triage_with(pregnant=True).returncode == 0
    assert run_toecoach("log", "water", "500").returncode == 0  # today: drinks, no target
    out = tmp_path / "report.md"
    result = run_toecoach("report", "--days", "30", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "Water target reached on 1 of 1 day with drinks logged and a target." in text
    assert "No water target on 1 day of this period" in text
    assert 'told the person: "ask your midwife about how much you need"' in text
    assert "On the 2 days with drinks logged: 1400 ml a day on average." in text


def test_the_report_counts_minerals_logged_in_pregnancy(
    toecoach_home: Path, tmp_path: Path
) -> None:
    """No mineral targets in pregnancy, but what was logged is still said (not 'none logged'),
    and the reason in the words the person was given."""
    assert triage_with(pregnant=True).returncode == 0
    for args in (("calcium", "300"), ("magnesium", "100", "--supplement"), ("food", "milk")):
        assert run_toecoach("log", *args).returncode == 0
    out = tmp_path / "report.md"
    assert run_toecoach("report", "-o", str(out)).returncode == 0
    text = out.read_text()
    assert "No minerals or foods logged" not in text
    assert ("Minerals or foods logged on 1 day without mineral targets; toecoach told the "
            'person: "ask your midwife about how much you need".') in text  # fmt: skip
    assert "magnesium 100 mg (supplement)" in text


def test_history_and_today_agree_whatever_order_triages_were_stored_in(
    toecoach_home: Path,
) -> None:
    """A pregnancy triage taken 30 days ago, and an imported one dated yesterday without a
    stored-at stamp (``created_ns`` null: the oldest, so not the latest): the pregnancy one
    is the latest, today has no water target, and neither has any day since it."""
    month_ago = date.today() - timedelta(days=30)
    assert (
        run_toecoach("log", "water", "900", "--at", f"{month_ago.isoformat()}T12:00").returncode
        == 0
    )
    assert triage_with(pregnant=True).returncode == 0
    assert triage_with(pregnant=False).returncode == 0
    main = toecoach_home / "data" / "main.json"
    doc = json.loads(main.read_text())
    rows = sorted(doc["triage"].values(), key=lambda r: r["created_ns"])
    pregnant, other = rows
    assert pregnant["answers"]["pregnant"] is True
    pregnant["at"] = f"{month_ago.isoformat()}T08:00:00+00:00"
    other["at"] = f"{(date.today() - timedelta(days=1)).isoformat()}T08:00:00+00:00"
    other["created_ns"] = None
    main.write_text(json.dumps(doc))
    assert today()["nutrients"]["water"]["target"] is None
    result = run_toecoach("history", "--json")
    assert result.returncode == 0, result.stderr
    days = json.loads(result.stdout)["days"]
    assert days[0]["date"] == month_ago.isoformat()
    assert all(d["water_target_ml"] is None for d in days), days
