"""Hostile input and damaged files (issue 15): no traceback, no lost write, nothing unescaped.

Every refusal asserts the exit code, a one-line message naming the argument or file, no
traceback, and that the data directory is byte-for-byte unchanged.
"""

from __future__ import annotations

import copy
import json
import os
import stat
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, data_snapshot, run_toecoach
from tests.tmux import TmuxSession, needs_tmux
from toecoach.cli import main
from toecoach.domain import text as channels
from toecoach.storage.store import Store, month_partition

NOW = datetime.now().astimezone()
TODAY = NOW.date()
MONTH = month_partition(TODAY)


def _seed(home: Path) -> Store:
    """A configured home with one check-in (written in-process: fast)."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text("")
    store = Store(home / "data")
    store.insert(MONTH, "intake", _intake("seed"))
    return store


def _intake(record_id: str, **fields: Any) -> dict[str, Any]:
    at = (NOW - timedelta(minutes=5)).isoformat(timespec="seconds")
    return {"id": record_id, "kind": "intake", "at": at, "created": at, "created_ns": 1,
            "nutrients": {"water": 250.0}, "input": "250", "source": "drink", **fields}  # fmt: skip


@pytest.fixture
def seeded(toecoach_home: Path) -> Path:
    _seed(toecoach_home)
    return toecoach_home


def assert_refused(
    result: subprocess.CompletedProcess[str], code: int, names: str, home: Path,
    before: dict[str, bytes],
) -> None:  # fmt: skip
    """Exit ``code``, one line on stderr naming ``names``, no traceback, nothing changed."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert names in lines[0], lines[0]
    assert len(lines[0]) <= 700
    assert data_snapshot(home) == before


# -- 1. a lock that cannot be stolen ---------------------------------------------------------

# Holds the data lock through a read-modify-write of the current month's file: reads it,
# says "read", waits for a line on stdin, then writes what it read plus one record.
_SLOW_WRITER = r"""
import sys
from datetime import datetime
from toecoach.storage.store import Store, month_partition

store = Store(__import__("pathlib").Path(sys.argv[1]))
partition = month_partition(datetime.now().astimezone().date())
with store.writing(partition) as db:
    data = db.storage.read() or {}
    print("read", flush=True)
    sys.stdin.readline()
    rows = data.setdefault("intake", {})
    rows[str(max((int(k) for k in rows), default=0) + 1)] = {
        "id": "slow-writer", "kind": "intake", "at": datetime.now().astimezone().isoformat(),
        "nutrients": {"water": 111.0}, "created_ns": 1,
    }
    db.storage.write(data)
print("wrote", flush=True)
"""


def _intake_ids(home: Path) -> list[str]:
    ids: list[str] = []
    for path in sorted((home / "data").glob("log-*.json")):
        ids += [str(r.get("id")) for r in json.loads(path.read_text()).get("intake", {}).values()]
    return ids


@pytest.mark.parametrize("damage", ["deleted", "replaced"])
def test_a_deleted_or_replaced_lock_file_lets_no_second_writer_in(
    configured_home: Path, damage: str
) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    data = configured_home / "data"
    writer = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(data)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env={**__import__("os").environ, "PYTHONPATH": str(REPO)},
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdin is not None
    try:
        assert writer.stdout.readline().strip() == "read"
        lock = data / ".toecoach.lock"
        lock.unlink()
        if damage == "replaced":
            lock.write_text("")
        second = subprocess.Popen(
            [sys.executable, "-m", "toecoach", "log", "water", "300"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**__import__("os").environ, "PYTHONPATH": str(REPO),
                 "TOECOACH_LOCK_TIMEOUT": "60"},
        )  # fmt: skip
        # With a stealable lock the second writer is done long before the first one writes
        # (a plain log takes about a quarter of a second here).
        deadline = time.monotonic() + 4
        while second.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "wrote"
        out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
    finally:
        writer.kill()
        writer.wait()
    ids = _intake_ids(configured_home)
    assert "slow-writer" in ids
    assert len(ids) == 3, f"a write was lost: {ids}"


# -- 3. the command line: exit 2 with one line, never a traceback ----------------------------

BIG = "9" * 5000
CLI_REFUSALS = [
    (("log", "walk", "--minutes", "²"), "--minutes"),
    (("episode", "--severity", "²"), "--severity"),
    (("log", "walk", "--minutes", BIG), "--minutes"),
    (("episode", "--severity", BIG), "--severity"),
    (("episode", "--duration", BIG), "--duration"),
    (("log", "water", BIG), "AMOUNT"),
    (("log", "food", "milk", "--servings", BIG), "--servings"),
    (("report", "--days", BIG, "-o", "r.md"), "--days"),
    (("remind", "--check-every", "nan"), "--check-every"),
    (("remind", "--check-every", "inf"), "--check-every"),
    (("export", "-o", ""), "-o"),
    (("export", "-o", "."), "-o"),
    (("export", "-o", "/"), "-o"),
    (("export", "-o", "/dev/null"), "-o"),
    (("report", "-o", "no-such-folder/r.html"), "-o"),
    (("log", "water", "1", "--at", "0001-01-01T00:00"), "--at"),
    (("log", "water", "1", "--at", "0001-01-01T00:00-12:00"), "--at"),
    (("log", "water", "1", "--at", "9999-12-31T23:59+14:00"), "--at"),
    (("episode", "--at", "1999-12-31T23:59"), "--at"),
    (("history", "--from", "0001-01-01"), "--from"),
    (("history", "--to", "9999-12-31"), "--to"),
    (("rest", "9999-12-31"), "DATE"),
    (("rest", "1999-12-31"), "DATE"),
    (("log", "water", "1", "--note", "bad\udcff"), "--note"),
    (("episode", "--note", "bad\udcff"), "--note"),
    (("log", "walk", "--note", "bad\udcff"), "--note"),
    (("log", "food", "milk\udcff"), "NAME"),
    (("nosuchcommand",), "nosuchcommand"),
]


