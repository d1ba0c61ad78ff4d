"""Hostile input and damaged files (issue 15): no traceback, no lost write, nothing unescaped.

Every refusal asserts the exit code, a one-line message naming the argument or file, no
traceback, and that the data directory is byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_toecoach

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
        # With a stealable lock the second writer is done long before the first one writes.
        deadline = time.monotonic() + 8
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
