"""Storage layer: crash-safe TinyDB files, the write lock, schema versions, repositories."""

from toecoach.storage.atomic import AtomicJSONStorage, CorruptFileError
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
