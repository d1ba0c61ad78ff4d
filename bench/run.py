"""One command for every figure: ``python bench/run.py``.

Builds a five-year history (``bench/history.py``) and prints one table:

- launch to the first drawn dashboard showing the user's own figures, against a bare
  Textual app started the same way (a real terminal: tmux) in the same run;
- CPU used by the open dashboard over 60 idle seconds, and its resident memory;
- ``toecoach log water 250`` and ``toecoach today --json`` against ``python -c "import tinydb"``;
- opening the history screen on the five-year history.

Each with its target beside it. Needs tmux.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.cli_speed import ensure_bytecode  # noqa: E402
from bench.cli_speed import measure as measure_cli  # noqa: E402
from bench.history import build_history  # noqa: E402

HERE = Path(__file__).resolve().parent


def toecoach_exe() -> str:
    found = shutil.which("toecoach")
    if not found:
        raise SystemExit("install toecoach first (pip install -e .)")
    return found


# A tmux server of the bench's own: other tmux users (tests, `tmux kill-server`) cannot end it
# under a measurement, and it is already running before the first launch is timed.
TMUX = ["tmux", "-L", f"toecoach-bench-{os.getpid()}"]


class Pane:
    def __init__(
        self, command: list[str], env: dict[str, str], size: tuple[int, int] = (100, 30)
    ) -> None:
        self.name = f"bench-{uuid.uuid4().hex[:6]}"
        exports = [f"{k}={v}" for k, v in env.items()]
        subprocess.run([*TMUX, "new-session", "-d", "-s", self.name, "-x", str(size[0]), "-y",
                        str(size[1]), "env", *exports, *command], check=True)  # fmt: skip

    def text(self) -> str:
        return subprocess.run([*TMUX, "capture-pane", "-p", "-t", self.name], capture_output=True,
                              text=True).stdout  # fmt: skip

    def pid(self) -> int:
        out = subprocess.run([*TMUX, "list-panes", "-t", self.name, "-F", "#{pane_pid}"],
                             capture_output=True, text=True).stdout  # fmt: skip
        return int(out.split()[0])

    def send(self, *keys: str) -> None:
        subprocess.run([*TMUX, "send-keys", "-t", self.name, *keys], check=True)

    def close(self) -> None:
        subprocess.run([*TMUX, "kill-session", "-t", self.name], capture_output=True)


def time_until(command: list[str], env: dict[str, str], marker: str, timeout: float = 20) -> float:
    started = time.perf_counter()
    pane = Pane(command, env)
    try:
        while time.perf_counter() - started < timeout:
            if marker in pane.text():
                return time.perf_counter() - started
            time.sleep(0.005)
        raise RuntimeError(f"{marker!r} never appeared")
    finally:
        pane.close()


def dashboard(env: dict[str, str]) -> Pane:
    """toecoach started in a new pane, once its dashboard shows the user's figures."""
    pane = Pane([toecoach_exe()], env)
    deadline = time.monotonic() + 20
    while "750 of 2200 ml" not in pane.text() and time.monotonic() < deadline:
        time.sleep(0.02)
    return pane


def open_history(pane: Pane) -> float | None:
    """Seconds from pressing h on the dashboard to the history screen drawn with its
    all-time figures ("longest" streaks need every day since the first)."""
    pane.send("h")
    started = time.perf_counter()
    while time.perf_counter() - started < 10:
        if "longest" in pane.text():
            return time.perf_counter() - started
        time.sleep(0.005)
    return None


def settle(pid: int, limit: float = 30.0) -> None:
    """Wait out start-up work (reminders starting, the modules warmed up on a thread): at least
    3 s, then until the process uses under 1 % of a core over a whole second."""
    started = time.monotonic()
    time.sleep(3)
    while time.monotonic() - started < limit:
        before = cpu_seconds(pid)
        time.sleep(1.0)
        if cpu_seconds(pid) - before < 0.01:
            return


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--runs", type=int, default=15, help="launches of each app to take the median of"
    )
    parser.add_argument("--idle-seconds", type=float, default=60.0)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed for the TUI figures")
    rows: list[tuple[str, str, str]] = []
    ensure_bytecode()
    subprocess.run([*TMUX, "new-session", "-d", "-s", "keepalive", "sleep", "3600"], check=True)
    try:
        measure_all(args, rows)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)


