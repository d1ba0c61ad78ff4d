"""SIGKILL at random moments and concurrent writers: no lost, torn or invented entries.

How the "teeth" check works: ``test_stock_jsonstorage_fails_the_same_campaign`` runs the very
same kill campaign against a writer that does what ``toecoach log water 1`` does (read the
month file, insert one intake record, write it back) through TinyDB's stock ``JSONStorage``
instead of ``AtomicJSONStorage``, and asserts that the campaign catches it corrupting the
file. Kills are aimed two ways: at random moments across the process's life, and the
instant the data directory shows a write starting (the in-place rewrite of the stock
storage, or our temp file appearing), which is when a torn write can happen.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import start_forked_python, start_forked_toecoach, toecoach_command
from toecoach.storage.store import month_partition

RECORDS = 8_000
SEED_INTAKE = 500  # a few check-ins first in the file, then many break events after them


def build_big_month(home: Path, records: int = RECORDS) -> Path:
    """A file with ``records`` records: a few intake check-ins first, then many break events.

    The break events after the intake table matter: inserting an intake record shifts every
    byte after it, so an in-place write torn anywhere past the intake table leaves a file
    that no longer parses (a torn write inside identical leading bytes changes nothing).
    """
    data = home / "data"
    data.mkdir(parents=True, mode=0o700)
    now = datetime.now().astimezone().replace(microsecond=0)
    intake = {}
    breaks = {}
    for i in range(records - SEED_INTAKE):
        at = (now - timedelta(minutes=i)).isoformat()
        if i < SEED_INTAKE:
            intake[str(i + 1)] = {
                "id": f"seed-i{i}", "kind": "intake", "at": at, "created": at, "created_ns": i,
                "nutrients": {"water": 250}, "input": "250", "source": "drink", "note": f"seed {i}",
            }  # fmt: skip
        breaks[str(i + 1)] = {"id": f"seed-b{i}", "kind": "reminder", "at": at, "created": at,
                              "created_ns": i, "sitting_minutes": 30}  # fmt: skip
    path = data / f"{month_partition(now.date())}.json"
    doc = {"_meta": {"1": {"schema": 1}}, "intake": intake, "breaks": breaks}
    path.write_text(json.dumps(doc))
    os.chmod(path, 0o600)
    return path


STOCK_WRITER = r"""
import sys, uuid
from tinydb import TinyDB
from tinydb.storages import JSONStorage
db = TinyDB(sys.argv[1], storage=JSONStorage)
db.table("intake", cache_size=0).insert({"id": str(uuid.uuid4()), "kind": "intake",
    "nutrients": {"water": 1}, "input": "1", "source": "drink", "note": sys.argv[2]})
