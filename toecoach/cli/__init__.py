"""The ``toecoach`` command.

Commands that only log or print must stay fast: this package imports click and nothing
heavy at the top, and each command group lives in its own module, imported only when that
command runs (``LazyGroup``); textual and apscheduler are imported only inside the code paths
that open the TUI or run the reminder scheduler.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

from toecoach import __version__
from toecoach.cli.common import Context, check_environment

# Command name -> "module:attribute" (modules under toecoach.cli).
COMMANDS: dict[str, str] = {
    "log": "log:log",
    "undo": "log:undo",
    "today": "log:today",
    "foods": "log:foods",
    "triage": "triage:triage",
    "routines": "routines:routines",
    "remind": "remind:remind",
    "history": "history:history_command",
    "rest": "history:rest",
    "export": "history:export_command",
    "import": "history:import_command",
    "report": "history:report",
    "episode": "episodes:episode",
    "insights": "episodes:insights",
    "doctor": "doctor:doctor",
    "autostart": "autostart:autostart",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use (click's documented pattern).

    Usage errors are one line on stderr (exit 2), like every other refusal: click's own
    three-line form (usage, hint, error) is replaced by the error and where to find help.
    """

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        run: Any = super().main
        if not standalone_mode:
            return run(*args, standalone_mode=False, **kwargs)
        import sys

        from toecoach.cli.common import one_line

        try:
            result = run(*args, standalone_mode=False, **kwargs)
        except click.UsageError as error:
            where = f" (see {error.ctx.command_path} --help)" if error.ctx is not None else ""
            click.echo(one_line(f"toecoach: error: {error.format_message()}{where}"), err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(one_line(f"toecoach: error: {error.format_message()}"), err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("toecoach: stopped", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        module = importlib.import_module(f"toecoach.cli.{module_name}")
        command: Any = getattr(module, attribute)
        return command  # type: ignore[no-any-return]


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="toecoach")
@click.pass_context
def main(ctx: click.Context) -> None:
    """toecoach: a calm self-care coach for toe and foot spasms.

    Run without a command to open the desk app. Guidance, not medical advice.
    """
    ctx.ensure_object(Context)
    check_environment()
    if ctx.invoked_subcommand is None:
        from toecoach.launch import open_app

        status = open_app(ctx.obj.paths.config_file)
        if status:
            ctx.exit(status)
