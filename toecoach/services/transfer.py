"""Export everything a person made as one JSON document, and import it back.

The document holds the records (merged by id on import), ``config.toml``'s text (restored
only where there is none) and the files in ``routines/`` (added where absent; a different
file of the same name is kept and reported). Import validates all of it before it changes
anything, and says what it did with each part (interfaces v2, "Command line").
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from toecoach.domain import kinds
from toecoach.domain.text import has_surrogates, plural
from toecoach.files import MAX_CONFIG_BYTES, read_regular
from toecoach.storage.repositories import partition_for
from toecoach.storage.store import MAIN_PARTITION, SCHEMA_VERSION, Store, StoreError

FORMAT = "toecoach-export"
FORMAT_VERSION = 1
# What is exported and imported: every table of the record registry, in its partition.
MONTH_TABLES, MAIN_TABLES, TABLES = kinds.MONTH_TABLES, kinds.MAIN_TABLES, kinds.TABLES


class ImportProblem(ValueError):
    pass


MAX_ROUTINE_FILE_BYTES = 1_000_000
MAX_ROUTINE_FILES = 500


def _read_text(path: Path, limit: int) -> str | None:
    """A regular UTF-8 file's text, or None (absent, not a regular file, too large...):
    a FIFO where a routine file or config.toml should be must not block an import."""
    try:
        return read_regular(path, limit).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def routine_files(routines_dir: Path) -> dict[str, str]:
    """The person's files under ``routines/`` (relative POSIX path -> text): regular UTF-8
    files, hidden files and links left out."""
    files: dict[str, str] = {}
    if not routines_dir.is_dir():
        return files
    for path in sorted(routines_dir.rglob("*")):
        relative = path.relative_to(routines_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_symlink() or not path.is_file():
            continue
        text = _read_text(path, MAX_ROUTINE_FILE_BYTES)
        if text is not None:
            files[relative.as_posix()] = text
    return files


def export_document(
    store: Store, config_file: Path, now: datetime, routines_dir: Path | None = None
) -> dict[str, Any]:
    records: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
    for partition in store.partitions():
        for table in MONTH_TABLES:
            records[table] += store.read_table(partition, table)
    for table in MAIN_TABLES:
        records[table] += store.read_table(MAIN_PARTITION, table)
    for rows in records.values():
        rows.sort(key=lambda r: (str(r.get("at", "")), str(r.get("id", ""))))
    settings = None
    if os.path.lexists(config_file):
        settings = _read_text(config_file, MAX_CONFIG_BYTES)
        if settings is None:
            store.notice(
                f"toecoach: {config_file} was left out of the export: it is not a readable "
                "UTF-8 file of at most 1 MB"
            )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "settings_toml": settings,
        "routines": routine_files(routines_dir) if routines_dir is not None else {},
        "records": records,
    }


MAX_PROBLEMS = 20  # named in the message; the count says how many there were in all
MAX_RECORDS = 2_000_000


class ImportProblems(ImportProblem):
    """The document may not be imported; ``problems`` names each reason (all of them)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "; ".join(problems[:MAX_PROBLEMS])
        more = f" (and {len(problems) - MAX_PROBLEMS} more)" if len(problems) > MAX_PROBLEMS else ""
        super().__init__(f"{len(problems)} problem(s): {shown}{more}")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def read_export(path: Path) -> Any:
    """The JSON document in ``path`` (a regular file within the size bound), or
    ``ImportProblem`` saying why it cannot be read."""
    from toecoach.files import MAX_IMPORT_BYTES, read_regular

    try:
        raw = read_regular(path, MAX_IMPORT_BYTES)
    except OSError as error:
        raise ImportProblem(f"cannot read it: {error.strerror or error}") from None
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise ImportProblem("it is not UTF-8 text") from None
    except RecursionError:
        raise ImportProblem("it is nested too deeply to be a toecoach export") from None
    except ValueError as error:
        raise ImportProblem(f"it is not JSON ({str(error)[:120]})") from None


