"""Shared fixtures: every test gets its own TOECOACH_HOME; nothing touches the real home.

Also the suite's determinism settings: a derandomized Hypothesis profile, per-test
timeouts (pytest-timeout; longer ones for the tmux and kill-campaign tests), and the number
of parallel workers (pytest-xdist).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]

# Every run tests the same examples (reproducible in CI and on every machine), with no
# deadline and no "too slow" health check: both depend on how loaded the machine is, so
# they fail at random under parallel runs. `pytest --hypothesis-profile=explore` searches
# afresh with more examples; add any failure it finds as an @example.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci")

# Per-test timeouts (pytest-timeout; the default is `timeout` in pyproject.toml). A real
# terminal or a kill campaign may take longer on a loaded machine; a marker of their own wins.
E2E_TIMEOUT = 300
SLOW_TIMEOUT = 600


def pytest_configure(config: pytest.Config) -> None:
    """Compile toecoach to bytecode once, before any worker starts, as ``pip install`` does
    for a user. A fresh checkout has none, and where ``PYTHONDONTWRITEBYTECODE`` is set (it
    is on these machines) every toecoach process the tests start would compile each module
    it imports afresh: a quarter of the CPU time of the command-line tests."""
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller has compiled already
    import compileall

    from tests import rewritten_cache

    # The same for the test modules, in pytest's form with asserts rewritten (in processes
    # of their own, while toecoach compiles here).
    writers = rewritten_cache.start_writing(REPO / "tests")
    compileall.compile_dir(REPO / "toecoach", quiet=1)
    for writer in writers:
        writer.wait()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Python's cyclic garbage collector, tuned for a test process: what is loaded by now
    (Textual, toecoach, Hypothesis, every test module) is moved out of its sight
    (``gc.freeze``), and it runs less often. The Pilot tests allocate heavily, and the
    collector took 15-20 % of their CPU time going over the same long-lived objects again
    and again. Memory stays well bounded (under 150 MB a worker); nothing here changes
    what a test checks."""
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("timeout") is not None:
            continue
        if item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT))
        elif item.get_closest_marker("e2e") is not None:
            item.add_marker(pytest.mark.timeout(E2E_TIMEOUT))
    # Longest first (slow, then the real terminal, then the rest, each in file order), so
    # parallel workers never end on one long test started last. Tests do not depend on order.
    items.sort(key=_run_order)


def _run_order(item: pytest.Item) -> int:
    if item.get_closest_marker("slow") is not None:
        return 0
    return 1 if item.get_closest_marker("e2e") is not None else 2


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two workers more than there are cores (many tests wait on a subprocess
    or a terminal rather than compute: on two cores, 4 workers took 99-111 s in four runs
    against 109-126 s for 3, once the garbage collector was tuned; 2 took 204 s before) and
    at most 4 (every worker starts real toecoach processes and tmux servers of its own)."""
    return max(2, min(4, (os.cpu_count() or 1) + 2))


@pytest.fixture(autouse=True)
def toecoach_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "home"
    monkeypatch.setenv("TOECOACH_HOME", str(home))
    monkeypatch.setenv("TOECOACH_LOCK_TIMEOUT", "10")
    # `autostart` and `doctor` look for the systemd user unit under XDG_CONFIG_HOME.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    # Apps driven in this process (Pilot) move at once rather than animate: a test looks at
    # where a scroll ends, and every animation frame is drawn in full (about 12 % of the
    # CPU time of the screen tests). Real toecoach processes (tmux) keep the animations.
    import textual.constants

    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
    yield home


@pytest.fixture
def utc_zone() -> Iterator[None]:
    """The process runs in UTC for this test (snapshots show clock times). Afterwards the
    zone is restored, ``tzset`` included: restoring TZ alone would leave the C library in
    UTC for whatever test this worker runs next."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def configured_home(toecoach_home: Path) -> Path:
    """A home whose first-run setup is done (an existing config.toml means done)."""
    toecoach_home.mkdir(parents=True, exist_ok=True)
    (toecoach_home / "config.toml").write_text("")
    return toecoach_home


