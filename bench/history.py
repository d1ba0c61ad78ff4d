"""Build a realistic five-year toecoach history, straight into the data files.

About 25 records a day: ~8 drinks, ~4 mineral or food check-ins, ~10 break events
(reminders, walks, snoozes), ~2 routine runs, and an episode every few days. Written in
the storage format toecoach uses (monthly ``log-YYYY-MM.json`` files), so it is fast to
build and exercises exactly the files the real commands read.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path


def _rec(kind: str, at: datetime, **fields: object) -> dict[str, object]:
    stamp = at.isoformat(timespec="seconds")
    return {"id": str(uuid.UUID(int=random.getrandbits(128))), "kind": kind, "at": stamp,
            "created": stamp, "created_ns": int(at.timestamp() * 1e9), **fields}  # fmt: skip


def day_records(day: date, rng: random.Random) -> dict[str, list[dict[str, object]]]:
    def at(hour: float) -> datetime:
        return datetime.combine(day, time()).astimezone() + timedelta(hours=hour)

    intake = [
        _rec("intake", at(8 + i * 1.5 + rng.random()), nutrients={"water": 250.0}, input="250",
             source="drink")
        for i in range(rng.randint(7, 11))
    ]  # fmt: skip
    intake += [
        _rec("intake", at(8 + rng.random()), nutrients={"calcium": 305.0, "magnesium": 27.0,
             "potassium": 366.0}, food="milk", servings=1.0, input="milk", source="food"),
        _rec("intake", at(13 + rng.random()), nutrients={"magnesium": 30.0, "potassium": 422.0},
             food="banana", servings=1.0, input="banana", source="food"),
        _rec("intake", at(19 + rng.random()), nutrients={"calcium": 300.0}, input="300",
             source="food"),
        _rec("intake", at(9 + rng.random()), nutrients={"vitamin_d": 400.0}, input="400",
             source="supplement"),
    ]  # fmt: skip
    breaks: list[dict[str, object]] = []
    if day.weekday() < 5:
        for i in range(6):
            breaks.append(_rec("reminder", at(9.5 + i * 1.4), sitting_minutes=30))
            breaks.append(_rec("walk", at(9.6 + i * 1.4), minutes=5, source="reminder"))
    runs = [
        _rec("run", at(12.5), routine="desk-stretch-5min", steps_done=5, steps_total=5,
             finished=True, ended=at(12.6).isoformat(timespec="seconds")),
        _rec("run", at(22), routine="bedtime-cramp", steps_done=3, steps_total=3, finished=True,
             ended=at(22.1).isoformat(timespec="seconds")),
    ]  # fmt: skip
    episodes = []
    if rng.random() < 0.3:
        episodes.append(_rec("episode", at(rng.uniform(8, 23)), foot="left", toes=["big"],
                             severity=rng.randint(1, 8), duration_seconds=60, during="sitting"))  # fmt: skip
    return {"intake": intake, "breaks": breaks, "runs": runs, "episodes": episodes}


def build_history(home: Path, *, years: int = 5, end: date | None = None, seed: int = 7) -> int:
    """Write ``years`` of history ending ``end`` (default: yesterday); return the record count."""
    rng = random.Random(seed)
    random.seed(seed)
    data = home / "data"
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    end = end or (date.today() - timedelta(days=1))
    day = end - timedelta(days=365 * years)
    months: dict[str, dict[str, dict[str, dict[str, object]]]] = {}
    total = 0
    while day <= end:
        name = f"log-{day.year:04d}-{day.month:02d}"
        doc = months.setdefault(name, {"_meta": {"1": {"schema": 1}}})
        for table, rows in day_records(day, rng).items():
            tab = doc.setdefault(table, {})
            for row in rows:
                tab[str(len(tab) + 1)] = row
                total += 1
        day += timedelta(days=1)
    for name, doc in months.items():
        path = data / f"{name}.json"
        path.write_text(json.dumps(doc))
        os.chmod(path, 0o600)
    if not (home / "config.toml").exists():
        (home / "config.toml").write_text("")
    return total


if __name__ == "__main__":
    import sys

    count = build_history(Path(sys.argv[1]))
    print(f"wrote {count} records under {sys.argv[1]}")
