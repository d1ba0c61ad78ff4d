"""The check-in commands: stored exactly, or refused with status 2 and nothing changed."""

from __future__ import annotations

import json
import os
import string
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import data_snapshot, modules_after_commands, run_toecoach
from toecoach.cli import main
from toecoach.paths import resolve_paths
from toecoach.storage.repositories import INTAKE, records_between
from toecoach.storage.store import Store


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def all_intake() -> list[dict[str, object]]:
    store = Store(resolve_paths().data_dir)
    today = datetime.now().astimezone().date()
    return records_between(store, INTAKE, date(2000, 1, 1), today)


def test_log_water_and_today_json(toecoach_home: Path) -> None:
    assert invoke("log", "water", "250")[0] == 0
    assert invoke("log", "water", "1 glass", "--note", "[bold]hi[/]")[0] == 0
    code, out, _ = invoke("today", "--json")
    assert code == 0
    doc = json.loads(out)
    assert doc["nutrients"]["water"] == {
        "total": 500, "unit": "ml", "target": 2200, "percent": 23, "status": "below", "warnings": [],
    }  # fmt: skip
    assert set(doc) == {"date", "nutrients", "walks", "reminders", "routines_done", "episodes"}
    assert doc["nutrients"]["magnesium"]["from_supplements"] == 0
    notes = [r.get("note") for r in all_intake()]
    assert "[bold]hi[/]" in notes


def test_today_presents_water_as_a_reference_not_a_score(toecoach_home: Path) -> None:
    """Below its target, water is called a reference with its simple check; reached, the
    reference-reached caution stands alone (never both)."""
    assert invoke("log", "water", "500")[0] == 0
    out = invoke("today")[1]
    assert "Water is a reference amount, not a goal to beat" in " ".join(out.split())
    assert "pale-yellow urine" in out
    assert invoke("log", "water", "2000")[0] == 0
    out = " ".join(invoke("today")[1].split())
    assert "Reference amount reached" in out and "not a goal to beat" not in out


def test_food_is_one_record_and_undo_removes_it_whole(toecoach_home: Path) -> None:
    assert invoke("log", "food", "milk", "--servings", "2")[0] == 0
    rows = all_intake()
    assert len(rows) == 1 and rows[0]["nutrients"] == {
        "calcium": 610,
        "magnesium": 54,
        "potassium": 732,
    }
    code, out, _ = invoke("undo")
    assert code == 0 and "milk" in out
    assert all_intake() == []
    assert invoke("undo")[1].strip() == "nothing to undo"


def test_undo_removes_the_newest_created_even_if_backdated(toecoach_home: Path) -> None:
    invoke("log", "water", "100")
    earlier = (datetime.now().astimezone() - timedelta(days=40)).replace(microsecond=0)
    invoke("log", "calcium", "300", "--at", earlier.isoformat())
    code, out, _ = invoke("undo")
    assert "calcium 300" in out
    assert [r["nutrients"] for r in all_intake()] == [{"water": 100}]


def test_supplement_flag_and_vitamin_d(toecoach_home: Path) -> None:
    assert invoke("log", "magnesium", "400", "--supplement")[0] == 0
    assert invoke("log", "vitamin-d", "25 mcg")[0] == 0
    doc = json.loads(invoke("today", "--json")[1])
    assert doc["nutrients"]["magnesium"]["status"] == "over_limit"
    assert doc["nutrients"]["magnesium"]["from_supplements"] == 400
    assert doc["nutrients"]["vitamin_d"]["total"] == 1000


