"""Storage: atomic writes, quarantine, schema versions, the lock and temp-file sweeping."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from filelock import FileLock

from tests.conftest import data_snapshot, run_toecoach
from toecoach.storage import store as store_module
from toecoach.storage.atomic import sweep_stale_temp_files
from toecoach.storage.store import ReadOnlyStoreError, Store, month_partition
from toecoach.storage.tinydb_storage import AtomicJSONStorage


def current_month_file(home: Path) -> Path:
    return home / "data" / f"{month_partition(datetime.now().astimezone().date())}.json"


def test_corrupt_file_is_kept_aside_and_the_next_command_works(toecoach_home: Path) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    path = current_month_file(toecoach_home)
    garbage = path.read_bytes()[:-7] + b"\x00garbage"
    path.write_bytes(garbage)
    result = run_toecoach("log", "water", "300")
    assert result.returncode == 0, result.stderr
    aside = [p for p in path.parent.iterdir() if p.name.startswith(path.name + ".corrupt-")]
    assert len(aside) == 1
    assert aside[0].read_bytes() == garbage  # kept, byte for byte
    assert str(aside[0]) in result.stderr
    today = json.loads(run_toecoach("today", "--json").stdout)
    assert today["nutrients"]["water"]["total"] == 300


def test_corrupt_file_found_by_a_read_is_also_kept_aside(toecoach_home: Path) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    path = current_month_file(toecoach_home)
    path.write_text("[1, 2")
    result = run_toecoach("today", "--json")
    assert result.returncode == 0
    assert "kept aside" in result.stderr
    assert json.loads(result.stdout)["nutrients"]["water"]["total"] == 0


def test_writes_replace_the_file_atomically(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    storage = AtomicJSONStorage(path)
    storage.write({"t": {"1": {"a": 1}}})
    inode = path.stat().st_ino
    storage.write({"t": {}})
    assert path.stat().st_ino != inode  # a new file was renamed over the old one
    assert json.loads(path.read_text()) == {"t": {}}
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]
    assert (path.stat().st_mode & 0o777) == 0o600


def test_create_dirs_makes_private_directories(tmp_path: Path) -> None:
    """Interfaces v2: toecoach creates missing directories with mode 0700 (TinyDB's own
    create_dirs uses the umask's 0755)."""
    path = tmp_path / "new" / "deeper" / "db.json"
    AtomicJSONStorage(path, create_dirs=True).write({"t": {}})
    for folder in (tmp_path / "new", path.parent):
        assert (folder.stat().st_mode & 0o777) == 0o700, folder


def test_stale_temp_files_of_dead_writers_are_swept(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f".db.json.tmp-{dead}-abcd1234"
    live = tmp_path / f".db.json.tmp-{os.getpid()}-abcd1234"
    stale.write_text("{")
    live.write_text("{")
    assert sweep_stale_temp_files(path) == [stale]
    assert live.exists() and not stale.exists()


def test_newer_schema_is_read_only_and_never_changed(toecoach_home: Path) -> None:
    assert run_toecoach("log", "water", "250").returncode == 0
    path = current_month_file(toecoach_home)
    data = json.loads(path.read_text())
    data["_meta"]["1"]["schema"] = 99
    path.write_text(json.dumps(data))
    before = data_snapshot(toecoach_home)
    result = run_toecoach("log", "water", "100")
    assert result.returncode == 1
    assert "newer toecoach" in result.stderr
    assert data_snapshot(toecoach_home) == before
    shown = run_toecoach("today", "--json")
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["nutrients"]["water"]["total"] == 250


def test_older_schema_is_backed_up_then_migrated(
    toecoach_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(toecoach_home / "data")
    store.insert("log-2026-01", "intake", {"id": "a", "at": "2026-01-02T10:00:00+00:00"})
    original = store.path_of("log-2026-01").read_bytes()

    def add_flag(doc: dict[str, object]) -> dict[str, object]:
        intake = doc["intake"]
        assert isinstance(intake, dict)
        for row in intake.values():
            row["migrated"] = True
        return doc

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 1, add_flag)
    rows = Store(toecoach_home / "data").read_table("log-2026-01", "intake")
    assert rows == [{"id": "a", "at": "2026-01-02T10:00:00+00:00", "migrated": True}]
    backups = list((toecoach_home / "data" / "backups").iterdir())
    assert len(backups) == 1 and backups[0].read_bytes() == original
    meta = json.loads(store.path_of("log-2026-01").read_text())["_meta"]
    assert meta == {"1": {"schema": 2}}


def test_lock_timeout_exits_1_with_a_clear_message(toecoach_home: Path) -> None:
    (toecoach_home / "data").mkdir(parents=True)
    lock = FileLock(str(toecoach_home / "data" / ".toecoach.lock"))
    with lock:
        # Another *process* must hold it: a thread-local re-entrant lock would not block us.
        holder = subprocess.Popen(
            [sys.executable, "-c",
             "import sys,time; from filelock import FileLock; l=FileLock(sys.argv[1]); l.acquire();"
             "print('held', flush=True); time.sleep(30)", str(toecoach_home / "data" / ".toecoach.lock")],
            stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = data_snapshot(toecoach_home)
        result = run_toecoach("log", "water", "250", env={"TOECOACH_LOCK_TIMEOUT": "0.5"})
        assert result.returncode == 1
        assert (
            f"another toecoach is writing to {toecoach_home / 'data'}; try again" in result.stderr
        )
        assert data_snapshot(toecoach_home) == before
    finally:
        holder.kill()
        holder.wait()


def test_read_only_error_is_a_store_error() -> None:
    assert issubclass(ReadOnlyStoreError, store_module.StoreError)


def test_a_file_rewritten_within_one_mtime_tick_is_checked_again(toecoach_home: Path) -> None:
    # Same inode, same size, same mtime, new content: a stamp names a file version only once
    # the file has settled, so a record that stopped validating is skipped, not handed out.
    import json
    import os

    from toecoach.domain.records import new_record
    from toecoach.storage.repositories import INTAKE, add
    from toecoach.storage.store import Store

    store = Store(toecoach_home / "data")
    at = datetime.now().astimezone()
    add(store, INTAKE, new_record("intake", at, at, nutrients={"water": 250.0}, input="250",
                                  source="drink"))  # fmt: skip
    [path] = (toecoach_home / "data").glob("log-*.json")
    assert len(store.read_table(path.stem, INTAKE)) == 1
    before = os.stat(path)
    text = path.read_text()
    broken = text.replace('"water": 250.0', '"water": "250"')  # a string: not an amount
    assert len(broken) == len(text) and broken != text
    with open(path, "r+") as out:  # in place: the same inode
        out.write(broken)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino, before.st_mtime_ns, before.st_size)  # fmt: skip
    assert json.loads(path.read_text())[INTAKE]
    assert store.read_table(path.stem, INTAKE) == []
