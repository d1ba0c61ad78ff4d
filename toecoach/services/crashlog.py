"""When the app stops on an error: a private log that names where, never what.

Textual's own handler prints a traceback with every frame's local variables: whole health
records and notes would land in the terminal's scrollback. Instead the app writes this log
(mode 0600 in the private data directory; ``toecoach doctor`` names it) and prints one line
pointing to it. The log holds the exception's type and, for each frame, the file, line,
function and source line: no exception message (it may quote a record) and no values.
"""

from __future__ import annotations

import platform
import sys
import traceback
from datetime import datetime
from pathlib import Path

from toecoach import __version__
from toecoach.paths import Paths, ensure_private_dir

CRASH_LOG_NAME = "crash.log"
MAX_FRAMES = 60


def crash_log_path(paths: Paths) -> Path:
    return paths.data_dir / CRASH_LOG_NAME


def _type_name(error: BaseException) -> str:
    kind = type(error)
    return (
        kind.__qualname__
        if kind.__module__ == "builtins"
        else f"{kind.__module__}.{kind.__qualname__}"
    )


def crash_report(error: BaseException, now: datetime) -> str:
    """The log's text: versions, then each exception in the chain (type and frames only)."""
    lines = [
        f"toecoach {__version__} stopped on an error at {now.isoformat(timespec='seconds')}",
        f"Python {platform.python_version()} on {sys.platform}",
        "Where it happened (no values and no messages are recorded: they may hold your data).",
    ]
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append("")
        lines.append(f"{_type_name(current)}, raised at:")
        frames = traceback.extract_tb(current.__traceback__)[-MAX_FRAMES:]
        for frame in frames:
            lines.append(f"  {frame.filename}:{frame.lineno} in {frame.name}")
            if frame.line:
                lines.append(f"      {frame.line.strip()[:200]}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def write_crash_log(paths: Paths, error: BaseException, now: datetime) -> Path | None:
    """Write the log (replacing an older one); None if even that is not possible."""
    from toecoach.storage.atomic import atomic_write_bytes

    path = crash_log_path(paths)
    try:
        ensure_private_dir(path.parent)
        atomic_write_bytes(path, crash_report(error, now).encode("utf-8", "replace"))
    except Exception:  # a crash while reporting a crash must not hide the first one
        return None
    return path
