"""Reading files toecoach did not write itself: regular files only, and a bounded amount.

A FIFO blocks a reader forever, ``/dev/zero`` never ends, and a folder cannot be read: every
file toecoach reads (data files, ``config.toml``, routine files, an import, triage answers)
goes through ``read_regular``, which opens without blocking, checks what it opened, and stops
at a size bound instead of reading gigabytes.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

KIB = 1024
MIB = 1024 * KIB

# Size bounds (each far above what real use produces: a month of heavy logging is ~250 KB).
MAX_DATA_FILE_BYTES = 256 * MIB
MAX_IMPORT_BYTES = 64 * MIB
MAX_CONFIG_BYTES = 1 * MIB
MAX_CONTENT_FILE_BYTES = 1 * MIB  # one exercise or routine file
MAX_ANSWERS_BYTES = 1 * MIB


class FileRefused(OSError):
    """Not a regular file, or larger than the bound: ``strerror`` says which."""

    def __init__(self, path: os.PathLike[str] | str, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.reason = reason


def _size_text(limit: int) -> str:
    return f"{limit // MIB} MB" if limit >= MIB else f"{limit // KIB} KB"


def read_regular(path: os.PathLike[str] | str, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    Raises ``FileNotFoundError`` and other ``OSError``s as ``open`` does, and
    ``FileRefused`` for a folder, device, pipe or socket, or a file over ``limit``.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except ValueError:  # a NUL in the name
        raise FileRefused(path, "is not a valid file name") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "a device, pipe or socket"
            raise FileRefused(path, f"is {kind}, not a regular file")
        if st.st_size > limit:
            raise FileRefused(path, f"is larger than {_size_text(limit)}")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(MIB, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while we read it
                raise FileRefused(path, f"is larger than {_size_text(limit)}")
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_regular_text(path: Path, limit: int) -> str:
    """As ``read_regular``, decoded as UTF-8 (``UnicodeDecodeError`` if it is not)."""
    return read_regular(path, limit).decode("utf-8")