def modules_after_commands(commands: list[list[str]], families: tuple[str, ...]) -> list[str]:
    """Run ``toecoach`` commands in one fresh interpreter (each must succeed) and name the
    modules of ``families`` (top-level package names) they loaded: what a plain command
    costs to start."""
    code = (
        "import sys\n"
        "from toecoach.cli import main\n"
        f"for args in {commands!r}:\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as e:\n"
        "        assert e.code in (0, None), (args, e.code)\n"
        f"print('LOADED', sorted(m for m in sys.modules if m.split('.')[0] in {families!r}))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    line = next((x for x in result.stdout.splitlines() if x.startswith("LOADED ")), None)
    assert result.returncode == 0 and line is not None, result.stdout + result.stderr
    return list(__import__("ast").literal_eval(line.removeprefix("LOADED ")))


def toecoach_command() -> list[str]:
    """The installed ``toecoach`` console script, else ``python -m toecoach``.

    First the script installed for the Python running the tests: a shim that comes first on
    PATH (pyenv's costs about 0.1 s a call) may run another interpreter. Spawned processes
    inherit the environment, so an exported PYTHONPATH (a worktree) is honoured either way.
    """
    script = Path(sysconfig.get_path("scripts")) / "toecoach"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("toecoach")
    return [found] if found else [sys.executable, "-m", "toecoach"]


# Runs a command with Ctrl-C (SIGINT) doing what it does in a terminal. A process started in the
# background by a non-interactive shell (`pytest &` in a script, some CI runners) ignores
# SIGINT, and so would every process the tests start: `toecoach remind` would then never
# see the Ctrl-C a test sends it. (Python keeps an inherited "ignore" at start.)
_WITH_DEFAULT_SIGINT = (
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
    "os.execvp(sys.argv[1], sys.argv[1:])"
)


def interruptible(command: list[str]) -> list[str]:
    """``command`` started with SIGINT at its default, whatever the tests inherited."""
    return [sys.executable, "-c", _WITH_DEFAULT_SIGINT, *command]


def run_toecoach(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """Run the ``toecoach`` command in a process of its own, as ``subprocess.run`` with
    ``capture_output=True, text=True`` would. The process is forked from a server that has
    imported toecoach already (tests/forkserver.py) unless something about Python's own start
    matters; then, or with ``TOECOACH_TESTS_SPAWN=1``, it is the installed script."""
    full_env = {**os.environ, **(env or {})}
    command = [*toecoach_command(), *args]
    server = _fork_server(full_env, command, input)
    if server is None:
        return subprocess.run(command, capture_output=True, text=True, env=full_env,
                              input=input, timeout=timeout)  # fmt: skip
    return server.run(command, full_env, input, timeout)


class _ForkServer:
    """The client side of tests/forkserver.py: one server per test process."""

    def __init__(self) -> None:
        import tempfile
        import threading

        # The environment this test process started with, not a test's monkeypatched one:
        # what Python reads at start is compared against it (can_stand_for).
        self.env = dict(_ENVIRONMENT_AT_START)
        self.log = Path(tempfile.gettempdir()) / f"toecoach-forkserver-{os.getpid()}.log"
        # Started as the console script starts (toecoach from the installed package, not
        # from the tests' folder), with the environment the interpreter will keep.
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(REPO / "tests" / "forkserver.py")],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd="/",
                env=self.env,
            )  # fmt: skip
        self.broken = False
        assert self.process.stdout is not None and self.process.stdin is not None
        self.requests, self.answers = self.process.stdin, self.process.stdout
        if self.answers.readline() != b"ready\n":
            raise RuntimeError("the fork server did not start")
        self.lock = threading.Lock()

    def can_stand_for(self, env: dict[str, str], command: list[str], input: str | None) -> bool:
        # The console script only: `python -m toecoach` (no script installed) starts for real.
        if not Path(command[0]).is_absolute() or command[0] == sys.executable:
            return False
        return self.can_fork(env, [*command, input or ""])

    def can_fork(self, env: dict[str, str], strings: list[str]) -> bool:
        """Whether a child forked with ``env`` (and these arguments) runs as a real start
        would: the server is up, and what Python reads at start is the same."""
        from tests.forkserver import STARTUP_PREFIXES

        if self.broken or self.process.poll() is not None:
            return False
        if any("\0" in text for text in [*strings, *env, *env.values()]):
            return False  # subprocess refuses these: the real start says so
        keys = {k for k in {*env, *self.env} if k.startswith(STARTUP_PREFIXES)}
        return all(env.get(k) == self.env.get(k) for k in keys)

    def start(self, command: list[str], env: dict[str, str], folder: Path,
              input: str | None = None, code: str | None = None) -> ForkedProcess:  # fmt: skip
        """Fork ``command`` (its output in files of ``folder``) and return at once. With
        ``code``, the child runs it as ``python -c`` would (``command`` then is its argv)."""
        import json

        stdin = os.devnull
        if input is not None:
            stdin = str(folder / "stdin")
            Path(stdin).write_bytes(input.encode("utf-8"))
        request = {"argv": command, "env": env, "cwd": os.getcwd(), "stdin": stdin,
                   "stdout": str(folder / "stdout"), "stderr": str(folder / "stderr"),
                   "status": str(folder / "status"), "code": code}  # fmt: skip
        with self.lock:
            try:
                self.requests.write(json.dumps(request).encode("utf-8") + b"\n")
                self.requests.flush()
                pid = int(self.answers.readline())
            except BaseException:
                # Interrupted mid-exchange (a timeout, Ctrl-C): its answers would no longer
                # match its requests. Real starts from here on.
                self.broken = True
                self.process.kill()
                raise
        return ForkedProcess(pid, folder)

    def run(self, command: list[str], env: dict[str, str], input: str | None,
            timeout: float) -> subprocess.CompletedProcess[str]:  # fmt: skip
        import tempfile

        with tempfile.TemporaryDirectory(prefix="toecoach-run-") as tmp:
            process = self.start(command, env, Path(tmp), input)
            try:
                code = process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
                raise subprocess.TimeoutExpired(command, timeout, process.output("stdout"),
                                                process.output("stderr")) from None  # fmt: skip
            except BaseException:  # as subprocess.run: the command never outlives the call
                process.kill()
                raise
            return subprocess.CompletedProcess(command, code, process.output("stdout"),
                                               process.output("stderr"))  # fmt: skip