def test_log_walk_counts_in_today(toecoach_home: Path) -> None:
    assert invoke("log", "walk", "--minutes", "7")[0] == 0
    assert json.loads(invoke("today", "--json")[1])["walks"] == 1


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["log", "water", "0"], "AMOUNT"),
        (["log", "water", "nan"], "AMOUNT"),
        (["log", "water", "inf"], "AMOUNT"),
        (["log", "water", "1e400"], "AMOUNT"),
        (["log", "water", ""], "AMOUNT"),
        (["log", "water", "--", "-5"], "AMOUNT"),
        (["log", "water", "3 pints"], "AMOUNT"),
        (["log", "water", "5.1 l"], "AMOUNT"),
        (["log", "calcium", "11 g"], "AMOUNT"),
        (["log", "vitamin-d", "100001"], "AMOUNT"),
        (["log", "food", "pizza"], "NAME"),
        (["log", "food", "milk", "--servings", "0"], "--servings"),
        (["log", "food", "milk", "--servings", "nan"], "--servings"),
        (["log", "water", "250", "--at", "2099-01-01T10:00"], "--at"),
        (["log", "water", "250", "--at", "yesterday"], "--at"),
        (["log", "water", "250", "--at", "1999-06-01T10:00"], "--at"),
        # 1999-12-31 in any zone west of +14:00: stored that way, readers would skip it.
        (["log", "water", "250", "--at", "2000-01-01T00:00+14:00"], "--at"),
        (["log", "water", "250", "--at", "23:61"], "--at"),
        (["log", "water", "250", "--note", "x" * 501], "--note"),
        (["log", "walk", "--minutes", "0"], "--minutes"),
        (["log", "walk", "--minutes", "abc"], "--minutes"),
        (["log", "water"], "AMOUNT"),
    ],
)
def test_bad_input_exits_2_names_the_argument_and_changes_nothing(
    toecoach_home: Path, args: list[str], named: str
) -> None:
    invoke("log", "water", "100")  # existing data must stay byte-for-byte the same
    before = data_snapshot(toecoach_home)
    code, _, err = invoke(*args)
    assert code == 2
    assert named in err
    assert "Traceback" not in err
    assert data_snapshot(toecoach_home) == before


def test_malformed_config_names_file_line_and_key(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(
        'units = "metric"\n[breaks]\ninterval_minutes = 90\n'
    )
    code, _, err = invoke("log", "water", "250")
    assert code == 2
    assert "config.toml, line 3" in err and "breaks.interval_minutes" in err and "20 to 60" in err
    assert data_snapshot(toecoach_home) == {}


def test_config_that_is_not_toml(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text("units = \n")
    code, _, err = invoke("today")
    assert code == 2 and "config.toml" in err and "line 1" in err


def test_targets_follow_profile_and_opt_outs(toecoach_home: Path) -> None:
    toecoach_home.mkdir(parents=True)
    (toecoach_home / "config.toml").write_text(
        '[profile]\nsex = "male"\nage = 45\n[health]\nkidney_disease = true\n'
    )
    doc = json.loads(invoke("today", "--json")[1])
    assert doc["nutrients"]["water"]["target"] is None
    assert doc["nutrients"]["water"]["percent"] is None
    assert doc["nutrients"]["potassium"]["target"] is None
    assert doc["nutrients"]["magnesium"]["target"] == 420


amount_text = st.one_of(
    st.text(alphabet=string.digits + ".-+eE lLmMgGoOzZcupsIUµ", max_size=12),
    st.builds(lambda n, u: f"{n}{u}", st.floats(allow_nan=True, allow_infinity=True),
              st.sampled_from(["", "ml", " l", "oz", "cup", "glass", "mg", "g", "IU", "mcg", "x"])),
    st.text(max_size=8),
)  # fmt: skip
note_text = st.one_of(st.none(), st.text(max_size=20), st.just("x" * 501), st.just("[red]\x1b[31m"))
at_text = st.one_of(
    st.none(),
    st.sampled_from(["00:00", "23:59", "25:00", "", "2099-01-01", "2026-13-01T00:00", "now"]),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0).isoformat()
    ),
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    nutrient=st.sampled_from(["water", "calcium", "magnesium", "potassium", "vitamin-d"]),
    amount=amount_text,
    at=at_text,
    note=note_text,
)
def test_every_log_input_is_stored_exactly_or_refused_unchanged(
    toecoach_home: Path, nutrient: str, amount: str, at: str | None, note: str | None
) -> None:
    before = data_snapshot(toecoach_home)
    count_before = len(all_intake())
    args = ["log", nutrient, "--", amount] if amount.startswith("-") else ["log", nutrient, amount]
    if at is not None:
        args[2:2] = ["--at", at]
    if note is not None:
        args[2:2] = ["--note", note]
    code, _, err = invoke(*args)
    if code == 0:
        rows = all_intake()
        assert len(rows) == count_before + 1
        newest = max(rows, key=lambda r: r["created_ns"])
        assert newest["input"] == amount
        assert newest.get("note") == note
        (value,) = newest["nutrients"].values()
        assert value > 0
    else:
        assert code == 2, err
        assert "Traceback" not in err
        assert data_snapshot(toecoach_home) == before


