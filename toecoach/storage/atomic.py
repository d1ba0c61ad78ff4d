"""Crash-safe data files: whole-document reads and writes that never leave a half-written
file. ``AtomicJSONStorage``, the TinyDB storage built on them, is in
``toecoach.storage.tinydb_storage`` (imported by writes only: reads need no TinyDB).

TinyDB's stock ``JSONStorage`` rewrites its file in place (seek 0, write, truncate): a crash
between the write and the truncate leaves a file that no longer parses (msiemens/tinydb #1,
#301, #383). ``AtomicJSONStorage`` instead writes the whole document to a temporary file in
the same directory, fsyncs it, ``os.replace``-s it over the old file and fsyncs the
directory, so a reader (or a crash) only ever sees the old file or the new one.

It also re-reads the file on every ``read()`` instead of keeping a handle open, so a process
sees documents that another process has written since.

The constructor takes ``JSONStorage``'s arguments (but refuses access modes other than
r/rb/r+/rb+ instead of warning), so TinyDB's own test suite can run against it. It was run
outside this repository, with a rootdir conftest.py swapping in this class everywhere::

    mkdir -p /tmp/tinydb-suite && cd /tmp/tinydb-suite
    pip download --no-binary :all: --no-deps tinydb==4.9.0 && tar xzf tinydb-4.9.0.tar.gz
    cd tinydb-4.9.0 && cat > conftest.py <<'EOF'
    import tinydb, tinydb.storages
    from toecoach.storage.tinydb_storage import AtomicJSONStorage as A
    tinydb.JSONStorage = tinydb.storages.JSONStorage = tinydb.TinyDB.default_storage_class = A
    EOF
    python -m pytest tests -q    # test_yaml needs pyyaml

Results::

    TinyDB 4.9.0 suite, AtomicJSONStorage for JSONStorage: 216 passed, 3 failed, 0 errors
    (stock JSONStorage: 219 passed). A first run gave 215/4: test_storages::test_encoding wanted
    json.JSONDecodeError, so CorruptFileError now subclasses it.
    test_middlewares::test_caching_json_write - reads JSONStorage's private `_handle`; no handle here.
    test_storages::test_json_invalid_mode_warning - access_mode='w' warns in JSONStorage;
        here it raises ValueError (deliberate: 'w' truncates the file).
    test_tables::test_table_repr[json] - regex wants `tinydb.storages.JSONStorage` in the repr.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
from pathlib import Path
from typing import Any

from toecoach.files import MAX_DATA_FILE_BYTES, FileRefused, read_regular

FILE_MODE = 0o600
_TEMP_MARK = ".tmp-"


class CorruptFileError(json.JSONDecodeError):
    """The file exists but does not hold a JSON object.

    A ``json.JSONDecodeError`` (so a ``ValueError``), as TinyDB users expect from
    ``JSONStorage``, carrying the path and a short reason for the user.
    """

    def __init__(self, path: Path, reason: str) -> None:
        ValueError.__init__(self, f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.msg, self.doc, self.pos, self.lineno, self.colno = reason, "", 0, 1, 1

    def __reduce__(self) -> tuple[type[CorruptFileError], tuple[Path, str]]:
        # JSONDecodeError's own __reduce__ would rebuild it with the wrong arguments.
        return (type(self), (self.path, self.reason))


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def temp_name_for(path: Path) -> Path:
    return path.with_name(f".{path.name}{_TEMP_MARK}{os.getpid()}-{os.urandom(4).hex()}")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_stale_temp_files(path: Path) -> list[Path]:
    """Remove temp files left by writers that died mid-write; return what was removed.

    A temp file names its writer's pid; one whose writer is still alive is left alone, so
    sweeping is safe even without holding the write lock.
    """
    pattern = re.compile(rf"^\.{re.escape(path.name)}{re.escape(_TEMP_MARK)}(\d+)-[0-9a-f]+$")
    removed: list[Path] = []
    try:
        entries = list(path.parent.iterdir())
    except FileNotFoundError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _pid_alive(int(match.group(1))):
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed.append(entry)
    return removed


def fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, payload: bytes, *, durable: bool = True) -> None:
    """Write ``payload`` to ``path`` so that ``path`` is always either old or new, whole.
    ``durable=False`` skips the flushes to disk (fsync): only for files that can be worked
    out again, where a crash may leave one old, empty or gone, and a reader then ignores it."""
    temp = temp_name_for(path)
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    if durable:
        fsync_directory(path.parent)


def read_json_document(path: Path, encoding: str = "utf-8") -> dict[str, dict[str, Any]] | None:
    """A data file's JSON document, read without TinyDB (reads are most of what toecoach
    does, and the first dashboard need not import it); None for an empty or missing file,
    ``CorruptFileError`` for one that is not a JSON object."""
    try:
        raw = read_regular(path, MAX_DATA_FILE_BYTES)
    except FileNotFoundError:
        return None
    except FileRefused as error:  # a folder, pipe or device; or far too large
        raise CorruptFileError(path, error.reason) from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw.decode(encoding), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError) as error:
        raise CorruptFileError(path, str(error)[:200]) from None
    except RecursionError:
        raise CorruptFileError(path, "nested too deeply") from None
    if not isinstance(data, dict):
        raise CorruptFileError(path, "top level is not a JSON object")
    return data


def write_json_document(path: Path, data: dict[str, dict[str, Any]], encoding: str = "utf-8",
                        **dump_options: Any) -> None:  # fmt: skip
    """Write a whole document crash-safely (``atomic_write_bytes``)."""
    # allow_nan=False: NaN and Infinity are not JSON, and no reader could load them.
    try:
        text = json.dumps(data, **{"allow_nan": False, **dump_options})
    except ValueError as error:
        raise OSError(errno.EINVAL, f"not written: {error}", str(path)) from None
    atomic_write_bytes(path, text.encode(encoding))
