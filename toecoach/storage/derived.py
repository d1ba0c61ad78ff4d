"""Derived files: figures worked out from a data file, kept beside the data to save work.

``data/cache/NAME.json`` holds a document computed from one source file, stamped with that
file's identity (inode, modification time in ns, size) and a ``context`` string the caller
chooses (a format version, the time zone the days were counted in). A load whose stamp
does not match returns ``None`` and the caller works it out again from the source.

Nothing here is a person's data: a damaged, foreign or unreadable cache file is simply
ignored and overwritten (never kept aside, never an error), and deleting the folder loses
nothing. Writes are atomic renames, so readers and writers need no lock: two processes that
work out the same figures write the same document.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from toecoach.files import read_regular
from toecoach.storage.atomic import atomic_write_bytes, sweep_stale_temp_files

CACHE_DIR = "cache"
MAX_CACHE_BYTES = 4 * 1024 * 1024
_NAME = re.compile(r"^[a-z0-9-]{1,64}$")

FileKey = tuple[int, int, int]  # (inode, mtime_ns, size) of the source file


def file_key(path: Path) -> FileKey | None:
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class DerivedCache:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / CACHE_DIR

    def _path(self, name: str) -> Path:
        if not _NAME.match(name):
            raise ValueError(f"not a cache name: {name!r}")
        return self.folder / f"{name}.json"

    def load(self, name: str, source: FileKey, context: str) -> Any | None:
        """The document stored for this exact source and context, else None."""
        try:
            doc = json.loads(read_regular(self._path(name), MAX_CACHE_BYTES))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(doc, dict):
            return None
        if doc.get("source") != list(source) or doc.get("context") != context:
            return None
        return doc.get("value")

    def save(self, name: str, source: FileKey, context: str, value: Any) -> None:
        """Store ``value`` for this source and context; a failure (disk full, read-only
        home) only means the work is done again next time."""
        path = self._path(name)
        payload = json.dumps(
            {"source": list(source), "context": context, "value": value},
            separators=(",", ":"),
            allow_nan=False,
        ).encode("utf-8")
        try:
            from toecoach.paths import ensure_private_dir

            ensure_private_dir(self.folder)
            sweep_stale_temp_files(path)
            # Not flushed to disk: a crash may leave it old, empty or gone, and the next
            # load ignores it (60 fsyncs cost the history's first look about 80 ms).
            atomic_write_bytes(path, payload, durable=False)
        except (OSError, ValueError):
            return
