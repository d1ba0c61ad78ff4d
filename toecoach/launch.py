"""The ``toecoach`` console script's entry point.

``toecoach`` with no arguments opens the desk app, and that start is what a person waits for
all day: it goes straight to the TUI without importing the command-line parser (click costs
about as much as a fifth of a bare Textual start). Anything else, ``--help`` included, goes
to the command line (``toecoach.cli``), which reports a bad environment as a usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn


def open_app(config_file: Path) -> int:
    """Open the TUI with the settings in ``config_file``; its exit status. A broken config
    keeps the app usable: defaults apply and the app says what to fix."""
    from toecoach.config import ConfigError, Settings, load_settings
    from toecoach.ui.app import run_app

    try:
        settings = load_settings(config_file)
        problem = None
    except ConfigError as error:
        settings, problem = Settings(exists=True), f"{error} (defaults in use until fixed)"
    return run_app(settings, problem)


def main() -> None:
    import os

    # Shell completion runs ``toecoach`` without arguments too, with this variable set: it
    # is click's to answer.
    if len(sys.argv) == 1 and "_TOECOACH_COMPLETE" not in os.environ:
        from toecoach.paths import (
            EnvironmentProblem,
            check_time_zone,
            lock_timeout_from_env,
            resolve_paths,
        )

        try:
            paths = resolve_paths()
            lock_timeout_from_env(0)
            check_time_zone()
        except EnvironmentProblem:
            pass  # the command line below names the variable and exits 2
        except KeyboardInterrupt:
            _stopped()
        else:
            try:
                status = open_app(paths.config_file)
            except KeyboardInterrupt:  # Ctrl+C before Textual has the terminal
                _stopped()
            sys.exit(status)
    from toecoach.cli import main as command_line

    command_line()


def _stopped() -> NoReturn:
    # As the command line says it (cli.LazyGroup): one line, exit 1, no traceback.
    print("toecoach: stopped", file=sys.stderr)
    sys.exit(1)
