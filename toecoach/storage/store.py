"""The toecoach data store: TinyDB files, a process lock, schema versions and quarantine.

Layout (all under ``data/``)::

    main.json            few, long-lived records: triage results, rest days, applied plans
    log-YYYY-MM.json     high-volume records of one local calendar month: intake check-ins,
                         break events, routine runs, spasm episodes
    .toecoach.lock       the write lock (flock; filelock on Windows)
    backups/             copies taken before a schema migration

Why monthly files: TinyDB rewrites the whole file on every write (about 32 ms at 10k
documents, 178 ms at 50k). A heavy user writes ~25 records a day, so a month is under a
thousand records and logging stays a few milliseconds however many years of history there
are. Reading a range of days opens only the months it covers.

Every read-modify-write holds one lock for the whole data directory, re-reads the file
inside it, and writes through ``AtomicJSONStorage``; TinyDB's query cache is disabled
(``cache_size=0``) because it cannot know about writes from other processes.

The lock cannot be stolen (``DataLock``): a lock file can be deleted or replaced while a
writer holds it, and the next writer would then lock a new file and get in. So a writer
``flock``-s the data directory itself (which is never unlinked while it holds data) as well
as ``.toecoach.lock`` (which older toecoach versions lock), and after each ``flock`` checks
that the locked inode is still the one at the path, retrying otherwise.

Each file carries ``{"_meta": {"1": {"schema": N}}}``. A file with an older schema is copied
to ``backups/`` (once: an identical backup is reused) and migrated forward on open; a file
from a newer toecoach is read as is and never written (writes raise ``ReadOnlyStoreError``).
A file that does not parse, or parses but does not have a store's shape (tables that are not
objects of documents, a document id that is not a number, a schema below 1, NaN), or is not
a regular file, is renamed ``NAME.corrupt-<UTC timestamp>`` (never deleted), a notice names
it, and toecoach carries on with an empty file in its place. A record that does not have its
kind's shape (``toecoach.domain.kinds``) is skipped by readers and left in its file; the
store counts them per file (``skipped_records``), and says so once (``skip_reports``).
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from toecoach.domain.kinds import readable_problem, skipped_message
from toecoach.storage.atomic import (
    FILE_MODE,
    CorruptFileError,
    atomic_write_bytes,
    read_json_document,
    write_json_document,
)

if TYPE_CHECKING:  # TinyDB is imported by writes only: reads parse the files themselves
    from tinydb import TinyDB
    from tinydb.table import Table

SCHEMA_VERSION = 1
META_TABLE = "_meta"
MAIN_PARTITION = "main"
DEFAULT_LOCK_TIMEOUT = 10.0
READ_CACHE_FILES = 3  # the current and recent months; enough for the dashboard and undo
SETTLED_NS = 2_000_000_000  # a file changed this recently may change again in the same tick

# Forward migrations: MIGRATIONS[n] turns a schema-n document into a schema-(n+1) one.
Migration = Callable[[dict[str, Any]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {}


class StoreError(Exception):
    """Could not do it (exit status 1): lock timeout, disk, a newer database."""


class LockTimeoutError(StoreError):
    pass


class ReadOnlyStoreError(StoreError):
    pass


_MONTH = re.compile(r"^log-[0-9]{4}-(0[1-9]|1[0-2])$")


def month_partition(day: date) -> str:
    return f"log-{day.year:04d}-{day.month:02d}"


def months_between(first: date, last: date) -> list[str]:
    """Partition names for every month from ``first`` to ``last`` inclusive."""
    names: list[str] = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        names.append(f"log-{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return names


def unreadable_ids(data: dict[str, Any] | None) -> dict[str, frozenset[str]]:
    """Table -> the ids of the documents of a parsed file that readers skip (they do not
    validate as their kind, ``domain.kinds``)."""
    bad: dict[str, frozenset[str]] = {}
    for table, rows in (data or {}).items():
        if table == META_TABLE or not isinstance(rows, dict):
            continue
        ids = frozenset(i for i, doc in rows.items() if readable_problem(table, doc))
        if ids:
            bad[table] = ids
    return bad


def _utc_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _schema_of(data: dict[str, Any] | None) -> int:
    if not data:
        return SCHEMA_VERSION
    meta = data.get(META_TABLE, {})
    if isinstance(meta, dict):
        first = meta.get("1")
        if isinstance(first, dict) and isinstance(first.get("schema"), int):
            return int(first["schema"])
    # A file without a version predates versioning: treat it as schema 1.
    return 1


_DOC_ID = re.compile(r"^[0-9]{1,18}$")


def shape_problem(data: dict[str, Any]) -> str | None:
    """Why a parsed file is not a toecoach store (TinyDB tables of numbered documents, a
    schema version from 1), or None. Records inside are checked by readers, one by one."""
    for name, table in data.items():
        if not isinstance(table, dict):
            return f"table {str(name)[:40]!r} is not an object of documents"
        for doc_id, document in table.items():
            if not _DOC_ID.match(doc_id):
                return f"table {str(name)[:40]!r} has a document id that is not a number"
            if not isinstance(document, dict):
                return f"table {str(name)[:40]!r}, document {doc_id} is not an object"
    meta = data.get(META_TABLE)
    if meta is not None:
        first = meta.get("1")
        schema = first.get("schema") if isinstance(first, dict) else None
        if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
            return f"its schema version {schema!r} is not a version toecoach wrote"
    return None


try:  # POSIX: flock on the directory and the lock file
    import fcntl
except ImportError:  # pragma: no cover - Windows: an open file cannot be deleted there
    fcntl = None  # type: ignore[assignment]

LOCK_POLL_SECONDS = 0.05


class _LockBusy(Exception):
    """Another process held the data lock for longer than the timeout."""


class _Held(threading.local):
    """What this thread holds: the lock is re-entrant per thread (as FileLock's is), and
    two threads of one process exclude each other (each has its own open files)."""

    depth = 0
    fds: tuple[int, ...] = ()


class DataLock:
    """An exclusive lock on a data directory that deleting or replacing files cannot break.

    ``acquire`` takes two ``flock``s, always in the same order: ``.toecoach.lock`` (the file
    older toecoach versions and ``filelock`` lock, so they still exclude us) and then the
    data directory itself. Each is verified after locking: if the path no longer names the
    inode that was locked (deleted, replaced, renamed), the lock is dropped and taken again
    on what the path names now. The directory lock is the one nobody can remove from under
    a writer: a second writer that locks a fresh lock file still waits for the directory.
    """

    def __init__(self, data_dir: Path, lock_path: Path, timeout: float) -> None:
        self.data_dir = data_dir
        self.lock_path = lock_path
        self.timeout = timeout
        self._held = _Held()
        self._fallback: Any = None
        if fcntl is None:  # pragma: no cover - imported only here: it costs ~40 ms at start
            from filelock import FileLock

            self._fallback = FileLock(str(lock_path), timeout=timeout, mode=FILE_MODE)

    @property
    def is_held(self) -> bool:
        return self._held.depth > 0

    def _open_lock_file(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self.lock_path, flags, FILE_MODE)
        except OSError as error:
            raise StoreError(
                f"cannot open the lock file {self.lock_path}: {error.strerror or error}"
                " (it must be a regular file; remove it and try again)"
            ) from None

    def _open_directory(self) -> int:
        flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self.data_dir, flags)
        except OSError as error:
            raise StoreError(
                f"cannot open the data directory {self.data_dir}: {error.strerror or error}"
            ) from None

    def _take(self, opener: Callable[[], int], path: Path, deadline: float) -> int:
        assert fcntl is not None
        while True:
            fd = opener()
            try:
                while True:
                    try:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() >= deadline:
                            raise _LockBusy(str(path)) from None
                        time.sleep(LOCK_POLL_SECONDS)
                locked = os.fstat(fd)
                try:
                    current = os.stat(path, follow_symlinks=False)
                except FileNotFoundError:
                    current = None
                if current is not None and (current.st_dev, current.st_ino) == (
                    locked.st_dev,
                    locked.st_ino,
                ):
                    return fd
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # the path names another file now: lock that one instead

    def acquire(self) -> None:
        held = self._held
        if held.depth:
            held.depth += 1
            return
        if self._fallback is not None:  # pragma: no cover
            from filelock import Timeout

            try:
                self._fallback.acquire()
            except Timeout:
                raise _LockBusy(str(self.lock_path)) from None
            held.depth = 1
            return
        deadline = time.monotonic() + self.timeout
        fds: list[int] = []
        try:
            fds.append(self._take(self._open_lock_file, self.lock_path, deadline))
            fds.append(self._take(self._open_directory, self.data_dir, deadline))
        except BaseException:
            for fd in reversed(fds):
                os.close(fd)  # closing drops the flock
            raise
        held.fds = tuple(fds)
        held.depth = 1

    def release(self) -> None:
        held = self._held
        if held.depth == 0:
            return
        held.depth -= 1
        if held.depth:
            return
        if self._fallback is not None:  # pragma: no cover
            self._fallback.release()
            return
        fds, held.fds = held.fds, ()
        for fd in reversed(fds):
            os.close(fd)


@dataclass
class _Unreadable:
    """A version of a data file (its stamp) and the documents of it readers skip."""

    key: tuple[int, int, int]
    ids: dict[str, frozenset[str]]  # table -> TinyDB document ids


class Store:
    """All reads and writes of toecoach's data directory go through here."""

    def __init__(
        self,
        data_dir: Path,
        *,
        lock_timeout: float | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.backups_dir = data_dir / "backups"
        self.lock_path = data_dir / ".toecoach.lock"
        if lock_timeout is None:
            from toecoach.paths import lock_timeout_from_env

            lock_timeout = lock_timeout_from_env(DEFAULT_LOCK_TIMEOUT)
        self.lock_timeout = lock_timeout
        self.notices: list[str] = []
        self._notify = notify
        self.read_only_reason: str | None = None
        # One lock object per store: it counts re-entries per thread, so code that holds
        # the lock may call code that takes it again.
        self._lock = DataLock(data_dir, self.lock_path, self.lock_timeout)
        self._cache: OrderedDict[str, tuple[tuple[int, int, int], dict[str, Any]]] = OrderedDict()
        # The TUI reads from several threads (its workers, the reminders, the history warm-up):
        # the cache's order is changed under this lock.
        self._cache_lock = threading.Lock()
        # Per partition, for the file as last read: (its stamp, table -> ids of documents
        # that do not validate). Each file is validated once per version, not per read.
        self._unreadable: dict[str, _Unreadable] = {}
        self._reported: set[tuple[str, int]] = set()
        self._reporting = threading.Lock()  # the TUI's workers ask from several threads

    # -- paths and files -------------------------------------------------------------

    def path_of(self, partition: str) -> Path:
        return self.data_dir / f"{partition}.json"

    def partitions(self) -> list[str]:
        """Existing month partitions, oldest first."""
        if not self.data_dir.is_dir():
            return []
        return sorted(p.stem for p in self.data_dir.glob("log-*.json") if _MONTH.match(p.stem))

    def partitions_between(self, first: date, last: date) -> list[str]:
        """Existing month partitions that can hold days from ``first`` to ``last``: as many
        as there are files, however long the range."""
        low, high = month_partition(first), month_partition(last)
        return [p for p in self.partitions() if low <= p <= high]

    def _ensure_dirs(self) -> None:
        from toecoach.paths import ensure_private_dir

        ensure_private_dir(self.data_dir)

    def notice(self, message: str) -> None:
        """Tell the person something about their data (a file left out, kept aside)."""
        self._notice(message)

    def _notice(self, message: str) -> None:
        self.notices.append(message)
        if self._notify is not None:
            self._notify(message)

    # -- locking ------------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        self._ensure_dirs()
        lock = self._lock
        try:
            lock.acquire()
        except _LockBusy:
            raise LockTimeoutError(
                f"another toecoach is writing to {self.data_dir}; try again"
            ) from None
        try:
            yield
        finally:
            lock.release()

    def is_locked(self) -> bool:
        """Whether another toecoach (process or thread) holds the lock right now."""
        if self._lock.is_held or not self.data_dir.is_dir():
            return False
        probe = DataLock(self.data_dir, self.lock_path, 0)
        try:
            probe.acquire()
        except _LockBusy:
            return True
        probe.release()
        return False

    # -- opening -------------------------------------------------------------------------

    def _quarantine(self, path: Path, reason: str) -> Path:
        aside = path.with_name(f"{path.name}.corrupt-{_utc_stamp()}")
        counter = 1
        while aside.exists():
            counter += 1
            aside = path.with_name(f"{path.name}.corrupt-{_utc_stamp()}-{counter}")
        os.replace(path, aside)
        self._notice(
            f"toecoach: {path} could not be read ({reason}); it was kept aside as {aside} "
            "and toecoach carries on without it"
        )
        return aside

    def _backup(self, path: Path, schema: int, raw: bytes) -> Path:
        """A copy of the file as it was before a migration: one per migration (a run that
        failed half-way and comes back finds its backup and does not add another)."""
        from toecoach.paths import ensure_private_dir

        ensure_private_dir(self.backups_dir)
        for earlier in sorted(self.backups_dir.glob(f"{path.stem}.schema{schema}.*.json")):
            try:
                if earlier.is_file() and earlier.read_bytes() == raw:
                    return earlier
            except OSError:
                continue
        target = self.backups_dir / f"{path.stem}.schema{schema}.{_utc_stamp()}.json"
        atomic_write_bytes(target, raw)
        return target

    def _load(self, path: Path) -> dict[str, Any] | None:
        """Read a data file; ``CorruptFileError`` if it is not a store (see the module doc).
        A file from a newer toecoach is returned as is: its shape is not ours to judge."""
        if not path.exists():  # missing, or a dangling link
            raise FileNotFoundError(path)
        data = read_json_document(path)
        if data is not None and _schema_of(data) <= SCHEMA_VERSION:
            problem = shape_problem(data)
            if problem:
                raise CorruptFileError(path, problem)
        return data

    def _prepare_for_write(self, partition: str) -> None:
        """Inside the lock: quarantine a corrupt file, migrate an old one, refuse a newer one."""
        path = self.path_of(partition)
        if not os.path.lexists(path):
            return
        try:
            data = self._load(path)
        except FileNotFoundError:  # a dangling link: the write replaces the link itself
            return
        except CorruptFileError as error:
            self._quarantine(path, error.reason)
            return
        schema = _schema_of(data)
        if schema > SCHEMA_VERSION:
            self.read_only_reason = (
                f"{path} was written by a newer toecoach (schema {schema}, this one knows "
                f"{SCHEMA_VERSION}); it is open read-only: upgrade toecoach to change it"
            )
            raise ReadOnlyStoreError(self.read_only_reason)
        if schema < SCHEMA_VERSION and data is not None:
            backup = self._backup(path, schema, path.read_bytes())
            while schema < SCHEMA_VERSION:
                data = MIGRATIONS[schema](data)
                schema += 1
            data[META_TABLE] = {"1": {"schema": SCHEMA_VERSION}}
            write_json_document(path, data)
            self._notice(f"toecoach: upgraded {path} to schema {schema} (backup: {backup})")

    def _read_keyed(
        self, partition: str
    ) -> tuple[tuple[int, int, int] | None, dict[str, Any] | None]:
        """Read without the lock (writes are atomic renames); repair under the lock. Returns
        the stamp of the file version read, and its parsed content.

        Parsed files are kept in a small cache keyed by (inode, mtime, size): every write
        renames a new file into place, so a changed file never matches a cached key, whichever
        process wrote it.
        """
        path = self.path_of(partition)
        try:
            st = path.stat()
        except FileNotFoundError:
            return None, None
        key = (st.st_ino, st.st_mtime_ns, st.st_size)
        with self._cache_lock:
            cached = self._cache.get(partition)
            if cached is not None and cached[0] == key:
                self._cache.move_to_end(partition)
        if cached is not None and cached[0] == key:
            self._note_unreadable(partition, key, cached[1])
            return key, cached[1]
        try:
            data = self._load(path)
        except FileNotFoundError:
            return None, None
        except CorruptFileError:
            try:
                with self.locked():
                    self._prepare_for_write(partition)
            except ReadOnlyStoreError:
                pass
            return None, None
        schema = _schema_of(data)
        if schema > SCHEMA_VERSION:
            self.read_only_reason = (
                f"{path} was written by a newer toecoach (schema {schema}); showing it read-only"
            )
        elif schema < SCHEMA_VERSION:
            with self.locked():
                self._prepare_for_write(partition)
            return self._read_keyed(partition)
        self._note_unreadable(partition, key, data)
        # A file changed in the last moments may change again within the same mtime tick
        # (and reuse a freed inode), so only settled files are cached.
        if data is not None and time.time_ns() - st.st_mtime_ns > SETTLED_NS:
            with self._cache_lock:
                self._cache[partition] = (key, data)
                self._cache.move_to_end(partition)
                while len(self._cache) > READ_CACHE_FILES:
                    self._cache.popitem(last=False)
        return key, data

    def _note_unreadable(
        self, partition: str, key: tuple[int, int, int], data: dict[str, Any] | None
    ) -> None:
        """Validate every document of a file version once: which ones readers skip. Only the
        ids are kept, not the parsed file: a look through five years of history would
        otherwise keep every month's records in memory for as long as the app runs."""
        known = self._unreadable.get(partition)
        # A stamp identifies a file version only once it has settled: a file rewritten within
        # one mtime tick may keep its inode and size (as the read cache knows too).
        if known is not None and known.key == key and time.time_ns() - key[1] > SETTLED_NS:
            return
        self._unreadable[partition] = _Unreadable(key, unreadable_ids(data))

    def skipped_records(self) -> dict[str, int]:
        """File name -> how many of its records do not validate and are skipped, for the
        files read so far."""
        counts = {}
        for partition, known in sorted(self._unreadable.items()):
            count = sum(len(ids) for ids in known.ids.values())
            if count and self.path_of(partition).exists():
                counts[self.path_of(partition).name] = count
        return counts

    def skip_reports(self) -> list[str]:
        """What ``skipped_records`` says, in words, each file's count said once per store:
        the TUI shows these as they come."""
        lines = []
        with self._reporting:
            for name, count in self.skipped_records().items():
                if (name, count) not in self._reported:
                    self._reported.add((name, count))
                    lines.append(skipped_message(name, count))
        return lines

    def prepare(self, partitions: list[str]) -> None:
        """Inside the lock, before a change that spans several files: quarantine, migrate or
        refuse (``ReadOnlyStoreError``) each of them first, so that nothing is written when
        one of them cannot be."""
        with self.locked():
            for partition in partitions:
                self._prepare_for_write(partition)

    @contextmanager
    def writing(self, partition: str) -> Iterator[TinyDB]:
        """Hold the lock and yield a TinyDB for ``partition``; every change is durable."""
        with self.locked():
            self._prepare_for_write(partition)
            path = self.path_of(partition)
            if not os.path.lexists(path):
                # A new file appears whole, with its schema: TinyDB would create it empty
                # first, and a reader in another process could see it so.
                new = {META_TABLE: {"1": {"schema": SCHEMA_VERSION}}}
                atomic_write_bytes(path, json.dumps(new).encode("utf-8"))
            from tinydb import TinyDB

            from toecoach.storage.tinydb_storage import AtomicJSONStorage

            db = TinyDB(path, storage=AtomicJSONStorage)
            try:
                meta = db.table(META_TABLE, cache_size=0)
                if not meta.contains(doc_id=1):
                    from tinydb.table import Document

                    meta.insert(Document({"schema": SCHEMA_VERSION}, doc_id=1))
                yield db
            finally:
                db.close()

    # -- records -------------------------------------------------------------------------

    @staticmethod
    def table(db: TinyDB, name: str) -> Table:
        return db.table(name, cache_size=0)

    def read_table(self, partition: str, table: str) -> list[dict[str, Any]]:
        """The records of ``table`` that readers can use; the others stay in the file."""
        key, data = self._read_keyed(partition)
        if not data:
            return []
        rows = data.get(table, {})
        if not isinstance(rows, dict):
            return []
        known = self._unreadable.get(partition)
        if known is None or known.key != key:  # another thread read another version
            return [dict(doc) for doc in rows.values() if readable_problem(table, doc) is None]
        bad = known.ids.get(table, frozenset())
        return [dict(doc) for doc_id, doc in rows.items() if doc_id not in bad]

    def records_by_id(self, partition: str, table: str) -> dict[str, dict[str, Any]]:
        """Every document of ``table`` with an id, readable or not, by its id (an import
        must not add a second record under an id that is already in any file)."""
        _, data = self._read_keyed(partition)
        rows = (data or {}).get(table, {})
        if not isinstance(rows, dict):
            return {}
        return {str(doc["id"]): dict(doc) for doc in rows.values()
                if isinstance(doc, dict) and doc.get("id") is not None}  # fmt: skip

    def insert(self, partition: str, table: str, record: dict[str, Any]) -> None:
        with self.writing(partition) as db:
            self.table(db, table).insert(record)

    def remove_by_id(self, partition: str, table: str, record_id: str) -> int:
        from tinydb import Query

        with self.writing(partition) as db:
            return len(self.table(db, table).remove(Query().id == record_id))

    def update_by_id(
        self, partition: str, table: str, record_id: str, fields: dict[str, Any]
    ) -> int:
        from tinydb import Query

        with self.writing(partition) as db:
            return len(self.table(db, table).update(fields, Query().id == record_id))

    def replace_by_id(
        self, partition: str, table: str, record_id: str, record: dict[str, Any]
    ) -> int:
        """Replace a whole record in one write (keys the new one lacks are gone)."""
        from tinydb import Query

        def replace(document: MutableMapping[Any, Any]) -> None:
            document.clear()
            document.update(record)

        with self.writing(partition) as db:
            return len(self.table(db, table).update(replace, Query().id == record_id))

    def modified_stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Cheap fingerprint of the data files, for noticing writes by other processes."""
        if not self.data_dir.is_dir():
            return ()
        stamp = []
        for path in sorted(self.data_dir.glob("*.json")):
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            stamp.append((path.name, st.st_mtime_ns, st.st_size))
        return tuple(stamp)