class ForkedProcess:
    """A command forked by the fork server, waited for as ``subprocess.Popen`` is (``poll``,
    ``wait``, ``send_signal``), through a pidfd: it is the server's child, not ours."""

    def __init__(self, pid: int, folder: Path) -> None:
        self.pid = pid
        self.folder = folder
        self.returncode: int | None = None
        try:
            self._handle: int | None = os.pidfd_open(pid)
        except ProcessLookupError:
            self._handle = None  # already ended (and reaped)

    def _ended(self, timeout: float | None) -> bool:
        """Whether it has ended, waiting up to ``timeout`` seconds (None: until it has)."""
        import select

        if self._handle is not None:
            waiting = select.poll()
            waiting.register(self._handle, select.POLLIN)
            if not waiting.poll(None if timeout is None else timeout * 1000):
                return False
        if self._handle is not None:
            os.close(self._handle)
            self._handle = None
        status = self.folder / "status"
        # The child writes its status just before it ends: none means a signal ended it.
        self.returncode = int(status.read_text()) if status.exists() else -9
        return True

    def poll(self) -> int | None:
        if self.returncode is None:
            self._ended(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None and not self._ended(timeout):
            raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, signum: int) -> None:
        import signal

        if self.poll() is None and self._handle is not None:
            # Through the pidfd: never to another process that reused the pid.
            signal.pidfd_send_signal(self._handle, signum)

    def kill(self) -> None:
        import signal

        self.send_signal(signal.SIGKILL)

    def output(self, name: str) -> str:
        """What it wrote to stdout or stderr, as subprocess's text mode reads it (UTF-8,
        universal newlines)."""
        import io

        path = self.folder / name
        data = path.read_bytes() if path.exists() else b""
        return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read()