@pytest.mark.parametrize(("args", "names"), CLI_REFUSALS, ids=lambda v: str(v)[:40])
def test_bad_arguments_exit_2_with_one_line(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...],
    names: str,
) -> None:  # fmt: skip
    before = data_snapshot(seeded)
    monkeypatch.chdir(tmp_path)
    assert_refused(run_toecoach(*args), 2, names, seeded, before)


@pytest.mark.parametrize(
    ("name", "value"),
    [("TOECOACH_LOCK_TIMEOUT", "abc"), ("TOECOACH_LOCK_TIMEOUT", "nan"),
     ("TOECOACH_LOCK_TIMEOUT", "-1"), ("TOECOACH_LOCK_TIMEOUT", "inf"),
     ("TOECOACH_HOME", "~nosuchuser/x"), ("TZ", "UTC+99")],
)  # fmt: skip
def test_bad_environment_exits_2_with_one_line(seeded: Path, name: str, value: str) -> None:
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("log", "water", "250", env={name: value}), 2, name, seeded, before)


def test_history_over_the_widest_range_is_quick_and_bounded(seeded: Path) -> None:
    """Work follows the data present: the widest range allowed reads one file."""
    result = run_toecoach("history", "--from", "2000-01-01", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    days = json.loads(result.stdout)["days"]
    today = datetime.now().astimezone().date()  # the run may cross midnight
    assert days[0]["date"] == "2000-01-01"
    assert days[-1]["date"] in (today.isoformat(), (today - timedelta(days=1)).isoformat())


def _transitions(zone: str) -> tuple[datetime, datetime]:
    """The latest spring-forward gap and autumn overlap in ``zone`` within the last year:
    the local wall-clock times half an hour into each (naive)."""
    tz = ZoneInfo(zone)
    gap = overlap = None
    day = TODAY
    while (gap is None or overlap is None) and day > TODAY - timedelta(days=365):
        early = datetime(day.year, day.month, day.day, 0, 0, tzinfo=tz).utcoffset()
        late = datetime(day.year, day.month, day.day, 4, 0, tzinfo=tz).utcoffset()
        assert early is not None and late is not None
        if late > early and gap is None:
            gap = datetime(day.year, day.month, day.day, 1, 30)
        if late < early and overlap is None:
            overlap = datetime(day.year, day.month, day.day, 1, 30)
        day -= timedelta(days=1)
    assert gap is not None and overlap is not None
    return gap, overlap


def test_a_spring_forward_time_is_refused(seeded: Path) -> None:
    gap, _ = _transitions("Europe/London")
    before = data_snapshot(seeded)
    result = run_toecoach(
        "log", "water", "1", "--at", gap.isoformat(timespec="minutes"),
        env={"TZ": "Europe/London"},
    )  # fmt: skip
    assert_refused(result, 2, "--at", seeded, before)
    assert "does not exist" in result.stderr


def test_an_autumn_time_takes_the_first_occurrence_and_says_so(seeded: Path) -> None:
    _, overlap = _transitions("Europe/London")
    when = overlap.isoformat(timespec="minutes")
    result = run_toecoach("log", "water", "1", "--at", when, env={"TZ": "Europe/London"})
    assert result.returncode == 0, result.stderr
    assert f"{when}:00+01:00" in result.stdout  # British Summer Time: the first 01:30
    assert "happens twice" in result.stdout and "first" in result.stdout


def test_delete_finds_a_record_filed_in_another_time_zones_month(
    seeded: Path, utc_zone: None
) -> None:
    """A record written at 00:30 on the 1st in UTC+2 is in that month's file; a process in
    UTC sees it on the last day of the month before, and still finds it to delete it."""
    from toecoach.config import Settings
    from toecoach.services.coach import Coach

    first = TODAY.replace(day=1)
    record = _intake("east", at=f"{first.isoformat()}T00:30:00+02:00")
    Store(seeded / "data").insert(month_partition(first), "intake", record)
    coach = Coach(Settings(exists=True))
    assert coach.delete("intake", record) is True
    assert coach.delete("intake", record) is False  # gone: the TUI says so, not "Deleted"


# -- 2. text in, text out ------------------------------------------------------------------

HOSTILE = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    "![t](https://tracker.example/p.png) <https://evil.example> https://evil.example/x "
    "\x1b[31mred\x1b[0m \x1b]0;title\x07 \x00nul \x9bcsi *bold* `code` | a | b |\n# Heading\n"
    "=cmd|' /C calc'!A0 \u202eevil\udcff"
)
CONTROLS = ("\x1b", "\x00", "\x07", "\x9b", "\u202e", "\udcff")


@pytest.mark.parametrize(
    "channel", [channels.for_terminal, channels.for_html, channels.for_markdown, channels.for_csv]
)
def test_every_channel_drops_control_characters(channel: Any) -> None:
    out = channel(HOSTILE)
    assert not any(c in out for c in CONTROLS)
    out.encode("utf-8")  # never a lone surrogate