"""


@dataclass
class Campaign:
    started: set[str] = field(default_factory=set)
    committed: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)
    aimed_kills: int = 0
    random_kills: int = 0
    mid_write_kills: int = 0  # a writer's temp file left behind: killed while writing


def _directory_state(directory: Path) -> tuple[object, ...]:
    names = tuple(sorted(os.listdir(directory)))
    stats = []
    for name in names:
        try:
            st = os.stat(directory / name)
        except FileNotFoundError:
            continue
        stats.append((name, st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(stats)


def _check(path: Path, seed_notes: set[str], campaign: Campaign) -> None:
    try:
        doc = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as error:
        campaign.failures.append(f"does not load: {error}")
        return
    notes = {row.get("note") for row in doc.get("intake", {}).values()}
    lost = campaign.committed - notes
    invented = notes - campaign.started - seed_notes
    if lost:
        campaign.failures.append(f"lost committed entries: {sorted(lost)[:5]}")
    if invented:
        campaign.failures.append(f"entries that were never started: {sorted(invented)[:5]}")
    seeds_left = len(notes & seed_notes)
    if seeds_left != len(seed_notes):
        campaign.failures.append(f"lost {len(seed_notes) - seeds_left} seed entries")


def run_campaign(home: Path, path: Path, start, kills: int, seed: int) -> Campaign:  # type: ignore[no-untyped-def]
    """``start(note, env)`` starts one writer of ``note`` and returns its process (a Popen or
    a forked toecoach: both poll, wait and take signals)."""
    rng = random.Random(seed)
    seed_notes = {f"seed {i}" for i in range(SEED_INTAKE)}
    campaign = Campaign()
    env = {**os.environ, "TOECOACH_HOME": str(home)}
    # Calibrate: how long an uninterrupted run takes on this machine, this store.
    started = time.monotonic()
    note = "calibrate"
    campaign.started.add(note)
    assert start(note, env).wait() == 0
    campaign.committed.add(note)
    duration = time.monotonic() - started
    index = 0
    own_temp = f".{path.name}.tmp-"  # the month file's (not main.json's undo journal's)
    while campaign.aimed_kills + campaign.random_kills < kills:
        index += 1
        note = f"k{index}"
        before = _directory_state(path.parent)
        process = start(note, env)
        campaign.started.add(note)
        mode = rng.choice(["aimed", "random", "random", "finish"]) if index % 7 else "finish"
        if mode == "aimed":
            deadline = time.monotonic() + duration * 3
            while time.monotonic() < deadline and process.poll() is None:
                if _directory_state(path.parent) != before:
                    break
                time.sleep(0.0005)  # not a busy loop: the other test worker shares the cores
            process.send_signal(signal.SIGKILL)
            campaign.aimed_kills += 1
        elif mode == "random":
            time.sleep(rng.uniform(0, duration * 1.2))
            process.send_signal(signal.SIGKILL)
            campaign.random_kills += 1
        code = process.wait()
        if code == 0:
            campaign.committed.add(note)
        elif {n for n in os.listdir(path.parent) if n.startswith(own_temp)} - {
            s[0] for s in before
        }:
            campaign.mid_write_kills += 1  # a temp file of this run's own, of the month file
        _check(path, seed_notes, campaign)
        if campaign.failures:
            break
    return campaign


@pytest.mark.slow
def test_sigkill_never_loses_or_invents_entries(toecoach_home: Path) -> None:
    # A smaller month than the stock campaign's: each of ~50 toecoach runs reads and writes
    # it whole (0.19 s of CPU against 0.31 s at 8,000), and kills still land mid-write, as
    # the temp files they leave show (asserted below).
    path = build_big_month(toecoach_home, records=2_000)
    command = toecoach_command()
    outputs = toecoach_home.parent / "outputs"

    def start(note: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
        # Forked from the tests' fork server (tests/forkserver.py) where it can be: the same
        # command and writes, without a Python start (the campaign's runs used most of its
        # CPU time starting).
        folder = outputs / note
        folder.mkdir(parents=True)
        return start_forked_toecoach(["log", "water", "1", "--note", note], folder, env)

    campaign = run_campaign(toecoach_home, path, start, kills=32, seed=1)
    assert campaign.failures == []
    assert campaign.aimed_kills + campaign.random_kills >= 30
    assert len(campaign.committed) >= 5  # some runs finished, so "kept" was really checked
    assert campaign.mid_write_kills >= 3, campaign  # and some were cut off while writing
    # Whatever the kills left, the next command runs cleanly on the same store.
    result = subprocess.run([*command, "log", "water", "1", "--note", "after"], capture_output=True,
                            text=True, env={**os.environ, "TOECOACH_HOME": str(toecoach_home)})  # fmt: skip
    assert result.returncode == 0, result.stderr
    leftovers = [p.name for p in path.parent.iterdir() if ".tmp-" in p.name]
    assert leftovers == []  # temp files of killed writers were swept


@pytest.mark.slow
def test_stock_jsonstorage_fails_the_same_campaign(toecoach_home: Path) -> None:
    path = build_big_month(toecoach_home)
    outputs = toecoach_home.parent / "outputs"

    def start(note: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
        # Forked where it can be, as the toecoach writers are: half of each run was Python
        # starting and importing TinyDB.
        folder = outputs / note
        folder.mkdir(parents=True)
        return start_forked_python(STOCK_WRITER, [str(path), note], folder, env)

    campaign = run_campaign(toecoach_home, path, start, kills=120, seed=2)
    assert campaign.failures, "the stock storage survived; the campaign has no teeth"


CONCURRENT_WRITER = r"""
import sys
from toecoach.cli import main
for i in range(50):
    try:
        main(["log", "water", "1", "--note", f"{sys.argv[1]}-{i}"])
    except SystemExit as exit:
        assert exit.code in (0, None), exit.code
"""


@pytest.mark.slow
def test_four_processes_logging_at_once_lose_nothing(toecoach_home: Path) -> None:
    env = {**os.environ, "TOECOACH_HOME": str(toecoach_home), "TOECOACH_LOCK_TIMEOUT": "60"}
    writers = [
        subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, f"p{n}"], env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        for n in range(4)
    ]  # fmt: skip
    for writer in writers:
        _, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
    files = list((toecoach_home / "data").glob("log-*.json"))
    notes = []
    for path in files:
        notes += [row["note"] for row in json.loads(path.read_text())["intake"].values()]
    assert len(notes) == 200
    assert len(set(notes)) == 200
