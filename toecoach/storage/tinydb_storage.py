"""TinyDB's storage for toecoach's data files: ``AtomicJSONStorage`` (see storage.atomic for
why and how writes are crash-safe). Apart from storage.atomic so that reading, which needs no
TinyDB, does not import it."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from toecoach.storage.atomic import (
    FILE_MODE,
    read_json_document,
    sweep_stale_temp_files,
    write_json_document,
)


class AtomicJSONStorage(Storage):
    """TinyDB storage with crash-safe writes (temp file, fsync, rename, directory fsync)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.encoding = encoding or "utf-8"
        self.kwargs = kwargs
        if access_mode not in ("r", "rb", "r+", "rb+"):
            raise ValueError(f"access_mode must be 'r' or 'r+', not {access_mode!r}")
        self._writable = "+" in access_mode
        if self._writable:
            if create_dirs:
                from toecoach.paths import ensure_private_dir

                ensure_private_dir(self.path.parent)  # 0700, as every directory toecoach makes
            sweep_stale_temp_files(self.path)
            if not os.path.lexists(self.path):
                # Same contract as JSONStorage: the file exists once the storage is open.
                # O_EXCL|O_NOFOLLOW: never create a file where a (dangling) link points;
                # writes rename over the link itself, so a link is never followed to write.
                flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
                with contextlib.suppress(FileExistsError):
                    os.close(os.open(self.path, flags, FILE_MODE))
        elif not self.path.exists():
            raise FileNotFoundError(self.path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        return read_json_document(self.path, self.encoding)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._writable:
            raise OSError(f'Cannot write to the database. Access mode is "r": {self.path}')
        write_json_document(self.path, data, self.encoding, **self.kwargs)

    def close(self) -> None:
        # Nothing stays open between calls.
        return None