def test_html_escapes_markup() -> None:
    out = channels.for_html(HOSTILE)
    assert "<" not in out and ">" not in out and '"' not in out


def _markdown_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").render(text)


def test_markdown_escapes_every_construct() -> None:
    rendered = _markdown_html(channels.for_markdown(HOSTILE))
    for tag in ("<script", "<img", "<a ", "<h1", "<em", "<code", "<table", "<strong"):
        assert tag not in rendered, tag
    assert "javascript:alert(1)" in rendered  # shown as text, not a link


def test_the_title_bar_shows_a_routine_name_literally() -> None:
    """The player's title is the routine's name, from a file anyone may have written: an
    escape sequence in it reached the terminal and turned the title red."""
    from toecoach.ui.widgets.title_bar import TitleBar

    shown = str(TitleBar(HOSTILE.splitlines()[0] + " [b]x[/b] \x1b[31mred").content)
    for control in CONTROLS:
        assert control not in shown, repr(control)
    assert "[b]x[/b]" in shown


@pytest.mark.parametrize(
    ("cell", "expected"), [("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("@x", "'@x"), ("-5", "-5"),
                           ("12", "12"), (None, ""), ("a\x1bb", "ab")],
)  # fmt: skip
def test_csv_cells_never_run_as_formulas(cell: Any, expected: str) -> None:
    assert channels.for_csv(cell) == expected


def test_check_text_refuses_undecodable_bytes() -> None:
    from toecoach.domain.errors import InputError

    with pytest.raises(InputError):
        channels.check_text("bad\udcff", "--note")
    assert channels.check_text("café ☕", "--note") == "café ☕"


def _hostile_records(home: Path) -> None:
    """Records as an older version or a crafted file could have left them: hostile text in
    every field that is printed, and a lone surrogate stored before they were refused."""
    store = _seed(home)
    at = (NOW - timedelta(minutes=1)).isoformat(timespec="seconds")
    store.insert(MONTH, "intake", _intake("evil", food="\x1b[2Jfood", servings=1.0,
                                          note=HOSTILE, created_ns=2**62))  # fmt: skip
    store.insert(MONTH, "episodes", {"id": "ep", "kind": "episode", "at": at, "created_ns": 3,
                                     "foot": "\x1b]0;x\x07left", "during": "<b>x</b>",
                                     "note": HOSTILE})  # fmt: skip
    store.insert("main", "triage", {"id": "tr", "kind": "triage", "at": at, "created_ns": 4,
                                    "tier": "\x1b[5m# tier", "answers": {"\x1b[31m[k](x)": 5},
                                    "result": {"blocked": [], "blocked_by": {}}})  # fmt: skip


def test_undo_prints_an_imported_record_without_control_characters(toecoach_home: Path) -> None:
    _hostile_records(toecoach_home)
    result = run_toecoach("undo")
    assert result.returncode == 0, result.stderr
    assert "removed food" in result.stdout and "[2Jfood" in result.stdout
    assert not any(c in result.stdout + result.stderr for c in CONTROLS)


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_reports_escape_what_came_from_records(
    toecoach_home: Path, tmp_path: Path, suffix: str
) -> None:
    _hostile_records(toecoach_home)
    out = tmp_path / f"report{suffix}"
    result = run_toecoach("report", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text("utf-8")
    assert not any(c in text for c in CONTROLS)
    rendered = _markdown_html(text) if suffix == ".md" else text
    assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert "<a " not in rendered and "javascript:alert(1)" in rendered
    if suffix == ".md":  # the app's own title and sections, and no heading from a note
        assert rendered.count("<h1>") == 1 and "Heading</h" not in rendered


def test_export_of_text_stored_before_surrogates_were_refused(
    toecoach_home: Path, tmp_path: Path
) -> None:
    _hostile_records(toecoach_home)
    out = tmp_path / "export.json"
    result = run_toecoach("export", "-o", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_bytes().decode("utf-8"))  # strict UTF-8
    assert any("\ufffd" in str(r.get("note")) for r in document["records"]["intake"])


def test_triage_errors_never_print_control_characters(seeded: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"\x1b[2J\x1b]0;pwned\x07key": True}))
    result = run_toecoach("triage", "--answers", str(answers))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert not any(c in result.stdout + result.stderr for c in CONTROLS)


def test_doctor_names_odd_data_files_without_control_characters(seeded: Path) -> None:
    data = seeded / "data"
    (data / "log-\x1b[31mred.json").write_text("{}")
    (data / "directory.json").mkdir()
    os.mkfifo(data / "pipe.json")
    (data / "dangling.json").symlink_to(data / "nowhere")
    before = data_snapshot(seeded)
    result = run_toecoach("doctor", timeout=60)
    assert result.returncode == 0, result.stderr
    assert not any(c in result.stdout for c in CONTROLS)
    for name in ("directory.json", "pipe.json", "dangling.json"):
        line = next(row for row in result.stdout.splitlines() if name in row)
        assert "unreadable" in line
    assert data_snapshot(seeded) == before  # doctor only looks


# -- 4. import: every problem named, nothing written -----------------------------------------


