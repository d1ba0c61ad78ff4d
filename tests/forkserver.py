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

A request may also carry Python ``code`` to run as ``python -c`` would (the crash campaign's
stock TinyDB writer).

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


# How a real start of this interpreter, in this environment, sets up its standard streams
# (encoding and error handler per stream, from the locale and PYTHONIOENCODING): recorded in
# the server before any fork, and given to every child's new streams.
STREAMS: dict[int, tuple[str, str]] = {}


def _record_streams() -> None:
    for fd, stream in ((0, sys.__stdin__), (1, sys.__stdout__), (2, sys.__stderr__)):
        assert stream is not None
        STREAMS[fd] = (stream.encoding, stream.errors or "strict")


def _stream(fd: int) -> io.TextIOWrapper:
    """A text stream over fd 0, 1 or 2 as Python makes one at start for a non-terminal:
    stderr line-buffered (Python 3.9+), all of them unbuffered under PYTHONUNBUFFERED."""
    encoding, errors = STREAMS[fd]
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    if fd == 0:
        raw = io.FileIO(fd, "r", closefd=False)
        return io.TextIOWrapper(io.BufferedReader(raw), encoding=encoding, errors=errors)
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(io.BufferedWriter(raw), encoding=encoding, errors=errors,
                            line_buffering=fd == 2, write_through=unbuffered)  # fmt: skip


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
        sys.stdin = sys.__stdin__ = _stream(0)
        sys.stdout = sys.__stdout__ = _stream(1)
        sys.stderr = sys.__stderr__ = _stream(2)
        sys.argv = list(request["argv"])
        from toecoach.launch import main

        if request.get("code") is not None:  # python -c CODE: argv is ["-c", *args]
            source = compile(request["code"], "<string>", "exec")

            def main() -> None:
                exec(source, {"__name__": "__main__"})

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
            code = -signal.SIGINT  # a real start ends by SIGINT (below)
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
        if code >= 0:
            code &= 0xFF  # what the parent sees of an exit status, as for a real process
        try:
            with open(request["status"] + ".tmp", "w") as out:
                out.write(str(code))
            os.replace(request["status"] + ".tmp", request["status"])
            if code < 0:  # end by the signal, as Python does after KeyboardInterrupt
                signal.signal(-code, signal.SIG_DFL)
                os.kill(os.getpid(), -code)
        finally:
            os._exit(code & 0xFF)


def serve() -> None:
    _record_streams()
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