def measure_all(args: argparse.Namespace, rows: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        count = build_history(home)
        env = {"TOECOACH_HOME": str(home), "TERM": "xterm-256color", "PATH": os.environ["PATH"]}
        subprocess.run([toecoach_exe(), "log", "water", "750"], env={**os.environ, **env},
                       check=True, capture_output=True)  # fmt: skip

        # Launch to first frame with the user's figures, interleaved with the bare app.
        ours, bare = [], []
        for _ in range(args.runs):
            bare.append(
                time_until([sys.executable, str(HERE / "bare_app.py")], env, "bare app ready")
            )
            ours.append(time_until([toecoach_exe()], env, "750 of 2200 ml"))
        launch, base = statistics.median(ours), statistics.median(bare)
        rows.append(("launch to first dashboard frame (median)", f"{launch * 1000:.0f} ms vs bare Textual "
                     f"{base * 1000:.0f} ms = {launch / base:.2f}x", "<= 1.3x " + ("met" if launch / base <= 1.3 else "MISSED")))  # fmt: skip

        # Idle CPU and memory of the open dashboard.
        pane = dashboard(env)
        try:
            pid = pane.pid()
            settle(pid)
            before = cpu_seconds(pid)
            time.sleep(args.idle_seconds)
            used = cpu_seconds(pid) - before
            percent = used / args.idle_seconds * 100
            memory = rss_mb(pid)
            rows.append((f"idle CPU of the open dashboard over {args.idle_seconds:.0f} s",
                         f"{percent:.2f} % of one core", "< 0.5 % " + ("met" if percent < 0.5 else "MISSED")))  # fmt: skip
            rows.append(("resident memory of the open dashboard", f"{memory:.0f} MB",
                         "< 60 MB " + ("met" if memory < 60 else "MISSED")))  # fmt: skip
            # The first look ever at this history, once the app has been open a while: the
            # warm-up thread has worked out and kept every past month's day totals.
            cold = open_history(pane)
            time.sleep(1)
            after_look = rss_mb(pid)
        finally:
            pane.close()
        rows.append(("resident memory after that first look at five years", f"{after_look:.0f} MB",
                     "< 60 MB " + ("met" if after_look < 60 else "MISSED")))  # fmt: skip
        # The worst case: toecoach has never seen this history (no kept totals), and the
        # history screen is opened as soon as the first dashboard shows, before the warm-up.
        shutil.rmtree(home / "data" / "cache")
        pane = dashboard(env)
        try:
            unseen = open_history(pane)
        finally:
            pane.close()
        # Any later time, in a new app: the settled months come from their kept totals.
        pane = dashboard(env)
        try:
            settle(pane.pid())  # as before the first time
            warm = open_history(pane)
        finally:
            pane.close()
        # Later, but as soon as the dashboard shows: before the history modules are warmed
        # up, while the reminders start.
        pane = dashboard(env)
        try:
            at_once = open_history(pane)
        finally:
            pane.close()
        for when, opened in (
            ("first look ever, the app open a minute", cold),
            ("first look ever, as soon as the first dashboard shows", unseen),
            ("any later time", warm),
            ("later, as soon as the dashboard shows", at_once),
        ):
            name = f"open the history screen (five years), {when}"
            if opened is None:
                rows.append((name, "no history screen", "-"))
            else:
                rows.append((name, f"{opened * 1000:.0f} ms",
                             "< 300 ms " + ("met" if opened < 0.3 else "MISSED")))  # fmt: skip

        medians = measure_cli(max(5, args.runs * 2), home)
    base_cli = medians["baseline: python -c 'import tinydb'"]
    for name, value in medians.items():
        if name.startswith("baseline"):
            rows.append((name, f"{value * 1000:.0f} ms", "baseline"))
            continue
        ratio = value / base_cli
        rows.append(
            (
                name,
                f"{value * 1000:.0f} ms = {ratio:.2f}x baseline",
                "<= 3x " + ("met" if ratio <= 3 else "MISSED"),
            )
        )
    print(f"toecoach bench: {count} records over five years; {platform.platform()}, "
          f"Python {platform.python_version()}, {os.cpu_count()} cores")  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"| {'figure':<{width}} | result | target |")
    print(f"| {'-' * width} | --- | --- |")
    for name, result, target in rows:
        print(f"| {name:<{width}} | {result} | {target} |")


if __name__ == "__main__":
    main()