def _export(**records: list[dict[str, Any]]) -> dict[str, Any]:
    at = (NOW - timedelta(hours=1)).isoformat(timespec="seconds")
    valid: dict[str, list[dict[str, Any]]] = {
        "intake": [_intake("i1")],
        "breaks": [{"id": "b1", "kind": "walk", "at": at, "minutes": 5, "created_ns": 5}],
        "runs": [{"id": "r1", "kind": "run", "at": at, "routine": "desk-stretch-5min",
                  "finished": True}],
        "episodes": [{"id": "e1", "kind": "episode", "at": at, "severity": 3}],
        "triage": [{"id": "t1", "kind": "triage", "at": at, "tier": "self_care",
                    "answers": {"pregnant": False}, "result": {"blocked": [], "blocked_by": {}}}],
        "plans": [{"id": "p1", "kind": "plan", "at": at, "triage_id": "t1",
                   "plan": {"routines": ["desk-stretch-5min"]}}],
        "rest_days": [{"id": "d1", "kind": "rest_day", "at": at, "date": TODAY.isoformat()}],
        "consents": [],
    }  # fmt: skip
    valid.update(records)
    return {"format": "toecoach-export", "version": 1, "schema": 1, "settings_toml": None,
            "records": valid}  # fmt: skip


def _bad(path: str, value: Any) -> dict[str, Any]:
    """A valid export with one value replaced (``path``: dotted, list indexes as numbers)."""
    document = _export()
    *parents, last = path.split(".")
    target: Any = document
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return document


IMPORT_REFUSALS: list[tuple[str, Any, str]] = [
    ("plan that is a string", _bad("records.plans.0.plan", "stretch"), "plans[0].plan"),
    ("blocked: 5", _bad("records.triage.0.result.blocked", 5), "result.blocked"),
    ("answers: [1, 2]", _bad("records.triage.0.answers", [1, 2]), "answers"),
    ("created_ns text", _bad("records.intake.0.created_ns", "abc"), "created_ns"),
    ("created_ns float", _bad("records.intake.0.created_ns", 1.5), "created_ns"),
    ("100 L of water", _bad("records.intake.0.nutrients.water", 100000), "nutrients.water"),
    ("negative version", _bad("version", -5), "version"),
    ("year 1", _bad("records.intake.0.at", "0001-01-01T00:00:00+00:00"), "intake[0].at"),
    ("at: 5", _bad("records.intake.0.at", 5), "intake[0].at"),
    ("in the future", _bad("records.episodes.0.at", "2999-01-01T00:00:00+00:00"), "future"),
    ("rest day far ahead", _bad("records.rest_days.0.date", "9999-12-31"), "date"),
    ("severity 11", _bad("records.episodes.0.severity", 11), "severity"),
    ("undecodable text", _bad("records.intake.0.note", "bad\udcff"), "UTF-8"),
    ("nested deep", _bad("records.intake.0.extra", json.loads("[" * 40 + "]" * 40)), "nested"),
    ("duplicate ids", _export(intake=[_intake("same"), _intake("same", input="other")]),
     "other content"),
    ("not a list", _bad("records.intake", {"a": 1}), "must be a list"),
    ("unknown table", _bad("records.secrets", []), "records.secrets"),
    ("not an export", {"format": "zip"}, "not a toecoach export"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "document", "names"), IMPORT_REFUSALS,
                         ids=[c[0] for c in IMPORT_REFUSALS])  # fmt: skip
