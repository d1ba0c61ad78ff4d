"""Storage layer: crash-safe TinyDB files, the write lock, schema versions, repositories."""

from typing import TYPE_CHECKING, Any

from toecoach.storage.atomic import CorruptFileError
from toecoach.storage.store import (
    SCHEMA_VERSION,
    LockTimeoutError,
    ReadOnlyStoreError,
    Store,
    StoreError,
)

__all__ = [
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "CorruptFileError",
    "LockTimeoutError",
    "ReadOnlyStoreError",
    "Store",
    "StoreError",
]

if TYPE_CHECKING:
    from toecoach.storage.tinydb_storage import AtomicJSONStorage


def __getattr__(name: str) -> Any:
    # Imports TinyDB: only when asked for (writes), not with the package.
    if name == "AtomicJSONStorage":
        from toecoach.storage.tinydb_storage import AtomicJSONStorage

        return AtomicJSONStorage
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