def start_forked_toecoach(args: list[str], folder: Path, env: dict[str, str] | None = None
                          ) -> ForkedProcess | subprocess.Popen[bytes]:  # fmt: skip
    """``toecoach ARGS`` started and not waited for: forked when it can be (as
    ``run_toecoach``), else a real start. Its output goes to files in ``folder``."""
    full_env = {**os.environ, **(env or {})}
    command = [*toecoach_command(), *args]
    server = _fork_server(full_env, command, None)
    if server is not None:
        return server.start(command, full_env, folder)
    return subprocess.Popen(command, env=full_env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def start_forked_python(code: str, args: list[str], folder: Path,
                        env: dict[str, str]) -> ForkedProcess | subprocess.Popen[bytes]:  # fmt: skip
    """``python -c CODE ARGS`` started and not waited for: forked from the fork server (which
    has toecoach and TinyDB imported) when it can be, else a real start. Its output goes to
    files in ``folder``."""
    full_env = {**os.environ, **env}
    server = _fork_server(full_env, toecoach_command(), None)
    if server is not None and server.can_fork(full_env, [code, *args]):
        return server.start(["-c", *args], full_env, folder, code=code)
    return subprocess.Popen([sys.executable, "-c", code, *args], env=full_env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


_ENVIRONMENT_AT_START = dict(os.environ)
_server: list[_ForkServer | None] = []
_server_lock = __import__("threading").Lock()


def _pidfds_work() -> bool:
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):  # not Linux 5.3+, or refused by a sandbox
        return False
    return True


def _fork_server(env: dict[str, str], command: list[str], input: str | None) -> _ForkServer | None:
    if env.get("TOECOACH_TESTS_SPAWN") == "1":
        return None
    with _server_lock:
        if not _server:
            try:
                _server.append(_ForkServer() if _pidfds_work() else None)
            except (OSError, RuntimeError) as error:
                import warnings

                warnings.warn(f"no fork server ({error}): toecoach commands start for real",
                              stacklevel=2)  # fmt: skip
                _server.append(None)
    server = _server[0]
    return server if server is not None and server.can_stand_for(env, command, input) else None


async def wait_until(pilot, condition: Callable[[], bool], timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    """Let a Pilot-driven app run until ``condition`` holds: a wait for state, never a fixed
    sleep. The timeout is generous (a loaded machine runs timers late, not wrong); the wait
    ends as soon as the condition holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in {timeout} s")
        await pilot.pause(0.05)


async def workers_settled(app) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app has no worker left running. Unlike Textual's
    ``app.workers.wait_for_complete()`` it does not fail when an exclusive worker group
    cancels a superseded worker (a newer home reload replacing an older one is normal);
    a worker that failed still fails the test."""
    from textual.worker import WorkerCancelled

    while True:
        workers = [worker for worker in app.workers if not worker.is_finished]
        if not workers:
            return
        for worker in workers:
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()


def data_snapshot(home: Path) -> dict[str, bytes]:
    """Every file under the data dir (except the lock), for "nothing changed" checks."""
    data = home / "data"
    if not data.exists():
        return {}
    return {
        str(p.relative_to(data)): p.read_bytes()
        for p in sorted(data.rglob("*"))
        if p.is_file() and p.name != ".toecoach.lock"
    }


def midday_zone() -> str:
    """A fixed-offset zone in which it is about noon right now. Reminder tests with "sat for
    31 minutes" use it so that the bout never crosses local midnight (where a new work window
    begins), whatever time the suite runs."""
    from datetime import UTC, datetime

    offset = (12 - datetime.now(UTC).hour) % 24
    if offset > 12:
        offset -= 24  # Etc zones span UTC-12..UTC+14; their sign is inverted (POSIX)
    return "Etc/GMT" + (f"{-offset:+d}" if offset else "")


@pytest.fixture
def midday(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """TZ set to :func:`midday_zone` for this test and the processes it starts."""
    import time

    zone = midday_zone()
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()
