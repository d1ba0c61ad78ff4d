"""Rewrite the test modules' asserts once, in parallel, before the xdist workers start.

pytest keeps each test module with its asserts rewritten in ``__pycache__`` and reads it back
on the next import, but it does not write it while ``PYTHONDONTWRITEBYTECODE`` is set (it is
on these machines). Then every worker rewrote every module again: about 6 s of CPU each
before its first test. pytest reads such a file whatever that setting says, so the
controller writes them, split over one process per core.

This leans on pytest's private helpers (the ones its import hook uses). If they change,
``write_all`` does nothing and the workers rewrite as before: slower, never wrong.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def start_writing(test_dir: Path) -> list[subprocess.Popen[bytes]]:
    """Start writing the rewritten form of every ``test_*.py`` and ``conftest.py`` in
    ``test_dir`` whose cached form is missing or older than its source; wait for the
    processes returned before any worker starts."""
    try:
        stale = [str(path) for path in _modules(test_dir) if _cached(path) is None]
    except Exception:
        return []  # pytest's helpers changed: the workers rewrite, as they would anyway
    if not stale:
        return []
    shares = _shares(stale, max(1, min(len(stale), os.cpu_count() or 1)))
    code = "import sys; from tests.rewritten_cache import _write; _write(sys.argv[1:])"
    return [
        subprocess.Popen([sys.executable, "-c", code, *share], cwd=test_dir.parent)
        for share in shares
    ]


def _modules(test_dir: Path) -> list[Path]:
    return sorted([*test_dir.glob("test_*.py"), test_dir / "conftest.py"])


def _cached(path: Path) -> object:
    from _pytest.assertion import rewrite

    pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
    return rewrite._read_pyc(path, pyc, lambda message: None)


def _shares(paths: list[str], count: int) -> list[list[str]]:
    """Split ``paths`` into ``count`` lists of about the same size in bytes (largest
    first, each to the lightest list so far)."""
    shares: list[list[str]] = [[] for _ in range(count)]
    weights = [0] * count
    for path in sorted(paths, key=lambda p: -os.path.getsize(p)):
        lightest = weights.index(min(weights))
        shares[lightest].append(path)
        weights[lightest] += os.path.getsize(path)
    return [share for share in shares if share]


class _Quiet:
    """The ``state`` pytest's pyc writer reports a failed write to (nothing to report: a
    failed write only means the worker rewrites)."""

    def trace(self, message: str) -> None:
        pass


def _write(paths: list[str]) -> None:
    from _pytest.assertion import rewrite

    for name in paths:
        path = Path(name)
        cache_dir = rewrite.get_cache_dir(path)
        if not rewrite.try_makedirs(cache_dir):
            continue
        # No config: the hook for passing assertions is off, as in this suite.
        source_stat, code = rewrite._rewrite_test(path, None)  # type: ignore[arg-type]
        pyc = cache_dir / (path.name[:-3] + rewrite.PYC_TAIL)
        rewrite._write_pyc(_Quiet(), code, source_stat, pyc)  # type: ignore[arg-type]
