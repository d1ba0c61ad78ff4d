"""A fork server for the tests' ``toecoach`` commands: each command is still a process of
its own, with its own arguments, environment, working directory, standard streams and exit
status, running the console script's entry point (``toecoach.launch.main``). What it skips
is starting an interpreter and importing toecoach, about 0.12 s of CPU a command: the
server imports them once and forks a child per command.

What a fork cannot stand for still starts a real interpreter (``conftest.run_toecoach``
decides): an environment that changes how Python itself starts (``PYTHON*``, ``LANG``,
``LC_*``, ``LD_*``, faketime), and the tests that look at start-up itself (which modules a
plain command imports, ``PYTHONPATH`` tricks, the tmux tests, which run the installed
command). ``TOECOACH_TESTS_SPAWN=1`` sends every command to a real interpreter.

Protocol: one JSON request a line on the server's stdin; it answers each with the child's
pid on stdout. The child writes its exit status to the request's ``status`` file just before
it ends; the client waits for the pid with a pidfd (Linux), so no process waits on another's
child.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import signal
import sys
import time
import traceback
from typing import Any

# What Python reads once, at start: an environment that differs here needs a real start.
STARTUP_PREFIXES = ("PYTHON", "LANG", "LC_", "LD_", "FAKETIME", "DYLD_")


def preload() -> None:
    """Everything a plain command may import, imported once in the server."""
    import importlib
    import pkgutil

    import toecoach.cli
    import toecoach.launch  # noqa: F401

    for package in ("toecoach.cli", "toecoach.services", "toecoach.domain", "toecoach.storage"):
        module = importlib.import_module(package)
        for info in pkgutil.iter_modules(module.__path__, f"{package}."):
            if info.name in {"toecoach.cli.remind", "toecoach.services.reminders"}:
                continue  # APScheduler: only `remind` needs it, and it loads it itself
            importlib.import_module(info.name)


def _stream(fd: int, mode: str, errors: str) -> io.TextIOWrapper:
    """A text stream over fd 0, 1 or 2 as Python makes one at start for a non-terminal."""
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    raw = io.FileIO(fd, mode, closefd=False)
    if mode == "r":
        return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", errors=errors)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding="utf-8", errors=errors,
                            write_through=unbuffered)  # fmt: skip


def run_child(request: dict[str, Any]) -> None:
    """In the forked child: become the command, run it, write the exit status, end."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the command waits for its own children
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()
        for fd, path, flags in (
            (0, request["stdin"], os.O_RDONLY),
            (1, request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
            (2, request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
        ):
            opened = os.open(path, flags, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.stdin = sys.__stdin__ = _stream(0, "r", "strict")
        sys.stdout = sys.__stdout__ = _stream(1, "w", "strict")
        sys.stderr = sys.__stderr__ = _stream(2, "w", "backslashreplace")
        sys.argv = list(request["argv"])
        from toecoach.launch import main

        try:
            main()
            code = 0
        except SystemExit as stop:
            if stop.code is None:
                code = 0
            elif isinstance(stop.code, int):
                code = stop.code
            else:
                print(stop.code, file=sys.stderr)
                code = 1
        except KeyboardInterrupt:
            traceback.print_exc()
            code = 130
        except BaseException:
            traceback.print_exc()
            code = 1
        # As an interpreter ends: wait for the command's threads, then its exit functions.
        import threading

        threading._shutdown()  # type: ignore[attr-defined]
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    finally:
        try:
            with open(request["status"] + ".tmp", "w") as out:
                out.write(str(code))
            os.replace(request["status"] + ".tmp", request["status"])
        finally:
            os._exit(code & 0xFF)


def serve() -> None:
    preload()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    pending = b""
    os.write(1, b"ready\n")
    while True:
        while b"\n" not in pending:
            chunk = os.read(0, 65536)
            if not chunk:
                return  # the tests are done
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        request = json.loads(line)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            run_child(request)
        os.write(1, f"{pid}\n".encode())


if __name__ == "__main__":
    serve()