def test_files_and_dirs_are_private(toecoach_home: Path) -> None:
    assert invoke("log", "water", "250")[0] == 0
    data = toecoach_home / "data"
    assert (os.stat(toecoach_home).st_mode & 0o777) == 0o700
    assert (os.stat(data).st_mode & 0o777) == 0o700
    for path in data.iterdir():
        assert (os.stat(path).st_mode & 0o777) == 0o600, path


def test_existing_user_directory_mode_is_left_alone(toecoach_home: Path) -> None:
    toecoach_home.mkdir(mode=0o755)
    os.chmod(toecoach_home, 0o755)
    assert invoke("log", "water", "250")[0] == 0
    assert (os.stat(toecoach_home).st_mode & 0o777) == 0o755


def test_installed_command_help_lists_commands() -> None:
    result = run_toecoach("--help")
    assert result.returncode == 0
    for command in ("log", "undo", "today", "foods", "doctor"):
        assert command in result.stdout


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "toecoach", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0 and "toecoach" in result.stdout


def test_plain_commands_never_import_the_tui_or_scheduler() -> None:
    commands = [["log", "water", "250"], ["today", "--json"], ["undo"], ["foods"], ["doctor"]]
    assert modules_after_commands(commands, ("textual", "apscheduler")) == []


def test_opening_the_app_never_imports_the_command_line_parser(toecoach_home: Path) -> None:
    """``toecoach`` alone goes straight to the TUI (launch.py): click is not imported, so the
    start a person waits for does not pay for the parser. The TUI itself is replaced here by
    a stand-in that reports which modules were loaded."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import toecoach.ui.app as ui\n"
        "ui.run_app = lambda settings, problem=None: print('CLICK', 'click' in sys.modules) or 0\n"
        "sys.argv = ['toecoach']\n"
        "from toecoach.launch import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "CLICK False" in result.stdout, result.stdout + result.stderr


def test_shell_completion_is_answered_by_the_command_line(toecoach_home: Path) -> None:
    """Completion runs ``toecoach`` without arguments too: it must print the script, never
    open the app."""
    result = run_toecoach(env={"_TOECOACH_COMPLETE": "bash_source"}, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "complete" in result.stdout and "_TOECOACH_COMPLETE" in result.stdout


def test_a_bad_environment_still_gets_a_usage_error_without_arguments(toecoach_home: Path) -> None:
    result = run_toecoach(env={"TOECOACH_LOCK_TIMEOUT": "soon"})
    assert result.returncode == 2 and "TOECOACH_LOCK_TIMEOUT" in result.stderr


def test_doctor_reports_files_schema_lock_and_config(toecoach_home: Path) -> None:
    invoke("log", "water", "250")
    code, out, _ = invoke("doctor", "--json")
    report = json.loads(out)
    assert code == 0
    assert report["schema_version"] == 1 and report["lock"] == "free"
    assert report["files"][0]["schema"] == 1
    assert report["config"].startswith("missing")


def test_a_log_loads_only_its_own_command_group() -> None:
    """cli is a package of command groups loaded lazily: logging never loads the others."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from toecoach.cli import main\n"
        "try:\n"
        "    main(['log', 'water', '250'])\n"
        "except SystemExit as e:\n"
        "    assert e.code in (0, None), e.code\n"
        "print('LOADED', sorted(m for m in sys.modules if m.startswith('toecoach.cli.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "LOADED ['toecoach.cli.common', 'toecoach.cli.log']" in result.stdout, (
        result.stdout + result.stderr
    )


def test_a_paper_diary_from_years_ago_can_be_typed_in(toecoach_home: Path) -> None:
    """Interfaces v2: check-in times from 2000-01-01 to now (not only the last year)."""
    logged = run_toecoach("log", "water", "300", "--at", "2003-05-04T10:00")
    assert logged.returncode == 0, logged.stderr
    assert (toecoach_home / "data" / "log-2003-05.json").exists()
    shown = run_toecoach("history", "--from", "2003-05-01", "--to", "2003-05-31", "--json")
    assert shown.returncode == 0, shown.stderr
    days = {d["date"]: d for d in json.loads(shown.stdout)["days"]}
    assert days["2003-05-04"]["water_ml"] == 300
    before = data_snapshot(toecoach_home)
    refused = run_toecoach("log", "water", "300", "--at", "1999-12-31T23:59")
    assert refused.returncode == 2 and "--at" in refused.stderr and "2000-01-01" in refused.stderr
    assert data_snapshot(toecoach_home) == before
