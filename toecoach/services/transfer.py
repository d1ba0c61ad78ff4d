"""Export everything as one JSON document, and import it back (restore or merge by id)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from toecoach.domain import schema
from toecoach.domain.text import has_surrogates
from toecoach.domain.times import local_day
from toecoach.storage.repositories import MONTH_TABLES
from toecoach.storage.store import (
    MAIN_PARTITION,
    SCHEMA_VERSION,
    Store,
    StoreError,
    month_partition,
)

FORMAT = "toecoach-export"
FORMAT_VERSION = 1
MAIN_TABLES = schema.MAIN_TABLES
TABLES = (*MONTH_TABLES, *MAIN_TABLES)


class ImportProblem(ValueError):
    pass


def export_document(store: Store, config_file: Path, now: datetime) -> dict[str, Any]:
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
        from toecoach.files import MAX_CONFIG_BYTES, read_regular

        try:
            settings = read_regular(config_file, MAX_CONFIG_BYTES).decode("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            store.notice(
                f"toecoach: {config_file} was left out of the export: "
                f"{getattr(error, 'strerror', None) or 'it is not UTF-8 text'}"
            )
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "settings_toml": settings,
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
            found = schema.import_problems(table, row, now)
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


def import_document(
    store: Store, config_file: Path, document: Any, now: datetime
) -> tuple[int, int, int]:
    """Validate everything first (nothing changes on any problem), then merge by id.

    Returns (added, already here, kept): a record whose id is here with other content is not
    imported (the one here is kept). Every file the import touches is checked (repaired,
    migrated, or refused as read-only) before the first is written.
    """
    from toecoach.config import ConfigError, parse_settings

    records = validate_document(document, now)
    settings_text = document.get("settings_toml")
    restore_settings = settings_text is not None and not config_file.exists()
    if restore_settings:
        try:
            parse_settings(settings_text, config_file)
        except ConfigError as error:
            raise ImportProblem(f"its settings are invalid: {error}") from None
    by_partition: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, rows in records.items():
        for row in rows:
            partition = (
                month_partition(local_day(row["at"])) if table in MONTH_TABLES else MAIN_PARTITION
            )
            by_partition.setdefault(partition, {}).setdefault(table, []).append(row)
    added = skipped = kept = 0
    with store.locked():
        store.prepare(sorted(by_partition))
        written = 0
        try:
            for partition, tables in sorted(by_partition.items()):
                with store.writing(partition) as db:
                    for table, rows in tables.items():
                        target = store.table(db, table)
                        present = {str(doc.get("id")): dict(doc) for doc in target.all()}
                        fresh = []
                        for row in rows:
                            here = present.get(row["id"])
                            if here is None:
                                present[row["id"]] = row
                                fresh.append(row)
                            elif here == row:
                                skipped += 1
                            else:
                                kept += 1
                        target.insert_multiple(fresh)
                        added += len(fresh)
                written += 1
        except OSError as error:
            raise StoreError(
                f"could not write {store.path_of(partition).name} ({error.strerror or error}) "
                f"after {written} of {len(by_partition)} files; records merge by id, so "
                "importing the same file again finishes the job"
            ) from None
        if restore_settings:
            from toecoach.paths import ensure_private_dir
            from toecoach.storage.atomic import atomic_write_bytes

            ensure_private_dir(config_file.parent)
            atomic_write_bytes(config_file, settings_text.encode("utf-8"))
    return added, skipped, kept