def test_import_refuses_a_bad_document_whole(
    seeded: Path, tmp_path: Path, case: str, document: Any, names: str
) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document, ensure_ascii=True))
    before = data_snapshot(seeded)
    result = run_toecoach("import", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    first, *rest = result.stderr.strip().splitlines()
    assert "FILE" in first and str(path) in first and "nothing changed" in first
    assert names in result.stderr
    assert len(rest) <= 21
    assert data_snapshot(seeded) == before


@pytest.mark.parametrize(
    ("case", "text", "names"),
    [("NaN", '{"format": "toecoach-export", "version": 1, "records": {"intake": [NaN]}}', "NaN"),
     ("Infinity", json.dumps(_export()).replace('"created_ns": 1', '"servings": Infinity'),
      "Infinity"),
     ("100,000 deep", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
     ("not JSON", "{", "not JSON"),
     ("not UTF-8", "\udcff", "UTF-8")],
    ids=["NaN", "Infinity", "100000 deep", "not JSON", "not UTF-8"],
)  # fmt: skip
def test_import_refuses_what_is_not_json(
    seeded: Path, tmp_path: Path, case: str, text: str, names: str
) -> None:
    path = tmp_path / "import.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("import", str(path)), 2, names, seeded, before)


@pytest.mark.parametrize("kind", ["too large", "fifo", "device", "directory"])
def test_import_reads_only_a_bounded_regular_file(seeded: Path, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "import.json"
    if kind == "too large":
        with open(path, "wb") as handle:  # sparse: costs no disk
            handle.truncate(65 * 1024 * 1024)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("import", str(path), timeout=60), 2, "FILE", seeded, before)


@pytest.mark.parametrize(
    "routines",
    [{"mine\udcff.toml": "x = 1\n"}, {"mine.toml": "bad\udcff"}, {"../escape.toml": "x = 1\n"}],
    ids=["undecodable name", "undecodable text", "outside routines"],
)
def test_import_refuses_routine_files_it_could_not_write(
    seeded: Path, tmp_path: Path, routines: dict[str, str]
) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps({**_export(), "routines": routines}, ensure_ascii=True))
    before = data_snapshot(seeded)
    result = run_toecoach("import", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    first, *rest = result.stderr.strip().splitlines()
    assert "FILE" in first and "nothing changed" in first
    assert len(rest) == 1 and rest[0].strip().startswith("routines.")
    assert data_snapshot(seeded) == before
    assert not (seeded / "routines").exists()


def test_import_compares_only_regular_files_with_the_export(seeded: Path, tmp_path: Path) -> None:
    """A routine file that is a pipe is left alone, not read (a read would block for ever):
    the export's version is reported as not applied."""
    (seeded / "routines").mkdir()
    os.mkfifo(seeded / "routines" / "mine.toml")
    path = tmp_path / "import.json"
    document = {**_export(), "settings_toml": "", "routines": {"mine.toml": "x = 1\n"}}
    path.write_text(json.dumps(document))
    result = run_toecoach("import", str(path), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "config.toml is already the same" in result.stdout
    assert "kept your own mine.toml" in result.stdout


def test_import_names_every_problem_up_to_twenty(seeded: Path, tmp_path: Path) -> None:
    rows = [_intake(f"x{n}", nutrients={"water": -1}) for n in range(25)]
    path = tmp_path / "import.json"
    path.write_text(json.dumps(_export(intake=rows)))
    before = data_snapshot(seeded)
    result = run_toecoach("import", str(path))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert "25 problem(s)" in lines[0]
    assert [line for line in lines if "records.intake[" in line][19].startswith("  records.")
    assert lines[-1].strip() == "... and 5 more"
    assert data_snapshot(seeded) == before


def test_ctrl_c_during_an_import_says_how_far_it_got(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C after the first of two month files: each file is whole, and the message says
    how far the import got and that importing again finishes it (as on a disk error)."""
    from toecoach.config import load_settings
    from toecoach.services.coach import Coach, StoreError

    earlier = (NOW - timedelta(days=40)).isoformat(timespec="seconds")
    document = _export(intake=[_intake("old", at=earlier, created=earlier), _intake("new")])
    real_writing, calls = Store.writing, []

    def interrupted(self: Store, partition: str) -> Any:
        calls.append(partition)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_writing(self, partition)

    monkeypatch.setattr(Store, "writing", interrupted)
    coach = Coach(load_settings(seeded / "config.toml"))
    with pytest.raises(
        StoreError, match=r"stopped after 1 of \d+ files .*importing the same file again"
    ):
        coach.import_document(document)
    monkeypatch.setattr(Store, "writing", real_writing)  # (undo() would drop TOECOACH_HOME)
    assert "old" in _intake_ids(seeded)  # the first file was written whole
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document))
    result = run_toecoach("import", str(path))
    assert result.returncode == 0, result.stderr
    assert {"old", "new"} <= set(_intake_ids(seeded)), result.stdout
    assert "imported 7 records (1 already here)" in result.stdout


def test_import_writes_nothing_when_one_month_cannot_be_written(
    seeded: Path, tmp_path: Path
) -> None:
    """The current month is from a newer toecoach (read-only): the earlier month must not
    be written either."""
    path = seeded / "data" / f"{MONTH}.json"
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(data))
    earlier = (NOW - timedelta(days=40)).isoformat(timespec="seconds")
    document = _export(intake=[_intake("old", at=earlier), _intake("new")])
    source = tmp_path / "import.json"
    source.write_text(json.dumps(document))
    before = data_snapshot(seeded)
    result = run_toecoach("import", str(source))
    assert result.returncode == 1, result.stderr
    assert "newer toecoach" in result.stderr and "Traceback" not in result.stderr
    assert data_snapshot(seeded) == before


def test_import_does_not_call_a_different_record_with_the_same_id_already_here(
    seeded: Path, tmp_path: Path
) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(_export(intake=[_intake("seed", nutrients={"water": 999.0})])))
    result = run_toecoach("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 not imported: a different record here has the same id" in result.stdout
    rows = json.loads((seeded / "data" / f"{MONTH}.json").read_text())["intake"].values()
    assert [r["nutrients"]["water"] for r in rows if r["id"] == "seed"] == [250.0]


def test_import_never_adds_a_second_record_under_an_id_that_is_in_another_month(
    seeded: Path, tmp_path: Path
) -> None:
    """The seeded check-in, moved to two months ago in an export: the same id, so it is the
    record already here (kept), not a new one in that month's file; and the home's own
    export still imports back into an empty home."""
    moved = (NOW - timedelta(days=62)).isoformat(timespec="seconds")
    path = tmp_path / "import.json"
    path.write_text(json.dumps(_export(intake=[_intake("seed", at=moved, created=moved)])))
    result = run_toecoach("import", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 not imported: a different record here has the same id" in result.stdout
    assert _intake_ids(seeded).count("seed") == 1
    out = tmp_path / "export.json"
    assert run_toecoach("export", "-o", str(out)).returncode == 0
    again = run_toecoach("import", str(out), env={"TOECOACH_HOME": str(tmp_path / "other")})
    assert again.returncode == 0, again.stderr


def test_an_export_imports_back_into_an_empty_home(seeded: Path, tmp_path: Path) -> None:
    path = tmp_path / "import.json"
    path.write_text(json.dumps(_export()))
    assert run_toecoach("import", str(path)).returncode == 0
    out = tmp_path / "export.json"
    assert run_toecoach("export", "-o", str(out)).returncode == 0
    other = tmp_path / "other"
    result = run_toecoach("import", str(out), env={"TOECOACH_HOME": str(other)})
    assert result.returncode == 0, result.stderr
    assert "imported 8 records" in result.stdout


# -- 4. damaged data files: quarantined, never deleted; bad records skipped ------------------

WRONG_SHAPES = {
    "table is a list": '{"intake": []}',
    "document is a number": '{"intake": {"1": 5}}',
    "document id is text": '{"intake": {"abc": {"id": "x"}}}',
    "_meta is a list": '{"_meta": []}',
    "schema 0": '{"_meta": {"1": {"schema": 0}}}',
    "schema -1": '{"_meta": {"1": {"schema": -1}}}',
    "schema text": '{"_meta": {"1": {"schema": "1"}}}',
    "NaN": '{"intake": {"1": {"id": "x", "nutrients": {"water": NaN}}}}',
    "top level list": "[1, 2]",
}


@pytest.mark.parametrize("content", WRONG_SHAPES.values(), ids=WRONG_SHAPES.keys())
def test_a_data_file_of_the_wrong_shape_is_kept_aside_once(seeded: Path, content: str) -> None:
    path = seeded / "data" / f"{MONTH}.json"
    path.write_text(content)
    for _ in range(2):
        result = run_toecoach("today", "--json")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    aside = sorted(path.parent.glob(f"{path.name}.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text() == content
    assert not (seeded / "data" / "backups").exists() or not any(
        (seeded / "data" / "backups").iterdir()
    )
    assert run_toecoach("log", "water", "100").returncode == 0


BAD_RECORDS = {
    "intake": [{"id": "a", "at": 5, "nutrients": {"water": 1}},
               {"id": "b", "at": NOW.isoformat(), "nutrients": "lots"},
               {"id": "c", "at": NOW.isoformat(), "nutrients": {"water": 1}, "created_ns": "x"},
               {"id": "d", "at": "0001-01-01T00:00:00+00:00", "nutrients": {"water": 1}},
               {"id": "e", "at": NOW.isoformat(), "nutrients": {"water": 1}, "servings": "2"}],
    "episodes": [{"id": "f", "at": NOW.isoformat(), "severity": "high"}],
    "runs": [{"id": "g", "at": NOW.isoformat(), "finished": "yes"}],
    "breaks": [{"id": "h", "at": NOW.isoformat(), "kind": 7}],
}  # fmt: skip
BAD_MAIN = {
    "plans": [{"id": "p", "at": NOW.isoformat(), "plan": "stretch", "created_ns": 9}],
    "triage": [{"id": "t", "at": NOW.isoformat(), "created_ns": 9, "answers": [1, 2],
                "result": {"blocked": 5}}],
    "rest_days": [{"id": "r", "at": NOW.isoformat(), "date": 20260101}],
}  # fmt: skip


def _tables(rows: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {t: {str(n): r for n, r in enumerate(v, start=1)} for t, v in rows.items()}


@pytest.mark.parametrize(
    "args",
    [("today", "--json"), ("history",), ("history", "--from", "2000-01-01", "--csv"),
     ("insights",), ("undo",), ("routines", "list"), ("doctor",), ("report", "-o", "r.md"),
     ("export", "-o", "e.json")],
    ids=lambda a: " ".join(a),
)  # fmt: skip
def test_readers_skip_records_that_do_not_validate(
    seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    data = seeded / "data"
    month = json.loads((data / f"{MONTH}.json").read_text())
    month.update(_tables(BAD_RECORDS))
    month["intake"].update({"99": _intake("good")})
    (data / f"{MONTH}.json").write_text(json.dumps(month))
    (data / "main.json").write_text(
        json.dumps({"_meta": {"1": {"schema": 1}}, **_tables(BAD_MAIN)})
    )
    monkeypatch.chdir(tmp_path)
    result = run_toecoach(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not list(data.glob("*.corrupt-*"))  # the files are fine; some records are not
    if args[0] == "undo":
        assert "removed water 250 ml" in result.stdout


BAD_JOURNAL = [
    {"id": "j1", "change": "add", "table": "intake", "record": "a string", "created_ns": 5},
    {"id": "j2", "change": "drop", "table": "intake", "record": {}, "created_ns": 6},
    {"id": "j3", "change": "edit", "table": "secrets", "record": {}, "created_ns": 7},
    {"id": "j4", "change": "delete", "table": "intake", "created_ns": 8,
     "record": {"id": "x", "at": 5}},
    {"id": "j5", "change": "add", "table": "intake", "created_ns": "late",
     "record": _intake("seed")},
]  # fmt: skip


def test_undo_skips_journal_entries_that_do_not_validate(seeded: Path) -> None:
    """A crafted or damaged undo journal never crashes undo: bad entries are skipped and the
    good one (the last change) is undone."""
    data = seeded / "data"
    main_file = {"_meta": {"1": {"schema": 1}}, **_tables({"journal": BAD_JOURNAL})}
    main_file["journal"]["9"] = {"id": "ok", "change": "add", "table": "intake",
                                 "record": _intake("seed"), "created_ns": 1}  # fmt: skip
    (data / "main.json").write_text(json.dumps(main_file))
    result = run_toecoach("undo")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "removed water 250 ml" in result.stdout


# -- 5. only regular files are read; links are never followed to write ----------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
def test_a_data_file_that_is_not_a_regular_file_is_kept_aside(seeded: Path, kind: str) -> None:
    path = seeded / "data" / f"{MONTH}.json"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    result = run_toecoach("today", "--json", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "kept aside" in result.stderr and "not a regular file" in result.stderr
    assert len(list(path.parent.glob(f"{path.name}.corrupt-*"))) == 1
    assert run_toecoach("log", "water", "100").returncode == 0
    assert path.is_file() and not path.is_symlink()


def test_a_dangling_link_as_a_month_file_creates_nothing_at_its_target(
    configured_home: Path, tmp_path: Path
) -> None:
    data = configured_home / "data"
    data.mkdir()
    target = tmp_path / "elsewhere" / "target.json"
    target.parent.mkdir()
    (data / f"{MONTH}.json").symlink_to(target)
    result = run_toecoach("log", "water", "250")
    assert result.returncode == 0, result.stderr
    assert not target.exists()
    month = data / f"{MONTH}.json"
    assert not month.is_symlink() and month.is_file()  # the link itself was replaced


DEEP_TOML = "x = " + "[" * 50_000 + "]" * 50_000 + "\n"


@pytest.mark.parametrize(
    ("config", "names"),
    [(DEEP_TOML, "nested too deeply"),
     ('[breaks]\nwork_hours = "00:00-24:59"\n', "breaks.work_hours"),
     ('[breaks]\nwork_hours = "09:00-24:01"\n', "breaks.work_hours")],
    ids=["deep", "24:59", "24:01"],
)  # fmt: skip
def test_a_bad_config_is_one_line_and_exit_2(seeded: Path, config: str, names: str) -> None:
    (seeded / "config.toml").write_text(config)
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("remind", "--print"), 2, names, seeded, before)
    doctor = run_toecoach("doctor")
    assert doctor.returncode == 0 and "invalid" in doctor.stdout and names in doctor.stdout


def test_work_hours_may_end_at_midnight(seeded: Path) -> None:
    (seeded / "config.toml").write_text('[breaks]\nwork_hours = "00:00-24:00"\n')
    assert run_toecoach("today").returncode == 0


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_config_that_is_not_a_regular_file_is_refused(seeded: Path, kind: str) -> None:
    config = seeded / "config.toml"
    config.unlink()
    if kind == "fifo":
        os.mkfifo(config)
    else:
        config.symlink_to("/dev/zero")
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("today", timeout=60), 2, "config.toml", seeded, before)


@pytest.mark.parametrize("kind", ["fifo", "device", "directory", "deep"])
def test_a_routine_file_that_cannot_be_read_is_skipped_with_its_name(
    seeded: Path, kind: str
) -> None:
    routines = seeded / "routines"
    routines.mkdir()
    path = routines / "mine.toml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    else:
        path.write_text(DEEP_TOML)
    result = run_toecoach("routines", "list", timeout=60)
    assert result.returncode == 0, result.stderr
    assert "desk-break-2min" in result.stdout
    skipped = [line for line in result.stderr.splitlines() if "mine.toml" in line]
    assert len(skipped) == 1 and "Traceback" not in result.stderr
    checked = run_toecoach("routines", "check", str(path), timeout=60)
    assert checked.returncode == 2 and "mine.toml" in checked.stderr
    assert "Traceback" not in checked.stderr


@pytest.mark.parametrize("source", ["/dev/zero", "fifo"])
def test_triage_answers_only_from_a_regular_file(seeded: Path, tmp_path: Path, source: str) -> None:
    if source == "fifo":
        os.mkfifo(tmp_path / "answers.json")
        source = str(tmp_path / "answers.json")
    before = data_snapshot(seeded)
    assert_refused(run_toecoach("triage", "--answers", source, timeout=60), 2, "--answers",
                   seeded, before)  # fmt: skip


# -- 6. the TUI after a crash: exit 1, a private log, no health data on screen ---------------

_CRASHING_APP = r"""
import sys
from toecoach.ui import app as ui

def crash(self):
    notes = [r.get("note") for r in self.service.intake_on(self.now().date())]
    raise RuntimeError(f"boom with {notes}")

ui.ToecoachApp.on_mount = crash
from toecoach.cli import main
main(args=[], prog_name="toecoach")
"""


@needs_tmux
@pytest.mark.e2e
def test_a_tui_crash_exits_1_and_logs_no_health_data(seeded: Path, tmp_path: Path) -> None:
    Store(seeded / "data").insert(MONTH, "intake", _intake("private", note="SECRET-NOTE-42"))
    script = tmp_path / "crashing_app.py"
    script.write_text(_CRASHING_APP)
    session = TmuxSession(
        seeded, command=f"{sys.executable} {script}; echo EXIT=$?; sleep 60",
        env={"PYTHONPATH": str(REPO)},
    )  # fmt: skip
    try:
        screen = session.wait_for("EXIT=", timeout=60)
    finally:
        session.close()
    assert "EXIT=1" in screen, screen
    assert "SECRET-NOTE-42" not in screen
    assert "stopped on an internal error" in screen
    log = seeded / "data" / "crash.log"
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert "RuntimeError" in text and "in crash" in text
    assert "SECRET-NOTE-42" not in text
    doctor = run_toecoach("doctor", "--json")
    assert json.loads(doctor.stdout)["crash_log"] == str(log)


async def test_the_app_handler_keeps_records_out_of_the_terminal(seeded: Path) -> None:
    """In-process: the exception handler writes the log and panics with one line."""
    from toecoach.config import Settings
    from toecoach.ui.app import ToecoachApp

    app = ToecoachApp(Settings(exists=True), start_reminders=False)
    with pytest.raises(ValueError, match="SECRET"):  # Pilot re-raises it, for tests only
        async with app.run_test() as pilot:
            app._handle_exception(ValueError("SECRET-NOTE-42"))
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_log is not None and "SECRET" not in app.crash_log.read_text()
    rendered = "".join(str(r) for r in app._exit_renderables)
    assert "SECRET" not in rendered


# -- 7. fuzz: whatever the arguments or the import, no traceback and no change on refusal ---

ARG_SLOTS = [
    ("log", "water"), ("log", "calcium"), ("log", "food"), ("log", "walk", "--minutes"),
    ("log", "water", "250", "--at"), ("log", "water", "250", "--note"),
    ("episode", "--severity"), ("episode", "--duration"), ("episode", "--foot"),
    ("episode", "--at"), ("history", "--from"), ("history", "--to"), ("rest",),
    ("report", "--days"), ("log", "food", "milk", "--servings"), ("triage", "--answers"),
    ("routines", "show"),
]  # fmt: skip
TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("0123456789.,:-+T ²\x1b\x00\udcff"),
    ),
    max_size=40,
) | st.sampled_from(["9" * 5000, "nan", "inf", "-1", "0001-01-01", "9999-12-31", "24:59"])
# fmt: skip


def _cli(args: list[str], home: Path) -> Any:
    return CliRunner().invoke(main, args, env={"TOECOACH_HOME": str(home)}, catch_exceptions=True)


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(slot=st.sampled_from(ARG_SLOTS), value=TEXT)
def test_fuzz_cli_arguments(seeded: Path, slot: tuple[str, ...], value: str) -> None:
    before = data_snapshot(seeded)
    result = _cli([*slot, value], seeded)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert data_snapshot(seeded) == before


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
FIELDS = ["id", "at", "kind", "nutrients", "created_ns", "servings", "plan", "result", "answers",
          "severity", "date", "finished", "seconds", "note", "minutes"]  # fmt: skip


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=st.sampled_from(["intake", "breaks", "runs", "episodes", "triage", "plans", "rest_days"]),
    field=st.sampled_from(FIELDS),
    value=JSON_VALUES,
)
def test_fuzz_import_documents(
    seeded: Path, tmp_path: Path, table: str, field: str, value: Any
) -> None:
    document = _export()
    row = copy.deepcopy(document["records"][table][0])
    row[field] = value
    row["id"] = f"fuzz-{table}"
    document["records"][table].append(row)
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document))
    before = data_snapshot(seeded)
    result = _cli(["import", str(path)], seeded)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (0, 2), result.output
    if result.exit_code != 0:
        assert data_snapshot(seeded) == before
    else:  # what was imported can be read by every reader
        for args in (["history", "--json"], ["today", "--json"], ["insights", "--json"]):
            assert _cli(args, seeded).exit_code == 0


def test_a_new_data_file_is_never_seen_empty(
    toecoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every write replaces a whole file; a new month file too (TinyDB would create it empty
    first, which a reader in another process could see)."""
    from toecoach.storage import atomic

    seen: list[bytes | None] = []
    write = atomic.atomic_write_bytes

    def spy(path: Path, payload: bytes) -> None:
        seen.append(path.read_bytes() if path.exists() else None)
        write(path, payload)

    monkeypatch.setattr(atomic, "atomic_write_bytes", spy)
    Store(toecoach_home / "data").insert(MONTH, "intake", _intake("first"))
    assert seen and b"" not in seen


def test_a_migration_that_fails_keeps_one_backup_however_often_it_is_retried(
    toecoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toecoach.storage import store as store_module

    store = Store(toecoach_home / "data")
    store.insert("log-2026-01", "intake", _intake("a", at="2026-01-02T10:00:00+00:00"))

    def broken(document: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("the migration stops half-way")

    stamps = iter(f"20260102T1000{n:02d}Z" for n in range(60))  # every run a new second
    monkeypatch.setattr(store_module, "_utc_stamp", lambda: next(stamps))
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, broken)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            Store(toecoach_home / "data").read_table("log-2026-01", "intake")
    assert len(list((toecoach_home / "data" / "backups").iterdir())) == 1


ROUTINE_HEADER = 'schema = 1\nid = "{id}"\nname = "Long"\nsummary = "Too much."\n'


@pytest.mark.parametrize(
    ("items", "named"),
    [
        # More items than a routine may have.
        ('[[items]]\nexercise = "toe-splay"\n' * 41, "41 items; 40 at most"),
        # Few items, each at the largest dose its fields allow: far past two hours in all.
        (
            '[[items]]\nexercise = "toe-splay"\nreps = 500\nhold_seconds = 600\n' * 2,
            "a routine may last 2 hours at most",
        ),
    ],
    ids=["items", "seconds"],
)
def test_a_routine_file_is_bounded_in_its_totals(seeded: Path, items: str, named: str) -> None:
    path = seeded / "too-long.toml"
    path.write_text(ROUTINE_HEADER.format(id="too-long") + items)
    checked = run_toecoach("routines", "check", str(path), timeout=60)
    assert checked.returncode == 2, checked.stderr
    assert "too-long.toml" in checked.stderr and named in checked.stderr
    assert "Traceback" not in checked.stderr
    # In the routines folder it is skipped with its name, and the shipped routines still load.
    (seeded / "routines").mkdir()
    path.rename(seeded / "routines" / "too-long.toml")
    listed = run_toecoach("routines", "list", timeout=60)
    assert listed.returncode == 0 and "desk-break-2min" in listed.stdout
    assert "too-long" not in listed.stdout and "too-long.toml" in listed.stderr