def validate_document(document: Any, now: datetime) -> dict[str, list[dict[str, Any]]]:
    """Every record checked against its kind's schema and the command line's bounds; raises
    ``ImportProblems`` naming every problem (nothing is written on any)."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem(f'not a toecoach export (expected "format": "{FORMAT}")')
    version = document.get("version")
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or not 1 <= version <= FORMAT_VERSION
    ):
        raise ImportProblem(
            f"export version {str(version)[:20]!r}; this toecoach reads versions 1 to {FORMAT_VERSION}"
        )
    records = document.get("records")
    if not isinstance(records, dict):
        raise ImportProblem('"records" must be an object of tables')
    problems: list[str] = []
    settings = document.get("settings_toml")
    if settings is not None and not isinstance(settings, str):
        problems.append('"settings_toml" must be text or null')
    elif isinstance(settings, str) and has_surrogates(settings):
        problems.append('"settings_toml" is not valid UTF-8 text')
    try:
        _check_routines(document.get("routines", {}))
    except ImportProblem as problem:
        problems.append(str(problem))
    total = 0
    for table, rows in records.items():
        if table not in TABLES:
            problems.append(
                f"records.{str(table)[:40]} is not a toecoach table; known: {', '.join(TABLES)}"
            )
            continue
        if not isinstance(rows, list):
            problems.append(f"records.{table} must be a list")
            continue
        total += len(rows)
        seen: dict[str, tuple[int, Any]] = {}
        for index, row in enumerate(rows):
            where = f"records.{table}[{index}]"
            found = kinds.import_problems(table, row, now)
            problems += [f"{where}.{problem}" if not problem.startswith("is ") else
                         f"{where} {problem}" for problem in found]  # fmt: skip
            if found:
                continue
            earlier = seen.get(row["id"])
            if earlier is not None and earlier[1] != row:
                problems.append(
                    f"{where}.id is also records.{table}[{earlier[0]}]'s, with other content"
                )
            seen.setdefault(row["id"], (index, row))
            if len(problems) > 10 * MAX_PROBLEMS:
                break
    if total > MAX_RECORDS:
        problems.append(f"it holds {total} records; at most {MAX_RECORDS} can be imported")
    if problems:
        raise ImportProblems(problems)
    return records


def _check_routines(routines: Any) -> None:
    if not isinstance(routines, dict):
        raise ImportProblem('"routines" must be an object of file names and their text')
    if len(routines) > MAX_ROUTINE_FILES:
        raise ImportProblem(f'"routines" has {len(routines)} files; {MAX_ROUTINE_FILES} at most')
    for name, text in routines.items():
        parts = name.split("/") if isinstance(name, str) else []
        safe = (
            0 < len(name) <= 255
            and not has_surrogates(name)
            and "\\" not in name
            and "\x00" not in name
            and 0 < len(parts) <= 3
            and all(part and not part.startswith(".") for part in parts)
        )
        if not safe:
            raise ImportProblem(f"routines.{name!r} is not a plain file name inside routines/")
        # Lone surrogates (JSON can spell them) cannot be encoded, let alone written.
        if (
            not isinstance(text, str)
            or has_surrogates(text)
            or len(text.encode("utf-8")) > MAX_ROUTINE_FILE_BYTES
        ):
            raise ImportProblem(f"routines.{name} must be UTF-8 text of at most 1 MB")


@dataclass
class ImportResult:
    """What an import did with each part."""

    added: int = 0
    skipped: int = 0
    kept: int = 0  # a different record here has the same id: the one here is kept
    settings: str = "none"  # "none" (not in the export), "restored", "same", "kept"
    routines_added: list[str] = field(default_factory=list)
    routines_same: list[str] = field(default_factory=list)
    routines_kept: list[str] = field(default_factory=list)  # a different file of that name

    def lines(self) -> list[str]:
        out = [f"imported {plural(self.added, 'record')} ({self.skipped} already here)"]
        if self.kept:
            out.append(f"{self.kept} not imported: a different record here has the same id "
                       "(the one here is kept)")  # fmt: skip
        out.append({
            "none": "settings: none in the export; config.toml unchanged",
            "restored": "settings: restored config.toml from the export",
            "same": "settings: config.toml is already the same",
            "kept": "settings: kept your config.toml (the export's settings were not applied)",
        }[self.settings])  # fmt: skip
        if not (self.routines_added or self.routines_same or self.routines_kept):
            out.append("routines: none in the export")
        for name in self.routines_added:
            out.append(f"routines: added {name}")
        if self.routines_same:
            out.append(f"routines: already here: {', '.join(self.routines_same)}")
        for name in self.routines_kept:
            out.append(f"routines: kept your own {name}; the export's differs (not imported)")
        return out


def import_document(
    store: Store,
    config_file: Path,
    document: Any,
    now: datetime,
    routines_dir: Path | None = None,
) -> ImportResult:
    """Validate everything first (nothing changes on any problem; every file the import
    touches is checked before the first is written), then merge records by id (a record whose
    id is here with other content is kept as it is here), restore config.toml where there is
    none, and add absent routine files."""
    from toecoach.config import ConfigError, parse_settings

    records = validate_document(document, now)
    result = ImportResult()
    settings_text = document.get("settings_toml")
    restore_settings = settings_text is not None and not os.path.lexists(config_file)
    if restore_settings:
        try:
            parse_settings(settings_text, config_file)
        except ConfigError as error:
            raise ImportProblem(f"its settings are invalid: {error}") from None
        result.settings = "restored"
    elif settings_text is not None:
        same = _read_text(config_file, MAX_CONFIG_BYTES) == settings_text
        result.settings = "same" if same else "kept"
    routines: dict[str, str] = document.get("routines") or {}
    to_write: dict[Path, str] = {}
    if routines and routines_dir is not None:
        for name, text in sorted(routines.items()):
            target = routines_dir.joinpath(*name.split("/"))
            if os.path.lexists(target):
                mine = _read_text(target, MAX_ROUTINE_FILE_BYTES)
                (result.routines_same if mine == text else result.routines_kept).append(name)
            else:
                to_write[target] = text
                result.routines_added.append(name)
    by_partition: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, rows in records.items():
        for row in rows:
            partition = partition_for(table, row)
            by_partition.setdefault(partition, {}).setdefault(table, []).append(row)
    with store.locked():
        store.prepare(sorted(by_partition))
        # One id is one record, whichever file it is in: a record whose time moved it to
        # another month (edited in an export, or imported in another time zone) is the same
        # record, not a new one. (The document's own ids are unique: validate_document.)
        tables_in = {table for tables in by_partition.values() for table in tables}
        elsewhere: dict[str, dict[str, dict[str, Any]]] = {table: {} for table in tables_in}
        for partition in [*store.partitions(), MAIN_PARTITION]:
            for table in tables_in:
                elsewhere[table].update(store.records_by_id(partition, table))
        written = 0
        try:
            for partition, tables in sorted(by_partition.items()):
                with store.writing(partition) as db:
                    for table, rows in tables.items():
                        target_table = store.table(db, table)
                        present = {str(doc.get("id")): dict(doc) for doc in target_table.all()}
                        present = {**elsewhere[table], **present}
                        fresh = []
                        for row in rows:
                            here = present.get(row["id"])
                            if here is None:
                                present[row["id"]] = row
                                fresh.append(row)
                            elif here == row:
                                result.skipped += 1
                            else:
                                result.kept += 1
                        target_table.insert_multiple(fresh)
                        result.added += len(fresh)
                written += 1
        except OSError as error:
            raise StoreError(
                f"could not write {store.path_of(partition).name} ({error.strerror or error}) "
                f"after {written} of {len(by_partition)} files; records merge by id, so "
                "importing the same file again finishes the job"
            ) from None
        except KeyboardInterrupt:
            # Ctrl-C between two files (each file is replaced whole): say how far it got.
            raise StoreError(
                f"stopped after {written} of {len(by_partition)} files ({result.added} records "
                "imported); records merge by id, so importing the same file again finishes "
                "the job"
            ) from None
        from toecoach.paths import ensure_private_dir
        from toecoach.storage.atomic import atomic_write_bytes

        if restore_settings:
            ensure_private_dir(config_file.parent)
            atomic_write_bytes(config_file, settings_text.encode("utf-8"))
        for target, text in to_write.items():
            ensure_private_dir(target.parent)
            atomic_write_bytes(target, text.encode("utf-8"))
    return result
