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
    """A date relative to today: ``--at`` refuses the future and more than 366 days back, and
    a fixed date would fall out of the built history one day."""
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
