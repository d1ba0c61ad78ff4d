"""history, rest, export/import and report from the command line."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.history import build_history
from tests.conftest import data_snapshot, run_toecoach


def test_history_json_has_the_spec_keys(toecoach_home: Path) -> None:
    assert run_toecoach("log", "water", "2200").returncode == 0
    doc = json.loads(run_toecoach("history", "--json").stdout)
    assert set(doc) == {"days", "streaks", "strength"}
    assert set(doc["days"][-1]) == {"date", "water_ml", "water_target_ml", "walks", "reminders",
                                    "routines_done", "episodes", "rest_day"}  # fmt: skip
    assert set(doc["streaks"]) == {"walks", "routines", "water", "minerals"}
    assert doc["days"][-1]["water_ml"] == 2200
    assert doc["streaks"]["water"] == {"current": 1, "longest": 1}


def days_ago(days: int) -> date:
    """A date relative to today: ``--at`` refuses the future, and a fixed date would fall out
    of the built history one day."""
    return date.today() - timedelta(days=days)


def test_history_range_and_csv(toecoach_home: Path) -> None:
    build_history(toecoach_home, years=1)
    week = [days_ago(30 - i).isoformat() for i in range(7)]  # inside the built year
    out = run_toecoach("history", "--from", week[0], "--to", week[-1], "--csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["date"] for r in rows] == week
    assert rows[0]["rest_day"] in ("false", "true")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["history", "--from", "2026-13-01"], "--from"),
        (["history", "--to", "yesterday"], "--to"),
        (["history", "--from", "2026-11-10", "--to", "2026-11-01"], "--from"),
        # After today, with --to left at today: said, not an empty history.
        (["history", "--from", (date.today() + timedelta(days=30)).isoformat()], "--from"),
        (["rest", "someday"], "DATE"),
        (["report", "-o", "out.pdf"], "-o"),
    ],
)
def test_bad_dates_exit_2(toecoach_home: Path, args: list[str], named: str) -> None:
    result = run_toecoach(*args)
    assert result.returncode == 2 and named in result.stderr


def test_rest_days_are_stored_once_and_shown(toecoach_home: Path) -> None:
    rest_day = days_ago(8).isoformat()
    assert run_toecoach("rest", rest_day).returncode == 0
    assert "already" in run_toecoach("rest", rest_day).stdout
    assert run_toecoach("log", "water", "250", "--at", f"{days_ago(9)}T10:00").returncode == 0
    doc = json.loads(run_toecoach("history", "--from", rest_day, "--to", rest_day, "--json").stdout)
    assert doc["days"][0]["rest_day"] is True


def test_export_then_import_into_a_new_home_gives_the_same_history(
    tmp_path: Path, toecoach_home: Path
) -> None:
    build_history(toecoach_home, years=1)
    (toecoach_home / "config.toml").write_text('[profile]\nsex = "male"\n')
    run_toecoach("rest", days_ago(8).isoformat())
    exported = tmp_path / "export.json"
    assert run_toecoach("export", "-o", str(exported)).returncode == 0
    original = run_toecoach("history", "--json").stdout
    other = tmp_path / "other"
    env = {"TOECOACH_HOME": str(other)}
    assert run_toecoach("import", str(exported), env=env).returncode == 0
    assert run_toecoach("history", "--json", env=env).stdout == original
    again = run_toecoach("import", str(exported), env=env)  # merging twice adds nothing
    assert "imported 0 records" in again.stdout
    assert run_toecoach("history", "--json", env=env).stdout == original


def test_an_altered_record_is_refused_and_nothing_changes(
    tmp_path: Path, toecoach_home: Path
) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    exported = tmp_path / "export.json"
    run_toecoach("export", "-o", str(exported))
    document = json.loads(exported.read_text())
    document["records"]["intake"][0]["nutrients"]["water"] = "a lot"
    exported.write_text(json.dumps(document))
    other = tmp_path / "other"
    env = {"TOECOACH_HOME": str(other)}
    run_toecoach("log", "water", "100", env=env)
    before = data_snapshot(other)
    result = run_toecoach("import", str(exported), env=env)
    assert result.returncode == 2
    assert "records.intake[0].nutrients.water" in result.stderr
    assert data_snapshot(other) == before


@pytest.mark.parametrize("content", ["not json", "[]", '{"format": "something-else"}',
                                     '{"format": "toecoach-export", "version": 99, "records": {}}'])  # fmt: skip
def test_foreign_files_are_refused(tmp_path: Path, toecoach_home: Path, content: str) -> None:
    path = tmp_path / "foreign.json"
    path.write_text(content)
    result = run_toecoach("import", str(path))
    assert result.returncode == 2 and "FILE" in result.stderr
    assert data_snapshot(toecoach_home) == {}


def test_report_html_and_markdown_show_user_text_literally(
    tmp_path: Path, toecoach_home: Path
) -> None:
    assert run_toecoach("log", "water", "250", "--note", "<script>x</script>").returncode == 0
    html_file = tmp_path / "report.html"
    assert run_toecoach("report", "--days", "30", "-o", str(html_file)).returncode == 0
    text = html_file.read_text()
    assert "not a diagnosis" in text and "<script>" not in text
    md_file = tmp_path / "report.md"
    assert run_toecoach("report", "--days", "90", "-o", str(md_file)).returncode == 0
    assert md_file.read_text().startswith("# toecoach summary")


# -- honest numbers in the report (issue 14) ---------------------------------------------------


def _seed_nine_days(home: Path) -> None:
    """Nine days of use ending today: drinks every day (the target met on three), magnesium
    supplements over the limit on two days, an episode of 12 minutes, a 1-second cramp rescue
    and a routine stopped early."""
    from datetime import datetime, timedelta

    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import EPISODES, INTAKE, RUNS, add
    from toecoach.storage.store import Store

    store = Store(home / "data")
    now = datetime.now().astimezone().replace(microsecond=0)
    for back in range(9):
        moment = (now - timedelta(days=back)).replace(hour=8, minute=0, second=0)
        if moment > now:
            moment = now
        ml = 2300 if back in (1, 2, 3) else 900
        add(store, INTAKE, new_record("intake", moment, now, nutrients={"water": ml},
                                      input=str(ml), source="drink"))  # fmt: skip
        if back in (2, 4):
            add(store, INTAKE, new_record("intake", moment, now, nutrients={"magnesium": 400.0},
                                          input="400", source="supplement"))  # fmt: skip
    moment = (now - timedelta(days=5)).replace(hour=8)
    add(store, INTAKE, new_record("intake", moment, now, nutrients={"calcium": 500.0},
                                  input="500", source="unspecified"))  # fmt: skip
    add(store, EPISODES, new_record("episode", moment, now, foot="left", toes=["big"],
                                    severity=6, duration_seconds=720, during="night"))  # fmt: skip
    add(store, RUNS, new_record("rescue", moment, now, routine="cramp-rescue", seconds=1,
                                escalated=False))  # fmt: skip
    add(store, RUNS, new_record("run", moment, now, routine="desk-stretch-5min", finished=False,
                                steps_done=1, steps_total=5))  # fmt: skip


def test_report_after_nine_days_counts_logged_days_and_lists_supplements(
    tmp_path: Path, toecoach_home: Path
) -> None:
    _seed_nine_days(toecoach_home)
    out = tmp_path / "report.md"
    result = run_toecoach("report", "--days", "30", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "Water target reached on 3 of 9 days with drinks logged and a target." in text
    assert "of 30 days" not in text
    assert "the 30 days asked for cover only 9" in text
    # Supplements by day, and the days over the supplement limit for magnesium.
    assert "magnesium 400 mg (supplement)" in text
    assert "calcium 500 mg (source not given)" in text
    assert "Days with magnesium over 350 mg a day from supplements" in text
    assert ": 2 (" in text
    # Episodes in minutes; rescues apart from routines.
    assert "lasted 12 min" in text and "duration seconds" not in text
    assert "left foot, big toe, severity 6 of 10" in text
    assert "0 exercise or massage routines finished; 1 stopped early" in text
    assert "## Cramp rescue" in text and "Opened 1 time (" in text and ": 1 s" in text


# -- export and import of everything the person made (issue 14) ------------------------------

MY_ROUTINE = (
    'schema = 1\nid = "mine"\nname = "Mine"\nsummary = "x"\n\n[[items]]\nexercise = "toe-splay"\n'
)


def test_export_holds_config_and_routine_files_and_import_says_what_it_did(
    tmp_path: Path, toecoach_home: Path
) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text('units = "us"  # mine\n')
    (toecoach_home / "routines" / "routines").mkdir(parents=True)
    (toecoach_home / "routines" / "mine.toml").write_text(MY_ROUTINE)
    (toecoach_home / "routines" / "routines" / "evening.toml").write_text("# evening\n")
    (toecoach_home / "routines" / "shared.toml").write_text("# my version\n")
    assert run_toecoach("log", "water", "250 ml").returncode == 0
    exported = tmp_path / "export.json"
    result = run_toecoach("export", "-o", str(exported))
    assert "1 record, config.toml and 3 routine files" in result.stdout
    document = json.loads(exported.read_text())
    assert document["settings_toml"] == 'units = "us"  # mine\n'
    assert document["routines"]["mine.toml"] == MY_ROUTINE
    assert set(document["routines"]) == {"mine.toml", "shared.toml", "routines/evening.toml"}

    # Into a new home: everything restored.
    fresh = tmp_path / "fresh"
    out = run_toecoach("import", str(exported), env={"TOECOACH_HOME": str(fresh)}).stdout
    assert "restored config.toml" in out and "added mine.toml" in out
    assert (fresh / "routines" / "mine.toml").read_text() == MY_ROUTINE
    assert (fresh / "routines" / "routines" / "evening.toml").read_text() == "# evening\n"
    assert (fresh / "config.toml").read_text() == 'units = "us"  # mine\n'
    assert (fresh / "routines" / "mine.toml").stat().st_mode & 0o777 == 0o600
    listed = run_toecoach("routines", "list", env={"TOECOACH_HOME": str(fresh)}).stdout
    assert "mine" in listed

    # Into a home with its own settings and a different file of the same name: both kept.
    other = tmp_path / "other"
    (other / "routines").mkdir(parents=True)
    (other / "config.toml").write_text('region = "us"\n')
    (other / "routines" / "shared.toml").write_text("# theirs\n")
    out = run_toecoach("import", str(exported), env={"TOECOACH_HOME": str(other)}).stdout
    assert "kept your config.toml" in out
    assert "kept your own shared.toml; the export's differs" in out
    assert (other / "config.toml").read_text() == 'region = "us"\n'
    assert (other / "routines" / "shared.toml").read_text() == "# theirs\n"
    assert (other / "routines" / "mine.toml").read_text() == MY_ROUTINE
    again = run_toecoach("import", str(exported), env={"TOECOACH_HOME": str(other)}).stdout
    assert "imported 0 records" in again and "already here: " in again


@pytest.mark.parametrize("name", ["../escape.toml", "/etc/x.toml", ".hidden.toml", "a/../b.toml",
                                  "a\\b.toml", ""])  # fmt: skip
def test_import_refuses_routine_paths_outside_routines(
    tmp_path: Path, toecoach_home: Path, name: str
) -> None:
    document = {"format": "toecoach-export", "version": 1, "records": {}, "routines": {name: "x"}}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = run_toecoach("import", str(path))
    assert result.returncode == 2 and "routines" in result.stderr
    assert not (tmp_path / "escape.toml").exists() and not (toecoach_home / "routines").exists()


def test_today_and_history_give_a_day_s_water_alike(toecoach_home: Path) -> None:
    """today --json said 486.6 and history --json 487 for the same day."""
    assert run_toecoach("log", "water", "486.6").returncode == 0
    today = json.loads(run_toecoach("today", "--json").stdout)["nutrients"]["water"]["total"]
    days = json.loads(run_toecoach("history", "--json").stdout)["days"]
    assert today == days[-1]["water_ml"] == 486.6


def test_history_text_says_what_makes_a_day_count(toecoach_home: Path) -> None:
    """As the history screen does: a streak says what it counts."""
    result = run_toecoach("history")
    assert result.returncode == 0, result.stderr
    assert "A day counts for" in result.stdout
    assert "  routines: any routine finished" in result.stdout
