"""What every command shares: exit codes and messages, the lazily built context (settings
and the application facade), JSON output, and text made safe for a terminal."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    from toecoach.config import Settings
    from toecoach.services.coach import Coach


MESSAGE_MAX = 600  # characters of one error line


def one_line(message: str) -> str:
    """A message for stderr: one line, no control characters, long quoted values cut."""
    from toecoach.domain.text import SHOWN_MAX, for_terminal, shorten

    text = for_terminal(message)
    text = re.sub(
        rf"(['\"])([^'\"]{{{SHOWN_MAX},}})\1",
        lambda m: m.group(1) + shorten(m.group(2)) + m.group(1),
        text,
    )
    return shorten(text, MESSAGE_MAX)


def usage_error(argument: str, message: str) -> NoReturn:
    """Exit 2 with a short message naming the argument and what is accepted."""
    click.echo(one_line(f"toecoach: error: {argument}: {message}"), err=True)
    sys.exit(2)


def failure(message: str) -> NoReturn:
    """Exit 1: could not do it (lock timeout, disk, newer database)."""
    click.echo(one_line(f"toecoach: {message}"), err=True)
    sys.exit(1)


def check_environment() -> None:
    """Exit 2 if TOECOACH_HOME or TOECOACH_LOCK_TIMEOUT cannot be used."""
    from toecoach.paths import (
        EnvironmentProblem,
        check_time_zone,
        lock_timeout_from_env,
        resolve_paths,
    )

    try:
        resolve_paths()
        lock_timeout_from_env(0)
        check_time_zone()
    except EnvironmentProblem as problem:
        usage_error(problem.name, problem.message)


def now() -> datetime:
    return datetime.now().astimezone()


class Context:
    """Settings and the application facade, loaded once per command, only when needed."""

    def __init__(self) -> None:
        self._settings: Settings | None = None
        self._coach: Coach | None = None

    @property
    def paths(self) -> Any:
        from toecoach.paths import resolve_paths

        return resolve_paths()

    def use_default_settings(self) -> None:
        """For commands that must work whatever config.toml holds (doctor): defaults."""
        from toecoach.config import Settings

        self._settings = Settings(exists=True)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from toecoach.config import ConfigError, load_settings

            try:
                self._settings = load_settings(self.paths.config_file)
            except ConfigError as error:
                click.echo(f"toecoach: error: {error}", err=True)
                sys.exit(2)
        return self._settings

    @property
    def coach(self) -> Coach:
        """Every command reaches the data through this facade (never ``toecoach.storage``)."""
        if self._coach is None:
            from toecoach.services.coach import Coach

            self._coach = Coach(
                self.settings,
                paths=self.paths,
                clock=now,
                notify=lambda message: click.echo(safe(message), err=True),
            )
        return self._coach


pass_context = click.make_pass_decorator(Context, ensure=True)


class FiniteRange(click.FloatRange):
    """``click.FloatRange`` that also refuses nan and infinity (nan passes every
    comparison click makes)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        import math

        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{str(value)[:40]!r} is not a finite number", param, ctx)
        return number


def run_guarded(action: Callable[[], Any]) -> Any:
    """Turn domain input errors into exit 2 and storage failures into exit 1."""
    from toecoach.domain.errors import InputError
    from toecoach.paths import EnvironmentProblem
    from toecoach.services.coach import StoreError

    try:
        return action()
    except InputError as error:
        usage_error(error.field, error.message)
    except EnvironmentProblem as problem:
        usage_error(problem.name, problem.message)
    except StoreError as error:
        failure(str(error))
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        failure(f"could not read or write the data{where}: {error.strerror or error}")


def output_path(value: str, option: str = "-o") -> Any:
    """The file a command is asked to write (export, report): exit 2 unless it names a file
    that can be created or replaced, in a folder that exists. A symbolic link there is
    replaced, never followed."""
    import os
    import stat
    from pathlib import Path

    if not value.strip():
        usage_error(option, "is empty; give a file name")
    if "\x00" in value:
        usage_error(option, "contains a NUL character; give a file name")
    target = Path(value)
    if value.endswith(("/", os.sep)) or target.name in ("", ".", ".."):
        usage_error(option, f"{value!r} names a folder; give a file name")
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        st = None
    except OSError as error:
        usage_error(option, f"{value!r} cannot be used: {error.strerror or error}")
    if st is not None and stat.S_ISDIR(st.st_mode):
        usage_error(option, f"{value!r} is a folder; give a file name")
    if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
        usage_error(option, f"{value!r} is not a regular file; give a new file name")
    if not target.parent.is_dir():
        usage_error(option, f"{value!r}: the folder {str(target.parent)!r} does not exist")
    return target


def say_when(at_text: str | None) -> None:
    """After a check-in logged with ``--at``: say which occurrence an ambiguous local time
    (the autumn hour that happens twice) was taken to be."""
    from toecoach.domain.times import when_note

    note = when_note(at_text, now())
    if note:
        click.echo(safe(note))


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def safe(text: object) -> str:
    """Text from a person or a file, for the terminal: one line, no control characters."""
    from toecoach.domain.text import for_terminal

    return for_terminal(text)


AT_HELP = "when it happened: ISO 8601 (local time if no offset) or HH:MM today"


def common_log_options(function: Callable[..., Any]) -> Callable[..., Any]:
    function = click.option("--note", default=None, help="free text, up to 500 characters")(
        function
    )
    function = click.option("--at", "at_text", default=None, metavar="WHEN", help=AT_HELP)(function)
    return function
