"""Export everything a person made as one JSON document, and import it back.

The document holds the records (merged by id on import), ``config.toml``'s text (restored
only where there is none) and the files in ``routines/`` (added where absent; a different
file of the same name is kept and reported). Import validates all of it before it changes
anything, and says what it did with each part (interfaces v2, "Command line").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from toecoach.domain.intake import ENTRY_CAP, NUTRIENTS
from toecoach.domain.times import local_day
from toecoach.storage.repositories import MONTH_TABLES
from toecoach.storage.store import MAIN_PARTITION, SCHEMA_VERSION, Store, month_partition

FORMAT = "toecoach-export"
FORMAT_VERSION = 1
MAIN_TABLES = ("triage", "plans", "rest_days", "consents")
TABLES = (*MONTH_TABLES, *MAIN_TABLES)


class ImportProblem(ValueError):
    pass


MAX_ROUTINE_FILE_BYTES = 1_000_000
MAX_ROUTINE_FILES = 500


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
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_ROUTINE_FILE_BYTES:
                continue
            files[relative.as_posix()] = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
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
    settings = config_file.read_text("utf-8") if config_file.exists() else None
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "schema": SCHEMA_VERSION,
        "exported_at": now.isoformat(timespec="seconds"),
        "settings_toml": settings,
        "routines": routine_files(routines_dir) if routines_dir is not None else {},
        "records": records,
    }


def _check_record(table: str, index: int, row: Any) -> None:
    where = f"records.{table}[{index}]"
    if not isinstance(row, dict):
        raise ImportProblem(f"{where} is not an object")
    if not isinstance(row.get("id"), str) or not row["id"].strip() or len(row["id"]) > 64:
        raise ImportProblem(f"{where}.id must be a non-empty id string")
    at = row.get("at")
    try:
        if not isinstance(at, str) or datetime.fromisoformat(at).tzinfo is None:
            raise ValueError
    except ValueError:
        raise ImportProblem(f"{where}.at must be an ISO 8601 time with its UTC offset") from None
    if not isinstance(row.get("kind"), str):
        raise ImportProblem(f"{where}.kind must be text")
    if table == "intake":
        nutrients = row.get("nutrients")
        if not isinstance(nutrients, dict):
            raise ImportProblem(f"{where}.nutrients must be an object")
        for key, value in nutrients.items():
            ok = (key in NUTRIENTS and isinstance(value, int | float) and not isinstance(value, bool)
                  and math.isfinite(value) and 0 <= value <= ENTRY_CAP[key] * 20)  # fmt: skip
            if not ok:
                raise ImportProblem(
                    f"{where}.nutrients.{key} is {value!r}; not an amount toecoach records"
                )
    if table == "runs" and row.get("kind") == "rescue":
        seconds = row.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= 86400:
            raise ImportProblem(f"{where}.seconds must be a whole number of seconds")
    elif table == "runs" and not isinstance(row.get("finished"), bool):
        raise ImportProblem(f"{where}.finished must be true or false")
    if table == "episodes" and "severity" in row:
        severity = row["severity"]
        if isinstance(severity, bool) or not isinstance(severity, int) or not 0 <= severity <= 10:
            raise ImportProblem(f"{where}.severity must be a whole number from 0 to 10")
    if table == "rest_days":
        try:
            date.fromisoformat(str(row.get("date")))
        except ValueError:
            raise ImportProblem(f"{where}.date must be YYYY-MM-DD") from None
    if table == "triage" and not isinstance(row.get("result"), dict):
        raise ImportProblem(f"{where}.result must be an object")


def validate_document(document: Any) -> dict[str, list[dict[str, Any]]]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportProblem(f'not a toecoach export (expected "format": "{FORMAT}")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise ImportProblem(
            f"export version {version!r}; this toecoach reads up to {FORMAT_VERSION}"
        )
    records = document.get("records")
    if not isinstance(records, dict):
        raise ImportProblem('"records" must be an object of tables')
    for table, rows in records.items():
        if table not in TABLES:
            raise ImportProblem(
                f"records.{table} is not a toecoach table; known: {', '.join(TABLES)}"
            )
        if not isinstance(rows, list):
            raise ImportProblem(f"records.{table} must be a list")
        for index, row in enumerate(rows):
            _check_record(table, index, row)
    settings = document.get("settings_toml")
    if settings is not None and not isinstance(settings, str):
        raise ImportProblem('"settings_toml" must be text or null')
    _check_routines(document.get("routines", {}))
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
            and "\\" not in name
            and "\x00" not in name
            and 0 < len(parts) <= 3
            and all(part and not part.startswith(".") for part in parts)
        )
        if not safe:
            raise ImportProblem(f"routines.{name!r} is not a plain file name inside routines/")
        if not isinstance(text, str) or len(text.encode("utf-8")) > MAX_ROUTINE_FILE_BYTES:
            raise ImportProblem(f"routines.{name} must be text of at most 1 MB")


@dataclass
class ImportResult:
    """What an import did with each part."""

    added: int = 0
    skipped: int = 0
    settings: str = "none"  # "none" (not in the export), "restored", "same", "kept"
    routines_added: list[str] = field(default_factory=list)
    routines_same: list[str] = field(default_factory=list)
    routines_kept: list[str] = field(default_factory=list)  # a different file of that name

    def lines(self) -> list[str]:
        out = [f"imported {self.added} records ({self.skipped} already here)"]
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
    store: Store, config_file: Path, document: Any, routines_dir: Path | None = None
) -> ImportResult:
    """Validate everything first (nothing changes on any problem), then merge records by
    id, restore config.toml where there is none, and add absent routine files."""
    from toecoach.config import ConfigError, parse_settings

    records = validate_document(document)
    result = ImportResult()
    settings_text = document.get("settings_toml")
    restore_settings = settings_text is not None and not config_file.exists()
    if restore_settings:
        try:
            parse_settings(settings_text, config_file)
        except ConfigError as error:
            raise ImportProblem(f"its settings are invalid: {error}") from None
        result.settings = "restored"
    elif settings_text is not None:
        try:
            same = config_file.read_text("utf-8") == settings_text
        except (OSError, UnicodeDecodeError):
            same = False
        result.settings = "same" if same else "kept"
    routines: dict[str, str] = document.get("routines") or {}
    to_write: dict[Path, str] = {}
    if routines and routines_dir is not None:
        for name, text in sorted(routines.items()):
            target = routines_dir.joinpath(*name.split("/"))
            if target.exists() or target.is_symlink():
                try:
                    mine = target.read_text("utf-8")
                except (OSError, UnicodeDecodeError):
                    mine = None
                (result.routines_same if mine == text else result.routines_kept).append(name)
            else:
                to_write[target] = text
                result.routines_added.append(name)
    by_partition: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for table, rows in records.items():
        for row in rows:
            partition = (
                month_partition(local_day(row["at"])) if table in MONTH_TABLES else MAIN_PARTITION
            )
            by_partition.setdefault(partition, {}).setdefault(table, []).append(row)
    with store.locked():
        for partition, tables in sorted(by_partition.items()):
            with store.writing(partition) as db:
                for table, rows in tables.items():
                    target_table = store.table(db, table)
                    present = {str(doc.get("id")) for doc in target_table.all()}
                    fresh = []
                    for row in rows:
                        if row["id"] in present:
                            result.skipped += 1
                            continue
                        present.add(row["id"])
                        fresh.append(row)
                    target_table.insert_multiple(fresh)
                    result.added += len(fresh)
        from toecoach.paths import ensure_private_dir
        from toecoach.storage.atomic import atomic_write_bytes

        if restore_settings:
            ensure_private_dir(config_file.parent)
            atomic_write_bytes(config_file, settings_text.encode("utf-8"))
        for target, text in to_write.items():
            ensure_private_dir(target.parent)
            atomic_write_bytes(target, text.encode("utf-8"))
    return result
