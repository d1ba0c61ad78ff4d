"""Export everything as one JSON document, and import it back (restore or merge by id)."""

from __future__ import annotations

import math
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


def export_document(store: Store, config_file: Path, now: datetime) -> dict[str, Any]:
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
    return records


def import_document(store: Store, config_file: Path, document: Any) -> tuple[int, int]:
    """Validate everything first (nothing changes on any problem), then merge by id."""
    from toecoach.config import ConfigError, parse_settings

    records = validate_document(document)
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
    added = skipped = 0
    with store.locked():
        for partition, tables in sorted(by_partition.items()):
            with store.writing(partition) as db:
                for table, rows in tables.items():
                    target = store.table(db, table)
                    present = {str(doc.get("id")) for doc in target.all()}
                    fresh = []
                    for row in rows:
                        if row["id"] in present:
                            skipped += 1
                            continue
                        present.add(row["id"])
                        fresh.append(row)
                    target.insert_multiple(fresh)
                    added += len(fresh)
        if restore_settings:
            from toecoach.paths import ensure_private_dir
            from toecoach.storage.atomic import atomic_write_bytes

            ensure_private_dir(config_file.parent)
            atomic_write_bytes(config_file, settings_text.encode("utf-8"))
    return added, skipped
