"""Finding and reading the exercise library: shipped files, then the user's own.

Shipped files live in the wheel at ``toecoach/exercises`` (hatch force-include); in an
editable install they are only in the repository's top-level ``exercises/``. The package
location is tried first, then the source tree.
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

from toecoach.domain.routines import (
    ContentError,
    ContentFile,
    Library,
    build_library,
    parse_exercise,
    parse_routine,
)
from toecoach.files import MAX_CONTENT_FILE_BYTES, read_regular


def shipped_dir() -> Path | None:
    packaged = Path(str(resources.files("toecoach"))) / "exercises"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "exercises"
    return source_tree if source_tree.is_dir() else None


def _read(path: Path, *, routine: bool | None) -> ContentFile | ContentError:
    """A content file, or why it cannot be read: only regular files of a bounded size are
    read (a FIFO would block, /dev/zero never ends, a folder cannot be read)."""
    try:
        raw = read_regular(path, MAX_CONTENT_FILE_BYTES)
    except OSError as error:
        return ContentError(str(path), "", f"cannot be read: {error.strerror or error}")
    text = raw.decode("utf-8", errors="replace")
    if routine is None:
        # User files share one folder: a file with [[items]] is a routine.
        try:
            routine = "items" in tomllib.loads(text)
        except (tomllib.TOMLDecodeError, RecursionError):
            routine = False  # the parser names the problem when the file is loaded
    return ContentFile(label=str(path), stem=path.stem, text=text, is_routine=routine)


def content_files(
    directory: Path, *, routine: bool | None, errors: list[ContentError] | None = None
) -> list[ContentFile]:
    if not directory.is_dir():
        return []
    files = []
    for path in sorted(directory.glob("*.toml")):
        file = _read(path, routine=routine)
        if isinstance(file, ContentFile):
            files.append(file)
        elif errors is not None:
            errors.append(file)
    return files


def load_library(user_dir: Path | None = None) -> Library:
    shipped: list[ContentFile] = []
    base = shipped_dir()
    if base is not None:
        shipped = content_files(base, routine=False) + content_files(
            base / "routines", routine=True
        )
    user: list[ContentFile] = []
    unreadable: list[ContentError] = []
    if user_dir is not None:
        user = content_files(user_dir, routine=None, errors=unreadable) + content_files(
            user_dir / "routines", routine=True, errors=unreadable
        )
    library = build_library(shipped, user)
    library.errors[:0] = unreadable
    return library


def check_files(paths: list[Path], user_dir: Path | None = None) -> list[str]:
    """Validate files (exercises or routines) against the library; return error messages."""
    library = load_library(user_dir)
    errors: list[str] = []
    read = [_read(p, routine=None) for p in paths]
    extra = [f for f in read if isinstance(f, ContentFile)]
    errors += [str(f) for f in read if isinstance(f, ContentError)]
    exercises = dict(library.exercises)
    # Exercises first, so a routine checked alongside a new exercise can use it.
    for file in sorted(extra, key=lambda f: f.is_routine):
        try:
            if file.is_routine:
                parse_routine(file.text, file.label, exercises, file.stem)
            else:
                exercise = parse_exercise(file.text, file.label, file.stem)
                exercises[exercise.id] = exercise
        except ContentError as error:
            errors.append(str(error))
    return errors
