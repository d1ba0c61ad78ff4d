"""Time ``toecoach log water 250`` and ``toecoach today --json`` on a five-year history.

Each is a whole process, compared with ``python -c "import tinydb"`` measured in the same
run (median of N runs each, interleaved so machine noise hits all three alike). Target
(structure issue): each at most 3x the baseline.

    python bench/cli_speed.py [--runs 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.history import build_history  # noqa: E402


def toecoach_cmd() -> list[str]:
    found = shutil.which("toecoach")
    return [found] if found else [sys.executable, "-m", "toecoach"]


def ensure_bytecode() -> None:
    """Compile toecoach's modules to .pyc first, as ``pip install`` does for a user.

    An editable install has none, and where ``PYTHONDONTWRITEBYTECODE`` is set (it is on
    these VMs) Python would recompile every module on every start, which a user's install
    never does, while the baseline's tinydb comes precompiled from site-packages.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("toecoach")
    if spec is None or not spec.submodule_search_locations:
        return
    for folder in spec.submodule_search_locations:
        compileall.compile_dir(folder, quiet=1)


def time_once(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def measure(runs: int, home: Path) -> dict[str, float]:
    ensure_bytecode()
    env = {**os.environ, "TOECOACH_HOME": str(home)}
    commands = {
        "baseline: python -c 'import tinydb'": [sys.executable, "-c", "import tinydb"],
        "toecoach log water 250": [*toecoach_cmd(), "log", "water", "250"],
        "toecoach today --json": [*toecoach_cmd(), "today", "--json"],
    }
    for command in commands.values():  # warm the page cache and .pyc files
        time_once(command, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(time_once(command, env))
    return {name: statistics.median(values) for name, values in samples.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        count = build_history(home)
        medians = measure(args.runs, home)
    base = medians["baseline: python -c 'import tinydb'"]
    print(f"five-year history: {count} records; median of {args.runs} runs each")
    print(f"{'command':<40} {'median':>9} {'ratio':>7}  target")
    for name, value in medians.items():
        ratio = value / base
        target = (
            ""
            if name.startswith("baseline")
            else ("<= 3.0x  " + ("met" if ratio <= 3 else "MISSED"))
        )
        print(f"{name:<40} {value * 1000:>7.1f}ms {ratio:>6.2f}x  {target}")


if __name__ == "__main__":
    main()
