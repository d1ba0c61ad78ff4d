"""Where toecoach keeps its settings, routines and data.

With ``TOECOACH_HOME=DIR`` everything lives under DIR (``config.toml``, ``routines/``,
``data/``); otherwise the platform's user config and data directories are used. Missing
directories are created 0700; directories the user made are never re-moded.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "toecoach"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def routines_dir(self) -> Path:
        return self.config_dir / "routines"

    @property
    def backups_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def lock_file(self) -> Path:
        return self.data_dir / ".toecoach.lock"


MAX_LOCK_TIMEOUT = 3600.0


class EnvironmentProblem(ValueError):
    """An environment variable toecoach reads has a value it cannot use (exit status 2)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


def check_time_zone() -> None:
    """``TZ``: every time toecoach stores carries the local UTC offset, so a zone the C
    library reads as an offset of a day or more (``TZ=UTC+99``) cannot be used."""
    from datetime import datetime

    try:
        datetime.now().astimezone()
    except (ValueError, OverflowError):
        raise EnvironmentProblem(
            "TZ",
            f"{os.environ.get('TZ', '')!r} gives a UTC offset of a day or more; expected a "
            "zone such as Europe/London or UTC, or TZ unset",
        ) from None


def lock_timeout_from_env(default: float) -> float:
    """``TOECOACH_LOCK_TIMEOUT``: seconds to wait for another toecoach, 0 to 3600."""
    raw = os.environ.get("TOECOACH_LOCK_TIMEOUT")
    if raw is None or not raw.strip():
        return default
    accepted = f"expected a number of seconds from 0 to {MAX_LOCK_TIMEOUT:g}"
    try:
        value = float(raw) if len(raw) <= 32 else float("nan")
    except ValueError:
        value = float("nan")
    if not 0 <= value <= MAX_LOCK_TIMEOUT:  # also refuses nan
        raise EnvironmentProblem(
            "TOECOACH_LOCK_TIMEOUT", f"{raw[:40]!r} is not accepted; {accepted}"
        )
    return value


def resolve_paths() -> Paths:
    home = os.environ.get("TOECOACH_HOME")
    if home:
        try:
            root = Path(home).expanduser()
        except RuntimeError:  # ~user that does not exist, or no home directory to expand
            raise EnvironmentProblem(
                "TOECOACH_HOME",
                f"{home[:200]!r} starts with ~ but that home directory is unknown; "
                "give an absolute path",
            ) from None
        return Paths(config_dir=root, data_dir=root / "data")
    import platformdirs  # only needed without TOECOACH_HOME

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "data",
    )


def ensure_private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) with mode 0700; leave existing ones alone."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        try:
            directory.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue
        # mkdir's mode is filtered by the umask; set it exactly for directories we made.
        os.chmod(directory, PRIVATE_DIR_MODE)
    return path
